//! Bantuan with no server at all: troubleshooting, FAQ and contacts ship with the app,
//! and the search narrows them as the user types.

use eptsp_e2e::App;

#[tokio::test]
async fn help_is_searchable_offline_before_logging_in() {
    // A port nothing listens on: no network.
    let mut app = App::launch("http://127.0.0.1:9", "bantuan").await;
    app.wait_screen("login").await;
    app.click("#link-bantuan").await;
    app.wait_screen("bantuan").await;
    app.wait_text("#help-faq", "Apa itu E-PTSP?").await;
    app.fill("#help-search", "lupa PASSWORD").await;
    let trouble = app.wait_text("#help-trouble", "Lupa password").await;
    assert!(!trouble.contains("File terlalu besar"), "{trouble}");
    app.wait_text("#help-contacts", "dpmptsp@kaltimprov.go.id")
        .await;
    app.wait_text("#help-address", "Jl. Basuki Rahmat No. 56")
        .await;
    app.shot("search").await;
    app.fill("#help-search", "tidak ada yang seperti ini").await;
    app.wait_text("#help-faq", "Tidak ada yang cocok.").await;
    // What the guide's chapter 4 still asked for: the rows, the questions, the tips.
    app.fill("#help-search", "koordinat akurat").await;
    app.wait_text("#help-trouble", "Koordinat tidak akurat")
        .await;
    app.fill("#help-search", "lebih dari satu izin").await;
    app.wait_text(
        "#help-faq",
        "Apakah saya bisa mengajukan lebih dari satu izin?",
    )
    .await;
    app.fill("#help-search", " ").await;
    for row in [
        "Tracking kosong",
        "Inbox kosong",
        "Notifikasi telat",
        "Pesan tidak bisa dibuka",
        "Chat belum dibalas",
        "Tidak ada pilihan perizinan",
    ] {
        app.wait_text("#help-trouble", row).await;
    }
    app.wait_text("#help-faq", "Bagaimana cara mengajukan perizinan?")
        .await;
    app.fill("#help-search", "password").await;
    let tips = app.wait_text("#help-tips", "Keamanan akun").await;
    assert!(!tips.contains("Sebelum mengajukan"), "{tips}");
    app.shot("tips").await;
    // The downloadable guide, made here without any server.
    app.click("#help-guide").await;
    let saved = app
        .wait_text("#help-guide-result", "Panduan disimpan di ")
        .await;
    let path = saved
        .trim_start_matches("Panduan disimpan di ")
        .trim()
        .to_owned();
    let text = std::process::Command::new("pdftotext")
        .args([&path, "-"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    for expected in [
        "PANDUAN PENGGUNAAN E-PTSP",
        "Tracking kosong",
        "Tips dan Trik",
    ] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
    app.close().await;
}
