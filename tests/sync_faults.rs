//! The fault campaign. K applicants' desktops, each on its own store with its sync worker
//! and live channel running as in the app, and two officers, against the real server and
//! PostgreSQL. The desktops reach the server through a TCP relay that delays traffic and
//! cuts connections at random (mid-request, mid-upload, mid-socket). Workers are killed
//! now and then: their tasks are aborted wherever they are and the desktop is opened again
//! from its files, as after kill -9. The server is restarted once. Then the network heals
//! and the campaign checks:
//! - every chat message and submission queued on a desktop reached the server once;
//! - every change the server holds for an applicant (tracking, inbox, chat) is on that
//!   applicant's desktop exactly once, tracking in the server's order per application;
//! - no change was announced to the user twice.
//!
//! CI runs a small campaign; `EPTSP_FAULT_DESKTOPS`, `EPTSP_FAULT_SECS` and
//! `EPTSP_FAULT_SEED` make it bigger or repeat one (`scripts/faults.sh`).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{complete_draft, desktop, pdf};
use eptsp_core::Role;
use eptsp_desktop::backend::Backend;
use eptsp_server::seed::DemoAccount;
use eptsp_server::testkit::TestServer;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use uuid::Uuid;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A small random source the whole campaign shares (seeded, so a run can be repeated).
#[derive(Clone)]
struct Dice(Arc<AtomicU64>);

impl Dice {
    fn below(&self, n: u64) -> u64 {
        let mut x = self.0.load(Ordering::Relaxed);
        loop {
            let mut y = x ^ (x << 13);
            y ^= y >> 7;
            y ^= y << 17;
            match self
                .0
                .compare_exchange(x, y, Ordering::Relaxed, Ordering::Relaxed)
            {
                Ok(_) => return y % n.max(1),
                Err(now) => x = now,
            }
        }
    }
}

/// The unreliable network between the desktops and the server.
struct Relay {
    addr: SocketAddr,
    upstream: Arc<Mutex<SocketAddr>>,
    cutting: Arc<AtomicBool>,
    cuts: Arc<AtomicU64>,
    /// Bumped to drop every connection at once (the server going away).
    generation: Arc<AtomicU64>,
}

impl Relay {
    async fn start(upstream: SocketAddr, dice: Dice) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let relay = Relay {
            addr: listener.local_addr().unwrap(),
            upstream: Arc::new(Mutex::new(upstream)),
            cutting: Arc::new(AtomicBool::new(true)),
            cuts: Arc::new(AtomicU64::new(0)),
            generation: Arc::new(AtomicU64::new(0)),
        };
        let (up, cutting, cuts, generation) = (
            relay.upstream.clone(),
            relay.cutting.clone(),
            relay.cuts.clone(),
            relay.generation.clone(),
        );
        tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    continue;
                };
                let to = *up.lock().unwrap();
                let (dice, cutting, cuts, generation) = (
                    dice.clone(),
                    cutting.clone(),
                    cuts.clone(),
                    generation.clone(),
                );
                tokio::spawn(async move {
                    let Ok(server) = TcpStream::connect(to).await else {
                        return;
                    };
                    // Half the connections are cut after some bytes, half after a while
                    // (a socket held open, a keep-alive connection reused).
                    let cut_bytes = (dice.below(2) == 0).then(|| dice.below(200_000) as usize);
                    let cut_time =
                        (dice.below(2) == 0).then(|| Duration::from_millis(200 + dice.below(4000)));
                    let born = generation.load(Ordering::SeqCst);
                    let piped = pipe(client, server, cut_bytes, dice.clone(), cutting.clone());
                    // Once the network has healed, nothing is cut any more.
                    let deadline = async {
                        match cut_time {
                            Some(t) => tokio::time::sleep(t).await,
                            None => std::future::pending().await,
                        }
                        if !cutting.load(Ordering::SeqCst) {
                            std::future::pending::<()>().await;
                        }
                    };
                    let restarted = async {
                        while generation.load(Ordering::SeqCst) == born {
                            tokio::time::sleep(Duration::from_millis(50)).await;
                        }
                    };
                    tokio::select! {
                        cut = piped => if cut { cuts.fetch_add(1, Ordering::SeqCst); },
                        _ = deadline => {
                            cuts.fetch_add(1, Ordering::SeqCst);
                        }
                        _ = restarted => {}
                    }
                });
            }
        });
        relay
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Copies both ways, a little late each time; returns true when it cut the connection.
async fn pipe(
    client: TcpStream,
    server: TcpStream,
    cut_bytes: Option<usize>,
    dice: Dice,
    cutting: Arc<AtomicBool>,
) -> bool {
    let (cr, cw) = client.into_split();
    let (sr, sw) = server.into_split();
    let moved = Arc::new(AtomicU64::new(0));
    let one_way = |mut r: tokio::net::tcp::OwnedReadHalf,
                   mut w: tokio::net::tcp::OwnedWriteHalf| {
        let (moved, dice, cutting) = (moved.clone(), dice.clone(), cutting.clone());
        async move {
            let mut buf = vec![0u8; 16 * 1024];
            loop {
                let n = match r.read(&mut buf).await {
                    Ok(0) | Err(_) => return false,
                    Ok(n) => n,
                };
                if dice.below(8) == 0 {
                    tokio::time::sleep(Duration::from_millis(dice.below(20))).await;
                }
                let total = moved.fetch_add(n as u64, Ordering::SeqCst) as usize + n;
                if cutting.load(Ordering::SeqCst) && cut_bytes.is_some_and(|c| total > c) {
                    return true;
                }
                if w.write_all(&buf[..n]).await.is_err() {
                    return false;
                }
            }
        }
    };
    tokio::select! {
        c = one_way(cr, sw) => c,
        c = one_way(sr, cw) => c,
    }
}

