//! The scale test `scripts/scale.sh` runs against server instances behind nginx: many
//! applicants at once log in, upload two files each (resumable, 1 MiB chunks) and submit;
//! a verifier claims and approves each application, and each applicant exchanges a chat
//! message with the officer, while the script's "midway" command (killing
//! an instance, stopping a Garage node) runs when half have submitted. Every failed request
//! is retried as the desktop would (same submission id, upload from the server's offset),
//! and counted. Then it checks: every application exists exactly once, every file's bytes
//! hash to their name when read back through nginx, every chat message reached both
//! parties; then, with every permit about to expire, that each holder is reminded once
//! (inbox and e-mail) and each periodic job ran at most once a period across the
//! instances. Prints one JSON line.
//!
//! Settings (environment): EPTSP_SCALE_BASE (nginx's URL), EPTSP_SCALE_DB (the database),
//! EPTSP_SCALE_APPLICANTS (200), EPTSP_SCALE_FILE_KB (5120), EPTSP_SCALE_CONCURRENCY (24),
//! EPTSP_SCALE_MIDWAY (a shell command), EPTSP_SCALE_LABEL, EPTSP_JOB_PERIOD_SECS (the
//! instances' job period, as they were given it).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use eptsp_core::catalogue::{ApplicationKind, Catalogue};
use eptsp_core::submission::{SubmitRequest, SubmittedFile, UploadStatus};
use eptsp_server::seed::{self, DemoAccount};
use reqwest::{RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const CHUNK: usize = 1 << 20;
const PASSWORD: &str = "Skala2026aman";

struct Run {
    base: String,
    http: reqwest::Client,
    /// Requests that failed (refused connection, 5xx, a busy upload) and were sent again.
    retried: AtomicUsize,
}

fn env(k: &str, d: &str) -> String {
    std::env::var(k).unwrap_or_else(|_| d.to_owned())
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Run {
    /// Sends the request `make` builds until it gets an answer that is not a server
    /// failure, as the desktop's outbox does (it waits and sends again).
    async fn send(&self, make: impl Fn(&reqwest::Client) -> RequestBuilder) -> Response {
        for _ in 0..120 {
            match make(&self.http).send().await {
                Ok(r)
                    if !r.status().is_server_error()
                        && r.status() != StatusCode::TOO_MANY_REQUESTS =>
                {
                    return r;
                }
                _ => {
                    self.retried.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        }
        panic!("no answer after 120 tries");
    }

    async fn json(&self, make: impl Fn(&reqwest::Client) -> RequestBuilder) -> (StatusCode, Value) {
        let r = self.send(make).await;
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn login(&self, login: &str, password: &str, addr: &str) -> String {
        let url = format!("{}/api/v1/auth/login", self.base);
        let (s, v) = self
            .json(|h| {
                h.post(&url)
                    .header("X-Forwarded-For", addr)
                    .json(&json!({ "login": login, "password": password }))
            })
            .await;
        assert_eq!(s, StatusCode::OK, "login {login}: {v}");
        v["token"].as_str().expect("a token").to_owned()
    }

    async fn status(&self, token: &str, sha: &str) -> UploadStatus {
        let url = format!("{}/api/v1/uploads/{sha}", self.base);
        let (s, v) = self.json(|h| h.get(&url).bearer_auth(token)).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        serde_json::from_value(v).expect("an upload status")
    }

    /// Uploads `bytes` whole, resuming from wherever the server stands after any failure.
    async fn upload(&self, token: &str, bytes: &[u8], name: &str) -> String {
        let sha = hex(bytes);
        let url = format!("{}/api/v1/uploads", self.base);
        let (s, v) = self
            .json(|h| {
                h.post(&url)
                    .bearer_auth(token)
                    .json(&json!({ "sha256": sha, "size": bytes.len(), "name": name }))
            })
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let mut st: UploadStatus = serde_json::from_value(v).expect("an upload status");
        let url = format!("{url}/{sha}");
        while !st.complete {
            let from = st.offset as usize;
            let chunk = bytes[from..(from + CHUNK).min(bytes.len())].to_vec();
            let r = self
                .http
                .patch(&url)
                .bearer_auth(token)
                .header("Upload-Offset", from.to_string())
                .header("Content-Type", "application/offset+octet-stream")
                .body(chunk)
                .send()
                .await;
            match r {
                Ok(r) if r.status() == StatusCode::OK => {
                    st = r.json().await.expect("an upload status");
                }
                other => {
                    // Killed mid-chunk, or its write lease still held by a dead instance
                    // (409 upload_busy for up to a minute): ask where it stands.
                    let code = other.as_ref().map(Response::status).ok();
                    assert!(
                        code.is_none_or(|c| c.is_server_error() || c == StatusCode::CONFLICT),
                        "upload refused: {code:?}"
                    );
                    self.retried.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    st = self.status(token, &sha).await;
                }
            }
        }
        sha
    }
}

/// One applicant's journey; returns how long the submission took (uploads and submit).
async fn applicant(
    run: &Run,
    i: usize,
    user: uuid::Uuid,
    officer: &str,
    kb: usize,
    reqs: &[i32],
) -> Duration {
    let email = format!("pemohon{i}@skala.test");
    let addr = format!("10.{}.{}.{}", i / 65536 % 256, i / 256 % 256, i % 256);
    let token = run.login(&email, PASSWORD, &addr).await;
    let t = Instant::now();
    let a = eptsp_server::testkit::pdf_bytes(kb * 1024, 1_000_000 + 2 * i as u64);
    let b = eptsp_server::testkit::pdf_bytes(kb * 1024, 1_000_001 + 2 * i as u64);
    let (sa, sb) = (
        run.upload(&token, &a, "ktp.pdf").await,
        run.upload(&token, &b, "denah.pdf").await,
    );
    let req = SubmitRequest {
        id: uuid::Uuid::new_v4().to_string(),
        data: eptsp_server::testkit::sipa_draft(&email),
        files: reqs
            .iter()
            .enumerate()
            .map(|(k, r)| SubmittedFile {
                requirement_id: *r,
                sha256: if k % 2 == 0 { sa.clone() } else { sb.clone() },
            })
            .collect(),
    };
    let url = format!("{}/api/v1/applications", run.base);
    let (s, v) = run
        .json(|h| h.post(&url).bearer_auth(&token).json(&req))
        .await;
    assert_eq!(s, StatusCode::OK, "submit: {v}");
    let took = t.elapsed();
    // The verifier takes it, judges every document in order and approves it.
    let id = v["id"].as_str().expect("an application id").to_owned();
    let url = format!("{}/api/v1/office/applications/{id}", run.base);
    let (s, dossier) = run
        .json(|h| h.post(format!("{url}/claim")).bearer_auth(officer))
        .await;
    assert_eq!(s, StatusCode::OK, "claim: {dossier}");
    let checklist: Vec<Value> = dossier["files"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| json!({ "requirement_id": f["requirement_id"], "sesuai": true }))
        .collect();
    let decision = json!({
        "id": uuid::Uuid::new_v4().to_string(),
        "version": dossier["version"],
        "action": "setujui",
        "checklist": checklist,
    });
    let (s, v) = run
        .json(|h| {
            h.post(format!("{url}/decision"))
                .bearer_auth(officer)
                .json(&decision)
        })
        .await;
    assert_eq!(s, StatusCode::OK, "decision: {v}");
    // A question to the office, and its answer.
    let url = format!("{}/api/v1/chat/messages", run.base);
    let ask = json!({ "id": uuid::Uuid::new_v4().to_string(), "text": format!("Pertanyaan {i}") });
    let (s, v) = run
        .json(|h| h.post(&url).bearer_auth(&token).json(&ask))
        .await;
    assert_eq!(s, StatusCode::OK, "chat: {v}");
    let answer = json!({
        "id": uuid::Uuid::new_v4().to_string(),
        "conversation": user.to_string(),
        "text": format!("Jawaban {i}"),
    });
    let (s, v) = run
        .json(|h| h.post(&url).bearer_auth(officer).json(&answer))
        .await;
    assert_eq!(s, StatusCode::OK, "answer: {v}");
    let (_, mine) = run.json(|h| h.get(&url).bearer_auth(&token)).await;
    let texts = |v: &Value| -> Vec<String> {
        let all = v.as_array().into_iter().flatten();
        all.filter_map(|m| m["text"].as_str().map(str::to_owned))
            .collect()
    };
    let texts_mine = texts(&mine);
    assert!(
        texts_mine.contains(&format!("Jawaban {i}")),
        "the applicant sees the answer: {texts_mine:?}"
    );
    let (_, theirs) = run
        .json(|h| {
            h.get(format!("{url}?conversation={user}"))
                .bearer_auth(officer)
        })
        .await;
    let texts_theirs = texts(&theirs);
    assert!(
        texts_theirs.contains(&format!("Pertanyaan {i}")),
        "the officer sees the question: {texts_theirs:?}"
    );
    took
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n: usize = env("EPTSP_SCALE_APPLICANTS", "200").parse()?;
    let kb: usize = env("EPTSP_SCALE_FILE_KB", "5120").parse()?;
    let concurrency: usize = env("EPTSP_SCALE_CONCURRENCY", "24").parse()?;
    let midway = std::env::var("EPTSP_SCALE_MIDWAY")
        .ok()
        .filter(|s| !s.is_empty());
    let db = sqlx::PgPool::connect(&env(
        "EPTSP_SCALE_DB",
        "postgres://eptsp@127.0.0.1:55435/eptsp_scale",
    ))
    .await?;
    let run = Arc::new(Run {
        base: env("EPTSP_SCALE_BASE", "http://127.0.0.1:8080"),
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()?,
        retried: AtomicUsize::new(0),
    });

    // The accounts (made here, not through registration: that is not what is measured).
    seed::seed_demo(&db).await?;
    let mut users = Vec::with_capacity(n);
    for chunk in (0..n).collect::<Vec<_>>().chunks(8) {
        let made = futures_util::future::join_all(chunk.iter().map(|&i| {
            let db = db.clone();
            async move {
                let a = DemoAccount {
                    role: eptsp_core::role::Role::Pemohon,
                    nik: Box::leak(format!("647201250180{:04}", i + 1).into_boxed_str()),
                    nama: Box::leak(format!("Pemohon Skala {i}").into_boxed_str()),
                    email: Box::leak(format!("pemohon{i}@skala.test").into_boxed_str()),
                    password: PASSWORD,
                };
                seed::account(&db, &a).await
            }
        }))
        .await;
        for u in made {
            users.push(u?);
        }
    }
    let catalogue: Catalogue = eptsp_server::catalogue::load(&db).await?;
    let reqs: Arc<Vec<i32>> = Arc::new(
        catalogue
            .permit_type("sipa")
            .expect("SIPA")
            .1
            .requirements_for(ApplicationKind::Baru)
            .map(|r| r.id)
            .collect(),
    );
    let verifier = seed::DEMO_ACCOUNTS
        .iter()
        .find(|a| a.role == eptsp_core::role::Role::Verifikator)
        .expect("a verifier");
    let officer = Arc::new(
        run.login(verifier.email, verifier.password, "10.255.0.1")
            .await,
    );

    let started = Instant::now();
    let gate = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let done = Arc::new(AtomicUsize::new(0));
    let midway_ran = Arc::new(tokio::sync::Notify::new());
    let chaos = midway.clone().map(|cmd| {
        let (done, notify) = (done.clone(), midway_ran.clone());
        tokio::spawn(async move {
            while done.load(Ordering::SeqCst) < n / 2 {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let status = tokio::process::Command::new("sh")
                .args(["-c", &cmd])
                .status()
                .await;
            eprintln!("midway ({cmd}): {status:?}");
            notify.notify_one();
        })
    });
    let tasks: Vec<_> = users
        .iter()
        .enumerate()
        .map(|(i, &user)| {
            let (run, gate, done, officer, reqs) = (
                run.clone(),
                gate.clone(),
                done.clone(),
                officer.clone(),
                reqs.clone(),
            );
            tokio::spawn(async move {
                let _slot = gate.acquire().await.expect("semaphore");
                let took = applicant(&run, i, user, &officer, kb, &reqs).await;
                done.fetch_add(1, Ordering::SeqCst);
                took
            })
        })
        .collect();
    let mut took = Vec::with_capacity(n);
    for t in tasks {
        took.push(t.await?);
    }
    let elapsed = started.elapsed();
    if let Some(c) = chaos {
        c.await?;
    }
    took.sort();

    // Exactly once, intact, delivered.
    let per_user: Vec<i64> = sqlx::query_scalar(
        "SELECT count(a.id) FROM users u LEFT JOIN applications a ON a.user_id = u.id
          WHERE u.email LIKE '%@skala.test' GROUP BY u.id",
    )
    .fetch_all(&db)
    .await?;
    assert_eq!(per_user.len(), n);
    assert!(
        per_user.iter().all(|c| *c == 1),
        "an application missing or twice: {per_user:?}"
    );
    let shas: Vec<String> = sqlx::query_scalar("SELECT DISTINCT sha256 FROM application_files")
        .fetch_all(&db)
        .await?;
    assert_eq!(shas.len(), 2 * n);
    for sha in &shas {
        let url = format!("{}/api/v1/office/files/{sha}", run.base);
        let r = run
            .send(|h| h.get(&url).bearer_auth(officer.as_str()))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(&hex(&r.bytes().await?), sha, "a file changed on the way");
    }
    let approved: i64 =
        sqlx::query_scalar("SELECT count(*) FROM applications WHERE status = 'disetujui'")
            .fetch_one(&db)
            .await?;
    assert_eq!(approved, n as i64, "every application approved once");
    let chats: i64 = sqlx::query_scalar("SELECT count(*) FROM chat_messages WHERE NOT automatic")
        .fetch_one(&db)
        .await?;
    assert_eq!(chats, 2 * n as i64, "every question and answer once");
    // Reminders: every application's permit now expires in ten days (issued here, not by
    // officers: the signing is not what is measured). The instances still running remind
    // each holder once, however many of them run the job (its period: EPTSP_JOB_PERIOD_SECS).
    let period: u64 = env("EPTSP_JOB_PERIOD_SECS", "3600").parse()?;
    let signer: uuid::Uuid = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(verifier.email)
        .fetch_one(&db)
        .await?;
    sqlx::query(
        "INSERT INTO permits (application_id, nomor, content, signature, key_id, signed_by, issued_on, valid_until)
         SELECT id, 'SKALA/' || resi, '{}', 'skala', 'skala', $1, CURRENT_DATE, CURRENT_DATE + 10 FROM applications",
    )
    .bind(signer)
    .execute(&db)
    .await?;
    let reminding = Instant::now();
    loop {
        let waiting: i64 =
            sqlx::query_scalar("SELECT count(*) FROM permits WHERE reminded_at IS NULL")
                .fetch_one(&db)
                .await?;
        if waiting == 0 {
            break;
        }
        assert!(
            reminding.elapsed() < Duration::from_secs(3 * period + 30),
            "{waiting} holders never reminded"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let inbox: Vec<i64> = sqlx::query_scalar(
        "SELECT count(m.id) FROM permits p LEFT JOIN messages m ON m.application_id = p.application_id AND m.kind = 'pengingat'
          GROUP BY p.application_id",
    )
    .fetch_all(&db)
    .await?;
    assert!(
        inbox.len() == n && inbox.iter().all(|c| *c == 1),
        "a reminder missing or twice: {inbox:?}"
    );
    let mails: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM mail_outbox WHERE subject LIKE 'Izin SKALA/% segera berakhir'",
    )
    .fetch_one(&db)
    .await?;
    assert_eq!(mails, n as i64, "one reminder e-mail per holder");
    // Each job at most once per period across the instances.
    let whole = started.elapsed().as_secs() + 1;
    let runs: Vec<(String, i64)> = sqlx::query_as("SELECT job, runs FROM job_runs ORDER BY job")
        .fetch_all(&db)
        .await?;
    let most = (whole / period + 2) as i64;
    assert!(
        runs.len() == 3 && runs.iter().all(|(_, r)| *r <= most),
        "jobs more than once a period: {runs:?} (at most {most})"
    );

    println!(
        "{}",
        json!({
            "label": env("EPTSP_SCALE_LABEL", ""),
            "applicants": n,
            "file_kb": kb,
            "concurrency": concurrency,
            "seconds": elapsed.as_secs_f64(),
            "submissions_per_s": n as f64 / elapsed.as_secs_f64(),
            "submit_p50_ms": percentile(&took, 0.5),
            "submit_p99_ms": percentile(&took, 0.99),
            "retried": run.retried.load(Ordering::Relaxed),
            "midway": midway,
            "checked": { "applications_once": n, "approved": approved, "files_intact": shas.len(), "chat_messages": chats, "reminders_once": n, "jobs": runs },
        })
    );
    Ok(())
}
