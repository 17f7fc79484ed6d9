//! The public lookup by resi under load, beside PostgreSQL's own point-select speed:
//! Monitoring Izin (`/api/v1/monitoring/{resi}`) from `clients` connections for `seconds`,
//! over the resis of the database the server runs on (scripts/scale.sh leaves its
//! applications there). The permit verification page (`/v/{id}`) is one query too, but the
//! scale test's permits are not really signed, so it is not measured here. Each
//! request comes "from" its own address (X-Forwarded-For, the server trusting its proxy),
//! as citizens would, so the throttle counts but does not refuse. Prints one JSON line;
//! scripts/scale.sh puts `pgbench -S` beside it with the same client count.
//! Environment: EPTSP_LOOKUP_BASE, EPTSP_LOOKUP_DB, EPTSP_LOOKUP_CLIENTS (8),
//! EPTSP_LOOKUP_SECONDS (10).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn env(k: &str, d: &str) -> String {
    std::env::var(k).unwrap_or_else(|_| d.to_owned())
}

/// Requests per second to the paths `paths` gives, and how many were not 200.
async fn hammer(base: &str, paths: Arc<Vec<String>>, clients: usize, seconds: u64) -> (f64, usize) {
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
                        Ok(r) if r.status().is_success() => {
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
    let resis: Vec<String> = sqlx::query_scalar("SELECT resi FROM applications ORDER BY resi")
        .fetch_all(&db)
        .await?;
    anyhow::ensure!(!resis.is_empty(), "no applications to look up");
    let monitoring: Vec<String> = resis
        .iter()
        .map(|r| format!("/api/v1/monitoring/{r}"))
        .collect();
    let (lookups, lookup_bad) = hammer(&base, Arc::new(monitoring), clients, seconds).await;
    println!(
        "{}",
        serde_json::json!({
            "clients": clients,
            "seconds": seconds,
            "monitoring_per_s": lookups,
            "monitoring_not_ok": lookup_bad,
        })
    );
    Ok(())
}
