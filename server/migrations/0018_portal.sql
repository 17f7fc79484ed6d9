-- The portal's public part: the announcements the office publishes (each shown from its
-- first to its last day, WITA) and the links of the portal's menu, in order.
CREATE TABLE announcements (
    id         UUID PRIMARY KEY,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    starts_on  DATE NOT NULL,
    ends_on    DATE,
    created_by UUID NOT NULL REFERENCES users (id),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX announcements_shown ON announcements (starts_on, ends_on);

CREATE TABLE portal_links (
    n     INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    url   TEXT NOT NULL
);
INSERT INTO portal_links (n, label, url) VALUES
    (1, 'Online Single Submission (OSS)', 'https://oss.go.id'),
    (2, 'Website DPMPTSP Kaltim', 'https://dpmptsp.kaltimprov.go.id');
