//! A desktop from before accounts had stores of their own: its single store (schema up to
//! migration 0009, one signed-in account, File Saya in `<data>/files`) is moved into that
//! account's store at the first start, after a backup, losing nothing; a second account
//! finds an empty store of its own. A start killed with SIGKILL in the middle of the move
//! is followed by one that finishes it.

mod common;

use eptsp_core::endpoints as e;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{DEAD, applicant, desktop, lokasi_samarinda, pdf};
use eptsp_core::api::LoginRequest;
use eptsp_core::catalogue::ApplicationKind;
use eptsp_core::dossier::{Attachment, DraftData};
use eptsp_desktop::client::ApiClient;
use eptsp_desktop::files::FileStore;
use eptsp_desktop::store::{self, Store};
use eptsp_server::testkit::TestServer;

const ANI_NIK: &str = "6472015505900011";

/// The migrations a desktop had before stores per account (0001–0009).
async fn old_migrator(work: &Path) -> sqlx::migrate::Migrator {
    let dir = work.join("old-migrations");
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations")).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().into_string().unwrap();
        let version: u32 = name[..4].parse().unwrap();
        if version <= 9 {
            std::fs::copy(e.path(), dir.join(&name)).unwrap();
        }
    }
    sqlx::migrate::Migrator::new(dir.as_path()).await.unwrap()
}

/// Writes the single store as an old desktop left it: Ani signed in, one file in File
/// Saya, a complete draft queued for sending, another draft, the catalogue.
async fn old_desktop(server: &TestServer, data: &Path, work: &Path) -> Vec<u8> {
    let api = ApiClient::new(&server.url());
    let session = api
        .send::<e::Login>(
            None,
            (),
            &LoginRequest {
                login: ANI_NIK.into(),
                password: "Kaltim2026".into(),
            },
        )
        .await
        .unwrap();
    let catalogue = api.catalogue(None).await.unwrap().unwrap();
    let old = Store::open_with(&data.join("eptsp.sqlite"), &old_migrator(work).await)
        .await
        .unwrap();
    store::session::save(&old, &session.token, &session.expires_at, &session.profile)
        .await
        .unwrap();
    store::catalogue::save(&old, &catalogue).await.unwrap();
    store::settings::set(&old, "server_url", &server.url())
        .await
        .unwrap();
    let bytes = pdf(40_000, 21);
    let f = FileStore::legacy(data)
        .import_bytes(&old, bytes.clone(), "ktp.pdf", "KTP Ani")
        .await
        .unwrap();
    let (_, sipa) = catalogue.permit_type("sipa").unwrap();
    let data_full = DraftData {
        agency_id: "esdm".into(),
        permit_type_id: "sipa".into(),
        kind: Some(ApplicationKind::Baru),
        lokasi: lokasi_samarinda(),
        keterangan: "Sumur bor".into(),
        detail: eptsp_server::testkit::sipa_detail(),
        attachments: sipa
            .requirements_for(ApplicationKind::Baru)
            .map(|r| Attachment {
                requirement_id: r.id,
                file_id: f.id.clone(),
            })
            .collect(),
        pernyataan: true,
        pemohon: eptsp_core::dossier::Pemohon {
            telp: "081255550001".into(),
            kode_pos: "75124".into(),
            email: "ani@example.co.id".into(),
        },
        ..DraftData::default()
    };
    let d = store::drafts::create(&old, &data_full).await.unwrap();
    store::outbox::enqueue(&old, &d.id).await.unwrap();
    store::drafts::create(&old, &DraftData::default())
        .await
        .unwrap();
    old.pool.close().await;
    bytes
}

/// Ani signs in (with the server: her key is made at this first sign-in of the new
/// layout, and her moved store and files are encrypted with it) and finds everything.
async fn assert_ani_has_everything(b: &eptsp_desktop::backend::Backend, file: &[u8]) {
    assert!(
        b.status().await.unwrap().session.is_none(),
        "the moved store opens with her password"
    );
    b.login(LoginRequest {
        login: ANI_NIK.into(),
        password: "Kaltim2026".into(),
    })
    .await
    .unwrap();
    let s = b.status().await.unwrap().session.expect("Ani signed in");
    assert_eq!(s.profile.nik, ANI_NIK);
    // One draft being written, one waiting in the outbox (not in the drafts list).
    assert_eq!(b.drafts_list().await.unwrap().len(), 1);
    assert_eq!(b.outbox().await.unwrap().len(), 1);
    let a = b.account().unwrap();
    let files = a.files.list(&a.store, "", 1).await.unwrap();
    assert_eq!(files.total, 1);
    let (sha, _) = a.files.sha_of(&a.store, &files.items[0].id).await.unwrap();
    assert!(a.files.blob_path(&sha).starts_with(a.root()));
    assert_eq!(a.files.read_all(&sha).unwrap(), file);
    // Encrypted now: the plain copy of the old layout is gone.
    assert!(!eptsp_desktop::files::FileStore::legacy(a.root()).has(&sha));
}

#[tokio::test]
async fn an_old_single_store_moves_into_its_accounts_store_without_loss() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let (reg, data, work) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    applicant(&server, reg.path()).await;
    let file = old_desktop(&server, data.path(), work.path()).await;

    let b = desktop(data.path(), &server.url()).await;
    assert_ani_has_everything(&b, &file).await;
    assert!(
        data.path().join("eptsp.pre-accounts.bak.sqlite").exists(),
        "a backup of the old store"
    );
    assert!(!data.path().join("files").exists(), "File Saya moved");
    for t in ["drafts", "files", "outbox", "session"] {
        let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {t}"))
            .fetch_one(&b.device.pool)
            .await
            .unwrap();
        assert_eq!(n, 0, "the device's store keeps no {t}");
    }
    // The queued draft goes out as Ani's.
    let report = b.sync_now().await.unwrap();
    assert_eq!(report.received.len(), 1, "{report:?}");
    let owner: String =
        sqlx::query_scalar("SELECT u.nik FROM applications a JOIN users u ON u.id = a.user_id")
            .fetch_one(&server.state.db)
            .await
            .unwrap();
    assert_eq!(owner, ANI_NIK);

    // A second account finds an empty store of its own.
    b.logout().await.unwrap();
    b.login(LoginRequest {
        login: "pemohon@dpmptsp.test".into(),
        password: "Pemohon2026".into(),
    })
    .await
    .unwrap();
    assert!(b.drafts_list().await.unwrap().is_empty());
    let a = b.account().unwrap();
    assert_eq!(a.files.list(&a.store, "", 1).await.unwrap().total, 0);
    assert!(b.outbox().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_start_killed_during_the_move_is_finished_by_the_next_start() {
    let server = TestServer::start().await;
    let (reg, data, work) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    applicant(&server, reg.path()).await;
    let file = old_desktop(&server, data.path(), work.path()).await;

    // Headless starts (which open the store first), each killed a little later than the
    // one before; the move is interrupted wherever it happens to be.
    for delay_ms in [5u64, 15, 30, 50, 80, 120, 200] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_eptsp-desktop"))
            .arg("--sync")
            .env("EPTSP_DATA_DIR", data.path())
            .env("EPTSP_SERVER_URL", DEAD)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        if child.wait().unwrap().success() {
            break;
        }
    }
    // The next start, in-process, finds everything where it belongs.
    let b = desktop(data.path(), &server.url()).await;
    assert_ani_has_everything(&b, &file).await;
}
