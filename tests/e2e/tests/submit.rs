//! The whole journey of an application in the real window: a document into File Saya, the
//! five wizard steps, Kirim, the resi shown in Permohonan Saya and in a desktop notification
//! (a real notification daemon), Cetak Resi read back — and the application held by the server.

use eptsp_core::resi::Resi;
use eptsp_e2e::{ANI, App, Notifier, register_via_api};
use eptsp_server::testkit::TestServer;

#[tokio::test]
async fn an_application_is_prepared_sent_and_gets_its_resi() {
    let server = TestServer::start().await;
    register_via_api(&server, &ANI).await;
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("berkas permohonan.pdf");
    std::fs::write(&doc, b"%PDF-1.4\n% berkas lengkap SIPA\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n").unwrap();

    let notifier = Notifier::start();
    let mut app = App::launch(&server.url(), "submit").await;
    app.sign_in(ANI.nik, ANI.password).await;
    app.wait_screen("dashboard").await;

    app.sipa_ready_to_send(&doc).await;
    app.shot("step5-complete").await;
    app.click("#wizard-next").await;

    app.wait_screen("saya").await;
    let notice = app
        .wait_text("#screen-notice", "Permohonan terkirim. Nomor resi: ")
        .await;
    let resi = notice.rsplit(": ").next().unwrap().trim().to_owned();
    assert!(Resi::parse(&resi).is_ok(), "{resi}");
    app.wait_text("#apps-rows", &resi).await;
    app.wait_text("#apps-rows", "Menunggu Verifikasi").await;
    app.shot("permohonan-saya-with-resi").await;
    // The desktop's notifier showed the receipt.
    let shown = notifier.wait_for("Permohonan terkirim").await;
    assert_eq!(shown.appname, "E-PTSP Kaltim");
    assert_eq!(
        shown.body,
        format!("Kantor DPMPTSP telah menerima permohonan Anda. Nomor resi: {resi}")
    );

    // Search by part of the resi, open the detail with its tracking.
    app.fill("#saya-search", &resi[..6]).await;
    app.click("#saya-cari").await;
    app.wait_text("#apps-rows", "↻ Dalam Proses").await;
    app.wait_text("#saya-pageinfo", "Hal 1 dari 1").await;
    app.click("#apps-rows .resi-link").await;
    app.wait_text("#detail-resi", &resi).await;
    app.wait_text(
        "#detail-timeline",
        "Catatan: Permohonan diterima dan menunggu verifikasi",
    )
    .await;
    app.shot("detail-with-tracking").await;
    app.fill("#saya-search", "tidak-ada").await;
    app.click("#saya-cari").await;
    app.wait_text("#apps-rows", "Tidak ada permohonan yang cocok.")
        .await;
    app.fill("#saya-search", "").await;
    app.click("#saya-cari").await;

    // Cetak Resi: the PDF is made on the computer; read it back.
    app.click("#apps-rows .print-resi").await;
    let saved = app.wait_text("#print-result", "Resi tersimpan di ").await;
    let path = saved
        .trim_start_matches("Resi tersimpan di ")
        .trim()
        .to_owned();
    let text = std::process::Command::new("pdftotext")
        .args(["-layout", &path, "-"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    for expected in [
        "TANDA TERIMA PERMOHONAN IZIN",
        resi.as_str(),
        ANI.nama,
        "Izin Pengusahaan Air Tanah (SIPA)",
        "berkas permohonan.pdf",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from the resi PDF:\n{text}"
        );
    }
    app.shot("resi-printed").await;

    let stored: String = sqlx::query_scalar("SELECT resi FROM applications")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    assert_eq!(Resi::parse(&stored).unwrap().to_string(), resi);
    // The dashboard's "Berkas Permohonan Saya" lists it too.
    app.click("#nav-dashboard").await;
    app.wait_text("#dash-apps", &resi).await;
    app.wait_text("#dash-apps", "Dalam Proses").await;
    app.shot("dashboard-berkas").await;

    // Monitoring Izin: a mistyped resi is caught, the right one shows status and timeline.
    app.click("#nav-monitoring").await;
    app.wait_screen("monitoring").await;
    let mut typo: Vec<char> = resi.chars().collect();
    typo[1] = if typo[1] == 'K' { 'M' } else { 'K' };
    app.fill("#mon-resi", &typo.iter().collect::<String>())
        .await;
    app.click("#mon-search").await;
    app.wait_text("#mon-resi-error", "Nomor resi tidak valid")
        .await;
    app.fill("#mon-resi", &resi.to_lowercase()).await;
    app.click("#mon-search").await;
    app.wait_text("#mon-status", "Menunggu Verifikasi").await;
    app.wait_text("#mon-nama", "A** L******, S.E.").await;
    app.wait_text("#mon-jenis", "Izin Pengusahaan Air Tanah (SIPA)")
        .await;
    app.wait_text(
        "#mon-timeline",
        "Permohonan diterima dan menunggu verifikasi",
    )
    .await;
    app.shot("monitoring").await;
    app.close().await;
}

/// "Kirim" is final: sent while the office cannot be reached, the draft leaves the drafts
/// and waits in Permohonan Saya ("Menunggu dikirim"), read-only; "Batalkan pengiriman"
/// (asked twice) brings it back as a draft to change.
#[tokio::test]
async fn a_sent_draft_waits_read_only_and_is_taken_back_only_when_asked() {
    let mut server = TestServer::start().await;
    register_via_api(&server, &ANI).await;
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("berkas.pdf");
    std::fs::write(&doc, b"%PDF-1.4\n% berkas SIPA\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n").unwrap();

    let mut app = App::launch(&server.url(), "kirim-final").await;
    app.sign_in(ANI.nik, ANI.password).await;
    app.wait_screen("dashboard").await;
    app.sipa_ready_to_send(&doc).await;
    server.stop();
    app.click("#wizard-next").await;

    app.wait_screen("saya").await;
    app.wait_text("#screen-notice", "Permohonan masuk antrian")
        .await;
    app.wait_text("#outbox-rows", "Menunggu dikirim").await;
    app.wait_text("#outbox-rows", "Izin Pengusahaan Air Tanah (SIPA)")
        .await;
    app.shot("waiting-in-the-outbox").await;
    app.click("#tab-pengajuan").await;
    app.wait_screen("pengajuan").await;
    app.wait_text("#drafts-rows", "Belum ada draf permohonan.")
        .await;

    app.click("#tab-permohonan-saya").await;
    app.wait_screen("saya").await;
    app.click("#outbox-rows .outbox-cancel").await;
    app.wait_text("#outbox-rows .outbox-cancel", "Yakin batalkan?")
        .await;
    app.shot("cancel-asks-first").await;
    assert!(
        app.text("#outbox-rows").await.contains("Menunggu dikirim"),
        "one click took it back"
    );
    app.click("#outbox-rows .outbox-cancel").await;
    app.wait_screen("pengajuan").await;
    app.wait_text("#screen-notice", "Pengiriman dibatalkan")
        .await;
    app.wait_text("#drafts-rows", "Izin Pengusahaan Air Tanah (SIPA)")
        .await;
    app.shot("back-among-the-drafts").await;
    app.click("#drafts-rows .draft-open").await;
    app.el("#wizard[data-step=\"5\"]").await;
    app.close().await;
}
