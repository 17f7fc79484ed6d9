//! Two accounts on one app in the real window: Ani fills File Saya and starts a draft,
//! signs out; the demo applicant signs in on the same app and finds an empty File Saya
//! and no drafts; Ani signs in again and finds hers.

use eptsp_e2e::{ANI, App, register_via_api};
use eptsp_server::testkit::TestServer;

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(240, 160, |x, y| {
        image::Rgb([(x / 2) as u8, 90, (y / 2) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn sign_out(app: &App) {
    // Esc closes the user menu (and a second click opens it again).
    app.click("#user-menu").await;
    assert_eq!(app.attr("#user-menu-items", "hidden").await, None);
    app.el("#user-menu")
        .await
        .send_keys(&fantoccini::key::Key::Escape.to_string())
        .await
        .unwrap();
    assert!(app.attr("#user-menu-items", "hidden").await.is_some());
    app.click("#user-menu").await;
    app.click("#menu-logout").await;
    app.wait_screen("login").await;
}

#[tokio::test]
async fn a_second_account_on_the_same_app_sees_none_of_the_first_ones_data() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    register_via_api(&server, &ANI).await;
    let dir = tempfile::tempdir().unwrap();
    let ktp = dir.path().join("ktp-ani.png");
    std::fs::write(&ktp, png()).unwrap();

    let mut app = App::launch(&server.url(), "shared-desktop").await;
    app.sign_in(ANI.email, ANI.password).await;
    app.wait_screen("dashboard").await;
    app.permohonan_tab("#tab-files", "files").await;
    app.fill("#files-name", "KTP Ani").await;
    app.el("#files-input")
        .await
        .send_keys(ktp.to_str().unwrap())
        .await
        .unwrap();
    app.click("#files-upload").await;
    app.wait_text("#files-rows", "KTP Ani").await;
    app.new_sipa_draft_to_lokasi().await;
    app.permohonan_tab("#tab-pengajuan", "pengajuan").await;
    app.wait_text("#drafts-rows", "SIPA").await;
    app.shot("ani-files-and-draft").await;
    sign_out(&app).await;
    app.wait_text("#screen-notice", "Anda telah keluar.").await;
    // The next person finds the login empty, not Ani's e-mail.
    assert_eq!(app.value("#login-login").await, "");
    assert_eq!(app.value("#login-password").await, "");

    // The demo applicant on the same app.
    app.sign_in("pemohon@dpmptsp.test", "Pemohon2026").await;
    app.wait_screen("dashboard").await;
    app.permohonan_tab("#tab-files", "files").await;
    app.wait_text("#files-pageinfo", "Hal 1 dari 1").await;
    let files = app.text("#files-rows").await;
    assert!(
        !files.contains("KTP Ani"),
        "another account's file shown: {files}"
    );
    app.shot("second-account-empty-file-saya").await;
    app.permohonan_tab("#tab-pengajuan", "pengajuan").await;
    app.wait_text("#drafts-rows", "Belum ada draf permohonan.")
        .await;
    app.shot("second-account-no-drafts").await;
    sign_out(&app).await;

    // Ani again: her file and draft are where she left them.
    app.sign_in(ANI.nik, ANI.password).await;
    app.wait_screen("dashboard").await;
    app.permohonan_tab("#tab-files", "files").await;
    app.wait_text("#files-rows", "KTP Ani").await;
    app.permohonan_tab("#tab-pengajuan", "pengajuan").await;
    app.wait_text("#drafts-rows", "SIPA").await;
    app.shot("ani-again").await;
    app.close().await;
}
