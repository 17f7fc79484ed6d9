//! The two faces every PDF here is set in (DejaVu Sans and its bold), parsed once per
//! process, and cut down when a document is saved to the glyphs its pages show, so a
//! one-page resi carries a few kilobytes of font instead of two whole ~700 KB faces.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use printpdf::{FontId, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, TextItem};

use super::{BOLD, REGULAR};

/// The regular and bold faces, parsed from the bytes built into the app.
static FACES: LazyLock<Result<(ParsedFont, ParsedFont), String>> = LazyLock::new(|| {
    let parse = |bytes: &[u8], name: &str| {
        ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
            .ok_or_else(|| format!("font {name} tidak terbaca"))
    };
    Ok((
        parse(REGULAR, "DejaVu Sans")?,
        parse(BOLD, "DejaVu Sans Bold")?,
    ))
});

/// The regular and bold faces (parsed on the first call only).
pub(super) fn faces() -> Result<&'static (ParsedFont, ParsedFont), String> {
    FACES.as_ref().map_err(Clone::clone)
}

/// The characters each font shows on `pages`.
fn used_chars(pages: &[PdfPage]) -> BTreeMap<FontId, BTreeSet<char>> {
    let mut used: BTreeMap<FontId, BTreeSet<char>> = BTreeMap::new();
    for page in pages {
        let mut font = None;
        for op in &page.ops {
            match op {
                Op::SetFont {
                    font: PdfFontHandle::External(id),
                    ..
                } => font = Some(id.clone()),
                Op::ShowText { items } => {
                    let Some(id) = &font else { continue };
                    let chars = used.entry(id.clone()).or_default();
                    for item in items {
                        if let TextItem::Text(text) = item {
                            chars.extend(text.chars());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    used
}

/// `font` cut down to the glyphs of `chars` (and `.notdef`), parsed again so that its
/// own character map and widths are what the PDF's text is encoded with.
fn subset(font: &ParsedFont, chars: &BTreeSet<char>) -> Option<ParsedFont> {
    let glyphs: BTreeSet<u16> = chars
        .iter()
        .filter_map(|c| font.lookup_glyph_index(u32::from(*c)))
        .filter(|g| *g != 0)
        .collect();
    // `.notdef` first, as the subsetter requires.
    let ids: Vec<u16> = std::iter::once(0).chain(glyphs).collect();
    let data = ReadScope::new(&font.original_bytes)
        .read::<FontData<'_>>()
        .ok()?;
    let provider = data.table_provider(font.font_index as usize).ok()?;
    let bytes =
        allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).ok()?;
    ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())
}

/// Replaces every font of `doc` by its subset for `pages`. A font that cannot be cut
/// down stays whole: a larger file, never a page without text.
pub(super) fn subset_fonts(doc: &mut PdfDocument, pages: &[PdfPage]) {
    for (id, chars) in used_chars(pages) {
        let Some(font) = doc.resources.fonts.map.get_mut(&id) else {
            continue;
        };
        match subset(&font.parsed_font, &chars) {
            Some(small) => font.parsed_font = small,
            None => tracing::warn!("a PDF font could not be subset; it is embedded whole"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{letterhead, save};

    /// A page in both faces with the letters Indonesian names and amounts bring.
    fn page(subset: bool) -> Vec<u8> {
        let (doc, mut w) = letterhead("Uji huruf").unwrap();
        w.text(
            20.0,
            250.0,
            14.0,
            true,
            "TANDA TERIMA — Rp 1.500.000,00 (100%)",
        );
        w.text(
            20.0,
            240.0,
            11.0,
            false,
            "Pemohon: Ni Luh Ayu Ñoman, café & ümlaut ½ °C",
        );
        w.text(
            20.0,
            230.0,
            11.0,
            false,
            "Samarinda, 3 Desember 2026 pukul 07.45 WITA",
        );
        save(doc, vec![w], subset)
    }

    /// The page drawn by poppler at 100 dpi, as grey pixels.
    fn render(pdf: &[u8]) -> image::GrayImage {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("p.pdf"), pdf).unwrap();
        let ok = std::process::Command::new("pdftoppm")
            .args(["-r", "100", "-gray", "-png", "-singlefile", "p.pdf", "p"])
            .current_dir(dir.path())
            .status()
            .expect("pdftoppm (poppler-utils)");
        assert!(ok.success());
        image::open(dir.path().join("p.png")).unwrap().to_luma8()
    }

    #[test]
    fn a_subset_font_draws_the_same_page_as_the_whole_one_in_a_fraction_of_the_bytes() {
        let (small, whole) = (page(true), page(false));
        assert!(
            small.len() * 20 < whole.len(),
            "{} bytes subset, {} whole",
            small.len(),
            whole.len()
        );
        let (a, b) = (render(&small), render(&whole));
        assert_eq!(a.dimensions(), b.dimensions());
        let inked = b.pixels().filter(|p| p.0[0] < 128).count();
        assert!(
            inked > 2000,
            "the page shows its text ({inked} dark pixels)"
        );
        let differ = a
            .pixels()
            .zip(b.pixels())
            .filter(|(x, y)| x.0[0].abs_diff(y.0[0]) > 16)
            .count();
        assert_eq!(differ, 0, "pixels drawn differently");
    }
}
