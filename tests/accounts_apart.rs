//! Many people, one desktop: two accounts on one data folder against the real server.
//! Each account has its own store; nothing of one account is shown to, or sent under, the
//! other; work queued by an account that signs out waits for that account; each account's
//! history is pulled in full after a switch.

mod common;

use eptsp_core::endpoints as e;
use std::path::Path;
use std::sync::Arc;

use common::{DEAD, applicant, complete_draft, desktop, pdf};
use eptsp_core::api::LoginRequest;
use eptsp_desktop::backend::Backend;
use eptsp_server::testkit::TestServer;

async fn login(b: &Backend, login: &str, password: &str) {
    b.login(LoginRequest {
        login: login.into(),
        password: password.into(),
    })
    .await
    .unwrap();
}

/// Applications on the server, with the NIK of the account each one belongs to.
async fn server_applications(server: &TestServer) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT a.resi, u.nik FROM applications a JOIN users u ON u.id = a.user_id ORDER BY a.resi",
    )
    .fetch_all(&server.state.db)
    .await
    .unwrap()
}

const ANI_NIK: &str = "6472015505900011";

const DEMO_NIK: &str = "6472011505900001";

async fn assert_sees_nothing_of_ani(b: &Arc<Backend>) {
    assert!(
        b.drafts_list().await.unwrap().is_empty(),
        "no drafts of Ani's"
    );
    let a = b.account().unwrap();
    assert_eq!(
        a.files.list(&a.store, "", 1).await.unwrap().total,
        0,
        "File Saya empty"
    );
    assert!(
        b.outbox().await.unwrap().is_empty(),
        "no queued submission of Ani's"
    );
    assert!(
        b.applications().await.unwrap().is_empty(),
        "Permohonan Saya empty"
    );
    assert!(b.permits().await.unwrap().is_empty(), "Izin Saya empty");
    assert!(
        b.chat_list(None)
            .await
            .unwrap()
            .iter()
            .all(|m| !m.text.contains("Ani")),
        "none of Ani's chat"
    );
    assert_eq!(b.inbox("", 1).await.unwrap().total, 0, "no inbox of Ani's");
}

#[tokio::test]
async fn a_second_account_sees_none_of_the_first_and_the_first_ones_queue_waits_for_it() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();

    // Ani fills File Saya and a draft, then queues a submission with the network off.
    let ani = applicant(&server, dir.path()).await;
    let f = ani
        .files()
        .unwrap()
        .import_bytes(
            &ani.store().unwrap(),
            pdf(30_000, 11),
            "ktp-ani.pdf",
            "KTP Ani",
        )
        .await
        .unwrap();
    let queued = complete_draft(&ani, &f.id).await;
    ani.drafts_create().await.unwrap();
    ani.api.set_base(DEAD);
    assert!(ani.drafts_submit(&queued).await.unwrap().is_empty());
    ani.chat_send(None, "Halo dari Ani", None).await.unwrap();
    let out = ani.logout().await.unwrap();
    assert_eq!(
        out.message.as_deref(),
        Some(
            "Masih ada 1 permohonan, 1 pesan chat yang belum terkirim. Semuanya akan dikirim saat Anda masuk kembali."
        )
    );
    assert!(ani.status().await.unwrap().session.is_none());
    assert!(
        ani.drafts_list().await.is_err(),
        "nobody signed in: no store open"
    );

    // The demo applicant signs in on the same app, online.
    let b = ani;
    b.api.set_base(&server.url());
    login(&b, "pemohon@dpmptsp.test", "Pemohon2026").await;
    assert_eq!(
        b.status().await.unwrap().session.unwrap().profile.nik,
        DEMO_NIK
    );
    assert_sees_nothing_of_ani(&b).await;
    // The worker runs under the demo account: nothing of Ani's goes out under its token.
    let report = b.sync_now().await.unwrap();
    assert!(report.received.is_empty(), "{report:?}");
    assert!(server_applications(&server).await.is_empty());
    let chats: i64 = sqlx::query_scalar("SELECT count(*) FROM chat_messages")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    assert_eq!(
        chats, 0,
        "Ani's chat message was not sent under another account"
    );

    // Ani signs in again: her queued work goes now, as hers.
    assert!(b.logout().await.unwrap().message.is_none());
    login(&b, ANI_NIK, "Kaltim2026").await;
    // One draft being written, one waiting in the outbox (read-only, not in the list).
    assert_eq!(
        (
            b.drafts_list().await.unwrap().len(),
            b.outbox().await.unwrap().len()
        ),
        (1, 1),
        "Ani's drafts are back"
    );
    let report = b.sync_now().await.unwrap();
    assert_eq!(report.received.len(), 1, "{report:?}");
    assert_eq!(
        server_applications(&server).await,
        vec![(report.received[0].replace('-', ""), ANI_NIK.to_owned())]
    );
    let sender: String =
        sqlx::query_scalar("SELECT u.nik FROM chat_messages m JOIN users u ON u.id = m.sender")
            .fetch_one(&server.state.db)
            .await
            .unwrap();
    assert_eq!(sender, ANI_NIK);
}

