//! Measures File Saya's import of a 50 MB file against `cp` + `sha256sum` of the same
//! file, and prints the figures. Run with `scripts/bench.sh` (or
//! `cargo run --release --example bench_file_import`).

#[path = "common/report.rs"]
mod report;

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

    let (ours_ms, baseline_ms) = (report::ms(&ours), report::ms(&baseline));
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
    report::row(
        "File Saya import of 50 MB, encrypted",
        "ms",
        &ours_ms,
        Some(("cp + sha256sum + sync", &baseline_ms)),
        "≤ 1.25 (≥ 0.8× the throughput)",
    );
}
