-- The admin edits the catalogue. Requirements are versioned: a row is never changed once
-- published; an edit retires it and adds its successor (replaces), so an application
-- keeps pointing at the requirement version it was made under.
ALTER TABLE requirements ADD COLUMN retired_at TIMESTAMPTZ;
ALTER TABLE requirements ADD COLUMN replaces INT REFERENCES requirements (id);
ALTER TABLE applications ADD COLUMN catalogue_version INT;
