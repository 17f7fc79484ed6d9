-- Submitted applications and the files they carry. Files are content-addressed by SHA-256
-- and shared: a file the server already has is never uploaded again, by anyone.

CREATE TABLE blobs (
    sha256     TEXT PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size       BIGINT NOT NULL CHECK (size > 0),
    kind       TEXT NOT NULL,
    stored_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Uploads under way: the bytes so far live in <blob dir>/partial/<sha256>.
CREATE TABLE uploads (
    sha256      TEXT PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size        BIGINT NOT NULL CHECK (size > 0),
    name        TEXT NOT NULL,
    started_by  UUID NOT NULL REFERENCES users (id),
    started_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The client's id for the application is the idempotency key of its submission.
CREATE TABLE applications (
    id             UUID PRIMARY KEY,
    user_id        UUID NOT NULL REFERENCES users (id),
    resi           TEXT NOT NULL UNIQUE,
    permit_type_id TEXT NOT NULL REFERENCES permit_types (id),
    kind           TEXT NOT NULL,
    data           JSONB NOT NULL,
    status         TEXT NOT NULL,
    submitted_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX applications_user ON applications (user_id, submitted_at DESC);

CREATE TABLE application_files (
    application_id UUID NOT NULL REFERENCES applications (id),
    requirement_id INT NOT NULL REFERENCES requirements (id),
    sha256         TEXT NOT NULL REFERENCES blobs (sha256),
    PRIMARY KEY (application_id, requirement_id)
);

CREATE TABLE tracking (
    id             BIGSERIAL PRIMARY KEY,
    application_id UUID NOT NULL REFERENCES applications (id),
    status         TEXT NOT NULL,
    note           TEXT NOT NULL,
    actor          UUID REFERENCES users (id),
    at             TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX tracking_application ON tracking (application_id, id);
