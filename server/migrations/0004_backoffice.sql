-- The back office: review and decisions, the revision loop, signing (TTE) and issued
-- permits, working-day service levels, and the audit log of officer actions.

-- Service levels per stage, in working days: verification, then signing. Their sum is the
-- permit type's published service time (sla_days).
ALTER TABLE permit_types
    ADD COLUMN sla_ttd_days INT NOT NULL DEFAULT 2 CHECK (sla_ttd_days > 0);
ALTER TABLE permit_types
    ADD COLUMN sla_verifikasi_days INT;
UPDATE permit_types SET sla_verifikasi_days = GREATEST(sla_days - sla_ttd_days, 1);
ALTER TABLE permit_types
    ALTER COLUMN sla_verifikasi_days SET NOT NULL,
    ADD CONSTRAINT sla_verifikasi_positive CHECK (sla_verifikasi_days > 0);

ALTER TABLE applications
    -- Bumped by every revision: a decision or a revision names the version it answers.
    ADD COLUMN version       INT NOT NULL DEFAULT 1,
    ADD COLUMN claimed_by    UUID REFERENCES users (id),
    ADD COLUMN claimed_at    TIMESTAMPTZ,
    -- Deadline of the office's current stage (WITA date); NULL when the office is not
    -- working on it (revision, decided).
    ADD COLUMN sla_due       DATE,
    -- Office working days left when the clock was paused for a revision.
    ADD COLUMN sla_remaining INT,
    ADD COLUMN revision_due  DATE;
ALTER TABLE applications
    ADD CONSTRAINT applications_status CHECK
        (status IN ('diajukan', 'verifikasi', 'perlu_perbaikan', 'disetujui', 'selesai', 'ditolak'));
CREATE INDEX applications_queue ON applications (status, sla_due);

-- Every transition: a verifier's decision, an applicant's revision, a signature. The id is
-- the client's idempotency key.
CREATE TABLE decisions (
    id             UUID PRIMARY KEY,
    application_id UUID NOT NULL REFERENCES applications (id),
    actor          UUID NOT NULL REFERENCES users (id),
    action         TEXT NOT NULL,
    from_status    TEXT NOT NULL,
    to_status      TEXT NOT NULL,
    version        INT NOT NULL,
    note           TEXT NOT NULL,
    at             TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX decisions_application ON decisions (application_id, at);

-- The verifier's checklist: one verdict per requirement.
CREATE TABLE review_items (
    decision_id    UUID NOT NULL REFERENCES decisions (id),
    requirement_id INT NOT NULL REFERENCES requirements (id),
    sesuai         BOOLEAN NOT NULL,
    note           TEXT NOT NULL,
    PRIMARY KEY (decision_id, requirement_id)
);

-- Permit numbers: one counter per year, taken inside the signing transaction, so a
-- rolled-back signing gives its number back and the sequence has no gaps.
CREATE TABLE izin_sequences (
    year INT PRIMARY KEY,
    last INT NOT NULL
);

CREATE TABLE permits (
    application_id UUID PRIMARY KEY REFERENCES applications (id),
    nomor          TEXT NOT NULL UNIQUE,
    -- The canonical JSON that was signed, byte for byte.
    content        TEXT NOT NULL,
    signature      TEXT NOT NULL,
    key_id         TEXT NOT NULL,
    signed_by      UUID NOT NULL REFERENCES users (id),
    issued_on      DATE NOT NULL,
    -- NULL: valid while the business runs (no expiry for this permit type).
    valid_until    DATE,
    revoked_at     TIMESTAMPTZ,
    revoked_reason TEXT
);
CREATE INDEX permits_valid_until ON permits (valid_until);

-- Every officer action, for accountability.
CREATE TABLE audit_log (
    id             BIGSERIAL PRIMARY KEY,
    actor          UUID NOT NULL REFERENCES users (id),
    action         TEXT NOT NULL,
    application_id UUID REFERENCES applications (id),
    detail         JSONB NOT NULL DEFAULT '{}',
    at             TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX audit_application ON audit_log (application_id, id);
