-- Chat between an applicant and the office: one conversation per applicant (its id is
-- the applicant's user id). seq orders every message; id is the sender's idempotency key.
CREATE TABLE chat_messages (
    seq             BIGSERIAL PRIMARY KEY,
    id              UUID NOT NULL UNIQUE,
    conversation    UUID NOT NULL REFERENCES users (id),
    sender          UUID NOT NULL REFERENCES users (id),
    text            TEXT NOT NULL,
    attachment_sha  TEXT REFERENCES blobs (sha256),
    attachment_name TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX chat_conversation ON chat_messages (conversation, seq);

-- How far each reader has read each conversation (unread counts).
CREATE TABLE chat_reads (
    user_id      UUID NOT NULL REFERENCES users (id),
    conversation UUID NOT NULL REFERENCES users (id),
    last_seq     BIGINT NOT NULL,
    PRIMARY KEY (user_id, conversation)
);
