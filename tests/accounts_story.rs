//! Story tests of the account flow: the real server on 127.0.0.1:0 (real PostgreSQL, real
//! SMTP to a sink), the desktop backend with a real SQLite file, and the network going
//! away and coming back (the client pointed at a closed port is a real refused connection).

mod common;

use common::{DEAD, desktop, form, register};

use eptsp_core::api::{LoginRequest, Pendidikan, UpdateProfileRequest};
use eptsp_server::testkit::TestServer;

#[tokio::test]
async fn the_profile_survives_going_offline_and_a_restart() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = desktop(dir.path(), &server.url()).await;
    register(&server, &b).await;
    let online = b.profile().await.unwrap();
    assert!(!online.from_cache);
    assert!(b.is_online());

    b.api.set_base(DEAD);
    let offline = b.profile().await.unwrap();
    assert!(offline.from_cache);
    assert_eq!(offline.profile, online.profile);
    assert!(!b.is_online());

    // The app is closed and opened again, still without network.
    b.close().await;
    drop(b);
    let b = desktop(dir.path(), DEAD).await;
    // Her store is encrypted: it opens once her password is typed, with no network.
    assert!(
        b.status().await.unwrap().session.is_none(),
        "locked after a restart"
    );
    let wrong = b
        .login(eptsp_core::api::LoginRequest {
            login: "6472015505900011".into(),
            password: "Salah2026".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(wrong.message, "Password Salah");
    assert_eq!(wrong.field.as_deref(), Some("password"));
    assert!(
        b.status().await.unwrap().session.is_none(),
        "nothing opened"
    );
    b.login(eptsp_core::api::LoginRequest {
        login: "ani@example.co.id".into(),
        password: "Kaltim2026".into(),
    })
    .await
    .unwrap();
    let status = b.status().await.unwrap();
    let session = status.session.expect("signed in offline after a restart");
    assert_eq!(session.profile.nama, "Ani Lestari");
    assert_eq!(session.profile.wilayah_nama.kabupaten, "KOTA SAMARINDA");
    assert!(b.profile().await.unwrap().from_cache);
}

#[tokio::test]
async fn an_action_that_needs_the_network_says_so_in_indonesian() {
    let dir = tempfile::tempdir().unwrap();
    let b = desktop(dir.path(), DEAD).await;
    let e = b
        .login(LoginRequest {
            login: "6472015505900011".into(),
            password: "Kaltim2026".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, "offline");
    assert_eq!(
        e.message,
        "Tidak dapat terhubung ke server. Periksa koneksi internet Anda lalu coba lagi."
    );
}

#[tokio::test]
async fn bad_fields_are_reported_locally_without_the_network() {
    let dir = tempfile::tempdir().unwrap();
    let b = desktop(dir.path(), DEAD).await;
    let mut f = form("123456");
    f.nik = "647201".into();
    f.kode_pos = "751".into();
    let e = b.register(f).await.unwrap_err();
    assert_eq!(e.code, "validation");
    assert_eq!(e.message, "Proses Pendaftaran Gagal");
    let fields: Vec<_> = e
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.message.as_str()))
        .collect();
    assert!(fields.contains(&("nik", "No NIK hanya boleh Angka 16 digit")));
    assert!(fields.contains(&("kode_pos", "Kode Pos harus 5 digit angka")));
}

#[tokio::test]
async fn region_lists_seen_once_are_there_offline() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = desktop(dir.path(), &server.url()).await;
    let provinces = b.regions(None).await.unwrap();
    assert_eq!(provinces.len(), 38);
    let kaltim = b.regions(Some("64".into())).await.unwrap();
    assert_eq!(kaltim.len(), 10);

    b.api.set_base(DEAD);
    assert_eq!(b.regions(None).await.unwrap(), provinces);
    assert_eq!(b.regions(Some("64".into())).await.unwrap(), kaltim);
    let never_seen = b.regions(Some("64.72".into())).await.unwrap_err();
    assert_eq!(never_seen.code, "offline");
}

#[tokio::test]
async fn a_failed_registration_keeps_the_draft_but_never_the_password() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = desktop(dir.path(), &server.url()).await;
    let typed = serde_json::json!({ "nik": "6472015505900011", "nama": "Ani Lestari", "password": "Kaltim2026" });
    b.forms_save("register", &typed).await.unwrap();
    let e = b.register(form("000000")).await.unwrap_err();
    assert_eq!(e.message, "Kode Email Yang Anda Inputkan Salah!");
    // The app is restarted: the draft is there, the password is not.
    b.close().await;
    let b = desktop(dir.path(), &server.url()).await;
    let draft = b.forms_load("register").await.unwrap().unwrap();
    assert_eq!(draft["nik"], "6472015505900011");
    assert_eq!(draft["nama"], "Ani Lestari");
    assert!(draft.get("password").is_none());
    let raw = std::fs::read(dir.path().join("eptsp.sqlite")).unwrap();
    let wal = std::fs::read(dir.path().join("eptsp.sqlite-wal")).unwrap_or_default();
    let needle = b"Kaltim2026";
    assert!(!raw.windows(needle.len()).any(|w| w == needle));
    assert!(!wal.windows(needle.len()).any(|w| w == needle));
}

