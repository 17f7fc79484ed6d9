//! The account journey in the real app window, against the real server (PostgreSQL, SMTP):
//! register with the code read from the mail, log in, edit the profile, change the
//! password, log out, recover a forgotten password, and the guide's error messages.

use std::time::Duration;

use eptsp_e2e::{ANI, App, Person, register_via_api};
use eptsp_server::testkit::TestServer;

async fn mail_code(server: &TestServer, to: &str, before: usize) -> String {
    server
        .mail
        .wait_for(to, before, Duration::from_secs(10))
        .await
        .and_then(|m| m.code())
        .unwrap_or_else(|| panic!("no code mail to {to}"))
}

/// Fills the whole registration form except the e-mail code.
async fn fill_registration(app: &App, p: &Person) {
    app.fill("#register-nik", p.nik).await;
    app.fill("#register-password", p.password).await;
    app.fill("#register-nama", p.nama).await;
    app.select("#register-jenis_kelamin", p.jenis_kelamin).await;
    app.set_value("#register-tanggal_lahir", p.tanggal_lahir)
        .await;
    app.select("#register-pendidikan", "S1").await;
    app.fill("#register-alamat", "Jl. Juanda No. 7").await;
    app.select("#register-provinsi", "64").await;
    app.select("#register-kabupaten", "64.72").await;
    app.select("#register-kecamatan", "64.72.01").await;
    app.select("#register-kelurahan", "64.72.01.1001").await;
    app.fill("#register-kode_pos", "75124").await;
    app.fill("#register-no_hp", p.no_hp).await;
    app.fill("#register-email", p.email).await;
}

#[tokio::test]
async fn register_log_in_edit_profile_change_password_and_log_out() {
    let server = TestServer::start().await;
    let mut app = App::launch(&server.url(), "account-journey").await;
    app.wait_screen("login").await;
    app.wait_text("#conn-indicator", "Online").await;
    app.shot("login").await;

    app.click("#link-register").await;
    app.wait_screen("register").await;
    fill_registration(&app, &ANI).await;
    let before = server.mail.mails().len();
    app.click("#register-generate").await;
    app.wait_text(
        "#register-alert",
        "Kode verifikasi telah dikirim ke ani@example.co.id",
    )
    .await;
    let code = mail_code(&server, ANI.email, before).await;
    app.fill("#register-email_code", &code).await;
    app.shot("register-filled").await;
    app.click("#register-submit").await;

    app.wait_screen("dashboard").await;
    app.wait_text("#profil-nama", "Ani Lestari, S.E.").await;
    app.wait_text("#profil-alamat", "KOTA SAMARINDA").await;
    app.wait_text("#profil-email", ANI.email).await;
    app.shot("dashboard").await;

    app.click("#dash-edit").await;
    app.wait_screen("profile").await;
    assert!(
        app.attr("#profile-nik", "readonly").await.is_some(),
        "NIK is locked"
    );
    assert!(
        app.attr("#profile-nama", "readonly").await.is_some(),
        "Nama is locked"
    );
    assert_eq!(app.value("#profile-kelurahan").await, "64.72.01.1001");
    app.fill("#profile-alamat", "Jl. Pahlawan No. 3").await;
    app.fill("#profile-pekerjaan", "Wiraswasta").await;
    app.fill("#profile-no_hp", "0813-0000-0002").await;
    app.shot("edit-profile").await;
    app.click("#profile-submit").await;
    app.wait_text("#screen-notice", "Data berhasil disimpan")
        .await;
    assert_eq!(app.value("#profile-no_hp").await, "081300000002");
    app.shot("edit-profile-saved").await;

    app.click("#user-menu").await;
    app.click("#menu-password").await;
    app.wait_screen("password").await;
    app.fill("#password-old_password", "Salah2026").await;
    app.fill("#password-new_password", "Mahakam2027").await;
    app.fill("#password-new_password_confirm", "Mahakam2027")
        .await;
    app.click("#password-submit").await;
    app.wait_text("#password-old_password-error", "Password Lama Salah")
        .await;
    app.shot("edit-password-wrong-old").await;
    app.fill("#password-old_password", ANI.password).await;
    app.click("#password-submit").await;
    app.wait_text("#password-alert", "Password berhasil diubah")
        .await;
    app.shot("edit-password-saved").await;

    app.click("#user-menu").await;
    app.click("#menu-logout").await;
    app.wait_screen("login").await;
    app.wait_text("#screen-notice", "Anda telah keluar").await;

    app.sign_in(ANI.nik, ANI.password).await;
    app.wait_text("#login-alert", "Password Salah").await;
    app.sign_in(ANI.nik, "Mahakam2027").await;
    app.wait_screen("dashboard").await;
    app.wait_text("#profil-alamat", "Jl. Pahlawan No. 3").await;
    app.shot("dashboard-after-relogin").await;
    app.close().await;
}

