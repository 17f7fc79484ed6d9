//! Printed documents, made on this computer from the synced data: the resi (Tanda Terima
//! Permohonan) and the permit (Cetak Izin) as PDFs with printpdf, with embedded fonts and
//! QR codes.

use printpdf::{
    Color, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, RawImage, Rgb, TextItem, WindingOrder,
    XObjectTransform,
};
use ts_rs::TS;

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

fn qr_png(text: &str, min_px: u32) -> Result<Vec<u8>, String> {
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

    /// A filled bar `w_mm` wide and `h_mm` high from (x, y) up.
    fn bar(&mut self, x_mm: f32, y_mm: f32, w_mm: f32, h_mm: f32) {
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

/// A new A4 document titled `title` with the fonts embedded and the office's letterhead.
fn letterhead(title: &str) -> Result<(PdfDocument, Writer), String> {
    let mut warnings = Vec::new();
    let regular = ParsedFont::from_bytes(REGULAR, 0, &mut warnings)
        .ok_or("font DejaVu Sans tidak terbaca")?;
    let bold = ParsedFont::from_bytes(BOLD, 0, &mut warnings)
        .ok_or("font DejaVu Sans Bold tidak terbaca")?;
    let mut doc = PdfDocument::new(title);
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
    Ok((doc, w))
}

/// Places a QR code of `text` with its lower left corner at (x, y) mm.
fn place_qr(
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
fn place_image(
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

fn finish(doc: PdfDocument, w: Writer) -> Vec<u8> {
    finish_pages(doc, vec![w])
}

fn finish_pages(mut doc: PdfDocument, pages: Vec<Writer>) -> Vec<u8> {
    let pages = pages
        .into_iter()
        .map(|w| PdfPage::new(Mm(210.0), Mm(297.0), w.ops))
        .collect();
    let mut save_warnings = Vec::new();
    doc.with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut save_warnings)
}

/// The resi as a one-page A4 PDF.
pub fn resi_pdf(info: &ResiInfo) -> Result<Vec<u8>, String> {
    let (mut doc, mut w) = letterhead(&format!("Tanda Terima Permohonan {}", info.resi))?;
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

    place_qr(&mut doc, &mut w, &info.resi, 290, 152.0, 217.0, 200.0)?;
    w.text(152.0, 214.0, 7.5, false, "Pindai untuk cek status");
    Ok(finish(doc, w))
}

/// A YYYY-MM-DD date as "23 November 2026".
pub fn tanggal_panjang(ymd: &str) -> String {
    match eptsp_core::calendar::parse_date(ymd) {
        Some(d) => format!(
            "{} {} {}",
            d.day(),
            BULAN[usize::from(u8::from(d.month())) - 1],
            d.year()
        ),
        None => ymd.to_owned(),
    }
}

/// Cetak Izin: the signed permit as a one-page A4 PDF, with the TTE block and a QR code
/// that carries the verification address, the content and the signature.
/// The permit as a one-page A4 PDF; `map` is the site's map preview (PNG), drawn under the
/// details when there is room.
pub fn izin_pdf(
    izin: &eptsp_core::izin::SignedIzin,
    map: Option<&[u8]>,
) -> Result<Vec<u8>, String> {
    let c = &izin.content;
    let (mut doc, mut w) = letterhead(&format!("Izin {}", c.nomor))?;
    w.text(20.0, 254.0, 15.0, true, "SURAT IZIN");
    let mut y = 246.0;
    for line in wrap(&c.jenis_izin.to_uppercase(), 60) {
        w.text(20.0, y, 12.0, true, &line);
        y -= 6.0;
    }
    w.text(20.0, y - 2.0, 10.5, false, &format!("Nomor: {}", c.nomor));
    y -= 14.0;
    for line in wrap(
        "Berdasarkan permohonan yang telah diverifikasi dan memenuhi persyaratan, Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Provinsi Kalimantan Timur memberikan izin kepada:",
        90,
    ) {
        w.text(20.0, y, 9.5, false, &line);
        y -= 5.0;
    }
    y -= 3.0;
    let berlaku = if c.berlaku_sampai.is_empty() {
        "Selama usaha/kegiatan berjalan".to_owned()
    } else {
        format!(
            "{} s.d. {}",
            tanggal_panjang(&c.terbit),
            tanggal_panjang(&c.berlaku_sampai)
        )
    };
    let koordinat = format!("Lintang {}, Bujur {}", c.lintang, c.bujur);
    let outline = eptsp_core::izin::outline_points(&c.poligon);
    let luas = eptsp_map::site::outline_area(&outline).map(eptsp_map::atlas::format_area);
    let mut rows = vec![
        ("Nama Pemegang Izin", c.pemegang.as_str()),
        (
            "Nama Perusahaan",
            if c.perusahaan.is_empty() {
                "-"
            } else {
                c.perusahaan.as_str()
            },
        ),
        ("Jenis Izin", c.jenis_izin.as_str()),
        ("Jenis Permohonan", c.jenis_permohonan.as_str()),
        ("Lokasi", c.lokasi.as_str()),
        ("Koordinat", koordinat.as_str()),
    ];
    let batas = format!(
        "{} titik sudut; peta dan koordinatnya pada Lampiran",
        outline.len()
    );
    if let Some(luas) = &luas {
        rows.push(("Luas Area", luas.as_str()));
        rows.push(("Batas Area", batas.as_str()));
    }
    rows.extend([
        ("Nomor Resi", c.resi.as_str()),
        ("Masa Berlaku", berlaku.as_str()),
    ]);
    for (k, v) in rows {
        w.text(20.0, y, 10.0, false, k);
        let lines = wrap(v, 60);
        for (i, line) in lines.iter().enumerate() {
            w.text(65.0, y - i as f32 * 5.0, 10.0, true, line);
        }
        y -= 5.0 * lines.len() as f32 + 2.5;
    }
    y -= 4.0;
    for line in wrap(
        "Izin ini berlaku sejak tanggal ditetapkan dan wajib dipatuhi sesuai ketentuan peraturan perundang-undangan. Izin dapat dicabut apabila pemegang izin tidak memenuhi kewajibannya.",
        90,
    ) {
        w.text(20.0, y, 9.0, false, &line);
        y -= 4.8;
    }

    // The TTE block.
    let top = 92.0;
    // The site on the map, between the details and the signature block (an area permit's
    // outline goes on the Lampiran, at full width).
    if let (Some(png), None) = (map, &luas) {
        let height = (y - 2.0 - (top + 12.0)).min(48.0);
        if height >= 25.0 {
            let image = RawImage::decode_from_bytes(png, &mut Vec::new())?;
            let px_w = image.width as f32;
            let width = height * px_w / image.height as f32;
            place_image(
                &mut doc,
                &mut w,
                &image,
                20.0,
                y - 2.0 - height,
                px_w / (width / 25.4),
            );
            let mut cy = y - 6.0;
            for line in wrap(
                &format!(
                    "Peta lokasi izin: titik merah pada Lintang {}, Bujur {}.",
                    c.lintang, c.bujur
                ),
                40,
            ) {
                w.text(24.0 + width, cy, 8.5, false, &line);
                cy -= 4.2;
            }
        }
    }
    w.rule(top + 8.0);
    w.text(
        110.0,
        top,
        9.5,
        false,
        &format!("Ditetapkan di Samarinda, {}", tanggal_panjang(&c.terbit)),
    );
    let mut ty = top - 5.0;
    for line in wrap(&c.jabatan, 45) {
        w.text(110.0, ty, 9.5, false, &line);
        ty -= 4.8;
    }
    ty -= 3.0;
    w.text(110.0, ty, 9.0, true, "DITANDATANGANI SECARA ELEKTRONIK");
    ty -= 8.0;
    w.text(110.0, ty, 10.5, true, &c.penandatangan);
    ty -= 8.0;
    for line in wrap(
        &format!(
            "Tanda tangan elektronik (Ed25519, kunci {}). Pindai kode QR untuk memeriksa keabsahan izin ini; pemeriksaan juga dapat dilakukan tanpa internet dengan aplikasi E-PTSP.",
            c.key_id
        ),
        50,
    ) {
        w.text(110.0, ty, 7.5, false, &line);
        ty -= 3.8;
    }
    place_qr(
        &mut doc,
        &mut w,
        &eptsp_core::izin::qr_payload(izin),
        660,
        20.0,
        top - 62.0,
        300.0,
    )?;
    w.text(20.0, top - 66.0, 7.5, false, "Pindai untuk verifikasi izin");
    let mut pages = vec![w];
    if luas.is_some() {
        let lampiran = lampiran_pages(&mut doc, &pages[0], c, &outline, map)?;
        pages.extend(lampiran);
    }
    Ok(finish_pages(doc, pages))
}

/// The Lampiran of an area permit: the outline on the map at full width, then its vertices
/// as a table, continued on further pages when they do not fit.
fn lampiran_pages(
    doc: &mut PdfDocument,
    first: &Writer,
    c: &eptsp_core::izin::IzinContent,
    outline: &[eptsp_core::dossier::Titik],
    map: Option<&[u8]>,
) -> Result<Vec<Writer>, String> {
    let page = |continued: bool| {
        let mut w = Writer {
            ops: Vec::new(),
            regular: first.regular.clone(),
            bold: first.bold.clone(),
        };
        let title = if continued {
            "LAMPIRAN SURAT IZIN (lanjutan)"
        } else {
            "LAMPIRAN SURAT IZIN"
        };
        w.text(20.0, 277.0, 11.0, true, title);
        w.text(20.0, 271.0, 10.0, false, &format!("Nomor: {}", c.nomor));
        w.rule(266.0);
        w
    };
    let mut pages = Vec::new();
    let mut w = page(false);
    let mut y = 258.0;
    if let Some(png) = map {
        let image = RawImage::decode_from_bytes(png, &mut Vec::new())?;
        let width = 170.0;
        let height = width * image.height as f32 / image.width as f32;
        let dpi = image.width as f32 / (width / 25.4);
        place_image(doc, &mut w, &image, 20.0, y - height, dpi);
        y -= height + 5.0;
        w.text(
            20.0,
            y,
            8.5,
            false,
            &format!(
                "Peta lokasi izin: batas area bergaris merah, {} titik sudut.",
                outline.len()
            ),
        );
        y -= 9.0;
    }
    w.text(20.0, y, 10.5, true, "Titik Koordinat Batas Area (WGS 84)");
    y -= 7.0;
    let header = |w: &mut Writer, y: f32| {
        w.text(20.0, y, 9.5, true, "No.");
        w.text(35.0, y, 9.5, true, "Lintang");
        w.text(70.0, y, 9.5, true, "Bujur");
        w.text(105.0, y, 9.5, true, "Lintang / Bujur (DMS)");
    };
    header(&mut w, y);
    for (i, t) in outline.iter().enumerate() {
        y -= 5.0;
        if y < 25.0 {
            pages.push(w);
            w = page(true);
            y = 258.0;
            header(&mut w, y);
            y -= 5.0;
        }
        let dms = eptsp_map::LatLng::new(t.lat, t.lng).display_dms();
        w.text(20.0, y, 9.0, false, &format!("{}", i + 1));
        w.text(35.0, y, 9.0, false, &format!("{:.6}", t.lat));
        w.text(70.0, y, 9.0, false, &format!("{:.6}", t.lng));
        w.text(105.0, y, 9.0, false, &dms);
    }
    y -= 9.0;
    if y < 30.0 {
        pages.push(w);
        w = page(true);
        y = 258.0;
    }
    for line in wrap(
        "Titik-titik di atas dihubungkan berurutan, dan titik terakhir ke titik pertama. Koordinat ini termasuk isi izin yang ditandatangani secara elektronik.",
        95,
    ) {
        w.text(20.0, y, 8.5, false, &line);
        y -= 4.5;
    }
    pages.push(w);
    Ok(pages)
}

/// The IKM report as a one-page A4 PDF: the index, its band, a bar for each element's
/// NRR, and the table per permit type.
pub fn ikm_pdf(r: &eptsp_core::ikm::IkmReport) -> Result<Vec<u8>, String> {
    let (doc, mut w) = letterhead(&format!("Laporan IKM {} s.d. {}", r.from, r.to))?;
    w.text(
        20.0,
        254.0,
        15.0,
        true,
        "LAPORAN INDEKS KEPUASAN MASYARAKAT",
    );
    w.text(
        20.0,
        246.0,
        10.0,
        false,
        &format!(
            "Periode {} s.d. {} · dihitung menurut PermenPAN-RB No. 14 Tahun 2017",
            tanggal_panjang(&r.from),
            tanggal_panjang(&r.to)
        ),
    );
    let Some(all) = &r.overall else {
        w.text(
            20.0,
            232.0,
            11.0,
            true,
            "Belum ada survey pada periode ini.",
        );
        return Ok(finish(doc, w));
    };
    w.text(
        20.0,
        234.0,
        12.0,
        true,
        &format!(
            "IKM {:.2} (mutu {:?}, {}) dari {} responden",
            all.converted, all.mutu, all.kinerja, all.respondents
        )
        .replace('.', ","),
    );
    if let Some(p) = r.persepsi_korupsi {
        w.text(
            20.0,
            227.0,
            10.0,
            false,
            &format!("Indeks persepsi korupsi: {p:.2}").replace('.', ","),
        );
    }
    // Bars: NRR 1–4 of U1..U9, 4 = 100 mm.
    let names = [
        "U1 Persyaratan",
        "U2 Prosedur",
        "U3 Waktu",
        "U4 Biaya/tarif",
        "U5 Produk layanan",
        "U6 Kompetensi",
        "U7 Perilaku",
        "U8 Pengaduan",
        "U9 Sarana",
    ];
    let mut y = 215.0;
    for (name, nrr) in names.iter().zip(&all.nrr) {
        w.text(20.0, y, 9.0, false, name);
        w.bar(60.0, y - 1.0, (*nrr as f32) * 25.0, 4.0);
        w.text(
            63.0 + (*nrr as f32) * 25.0,
            y,
            9.0,
            true,
            &format!("{nrr:.2}").replace('.', ","),
        );
        y -= 7.0;
    }
    y -= 4.0;
    w.rule(y + 3.0);
    w.text(20.0, y - 3.0, 10.0, true, "Per jenis izin");
    y -= 10.0;
    for p in &r.per_permit_type {
        for (i, line) in wrap(&p.jenis_izin, 60).iter().enumerate() {
            w.text(20.0, y - i as f32 * 4.5, 9.0, false, line);
        }
        w.text(
            140.0,
            y,
            9.0,
            true,
            &format!(
                "{:.2} ({:?}) · {} resp.",
                p.result.converted, p.result.mutu, p.result.respondents
            )
            .replace('.', ","),
        );
        y -= 4.5 * wrap(&p.jenis_izin, 60).len() as f32 + 2.5;
        if y < 20.0 {
            break;
        }
    }
    Ok(finish(doc, w))
}

/// Why a document did not reach the printer, in words for the user.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PrinterError {
    #[error(
        "Layanan printer tidak tersedia di komputer ini. Buka PDF-nya lalu cetak dari penampil PDF."
    )]
    NoService,
    #[error("Belum ada printer bawaan. Atur printer bawaan di pengaturan sistem, lalu coba lagi.")]
    NoPrinter,
    #[error("Printer \"{0}\" tidak ditemukan. Periksa nama printer di Pengaturan.")]
    NotFound(String),
    #[error("Printer menolak dokumen: {0}")]
    Refused(String),
}