/// The data folder's account stores, one folder each.
fn account_dirs(data: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(data.join("accounts"))
        .map(|rd| rd.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn each_account_pulls_its_whole_history_after_a_switch() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());

    // The demo applicant applies first, from another computer: its tracking entries come
    // before Ani's on the server.
    let other = desktop(d2.path(), &server.url()).await;
    login(&other, "pemohon@dpmptsp.test", "Pemohon2026").await;
    other.catalogue().await.unwrap();
    let f = other
        .files()
        .unwrap()
        .import_bytes(&other.store().unwrap(), pdf(20_000, 5), "a.pdf", "A")
        .await
        .unwrap();
    let draft = complete_draft(&other, &f.id).await;
    assert!(other.drafts_submit(&draft).await.unwrap().is_empty());
    let theirs = other.sync_now().await.unwrap().received;
    assert_eq!(theirs.len(), 1);
    let their_app = other.applications().await.unwrap()[0].id.clone();

    // On this computer Ani applies and syncs: her cursor passes the demo account's entries.
    let ani = applicant(&server, d1.path()).await;
    let f = ani
        .files()
        .unwrap()
        .import_bytes(&ani.store().unwrap(), pdf(20_000, 6), "b.pdf", "B")
        .await
        .unwrap();
    let draft = complete_draft(&ani, &f.id).await;
    assert!(ani.drafts_submit(&draft).await.unwrap().is_empty());
    assert_eq!(ani.sync_now().await.unwrap().received.len(), 1);
    ani.sync_now().await.unwrap();
    ani.logout().await.unwrap();

    // The demo applicant signs in here: its own history comes down in full.
    login(&ani, "pemohon@dpmptsp.test", "Pemohon2026").await;
    ani.sync_now().await.unwrap();
    let tracking = ani.application_tracking(&their_app).await.unwrap();
    assert!(
        tracking.iter().any(|t| t.status == "diajukan"),
        "the demo account's receipt was pulled here: {tracking:?}"
    );
    assert_eq!(account_dirs(d1.path()).len(), 2, "one store per account");
}

#[tokio::test]
async fn the_role_comes_from_the_server_not_from_the_stored_profile() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    // Someone edits the stored profile to make the applicant an administrator.
    sqlx::query("UPDATE session SET profile_json = json_set(profile_json, '$.role', 'admin')")
        .execute(&b.store().unwrap().pool)
        .await
        .unwrap();
    let role = b.status().await.unwrap().session.unwrap().profile.role;
    assert_eq!(role, eptsp_core::Role::Pemohon);
    let e = b.map_remove_pack("kaltim.pmtiles").await.unwrap_err();
    assert_eq!(e.code, "forbidden");
}

/// Every file under `dir`, read whole (the stores' WAL files included).
fn every_file(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap_or_default()));
            }
        }
    }
    out
}

fn found_in_clear(dir: &Path, needles: &[&[u8]]) -> Vec<String> {
    let mut hits = Vec::new();
    for (p, bytes) in every_file(dir) {
        for n in needles {
            if bytes.windows(n.len()).any(|w| w == *n) {
                hits.push(format!(
                    "{} holds {:?}",
                    p.display(),
                    String::from_utf8_lossy(&n[..n.len().min(24)])
                ));
            }
        }
    }
    hits
}

