-- A secret per account that the desktop wraps its local data key with (beside the wrap by
-- the password), so that a password changed or reset elsewhere does not lock the account
-- out of what it keeps on a desktop. Made at the first request; given only to the account.
ALTER TABLE users ADD COLUMN desktop_key BYTEA;
