-- Accounts, sessions, one-time codes, throttling and the administrative regions.

CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    parent_code TEXT REFERENCES regions (code),
    level       SMALLINT NOT NULL CHECK (level BETWEEN 1 AND 4),
    name        TEXT NOT NULL
);
CREATE INDEX regions_parent ON regions (parent_code, name);

CREATE TABLE users (
    id             UUID PRIMARY KEY,
    nik            TEXT NOT NULL UNIQUE,
    npwp           TEXT,
    nama           TEXT NOT NULL,
    jenis_kelamin  TEXT NOT NULL CHECK (jenis_kelamin IN ('L', 'P')),
    tanggal_lahir  DATE NOT NULL,
    pendidikan     TEXT NOT NULL,
    pekerjaan      TEXT,
    jabatan        TEXT,
    alamat         TEXT NOT NULL,
    provinsi       TEXT NOT NULL REFERENCES regions (code),
    kabupaten      TEXT NOT NULL REFERENCES regions (code),
    kecamatan      TEXT NOT NULL REFERENCES regions (code),
    kelurahan      TEXT NOT NULL REFERENCES regions (code),
    no_hp          TEXT NOT NULL,
    kode_pos       TEXT NOT NULL,
    email          TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('pemohon', 'verifikator', 'penandatangan', 'admin')),
    blocked_reason TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Opaque bearer tokens: only the SHA-256 of a token is stored.
CREATE TABLE sessions (
    id          UUID PRIMARY KEY,
    user_id     UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  BYTEA NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX sessions_user ON sessions (user_id);

-- E-mail verification codes and password-reset PINs: hashed, expiring, single use,
-- a bounded number of wrong guesses.
CREATE TABLE one_time_codes (
    id          UUID PRIMARY KEY,
    purpose     TEXT NOT NULL CHECK (purpose IN ('register', 'change_email', 'reset_password')),
    email       TEXT NOT NULL,
    user_id     UUID REFERENCES users (id) ON DELETE CASCADE,
    code_hash   BYTEA NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    failures    INT NOT NULL DEFAULT 0
);
CREATE INDEX one_time_codes_lookup ON one_time_codes (purpose, email, created_at DESC);

-- Sliding-window throttling shared by every server instance (the server is stateless).
CREATE TABLE rate_events (
    scope TEXT NOT NULL,
    key   TEXT NOT NULL,
    at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX rate_events_lookup ON rate_events (scope, key, at);
