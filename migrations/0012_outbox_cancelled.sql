-- "Batalkan pengiriman": an applicant may take back a draft sent with "Kirim" before the
-- office has received it. The row stays, as 'cancelled', so that sending it again later
-- uses the same application id (the idempotency key): a first attempt that reached the
-- office unheard cannot become a second application. SQLite cannot alter a CHECK, so the
-- table is made again with the same columns.
CREATE TABLE outbox_new (
    draft_id       TEXT PRIMARY KEY REFERENCES drafts (id) ON DELETE CASCADE,
    application_id TEXT NOT NULL UNIQUE,
    state          TEXT NOT NULL CHECK (state IN ('queued', 'refused', 'cancelled')),
    bytes_total    INTEGER NOT NULL DEFAULT 0,
    bytes_sent     INTEGER NOT NULL DEFAULT 0,
    attempts       INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT,
    next_attempt   TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
INSERT INTO outbox_new SELECT draft_id, application_id, state, bytes_total, bytes_sent,
    attempts, last_error, next_attempt, created_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