#[tokio::test]
async fn nothing_of_an_account_is_readable_in_the_data_folder() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let ani = applicant(&server, dir.path()).await;
    let bytes = pdf(90_000, 77);
    let f = ani
        .files()
        .unwrap()
        .import_bytes(
            &ani.store().unwrap(),
            bytes.clone(),
            "ktp-ani.pdf",
            "KTP Ani Lestari",
        )
        .await
        .unwrap();
    let draft = complete_draft(&ani, &f.id).await;
    assert!(ani.drafts_submit(&draft).await.unwrap().is_empty());
    assert_eq!(ani.sync_now().await.unwrap().received.len(), 1);
    ani.chat_send(None, "Halo, saya Ani Lestari", None)
        .await
        .unwrap();
    let slice = &bytes[40_000..40_064];
    let needles: [&[u8]; 4] = [
        ANI_NIK.as_bytes(),
        b"Ani Lestari",
        b"ani@example.co.id",
        slice,
    ];
    // While she works, and after the app is closed.
    let hits = found_in_clear(dir.path(), &needles);
    assert!(hits.is_empty(), "in clear while signed in: {hits:#?}");
    ani.close().await;
    let hits = found_in_clear(dir.path(), &needles);
    assert!(hits.is_empty(), "in clear after closing: {hits:#?}");
    // The check does look: a store opened without encryption would be found.
    let plain = tempfile::tempdir().unwrap();
    let s = eptsp_desktop::store::Store::open(&plain.path().join("x.sqlite"))
        .await
        .unwrap();
    sqlx::query("CREATE TABLE t (v TEXT)")
        .execute(&s.pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO t VALUES ('6472015505900011')")
        .execute(&s.pool)
        .await
        .unwrap();
    s.pool.close().await;
    assert!(!found_in_clear(plain.path(), &needles).is_empty());
}

