-- File Saya: the applicant's document library. The bytes live in the content-addressed
-- folder files/blobs/<sha256>; several entries may share them.
CREATE TABLE files (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    original_name TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    size          INTEGER NOT NULL CHECK (size > 0),
    kind          TEXT NOT NULL CHECK (kind IN ('pdf', 'jpg', 'png', 'gif', 'dwg')),
    has_thumbnail INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);
CREATE INDEX files_name ON files (name COLLATE NOCASE);
CREATE INDEX files_sha256 ON files (sha256);