/// An officer talking to the server directly (the office's own network is not on trial).
struct Officer {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Officer {
    async fn login(base: &str, login: &str, password: &str) -> Officer {
        let http = reqwest::Client::new();
        let v: Value = http
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({ "login": login, "password": password }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Officer {
            http,
            base: base.to_owned(),
            token: v["token"].as_str().expect("officer token").to_owned(),
        }
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}/api/v1{path}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    async fn say(&self, conversation: Uuid, text: &str) {
        let (s, v) = self
            .post(
                "/chat/messages",
                json!({ "id": Uuid::new_v4(), "conversation": conversation, "text": text }),
            )
            .await;
        assert_eq!(s, 200, "{v}");
    }

    /// Claims the application and sends it back for a fix: two changes and two inbox
    /// messages for its applicant.
    async fn return_for_fix(&self, application: &str) {
        let (s, d) = self
            .post(
                &format!("/office/applications/{application}/claim"),
                json!({}),
            )
            .await;
        assert_eq!(s, 200, "{d}");
        let files = d["files"].as_array().unwrap();
        let first = files[0]["requirement_id"].clone();
        let checklist: Vec<Value> = files
            .iter()
            .map(|f| {
                let bad = f["requirement_id"] == first;
                json!({ "requirement_id": f["requirement_id"], "sesuai": !bad,
                        "note": if bad { "Foto KTP buram" } else { "" } })
            })
            .collect();
        let (s, v) = self
            .post(
                &format!("/office/applications/{application}/decision"),
                json!({ "id": Uuid::new_v4(), "version": d["version"], "action": "minta_perbaikan",
                        "note": "Perbaiki KTP", "checklist": checklist }),
            )
            .await;
        assert_eq!(s, 200, "{v}");
    }
}

/// One applicant's desktop and what runs on it.
struct Desk {
    dir: PathBuf,
    user: Uuid,
    backend: Arc<Backend>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
    /// The texts queued here, and the one draft sent.
    texts: Vec<String>,
}

/// Every change announced to the user, per desktop: tracking seqs and the chat count.
type Announced = Arc<Mutex<BTreeMap<usize, Vec<i64>>>>;

fn start_tasks(
    k: usize,
    b: &Arc<Backend>,
    announced: &Announced,
) -> Vec<tokio::task::JoinHandle<()>> {
    let a = announced.clone();
    vec![
        tokio::spawn(b.clone().run_channel(|_| {})),
        tokio::spawn(b.clone().run_worker(move |r| {
            a.lock()
                .unwrap()
                .entry(k)
                .or_default()
                .extend(r.updates.iter().map(|c| c.seq));
        })),
    ]
}

/// Waits until `f` says nothing is left (`None`); on timeout, fails with what was left.
async fn wait_until<F, Fut>(what: &str, limit: Duration, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<String>>,
{
    let start = Instant::now();
    while let Some(left) = f().await {
        assert!(
            start.elapsed() < limit,
            "timed out waiting for {what}: {left}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

async fn local_ids(b: &Backend, sql: &str) -> Vec<String> {
    sqlx::query_scalar::<_, String>(sql)
        .fetch_all(&b.store().unwrap().pool)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn desktops_and_officers_agree_after_cuts_kills_and_a_restart() {
    let desktops = env_or("EPTSP_FAULT_DESKTOPS", 3) as usize;
    let secs = env_or("EPTSP_FAULT_SECS", 20);
    // A run is repeated by giving its seed; otherwise each run draws its own.
    let seed = match env_or("EPTSP_FAULT_SEED", 0) {
        0 => (u64::from(std::process::id()) << 32
            | u64::from(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .subsec_nanos(),
            ))
        .max(1),
        s => s,
    };
    let dice = Dice(Arc::new(AtomicU64::new(seed)));
    println!("fault campaign: {desktops} desktops, {secs} s, seed {seed}");

    let mut server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let relay = Relay::start(server.addr, dice.clone()).await;
    let mut officers = [
        Officer::login(&server.url(), "verifikator@dpmptsp.test", "Verifikator2026").await,
        Officer::login(&server.url(), "admin@dpmptsp.test", "Admin2026").await,
    ];
    let announced: Announced = Arc::default();
    let root = tempfile::tempdir().unwrap();

    // The applicants, each signed in with "Tetap masuk" (a kill must not sign them out).
    let mut desks = Vec::new();
    for k in 0..desktops {
        let login = format!("pemohon{k}@fault.test");
        let user = eptsp_server::seed::account(
            &server.state.db,
            &DemoAccount {
                role: Role::Pemohon,
                nik: format!("647201150590{:04}", 1000 + k).leak(),
                nama: format!("Pemohon {k}").leak(),
                email: login.clone().leak(),
                password: "Pemohon2026",
            },
        )
        .await
        .unwrap();
        let dir = root.path().join(format!("d{k}"));
        std::fs::create_dir_all(&dir).unwrap();
        let b = desktop(&dir, &relay.url()).await;
        // Signing in and the catalogue go straight to the server (the relay is for the
        // sync); the draft is made offline.
        b.api.set_base(&server.url());
        b.login_with(
            eptsp_core::api::LoginRequest {
                login: login.clone(),
                password: "Pemohon2026".into(),
            },
            true,
        )
        .await
        .unwrap();
        b.catalogue().await.unwrap();
        b.api.set_base(&relay.url());
        let f = b
            .files()
            .unwrap()
            .import_bytes(
                &b.store().unwrap(),
                pdf(300_000 + k * 1000, k as u64),
                "berkas.pdf",
                "Berkas",
            )
            .await
            .unwrap();
        let draft = complete_draft(&b, &f.id).await;
        assert!(b.drafts_submit(&draft).await.unwrap().is_empty());
        let tasks = start_tasks(k, &b, &announced);
        desks.push(Desk {
            dir,
            user,
            backend: b,
            tasks,
            texts: Vec::new(),
        });
    }

    // The campaign: applicants type, officers answer and decide, workers die, the server
    // restarts once halfway.
    let (mut kills, mut restarted, mut returned) = (0u64, false, BTreeSet::new());
    let start = Instant::now();
    let mut step = 0u64;
    while start.elapsed() < Duration::from_secs(secs) {
        step += 1;
        let k = dice.below(desktops as u64) as usize;
        match dice.below(10) {
            0..=3 => {
                let text = format!("pesan {k}-{step}");
                desks[k].backend.chat_send(None, &text, None).await.unwrap();
                desks[k].texts.push(text);
            }
            4..=5 => {
                officers[dice.below(2) as usize]
                    .say(desks[k].user, &format!("balasan {k}-{step}"))
                    .await;
            }
            6 => {
                // Once an application has arrived, an officer returns it for a fix.
                let app: Option<String> = sqlx::query_scalar(
                    "SELECT id::text FROM applications WHERE user_id = $1 AND status = 'diajukan'",
                )
                .bind(desks[k].user)
                .fetch_optional(&server.state.db)
                .await
                .unwrap();
                if let Some(app) = app
                    && returned.insert(app.clone())
                {
                    officers[0].return_for_fix(&app).await;
                }
            }
            7 => {
                // kill -9: the worker and the channel stop wherever they are; the app
                // starts again on the same folder.
                let d = &mut desks[k];
                for t in d.tasks.drain(..) {
                    t.abort();
                    let _ = t.await;
                }
                d.backend.close().await;
                d.backend = desktop(&d.dir, &relay.url()).await;
                assert!(
                    d.backend.current().is_some(),
                    "opened again without the password"
                );
                d.tasks = start_tasks(k, &d.backend, &announced);
                kills += 1;
            }
            _ => {}
        }
        if !restarted && start.elapsed() > Duration::from_secs(secs / 2) {
            // The server goes away and comes back on another port behind the same address.
            let state = eptsp_server::AppState::new(
                server.state.db.clone(),
                (*server.state.config).clone(),
            )
            .unwrap();
            server.stop();
            relay.generation.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(500)).await;
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let mail = eptsp_server::mailsink::MailSink::start("127.0.0.1:0", false).unwrap();
            server = TestServer::serve_state(listener, state, mail, |r| r);
            *relay.upstream.lock().unwrap() = server.addr;
            for o in &mut officers {
                o.base = server.url();
            }
            restarted = true;
        }
        tokio::time::sleep(Duration::from_millis(50 + dice.below(250))).await;
    }

    // The network heals; everyone catches up.
    relay.cutting.store(false, Ordering::SeqCst);
    let db = server.state.db.clone();
    for (k, d) in desks.iter().enumerate() {
        let b = d.backend.clone();
        wait_until(&format!("desktop {k} to settle"), Duration::from_secs(180), || {
            let (b, db, user) = (b.clone(), db.clone(), d.user);
            async move {
                let a = b.account().unwrap();
                let p = a.pending().await.unwrap();
                let server_chat: i64 =
                    sqlx::query_scalar("SELECT count(*) FROM chat_messages WHERE conversation = $1")
                        .bind(user)
                        .fetch_one(&db)
                        .await
                        .unwrap();
                let server_tracking: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM tracking t JOIN applications a ON a.id = t.application_id WHERE a.user_id = $1",
                )
                .bind(user)
                .fetch_one(&db)
                .await
                .unwrap();
                let server_inbox: i64 =
                    sqlx::query_scalar("SELECT count(*) FROM messages WHERE user_id = $1")
                        .bind(user)
                        .fetch_one(&db)
                        .await
                        .unwrap();
                let local = |sql: &'static str| {
                    let pool = a.store.pool.clone();
                    async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&pool).await.unwrap() }
                };
                let held = (
                    p.submissions + p.chat,
                    local("SELECT count(*) FROM chat_messages").await,
                    local("SELECT count(*) FROM tracking").await,
                    local("SELECT count(*) FROM inbox").await,
                );
                let want = (0, server_chat, server_tracking, server_inbox);
                (held != want).then(|| {
                    format!(
                        "(queued, chat, tracking, inbox) here {held:?}, wanted {want:?}, channel up {}",
                        b.is_channel_up()
                    )
                })
            }
        })
        .await;
    }

    // What reached the server, and what reached each desktop.
    let (mut changes, mut actions, mut duplicates, mut gaps) = (0usize, 0usize, 0usize, 0usize);
    let mut mismatches = Vec::new();
    for (k, d) in desks.iter().enumerate() {
        let b = &d.backend;
        // Every chat message typed here, once.
        let sent: Vec<String> =
            sqlx::query_scalar("SELECT text FROM chat_messages WHERE sender = $1 ORDER BY text")
                .bind(d.user)
                .fetch_all(&db)
                .await
                .unwrap();
        let mut typed = d.texts.clone();
        typed.sort();
        assert_eq!(
            sent, typed,
            "desktop {k}: each message typed reached the office once"
        );
        let apps: i64 = sqlx::query_scalar("SELECT count(*) FROM applications WHERE user_id = $1")
            .bind(d.user)
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(apps, 1, "desktop {k}: one application for one Kirim");
        actions += typed.len() + 1;

        // Tracking (per application in the server's order), inbox and chat: what the server
        // holds for this applicant, against what the desktop holds.
        let server_tracking: Vec<String> = sqlx::query_scalar(
            "SELECT t.application_id::text || ':' || t.id FROM tracking t JOIN applications a ON a.id = t.application_id
             WHERE a.user_id = $1 ORDER BY t.application_id, t.pos",
        )
        .bind(d.user)
        .fetch_all(&db)
        .await
        .unwrap();
        let local_tracking = local_ids(
            b,
            "SELECT application_id || ':' || seq FROM tracking ORDER BY application_id, seq",
        )
        .await;
        let server_inbox: Vec<String> =
            sqlx::query_scalar("SELECT id::text FROM messages WHERE user_id = $1")
                .bind(d.user)
                .fetch_all(&db)
                .await
                .unwrap();
        let local_inbox = local_ids(b, "SELECT CAST(id AS TEXT) FROM inbox").await;
        let server_chat: Vec<String> =
            sqlx::query_scalar("SELECT id::text FROM chat_messages WHERE conversation = $1")
                .bind(d.user)
                .fetch_all(&db)
                .await
                .unwrap();
        let local_chat = local_ids(b, "SELECT id FROM chat_messages").await;
        let server_status: Vec<String> = sqlx::query_scalar(
            "SELECT id::text || ':' || status FROM applications WHERE user_id = $1 ORDER BY 1",
        )
        .bind(d.user)
        .fetch_all(&db)
        .await
        .unwrap();
        let local_status =
            local_ids(b, "SELECT id || ':' || status FROM applications ORDER BY 1").await;
        for (what, server, local) in [
            ("tracking", &server_tracking, &local_tracking),
            ("inbox", &server_inbox, &local_inbox),
            ("chat", &server_chat, &local_chat),
        ] {
            let held: BTreeSet<&String> = local.iter().collect();
            let missing = server.iter().filter(|x| !held.contains(x)).count();
            gaps += missing;
            changes += server.len();
            if missing > 0 || sorted(server.clone()) != sorted(local.clone()) {
                mismatches.push(format!(
                    "desktop {k} {what}: server {server:?}, desktop {local:?}"
                ));
            }
        }
        // Per application, in the server's order.
        if local_tracking != server_tracking {
            mismatches.push(format!("desktop {k}: tracking out of order"));
        }
        if local_status != server_status {
            mismatches.push(format!(
                "desktop {k}: status {local_status:?}, server {server_status:?}"
            ));
        }

        let told = announced
            .lock()
            .unwrap()
            .get(&k)
            .cloned()
            .unwrap_or_default();
        let once: BTreeSet<i64> = told.iter().copied().collect();
        duplicates += told.len() - once.len();
    }
    let cuts = relay.cuts.load(Ordering::SeqCst);
    println!(
        "fault campaign: changes {changes}, actions {actions}, cuts {cuts}, kills {kills}, \
         restarts {}, duplicates {duplicates}, gaps {gaps}",
        u8::from(restarted)
    );
    assert!(mismatches.is_empty(), "{mismatches:#?}");
    assert_eq!((duplicates, gaps), (0, 0));
    assert!(restarted, "the server was restarted");
    assert!(cuts > 0, "the relay cut connections");
    for d in &desks {
        for t in &d.tasks {
            t.abort();
        }
    }
}
