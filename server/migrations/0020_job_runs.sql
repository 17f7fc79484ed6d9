-- Periodic jobs (expiry reminders, removal of abandoned uploads, pruning of throttle
-- events) run once per period across every instance on this database: an instance runs a
-- job only after claiming its period here, in one statement.
CREATE TABLE job_runs (
    job         TEXT PRIMARY KEY,
    -- When the last claimed run began; the next may begin one period later.
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    -- The instance that claimed it (its id is new at every start).
    instance    UUID NOT NULL,
    -- How many runs were claimed in all, for the scale test's "once per period".
    runs        BIGINT NOT NULL DEFAULT 1
);
