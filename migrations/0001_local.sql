-- The desktop's local store: the signed-in session with the cached profile, cached
-- reference data, form drafts and settings.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- At most one signed-in account per installation.
CREATE TABLE session (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    token        TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    profile_json TEXT NOT NULL,
    synced_at    TEXT NOT NULL
);

-- Tokens of sessions ended while offline, revoked on the server once it is reachable.
CREATE TABLE pending_logout (
    token TEXT PRIMARY KEY
);

CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    parent_code TEXT NOT NULL,  -- '' for provinces
    name        TEXT NOT NULL
);
CREATE INDEX regions_parent ON regions (parent_code, name);

-- Which lists are cached in full (a parent whose children were all fetched).
CREATE TABLE region_lists (
    parent_code TEXT PRIMARY KEY,
    fetched_at  TEXT NOT NULL
);

-- What the user has typed into a form and not yet sent (never passwords).
CREATE TABLE form_drafts (
    form       TEXT PRIMARY KEY,
    data_json  TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
