-- Survey IKM: one per finished application; the respondent block as it was when
-- answered; every answer under its stable element code (U1–U9, K1, T1, I1, P01–P10).
CREATE TABLE surveys (
    id             UUID PRIMARY KEY,
    application_id UUID NOT NULL UNIQUE REFERENCES applications (id),
    user_id        UUID NOT NULL REFERENCES users (id),
    permit_type_id TEXT NOT NULL REFERENCES permit_types (id),
    nama           TEXT NOT NULL,
    jenis_kelamin  TEXT NOT NULL,
    umur           INT NOT NULL,
    pendidikan     TEXT NOT NULL,
    masukan        TEXT NOT NULL DEFAULT '',
    komentar       TEXT NOT NULL DEFAULT '',
    submitted_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX surveys_period ON surveys (submitted_at, permit_type_id);

CREATE TABLE survey_answers (
    survey_id UUID NOT NULL REFERENCES surveys (id),
    code      TEXT NOT NULL,
    score     SMALLINT NOT NULL CHECK (score BETWEEN 1 AND 4),
    PRIMARY KEY (survey_id, code)
);
