-- The inbox as pulled from the server, readable offline. A message read here while
-- offline keeps read_pending until the server has been told.
CREATE TABLE inbox (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,
    subject        TEXT NOT NULL,
    body           TEXT NOT NULL,
    application_id TEXT,
    created_at     TEXT NOT NULL,
    read           INTEGER NOT NULL DEFAULT 0,
    read_pending   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX inbox_created ON inbox (created_at DESC, id DESC);
