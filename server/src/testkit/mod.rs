//! Real components for tests in this and other crates: a fresh PostgreSQL database per
//! test, cloned from a template that holds the migrations and the reference data (built
//! once per cluster), and a real server on `127.0.0.1:0` that sends its mail over SMTP to
//! a [`MailSink`]. `scripts/test.sh` starts the cluster and sets `EPTSP_TEST_PG`.

use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection, PgConnection, PgPool};

use crate::config::{Config, Limits};
use crate::mailsink::MailSink;
use crate::{AppState, MIGRATOR, regions};

mod permits;
mod server;
pub use permits::{Seeded, issued_permits};
pub use server::{TestServer, UploadMeter};

fn admin_url() -> String {
    std::env::var("EPTSP_TEST_PG").unwrap_or_else(|_| {
        panic!(
            "EPTSP_TEST_PG is not set: the tests need a real PostgreSQL. \
             Run them through scripts/test.sh, or start one with scripts/pg.sh test and export \
             EPTSP_TEST_PG=postgres://eptsp@127.0.0.1:55433"
        )
    })
}

/// The address of database `db` on the test PostgreSQL.
pub fn url_for(db: &str) -> String {
    format!("{}/{db}", admin_url().trim_end_matches('/'))
}

/// Name of the template for the current migrations and data, so a schema change builds a
/// new one instead of reusing a stale one.
fn template_name() -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for m in MIGRATOR.iter() {
        h.update(m.version.to_be_bytes());
        h.update(&*m.checksum);
    }
    h.update(eptsp_core::holidays::SEED_CSV.as_bytes());
    h.update(
        include_bytes!("../../data/idn-area/villages.csv.gz")
            .len()
            .to_be_bytes(),
    );
    let hex: String = h.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("eptsp_tpl_{hex}")
}

