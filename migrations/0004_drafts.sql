-- Applications being prepared: everything typed, saved at each keystroke, with the wizard
-- step the applicant is on.
CREATE TABLE drafts (
    id         TEXT PRIMARY KEY,
    step       INTEGER NOT NULL CHECK (step BETWEEN 1 AND 5),
    data_json  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
