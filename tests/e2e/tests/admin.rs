//! The admin blocks an account with a reason on the workstation; the applicant reads the
//! reason when logging in; unblocked, the applicant gets in. One blocked while signed in is
//! sent back to the login.

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

    // Both steps are in the audit log, newest first; filtered to the block, then saved as CSV.
    admin.click("#nav-audit").await;
    admin.wait_screen("audit").await;
    admin
        .wait_text(
            "#audit-rows tr:first-child .audit-action",
            "Membuka blokir akun",
        )
        .await;
    admin.select("#audit-action", "blokir_akun").await;
    admin.wait_text("#audit-total", "1 catatan").await;
    admin
        .wait_text("#audit-rows tr:first-child .audit-detail", reason)
        .await;
    admin
        .wait_text("#audit-rows tr:first-child .audit-object", "Budi Santoso")
        .await;
    admin.shot("audit").await;
    admin.click("#audit-export").await;
    let saved = admin.wait_text("#audit-alert", "Tersimpan: ").await;
    let path = saved.trim().trim_start_matches("Tersimpan: ");
    let csv = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(
        csv.contains("Memblokir akun") && csv.contains(reason),
        "{csv}"
    );
    admin.close().await;
    budi.click("#login-submit").await;
    budi.wait_screen("dashboard").await;
    budi.close().await;
}

#[tokio::test]
async fn the_admin_publishes_a_new_version_of_a_requirement() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let mut admin = App::launch(&server.url(), "admin-katalog").await;
    admin.sign_in("admin@dpmptsp.test", "Admin2026").await;
    admin.wait_screen("kantor").await;
    admin.click("#nav-katalog").await;
    admin.wait_screen("katalog").await;
    admin.select("#katalog-type", "sipa").await;
    admin
        .wait_text(
            "#katalog-reqs",
            "Kartu Tanda Penduduk (KTP) Penanggung Jawab",
        )
        .await;
    let first = "#katalog-reqs tbody tr:first-child";
    admin.click(&format!("{first} .req-edit-open")).await;
    admin
        .fill(
            &format!("{first} .req-name"),
            "KTP Elektronik Penanggung Jawab",
        )
        .await;
    admin.fill(&format!("{first} .req-max"), "2").await;
    admin.shot("edit").await;
    admin.click(&format!("{first} .req-save")).await;
    admin
        .wait_text("#screen-notice", "Versi baru persyaratan tersimpan")
        .await;
    admin
        .wait_text(first, "KTP Elektronik Penanggung Jawab")
        .await;
    admin
        .wait_text(&format!("{first} td:nth-child(3)"), "2 MB")
        .await;
    admin.shot("saved").await;
    // SIPA's Data Detail: one more field, saved with the permit type.
    assert_eq!(admin.count("#katalog-details .detail-row").await, 4);
    admin.click("#katalog-detail-add").await;
    let last = "#katalog-details .detail-row:last-child";
    admin
        .fill(&format!("{last} .detail-key"), "kedalaman_pipa")
        .await;
    admin
        .fill(&format!("{last} .detail-label"), "Kedalaman pipa hisap")
        .await;
    admin
        .select(&format!("{last} .detail-kind"), "number")
        .await;
    admin.fill(&format!("{last} .detail-unit"), "meter").await;
    admin.fill(&format!("{last} .detail-min"), "1").await;
    admin.fill(&format!("{last} .detail-max"), "300").await;
    admin.shot("data-detail").await;
    admin.click("#katalog-save-type").await;
    admin
        .wait_text("#screen-notice", "Jenis izin tersimpan")
        .await;
    assert_eq!(admin.count("#katalog-details .detail-row").await, 5);
    assert_eq!(
        admin
            .value("#katalog-details .detail-row:last-child .detail-key")
            .await,
        "kedalaman_pipa"
    );
    let details: String =
        sqlx::query_scalar("SELECT details::text FROM permit_types WHERE id = 'sipa'")
            .fetch_one(&server.state.db)
            .await
            .unwrap();
    assert!(details.contains("Kedalaman pipa hisap"), "{details}");
    // A new agency and a new permit type under it.
    admin.select("#agency-pick", "").await;
    admin.fill("#agency-id", "dinkes").await;
    admin.fill("#agency-name", "Dinas Kesehatan").await;
    admin.fill("#agency-short", "Dinkes").await;
    admin.click("#agency-save").await;
    admin
        .wait_text("#screen-notice", "Dinas/Badan tersimpan.")
        .await;
    admin.fill("#type-new-id", "izin-apotek").await;
    admin.fill("#type-new-name", "Izin Apotek").await;
    admin.select("#type-new-agency", "dinkes").await;
    admin.click("#type-new-save").await;
    admin
        .wait_text("#screen-notice", "Jenis izin baru tersimpan")
        .await;
    assert_eq!(admin.value("#katalog-type").await, "izin-apotek");
    assert_eq!(admin.value("#katalog-name").await, "Izin Apotek");
    let (retired, successor): (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE retired_at IS NOT NULL), count(*) FILTER (WHERE replaces IS NOT NULL AND retired_at IS NULL)
         FROM requirements WHERE permit_type_id = 'sipa'",
    )
    .fetch_one(&server.state.db)
    .await
    .unwrap();
    assert_eq!((retired, successor), (1, 1));
    let agency: String =
        sqlx::query_scalar("SELECT agency_id FROM permit_types WHERE id = 'izin-apotek'")
            .fetch_one(&server.state.db)
            .await
            .unwrap();
    assert_eq!(agency, "dinkes");
    admin.close().await;
}

/// The office blocks an applicant who is signed in: the server ends the session, and the
/// open window goes back to the login saying so (what waits to be sent stays).
#[tokio::test]
async fn an_applicant_blocked_while_signed_in_is_sent_back_to_the_login() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let mut budi = App::launch(&server.url(), "admin-session-ended").await;
    budi.sign_in("pemohon@dpmptsp.test", "Pemohon2026").await;
    budi.wait_screen("dashboard").await;

    let http = reqwest::Client::new();
    let login: serde_json::Value = http
        .post(format!("{}/api/v1/auth/login", server.url()))
        .json(&serde_json::json!({ "login": "admin@dpmptsp.test", "password": "Admin2026" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let budi_id: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'pemohon@dpmptsp.test'")
            .fetch_one(&server.state.db)
            .await
            .unwrap();
    let r = http
        .post(format!(
            "{}/api/v1/admin/users/{budi_id}/block",
            server.url()
        ))
        .bearer_auth(login["token"].as_str().unwrap())
        .json(&serde_json::json!({ "reason": "Dokumen palsu" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    budi.wait_screen("login").await;
    budi.wait_text("#screen-notice", "Sesi Anda telah berakhir")
        .await;
    budi.shot("session-ended").await;
    budi.close().await;
}
