//! The rules for documents in File Saya and in applications: PDF, JPG, PNG, GIF or DWG, at
//! most 50 MB, the type read from the bytes (never trusted from the name). A renamed
//! program is refused with a message that says what it really is.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// 50 MB, the guide's limit for one file.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// How many leading bytes [`classify`] needs.
pub const SNIFF_BYTES: usize = 8192;

/// An accepted document type, as read from the file's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum FileKind {
    /// PDF document.
    Pdf,
    /// JPEG image (`.jpg` or `.jpeg`).
    Jpg,
    /// PNG image.
    Png,
    /// GIF image.
    Gif,
    /// AutoCAD drawing (DWG), such as a site plan.
    Dwg,
}

impl FileKind {
    /// Every accepted kind.
    pub const ALL: [FileKind; 5] = [
        FileKind::Pdf,
        FileKind::Jpg,
        FileKind::Png,
        FileKind::Gif,
        FileKind::Dwg,
    ];

    /// The code stored and sent (`pdf`, `jpg`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Jpg => "jpg",
            FileKind::Png => "png",
            FileKind::Gif => "gif",
            FileKind::Dwg => "dwg",
        }
    }

    /// The kind of a code; `None` for an unknown one.
    pub fn parse(s: &str) -> Option<Self> {
        FileKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The name shown to users (`PDF`, `JPG`, …).
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Pdf => "PDF",
            FileKind::Jpg => "JPG",
            FileKind::Png => "PNG",
            FileKind::Gif => "GIF",
            FileKind::Dwg => "DWG",
        }
    }

    /// Whether it is a picture (JPG, PNG or GIF), of which the desktop makes a thumbnail.
    pub fn is_image(self) -> bool {
        matches!(self, FileKind::Jpg | FileKind::Png | FileKind::Gif)
    }

    /// The extensions a file of this kind may carry.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Pdf => &["pdf"],
            FileKind::Jpg => &["jpg", "jpeg"],
            FileKind::Png => &["png"],
            FileKind::Gif => &["gif"],
            FileKind::Dwg => &["dwg"],
        }
    }
}

/// The longest side of a picture accepted, in pixels (a 200-megapixel phone photo is
/// 16 320 pixels wide).
pub const IMAGE_MAX_SIDE: u32 = 16_384;
/// The most pixels a picture may have: 64 megapixels, some 256 MB once decoded.
pub const IMAGE_MAX_PIXELS: u64 = 64_000_000;

/// Whether a picture of `width` × `height` pixels may be opened at all: checked from its
/// header, before anything is decoded (a small file can declare a huge picture).
pub fn check_image_size(width: u32, height: u32) -> Result<(), FileRefusal> {
    if width.max(height) > IMAGE_MAX_SIDE || u64::from(width) * u64::from(height) > IMAGE_MAX_PIXELS
    {
        return Err(FileRefusal::ImageTooLarge { width, height });
    }
    Ok(())
}

/// Why a file was refused; its text (`Display`) is the Bahasa Indonesia message shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileRefusal {
    /// Bigger than [`MAX_FILE_BYTES`].
    #[error("Ukuran file {size_mb} MB melebihi batas maksimal 50 MB")]
    TooLarge {
        /// Its size in MB with one decimal, rounded up, with a decimal comma (`50,1`).
        size_mb: String,
    },
    /// Zero bytes long.
    #[error("File kosong tidak dapat diunggah")]
    Empty,
    /// The name's extension claims an accepted kind the bytes are not (a renamed program, say).
    #[error("File \"{name}\" bukan {claimed}: isinya {actual}. File ditolak.")]
    Disguised {
        /// The file's name as given.
        name: String,
        /// The kind its extension claims (its label).
        claimed: String,
        /// What the bytes really are, in words.
        actual: String,
    },
    /// A picture larger than [`IMAGE_MAX_SIDE`] or [`IMAGE_MAX_PIXELS`].
    #[error(
        "Gambar terlalu besar: {width}×{height} piksel. Maksimal 16.384 piksel per sisi dan 64 megapiksel; perkecil gambar lalu unggah lagi."
    )]
    ImageTooLarge {
        /// Its width in pixels, as its header declares.
        width: u32,
        /// Its height in pixels.
        height: u32,
    },
    /// A picture that does not decode to the end (cut short, or damaged).
    #[error(
        "Gambar \"{name}\" rusak atau tidak lengkap sehingga tidak dapat dibuka. Unggah ulang file aslinya."
    )]
    ImageDamaged {
        /// The file's name as given.
        name: String,
    },
    /// Neither the name nor the bytes are of an accepted kind.
    #[error("Jenis file tidak didukung ({actual}). Gunakan PDF, JPG, PNG, GIF atau DWG.")]
    Unsupported {
        /// What the bytes are, in words.
        actual: String,
    },
}

