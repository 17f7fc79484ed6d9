-- "Kirim" puts a draft in the outbox; the sync worker uploads its files and submits it.
-- application_id is made once, when the applicant presses Kirim: it is the idempotency
-- key, so however often the worker retries, the office receives one application.
CREATE TABLE outbox (
    draft_id       TEXT PRIMARY KEY REFERENCES drafts (id) ON DELETE CASCADE,
    application_id TEXT NOT NULL UNIQUE,
    state          TEXT NOT NULL CHECK (state IN ('queued', 'refused')),
    bytes_total    INTEGER NOT NULL DEFAULT 0,
    bytes_sent     INTEGER NOT NULL DEFAULT 0,
    attempts       INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT,
    next_attempt   TEXT NOT NULL,
    created_at     TEXT NOT NULL
);

-- Applications the office has received (resi issued), readable offline.
CREATE TABLE applications (
    id             TEXT PRIMARY KEY,
    resi           TEXT NOT NULL UNIQUE,
    permit_type_id TEXT NOT NULL,
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,
    data_json      TEXT NOT NULL,
    submitted_at   TEXT NOT NULL
);
