-- The office's automatic reply outside office hours has no person as its sender.
ALTER TABLE chat_messages ALTER COLUMN sender DROP NOT NULL;
ALTER TABLE chat_messages ADD COLUMN automatic BOOLEAN NOT NULL DEFAULT false;
