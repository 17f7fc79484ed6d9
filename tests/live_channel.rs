//! The desktop with its live channel, as the app runs it (`run_channel` and `run_worker`)
//! against the real server: idle, it sends no request at all (only heartbeats on the
//! socket); an officer's decision arrives by push and is pulled once. (Cuts, kills and
//! a server restart: `sync_faults.rs`.)

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use common::{applicant, complete_draft, pdf};
use eptsp_server::config::Limits;
use eptsp_server::testkit::TestServer;
use serde_json::{Value, json};

/// Counts every HTTP request the server is sent (the socket's upgrade included).
async fn count(
    State(n): State<Arc<AtomicU64>>,
    req: Request,
    next: Next,
) -> axum::response::Response {
    n.fetch_add(1, Ordering::SeqCst);
    next.run(req).await
}

async fn wait_until<F, Fut>(what: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while !f().await {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_desktop_sends_nothing_and_hears_of_a_decision_at_once() {
    let requests = Arc::new(AtomicU64::new(0));
    let n = requests.clone();
    let server = TestServer::start_wrapped(Limits::default(), move |r| {
        r.layer(middleware::from_fn_with_state(n, count))
    })
    .await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    let f = b
        .files()
        .unwrap()
        .import_bytes(&b.store().unwrap(), pdf(50_000, 3), "berkas.pdf", "Berkas")
        .await
        .unwrap();
    let draft = complete_draft(&b, &f.id).await;
    assert!(b.drafts_submit(&draft).await.unwrap().is_empty());
    let channel = tokio::spawn(b.clone().run_channel(|_| {}));
    let worker = tokio::spawn(b.clone().run_worker(|_| {}));

    // "Kirim", as the window does it: queued, then sent at once.
    assert_eq!(b.sync_now().await.unwrap().received.len(), 1);
    wait_until("the channel to come up", || {
        let b = b.clone();
        async move { b.is_channel_up() }
    })
    .await;
    // Idle: not one request in 8 s (the old app sent ~10 in that time).
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = requests.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(8)).await;
    assert_eq!(
        requests.load(Ordering::SeqCst),
        before,
        "idle with the channel up"
    );

    // An officer claims the application: the desktop holds the new status by push.
    let http = reqwest::Client::new();
    let login: Value = http
        .post(format!("{}/api/v1/auth/login", server.url()))
        .json(&json!({ "login": "verifikator@dpmptsp.test", "password": "Verifikator2026" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let app = b.applications().await.unwrap()[0].id.clone();
    let before = requests.load(Ordering::SeqCst);
    let r = http
        .post(format!(
            "{}/api/v1/office/applications/{app}/claim",
            server.url()
        ))
        .bearer_auth(login["token"].as_str().unwrap())
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    wait_until("the new status on the desktop", || {
        let b = b.clone();
        async move { b.applications().await.unwrap()[0].status == "verifikasi" }
    })
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    // The officer's login and claim, then the desktop's pulls of the feeds the pushes
    // named (tracking and its detail, inbox): a handful, not a poll.
    let after = requests.load(Ordering::SeqCst) - before;
    assert!(
        (2..=8).contains(&after),
        "{after} requests for one decision"
    );
    channel.abort();
    worker.abort();
}
