-- Pengaduan: an applicant's complaint (about one of their applications, or anything
-- else), answered by an officer. The id is the client's idempotency key.
CREATE TABLE complaints (
    id             UUID PRIMARY KEY,
    user_id        UUID NOT NULL REFERENCES users (id),
    application_id UUID REFERENCES applications (id),
    kategori       TEXT NOT NULL CHECK (kategori IN ('teknis_aplikasi', 'proses_perizinan', 'dokumen', 'pelayanan', 'lainnya')),
    isi            TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'baru' CHECK (status IN ('baru', 'diproses', 'selesai')),
    balasan        TEXT,
    replied_by     UUID REFERENCES users (id),
    replied_at     TIMESTAMPTZ,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX complaints_user ON complaints (user_id, created_at DESC);
CREATE INDEX complaints_status ON complaints (status, created_at);
