//! The portal's public part in the real window: the admin publishes an announcement and
//! adds the WhatsApp helpdesk to the links; the applicant's login screen shows both; signed
//! in, the dashboard shows a second announcement as soon as it is published (pushed);
//! with the office unreachable the announcements are still read from this computer. The
//! survey without login is reachable from the login screen and checks what is typed.

use eptsp_e2e::App;
use eptsp_server::testkit::TestServer;

#[tokio::test]
async fn announcements_and_links_reach_every_desk_and_stay_offline() {
    let mut server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();

    let mut admin = App::launch(&server.url(), "portal-admin").await;
    admin.sign_in("admin@dpmptsp.test", "Admin2026").await;
    admin.wait_screen("kantor").await;
    admin.click("#nav-portal").await;
    admin.wait_screen("portal").await;
    // Too short: refused at once, with the limit, and what was typed stays.
    admin.fill("#pengumuman-form-title", "Libur").await;
    admin.fill("#pengumuman-form-body", "Tutup").await;
    admin.click("#pengumuman-simpan").await;
    admin
        .wait_text("#pengumuman-form", "minimal 10 karakter")
        .await;
    assert_eq!(admin.value("#pengumuman-form-title").await, "Libur");
    admin
        .fill("#pengumuman-form-title", "Pelayanan tutup saat libur Natal")
        .await;
    admin
        .fill(
            "#pengumuman-form-body",
            "Loket tutup 24–26 Desember. Permohonan daring tetap diterima.",
        )
        .await;
    admin.click("#pengumuman-simpan").await;
    admin.wait_text("#portal-alert", "diterbitkan").await;
    admin
        .wait_text("#pengumuman-rows", "Pelayanan tutup saat libur Natal")
        .await;
    admin.wait_text("#pengumuman-rows", "Tayang").await;
    // A third link: the WhatsApp helpdesk (a wrong address first).
    admin.click("#tautan-tambah").await;
    admin
        .fill("[id=\"tautan-form-links.2.label\"]", "WhatsApp Helpdesk")
        .await;
    admin
        .fill("[id=\"tautan-form-links.2.url\"]", "wa.me/628120000")
        .await;
    admin.click("#tautan-simpan").await;
    admin
        .wait_text("#tautan-form", "Alamat tautan 3 tidak valid")
        .await;
    admin
        .fill(
            "[id=\"tautan-form-links.2.url\"]",
            "https://wa.me/6281200000000",
        )
        .await;
    admin.click("#tautan-simpan").await;
    admin
        .wait_text("#portal-alert", "Tautan portal disimpan.")
        .await;
    admin.shot("published").await;

    // The applicant's login screen, before anyone signs in.
    let mut budi = App::launch(&server.url(), "portal-pemohon").await;
    budi.wait_screen("login").await;
    budi.wait_text("#pengumuman", "Pelayanan tutup saat libur Natal")
        .await;
    budi.wait_text("#pengumuman", "Permohonan daring tetap diterima.")
        .await;
    budi.wait_text("#portal-links", "WhatsApp Helpdesk").await;
    budi.wait_text("#portal-links", "Online Single Submission (OSS)")
        .await;
    budi.shot("login-with-announcement").await;
    // The survey without login, from the login screen: what is typed is checked.
    budi.click("#link-survei").await;
    budi.wait_screen("survei").await;
    budi.fill("#survei-resi", "XXXX").await;
    budi.fill("#survei-nik", "123").await;
    budi.click("#survei-cari").await;
    budi.wait_text("#survei-alert", "NIK").await;
    budi.shot("survey-without-login").await;
    budi.click("#link-login").await;
    budi.wait_screen("login").await;

    // Signed in: the dashboard shows it; a second one published now appears by itself.
    budi.sign_in("pemohon@dpmptsp.test", "Pemohon2026").await;
    budi.wait_screen("dashboard").await;
    budi.wait_text("#pengumuman", "Pelayanan tutup saat libur Natal")
        .await;
    admin
        .fill("#pengumuman-form-title", "Jam layanan Sabtu diperpanjang")
        .await;
    admin
        .fill(
            "#pengumuman-form-body",
            "Mulai bulan ini loket buka Sabtu pukul 08.00–14.00 WITA.",
        )
        .await;
    admin.click("#pengumuman-simpan").await;
    admin.wait_text("#portal-alert", "diterbitkan").await;
    admin.close().await;
    budi.wait_text("#pengumuman", "Jam layanan Sabtu diperpanjang")
        .await;
    budi.shot("dashboard-pushed").await;

    // The office unreachable: the announcements are read from this computer.
    server.stop();
    let budi = budi.relaunch(&server.url()).await;
    budi.wait_text("#pengumuman", "Jam layanan Sabtu diperpanjang")
        .await;
    budi.wait_text("#pengumuman-offline", "Disimpan di komputer ini")
        .await;
    budi.close().await;
}

