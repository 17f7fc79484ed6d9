//! The server under hostile load, as a hostile user would send it: the real server on
//! loopback, real PostgreSQL, real SMTP. Every case sends its requests at once and asserts
//! the limit holds exactly; every loop is bounded in count and time. Heavier runs (more
//! requests, schemathesis) live in `scripts/pressure.sh`.

use std::time::{Duration, Instant};

use eptsp_server::config::{Config, Limit, Limits};
use eptsp_server::testkit::{TestServer, pdf_bytes};
use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const PEMOHON: (&str, &str, &str) = ("pemohon@dpmptsp.test", "6472011505900001", "Pemohon2026");

struct Site {
    server: TestServer,
    http: reqwest::Client,
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Limits high enough not to get in the way of what a case measures.
fn open_limits() -> Limits {
    let wide = Limit::new(100_000, 60);
    Limits {
        login_failures_per_account: wide,
        login_failures_per_address: wide,
        register_per_address: wide,
        codes_per_email: wide,
        codes_per_address: wide,
        pin_per_account: wide,
        pin_per_address: wide,
        monitoring_per_address: wide,
    }
}

impl Site {
    async fn start(limits: Limits) -> Site {
        Self::start_with(limits, |_| {}).await
    }

    async fn start_with(limits: Limits, configure: impl FnOnce(&mut Config)) -> Site {
        let server = TestServer::start_custom(limits, configure, |r| r).await;
        eptsp_server::seed::seed_demo(&server.state.db)
            .await
            .unwrap();
        Site {
            server,
            http: reqwest::Client::builder()
                .pool_max_idle_per_host(256)
                .build()
                .unwrap(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.server.url())
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> (StatusCode, Value) {
        let r = req.send().await.unwrap();
        let s = r.status();
        (s, r.json().await.unwrap_or(Value::Null))
    }

    async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        let mut req = self.http.post(self.url(path)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        self.send(req).await
    }

    async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        let mut req = self.http.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        self.send(req).await
    }

    async fn login(&self, login: &str, password: &str) -> (StatusCode, Value) {
        self.post(
            "/auth/login",
            None,
            json!({ "login": login, "password": password }),
        )
        .await
    }

    async fn token(&self, login: &str, password: &str) -> String {
        let (s, v) = self.login(login, password).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v["token"].as_str().unwrap().to_owned()
    }

    /// A second applicant, copied from the demo one (same password).
    async fn second_pemohon(&self) -> String {
        let db = &self.server.state.db;
        let mut tx = db.begin().await.unwrap();
        sqlx::query(
            "CREATE TEMP TABLE u ON COMMIT DROP AS SELECT * FROM users WHERE email = 'pemohon@dpmptsp.test'",
        )
        .execute(&mut *tx)
        .await
        .unwrap();
        sqlx::query(
            "UPDATE u SET id = gen_random_uuid(), nik = '6472011505900099', email = 'kedua@dpmptsp.test'",
        )
        .execute(&mut *tx)
        .await
        .unwrap();
        sqlx::query("INSERT INTO users SELECT * FROM u")
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        self.token("kedua@dpmptsp.test", PEMOHON.2).await
    }

    async fn announce(&self, token: &str, sha: &str, size: usize) -> (StatusCode, Value) {
        self.post(
            "/uploads",
            Some(token),
            json!({ "sha256": sha, "size": size, "name": "berkas.pdf" }),
        )
        .await
    }

    async fn patch(
        &self,
        token: &str,
        sha: &str,
        offset: u64,
        chunk: Vec<u8>,
    ) -> (StatusCode, Value) {
        self.send(
            self.http
                .patch(self.url(&format!("/uploads/{sha}")))
                .bearer_auth(token)
                .header("Upload-Offset", offset.to_string())
                .header("Content-Type", "application/offset+octet-stream")
                .body(chunk),
        )
        .await
    }
}

fn count(results: &[(StatusCode, Value)], status: StatusCode, code: &str) -> usize {
    results
        .iter()
        .filter(|(s, v)| *s == status && (code.is_empty() || v["code"] == code))
        .count()
}

/// The process's peak and current resident memory, in MiB (Linux).
fn memory_mib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_wrong_passwords_get_exactly_the_accounts_limit_by_nik_and_email_alike() {
    let site = Site::start(Limits {
        login_failures_per_account: Limit::new(5, 900),
        ..open_limits()
    })
    .await;
    let tries = (0..40).map(|i| {
        // Half by e-mail, half by NIK: one account, one counter.
        let login = if i % 2 == 0 { PEMOHON.0 } else { PEMOHON.1 };
        let site = &site;
        async move { site.login(login, "SalahSekali1").await }
    });
    let results = join_all(tries).await;
    let checked = count(&results, StatusCode::UNAUTHORIZED, "wrong_password");
    let refused = count(&results, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
    println!("40 wrong passwords at once, limit 5: {checked} checked, {refused} refused");
    assert_eq!((checked, refused), (5, 35), "{results:?}");
    // Locked: the right password waits too.
    assert_eq!(
        site.login(PEMOHON.1, PEMOHON.2).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
}

/// The same guesses spread over three instances behind a balancer: still exactly the
/// account's limit, and so for lookups by resi from one address.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn limits_hold_across_three_instances() {
    let site = Site::start(Limits {
        login_failures_per_account: Limit::new(5, 900),
        monitoring_per_address: Limit::new(12, 900),
        ..open_limits()
    })
    .await;
    let (b, c) = (
        site.server.second_instance().await,
        site.server.second_instance().await,
    );
    let bases = [site.server.url(), b.url(), c.url()];
    let tries = (0..42).map(|i| {
        let (site, base) = (&site, &bases[i % 3]);
        async move {
            site.send(
                site.http
                    .post(format!("{base}/api/v1/auth/login"))
                    .json(&json!({ "login": PEMOHON.0, "password": "SalahSekali1" })),
            )
            .await
        }
    });
    let results = join_all(tries).await;
    let checked = count(&results, StatusCode::UNAUTHORIZED, "wrong_password");
    let refused = count(&results, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
    assert_eq!((checked, refused), (5, 37), "{results:?}");
    let lookups = (0..30).map(|i| {
        let (site, base) = (&site, &bases[i % 3]);
        async move {
            site.send(
                site.http
                    .get(format!("{base}/api/v1/monitoring/7K3M-Q9X2-H43")),
            )
            .await
        }
    });
    let results = join_all(lookups).await;
    let answered = count(&results, StatusCode::UNPROCESSABLE_ENTITY, "resi_unknown");
    let refused = count(&results, StatusCode::TOO_MANY_REQUESTS, "");
    assert_eq!((answered, refused), (12, 18), "{results:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_right_passwords_all_get_in_despite_the_limit() {
    let site = Site::start(Limits {
        login_failures_per_account: Limit::new(5, 900),
        ..open_limits()
    })
    .await;
    let results = join_all((0..20).map(|_| site.login(PEMOHON.0, PEMOHON.2))).await;
    assert_eq!(count(&results, StatusCode::OK, ""), 20, "{results:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_logins_from_one_address_get_exactly_its_limit() {
    let site = Site::start(Limits {
        login_failures_per_address: Limit::new(30, 900),
        ..open_limits()
    })
    .await;
    let tries = (0..60).map(|i| {
        let site = &site;
        async move {
            site.login(&format!("6472011505{i:06}"), "SalahSekali1")
                .await
        }
    });
    let results = join_all(tries).await;
    let answered = count(&results, StatusCode::UNAUTHORIZED, "login_unknown");
    let refused = count(&results, StatusCode::TOO_MANY_REQUESTS, "");
    println!(
        "60 logins from one address at once, limit 30: {answered} answered, {refused} refused"
    );
    assert_eq!((answered, refused), (30, 30));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_code_requests_send_exactly_the_limit_of_codes() {
    let site = Site::start(Limits {
        codes_per_email: Limit::new(5, 3600),
        ..open_limits()
    })
    .await;
    let results = join_all((0..20).map(|_| {
        site.post(
            "/auth/email-code",
            None,
            json!({ "email": "baru@example.com" }),
        )
    }))
    .await;
    assert_eq!(count(&results, StatusCode::OK, ""), 5, "{results:?}");
    assert_eq!(count(&results, StatusCode::TOO_MANY_REQUESTS, ""), 15);
    // Exactly five mails leave, none twice.
    let deadline = Instant::now() + Duration::from_secs(10);
    while site.server.mail.mails().len() < 5 {
        assert!(Instant::now() < deadline, "the codes did not arrive");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(site.server.mail.mails().len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn registrations_pins_and_lookups_hold_their_limits_under_concurrency() {
    let site = Site::start(Limits {
        register_per_address: Limit::new(4, 3600),
        pin_per_address: Limit::new(3, 3600),
        monitoring_per_address: Limit::new(10, 60),
        ..open_limits()
    })
    .await;
    // Well-formed, refused by the field checks (an empty name): each one counts.
    let form = json!({
        "nik": "6472011505900077", "password": "Kaltim2026", "nama": "",
        "jenis_kelamin": null, "tanggal_lahir": "1990-05-15", "pendidikan": null,
        "alamat": "Jl. Uji", "no_hp": "081234567890", "kode_pos": "75121",
        "email": "daftar@example.com", "email_code": "000000",
        "wilayah": { "provinsi": "64", "kabupaten": "64.72", "kecamatan": "64.72.01", "kelurahan": "64.72.01.1001" }
    });
    let reg = join_all((0..12).map(|_| site.post("/auth/register", None, form.clone()))).await;
    assert_eq!(
        count(&reg, StatusCode::UNPROCESSABLE_ENTITY, ""),
        4,
        "{reg:?}"
    );
    assert_eq!(count(&reg, StatusCode::TOO_MANY_REQUESTS, ""), 8, "{reg:?}");
    let pins = join_all((0..10).map(|_| {
        site.post(
            "/auth/forgot-password",
            None,
            json!({ "identitas": "6472011505900001", "no_hp": "0811", "email": "x@example.com" }),
        )
    }))
    .await;
    assert_eq!(
        count(&pins, StatusCode::TOO_MANY_REQUESTS, ""),
        7,
        "{pins:?}"
    );
    let looks = join_all((0..30).map(|_| site.get("/monitoring/ABCDEFGH", None))).await;
    assert_eq!(
        count(&looks, StatusCode::TOO_MANY_REQUESTS, ""),
        20,
        "{looks:?}"
    );
}

/// Behind nginx, the client is the right-most hop nginx appended: a forged entry to its
/// left buys no fresh counter.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_forwarded_for_entry_does_not_escape_the_address_limit() {
    let site = Site::start_with(
        Limits {
            login_failures_per_address: Limit::new(3, 900),
            ..open_limits()
        },
        |c| c.trust_forwarded_for = true,
    )
    .await;
    let login = |forwarded: String| {
        let site = &site;
        async move {
            site.send(
                site.http
                    .post(site.url("/auth/login"))
                    .header("X-Forwarded-For", forwarded)
                    .json(&json!({ "login": "6472011505000000", "password": "x" })),
            )
            .await
        }
    };
    for i in 0..3 {
        let (s, _) = login(format!("10.9.9.{i}, 203.0.113.7")).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
    // Another forged left part, the same real client: throttled.
    let (s, _) = login("10.9.9.99, 203.0.113.7".into()).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    // Another real client: its own counter.
    let (s, _) = login("203.0.113.8".into()).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

/// 200 logins at once, each a full Argon2id check: the password workers take them a few at
/// a time, the rest are told to come back (503 with Retry-After), memory stays bounded.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_logins_keep_memory_bounded() {
    let site = Site::start(open_limits()).await;
    let (_, base) = memory_mib();
    let started = Instant::now();
    let results = join_all((0..200).map(|_| site.login(PEMOHON.1, "SalahSekali1"))).await;
    let (peak, after) = memory_mib();
    let checked = count(&results, StatusCode::UNAUTHORIZED, "wrong_password");
    let busy = count(&results, StatusCode::SERVICE_UNAVAILABLE, "busy");
    println!(
        "200 concurrent logins: {checked} checked, {busy} told to retry, in {:.1} s; RSS {base} MiB before, peak {peak} MiB, {after} MiB after",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(checked + busy, 200, "{results:?}");
    assert!(checked >= 2);
    for (s, v) in &results {
        if *s == StatusCode::SERVICE_UNAVAILABLE {
            assert!(v["retry_after_secs"].as_u64().is_some_and(|r| r > 0));
        }
    }
    // Unbounded, 200 checks at 19 MiB each would take 3.8 GB; one per core, reusing its
    // memory, they take about 40 MiB (the rest is 200 connections on both sides).
    assert!(peak < base + 150, "peak {peak} MiB over base {base} MiB");
}

/// 20 PATCHes to one upload at once: one writes, the others are told where it stands; a
/// different user's request is answered meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_patches_to_one_upload_stall_nobody() {
    let site = Site::start(open_limits()).await;
    let token = site.token(PEMOHON.0, PEMOHON.2).await;
    let other = site.second_pemohon().await;
    let bytes = pdf_bytes(8 * 1024 * 1024, 21);
    let sha = sha(&bytes);
    let chunk = bytes[..4 * 1024 * 1024].to_vec();
    assert_eq!(
        site.announce(&token, &sha, bytes.len()).await.0,
        StatusCode::OK
    );
    let patches = join_all((0..20).map(|_| site.patch(&token, &sha, 0, chunk.clone())));
    let probe = async {
        let mut times = Vec::new();
        for _ in 0..40 {
            let t = Instant::now();
            let (s, _) = site.get("/catalogue", Some(&other)).await;
            assert_eq!(s, StatusCode::OK);
            times.push(t.elapsed());
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        times.sort();
        times
    };
    let (results, times) = tokio::join!(patches, probe);
    let ok = count(&results, StatusCode::OK, "");
    let conflict = count(&results, StatusCode::CONFLICT, "");
    let p = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize].as_millis();
    let worst = *times.last().unwrap();
    println!(
        "20 concurrent PATCHes: {ok} written, {conflict} answered 409; another user's GET /catalogue meanwhile: p50 {} ms, p99 {} ms, max {} ms",
        p(0.5),
        p(0.99),
        worst.as_millis()
    );
    assert_eq!((ok, conflict), (1, 19), "{results:?}");
    for (s, v) in &results {
        if *s == StatusCode::CONFLICT {
            assert_eq!(v["field"], "upload_offset");
        }
    }
    assert!(worst < Duration::from_secs(3), "{worst:?}");
    let (_, st) = site.get(&format!("/uploads/{sha}"), Some(&token)).await;
    assert_eq!(st["offset"], 4 * 1024 * 1024);
    // The rest goes through as usual.
    let (s, v) = site
        .patch(
            &token,
            &sha,
            4 * 1024 * 1024,
            bytes[4 * 1024 * 1024..].to_vec(),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["complete"], true);
}

/// Someone else's upload cannot be touched: announcing its file with a wrong size, sending
/// bytes into it or asking where it stands changes nothing for the owner.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_belongs_to_its_uploader() {
    let site = Site::start(open_limits()).await;
    let owner = site.token(PEMOHON.0, PEMOHON.2).await;
    let intruder = site.second_pemohon().await;
    let bytes = pdf_bytes(300_000, 8);
    let sha = sha(&bytes);
    // The intruder announces first, with a wrong size.
    assert_eq!(site.announce(&intruder, &sha, 1000).await.0, StatusCode::OK);
    let (s, v) = site.announce(&owner, &sha, bytes.len()).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["size"], bytes.len());
    assert_eq!(v["offset"], 0);
    let (s, _) = site.patch(&owner, &sha, 0, bytes[..100_000].to_vec()).await;
    assert_eq!(s, StatusCode::OK);
    // The intruder's bytes go to the intruder's own upload, never into the owner's.
    let (s, v) = site.patch(&intruder, &sha, 0, vec![0u8; 1000]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (s, v) = site
        .patch(&intruder, &sha, 100_000, bytes[100_000..101_000].to_vec())
        .await;
    assert!(s.is_client_error(), "{s} {v}");
    // Re-announcing to reset: only the intruder's own upload starts over.
    assert_eq!(site.announce(&intruder, &sha, 5).await.0, StatusCode::OK);
    let (_, st) = site.get(&format!("/uploads/{sha}"), Some(&owner)).await;
    assert_eq!(st["offset"], 100_000);
    let (s, v) = site
        .patch(&owner, &sha, 100_000, bytes[100_000..].to_vec())
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["complete"], true);
    // An offset that would overflow is refused like any offset past the end.
    let (s, v) = site.patch(&intruder, &sha, u64::MAX, vec![1u8; 10]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["code"], "upload_too_long");
    // Once stored, the file is there for anyone who has it (deduplication).
    let (_, st) = site.get(&format!("/uploads/{sha}"), Some(&intruder)).await;
    assert_eq!(st["complete"], true);
    // A stranger with no upload of that file is told there is none.
    let other = pdf_bytes(1000, 9);
    let (s, _) = site.patch(&intruder, &self::sha(&other), 0, other).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

/// The quota: concurrent announcements never take an account over it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_announcements_stay_within_the_quota() {
    let site = Site::start_with(open_limits(), |c| c.upload_quota_bytes = 1_000_000).await;
    let token = site.token(PEMOHON.0, PEMOHON.2).await;
    let files: Vec<Vec<u8>> = (0..10).map(|i| pdf_bytes(300_000, 100 + i)).collect();
    let shas: Vec<String> = files.iter().map(|f| sha(f)).collect();
    let results = join_all(
        files
            .iter()
            .zip(&shas)
            .map(|(f, h)| site.announce(&token, h, f.len())),
    )
    .await;
    let refused = count(&results, StatusCode::UNPROCESSABLE_ENTITY, "quota_exceeded");
    assert_eq!(
        (count(&results, StatusCode::OK, ""), refused),
        (3, 7),
        "{results:?}"
    );
    let message = results
        .iter()
        .find(|(s, _)| *s == StatusCode::UNPROCESSABLE_ENTITY)
        .map(|(_, v)| v["message"].as_str().unwrap().to_owned())
        .unwrap();
    assert!(
        message.starts_with("Kuota penyimpanan akun Anda di server (1,0 MB)"),
        "{message}"
    );
}

/// An upload nobody finishes is removed, bytes and all, after the configured time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn abandoned_uploads_are_removed() {
    let site = Site::start_with(open_limits(), |c| c.upload_ttl = Duration::from_secs(1)).await;
    let token = site.token(PEMOHON.0, PEMOHON.2).await;
    let bytes = pdf_bytes(200_000, 3);
    let sha = sha(&bytes);
    site.announce(&token, &sha, bytes.len()).await;
    assert_eq!(
        site.patch(&token, &sha, 0, bytes[..50_000].to_vec())
            .await
            .0,
        StatusCode::OK
    );
    let partial_dir = site.server.state.config.blob_dir.join("partial");
    assert_eq!(std::fs::read_dir(&partial_dir).unwrap().count(), 1);
    // Bytes left by an older layout or a crash, with no upload standing for them.
    std::fs::write(partial_dir.join(&sha), b"old").unwrap();
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let removed = eptsp_server::routes::uploads::sweep_abandoned(&site.server.state)
        .await
        .unwrap();
    assert_eq!(removed, 1);
    assert_eq!(std::fs::read_dir(&partial_dir).unwrap().count(), 0);
    assert_eq!(
        site.get(&format!("/uploads/{sha}"), Some(&token)).await.0,
        StatusCode::NOT_FOUND
    );
}

/// Every path of a session's end closes that user's open sockets within a second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sockets_close_when_their_session_ends() {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;

    let site = Site::start(open_limits()).await;
    let admin = site.token("admin@dpmptsp.test", "Admin2026").await;
    let open = |token: String| {
        let url = format!(
            "{}/api/v1/chat/ws",
            site.server.url().replacen("http", "ws", 1)
        );
        async move {
            let mut req = url.into_client_request().unwrap();
            req.headers_mut()
                .insert("authorization", format!("Bearer {token}").parse().unwrap());
            tokio_tungstenite::connect_async(req).await.unwrap().0
        }
    };
    let closed_within_a_second = |mut ws: tokio_tungstenite::WebSocketStream<_>| async move {
        let frame = tokio::time::timeout(Duration::from_secs(1), async {
            loop {
                match ws.next().await {
                    Some(Ok(Message::Close(f))) => return f,
                    Some(Ok(_)) => {}
                    _ => return None,
                }
            }
        })
        .await
        .expect("the socket closes within a second");
        assert_eq!(u16::from(frame.expect("a close frame").code), 4001);
    };

    // Logout.
    let t = site.token(PEMOHON.0, PEMOHON.2).await;
    let ws = open(t.clone()).await;
    let other_session = site.token(PEMOHON.0, PEMOHON.2).await;
    let kept = open(other_session.clone()).await;
    assert_eq!(
        site.post("/auth/logout", Some(&t), json!({})).await.0,
        StatusCode::OK
    );
    closed_within_a_second(ws).await;

    // A password change ends the other sessions, not the one that made it.
    let ws_other = kept;
    let (s, v) = site
        .post(
            "/me/password",
            Some(&site.token(PEMOHON.0, PEMOHON.2).await),
            json!({ "old_password": PEMOHON.2, "new_password": "BaruAman2026", "new_password_confirm": "BaruAman2026" }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    closed_within_a_second(ws_other).await;

    // Blocking.
    let verifikator = site
        .token("verifikator@dpmptsp.test", "Verifikator2026")
        .await;
    let id: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'verifikator@dpmptsp.test'")
            .fetch_one(&site.server.state.db)
            .await
            .unwrap();
    let ws = open(verifikator).await;
    let (s, v) = site
        .post(
            &format!("/admin/users/{id}/block"),
            Some(&admin),
            json!({ "reason": "Uji" }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    closed_within_a_second(ws).await;

    // A role change.
    let signer = site.token("penandatangan@dpmptsp.test", "Kepala2026").await;
    let id: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'penandatangan@dpmptsp.test'")
            .fetch_one(&site.server.state.db)
            .await
            .unwrap();
    let ws = open(signer).await;
    let r = site
        .send(
            site.http
                .put(site.url(&format!("/admin/users/{id}/role")))
                .bearer_auth(&admin)
                .json(&json!({ "role": "verifikator" })),
        )
        .await;
    assert_eq!(r.0, StatusCode::OK, "{}", r.1);
    closed_within_a_second(ws).await;
}

/// A session ended behind the sockets' back (expired, or revoked where no announcement
/// reached them) is found by the sockets' periodic check.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_socket_finds_out_by_itself_that_its_session_ended() {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;

    let site = Site::start_with(open_limits(), |c| c.ws_recheck = Duration::from_millis(200)).await;
    let token = site.token(PEMOHON.0, PEMOHON.2).await;
    let mut req = format!(
        "{}/api/v1/chat/ws",
        site.server.url().replacen("http", "ws", 1)
    )
    .into_client_request()
    .unwrap();
    req.headers_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    // Expired in the database, no announcement made.
    sqlx::query("UPDATE sessions SET expires_at = now() - interval '1 second'")
        .execute(&site.server.state.db)
        .await
        .unwrap();
    let frame = tokio::time::timeout(Duration::from_secs(2), async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Close(f))) => return f,
                Some(Ok(_)) => {}
                _ => return None,
            }
        }
    })
    .await
    .expect("closed by the periodic check");
    assert_eq!(u16::from(frame.expect("a close frame").code), 4001);
}

/// A client that starts a request and never finishes its body is cut off at the request's
/// deadline with a JSON 503, and holds nothing after.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_never_finishes_is_cut_off_at_its_deadline() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let site = Site::start_with(open_limits(), |c| {
        c.request_timeout = Duration::from_secs(1);
    })
    .await;
    let mut tcp = tokio::net::TcpStream::connect(site.server.addr)
        .await
        .unwrap();
    // Promises 1000 bytes of body, sends 10.
    tcp.write_all(
        b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"login\":",
    )
    .await
    .unwrap();
    let started = Instant::now();
    // The answer comes at the deadline (the connection may stay open after it).
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), tcp.read(&mut buf))
        .await
        .expect("an answer within the deadline")
        .unwrap();
    let answer = String::from_utf8_lossy(&buf[..n]).into_owned();
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("\"code\":\"timeout\""), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(4));
    // The server goes on answering others.
    assert_eq!(site.get("/health", None).await.0, StatusCode::OK);
}

