-- A throttle's decision in one round trip: under a transaction-scoped advisory lock on the
-- (scope, key) pair, count the window and, when there is room, record the new event. The
-- lock lasts until the calling statement's transaction ends, so N concurrent callers
-- against a limit of M still get exactly M places, whatever instance they come from.
-- Each statement inside takes a fresh snapshot (a VOLATILE function under READ COMMITTED),
-- so the count sees every event committed by the caller the lock was waiting for.
CREATE FUNCTION throttle_take(
    p_scope TEXT, p_key TEXT, p_max BIGINT, p_window_secs FLOAT8, p_pending BOOLEAN,
    p_pending_secs FLOAT8
) RETURNS TABLE (taken BIGINT, undecided BIGINT, wait_secs FLOAT8)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    n BIGINT;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(p_scope || chr(31) || p_key, 7272));
    SELECT count(*),
           count(*) FILTER (WHERE e.pending AND e.at > now() - make_interval(secs => p_pending_secs)),
           EXTRACT(EPOCH FROM (min(e.at) + make_interval(secs => p_window_secs) - now()))::float8
      INTO n, undecided, wait_secs
      FROM rate_events e
     WHERE e.scope = p_scope AND e.key = p_key
       AND e.at > now() - make_interval(secs => p_window_secs);
    IF n < p_max THEN
        INSERT INTO rate_events (scope, key, pending) VALUES (p_scope, p_key, p_pending)
        RETURNING id INTO taken;
    END IF;
    RETURN NEXT;
END
$$;
