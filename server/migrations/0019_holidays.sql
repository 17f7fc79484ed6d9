-- The working-day calendar's closed days, kept by the administrator instead of compiled
-- in: national holidays and joint leave, and the years whose SKB table is loaded (with the
-- decree). The first content is the reviewed table of core/data/hari-libur.csv, put in
-- once by the server (`holidays::ensure_seeded`), whichever instance starts first.
CREATE TABLE holidays (
    day  DATE PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('libur', 'cuti')),
    name TEXT NOT NULL
);
CREATE TABLE holiday_years (
    year      INTEGER PRIMARY KEY,
    source    TEXT NOT NULL,
    loaded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE holiday_seed (
    done BOOLEAN NOT NULL
);
INSERT INTO holiday_seed (done) VALUES (false);
