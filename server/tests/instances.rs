//! Several instances on one PostgreSQL: each periodic job runs once per period across all
//! of them, whatever they race, fail or leave behind.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use eptsp_server::AppState;
use eptsp_server::config::Limits;
use eptsp_server::jobs::{self, Job};
use futures_util::future::join_all;

/// `n` instances' states over one fresh database.
async fn instances(n: usize) -> Vec<AppState> {
    let (first, _mail) = eptsp_server::testkit::state(Limits::default()).await;
    let mut all = vec![first.clone()];
    for _ in 1..n {
        all.push(AppState::new(first.db.clone(), (*first.config).clone()).unwrap());
    }
    all
}

/// Every instance tries `job` `tries` times at once; returns how many runs happened.
async fn race(all: &[AppState], job: Job, tries: usize, fail: bool) -> usize {
    let ran = Arc::new(AtomicUsize::new(0));
    let attempts = all.iter().cycle().take(all.len() * tries).map(|s| {
        let ran = ran.clone();
        async move {
            jobs::run_if_due(s, job, || async move {
                ran.fetch_add(1, Ordering::SeqCst);
                // Long enough that the others' attempts overlap this run.
                tokio::time::sleep(Duration::from_millis(50)).await;
                if fail {
                    Err("the mail server is down")
                } else {
                    Ok(())
                }
            })
            .await
        }
    });
    let claimed = join_all(attempts).await.into_iter().filter(|c| *c).count();
    let ran = ran.load(Ordering::SeqCst);
    assert_eq!(claimed, ran);
    ran
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_runs_once_per_period_across_three_instances() {
    let all = instances(3).await;
    let job = Job {
        name: "test_job",
        every: Duration::from_secs(2),
    };
    // 30 attempts at once on three instances: one run.
    assert_eq!(race(&all, job, 10, false).await, 1);
    // Within the same period, later attempts run nothing.
    assert_eq!(race(&all, job, 5, false).await, 0);
    // The next period: one run again.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(race(&all, job, 10, false).await, 1);
    let runs: i64 = sqlx::query_scalar("SELECT runs FROM job_runs WHERE job = 'test_job'")
        .fetch_one(&all[0].db)
        .await
        .unwrap();
    assert_eq!(runs, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_run_gives_its_period_back_and_a_killed_one_keeps_it() {
    let all = instances(2).await;
    let job = Job {
        name: "test_job",
        every: Duration::from_secs(3600),
    };
    // A run that fails: the next attempt, on any instance, runs it again at once.
    assert_eq!(race(&all, job, 4, true).await, 1);
    assert_eq!(race(&all, job, 4, false).await, 1);
    // An instance that claimed a period and died before finishing (only the claim, no
    // end): the others leave the period to it rather than run the job twice.
    let other = Job {
        name: "test_job_killed",
        ..job
    };
    assert!(
        jobs::claim(&all[0].db, other, all[0].instance)
            .await
            .unwrap()
    );
    assert_eq!(race(&all[1..], other, 4, false).await, 0);
}

/// The real `eptsp-server` process on `port` over `db_url`, its files in `blobs`.
fn server_process(db_url: &str, port: u16, blobs: &std::path::Path) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_eptsp-server"))
        .arg("serve")
        .env("DATABASE_URL", db_url)
        .env("EPTSP_BIND", format!("127.0.0.1:{port}"))
        .env("EPTSP_BLOB_DIR", blobs)
        .env("RUST_LOG", "eptsp_server=warn")
        .spawn()
        .expect("start eptsp-server")
}

/// A rolling upgrade stops an instance with SIGTERM: the upload chunk it is receiving is
/// received to its end and answered, then the instance exits cleanly and takes nothing new.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_a_chunk_under_way_finish_then_the_instance_stops() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let db_url = eptsp_server::testkit::fresh_db_url().await;
    let db = sqlx::PgPool::connect(&db_url).await.unwrap();
    eptsp_server::seed::seed_demo(&db).await.unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let blobs = tempfile::tempdir().unwrap();
    let mut child = server_process(&db_url, port, blobs.path());
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let mut up = false;
    for _ in 0..200 {
        let answer = http.get(format!("{base}/api/v1/health")).send().await;
        if answer.is_ok_and(|r| r.status().is_success()) {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(up, "the server did not start");
    let login: serde_json::Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({ "login": "pemohon@dpmptsp.test", "password": "Pemohon2026" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["token"].as_str().unwrap().to_owned();
    let bytes = eptsp_server::testkit::pdf_bytes(400_000, 77);
    let sha: String = {
        use sha2::Digest;
        sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let started = http
        .post(format!("{base}/api/v1/uploads"))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "sha256": sha, "size": bytes.len(), "name": "a.pdf" }))
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), reqwest::StatusCode::OK);

    // Half the chunk is on the wire when the instance is told to stop.
    let mut conn = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let head = format!(
        "PATCH /api/v1/uploads/{sha} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Upload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        bytes.len()
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    conn.write_all(&bytes[..200_000]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let pid = child.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    // It takes no new connection…
    assert!(
        http.get(format!("{base}/api/v1/health"))
            .send()
            .await
            .is_err()
    );
    // …but the chunk under way is received and answered.
    conn.write_all(&bytes[200_000..]).await.unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"complete\":true"), "{answer}");
    let exited = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    assert!(exited.success(), "{exited:?}");
    let kept: i64 = sqlx::query_scalar("SELECT count(*) FROM blobs WHERE sha256 = $1")
        .bind(&sha)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(kept, 1);
}
