-- A revision's deadline may be extended once (where the office allows it): whether the
-- open request for revision has had its extension. A new request for revision starts again.
ALTER TABLE applications ADD COLUMN revision_extended BOOLEAN NOT NULL DEFAULT false;
