-- Chat kept on this computer: messages as the server ordered them (seq), and the ones
-- typed here waiting to be sent (in the order they were typed).
CREATE TABLE chat_messages (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    conversation    TEXT NOT NULL,
    sender          TEXT NOT NULL,
    sender_name     TEXT NOT NULL,
    from_office     INTEGER NOT NULL,
    text            TEXT NOT NULL,
    attachment_sha  TEXT,
    attachment_name TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX chat_conversation ON chat_messages (conversation, seq);

CREATE TABLE chat_outbox (
    n            INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL UNIQUE,
    conversation TEXT,
    text         TEXT NOT NULL,
    file_id      TEXT,
    created_at   TEXT NOT NULL,
    last_error   TEXT
);