#[tokio::test]
async fn a_password_reset_elsewhere_loses_none_of_the_work_queued_here() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let ani = applicant(&server, dir.path()).await;
    let f = ani
        .files()
        .unwrap()
        .import_bytes(&ani.store().unwrap(), pdf(20_000, 3), "a.pdf", "A")
        .await
        .unwrap();
    let draft = complete_draft(&ani, &f.id).await;
    ani.api.set_base(DEAD);
    assert!(ani.drafts_submit(&draft).await.unwrap().is_empty());
    ani.close().await;

    // She forgot her password and reset it with the e-mailed PIN (on another computer).
    let api = eptsp_desktop::client::ApiClient::new(&server.url());
    let before = server.mail.mails().len();
    api.send::<e::ForgotPassword>(
        None,
        (),
        &eptsp_core::api::ForgotPasswordRequest {
            identitas: ANI_NIK.into(),
            no_hp: "081255550001".into(),
            email: "ani@example.co.id".into(),
        },
    )
    .await
    .unwrap();
    let pin = server
        .mail
        .wait_for(
            "ani@example.co.id",
            before,
            std::time::Duration::from_secs(5),
        )
        .await
        .and_then(|m| m.code())
        .expect("the PIN mail");
    api.send::<e::ResetPassword>(
        None,
        (),
        &eptsp_core::api::ResetPasswordRequest {
            email: "ani@example.co.id".into(),
            pin,
            new_password: "Samarinda2027".into(),
            new_password_confirm: "Samarinda2027".into(),
        },
    )
    .await
    .unwrap();

    // Here, the old password no longer signs in; the new one opens her store as it was.
    let b = desktop(dir.path(), &server.url()).await;
    assert!(b.status().await.unwrap().session.is_none());
    login(&b, ANI_NIK, "Samarinda2027").await;
    assert_eq!(
        b.outbox().await.unwrap().len(),
        1,
        "the queued submission is still here"
    );
    assert_eq!(b.sync_now().await.unwrap().received.len(), 1);
    assert_eq!(server_applications(&server).await.len(), 1);
    // And offline after a restart, the new password opens it.
    b.close().await;
    let b = desktop(dir.path(), DEAD).await;
    let e = b
        .login(LoginRequest {
            login: ANI_NIK.into(),
            password: "Kaltim2026".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(e.message, "Password Salah");
    login(&b, ANI_NIK, "Samarinda2027").await;
    assert_eq!(b.applications().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_password_changed_here_opens_the_store_offline_at_once() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let ani = applicant(&server, dir.path()).await;
    ani.drafts_create().await.unwrap();
    ani.change_password(eptsp_core::api::ChangePasswordRequest {
        old_password: "Kaltim2026".into(),
        new_password: "Balikpapan2027".into(),
        new_password_confirm: "Balikpapan2027".into(),
    })
    .await
    .unwrap();
    ani.close().await;
    let b = desktop(dir.path(), DEAD).await;
    assert!(
        b.login(LoginRequest {
            login: ANI_NIK.into(),
            password: "Kaltim2026".into()
        })
        .await
        .is_err()
    );
    login(&b, "ani@example.co.id", "Balikpapan2027").await;
    assert_eq!(b.drafts_list().await.unwrap().len(), 1);
}

#[tokio::test]
async fn stay_signed_in_keeps_the_key_in_the_secret_service_until_sign_out() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let ani = applicant(&server, dir.path()).await;
    common::stay_signed_in(&ani).await;
    ani.drafts_create().await.unwrap();
    ani.close().await;
    // Reopened with no network and no password: the key came from the Secret Service.
    let b = desktop(dir.path(), DEAD).await;
    assert_eq!(
        b.status()
            .await
            .unwrap()
            .session
            .expect("opened by itself")
            .profile
            .nik,
        ANI_NIK
    );
    assert_eq!(b.drafts_list().await.unwrap().len(), 1);
    b.logout().await.unwrap();
    b.close().await;
    // Signed out: the key is gone from the credential store, the store stays locked.
    let b = desktop(dir.path(), DEAD).await;
    assert!(b.status().await.unwrap().session.is_none());
}

#[tokio::test]
async fn an_officers_downloaded_dossiers_leave_at_sign_out_when_nothing_waits() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ani = applicant(&server, d1.path()).await;
    let bytes = pdf(30_000, 41);
    let f = ani
        .files()
        .unwrap()
        .import_bytes(&ani.store().unwrap(), bytes.clone(), "ktp.pdf", "KTP")
        .await
        .unwrap();
    let draft = complete_draft(&ani, &f.id).await;
    assert!(ani.drafts_submit(&draft).await.unwrap().is_empty());
    ani.sync_now().await.unwrap();
    let app_id = ani.applications().await.unwrap()[0].id.clone();

    let siti = desktop(d2.path(), &server.url()).await;
    login(&siti, "verifikator@dpmptsp.test", "Verifikator2026").await;
    siti.office_claim(&app_id).await.unwrap();
    let held = siti.account().unwrap().files.clone();
    assert_eq!(held.read_all(&f.sha256).unwrap(), bytes);
    // Encrypted in the verifier's store: the file's bytes are nowhere in clear.
    assert!(found_in_clear(d2.path(), &[&bytes[10_000..10_064]]).is_empty());
    siti.logout().await.unwrap();
    assert!(!held.has(&f.sha256), "removed at sign-out");
    login(&siti, "verifikator@dpmptsp.test", "Verifikator2026").await;
    assert!(siti.office_cases().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_role_changed_on_the_server_is_followed_after_reconnecting() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    assert_eq!(b.account().unwrap().role(), eptsp_core::Role::Pemohon);
    sqlx::query("UPDATE users SET role = 'admin' WHERE nik = $1")
        .bind(ANI_NIK)
        .execute(&server.state.db)
        .await
        .unwrap();
    // Offline a while, then back: the next pass asks the server who this session is.
    b.api.set_base(DEAD);
    b.check_connectivity().await;
    b.api.set_base(&server.url());
    assert!(b.check_connectivity().await);
    b.sync_now().await.unwrap();
    assert_eq!(
        b.status().await.unwrap().session.unwrap().profile.role,
        eptsp_core::Role::Admin
    );
}
