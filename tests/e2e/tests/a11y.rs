//! Keyboard and screen-reader users: axe-core, run inside the real window, finds no
//! moderate, serious or critical accessibility violation on the screens an applicant and
//! an officer use (headings in order, one main landmark, every control labelled, contrast).

use eptsp_e2e::{ANI, App, register_via_api};
use eptsp_server::testkit::TestServer;

/// WebDriver's Enter and Escape keys.
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";

/// The id of the element that has the focus.
async fn focused(app: &App) -> String {
    app.c
        .execute(
            "return document.activeElement ? document.activeElement.id : '';",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Collects axe-core's findings on the screen `name` (empty when there are none).
async fn check(app: &App, name: &str, found: &mut Vec<String>) {
    for v in app.axe().await {
        found.push(format!("{name}: {v}"));
    }
}

#[tokio::test]
async fn no_screen_has_a_serious_accessibility_violation() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    register_via_api(&server, &ANI).await;
    let mut found = Vec::new();
    let mut app = App::launch(&server.url(), "a11y").await;

    app.wait_screen("login").await;
    check(&app, "login", &mut found).await;
    for (link, screen) in [
        ("#link-register", "register"),
        ("#link-forgot", "forgot"),
        ("#link-monitoring", "monitoring"),
        ("#link-persyaratan", "persyaratan"),
        ("#link-bantuan", "bantuan"),
        ("#link-survei", "survei"),
        ("#link-settings", "settings"),
    ] {
        app.wait_screen("login").await;
        app.click(link).await;
        app.wait_screen(screen).await;
        check(&app, screen, &mut found).await;
        app.click("#link-login").await;
    }

    app.sign_in(ANI.email, ANI.password).await;
    app.wait_screen("dashboard").await;
    check(&app, "dashboard", &mut found).await;
    app.click("#dash-password").await;
    app.wait_screen("password").await;
    check(&app, "password", &mut found).await;
    app.click("#nav-permohonan").await;
    for (tab, screen) in [
        ("#tab-pengajuan", "pengajuan"),
        ("#tab-permohonan-saya", "saya"),
        ("#tab-files", "files"),
        ("#tab-revisi", "revisi"),
    ] {
        app.click(tab).await;
        app.wait_screen(screen).await;
        check(&app, screen, &mut found).await;
    }
    app.new_sipa_draft_to_lokasi().await;
    check(&app, "wizard 4", &mut found).await;
    app.click("#wizard-back").await;
    app.el("#wizard[data-step=\"3\"]").await;
    check(&app, "wizard 3", &mut found).await;
    app.click("#wizard-next").await;
    app.el("#wizard[data-step=\"4\"]").await;
    app.fill_lokasi_samarinda().await;
    app.fill("#wizard-lokasi-lintang", "-0.502106").await;
    app.fill("#wizard-lokasi-bujur", "117.153709").await;
    // Without the mouse: Enter in a field is "Lanjut".
    app.el("#wizard-lokasi-bujur")
        .await
        .send_keys(ENTER)
        .await
        .unwrap();
    app.el("#wizard[data-step=\"5\"]").await;
    check(&app, "wizard 5", &mut found).await;
    app.click("#wizard-next").await;
    app.wait_text("#wizard-alert", "wajib").await;
    check(&app, "wizard 5 with its errors", &mut found).await;
    // Kirim Aduan opens from the keyboard, takes the focus, and Esc closes it.
    app.click("#nav-pengaduan").await;
    app.wait_screen("pengaduan").await;
    app.el("#aduan-baru").await.send_keys(ENTER).await.unwrap();
    app.el("#aduan-form:not([hidden])").await;
    assert_eq!(focused(&app).await, "aduan-perizinan");
    app.el("#aduan-perizinan")
        .await
        .send_keys(ESCAPE)
        .await
        .unwrap();
    app.el("#aduan-form[hidden]").await;
    assert_eq!(focused(&app).await, "aduan-baru");
    for (nav, screen) in [
        ("#nav-izin", "izin"),
        ("#nav-monitoring", "monitoring"),
        ("#nav-inbox", "inbox"),
        ("#nav-pengaduan", "pengaduan"),
        ("#nav-chat", "chat"),
        ("#nav-bantuan", "bantuan"),
    ] {
        app.click(nav).await;
        app.wait_screen(screen).await;
        check(&app, screen, &mut found).await;
    }
    app.shot("checked").await;
    app.close().await;

    let officer = App::launch(&server.url(), "a11y-officer").await;
    officer
        .sign_in("verifikator@dpmptsp.test", "Verifikator2026")
        .await;
    officer.wait_screen("kantor").await;
    check(&officer, "kantor", &mut found).await;
    officer.close().await;

    let signer = App::launch(&server.url(), "a11y-signer").await;
    signer
        .sign_in("penandatangan@dpmptsp.test", "Kepala2026")
        .await;
    signer.wait_screen("ttd").await;
    check(&signer, "ttd", &mut found).await;
    signer.close().await;

    let admin = App::launch(&server.url(), "a11y-admin").await;
    admin.sign_in("admin@dpmptsp.test", "Admin2026").await;
    admin.wait_screen("kantor").await;
    for (nav, screen) in [
        ("#nav-laporan", "laporan"),
        ("#nav-ikm", "ikm"),
        ("#nav-pengguna", "pengguna"),
        ("#nav-audit", "audit"),
        ("#nav-arsip", "arsip"),
        ("#nav-katalog", "katalog"),
        ("#nav-peta", "peta"),
        ("#nav-portal", "portal"),
        ("#nav-libur", "libur"),
    ] {
        admin.click(nav).await;
        admin.wait_screen(screen).await;
        check(&admin, screen, &mut found).await;
    }
    admin.close().await;

    assert!(found.is_empty(), "axe-core found:\n{}", found.join("\n"));
}
