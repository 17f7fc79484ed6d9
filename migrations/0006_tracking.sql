-- The tracking log of the applicant's applications as pulled from the server, readable
-- offline. seq is the server's, so a pull never stores an entry twice.
CREATE TABLE tracking (
    seq            INTEGER PRIMARY KEY,
    application_id TEXT NOT NULL,
    status         TEXT NOT NULL,
    note           TEXT NOT NULL,
    at             TEXT NOT NULL
);
CREATE INDEX tracking_application ON tracking (application_id, seq);
