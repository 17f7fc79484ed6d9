-- Where each chat message stands in the server's feed (given at commit): read marks name
-- it, so that a message committed late is not counted as read. Messages kept before this
-- came from a server that numbered the feed by seq.
ALTER TABLE chat_messages ADD COLUMN pos INTEGER NOT NULL DEFAULT 0;
UPDATE chat_messages SET pos = seq;