impl FileRefusal {
    /// A stable machine code for the refusal (`file_too_large`, `file_empty`, …).
    pub fn code(&self) -> &'static str {
        match self {
            FileRefusal::TooLarge { .. } => "file_too_large",
            FileRefusal::Empty => "file_empty",
            FileRefusal::Disguised { .. } => "file_disguised",
            FileRefusal::Unsupported { .. } => "file_unsupported",
            FileRefusal::ImageTooLarge { .. } => "image_too_large",
            FileRefusal::ImageDamaged { .. } => "image_damaged",
        }
    }
}

/// What a check needs to know of a stored file: its kind (from the bytes) and its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileInfo {
    /// The kind read from the bytes.
    pub kind: FileKind,
    /// The size in bytes.
    pub size: u64,
}

/// A size in MB with one decimal, rounded up and written the Indonesian way ("5,1 MB"), so
/// that a file just over a limit never reads as the limit itself.
pub fn size_mb(size: u64) -> String {
    let mb = format!(
        "{:.1}",
        (size as f64 / (1024.0 * 1024.0) * 10.0).ceil() / 10.0
    );
    format!("{} MB", mb.replace('.', ","))
}

/// Refuses a file over the limit before any byte of it is read.
pub fn check_size(size: u64) -> Result<(), FileRefusal> {
    if size == 0 {
        Err(FileRefusal::Empty)
    } else if size > MAX_FILE_BYTES {
        Err(FileRefusal::TooLarge {
            // Rounded up, so that a file just over the limit never reads as "50,0 MB".
            size_mb: size_mb(size).trim_end_matches(" MB").to_owned(),
        })
    } else {
        Ok(())
    }
}

fn kind_of(head: &[u8]) -> Option<FileKind> {
    let t = infer::get(head)?;
    match t.extension() {
        "pdf" => Some(FileKind::Pdf),
        "jpg" => Some(FileKind::Jpg),
        "png" => Some(FileKind::Png),
        "gif" => Some(FileKind::Gif),
        "dwg" => Some(FileKind::Dwg),
        _ => None,
    }
}

/// What the bytes are, in words, for a refusal.
fn describe(head: &[u8]) -> String {
    match infer::get(head) {
        Some(t) if matches!(t.matcher_type(), infer::MatcherType::App) => {
            format!("program (executable, {})", t.mime_type())
        }
        Some(t) => format!("file {} ({})", t.extension().to_uppercase(), t.mime_type()),
        None if head.starts_with(b"#!") => "skrip program".to_owned(),
        None => "data yang tidak dikenal".to_owned(),
    }
}

