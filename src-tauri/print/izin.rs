//! The izin: the signed permit with its QR code, map and attachments list.

use printpdf::{PdfDocument, RawImage};

use super::*;

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
    // The permit type's Data Detail that the permit carries (signed with it).
    for r in &c.rincian {
        rows.push((r.label.as_str(), r.nilai.as_str()));
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
    let mut map_left = None;
    if let (Some(png), None) = (map, &luas) {
        let height = (y - 2.0 - (top + 12.0)).min(48.0);
        if height < 25.0 {
            // A permit with much detail has no room left here: the map goes on a Lampiran.
            map_left = Some(png);
            w.text(
                20.0,
                y - 3.0,
                8.5,
                false,
                "Peta lokasi izin: pada Lampiran.",
            );
        } else {
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
    } else if let Some(png) = map_left {
        let lampiran = point_lampiran(&mut doc, &pages[0], c, png)?;
        pages.push(lampiran);
    }
    Ok(finish_pages(doc, pages))
}

/// The Lampiran of a point permit whose first page had no room for the map: the map at
/// full width with the point's coordinates.
fn point_lampiran(
    doc: &mut PdfDocument,
    first: &Writer,
    c: &eptsp_core::izin::IzinContent,
    png: &[u8],
) -> Result<Writer, String> {
    let mut w = lampiran_page(first, c, false);
    let image = RawImage::decode_from_bytes(png, &mut Vec::new())?;
    let width = 170.0;
    let height = width * image.height as f32 / image.width as f32;
    let dpi = image.width as f32 / (width / 25.4);
    place_image(doc, &mut w, &image, 20.0, 258.0 - height, dpi);
    w.text(
        20.0,
        253.0 - height,
        8.5,
        false,
        &format!(
            "Peta lokasi izin: titik merah pada Lintang {}, Bujur {}.",
            c.lintang, c.bujur
        ),
    );
    Ok(w)
}

/// The Lampiran of an area permit: the outline on the map at full width, then its vertices
/// as a table, continued on further pages when they do not fit.
pub(super) fn lampiran_pages(
    doc: &mut PdfDocument,
    first: &Writer,
    c: &eptsp_core::izin::IzinContent,
    outline: &[eptsp_core::dossier::Titik],
    map: Option<&[u8]>,
) -> Result<Vec<Writer>, String> {
    let page = |continued: bool| lampiran_page(first, c, continued);
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

/// A Lampiran page with its heading, in the fonts of the permit's `first` page.
fn lampiran_page(first: &Writer, c: &eptsp_core::izin::IzinContent, continued: bool) -> Writer {
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
}
