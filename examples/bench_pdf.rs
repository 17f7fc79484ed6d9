//! Measures Cetak Resi: rendering the resi PDF in the app (the first render of a process,
//! which also parses the fonts, and a warm one, as the running app prints), and its size,
//! against headless Chromium printing an equivalent HTML resi (the same text, font and
//! QR code) to PDF from a cold process, as a web portal's "print to PDF" would.
//!
//! Run with `scripts/bench.sh` (release build); needs Debian's `chromium`.

#[path = "common/chromium.rs"]
mod chromium;
#[path = "common/report.rs"]
mod report;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn info() -> eptsp_desktop::print::ResiInfo {
    eptsp_desktop::print::ResiInfo {
        resi: "7K3M-Q9X2-H4T".into(),
        tanggal: "22 November 2026 pukul 21.56 WITA".into(),
        nama: "Ani Lestari, S.E.".into(),
        nik: "6472015505900011".into(),
        jenis_izin: "Izin Pengusahaan Air Tanah (SIPA)".into(),
        instansi: "Dinas Energi dan Sumber Daya Mineral".into(),
        jenis_permohonan: "Perizinan Baru".into(),
        lokasi: "Jl. Gajah Mada No. 12, Rawa Makmur, Palaran, KOTA SAMARINDA — Koordinat -0.502106, 117.153709".into(),
        dokumen: (1..=8).map(|i| format!("Dokumen persyaratan {i} — berkas-{i}.pdf")).collect(),
    }
}

/// The same resi as HTML, set in the same DejaVu Sans, with the same QR code.
fn html(info: &eptsp_desktop::print::ResiInfo, fonts: &Path) -> String {
    let rows = [
        ("Tanggal Pengajuan", &info.tanggal),
        ("Nama Pemohon", &info.nama),
        ("NIK", &info.nik),
        ("Jenis Izin", &info.jenis_izin),
        ("Dinas/Badan", &info.instansi),
        ("Jenis Permohonan", &info.jenis_permohonan),
        ("Lokasi Izin", &info.lokasi),
    ]
    .iter()
    .map(|(k, v)| format!("<tr><td>{k}</td><td><b>{v}</b></td></tr>"))
    .collect::<String>();
    let docs = info
        .dokumen
        .iter()
        .map(|d| format!("<li>{d}</li>"))
        .collect::<String>();
    format!(
        r#"<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Tanda Terima Permohonan {resi}</title>
<style>{style}</style></head><body>
<b>PEMERINTAH PROVINSI KALIMANTAN TIMUR</b><br>Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu<hr>
<img class="qr" src="{qr}" alt="QR"><h1>TANDA TERIMA PERMOHONAN IZIN</h1>
<div>Nomor Resi</div><div class="big">{resi}</div><table>{rows}</table>
<h2 style="font-size:11pt">Dokumen yang diterima</h2><ol>{docs}</ol><hr>
<p style="font-size:9pt">Simpan tanda terima ini. Status permohonan dapat dilacak kapan saja di menu Monitoring Izin dengan nomor resi di atas, tanpa login.</p>
</body></html>"#,
        resi = info.resi,
        style = chromium::style(fonts),
        qr = chromium::data_url(&chromium::qr_png(&info.resi)),
    )
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("once") {
        // A fresh process: the first print of the day.
        let t = Instant::now();
        let pdf = eptsp_desktop::print::resi_pdf(&info()).unwrap();
        println!("{} {}", t.elapsed().as_secs_f64() * 1e3, pdf.len());
        return;
    }
    let me = std::env::current_exe().unwrap();
    let mut first = Vec::new();
    for _ in 0..RUNS {
        let out = Command::new(&me).arg("once").output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        first.push(text.split(' ').next().unwrap().parse::<f64>().unwrap());
    }
    let mut warm = Vec::new();
    let mut pdf = Vec::new();
    for _ in 0..4 * RUNS {
        let t = Instant::now();
        pdf = eptsp_desktop::print::resi_pdf(&info()).unwrap();
        warm.push(t.elapsed());
    }
    let work = tempfile::tempdir().unwrap();
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts");
    let page = work.path().join("resi.html");
    std::fs::write(&page, html(&info(), &fonts)).unwrap();
    let (chromium, chromium_pdf) = chromium::print_to_pdf(&page, work.path(), RUNS);
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("resi.pdf"), &pdf).unwrap();
    std::fs::write(target.join("resi-chromium.pdf"), &chromium_pdf).unwrap();
    let median = |v: &[Duration]| {
        let mut v = v.to_vec();
        v.sort();
        v[v.len() / 2].as_secs_f64() * 1e3
    };
    println!(
        "Cetak Resi PDF: first render of a process {:.1} ms, warm {:.1} ms, {} KB; Chromium (cold process) {:.0} ms, {} KB; samples in target/bench/",
        first.iter().copied().fold(f64::NAN, f64::min),
        median(&warm),
        pdf.len() / 1024,
        median(&chromium),
        chromium_pdf.len() / 1024
    );
    let theirs = report::ms(&chromium);
    let goal = "≤ 0.05 (1/20 of Chromium's time)";
    report::row(
        "resi PDF, first render of a process",
        "ms",
        &first,
        Some(("chromium --headless --print-to-pdf, cold", &theirs)),
        goal,
    );
    report::row(
        "resi PDF, warm render (the running app)",
        "ms",
        &report::ms(&warm),
        Some(("chromium --headless --print-to-pdf, cold", &theirs)),
        goal,
    );
    report::row(
        "resi PDF size",
        "KB",
        &[pdf.len() as f64 / 1024.0],
        Some((
            "Chromium's PDF of the same resi",
            &[chromium_pdf.len() as f64 / 1024.0],
        )),
        "≤ 1 (no larger)",
    );
}