/// Two instances on one database: a logout on one closes the user's socket on the other
/// within a second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_logout_on_one_instance_closes_the_socket_on_another() {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;

    let site = Site::start(open_limits()).await;
    let second = site.server.second_instance().await;
    let token = site.token(PEMOHON.0, PEMOHON.2).await;
    let mut req = format!("{}/api/v1/chat/ws", second.url().replacen("http", "ws", 1))
        .into_client_request()
        .unwrap();
    req.headers_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    // Give the second instance's listener a moment to be listening.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        site.post("/auth/logout", Some(&token), json!({})).await.0,
        StatusCode::OK
    );
    let t = Instant::now();
    let frame = tokio::time::timeout(Duration::from_secs(1), async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Close(f))) => return f,
                Some(Ok(_)) => {}
                _ => return None,
            }
        }
    })
    .await
    .expect("closed within a second on the other instance");
    assert_eq!(u16::from(frame.expect("a close frame").code), 4001);
    println!(
        "socket on the other instance closed {} ms after the logout",
        t.elapsed().as_millis()
    );
}

/// A NUL character in any text of any write endpoint is a 422 naming the field, never a
/// 500; so is one in the path or the query. Rejections of the path and the query come in
/// the same JSON shape as every other error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nul_characters_and_malformed_paths_get_named_4xx_answers() {
    let site = Site::start(open_limits()).await;
    let token = site.token(PEMOHON.0, PEMOHON.2).await;
    let nul = "a\u{0}b";
    let cases: Vec<(&str, &str, Value, &str)> = vec![
        (
            "POST",
            "/auth/login",
            json!({ "login": nul, "password": "x" }),
            "login",
        ),
        (
            "POST",
            "/auth/login",
            json!({ "login": "x", "password": nul }),
            "password",
        ),
        ("POST", "/auth/email-code", json!({ "email": nul }), "email"),
        ("POST", "/auth/register", json!({ "nama": nul }), "nama"),
        (
            "POST",
            "/auth/forgot-password",
            json!({ "identitas": "1", "no_hp": nul, "email": "x" }),
            "no_hp",
        ),
        (
            "POST",
            "/auth/reset-password",
            json!({ "email": "x", "pin": nul }),
            "pin",
        ),
        ("PUT", "/me", json!({ "alamat": nul }), "alamat"),
        (
            "POST",
            "/me/password",
            json!({ "old_password": nul }),
            "old_password",
        ),
        (
            "POST",
            "/me/desktop-key",
            json!({ "password": nul }),
            "password",
        ),
        ("POST", "/me/email-code", json!({ "email": nul }), "email"),
        (
            "POST",
            "/uploads",
            json!({ "sha256": "0", "size": 1, "name": nul }),
            "name",
        ),
        (
            "POST",
            "/applications",
            json!({ "id": "x", "data": { "keterangan": nul }, "files": [] }),
            "data.keterangan",
        ),
        (
            "POST",
            "/applications",
            json!({ "files": [{ "sha256": nul }] }),
            "files.0.sha256",
        ),
        (
            "POST",
            "/chat/messages",
            json!({ "id": "x", "text": nul }),
            "text",
        ),
        ("POST", "/complaints", json!({ "subjek": nul }), "subjek"),
        (
            "POST",
            "/applications/00000000-0000-0000-0000-000000000000/survey",
            json!({ "saran": nul }),
            "saran",
        ),
        (
            "POST",
            "/applications/00000000-0000-0000-0000-000000000000/revision",
            json!({ "id": nul }),
            "id",
        ),
        (
            "POST",
            "/auth/login",
            Value::Object([(nul.to_owned(), json!("x"))].into_iter().collect()),
            nul,
        ),
    ];
    for (method, path, body, field) in cases {
        let req = site
            .http
            .request(method.parse().unwrap(), site.url(path))
            .bearer_auth(&token)
            .json(&body);
        let (s, v) = site.send(req).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{method} {path}: {v}");
        assert_eq!(v["code"], "nul_character", "{path}");
        assert_eq!(v["field"], field, "{path}");
    }
    // In the path and the query.
    for path in [
        "/monitoring/AB%00CD",
        "/regions/64%00/children",
        "/inbox?since=1%00",
    ] {
        let (s, v) = site.get(path, Some(&token)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {v}");
        assert_eq!(v["code"], "nul_character");
    }
    // A query of the wrong type, a path segment of the wrong type, a wrong method: JSON.
    let (s, v) = site.get("/inbox?since=kemarin", Some(&token)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["field"], "query");
    let (s, v) = site
        .post("/inbox/bukan-angka/read", Some(&token), json!({}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{v}");
    assert_eq!(v["code"], "not_found");
    let (s, v) = site.send(site.http.delete(site.url("/auth/login"))).await;
    assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED, "{v}");
    assert_eq!(v["code"], "method_not_allowed");
    // Too deep, too long.
    let mut deep = json!("x");
    for _ in 0..40 {
        deep = json!([deep]);
    }
    let (s, v) = site
        .post("/auth/login", None, json!({ "login": deep }))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    let (s, v) = site
        .post(
            "/auth/login",
            None,
            json!({ "login": "x".repeat(20_000), "password": "y" }),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["code"], "too_long");
}

/// The blob folder on a small tmpfs, filled: 507 with a clear message, nothing half
/// written kept or served as complete; once space is freed, the same upload goes through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_is_a_clear_507_and_uploads_resume_once_space_is_freed() {
    let mount = tempfile::tempdir().unwrap();
    let dir = mount.path().to_owned();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=3m", "tmpfs"])
        .arg(&dir)
        .status()
        .expect("run mount");
    assert!(
        mounted.success(),
        "this test mounts a small tmpfs and needs root (CI runs as root)"
    );
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(dir.clone());
    let blob_dir = dir.clone();
    let site = Site::start_with(open_limits(), move |c| c.blob_dir = blob_dir).await;
    let token = site.token(PEMOHON.0, PEMOHON.2).await;
    let first = pdf_bytes(2 * 1024 * 1024, 1);
    let second = pdf_bytes(2 * 1024 * 1024, 2);
    let (a, b) = (sha(&first), sha(&second));
    site.announce(&token, &a, first.len()).await;
    let (s, v) = site.patch(&token, &a, 0, first).await;
    assert_eq!(
        (s, v["complete"].clone()),
        (StatusCode::OK, json!(true)),
        "{v}"
    );
    site.announce(&token, &b, second.len()).await;
    let (s, v) = site.patch(&token, &b, 0, second.clone()).await;
    assert_eq!(s, StatusCode::INSUFFICIENT_STORAGE, "{v}");
    assert_eq!(v["code"], "storage_full");
    assert_eq!(
        v["message"],
        "Ruang penyimpanan server sedang penuh. File tidak disimpan; silakan coba lagi nanti."
    );
    // Nothing half-written stands: the upload is back where it was, not stored.
    let (_, st) = site.get(&format!("/uploads/{b}"), Some(&token)).await;
    assert_eq!(
        (st["offset"].clone(), st["complete"].clone()),
        (json!(0), json!(false))
    );
    assert!(!eptsp_server::storage::local::final_path(&dir, &b).exists());
    // Space is freed (the volume grown): the same upload goes through.
    let grown = std::process::Command::new("mount")
        .args(["-o", "remount,size=8m"])
        .arg(&dir)
        .status()
        .unwrap();
    assert!(grown.success());
    let (s, v) = site.patch(&token, &b, 0, second).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["complete"], true);
}

