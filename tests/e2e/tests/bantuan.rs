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
    app.close().await;
}