/// Classifies a file from its first bytes ([`SNIFF_BYTES`] are enough) and its name. The
/// bytes decide; a name whose extension says otherwise is refused as disguised.
pub fn classify(name: &str, head: &[u8], size: u64) -> Result<FileKind, FileRefusal> {
    check_size(size)?;
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let claimed = ext.as_deref().and_then(|e| {
        FileKind::ALL
            .into_iter()
            .find(|k| k.extensions().contains(&e))
    });
    match (kind_of(head), claimed) {
        (Some(k), Some(c)) if k == c => Ok(k),
        (Some(k), None) if ext.is_none() => Ok(k),
        (_, Some(c)) => Err(FileRefusal::Disguised {
            name: name.to_owned(),
            claimed: c.label().to_owned(),
            actual: describe(head),
        }),
        (_, None) => Err(FileRefusal::Unsupported {
            actual: describe(head),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj";
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const JPG: &[u8] = b"\xff\xd8\xff\xe0\0\x10JFIF\0";
    const GIF: &[u8] = b"GIF89a\x01\0\x01\0";

    #[rstest]
    #[case(4000, 3000, true)] // a 12-megapixel phone photo
    #[case(16_384, 3_900, true)] // the longest side, 63.9 megapixels
    #[case(16_385, 100, false)] // one pixel too long
    #[case(8_001, 8_000, false)] // 64.008 megapixels
    #[case(40_000, 40_000, false)]
    fn pictures_are_judged_by_their_sides_and_pixels(
        #[case] w: u32,
        #[case] h: u32,
        #[case] ok: bool,
    ) {
        assert_eq!(check_image_size(w, h).is_ok(), ok, "{w}×{h}");
        if !ok {
            assert_eq!(
                check_image_size(w, h).unwrap_err().code(),
                "image_too_large"
            );
        }
    }
    const DWG: &[u8] = b"AC1032\0\0\0\0\0\0";
    const EXE: &[u8] = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0";
    const ELF: &[u8] = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0";

    #[rstest]
    #[case("akta.pdf", PDF, FileKind::Pdf)]
    #[case("KTP.JPG", JPG, FileKind::Jpg)]
    #[case("foto.jpeg", JPG, FileKind::Jpg)]
    #[case("denah.png", PNG, FileKind::Png)]
    #[case("logo.gif", GIF, FileKind::Gif)]
    #[case("siteplan.dwg", DWG, FileKind::Dwg)]
    #[case("tanpa-ekstensi", PDF, FileKind::Pdf)]
    fn accepted_kinds_are_read_from_the_bytes(
        #[case] name: &str,
        #[case] head: &[u8],
        #[case] kind: FileKind,
    ) {
        assert_eq!(classify(name, head, 1000), Ok(kind));
    }

    #[test]
    fn a_renamed_windows_program_is_refused_as_disguised() {
        let e = classify("surat.pdf", EXE, 1000).unwrap_err();
        assert_eq!(e.code(), "file_disguised");
        assert_eq!(
            e.to_string(),
            "File \"surat.pdf\" bukan PDF: isinya program (executable, application/vnd.microsoft.portable-executable). File ditolak."
        );
    }

    #[rstest]
    #[case("foto.jpg", PNG)]
    #[case("gambar.png", ELF)]
    #[case("akta.pdf", b"hanya teks biasa")]
    fn a_mismatch_between_name_and_bytes_is_refused(#[case] name: &str, #[case] head: &[u8]) {
        assert_eq!(
            classify(name, head, 1000).unwrap_err().code(),
            "file_disguised"
        );
    }

    #[rstest]
    #[case("program.exe", EXE)]
    #[case("catatan.txt", b"hanya teks biasa")]
    fn other_kinds_are_unsupported(#[case] name: &str, #[case] head: &[u8]) {
        assert_eq!(
            classify(name, head, 1000).unwrap_err().code(),
            "file_unsupported"
        );
    }

    #[test]
    fn size_is_checked_before_the_bytes() {
        assert_eq!(
            classify("akta.pdf", PDF, MAX_FILE_BYTES + 1)
                .unwrap_err()
                .to_string(),
            "Ukuran file 50,1 MB melebihi batas maksimal 50 MB"
        );
        assert_eq!(
            classify("akta.pdf", PDF, 51 * 1024 * 1024)
                .unwrap_err()
                .code(),
            "file_too_large"
        );
        assert_eq!(classify("akta.pdf", PDF, MAX_FILE_BYTES), Ok(FileKind::Pdf));
        assert_eq!(classify("akta.pdf", b"", 0), Err(FileRefusal::Empty));
    }
}
