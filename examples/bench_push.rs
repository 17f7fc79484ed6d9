//! The live channel's figures, each beside what the polling desktop did before:
//! 1. requests an idle signed-in desktop sends per minute (the real desktop, its channel
//!    and worker running as in the app, against the real server counting requests);
//! 2. with N simulated desktops connected (lightweight clients doing what the desktop
//!    does on a push: pull from the cursor), the time from an officer's decision to the
//!    applicant's desktop holding it, p50 and p99, over loopback;
//! 3. the server's memory per idle connected desktop (the release server as its own
//!    process, its resident memory before and after the connections).
//!
//! Run with `scripts/bench.sh` (release build, real PostgreSQL in `EPTSP_TEST_PG`).
//! `EPTSP_BENCH_DESKTOPS` (1000), `EPTSP_BENCH_DECISIONS` (200), `EPTSP_BENCH_IDLE_SECS`
//! (60) change the sizes.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "common/report.rs"]
mod report;

use eptsp_core::api::API_PREFIX;
use eptsp_core::endpoint::Endpoint;
use eptsp_core::endpoints as e;
use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use eptsp_core::push::Push;
use eptsp_server::config::Limits;
use eptsp_server::testkit::{TestServer, pdf_bytes};
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use uuid::Uuid;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A signed-in desktop that has sent one application (the desktop's own code doing it).
async fn desktop_with_application(
    url: &str,
    dir: &std::path::Path,
) -> Arc<eptsp_desktop::backend::Backend> {
    let b = common::desktop(dir, url).await;
    b.login(eptsp_core::api::LoginRequest {
        login: "pemohon@dpmptsp.test".into(),
        password: "Pemohon2026".into(),
    })
    .await
    .expect("sign in");
    b.catalogue().await.expect("catalogue");
    let f = b
        .files()
        .unwrap()
        .import_bytes(
            &b.store().unwrap(),
            pdf_bytes(60_000, 9),
            "berkas.pdf",
            "Berkas",
        )
        .await
        .unwrap();
    let draft = common::complete_draft(&b, &f.id).await;
    assert!(b.drafts_submit(&draft).await.unwrap().is_empty());
    let r = b.sync_now().await.expect("sync");
    assert_eq!(r.received.len(), 1, "{r:?}");
    b
}

async fn idle_requests_per_minute() -> f64 {
    let requests = Arc::new(AtomicU64::new(0));
    let n = requests.clone();
    let server =
        TestServer::start_wrapped(Limits::default(), move |r| common::counting(r, n)).await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let b = desktop_with_application(&server.url(), dir.path()).await;
    let channel = tokio::spawn(b.clone().run_channel(|_| {}));
    let worker = tokio::spawn(b.clone().run_worker(|_| {}));
    while !b.is_channel_up() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let secs = env_or("EPTSP_BENCH_IDLE_SECS", 60);
    let before = requests.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(secs)).await;
    let sent = requests.load(Ordering::SeqCst) - before;
    channel.abort();
    worker.abort();
    sent as f64 * 60.0 / secs as f64
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

struct ServerProcess(Child);

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The release server beside this example (`cargo build --release -p eptsp-server`).
fn start_server(database_url: &str, port: u16, blobs: &std::path::Path) -> ServerProcess {
    let exe = std::env::current_exe().unwrap();
    let bin = exe
        .parent()
        .and_then(|p| p.parent())
        .map(|p| p.join("eptsp-server"))
        .unwrap();
    assert!(
        bin.exists(),
        "{} is missing: cargo build --release -p eptsp-server",
        bin.display()
    );
    ServerProcess(
        Command::new(bin)
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("EPTSP_BIND", format!("127.0.0.1:{port}"))
            .env("EPTSP_PUBLIC_URL", format!("http://127.0.0.1:{port}"))
            .env("EPTSP_BLOB_DIR", blobs)
            .env("EPTSP_SMTP_PORT", "9")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the server"),
    )
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn many_desktops() {
    let desktops = env_or("EPTSP_BENCH_DESKTOPS", 1000) as usize;
    let decisions = env_or("EPTSP_BENCH_DECISIONS", 200) as usize;
    let db = eptsp_server::testkit::fresh_db().await;
    let name = db.connect_options().get_database().unwrap().to_owned();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let blobs = tempfile::tempdir().unwrap();
    let server = start_server(&eptsp_server::testkit::url_for(&name), port, blobs.path());
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    while http
        .get(format!("{base}/api/v1/health/ready"))
        .send()
        .await
        .map_or(true, |r| !r.status().is_success())
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eptsp_server::seed::seed_demo(&db).await.unwrap();
    // One application sent by the real desktop, then one like it for each simulated
    // applicant (copied in SQL: the setup is not what is measured).
    let dir = tempfile::tempdir().unwrap();
    let _b = desktop_with_application(&base, dir.path()).await;
    let source: Uuid = sqlx::query_scalar("SELECT id FROM applications")
        .fetch_one(&db)
        .await
        .unwrap();
    let mut c = db.acquire().await.unwrap();
    sqlx::query("CREATE TEMP TABLE src AS SELECT * FROM applications WHERE id = $1")
        .bind(source)
        .execute(&mut *c)
        .await
        .unwrap();
    let mut people = Vec::new();
    for i in 0..desktops {
        let (user, app) = (Uuid::new_v4(), Uuid::new_v4());
        sqlx::query(
            "INSERT INTO users (id, nik, nama, jenis_kelamin, tanggal_lahir, pendidikan, alamat, provinsi, kabupaten,
                 kecamatan, kelurahan, no_hp, kode_pos, email, password_hash, role)
             SELECT $1, '64720115' || lpad($2::text, 8, '0'), 'Pemohon ' || $2, jenis_kelamin, tanggal_lahir, pendidikan,
                 alamat, provinsi, kabupaten, kecamatan, kelurahan, no_hp, kode_pos, 'p' || $2 || '@bench.test',
                 password_hash, role FROM users WHERE email = 'pemohon@dpmptsp.test'",
        )
        .bind(user)
        .bind(i as i64)
        .execute(&mut *c)
        .await
        .unwrap();
        let resi = eptsp_core::resi::Resi::from_random(Uuid::new_v4().as_u64_pair().0);
        sqlx::query("UPDATE src SET id = $1, user_id = $2, resi = $3")
            .bind(app)
            .bind(user)
            .bind(resi.as_str())
            .execute(&mut *c)
            .await
            .unwrap();
        sqlx::query("INSERT INTO applications SELECT * FROM src")
            .execute(&mut *c)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO application_files (application_id, requirement_id, sha256)
             SELECT $1, requirement_id, sha256 FROM application_files WHERE application_id = $2",
        )
        .bind(app)
        .bind(source)
        .execute(&mut *c)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO tracking (application_id, status, note) VALUES ($1, 'diajukan', '')",
        )
        .bind(app)
        .execute(&mut *c)
        .await
        .unwrap();
        let s = eptsp_server::auth::session::create(&db, user, Duration::from_secs(86_400))
            .await
            .unwrap();
        people.push((app, s.token));
    }
    drop(c);

    let idle_before = rss_kib(server.0.id());
    // The simulated desktops: a socket each; on a push, pull that feed from the cursor.
    let arrived: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let connected = Arc::new(AtomicU64::new(0));
    let ws = format!("ws://127.0.0.1:{port}/api/v1/ws");
    for (_, token) in &people {
        let (ws, base, token, http) = (ws.clone(), base.clone(), token.clone(), http.clone());
        let (arrived, connected) = (arrived.clone(), connected.clone());
        tokio::spawn(async move {
            let mut req = ws.into_client_request().unwrap();
            req.headers_mut()
                .insert("authorization", format!("Bearer {token}").parse().unwrap());
            let (mut socket, _) = tokio_tungstenite::connect_async(req).await.unwrap();
            connected.fetch_add(1, Ordering::SeqCst);
            let mut cursor = 0i64;
            let mut beat = tokio::time::interval(Duration::from_secs(30));
            loop {
                let frame = tokio::select! {
                    f = socket.next() => f,
                    _ = beat.tick() => {
                        let _ = socket.send(Message::Ping(Vec::new().into())).await;
                        continue;
                    }
                };
                let Some(Ok(Message::Text(t))) = frame else {
                    if frame.is_none() {
                        return;
                    }
                    continue;
                };
                let path = match serde_json::from_str::<Push>(&t) {
                    Ok(Push::Changes) => {
                        format!("{API_PREFIX}{}?since={cursor}", e::ChangesSince::PATH)
                    }
                    Ok(Push::Inbox) => format!("{API_PREFIX}{}?since=0", e::Inbox::PATH),
                    _ => continue,
                };
                let page: Value = http
                    .get(format!("{base}{path}"))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                if let Some(changes) = page["changes"].as_array() {
                    cursor = page["cursor"].as_i64().unwrap_or(cursor);
                    let now = Instant::now();
                    let mut a = arrived.lock().await;
                    for ch in changes.iter().filter(|c| c["status"] == "verifikasi") {
                        a.insert(ch["application_id"].as_str().unwrap().to_owned(), now);
                    }
                }
            }
        });
    }
    while (connected.load(Ordering::SeqCst) as usize) < desktops {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let idle_after = rss_kib(server.0.id());

    // The officer decides (takes each application into verification), one after another.
    let officer = common::token(&base, "verifikator@dpmptsp.test", "Verifikator2026").await;
    let mut sent = Vec::new();
    for (app, _) in people
        .iter()
        .step_by((desktops / decisions).max(1))
        .take(decisions)
    {
        let t0 = Instant::now();
        common::claim(&base, &officer, &app.to_string()).await;
        sent.push((app.to_string(), t0));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut latencies = loop {
        let a = arrived.lock().await;
        let got: Vec<f64> = sent
            .iter()
            .filter_map(|(app, t0)| {
                a.get(app)
                    .map(|t| t.duration_since(*t0).as_secs_f64() * 1000.0)
            })
            .collect();
        if got.len() == sent.len() || Instant::now() > deadline {
            break got;
        }
        drop(a);
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    latencies.sort_by(f64::total_cmp);
    println!(
        "decision → applicant's desktop, {desktops} desktops connected: p50 {:.1} ms, p99 {:.1} ms \
         ({} of {} decisions arrived) | polling every 3 s as before: p50 ≈ 1500 ms, p99 ≈ 2970 ms",
        pct(&latencies, 0.5),
        pct(&latencies, 0.99),
        latencies.len(),
        sent.len()
    );
    println!(
        "server memory per idle connected desktop: {:.1} KiB (RSS {:.1} → {:.1} MiB for {desktops} sockets)",
        (idle_after.saturating_sub(idle_before)) as f64 / desktops as f64,
        idle_before as f64 / 1024.0,
        idle_after as f64 / 1024.0,
    );
    report::row_stat(
        &format!("decision → applicant's desktop, {desktops} desktops connected"),
        "ms",
        &latencies,
        None,
        "far under polling every 3 s (p50 ≈ 1.5 s)",
        "p95",
    );
    report::row(
        "server memory per idle connected desktop",
        "KiB",
        &[(idle_after.saturating_sub(idle_before)) as f64 / desktops as f64],
        None,
        "—",
    );
    drop(server);
}

#[tokio::main]
async fn main() {
    let idle = idle_requests_per_minute().await;
    println!(
        "idle signed-in desktop, live channel up: {idle:.1} requests/min (+2 heartbeat frames) | \
         before (a ping every 4 s, three GETs every 3 s): ~75 requests/min"
    );
    report::row(
        "idle requests of a signed-in desktop",
        "requests/min",
        &[idle],
        None,
        "≤ 2",
    );
    many_desktops().await;
}
