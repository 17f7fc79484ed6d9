-- A change feed that never skips. The desktops page tracking, inbox and chat by a cursor.
-- Paged by the BIGSERIAL id, a transaction that took id 100 but committed after one that
-- took 101 was pulled by nobody: the cursor had passed it. Here each feed row gets its
-- position (`pos`) when its transaction commits, from a deferred trigger that takes a lock
-- first: positions are handed out in commit order, and a position is only handed
-- out once every lower one is committed (or rolled back, which leaves a harmless gap).
--
-- Why this and not a transaction-id watermark (`pg_snapshot_xmin`): the watermark is
-- cluster-wide, so one slow writer anywhere (another database on the same cluster, a
-- migration, a big import) holds every feed back for as long as it runs. The lock here
-- is held only for the few milliseconds of a commit and only by writers of the feeds.
-- Logical decoding needs a replication slot per reader: too heavy for this.
--
-- The same trigger announces the change (NOTIFY, delivered at commit) so that every
-- server instance can push "changes available" to the sockets of the users concerned.

CREATE SEQUENCE tracking_pos;
CREATE SEQUENCE messages_pos;
CREATE SEQUENCE chat_messages_pos;

ALTER TABLE tracking ADD COLUMN pos BIGINT;
ALTER TABLE messages ADD COLUMN pos BIGINT;
ALTER TABLE chat_messages ADD COLUMN pos BIGINT;

-- Rows written before keep their order: cursors the desktops hold stay valid.
UPDATE tracking SET pos = id;
UPDATE messages SET pos = id;
UPDATE chat_messages SET pos = seq;
SELECT setval('tracking_pos', COALESCE((SELECT max(id) FROM tracking), 0) + 1, false);
SELECT setval('messages_pos', COALESCE((SELECT max(id) FROM messages), 0) + 1, false);
SELECT setval('chat_messages_pos', COALESCE((SELECT max(seq) FROM chat_messages), 0) + 1, false);

CREATE UNIQUE INDEX tracking_pos_idx ON tracking (pos);
CREATE INDEX messages_user_pos ON messages (user_id, pos);
CREATE UNIQUE INDEX chat_messages_pos_idx ON chat_messages (pos);
CREATE INDEX chat_conversation_pos ON chat_messages (conversation, pos);

-- Read marks name a position too (chat_reads.last_seq keeps its name; the seqs it held
-- before equal their messages' positions after the backfill above).

CREATE FUNCTION feed_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- One lock for the three feeds (one per feed could deadlock two transactions writing
    -- two feeds in opposite orders), held to the end of the commit.
    PERFORM pg_advisory_xact_lock(hashtext('eptsp_feed'), 0);
    IF TG_TABLE_NAME = 'tracking' THEN
        UPDATE tracking SET pos = nextval('tracking_pos') WHERE id = NEW.id;
        PERFORM pg_notify('eptsp_feed', 'changes:' || a.user_id)
            FROM applications a WHERE a.id = NEW.application_id;
    ELSIF TG_TABLE_NAME = 'messages' THEN
        UPDATE messages SET pos = nextval('messages_pos') WHERE id = NEW.id;
        PERFORM pg_notify('eptsp_feed', 'inbox:' || NEW.user_id);
    ELSIF TG_TABLE_NAME = 'chat_messages' THEN
        UPDATE chat_messages SET pos = nextval('chat_messages_pos') WHERE seq = NEW.seq;
        PERFORM pg_notify('eptsp_feed', 'chat:' || NEW.seq);
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER tracking_feed AFTER INSERT ON tracking
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION feed_stamp();
CREATE CONSTRAINT TRIGGER messages_feed AFTER INSERT ON messages
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION feed_stamp();
CREATE CONSTRAINT TRIGGER chat_messages_feed AFTER INSERT ON chat_messages
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION feed_stamp();
