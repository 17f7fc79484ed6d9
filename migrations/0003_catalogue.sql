-- The office's catalogue as last downloaded, for reading offline.
CREATE TABLE catalogue (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    version    INTEGER NOT NULL,
    json       TEXT NOT NULL,
    fetched_at TEXT NOT NULL
);
