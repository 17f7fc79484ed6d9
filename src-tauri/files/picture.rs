//! Pictures are checked before File Saya keeps them (eptsp-picture: decoded whole within
//! limits, the same check the server makes), and the thumbnail comes from that decode.

use eptsp_core::files::FileRefusal;
use image::ImageError;
use sha2::Digest;
use std::io::BufReader;

use super::{FileStore, THUMB_PX};

impl FileStore {
    /// Checks the stored picture `sha256` (named `name` in a refusal) and writes its
    /// thumbnail, upright per the photo's EXIF orientation.
    pub(super) fn check_picture(&self, sha256: &str, name: &str) -> Result<(), FileRefusal> {
        let img = eptsp_picture::decode(|| self.open(sha256).map(BufReader::new), name)?;
        let made = (|| -> Result<(), ImageError> {
            let mut png = std::io::Cursor::new(Vec::new());
            img.thumbnail(THUMB_PX, THUMB_PX)
                .write_to(&mut png, image::ImageFormat::Png)?;
            self.write_to(&self.thumb_path(sha256), png.into_inner().as_slice())?;
            Ok(())
        })();
        if let Err(e) = made {
            tracing::warn!(error = %e, sha256, "no thumbnail");
        }
        Ok(())
    }
}

impl FileStore {
    /// The photo `sha256` made to fit `max_px` on its longer side, upright, as a JPEG kept in
    /// the store: its SHA-256 and size. None when it already fits (the original is sent).
    /// Blocking: call from `spawn_blocking`.
    pub(super) fn downscale(
        &self,
        sha256: &str,
        max_px: u32,
    ) -> Result<Option<(String, u64)>, FileRefusal> {
        let img = eptsp_picture::decode(|| self.open(sha256).map(BufReader::new), sha256)?;
        let stored = match eptsp_picture::fit_jpeg(&img, max_px, PHOTO_QUALITY) {
            Ok(None) => return Ok(None),
            Ok(Some(jpeg)) => Ok(jpeg),
            Err(e) => Err(std::io::Error::other(e)),
        }
        .and_then(|jpeg| {
            let sha = super::hex(&sha2::Sha256::digest(&jpeg));
            if !self.has(&sha) {
                self.write_to(&self.blob_path(&sha), jpeg.as_slice())?;
            }
            Ok((sha, jpeg.len() as u64))
        });
        match stored {
            Ok(v) => Ok(Some(v)),
            Err(e) => {
                // The original is sent instead: nothing is lost, only the saving.
                tracing::warn!(error = %e, sha256, "photo not downscaled");
                Ok(None)
            }
        }
    }
}

/// JPEG quality of a downscaled photo: text on a KTP stays sharp, the file a tenth.
const PHOTO_QUALITY: u8 = 85;
