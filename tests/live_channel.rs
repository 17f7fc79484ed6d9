//! The desktop with its live channel, as the app runs it (`run_channel` and `run_worker`)
//! against the real server: idle, it sends no request at all (only heartbeats on the
//! socket); an officer's decision arrives by push and is pulled once. (Cuts, kills and
//! a server restart: `sync_faults.rs`.)

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use common::{applicant, claim, complete_draft, counting, pdf, token, wait_until};
use eptsp_server::config::Limits;
use eptsp_server::testkit::TestServer;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_desktop_sends_nothing_and_hears_of_a_decision_at_once() {
    let requests = Arc::new(AtomicU64::new(0));
    let n = requests.clone();
    let server = TestServer::start_wrapped(Limits::default(), move |r| counting(r, n)).await;
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
    let officer = token(&server.url(), "verifikator@dpmptsp.test", "Verifikator2026").await;
    let app = b.applications().await.unwrap()[0].id.clone();
    let before = requests.load(Ordering::SeqCst);
    claim(&server.url(), &officer, &app).await;
    wait_until("the new status on the desktop", || {
        let b = b.clone();
        async move {
            b.applications().await.unwrap()[0].status == eptsp_core::lifecycle::Status::Verifikasi
        }
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