#[tokio::test]
async fn a_forgotten_password_is_reset_with_the_emailed_pin() {
    let server = TestServer::start().await;
    register_via_api(&server, &ANI).await;
    let mut app = App::launch(&server.url(), "forgot-password").await;
    app.wait_screen("login").await;
    app.click("#link-forgot").await;
    app.wait_screen("forgot").await;
    app.fill("#forgot-identitas", ANI.nik).await;
    app.fill("#forgot-no_hp", "081299999999").await;
    app.fill("#forgot-email", ANI.email).await;
    app.click("#forgot-request").await;
    app.wait_text(
        "#forgot-alert",
        "No KTP / NPWP, No.Telp dan Email Anda Harus Benar!",
    )
    .await;
    app.shot("request-pin-mismatch").await;

    app.fill("#forgot-no_hp", ANI.no_hp).await;
    let before = server.mail.mails().len();
    app.click("#forgot-request").await;
    app.wait_text("#reset-alert", "PIN telah dikirim").await;
    let pin = mail_code(&server, ANI.email, before).await;
    app.fill("#reset-pin", &pin).await;
    app.fill("#reset-new_password", "Samarinda2027").await;
    app.fill("#reset-new_password_confirm", "Samarinda2027")
        .await;
    app.shot("pin-and-new-password").await;
    app.click("#reset-submit").await;
    app.wait_screen("login").await;
    app.wait_text("#screen-notice", "Password berhasil diubah")
        .await;
    app.shot("reset-done").await;

    app.sign_in(ANI.email, "Samarinda2027").await;
    app.wait_screen("dashboard").await;
    app.wait_text("#profil-nama", ANI.nama).await;
    app.close().await;
}

/// The PIN asked for before the app was closed is entered after it starts again
/// ("Lupa Password? - Masukan Pin"), without asking for another.
#[tokio::test]
async fn a_pin_asked_for_before_a_restart_is_entered_after_it() {
    let server = TestServer::start().await;
    register_via_api(&server, &ANI).await;
    let app = App::launch(&server.url(), "forgot-pin-after-restart").await;
    app.wait_screen("login").await;
    app.click("#link-forgot").await;
    app.wait_screen("forgot").await;
    app.fill("#forgot-identitas", ANI.nik).await;
    app.fill("#forgot-no_hp", ANI.no_hp).await;
    app.fill("#forgot-email", ANI.email).await;
    let before = server.mail.mails().len();
    app.click("#forgot-request").await;
    app.wait_text("#reset-alert", "PIN telah dikirim").await;
    let pin = mail_code(&server, ANI.email, before).await;

    let mut app = app.relaunch(&server.url()).await;
    app.wait_screen("login").await;
    app.click("#link-forgot").await;
    app.wait_screen("forgot").await;
    app.click("#forgot-have-pin").await;
    // The e-mail typed before the restart is kept.
    assert_eq!(app.value("#reset-email").await, ANI.email);
    app.fill("#reset-pin", &pin).await;
    app.fill("#reset-new_password", "Samarinda2027").await;
    app.fill("#reset-new_password_confirm", "Samarinda2027")
        .await;
    app.shot("pin-after-restart").await;
    app.click("#reset-submit").await;
    app.wait_text("#screen-notice", "Password berhasil diubah")
        .await;
    app.sign_in(ANI.nik, "Samarinda2027").await;
    app.wait_screen("dashboard").await;
    app.close().await;
}

