//! The IKM survey report as a PDF.

use super::*;

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