/// Where printing goes (Pengaturan): empty fields mean the system's own choice.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, TS)]
#[ts(export)]
pub struct PrinterChoice {
    /// A printer (CUPS destination) name; empty: the default printer.
    pub name: String,
    /// A CUPS print server as host or host:port; empty: this computer.
    pub server: String,
}

/// `host` or `host:port`, nothing else (it goes on `lp`'s command line).
pub fn valid_print_server(s: &str) -> bool {
    let (host, port) = match s.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (s, None),
    };
    !host.is_empty()
        && !host.starts_with('-')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && port.is_none_or(|p| p.parse::<u16>().is_ok_and(|n| n > 0))
}

/// Sends the PDF at `path` to a printer: CUPS `lp` on Linux and macOS, the shell's Print
/// verb (default printer) on Windows. Returns the print job's id when the spooler gives
/// one.
pub fn send_to_printer(
    path: &std::path::Path,
    title: &str,
    to: &PrinterChoice,
) -> Result<String, PrinterError> {
    #[cfg(windows)]
    let out = {
        let _ = (title, to);
        std::process::Command::new("powershell")
            .args([
                "-NoProfile",
                "-Command",
                "Start-Process -Verb Print -FilePath $args[0]",
            ])
            .arg(path)
            .output()
    };
    #[cfg(not(windows))]
    let out = {
        let mut lp = std::process::Command::new("lp");
        if !to.server.is_empty() {
            lp.arg("-h").arg(&to.server);
        }
        if !to.name.is_empty() {
            lp.arg("-d").arg(&to.name);
        }
        lp.arg("-t").arg(title).arg("--").arg(path).output()
    };
    let out = out.map_err(|_| PrinterError::NoService)?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(printer_failure(&stderr, &to.name));
    }
    // "request id is Kantor-12 (1 file(s))"
    Ok(stdout
        .split_whitespace()
        .skip_while(|w| *w != "is")
        .nth(1)
        .unwrap_or("")
        .to_owned())
}