async fn ensure_template(admin: &mut PgConnection) -> anyhow::Result<String> {
    let name = template_name();
    // One builder at a time across test processes.
    sqlx::query("SELECT pg_advisory_lock(727274)")
        .execute(&mut *admin)
        .await?;
    let result = async {
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
                .bind(&name)
                .fetch_one(&mut *admin)
                .await?;
        if !exists {
            let building = format!("{name}_building");
            sqlx::query(&format!("DROP DATABASE IF EXISTS {building}"))
                .execute(&mut *admin)
                .await?;
            sqlx::query(&format!("CREATE DATABASE {building}"))
                .execute(&mut *admin)
                .await?;
            let pool = PgPoolOptions::new()
                .max_connections(2)
                .connect(&url_for(&building))
                .await?;
            MIGRATOR.run(&pool).await?;
            regions::ensure_loaded(&pool).await?;
            crate::holidays::ensure_seeded(&pool).await?;
            pool.close().await;
            // `close` can return with a connection of the pool still open (it then ends on
            // its own), and a database is only renamed with nobody in it: those are ended.
            let mut attempt = 0;
            loop {
                sqlx::query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                     WHERE datname = $1 AND pid <> pg_backend_pid()",
                )
                .bind(&building)
                .execute(&mut *admin)
                .await?;
                match sqlx::query(&format!("ALTER DATABASE {building} RENAME TO {name}"))
                    .execute(&mut *admin)
                    .await
                {
                    Ok(_) => break,
                    Err(e) if attempt < 20 => {
                        attempt += 1;
                        tracing::debug!("renaming the template: {e}; again");
                        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        }
        anyhow::Ok(())
    }
    .await;
    sqlx::query("SELECT pg_advisory_unlock(727274)")
        .execute(&mut *admin)
        .await?;
    result.map(|()| name)
}

/// Test databases and blob folders are named after the process that made them
/// (`…p<pid>_…`). nextest ends a test's process as soon as the test returns, so nothing
/// can clean up after itself; the next test removes what finished processes left behind,
/// which keeps a full run's disk use to the few tests running at once (a test database
/// is some 25 MB).
fn owner_tag() -> String {
    format!("p{}", std::process::id())
}

/// Whether the process named by a leftover's `p<pid>` tag still runs. A name without a
/// tag (made before tags) counts as left over.
fn owner_alive(rest: &str) -> bool {
    if !cfg!(target_os = "linux") {
        return true; // no /proc to ask: keep everything
    }
    let Some(pid) = rest
        .strip_prefix('p')
        .and_then(|r| r.split(['_', '-']).next())
        .and_then(|p| p.parse::<u32>().ok())
    else {
        return false;
    };
    std::path::Path::new("/proc").join(pid.to_string()).exists()
}

/// Drops the test databases and removes the blob folders of test processes that ended.
async fn sweep_leftovers(admin: &mut PgConnection) {
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 't\\_%'")
            .fetch_all(&mut *admin)
            .await
            .unwrap_or_default();
    for name in names {
        if !owner_alive(&name[2..]) {
            // Another test may be sweeping the same one: its error is no concern here.
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut *admin)
                .await;
        }
    }
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(rest) = name.strip_prefix("eptsp-blobs-")
            && !owner_alive(rest)
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A new, migrated database with the reference data loaded.
pub async fn fresh_db() -> PgPool {
    PgPoolOptions::new()
        .max_connections(8)
        .connect(&fresh_db_url().await)
        .await
        .expect("connect to the test database")
}

/// The address of a fresh test database (for a server process of its own).
pub async fn fresh_db_url() -> String {
    let mut admin = PgConnection::connect(&url_for("postgres"))
        .await
        .expect("connect to the test PostgreSQL (EPTSP_TEST_PG)");
    sweep_leftovers(&mut admin).await;
    let template = ensure_template(&mut admin)
        .await
        .expect("build the template database");
    let name = format!("t_{}_{}", owner_tag(), uuid::Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
        .execute(&mut admin)
        .await
        .expect("create the test database");
    url_for(&name)
}

/// A site in Kota Samarinda (Jl. Gajah Mada, Kel. Rawa Makmur; Kec. Samarinda Ilir on the
/// map), with its coordinates: the site of the tests' applications.
pub fn lokasi_samarinda() -> eptsp_core::dossier::Lokasi {
    eptsp_core::dossier::Lokasi {
        jalan: "Jl. Gajah Mada".into(),
        kabupaten: "64.72".into(),
        kecamatan: "64.72.01".into(),
        kelurahan: "64.72.01.1001".into(),
        lintang: "-0.502106".into(),
        bujur: "117.153709".into(),
        ..eptsp_core::dossier::Lokasi::default()
    }
}

/// A SIPA (baru) application as the tests' applicants fill it in, written to `email`, at
/// the site of [`lokasi_samarinda`].
pub fn sipa_draft(email: &str) -> eptsp_core::dossier::DraftData {
    eptsp_core::dossier::DraftData {
        agency_id: "esdm".into(),
        permit_type_id: "sipa".into(),
        kind: Some(eptsp_core::catalogue::ApplicationKind::Baru),
        pemohon: eptsp_core::dossier::Pemohon {
            telp: "081234567890".into(),
            kode_pos: "75121".into(),
            email: email.into(),
        },
        lokasi: lokasi_samarinda(),
        keterangan: "Sumur bor untuk pabrik es balok".into(),
        detail: sipa_detail(),
        pernyataan: true,
        ..eptsp_core::dossier::DraftData::default()
    }
}

/// SIPA's Data Detail filled in as an applicant would (120 m³/hari from one 80 m well, for
/// industry).
pub fn sipa_detail() -> std::collections::BTreeMap<String, String> {
    [
        ("debit_air", "120"),
        ("kedalaman_sumur", "80"),
        ("jumlah_sumur", "1"),
        ("peruntukan", "Industri"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

/// Settings for a test server whose mail goes to `sink`.
pub fn test_config(sink: &MailSink, limits: Limits, public_url: &str) -> Config {
    Config {
        database_url: String::new(),
        bind: "127.0.0.1:0".parse().expect("literal"),
        smtp_host: sink.addr.ip().to_string(),
        smtp_port: sink.addr.port(),
        smtp_tls: crate::config::SmtpTls::None,
        smtp_tls_domain: None,
        smtp_ca_file: None,
        smtp_user: None,
        smtp_password: None,
        // Retries come quickly in tests (the schedule is the same, scaled down).
        mail_retry_base: std::time::Duration::from_millis(200),
        mail_from: "DPMPTSP Prov. Kaltim <noreply@dpmptsp.test>".to_owned(),
        session_ttl: std::time::Duration::from_secs(3600),
        code_ttl: std::time::Duration::from_secs(900),
        trust_forwarded_for: false,
        trusted_proxies: vec!["127.0.0.1/32".parse().expect("literal")],
        limits,
        blob_dir: std::env::temp_dir().join(format!(
            "eptsp-blobs-{}-{}",
            owner_tag(),
            uuid::Uuid::new_v4().simple()
        )),
        s3: None,
        upload_quota_bytes: 2048 * 1024 * 1024,
        upload_ttl: std::time::Duration::from_secs(86400),
        request_timeout: std::time::Duration::from_secs(30),
        upload_timeout: std::time::Duration::from_secs(600),
        ws_recheck: std::time::Duration::from_secs(15),
        job_wake: crate::jobs::WAKE_EVERY,
        job_period: None,
        signing_key_file: None,
        public_url: public_url.to_owned(),
        izin_pattern: crate::config::DEFAULT_IZIN_PATTERN.to_owned(),
        signer_title: crate::config::DEFAULT_SIGNER_TITLE.to_owned(),
        revision_lapse: eptsp_core::office::RevisionLapse::default(),
        // Off, so that what tests see does not depend on the hour they run at; its own
        // test turns it on with a clock at night.
        chat_auto_reply: false,
    }
}

/// Everything a handler test needs: state over a fresh database, and the mailbox.
pub async fn state(limits: Limits) -> (AppState, MailSink) {
    state_at(limits, "http://127.0.0.1:8787").await
}

/// Like [`state`], for a server the public reaches at `public_url`.
pub async fn state_at(limits: Limits, public_url: &str) -> (AppState, MailSink) {
    state_with(limits, public_url, |_| {}).await
}

/// Like [`state_at`], with settings changed by `configure` (a quota, the blob folder).
pub async fn state_with(
    limits: Limits,
    public_url: &str,
    configure: impl FnOnce(&mut Config),
) -> (AppState, MailSink) {
    let sink = MailSink::start("127.0.0.1:0", false).expect("start the mail sink");
    let mut config = test_config(&sink, limits, public_url);
    configure(&mut config);
    let state = AppState::new(fresh_db().await, config).expect("state");
    state.start_background();
    // Pushes made right after the start must not be missed by a listener not yet there.
    let mut listening = state.listening.subscribe();
    tokio::time::timeout(
        std::time::Duration::from_secs(10),
        listening.wait_for(|l| *l),
    )
    .await
    .expect("listening for announcements")
    .expect("listener");
    (state, sink)
}

/// A folder of its own in the test object store (`EPTSP_TEST_S3`, started by
/// `scripts/s3.sh`), for a test of the files kept in S3.
pub fn test_s3() -> crate::storage::S3Config {
    let url = std::env::var("EPTSP_TEST_S3").unwrap_or_else(|_| {
        panic!(
            "EPTSP_TEST_S3 is not set: the object storage tests need a real S3 server. \
             Run them through scripts/test.sh, or start one with scripts/s3.sh test and export \
             EPTSP_TEST_S3 as it prints"
        )
    });
    let mut c = crate::storage::S3Config::from_url(&url, "garage").expect("EPTSP_TEST_S3");
    c.prefix = format!("t-{}-{}", owner_tag(), uuid::Uuid::new_v4().simple());
    c
}

/// `size` bytes that pass as a PDF (by its header) and neither repeat nor compress:
/// a different `seed` gives different content, so a different SHA-256.
pub fn pdf_bytes(size: usize, seed: u64) -> Vec<u8> {
    let mut v = b"%PDF-1.7\n".to_vec();
    let mut x = (seed << 1) | 1;
    while v.len() < size {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.extend_from_slice(&x.to_le_bytes());
    }
    v.truncate(size);
    v
}
