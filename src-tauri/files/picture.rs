//! Pictures are checked before File Saya keeps them (eptsp-picture: decoded whole within
//! limits, the same check the server makes), and the thumbnail comes from that decode.

use eptsp_core::files::FileRefusal;
use image::ImageError;
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
