-- A Perpanjangan made from a permit held names the application whose permit it renews:
-- the office reads which permit is extended, and the old permit which application renews it.
ALTER TABLE applications ADD COLUMN renews UUID REFERENCES applications (id);
CREATE INDEX applications_renews ON applications (renews) WHERE renews IS NOT NULL;
