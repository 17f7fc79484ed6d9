-- What a photo in File Saya is sent as for requirements that downscale photos: for the
-- original's SHA-256 and the longer side asked for, the smaller upright JPEG kept beside it
-- in the store (the original itself when it is small enough).
CREATE TABLE file_variants (
    sha256         TEXT NOT NULL,
    max_px         INTEGER NOT NULL,
    variant_sha256 TEXT NOT NULL,
    variant_size   INTEGER NOT NULL CHECK (variant_size > 0),
    PRIMARY KEY (sha256, max_px)
);
CREATE INDEX file_variants_variant ON file_variants (variant_sha256);
