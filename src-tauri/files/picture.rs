//! Pictures are decoded before File Saya keeps them: with limits, so a small file that
//! declares a huge picture (a decompression bomb) is refused from its header without
//! decoding it, and to the end, so one cut short or damaged is refused too instead of
//! reaching the office as a broken image. The thumbnail comes from the same decode.

use eptsp_core::files::{self, FileRefusal};
use image::{DynamicImage, ImageDecoder, ImageError, ImageReader, Limits};
use std::io::BufReader;

use super::{FileStore, THUMB_PX};

/// Memory a decode may take: the largest picture allowed (4 bytes a pixel) and some room.
const MAX_ALLOC: u64 = files::IMAGE_MAX_PIXELS * 4 + (64 << 20);

/// Decodes the stored picture `sha256` whole, upright per its EXIF orientation; refused
/// when it is too large or does not decode (named `name` in the message).
pub(super) fn decode(
    store: &FileStore,
    sha256: &str,
    name: &str,
) -> Result<DynamicImage, FileRefusal> {
    let damaged = |e: &dyn std::fmt::Display| {
        tracing::info!(error = %e, name, "picture refused: it does not decode");
        FileRefusal::ImageDamaged {
            name: name.to_owned(),
        }
    };
    let source = BufReader::new(store.open(sha256).map_err(|e| damaged(&e))?);
    let mut reader = ImageReader::new(source)
        .with_guessed_format()
        .map_err(|e| damaged(&e))?;
    let jpeg = reader.format() == Some(image::ImageFormat::Jpeg);
    // The sides are checked below, from the header, to say them in the message; the
    // decoder keeps to the memory limit whatever the file declares.
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| match e {
        ImageError::Limits(_) => FileRefusal::ImageTooLarge {
            width: 0,
            height: 0,
        },
        e => damaged(&e),
    })?;
    let (width, height) = decoder.dimensions();
    files::check_image_size(width, height)?;
    let orientation = decoder.orientation().map_err(|e| damaged(&e))?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        ImageError::Limits(_) => FileRefusal::ImageTooLarge { width, height },
        e => damaged(&e),
    })?;
    img.apply_orientation(orientation);
    if jpeg {
        // image decodes a JPEG cut short without complaint (the missing rows grey): its
        // decoder, in strict mode, reads it to the end once more.
        let source = BufReader::new(store.open(sha256).map_err(|e| damaged(&e))?);
        let side = files::IMAGE_MAX_SIDE as usize;
        let options = zune_core::options::DecoderOptions::default()
            .set_strict_mode(true)
            .set_max_width(side)
            .set_max_height(side);
        zune_jpeg::JpegDecoder::new_with_options(source, options)
            .decode()
            .map_err(|e| damaged(&format!("{e:?}")))?;
    }
    Ok(img)
}

impl FileStore {
    /// Checks the stored picture `sha256` (see [`decode`]) and writes its thumbnail.
    pub(super) fn check_picture(&self, sha256: &str, name: &str) -> Result<(), FileRefusal> {
        let img = decode(self, sha256, name)?;
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
