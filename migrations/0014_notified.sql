-- Desktop notifications: which inbox and chat messages have been announced on this
-- computer (what was here before counts as announced: an upgrade shows no backlog), and
-- the office queue as last seen, so that only what entered it since is announced.
ALTER TABLE inbox ADD COLUMN notified INTEGER NOT NULL DEFAULT 1;
ALTER TABLE chat_messages ADD COLUMN notified INTEGER NOT NULL DEFAULT 1;
CREATE TABLE queue_seen (
    application_id TEXT PRIMARY KEY
);
-- An account that has pulled its feeds before has caught up with them: what arrives next
-- is announced.
INSERT INTO settings (key, value) SELECT 'inbox_caught_up', '1'
    WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'inbox_cursor');
INSERT INTO settings (key, value) SELECT 'chat_caught_up', '1'
    WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'chat_cursor');