/// PostgreSQL stopped under the server's feet, then started again: requests fail fast with
/// 503 and an Indonesian message, readiness says so, and the server recovers by itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_down_is_a_fast_503_and_the_server_recovers_by_itself() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned();
    let name = format!("down-{}", std::process::id());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let pg = |args: &[&str]| {
        let out = std::process::Command::new("bash")
            .arg(root.join("scripts/pg.sh"))
            .args(args)
            .output()
            .expect("run scripts/pg.sh");
        assert!(
            out.status.success(),
            "pg.sh {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    struct Cluster(Box<dyn Fn()>);
    impl Drop for Cluster {
        fn drop(&mut self) {
            (self.0)();
        }
    }
    let port_s = port.to_string();
    let url = pg(&[&name, &port_s, "fast"]);
    let (root2, name2) = (root.clone(), name.clone());
    let _cluster = Cluster(Box::new(move || {
        let _ = std::process::Command::new("bash")
            .arg(root2.join("scripts/pg.sh"))
            .args([&name2, "stop"])
            .output();
        let _ = std::fs::remove_dir_all(root2.join(".dev").join(format!("pg-{name2}")));
        // Where pg.sh keeps a cluster the postgres user cannot keep in the checkout.
        let tag = sha(root2.to_string_lossy().as_bytes());
        let _ = std::fs::remove_dir_all(format!("/var/tmp/eptsp-pg/{}-{name2}", &tag[..12]));
    }));
    {
        use sqlx::Connection;
        let mut admin = sqlx::PgConnection::connect(&format!("{url}/postgres"))
            .await
            .unwrap();
        sqlx::query("CREATE DATABASE eptsp")
            .execute(&mut admin)
            .await
            .unwrap();
    }
    let db = eptsp_server::prepare_database(&format!("{url}/eptsp"))
        .await
        .unwrap();
    eptsp_server::seed::seed_demo(&db).await.unwrap();
    let sink = eptsp_server::mailsink::MailSink::start("127.0.0.1:0", false).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let public = format!("http://{}", listener.local_addr().unwrap());
    let state = eptsp_server::AppState::new(
        db,
        eptsp_server::testkit::test_config(&sink, Limits::default(), &public),
    )
    .unwrap();
    let server = TestServer::serve_state(listener, state, sink, |r| r);
    let site = Site {
        server,
        http: reqwest::Client::new(),
    };
    let token = site.token(PEMOHON.0, PEMOHON.2).await;
    assert_eq!(site.get("/me", Some(&token)).await.0, StatusCode::OK);

    pg(&[&name, "stop"]);
    let stopped = Instant::now();
    let mut first_503 = None;
    let mut slowest = Duration::ZERO;
    for _ in 0..5 {
        let t = Instant::now();
        let r = site
            .http
            .get(site.url("/me"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        slowest = slowest.max(t.elapsed());
        let status = r.status();
        let retry = r.headers().get("retry-after").cloned();
        let v: Value = r.json().await.unwrap();
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{v}");
        assert_eq!(v["code"], "database_unavailable");
        assert!(
            v["message"]
                .as_str()
                .unwrap()
                .starts_with("Layanan sedang tidak tersedia")
        );
        assert!(retry.is_some());
        first_503.get_or_insert(stopped.elapsed());
    }
    assert_eq!(site.get("/health", None).await.0, StatusCode::OK);
    let (s, v) = site.get("/health/ready", None).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{v}");
    // Fail fast: the pool waits two seconds at most (a generous bound for a busy machine).
    assert!(slowest < Duration::from_secs(4), "{slowest:?}");

    // Back on the same address (a cluster on another port would be another database).
    assert_eq!(pg(&[&name, &port_s, "fast"]), url);
    let restarted = Instant::now();
    loop {
        if site.get("/health/ready", None).await.0 == StatusCode::OK {
            break;
        }
        assert!(
            restarted.elapsed() < Duration::from_secs(30),
            "did not recover"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let recovered = restarted.elapsed();
    assert_eq!(site.get("/me", Some(&token)).await.0, StatusCode::OK);
    println!(
        "PostgreSQL down: first 503 after {} ms, slowest answer {} ms; ready again {} ms after it restarted",
        first_503.unwrap().as_millis(),
        slowest.as_millis(),
        recovered.as_millis()
    );
}
