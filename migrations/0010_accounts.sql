-- One local store per account. The installation's own database (eptsp.sqlite) keeps what
-- the whole device shares (settings, the catalogue, regions, tokens waiting to be revoked)
-- and this registry; each account that signed in here has a folder accounts/<dir>/ with
-- its own database (same schema, its own rows only) and its own File Saya, both encrypted
-- with the account's data key. The key is kept here only wrapped: by the account's
-- password (Argon2id) and by a secret the server keeps for the account. The NIK and
-- e-mail an account signs in with are kept as keyed hashes, for signing in offline.
CREATE TABLE accounts (
    dir             TEXT PRIMARY KEY,
    server          TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    key_by_password TEXT,
    key_by_server   TEXT,
    login_nik       TEXT,
    login_email     TEXT,
    -- "Tetap masuk": the unwrapped key is in the system's credential store.
    stay_signed_in  INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    last_login_at   TEXT NOT NULL,
    -- Keyed by the user id (a UUID the server gives): the same account whatever address
    -- the server is reached at (changed in Pengaturan, or by EPTSP_SERVER_URL).
    UNIQUE (user_id)
);
CREATE INDEX accounts_login_nik ON accounts (login_nik);
CREATE INDEX accounts_login_email ON accounts (login_email);
