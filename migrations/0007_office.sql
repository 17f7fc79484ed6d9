-- The back office on the workstation, and the applicant's side of the revision loop.

-- A draft may be a revision of a received application: it answers `revision_version`.
ALTER TABLE drafts ADD COLUMN revision_of TEXT;
ALTER TABLE drafts ADD COLUMN revision_version INTEGER;

-- What the office last said about each application (ApplicationView as JSON: version,
-- expected completion, revision deadline, the verifier's notes).
ALTER TABLE applications ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE applications ADD COLUMN detail_json TEXT;

-- Permits issued to the applicant, as signed (Izin Aktif / Kadaluarsa, Cetak Izin).
CREATE TABLE permits (
    application_id TEXT PRIMARY KEY,
    nomor          TEXT NOT NULL,
    izin_json      TEXT NOT NULL,
    state          TEXT NOT NULL,
    valid_until    TEXT NOT NULL,
    reminded_at    TEXT,
    fetched_at     TEXT NOT NULL
);

-- Dossiers a verifier has claimed, downloaded for review with the network off; the
-- checklist and note in progress are kept as they are typed.
CREATE TABLE review_cases (
    application_id TEXT PRIMARY KEY,
    dossier_json   TEXT NOT NULL,
    checklist_json TEXT NOT NULL DEFAULT '[]',
    note           TEXT NOT NULL DEFAULT '',
    fetched_at     TEXT NOT NULL
);

-- Decisions made offline wait here; the id is the server's idempotency key.
CREATE TABLE decision_outbox (
    id             TEXT PRIMARY KEY,
    application_id TEXT NOT NULL,
    request_json   TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('queued', 'refused')),
    last_error     TEXT,
    attempts       INTEGER NOT NULL DEFAULT 0,
    next_attempt   TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
