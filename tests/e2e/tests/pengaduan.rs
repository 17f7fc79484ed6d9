//! Pengaduan in the real window, two desktops: the applicant files a complaint (markup in
//! it stays text), an officer answers it on the workstation, the applicant sees the answer
//! in the list and in the inbox, and a desktop notification (a real notification daemon)
//! that opens Pengaduan when clicked.

use eptsp_e2e::{App, Notifier};
use eptsp_server::testkit::TestServer;

#[tokio::test]
async fn a_complaint_is_filed_and_answered() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let isi = "Aplikasi menutup sendiri saat upload <b>tebal</b><script>alert(1)</script>";
    let notifier = Notifier::start();

    let mut budi = App::launch(&server.url(), "pengaduan-pemohon").await;
    budi.sign_in("pemohon@dpmptsp.test", "Pemohon2026").await;
    budi.wait_screen("dashboard").await;
    budi.click("#quick-pengaduan").await;
    budi.wait_screen("pengaduan").await;
    budi.click("#aduan-baru").await;
    budi.select("#aduan-kategori", "teknis_aplikasi").await;
    // Too short: refused, and what was typed stays.
    budi.fill("#aduan-isi", "crash").await;
    budi.click("#aduan-kirim").await;
    budi.wait_text("#aduan-alert", "Tulis isi pengaduan minimal 10 karakter")
        .await;
    assert_eq!(budi.value("#aduan-isi").await, "crash");
    budi.fill("#aduan-isi", isi).await;
    budi.shot("form").await;
    budi.click("#aduan-kirim").await;
    budi.wait_text("#screen-notice", "Pengaduan berhasil dikirim")
        .await;
    budi.wait_text("#aduan-rows .aduan-isi", isi).await;
    budi.wait_text("#aduan-rows .aduan-status", "Menunggu Tanggapan")
        .await;
    assert!(
        budi.c
            .find(fantoccini::Locator::Css(
                "#aduan-rows .aduan-isi b, #aduan-rows script"
            ))
            .await
            .is_err(),
        "the complaint's markup is not rendered"
    );

    let mut siti = App::launch(&server.url(), "pengaduan-petugas").await;
    siti.sign_in("verifikator@dpmptsp.test", "Verifikator2026")
        .await;
    siti.wait_screen("kantor").await;
    siti.click("#nav-pengaduan").await;
    siti.wait_screen("pengaduan").await;
    siti.wait_text("#aduan-rows", "Budi Santoso").await;
    siti.fill(
        "#aduan-rows .reply-text",
        "Mohon perbarui aplikasi ke versi terbaru; unggahan akan dilanjutkan otomatis.",
    )
    .await;
    siti.select("#aduan-rows .reply-status", "selesai").await;
    siti.shot("reply").await;
    // Budi is elsewhere in the app; what was shown so far is put away.
    budi.click("#nav-dashboard").await;
    budi.wait_screen("dashboard").await;
    notifier.shown();
    siti.click("#aduan-rows .reply-send").await;
    siti.wait_text("#screen-notice", "Balasan terkirim.").await;
    siti.wait_text("#aduan-rows .aduan-status", "Selesai").await;

    // The answer pops up on Budi's desktop; a click on it opens Pengaduan.
    let clicked = notifier.click_the_one_shown().await;
    assert_eq!(
        (clicked.appname.as_str(), clicked.summary.as_str()),
        ("E-PTSP Kaltim", "Balasan pengaduan Anda (Selesai)")
    );
    assert!(
        clicked.body.starts_with("Mohon perbarui aplikasi"),
        "{clicked:?}"
    );
    budi.wait_screen("pengaduan").await;
    budi.wait_text("#aduan-rows .aduan-balasan", "Mohon perbarui aplikasi")
        .await;
    budi.shot("opened-from-notification").await;
    siti.close().await;

    budi.reopen_until(
        "#nav-pengaduan",
        "#aduan-rows .aduan-balasan",
        "Mohon perbarui aplikasi",
    )
    .await;
    budi.wait_text("#aduan-rows .aduan-status", "Selesai").await;
    budi.shot("answered").await;
    budi.reopen_until(
        "#nav-inbox",
        "#inbox-rows",
        "Balasan pengaduan Anda (Selesai)",
    )
    .await;
    budi.close().await;
}
