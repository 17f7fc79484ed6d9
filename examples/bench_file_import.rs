//! Measures File Saya's import of a 50 MB file against `cp` + `sha256sum` of the same
//! file, and the Cetak Resi PDF render time, and prints the figures. Run with `scripts/bench.sh` (or
//! `cargo run --example bench_file_import`).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use eptsp_desktop::files::FileStore;
use eptsp_desktop::store::Store;

const RUNS: usize = 5;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("sample.pdf");
    let size = 50 * 1024 * 1024;
    std::fs::write(
        &src,
        eptsp_server::testkit::pdf_bytes(size, 0x243F_6A88_85A3_08D3),
    )
    .unwrap();

    // Encrypted (as every account's File Saya is) and, for comparison, the plain layout
    // of earlier versions.
    let mut ours = Vec::new();
    let mut plain = Vec::new();
    for i in 0..RUNS {
        for encrypted in [true, false] {
            let dir = work.path().join(format!("app{i}-{encrypted}"));
            let store = Store::open(&dir.join("eptsp.sqlite")).await.unwrap();
            let files = if encrypted {
                FileStore::new(&dir, eptsp_desktop::crypto::DataKey::generate())
            } else {
                FileStore::legacy(&dir)
            };
            let t = Instant::now();
            files.import_path(&store, &src, "Contoh").await.unwrap();
            if encrypted { &mut ours } else { &mut plain }.push(t.elapsed());
            store.pool.close().await;
        }
    }

    let mut baseline = Vec::new();
    for i in 0..RUNS {
        let dst = work.path().join(format!("copy{i}.pdf"));
        let t = Instant::now();
        let cp = Command::new("cp").arg(&src).arg(&dst).status().unwrap();
        let sum = Command::new("sha256sum").arg(&dst).output().unwrap();
        Command::new("sync").arg(&dst).status().ok();
        baseline.push(t.elapsed());
        assert!(cp.success() && sum.status.success());
    }

    let (o, p, b) = (median(ours), median(plain), median(baseline));
    let mb = size as f64 / (1024.0 * 1024.0);
    println!(
        "File Saya import of a 50 MB file (median of {RUNS}, profile {}):",
        if cfg!(debug_assertions) {
            "dev: the ciphers unoptimised, not a figure to compare"
        } else {
            "release"
        }
    );
    println!(
        "  eptsp import, encrypted (check + SHA-256 + XChaCha20-Poly1305 + fsync): {:>8.1} ms  {:>7.1} MB/s",
        o.as_secs_f64() * 1e3,
        mb / o.as_secs_f64()
    );
    println!(
        "  eptsp import, plain (older layout):                                      {:>8.1} ms  {:>7.1} MB/s",
        p.as_secs_f64() * 1e3,
        mb / p.as_secs_f64()
    );
    println!(
        "  cp + sha256sum + sync:                                                   {:>8.1} ms  {:>7.1} MB/s",
        b.as_secs_f64() * 1e3,
        mb / b.as_secs_f64()
    );
    println!(
        "  throughput against cp+sha256sum+sync: encrypted {:.2}×, plain {:.2}× (goal: encrypted ≥ 0.8×)",
        b.as_secs_f64() / o.as_secs_f64(),
        b.as_secs_f64() / p.as_secs_f64()
    );

    // Cetak Resi: one A4 page with two embedded fonts and a QR code.
    let info = eptsp_desktop::print::ResiInfo {
        resi: "7K3M-Q9X2-H4T".into(),
        tanggal: "22 November 2026 pukul 21.56 WITA".into(),
        nama: "Ani Lestari, S.E.".into(),
        nik: "6472015505900011".into(),
        jenis_izin: "Izin Pengusahaan Air Tanah (SIPA)".into(),
        instansi: "Dinas Energi dan Sumber Daya Mineral".into(),
        jenis_permohonan: "Perizinan Baru".into(),
        lokasi: "Jl. Gajah Mada No. 12, Rawa Makmur, Palaran, KOTA SAMARINDA — Koordinat -0.502106, 117.153709".into(),
        dokumen: (1..=8).map(|i| format!("Dokumen persyaratan {i} — berkas-{i}.pdf")).collect(),
    };
    let mut renders = Vec::new();
    let mut pdf = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        pdf = eptsp_desktop::print::resi_pdf(&info).unwrap();
        renders.push(t.elapsed());
    }
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-resi.pdf");
    std::fs::write(&out, &pdf).unwrap();
    println!(
        "Cetak Resi PDF render (median of {RUNS}): {:.1} ms, {} KB, sample at {}",
        median(renders).as_secs_f64() * 1e3,
        pdf.len() / 1024,
        out.display()
    );
}
