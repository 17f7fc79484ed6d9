-- Inbox: every system message to a user (status changes, revision notes, rejection
-- reasons, expiry reminders, complaint replies), kept for the desktop to sync and read
-- offline. Bodies are plain text.
CREATE TABLE messages (
    id             BIGSERIAL PRIMARY KEY,
    user_id        UUID NOT NULL REFERENCES users (id),
    kind           TEXT NOT NULL,
    subject        TEXT NOT NULL,
    body           TEXT NOT NULL,
    application_id UUID REFERENCES applications (id),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    read_at        TIMESTAMPTZ
);
CREATE INDEX messages_user ON messages (user_id, id);

-- When the applicant was reminded that a permit is about to expire.
ALTER TABLE permits ADD COLUMN reminded_at TIMESTAMPTZ;