#[tokio::test]
async fn a_logout_made_offline_is_revoked_on_the_server_once_back_online() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = desktop(dir.path(), &server.url()).await;
    register(&server, &b).await;
    let token: String = sqlx::query_scalar("SELECT token FROM session")
        .fetch_one(&b.store().unwrap().pool)
        .await
        .unwrap();

    b.api.set_base(DEAD);
    b.logout().await.unwrap();
    assert!(b.status().await.unwrap().session.is_none());
    let live: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions WHERE revoked_at IS NULL")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    assert_eq!(live, 1, "the server could not be told yet");

    b.api.set_base(&server.url());
    assert!(b.check_connectivity().await);
    let live: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions WHERE revoked_at IS NULL")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    assert_eq!(live, 0);
    let http = reqwest::Client::new();
    let res = http
        .get(format!("{}/api/v1/me", server.url()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn a_session_ended_on_the_server_is_forgotten_locally() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = desktop(dir.path(), &server.url()).await;
    register(&server, &b).await;
    sqlx::query("UPDATE sessions SET revoked_at = now()")
        .execute(&server.state.db)
        .await
        .unwrap();
    let e = b.profile().await.unwrap_err();
    assert_eq!(e.code, "session_expired");
    assert!(b.status().await.unwrap().session.is_none());
}

#[tokio::test]
async fn a_profile_edit_is_saved_on_the_server_and_in_the_local_copy() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = desktop(dir.path(), &server.url()).await;
    register(&server, &b).await;
    let p = b.profile().await.unwrap().profile;
    let v = b
        .update_profile(UpdateProfileRequest {
            npwp: String::new(),
            jenis_kelamin: Some(p.jenis_kelamin),
            tanggal_lahir: p.tanggal_lahir.clone(),
            pendidikan: Some(Pendidikan::S2),
            pekerjaan: "Wiraswasta".into(),
            jabatan: String::new(),
            alamat: "Jl. Pahlawan No. 3".into(),
            wilayah: p.wilayah.clone(),
            no_hp: "081300000002".into(),
            kode_pos: p.kode_pos.clone(),
            email: p.email.clone(),
            email_code: String::new(),
        })
        .await
        .unwrap();
    assert_eq!(v.profile.alamat, "Jl. Pahlawan No. 3");
    b.api.set_base(DEAD);
    let cached = b.profile().await.unwrap();
    assert!(cached.from_cache);
    assert_eq!(cached.profile.pekerjaan.as_deref(), Some("Wiraswasta"));
    assert_eq!(cached.profile.no_hp, "081300000002");
}

#[tokio::test]
async fn the_server_address_must_be_an_http_url() {
    let dir = tempfile::tempdir().unwrap();
    let b = desktop(dir.path(), DEAD).await;
    let e = b.set_server("ftp://server").await.unwrap_err();
    assert_eq!(
        e.message,
        "Alamat server harus berupa URL http:// atau https://"
    );
    let s = b.set_server("http://127.0.0.1:9/").await.unwrap();
    assert_eq!(s.server_url, "http://127.0.0.1:9");
    assert!(!s.online);
    // Beyond this computer, only https: the setting stays as it was.
    let e = b.set_server("http://192.168.1.20:8787").await.unwrap_err();
    assert_eq!(
        e.message,
        "Alamat server di luar komputer ini harus memakai https:// agar data Anda terlindungi"
    );
    assert_eq!(b.status().await.unwrap().server_url, "http://127.0.0.1:9");
}

#[tokio::test]
async fn the_catalogue_is_readable_offline_after_one_download() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = desktop(dir.path(), &server.url()).await;
    let first = b.catalogue().await.unwrap();
    assert!(!first.from_cache);
    assert!(first.catalogue.agencies.len() >= 5);
    // Asked again while current: the server answers 304 and the copy stays.
    let again = b.catalogue().await.unwrap();
    assert_eq!(again.catalogue, first.catalogue);

    b.api.set_base(DEAD);
    b.close().await;
    let b = desktop(dir.path(), DEAD).await;
    let offline = b.catalogue().await.unwrap();
    assert!(offline.from_cache);
    assert_eq!(offline.catalogue, first.catalogue);
}

#[tokio::test]
async fn a_changed_catalogue_replaces_the_copy() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = desktop(dir.path(), &server.url()).await;
    let v1 = b.catalogue().await.unwrap().catalogue;
    sqlx::query("UPDATE permit_types SET name = 'Izin Pengusahaan Air Tanah' WHERE id = 'sipa'")
        .execute(&server.state.db)
        .await
        .unwrap();
    sqlx::query("UPDATE catalogue_meta SET version = version + 1")
        .execute(&server.state.db)
        .await
        .unwrap();
    let v2 = b.catalogue().await.unwrap().catalogue;
    assert_eq!(v2.version, v1.version + 1);
    assert_eq!(
        v2.permit_type("sipa").unwrap().1.name,
        "Izin Pengusahaan Air Tanah"
    );
}

#[tokio::test]
async fn with_no_copy_and_no_network_the_catalogue_says_offline() {
    let dir = tempfile::tempdir().unwrap();
    let b = desktop(dir.path(), DEAD).await;
    assert_eq!(b.catalogue().await.unwrap_err().code, "offline");
}
