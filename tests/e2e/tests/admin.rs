//! The admin blocks an account with a reason on the workstation; the applicant reads the
//! reason when logging in; unblocked, the applicant gets in.

use eptsp_e2e::App;
use eptsp_server::testkit::TestServer;

#[tokio::test]
async fn a_blocked_applicant_reads_the_reason_at_login() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let reason = "Dokumen palsu pada permohonan sebelumnya";

    let mut admin = App::launch(&server.url(), "admin").await;
    admin.sign_in("admin@dpmptsp.test", "Admin2026").await;
    admin.wait_screen("kantor").await;
    admin.click("#nav-pengguna").await;
    admin.wait_screen("pengguna").await;
    admin.fill("#users-search", "pemohon@").await;
    let row = "#users-rows tr[data-email=\"pemohon@dpmptsp.test\"]";
    admin.wait_text(row, "Budi Santoso").await;
    admin.fill(&format!("{row} .block-reason"), reason).await;
    admin.click(&format!("{row} .block")).await;
    admin
        .wait_text("#users-alert", "Budi Santoso diblokir.")
        .await;
    admin
        .wait_text(
            &format!("{row} .user-status"),
            &format!("Diblokir: {reason}"),
        )
        .await;
    admin.shot("blocked").await;

    let mut budi = App::launch(&server.url(), "admin-pemohon").await;
    budi.sign_in("pemohon@dpmptsp.test", "Pemohon2026").await;
    budi.wait_text("#login-alert", reason).await;
    budi.shot("login-refused").await;

    admin.click(&format!("{row} .unblock")).await;
    admin.wait_text("#users-alert", "tidak lagi diblokir").await;
    admin.close().await;
    budi.click("#login-submit").await;
    budi.wait_screen("dashboard").await;
    budi.close().await;
}
