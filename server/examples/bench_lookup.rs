//! The public lookups under load, beside PostgreSQL's own point-select speed: Monitoring
//! Izin (`/api/v1/monitoring/{resi}`) over every resi of the database the server runs on,
//! then the permit page (`/v/{id}`, as a permit's QR code opens it: with the signed content
//! and signature) over every permit signed with the server's key, each from `clients`
//! connections for `seconds`. With EPTSP_LOOKUP_SEED=N it first adds N applications with
//! their tracking and a permit signed with the development key (the key a server without
//! EPTSP_SIGNING_KEY_FILE signs with), so that it can run on an empty database. Each request
//! comes "from" its own address (X-Forwarded-For, the server trusting its proxy), as
//! citizens would, so the throttle counts but does not refuse. A third run looks up
//! well-formed resis that were never given (each one read from the database, and counted),
//! the path a guesser's lookups take. Prints one JSON line;
//! scripts/bench-lookup.sh puts `pgbench -S` beside it with the same client count.
//! Environment: EPTSP_LOOKUP_BASE, EPTSP_LOOKUP_DB, EPTSP_LOOKUP_CLIENTS (8),
//! EPTSP_LOOKUP_SECONDS (10), EPTSP_LOOKUP_SEED (0).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn env(k: &str, d: &str) -> String {
    std::env::var(k).unwrap_or_else(|_| d.to_owned())
}

/// Requests per second to the paths `paths` gives, and how many were not answered
/// `expect`.
async fn hammer(
    base: &str,
    paths: Arc<Vec<String>>,
    clients: usize,
    seconds: u64,
    expect: reqwest::StatusCode,
) -> (f64, usize) {
    let done = Arc::new(AtomicUsize::new(0));
    let bad = Arc::new(AtomicUsize::new(0));
    let counter = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let (paths, done, bad, counter) =
                (paths.clone(), done.clone(), bad.clone(), counter.clone());
            let base = base.to_owned();
            tokio::spawn(async move {
                let http = reqwest::Client::new();
                let mut i = c;
                while Instant::now() < until {
                    let n = counter.fetch_add(1, Ordering::Relaxed);
                    let addr = format!("10.{}.{}.{}", n >> 16 & 255, n >> 8 & 255, n & 255);
                    let r = http
                        .get(format!("{base}{}", paths[i % paths.len()]))
                        .header("X-Forwarded-For", addr)
                        .send()
                        .await;
                    match r {
                        Ok(r) if r.status() == expect => {
                            let _ = r.bytes().await;
                        }
                        _ => {
                            bad.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                    i += clients;
                }
            })
        })
        .collect();
    for t in tasks {
        let _ = t.await;
    }
    let secs = started.elapsed().as_secs_f64();
    (
        done.load(Ordering::Relaxed) as f64 / secs,
        bad.load(Ordering::Relaxed),
    )
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let base = env("EPTSP_LOOKUP_BASE", "http://127.0.0.1:8787");
    let clients: usize = env("EPTSP_LOOKUP_CLIENTS", "8").parse()?;
    let seconds: u64 = env("EPTSP_LOOKUP_SECONDS", "10").parse()?;
    let db = sqlx::PgPool::connect(&env("EPTSP_LOOKUP_DB", "")).await?;
    let seeded: usize = env("EPTSP_LOOKUP_SEED", "0").parse()?;
    if seeded > 0 {
        eptsp_server::testkit::issued_permits(&db, seeded).await?;
    }
    let resis: Vec<String> = sqlx::query_scalar("SELECT resi FROM applications ORDER BY resi")
        .fetch_all(&db)
        .await?;
    anyhow::ensure!(!resis.is_empty(), "no applications to look up");
    let monitoring: Vec<String> = resis
        .iter()
        .map(|r| format!("/api/v1/monitoring/{r}"))
        .collect();
    // The permits whose QR codes a server signing with the development key made.
    let signer = eptsp_server::signing::Ed25519Signer::development();
    let permits: Vec<(String, String)> =
        sqlx::query_as("SELECT content, signature FROM permits WHERE key_id = $1")
            .bind(eptsp_server::signing::Signer::key_id(&signer))
            .fetch_all(&db)
            .await?;
    let pages: Vec<String> = permits
        .into_iter()
        .filter_map(|(content, signature)| {
            let content = serde_json::from_str(&content).ok()?;
            let qr =
                eptsp_core::izin::qr_payload(&eptsp_core::izin::SignedIzin { content, signature });
            Some(qr[qr.find("/v/")?..].to_owned())
        })
        .collect();
    // What is measured is the real answer: a known resi found, a permit judged SAH.
    let http = reqwest::Client::new();
    let first = http.get(format!("{base}{}", monitoring[0])).send().await?;
    anyhow::ensure!(
        first.status().is_success(),
        "Monitoring answered {}",
        first.status()
    );
    if let Some(page) = pages.first() {
        let page = http
            .get(format!("{base}{page}"))
            .send()
            .await?
            .text()
            .await?;
        anyhow::ensure!(
            page.contains("Izin ini SAH"),
            "the permit page did not say SAH: {page}"
        );
    }
    let ok = reqwest::StatusCode::OK;
    let (lookups, lookup_bad) = hammer(&base, Arc::new(monitoring), clients, seconds, ok).await;
    let permit_pages = pages.len();
    let (pages_per_s, pages_bad) = if pages.is_empty() {
        (0.0, 0)
    } else {
        hammer(&base, Arc::new(pages), clients, seconds, ok).await
    };
    // Resis nobody was given: each lookup asks the database (and is counted), as a guesser's
    // would.
    let given: std::collections::HashSet<&str> = resis.iter().map(String::as_str).collect();
    let unknown: Vec<String> = (0..10_000u64)
        .map(|i| eptsp_core::resi::Resi::from_random(i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 14))
        .filter(|r| !given.contains(r.as_str()))
        .map(|r| format!("/api/v1/monitoring/{}", r.as_str()))
        .collect();
    let (unknown_per_s, unknown_bad) = hammer(
        &base,
        Arc::new(unknown),
        clients,
        seconds,
        reqwest::StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    println!(
        "{}",
        serde_json::json!({
            "clients": clients,
            "seconds": seconds,
            "monitoring_per_s": lookups,
            "monitoring_not_ok": lookup_bad,
            "permit_page_per_s": pages_per_s,
            "permit_page_not_ok": pages_bad,
            "permit_pages": permit_pages,
            "unknown_resi_per_s": unknown_per_s,
            "unknown_resi_not_422": unknown_bad,
        })
    );
    Ok(())
}
