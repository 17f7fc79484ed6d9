//! Chat round trip between two running desktops through the server: the applicant writes
//! (markup stays text), the officer sees the conversation and answers, and the answer
//! appears on the applicant's screen by itself, pushed live.

use eptsp_e2e::App;
use eptsp_server::testkit::TestServer;

#[tokio::test]
async fn applicant_and_officer_chat_live() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();

    let mut budi = App::launch(&server.url(), "chat-pemohon").await;
    budi.sign_in("pemohon@dpmptsp.test", "Pemohon2026").await;
    budi.wait_screen("dashboard").await;
    // A document in File Saya to send with a message.
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("izin lama.pdf");
    let bytes = eptsp_server::testkit::pdf_bytes(40_000, 8);
    std::fs::write(&doc, &bytes).unwrap();
    budi.permohonan_tab("#tab-files", "files").await;
    budi.fill("#files-name", "Izin lama").await;
    budi.el("#files-input")
        .await
        .send_keys(doc.to_str().unwrap())
        .await
        .unwrap();
    budi.click("#files-upload").await;
    budi.wait_text("#files-rows", "Izin lama").await;
    budi.click("#nav-chat").await;
    budi.wait_screen("chat").await;
    budi.fill(
        "#chat-text",
        "Selamat pagi <b>petugas</b>, resi saya belum muncul",
    )
    .await;
    budi.select_first("#chat-file").await;
    budi.click("#chat-send").await;
    budi.wait_text(
        "#chat-messages .bubble.mine",
        "Selamat pagi <b>petugas</b>, resi saya belum muncul",
    )
    .await;
    budi.wait_text("#chat-messages .bubble.mine .bubble-file", "izin lama.pdf")
        .await;
    assert!(
        budi.c
            .find(fantoccini::Locator::Css("#chat-messages b"))
            .await
            .is_err(),
        "markup in a message is text"
    );

    let mut siti = App::launch(&server.url(), "chat-petugas").await;
    siti.sign_in("verifikator@dpmptsp.test", "Verifikator2026")
        .await;
    siti.wait_screen("kantor").await;
    siti.click("#nav-chat").await;
    siti.wait_screen("chat").await;
    siti.wait_text("#chat-conversations", "Budi Santoso").await;
    siti.wait_text("#chat-conversations .unread-count", "1")
        .await;
    siti.click("#chat-conversations .conversation").await;
    siti.wait_text("#chat-messages .bubble.other", "resi saya belum muncul")
        .await;
    // The applicant's attachment opens on the officer's side.
    siti.click("#chat-messages .bubble.other .chat-file-open")
        .await;
    let said = siti
        .wait_text("#chat-alert", "dibuka; salinannya di ")
        .await;
    let copy = said
        .rsplit("salinannya di ")
        .next()
        .unwrap()
        .trim()
        .to_owned();
    assert_eq!(std::fs::read(&copy).unwrap(), bytes, "{said}");
    siti.fill(
        "#chat-text",
        "Pagi, Pak Budi. Permohonan Anda sedang kami periksa.",
    )
    .await;
    // The officer attaches a file from the workstation's disk.
    let form = dir.path().join("formulir perbaikan.pdf");
    let form_bytes = eptsp_server::testkit::pdf_bytes(30_000, 9);
    std::fs::write(&form, &form_bytes).unwrap();
    siti.el("#chat-upload")
        .await
        .send_keys(form.to_str().unwrap())
        .await
        .unwrap();
    siti.wait_text("#chat-upload-status", "Terlampir: formulir perbaikan.pdf")
        .await;
    siti.click("#chat-send").await;
    siti.wait_text("#chat-messages .bubble.mine", "sedang kami periksa")
        .await;
    siti.shot("officer").await;

    // Pushed to the applicant's open screen, green.
    budi.wait_text(
        "#chat-messages .bubble.office",
        "Pagi, Pak Budi. Permohonan Anda sedang kami periksa.",
    )
    .await;
    budi.wait_text(
        "#chat-messages .bubble.office .bubble-head",
        "Siti Rahmawati",
    )
    .await;
    budi.shot("answered").await;
    // The officer's attachment opens on the applicant's side.
    budi.wait_text(
        "#chat-messages .bubble.office .bubble-file",
        "formulir perbaikan.pdf",
    )
    .await;
    budi.click("#chat-messages .bubble.office .chat-file-open")
        .await;
    let said = budi
        .wait_text("#chat-alert", "dibuka; salinannya di ")
        .await;
    let copy = said
        .rsplit("salinannya di ")
        .next()
        .unwrap()
        .trim()
        .to_owned();
    assert_eq!(std::fs::read(&copy).unwrap(), form_bytes, "{said}");
    siti.close().await;
    budi.close().await;
}
