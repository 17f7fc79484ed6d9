-- Reporting obligations (laporan realisasi) of each permit type, and the reports each
-- issued permit owes, made when it is signed (core's obligations::schedule).
ALTER TABLE permit_types ADD COLUMN obligations JSONB NOT NULL DEFAULT '[]';

CREATE TABLE report_schedules (
    id             BIGSERIAL PRIMARY KEY,
    application_id UUID NOT NULL REFERENCES applications (id),
    obligation     TEXT NOT NULL,
    name           TEXT NOT NULL,
    period_from    DATE NOT NULL,
    period_to      DATE NOT NULL,
    due_on         DATE NOT NULL,
    -- What due_on is worked out from, again whenever the holiday table changes (it covers
    -- a year or two; schedules run for the whole validity): the day the rule names, and
    -- the working days counted after it (0: that day, or the next working day).
    nominal_due    DATE NOT NULL,
    due_working_days INT NOT NULL CHECK (due_working_days >= 0),
    UNIQUE (application_id, obligation, period_from)
);
CREATE INDEX report_schedules_due ON report_schedules (due_on);

-- SIPA: the water taken each month, by the 15th of the next. IUP Batuan: production at the
-- end of January, April, July, October and December, and a final report 15 working days
-- after the permit ends.
UPDATE permit_types SET obligations =
  '[{"id":"realisasi_bulanan","name":"Laporan Realisasi Pengambilan Air Tanah","period":{"kind":"monthly","due_day":15}}]'
WHERE id = 'sipa';
UPDATE permit_types SET obligations =
  '[{"id":"realisasi_produksi","name":"Laporan Realisasi Produksi","period":{"kind":"end_of_months","months":[1,4,7,10,12]}},
    {"id":"laporan_akhir","name":"Laporan Akhir Kegiatan","period":{"kind":"after_expiry","working_days":15}}]'
WHERE id = 'iup-batuan';
