//! An account switch killed with SIGKILL at any moment loses nothing and mixes nothing:
//! a real process (`eptsp-desktop --login`, the same sign-in as the app's) switches
//! between two accounts on one data folder and is killed a little later each time; after
//! each kill both accounts still find exactly their own data, and in the end the first
//! account's queued submission reaches the office as hers.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{DEAD, applicant, complete_draft, desktop, pdf};
use eptsp_core::api::LoginRequest;
use eptsp_desktop::backend::Backend;
use eptsp_server::testkit::TestServer;

const ANI: (&str, &str) = ("6472015505900011", "Kaltim2026");
const DEMO: (&str, &str) = ("pemohon@dpmptsp.test", "Pemohon2026");

async fn sign_in(b: &Backend, who: (&str, &str)) {
    b.login(LoginRequest {
        login: who.0.into(),
        password: who.1.into(),
    })
    .await
    .unwrap();
}

/// Starts `--login` as `who` and kills it after `delay` unless it ended before; returns
/// whether it finished. Waits on a blocking thread: the test's server must go on answering.
async fn switch_killed_after(
    dir: &Path,
    server: &str,
    who: (&'static str, &'static str),
    delay: Duration,
) -> bool {
    let (dir, server) = (dir.to_owned(), server.to_owned());
    tokio::task::spawn_blocking(move || switch_blocking(&dir, &server, who, delay))
        .await
        .unwrap()
}

fn switch_blocking(dir: &Path, server: &str, who: (&str, &str), delay: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_eptsp-desktop"))
        .arg("--login")
        .env("EPTSP_DATA_DIR", dir)
        .env("EPTSP_SERVER_URL", server)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the app headless");
    writeln!(child.stdin.take().unwrap(), "{}\n{}", who.0, who.1).unwrap();
    let until = std::time::Instant::now() + delay;
    while std::time::Instant::now() < until {
        if let Some(status) = child.try_wait().unwrap() {
            return status.success();
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let _ = child.kill();
    child.wait().unwrap().success()
}

/// Each account, signed in on the folder, finds exactly what it had.
async fn assert_each_has_its_own(dir: &Path, server: &str, file: &[u8]) {
    let b = desktop(dir, server).await;
    sign_in(&b, ANI).await;
    // One being written; the other waits in the outbox (not in the list).
    assert_eq!(b.drafts_list().await.unwrap().len(), 1, "Ani's draft");
    assert_eq!(
        b.outbox().await.unwrap().len(),
        1,
        "Ani's queued submission"
    );
    let a = b.account().unwrap();
    let files = a.files.list(&a.store, "", 1).await.unwrap();
    assert_eq!(files.total, 1);
    assert_eq!(a.files.read_all(&files.items[0].sha256).unwrap(), file);
    drop(a);
    b.logout().await.unwrap();
    sign_in(&b, DEMO).await;
    let drafts = b.drafts_list().await.unwrap();
    assert_eq!(drafts.len(), 1, "the demo applicant's one draft");
    assert!(b.outbox().await.unwrap().is_empty());
    let a = b.account().unwrap();
    assert_eq!(a.files.list(&a.store, "", 1).await.unwrap().total, 0);
    drop(a);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_switch_killed_at_any_moment_loses_and_mixes_nothing() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = server.url();

    // Ani: a file, a queued submission (made offline) and another draft.
    let ani = applicant(&server, dir.path()).await;
    let file = pdf(25_000, 61);
    let f = ani
        .files()
        .unwrap()
        .import_bytes(&ani.store().unwrap(), file.clone(), "ktp.pdf", "KTP")
        .await
        .unwrap();
    let queued = complete_draft(&ani, &f.id).await;
    ani.drafts_create().await.unwrap();
    ani.api.set_base(DEAD);
    assert!(ani.drafts_submit(&queued).await.unwrap().is_empty());
    ani.api.set_base(&url);
    // The demo applicant: one draft.
    sign_in(&ani, DEMO).await;
    ani.drafts_create().await.unwrap();
    sign_in(&ani, ANI).await;
    ani.close().await;

    // One switch left to finish, timed; then switches back and forth, each killed a tenth
    // of that time later than the one before, so that the kills fall all along it.
    let t = std::time::Instant::now();
    assert!(
        switch_killed_after(dir.path(), &url, DEMO, Duration::from_secs(60)).await,
        "a headless sign-in finishes"
    );
    let whole = t.elapsed();
    assert_each_has_its_own(dir.path(), &url, &file).await;
    let mut finished = 0;
    for i in 1..=10u32 {
        let who = if i % 2 == 0 { DEMO } else { ANI };
        if switch_killed_after(dir.path(), &url, who, whole * i / 10).await {
            finished += 1;
        }
        assert_each_has_its_own(dir.path(), &url, &file).await;
    }
    println!("a switch takes {whole:?}; {finished} of 10 finished before the kill");

    // Ani's queued submission reaches the office, as hers.
    let b = desktop(dir.path(), &url).await;
    sign_in(&b, ANI).await;
    assert_eq!(b.sync_now().await.unwrap().received.len(), 1);
    let owners: Vec<String> =
        sqlx::query_scalar("SELECT u.nik FROM applications a JOIN users u ON u.id = a.user_id")
            .fetch_all(&server.state.db)
            .await
            .unwrap();
    assert_eq!(owners, vec![ANI.0.to_owned()]);
}
