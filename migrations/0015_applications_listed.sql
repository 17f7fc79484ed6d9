-- Permohonan Saya searches and pages in SQL: the columns its list shows, newest first,
-- so that a search reads this index and not every dossier (data_json) beside it.
CREATE INDEX applications_listed ON applications (submitted_at DESC, id, resi, permit_type_id, kind, status);
