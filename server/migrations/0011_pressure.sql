-- The server under pressure: throttle events that can be given back, uploads that belong
-- to their uploader (with a write lease instead of a held lock), a quota, and a mail outbox.

-- An attempt that turned out not to count (a successful login) is deleted by its id; one
-- whose outcome is not known yet (a password being checked) is pending.
ALTER TABLE rate_events ADD COLUMN id BIGSERIAL PRIMARY KEY;
ALTER TABLE rate_events ADD COLUMN pending BOOLEAN NOT NULL DEFAULT FALSE;

-- One upload per (file, uploader): nobody can append to, reset or size someone else's.
-- Bytes received so far live in <blob dir>/partial/<sha256>.<uploader>; an upload row
-- from before this migration pointed at <sha256> alone, so those start again from 0.
ALTER TABLE uploads DROP CONSTRAINT uploads_pkey;
ALTER TABLE uploads ADD PRIMARY KEY (sha256, started_by);
-- Last activity (announce or chunk): abandoned uploads are removed after a while.
ALTER TABLE uploads ADD COLUMN touched_at TIMESTAMPTZ NOT NULL DEFAULT now();
-- Set while one request writes a chunk: a second concurrent writer is answered 409.
-- A lease, not a lock: it ends by itself if the writer's process dies.
ALTER TABLE uploads ADD COLUMN writer_until TIMESTAMPTZ;
CREATE INDEX uploads_touched ON uploads (touched_at);

-- Who stored a file first: what counts towards their storage quota.
ALTER TABLE blobs ADD COLUMN stored_by UUID REFERENCES users (id);
CREATE INDEX blobs_stored_by ON blobs (stored_by);

-- Mail waits here until the SMTP server takes it: retried with backoff, never lost, and
-- sent once (a message is claimed with a lease before it is sent).
CREATE TABLE mail_outbox (
    id           BIGSERIAL PRIMARY KEY,
    recipient    TEXT NOT NULL,
    subject      TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts     INT NOT NULL DEFAULT 0,
    next_try_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    claimed_until TIMESTAMPTZ,
    sent_at      TIMESTAMPTZ,
    last_error   TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_try_at) WHERE sent_at IS NULL;
