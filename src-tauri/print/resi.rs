//! The resi (tanda terima) of a submitted application.

use super::*;

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
