-- Who holds an upload's write lease (a token per PATCH): renewing and releasing it need
-- the token, so a writer whose lease ran out can neither extend nor free its successor's.
ALTER TABLE uploads ADD COLUMN writer UUID;
