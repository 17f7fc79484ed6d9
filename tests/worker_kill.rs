//! The sync worker as a real process (`eptsp-desktop --sync`) on a real SQLite file,
//! killed with SIGKILL in the middle of an upload and in the middle of a submit, then
//! started again: exactly one application at the office, the server's bytes identical to
//! the file's, and no draft lost on the way.
//!
//! The server is the real one; a layer in front of it plays a slow network (each upload
//! chunk takes a while to arrive, the answer to a submit comes late), so that the kill
//! lands where the test wants it.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::Method;
use axum::middleware::{self, Next};
use common::{applicant, complete_draft, desktop, pdf};
use eptsp_desktop::store::outbox;
use eptsp_server::config::Limits;
use eptsp_server::testkit::{TestServer, UploadMeter};
use sha2::Digest;

/// Upload chunks arrive one every 150 ms; the office's answer to a submit takes 3 s to
/// come back (the application is already recorded by then).
async fn slow_network(req: Request, next: Next) -> axum::response::Response {
    let path = req.uri().path().to_owned();
    let method = req.method().clone();
    if method == Method::PATCH && path.starts_with("/api/v1/uploads/") {
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    let res = next.run(req).await;
    if method == Method::POST && path == "/api/v1/applications" {
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    res
}

async fn slow_server(meter: &UploadMeter) -> TestServer {
    let m = meter.clone();
    TestServer::start_wrapped(Limits::default(), move |r| {
        m.wrap(r.layer(middleware::from_fn(slow_network)))
    })
    .await
}

fn worker(dir: &Path, server: &TestServer) -> Child {
    Command::new(env!("CARGO_BIN_EXE_eptsp-desktop"))
        .arg("--sync")
        .env("EPTSP_DATA_DIR", dir)
        .env("EPTSP_SERVER_URL", server.url())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the worker process")
}

fn kill9(child: &mut Child) {
    let pid = child.id().to_string();
    let status = Command::new("kill")
        .args(["-KILL", &pid])
        .status()
        .expect("run kill");
    assert!(status.success());
    let exit = child.wait().unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(exit.signal(), Some(9), "the worker died by SIGKILL");
}

async fn wait_until<F, Fut>(what: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while !f().await {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Bytes of `sha` the office holds so far (from its one uploader).
async fn server_offset(server: &TestServer, sha: &str) -> u64 {
    let owner: Option<uuid::Uuid> =
        sqlx::query_scalar("SELECT started_by FROM uploads WHERE sha256 = $1")
            .bind(sha)
            .fetch_optional(&server.state.db)
            .await
            .unwrap();
    match owner {
        Some(o) => server.state.storage.received(sha, o).await.unwrap(),
        None => 0,
    }
}

async fn applications_at_office(server: &TestServer) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM applications")
        .fetch_one(&server.state.db)
        .await
        .unwrap()
}

/// Runs the worker to the end; returns its report.
fn finish(dir: &Path, server: &TestServer) -> eptsp_desktop::sync::SyncReport {
    let out = worker(dir, server).wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "worker failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8(out.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(line.trim()).expect("a JSON report");
    eptsp_desktop::sync::SyncReport {
        received: serde_json::from_value(v["received"].clone()).unwrap(),
        refused: serde_json::from_value(v["refused"].clone()).unwrap(),
        pending: v["pending"].as_u64().unwrap() as usize,
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_during_an_upload_resumes_it_and_sends_one_application() {
    let meter = UploadMeter::default();
    let server = slow_server(&meter).await;
    let dir = tempfile::tempdir().unwrap();
    let bytes = pdf(12 * 1024 * 1024 + 4321, 41);
    let (draft, sha, application_id) = {
        let b = applicant(&server, dir.path()).await;
        // The headless worker opens Ani's store with the key kept by "Tetap masuk".
        common::stay_signed_in(&b).await;
        let f = b
            .files()
            .unwrap()
            .import_bytes(
                &b.store().unwrap(),
                bytes.clone(),
                "izin-lingkungan.pdf",
                "Izin",
            )
            .await
            .unwrap();
        // The large file answers the construction drawing (up to 20 MB); a small one
        // the documents with lower limits.
        let small = b
            .files()
            .unwrap()
            .import_bytes(&b.store().unwrap(), pdf(30_000, 42), "ktp.pdf", "KTP")
            .await
            .unwrap();
        let draft = complete_draft(&b, &small.id).await;
        let catalogue = b.catalogue().await.unwrap().catalogue;
        let (_, sipa) = catalogue.permit_type("sipa").unwrap();
        let mut data = b.drafts_open(&draft).await.unwrap().data;
        for a in &mut data.attachments {
            let r = sipa
                .requirements
                .iter()
                .find(|r| r.id == a.requirement_id)
                .unwrap();
            if r.max_bytes() >= bytes.len() as u64 {
                a.file_id = f.id.clone();
            }
        }
        assert!(data.attachments.iter().any(|a| a.file_id == f.id));
        b.drafts_save(&draft, 5, &data).await.unwrap();
        assert!(b.drafts_submit(&draft).await.unwrap().is_empty());
        let item = outbox::get(&b.store().unwrap(), &draft)
            .await
            .unwrap()
            .unwrap();
        b.close().await;
        (draft, f.sha256, item.application_id)
    };

    let mut child = worker(dir.path(), &server);
    // Killed with a few chunks at the office and most of the file still to go.
    wait_until("three chunks at the office", || async {
        server_offset(&server, &sha).await >= 3 * 1024 * 1024
    })
    .await;
    kill9(&mut child);
    let cut_at = server_offset(&server, &sha).await;
    assert!(cut_at < bytes.len() as u64, "killed part way");
    assert_eq!(applications_at_office(&server).await, 0);

    // The draft survived the kill, still queued under the same idempotency key.
    {
        let b = desktop(dir.path(), &server.url()).await;
        let item = outbox::get(&b.store().unwrap(), &draft)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(item.application_id, application_id);
        assert_eq!(item.state, "queued");
        let kept = eptsp_desktop::store::drafts::get(&b.store().unwrap(), &draft)
            .await
            .unwrap()
            .expect("the draft is kept");
        assert!(kept.data.pernyataan);
        assert_eq!(b.drafts_open(&draft).await.unwrap_err().code, "draft_sent");
        b.close().await;
    }

    let report = finish(dir.path(), &server);
    assert_eq!(report.received.len(), 1, "{report:?}");
    assert_eq!(applications_at_office(&server).await, 1);
    // Resumed: the bytes sent over the wire are the file once, plus at most the chunk
    // that was in flight when the worker died (at most the largest a PATCH takes).
    let sent = meter.bytes();
    let resent = sent - bytes.len() as u64;
    assert!(
        resent <= eptsp_core::submission::MAX_CHUNK_BYTES as u64,
        "{resent} bytes sent twice"
    );
    let stored = server.state.storage.read(&sha).await.unwrap().to_vec();
    assert_eq!(sha2::Sha256::digest(&stored), sha2::Sha256::digest(&bytes));

    let b = desktop(dir.path(), &server.url()).await;
    let apps = b.applications().await.unwrap();
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].id, application_id);
    assert_eq!(apps[0].resi, report.received[0]);
    assert!(b.drafts_list().await.unwrap().is_empty());
    assert!(b.outbox().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_while_the_office_answers_a_submit_does_not_make_a_second_one() {
    let server = slow_server(&UploadMeter::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let (draft, application_id) = {
        let b = applicant(&server, dir.path()).await;
        // The headless worker opens Ani's store with the key kept by "Tetap masuk".
        common::stay_signed_in(&b).await;
        let f = b
            .files()
            .unwrap()
            .import_bytes(&b.store().unwrap(), pdf(300_000, 42), "ktp.pdf", "KTP")
            .await
            .unwrap();
        let draft = complete_draft(&b, &f.id).await;
        assert!(b.drafts_submit(&draft).await.unwrap().is_empty());
        let item = outbox::get(&b.store().unwrap(), &draft)
            .await
            .unwrap()
            .unwrap();
        b.close().await;
        (draft, item.application_id)
    };

    let mut child = worker(dir.path(), &server);
    // The office has recorded the application; its answer is still on the way.
    wait_until("the application at the office", || async {
        applications_at_office(&server).await == 1
    })
    .await;
    kill9(&mut child);
    let stored: String = sqlx::query_scalar("SELECT resi FROM applications WHERE id = $1::uuid")
        .bind(&application_id)
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    let resi = eptsp_core::resi::Resi::parse(&stored).unwrap().to_string();

    // The desktop never heard the answer: the draft is still there, still queued.
    {
        let b = desktop(dir.path(), &server.url()).await;
        assert!(b.applications().await.unwrap().is_empty());
        // Waiting in the outbox: kept, read-only, not in the drafts list.
        assert!(b.drafts_list().await.unwrap().is_empty());
        assert_eq!(b.outbox().await.unwrap().len(), 1);
        assert_eq!(
            outbox::get(&b.store().unwrap(), &draft)
                .await
                .unwrap()
                .unwrap()
                .state,
            "queued"
        );
        b.close().await;
    }

    let report = finish(dir.path(), &server);
    assert_eq!(report.received, vec![resi.clone()], "the same resi again");
    assert_eq!(applications_at_office(&server).await, 1);
    let b = desktop(dir.path(), &server.url()).await;
    let apps = b.applications().await.unwrap();
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].resi, resi);
    assert!(b.drafts_list().await.unwrap().is_empty());
}
