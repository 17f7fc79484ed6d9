-- Photos (JPEG) larger than this on their longer side are sent downscaled to it by the
-- desktop; 0: the requirement keeps the original.
ALTER TABLE requirements ADD COLUMN photo_max_px INT NOT NULL DEFAULT 2560
    CHECK (photo_max_px = 0 OR photo_max_px BETWEEN 640 AND 8000);
