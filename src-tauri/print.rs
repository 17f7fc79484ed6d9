//! Printed documents, made on this computer from the synced data: the resi (Tanda Terima
//! Permohonan) as a PDF with printpdf, with an embedded font and a QR code of the resi.

use printpdf::{
    Color, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, RawImage, Rgb, TextItem, XObjectTransform,
};

const REGULAR: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");

/// What the resi shows.
#[derive(Debug, Clone)]
pub struct ResiInfo {
    pub resi: String,
    pub tanggal: String,
    pub nama: String,
    pub nik: String,
    pub jenis_izin: String,
    pub instansi: String,
    pub jenis_permohonan: String,
    pub lokasi: String,
    /// The documents received, as "name — file".
    pub dokumen: Vec<String>,
}

fn qr_png(text: &str) -> Result<Vec<u8>, String> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|e| e.to_string())?;
    let img = code
        .render::<image::Luma<u8>>()
        .min_dimensions(290, 290)
        .quiet_zone(true)
        .build();
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageLuma8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

struct Writer {
    ops: Vec<Op>,
    regular: PdfFontHandle,
    bold: PdfFontHandle,
}

impl Writer {
    fn text(&mut self, x_mm: f32, y_mm: f32, size: f32, bold: bool, text: &str) {
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

    fn rule(&mut self, y_mm: f32) {
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

const BULAN: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

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
        BULAN[usize::from(u8::from(t.month())) - 1],
        t.year(),
        t.hour(),
        t.minute()
    )
}

/// Splits `text` into lines of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
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

/// The resi as a one-page A4 PDF.
pub fn resi_pdf(info: &ResiInfo) -> Result<Vec<u8>, String> {
    let mut warnings = Vec::new();
    let regular = ParsedFont::from_bytes(REGULAR, 0, &mut warnings)
        .ok_or("font DejaVu Sans tidak terbaca")?;
    let bold = ParsedFont::from_bytes(BOLD, 0, &mut warnings)
        .ok_or("font DejaVu Sans Bold tidak terbaca")?;
    let mut doc = PdfDocument::new(&format!("Tanda Terima Permohonan {}", info.resi));
    let mut w = Writer {
        ops: Vec::new(),
        regular: PdfFontHandle::External(doc.add_font(&regular)),
        bold: PdfFontHandle::External(doc.add_font(&bold)),
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
    w.text(20.0, 255.0, 16.0, true, "TANDA TERIMA PERMOHONAN IZIN");
    w.text(20.0, 243.0, 10.0, false, "Nomor Resi");
    w.text(20.0, 234.0, 20.0, true, &info.resi);

    let rows = [
        ("Tanggal Pengajuan", info.tanggal.as_str()),
        ("Nama Pemohon", info.nama.as_str()),
        ("NIK", info.nik.as_str()),
        ("Jenis Izin", info.jenis_izin.as_str()),
        ("Dinas/Badan", info.instansi.as_str()),
        ("Jenis Permohonan", info.jenis_permohonan.as_str()),
    ];
    let mut y = 220.0;
    for (k, v) in rows {
        w.text(20.0, y, 10.0, false, k);
        for (i, line) in wrap(v, 60).iter().enumerate() {
            w.text(65.0, y - i as f32 * 5.0, 10.0, true, line);
        }
        y -= 5.0 * wrap(v, 60).len() as f32 + 2.5;
    }
    w.text(20.0, y, 10.0, false, "Lokasi Izin");
    for line in wrap(&info.lokasi, 60) {
        w.text(65.0, y, 10.0, true, &line);
        y -= 5.0;
    }
    y -= 5.0;
    w.text(20.0, y, 11.0, true, "Dokumen yang diterima");
    y -= 6.5;
    for (i, d) in info.dokumen.iter().enumerate() {
        for (j, line) in wrap(d, 85).iter().enumerate() {
            let prefix = if j == 0 {
                format!("{}. ", i + 1)
            } else {
                "    ".to_owned()
            };
            w.text(22.0, y, 9.5, false, &format!("{prefix}{line}"));
            y -= 5.0;
        }
    }
    y -= 4.0;
    w.rule(y);
    for line in wrap(
        "Simpan tanda terima ini. Status permohonan dapat dilacak kapan saja di menu Monitoring Izin dengan nomor resi di atas, tanpa login.",
        95,
    ) {
        y -= 6.0;
        w.text(20.0, y, 9.0, false, &line);
    }

    let qr = RawImage::decode_from_bytes(&qr_png(&info.resi)?, &mut Vec::new())?;
    let qr_id = doc.add_image(&qr);
    w.ops.push(Op::UseXobject {
        id: qr_id,
        transform: XObjectTransform {
            translate_x: Some(Mm(152.0).into()),
            translate_y: Some(Mm(217.0).into()),
            dpi: Some(200.0),
            ..Default::default()
        },
    });
    w.text(152.0, 214.0, 7.5, false, "Pindai untuk cek status");

    let page = PdfPage::new(Mm(210.0), Mm(297.0), w.ops);
    let mut save_warnings = Vec::new();
    Ok(doc
        .with_pages(vec![page])
        .save(&PdfSaveOptions::default(), &mut save_warnings))
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_shown_in_samarinda_time() {
        assert_eq!(
            super::tanggal_wita("2026-11-22T13:56:00Z"),
            "22 November 2026 pukul 21.56 WITA"
        );
        assert_eq!(
            super::tanggal_wita("2026-12-31T20:00:00Z"),
            "1 Januari 2027 pukul 04.00 WITA"
        );
    }

    #[test]
    fn long_text_wraps_at_spaces() {
        assert_eq!(
            super::wrap("satu dua tiga empat", 9),
            vec!["satu dua", "tiga", "empat"]
        );
        assert_eq!(super::wrap("", 9), vec![""]);
    }
}