/// The admin is warned while next year's SKB table is missing, loads it in the window
/// (a wrong line named first), and everyone's Bantuan lists the days.
#[tokio::test]
async fn next_years_holiday_table_is_loaded_by_the_admin_and_read_by_everyone() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let next = {
        use eptsp_core::calendar::Clock;
        eptsp_core::calendar::SystemClock.today_wita().year() + 1
    };

    let mut admin = App::launch(&server.url(), "libur-admin").await;
    admin.sign_in("admin@dpmptsp.test", "Admin2026").await;
    admin.wait_screen("kantor").await;
    let warning = admin.wait_text("#libur-warning", "belum dimuat").await;
    assert!(warning.contains(&next.to_string()), "{warning}");
    admin.shot("warning").await;
    admin.click("#libur-warning-open").await;
    admin.wait_screen("libur").await;
    admin.fill("#libur-impor-year", &next.to_string()).await;
    admin
        .fill(
            "#libur-impor-source",
            &format!("SKB 3 Menteri tentang Hari Libur Nasional dan Cuti Bersama Tahun {next}"),
        )
        .await;
    // Lines typed into the box (the WebDriver types no line break: set as a paste would).
    admin
        .set_value(
            "#libur-impor-csv",
            &format!("{next}-01-01,libur,Tahun Baru {next} Masehi\n{next}-13-01,libur,Salah\n"),
        )
        .await;
    admin.click("#libur-muat").await;
    admin
        .wait_text("#libur-impor", "Baris 2: tanggal tidak valid")
        .await;
    // Lines typed into the box (the WebDriver types no line break: set as a paste would).
    admin
        .set_value(
            "#libur-impor-csv",
            &format!(
                "{next}-01-01,libur,Tahun Baru {next} Masehi\n{next}-12-24,cuti,Cuti Bersama Natal\n{next}-12-25,libur,Hari Raya Natal\n"
            ),
        )
        .await;
    admin.click("#libur-muat").await;
    admin
        .wait_text("#libur-alert", &format!("Tabel hari libur {next} dimuat."))
        .await;
    admin.wait_text("#libur-rows", "Cuti Bersama Natal").await;
    admin
        .wait_text("#libur-sumber", "dimuat: SKB 3 Menteri")
        .await;
    admin.shot("loaded").await;
    admin.click("#nav-kantor").await;
    admin.wait_screen("kantor").await;
    // Once the table is read (data-checked), the warning no longer names next year.
    admin.el("#libur-warning[data-checked=\"1\"]").await;
    let warning = admin.text("#libur-warning").await;
    assert!(!warning.contains(&next.to_string()), "{warning}");
    admin.close().await;

    let mut budi = App::launch(&server.url(), "libur-pemohon").await;
    budi.wait_screen("login").await;
    budi.click("#link-bantuan").await;
    budi.wait_screen("bantuan").await;
    budi.wait_text("#help-holidays", "Cuti Bersama Natal").await;
    budi.wait_text("#help-holidays", &format!("{next}: SKB 3 Menteri"))
        .await;
    budi.shot("bantuan-holidays").await;
    budi.close().await;
}