#[tokio::test]
async fn the_guides_error_messages_appear_and_nothing_typed_is_lost() {
    let server = TestServer::start().await;
    let mut app = App::launch(&server.url(), "error-messages").await;

    // Login: unregistered NIK, then a wrong password.
    app.sign_in("6472011505900099", "Kaltim2026").await;
    app.wait_text("#login-alert", "NIK / Email tidak terdaftar")
        .await;
    app.wait_text("#login-login-error", "NIK / Email tidak terdaftar")
        .await;
    app.shot("login-unregistered").await;
    register_via_api(&server, &ANI).await;
    app.sign_in(ANI.nik, "Salah2026").await;
    app.wait_text("#login-alert", "Password Salah").await;
    assert_eq!(
        app.value("#login-login").await,
        ANI.nik,
        "the NIK stays in the field"
    );
    app.click("#login-show").await;
    assert_eq!(
        app.attr("#login-password", "type").await.as_deref(),
        Some("text")
    );
    app.shot("login-wrong-password").await;

    // Registration: weak password and malformed NIK, checked at once.
    app.click("#link-register").await;
    app.wait_screen("register").await;
    let taken = Person {
        email: "orang.lain@example.com",
        ..ANI
    };
    fill_registration(&app, &taken).await;
    app.fill("#register-password", "lemah").await;
    app.fill("#register-nik", "64720155").await;
    app.fill("#register-email_code", "123456").await;
    app.click("#register-submit").await;
    app.wait_text("#register-alert", "Proses Pendaftaran Gagal")
        .await;
    app.wait_text("#register-nik-error", "No NIK hanya boleh Angka 16 digit")
        .await;
    app.wait_text(
        "#register-password-error",
        "Gunakan minimal 8 karakter atau lebih untuk Password",
    )
    .await;
    app.shot("register-weak-password-bad-nik").await;

    // A NIK that is already registered.
    app.fill("#register-nik", ANI.nik).await;
    app.fill("#register-password", "Kaltim2026").await;
    let before = server.mail.mails().len();
    app.click("#register-generate").await;
    app.wait_text("#register-alert", "Kode verifikasi telah dikirim")
        .await;
    let code = mail_code(&server, taken.email, before).await;
    app.fill("#register-email_code", &code).await;
    app.click("#register-submit").await;
    app.wait_text(
        "#register-alert",
        "NIK 6472015505900011 sudah terdaftar di database kami",
    )
    .await;
    app.shot("register-nik-taken").await;

    // A wrong e-mail code.
    app.fill("#register-nik", "6472015505900012").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    app.fill("#register-email_code", wrong).await;
    app.click("#register-submit").await;
    app.wait_text(
        "#register-email_code-error",
        "Kode Email Yang Anda Inputkan Salah!",
    )
    .await;
    assert_eq!(
        app.value("#register-nama").await,
        ANI.nama,
        "the form keeps what was typed"
    );
    assert_eq!(app.value("#register-kelurahan").await, "64.72.01.1001");
    app.shot("register-wrong-code").await;
    app.close().await;
}

#[tokio::test]
async fn offline_the_app_says_so_and_shows_the_saved_profile() {
    let mut server = TestServer::start().await;
    register_via_api(&server, &ANI).await;
    let mut app = App::launch(&server.url(), "offline").await;
    app.sign_in(ANI.nik, ANI.password).await;
    app.wait_screen("dashboard").await;
    app.wait_text("#conn-indicator", "Online").await;

    server.stop();
    app.wait_text("#conn-indicator", "Offline").await;
    app.click("#nav-dashboard").await;
    app.wait_text("#offline-copy", "Anda sedang offline").await;
    app.wait_text("#profil-nama", ANI.nama).await;
    app.shot("dashboard-offline").await;

    app.click("#dash-password").await;
    app.wait_screen("password").await;
    app.fill("#password-old_password", ANI.password).await;
    app.fill("#password-new_password", "Mahakam2027").await;
    app.fill("#password-new_password_confirm", "Mahakam2027")
        .await;
    app.click("#password-submit").await;
    app.wait_text("#password-alert", "Tidak dapat terhubung ke server")
        .await;
    app.shot("change-password-offline").await;
    app.close().await;
}
