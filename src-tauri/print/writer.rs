//! The page writer every PDF here shares: fonts, wrapped text, the letterhead, QR codes and images, and Indonesian dates in WITA.

use printpdf::{
    Color, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Polygon, PolygonRing, Pt, RawImage, Rgb, TextItem, WindingOrder, XObjectTransform,
};

pub(super) fn qr_png(text: &str, min_px: u32) -> Result<Vec<u8>, String> {
    // Medium error correction, or low when the text is too long for it (a permit with a
    // long outline): a code that scans beats no code.
    let code = qrcode::QrCode::new(text.as_bytes())
        .or_else(|_| qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::L))
        .map_err(|e| format!("kode QR tidak dapat dibuat: {e}"))?;
    let img = code
        .render::<image::Luma<u8>>()
        .min_dimensions(min_px, min_px)
        .quiet_zone(true)
        .build();
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageLuma8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

pub(super) struct Writer {
    pub(super) ops: Vec<Op>,
    pub(super) regular: PdfFontHandle,
    pub(super) bold: PdfFontHandle,
}

impl Writer {
    pub(super) fn text(&mut self, x_mm: f32, y_mm: f32, size: f32, bold: bool, text: &str) {
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: if bold {
                    self.bold.clone()
                } else {
                    self.regular.clone()
                },
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point {
                    x: Mm(x_mm).into(),
                    y: Mm(y_mm).into(),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    /// A filled bar `w_mm` wide and `h_mm` high from (x, y) up.
    pub(super) fn bar(&mut self, x_mm: f32, y_mm: f32, w_mm: f32, h_mm: f32) {
        let p = |x: f32, y: f32| LinePoint {
            p: Point {
                x: Mm(x).into(),
                y: Mm(y).into(),
            },
            bezier: false,
        };
        self.ops.extend([
            Op::SetFillColor {
                col: Color::Rgb(Rgb {
                    r: 0.05,
                    g: 0.43,
                    b: 0.31,
                    icc_profile: None,
                }),
            },
            Op::DrawPolygon {
                polygon: Polygon {
                    rings: vec![PolygonRing {
                        points: vec![
                            p(x_mm, y_mm),
                            p(x_mm + w_mm, y_mm),
                            p(x_mm + w_mm, y_mm + h_mm),
                            p(x_mm, y_mm + h_mm),
                        ],
                    }],
                    mode: PaintMode::Fill,
                    winding_order: WindingOrder::NonZero,
                },
            },
            Op::SetFillColor {
                col: Color::Rgb(Rgb {
                    r: 0.0,
                    g: 0.0,
                    b: 0.0,
                    icc_profile: None,
                }),
            },
        ]);
    }

    pub(super) fn rule(&mut self, y_mm: f32) {
        let p = |x: f32| LinePoint {
            p: Point {
                x: Mm(x).into(),
                y: Mm(y_mm).into(),
            },
            bezier: false,
        };
        self.ops.extend([
            Op::SetOutlineColor {
                col: Color::Rgb(Rgb {
                    r: 0.05,
                    g: 0.43,
                    b: 0.31,
                    icc_profile: None,
                }),
            },
            Op::SetOutlineThickness { pt: Pt(1.2) },
            Op::DrawLine {
                line: Line {
                    points: vec![p(20.0), p(190.0)],
                    is_closed: false,
                },
            },
        ]);
    }
}

/// An RFC 3339 instant as a date and time in Samarinda ("22 November 2026 pukul 21.56 WITA").
pub fn tanggal_wita(rfc3339: &str) -> String {
    let Ok(t) =
        time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
    else {
        return rfc3339.to_owned();
    };
    let t = t.to_offset(time::macros::offset!(+8));
    format!(
        "{} {} {} pukul {:02}.{:02} WITA",
        t.day(),
        eptsp_core::calendar::month_name(t.month()),
        t.year(),
        t.hour(),
        t.minute()
    )
}

/// Splits `text` into lines of at most `width` characters, at spaces.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let last = lines.last_mut().expect("one line at least");
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_owned());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}

/// A new A4 document titled `title` with the fonts embedded and the office's letterhead.
pub(super) fn letterhead(title: &str) -> Result<(PdfDocument, Writer), String> {
    let (regular, bold) = super::fonts::faces()?;
    let mut doc = PdfDocument::new(title);
    let mut w = Writer {
        ops: Vec::new(),
        regular: PdfFontHandle::External(doc.add_font(regular)),
        bold: PdfFontHandle::External(doc.add_font(bold)),
    };
    w.text(
        20.0,
        277.0,
        11.0,
        true,
        "PEMERINTAH PROVINSI KALIMANTAN TIMUR",
    );
    w.text(
        20.0,
        271.0,
        10.0,
        false,
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    );
    w.rule(266.0);
    Ok((doc, w))
}

/// Places a QR code of `text` with its lower left corner at (x, y) mm.
pub(super) fn place_qr(
    doc: &mut PdfDocument,
    w: &mut Writer,
    text: &str,
    min_px: u32,
    x_mm: f32,
    y_mm: f32,
    dpi: f32,
) -> Result<(), String> {
    let qr = RawImage::decode_from_bytes(&qr_png(text, min_px)?, &mut Vec::new())?;
    place_image(doc, w, &qr, x_mm, y_mm, dpi);
    Ok(())
}

/// Places `image` with its lower left corner at (x, y) mm, at `dpi` dots per inch.
pub(super) fn place_image(
    doc: &mut PdfDocument,
    w: &mut Writer,
    image: &RawImage,
    x_mm: f32,
    y_mm: f32,
    dpi: f32,
) {
    let id = doc.add_image(image);
    w.ops.push(Op::UseXobject {
        id,
        transform: XObjectTransform {
            translate_x: Some(Mm(x_mm).into()),
            translate_y: Some(Mm(y_mm).into()),
            dpi: Some(dpi),
            ..Default::default()
        },
    });
}

pub(super) fn finish(doc: PdfDocument, w: Writer) -> Vec<u8> {
    finish_pages(doc, vec![w])
}

pub(super) fn finish_pages(doc: PdfDocument, pages: Vec<Writer>) -> Vec<u8> {
    save(doc, pages, true)
}

/// The PDF of `pages` on A4, with its fonts cut down to what they show when `subset`.
pub(super) fn save(mut doc: PdfDocument, pages: Vec<Writer>, subset: bool) -> Vec<u8> {
    let pages: Vec<PdfPage> = pages
        .into_iter()
        .map(|w| PdfPage::new(Mm(210.0), Mm(297.0), w.ops))
        .collect();
    if subset {
        super::fonts::subset_fonts(&mut doc, &pages);
    }
    let mut save_warnings = Vec::new();
    doc.with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut save_warnings)
}

/// A YYYY-MM-DD date as "23 November 2026".
pub fn tanggal_panjang(ymd: &str) -> String {
    eptsp_core::calendar::parse_date(ymd)
        .map_or_else(|| ymd.to_owned(), eptsp_core::calendar::format_date_long)
}
