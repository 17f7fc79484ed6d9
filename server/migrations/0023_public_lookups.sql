-- The public lookups (Monitoring Izin by resi, the permit page /v/{id}) are answered from a
-- cache in each server instance (server/src/lookups.rs). Every write that changes what
-- they show announces the application on `eptsp_lookup` (`<id> <resi>`, or `*` for all),
-- delivered at commit to every instance, which forgets it. Triggers, so that no code path
-- can change an answer without saying so.

CREATE FUNCTION lookup_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'applications' THEN
        IF TG_OP = 'DELETE' THEN
            PERFORM pg_notify('eptsp_lookup', OLD.id || ' ' || OLD.resi);
        ELSE
            PERFORM pg_notify('eptsp_lookup', NEW.id || ' ' || NEW.resi);
        END IF;
    ELSIF TG_TABLE_NAME = 'tracking' OR TG_TABLE_NAME = 'permits' THEN
        PERFORM pg_notify('eptsp_lookup', a.id || ' ' || a.resi)
           FROM applications a
          WHERE a.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.application_id ELSE NEW.application_id END;
    ELSIF TG_TABLE_NAME = 'users' THEN
        -- The holder's name is shown (masked) by Monitoring Izin.
        PERFORM pg_notify('eptsp_lookup', a.id || ' ' || a.resi)
           FROM applications a WHERE a.user_id = NEW.id;
    ELSE
        -- A permit type renamed: rare, and shown by every lookup of its kind.
        PERFORM pg_notify('eptsp_lookup', '*');
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER applications_lookup AFTER INSERT OR UPDATE OR DELETE ON applications
    FOR EACH ROW EXECUTE FUNCTION lookup_changed();
CREATE TRIGGER tracking_lookup AFTER INSERT OR DELETE ON tracking
    FOR EACH ROW EXECUTE FUNCTION lookup_changed();
-- (Not its reminder's mark.)
CREATE TRIGGER permits_lookup
    AFTER INSERT OR UPDATE OF content, signature, valid_until, revoked_at OR DELETE ON permits
    FOR EACH ROW EXECUTE FUNCTION lookup_changed();
CREATE TRIGGER users_lookup AFTER UPDATE OF nama ON users
    FOR EACH ROW WHEN (OLD.nama IS DISTINCT FROM NEW.nama) EXECUTE FUNCTION lookup_changed();
CREATE TRIGGER permit_types_lookup AFTER UPDATE OF name ON permit_types
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION lookup_changed();
