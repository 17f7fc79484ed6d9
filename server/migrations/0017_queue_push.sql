-- The officers' live channel: a tracking row that puts an application in a queue (new,
-- under review, approved and waiting for the signature) also announces that queue, so the
-- officers working from it fetch it and are told what entered it. The rest of the feed
-- trigger is as migration 0012 made it.
CREATE OR REPLACE FUNCTION feed_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- One lock for the three feeds (one per feed could deadlock two transactions writing
    -- two feeds in opposite orders), held to the end of the commit.
    PERFORM pg_advisory_xact_lock(hashtext('eptsp_feed'), 0);
    IF TG_TABLE_NAME = 'tracking' THEN
        UPDATE tracking SET pos = nextval('tracking_pos') WHERE id = NEW.id;
        PERFORM pg_notify('eptsp_feed', 'changes:' || a.user_id)
            FROM applications a WHERE a.id = NEW.application_id;
        IF NEW.status IN ('diajukan', 'verifikasi', 'disetujui') THEN
            PERFORM pg_notify('eptsp_feed', 'queue:' || NEW.status);
        END IF;
    ELSIF TG_TABLE_NAME = 'messages' THEN
        UPDATE messages SET pos = nextval('messages_pos') WHERE id = NEW.id;
        PERFORM pg_notify('eptsp_feed', 'inbox:' || NEW.user_id);
    ELSIF TG_TABLE_NAME = 'chat_messages' THEN
        UPDATE chat_messages SET pos = nextval('chat_messages_pos') WHERE seq = NEW.seq;
        PERFORM pg_notify('eptsp_feed', 'chat:' || NEW.seq);
    END IF;
    RETURN NULL;
END $$;
