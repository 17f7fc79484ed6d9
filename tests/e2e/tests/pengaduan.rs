//! Pengaduan in the real window, two desktops: the applicant files a complaint (markup in
//! it stays text), an officer answers it on the workstation, the applicant sees the answer
//! in the list and in the inbox.

use eptsp_e2e::App;
use eptsp_server::testkit::TestServer;

#[tokio::test]
async fn a_complaint_is_filed_and_answered() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let isi = "Aplikasi menutup sendiri saat upload <b>tebal</b><script>alert(1)</script>";

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
    siti.click("#aduan-rows .reply-send").await;
    siti.wait_text("#screen-notice", "Balasan terkirim.").await;
    siti.wait_text("#aduan-rows .aduan-status", "Selesai").await;
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
