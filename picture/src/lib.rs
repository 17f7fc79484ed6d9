//! Whether a picture may be kept, decided the same way on the desktop (File Saya) and on
//! the server (an upload for an image requirement): decoded whole, with limits, so a small
//! file that declares a huge picture (a decompression bomb) is refused from its header
//! without being decoded, and one cut short or damaged is refused instead of reaching the
//! verifier as a broken image. The sizes allowed and the messages are eptsp-core's.

#![deny(clippy::unwrap_used)] // Outside tests a failure is an error with a message, not a panic.

use eptsp_core::files::{self, FileRefusal};
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};
use std::io::{BufRead, Seek};

/// Memory a decode may take: the largest picture allowed (4 bytes a pixel) and some room.
const MAX_ALLOC: u64 = files::IMAGE_MAX_PIXELS * 4 + (64 << 20);

/// Decodes the picture `open` reads whole, upright per its EXIF orientation; refused when it
/// is too large or does not decode to the end. `name` is the file's name as the message
/// gives it.
pub fn decode<R, F>(open: F, name: &str) -> Result<DynamicImage, FileRefusal>
where
    R: BufRead + Seek,
    F: Fn() -> std::io::Result<R>,
{
    // Read here, then decoded from memory by code compiled in this crate (and optimised
    // with it): a decoder generic over the caller's reader would be built with the caller.
    let mut bytes = Vec::new();
    open()
        .and_then(|mut r| r.read_to_end(&mut bytes))
        .map_err(|e| damaged(&e, name))?;
    decode_bytes(&bytes, name)
}

fn damaged(e: &dyn std::fmt::Display, name: &str) -> FileRefusal {
    tracing::info!(error = %e, name, "picture refused: it does not decode");
    FileRefusal::ImageDamaged {
        name: name.to_owned(),
    }
}

/// [`decode`] of bytes in memory.
pub fn decode_bytes(bytes: &[u8], name: &str) -> Result<DynamicImage, FileRefusal> {
    let damaged = |e: &dyn std::fmt::Display| damaged(e, name);
    let mut reader = ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| damaged(&e))?;
    let jpeg = reader.format() == Some(ImageFormat::Jpeg);
    // The sides are checked below, from the header, to say them in the message; the
    // decoder keeps to the memory limit whatever the file declares.
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| damaged(&e))?;
    let (width, height) = decoder.dimensions();
    files::check_image_size(width, height)?;
    let orientation = decoder.orientation().map_err(|e| damaged(&e))?;
    let mut img = if jpeg {
        // image decodes a JPEG cut short without complaint (the missing rows grey): its own
        // decoder, zune-jpeg, asked directly in strict mode, reads it to the end instead
        // (the header above gave the size and the orientation; nothing is decoded twice).
        drop(decoder);
        strict_jpeg(bytes, width, height).map_err(|e| damaged(&e))?
    } else {
        DynamicImage::from_decoder(decoder).map_err(|e| match e {
            ImageError::Limits(_) => FileRefusal::ImageTooLarge { width, height },
            e => damaged(&e),
        })?
    };
    img.apply_orientation(orientation);
    Ok(img)
}

/// `img` fitted within `max_px` on its longer side, as a JPEG of `quality`; None when it
/// already fits.
pub fn fit_jpeg(
    img: &DynamicImage,
    max_px: u32,
    quality: u8,
) -> Result<Option<Vec<u8>>, ImageError> {
    if img.width().max(img.height()) <= max_px {
        return Ok(None);
    }
    let small = img.resize(max_px, max_px, image::imageops::FilterType::CatmullRom);
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, quality)
        .encode_image(&small.to_rgb8())?;
    Ok(Some(jpeg))
}

/// A whole JPEG of `width` × `height` (as its header says) in RGB, or why not.
fn strict_jpeg(source: &[u8], width: u32, height: u32) -> Result<DynamicImage, String> {
    let side = files::IMAGE_MAX_SIDE as usize;
    let options = zune_core::options::DecoderOptions::default()
        .set_strict_mode(true)
        .set_max_width(side)
        .set_max_height(side)
        .jpeg_set_out_colorspace(zune_core::colorspace::ColorSpace::RGB);
    let mut decoder =
        zune_jpeg::JpegDecoder::new_with_options(std::io::Cursor::new(source), options);
    let pixels = decoder.decode().map_err(|e| format!("{e:?}"))?;
    image::RgbImage::from_raw(width, height, pixels)
        .map(DynamicImage::ImageRgb8)
        .ok_or_else(|| "the pixels are not the size the header says".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 90]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, (y * 3) as u8, 60]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Jpeg).unwrap();
        out.into_inner()
    }

    /// A real PNG whose header declares `w` × `h` pixels (its checksum made again).
    fn png_declaring(w: u32, h: u32) -> Vec<u8> {
        let mut bytes = png(64, 64);
        bytes[16..20].copy_from_slice(&w.to_be_bytes());
        bytes[20..24].copy_from_slice(&h.to_be_bytes());
        let crc = crc32fast::hash(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        bytes
    }

    #[test]
    fn whole_pictures_decode() {
        assert_eq!(decode_bytes(&png(300, 200), "a.png").unwrap().width(), 300);
        assert_eq!(
            decode_bytes(&jpeg(300, 200), "a.jpg").unwrap().height(),
            200
        );
    }

    #[test]
    fn a_declared_giant_is_refused_from_its_header() {
        assert_eq!(
            decode_bytes(&png_declaring(40_000, 40_000), "bom.png").unwrap_err(),
            FileRefusal::ImageTooLarge {
                width: 40_000,
                height: 40_000
            }
        );
    }

    #[test]
    fn pictures_cut_short_are_damaged() {
        for (bytes, name) in [(png(300, 200), "a.png"), (jpeg(300, 200), "a.jpg")] {
            let cut = &bytes[..bytes.len() * 2 / 3];
            assert_eq!(
                decode_bytes(cut, name).unwrap_err(),
                FileRefusal::ImageDamaged { name: name.into() }
            );
        }
    }
}