fn printer_failure(stderr: &str, name: &str) -> PrinterError {
    let s = stderr.to_lowercase();
    if !name.is_empty() && (s.contains("does not exist") || s.contains("not found")) {
        PrinterError::NotFound(name.to_owned())
    } else if s.contains("no default destination") || s.contains("does not exist") {
        PrinterError::NoPrinter
    } else if s.contains("scheduler is not running") || s.contains("unable to connect") {
        PrinterError::NoService
    } else {
        PrinterError::Refused(stderr.trim().trim_start_matches("lp: ").to_owned())
    }
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

    #[test]
    fn a_print_server_is_a_host_with_an_optional_port() {
        for ok in ["cetak.kantor.local", "10.1.2.3:631", "localhost"] {
            assert!(super::valid_print_server(ok), "{ok}");
        }
        for bad in [
            "",
            ":631",
            "a b",
            "host:0",
            "host:99999",
            "-h evil",
            "-x",
            "x;rm",
        ] {
            assert!(!super::valid_print_server(bad), "{bad}");
        }
    }

    #[test]
    fn what_lp_says_becomes_a_message_for_the_user() {
        use super::{PrinterError, printer_failure};
        assert_eq!(
            printer_failure("lp: Error - No default destination.\n", ""),
            PrinterError::NoPrinter
        );
        assert_eq!(
            printer_failure("lp: The printer or class does not exist.\n", "Lantai2"),
            PrinterError::NotFound("Lantai2".into())
        );
        assert_eq!(
            printer_failure("lp: Error - Scheduler is not running.\n", ""),
            PrinterError::NoService
        );
        assert_eq!(
            printer_failure("lp: Destination \"kantor\" is not accepting jobs.\n", ""),
            PrinterError::Refused("Destination \"kantor\" is not accepting jobs.".into())
        );
    }
}
