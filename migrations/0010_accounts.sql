-- One local store per account. The installation's own database (eptsp.sqlite) keeps what
-- the whole device shares (settings, the catalogue, regions, tokens waiting to be revoked)
-- and this registry; each account that signed in here has a folder accounts/<dir>/ with
-- its own database (same schema, its own rows only) and its own File Saya.
CREATE TABLE accounts (
    dir           TEXT PRIMARY KEY,
    server        TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_login_at TEXT NOT NULL,
    UNIQUE (server, user_id)
);
