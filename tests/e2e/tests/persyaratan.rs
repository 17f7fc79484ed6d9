//! The public requirement lists (Persyaratan) in the real window, online and then offline
//! from the copy kept on the computer.

use eptsp_e2e::App;
use eptsp_server::testkit::TestServer;

#[tokio::test]
async fn requirements_are_shown_without_login_and_stay_readable_offline() {
    let mut server = TestServer::start().await;
    let mut app = App::launch(&server.url(), "persyaratan").await;
    app.wait_screen("login").await;
    app.click("#link-persyaratan").await;
    app.wait_screen("persyaratan").await;
    app.select("#req-agency", "esdm").await;
    app.select("#req-type", "sipa").await;
    app.select("#req-kind", "baru").await;
    app.wait_text("#req-info", "Waktu penyelesaian 14 hari kerja")
        .await;
    app.wait_text("#req-rows", "Gambar Konstruksi Sumur Bor")
        .await;
    app.wait_text("#req-rows", "DWG, PDF").await;
    app.shot("sipa-baru").await;
    app.select("#req-kind", "perpanjangan").await;
    app.wait_text("#req-rows", "Izin yang Masih Berlaku").await;

    server.stop();
    app.wait_text("#conn-indicator", "Offline").await;
    app.click("#link-login").await;
    app.wait_screen("login").await;
    app.click("#link-persyaratan").await;
    app.wait_text("#req-offline", "salinan di perangkat ini")
        .await;
    app.select("#req-agency", "dlh").await;
    app.select("#req-type", "limbah-b3").await;
    app.select("#req-kind", "baru").await;
    app.wait_text("#req-rows", "Desain Tempat Penyimpanan Sementara Limbah B3")
        .await;
    app.shot("offline-limbah-b3").await;
    app.close().await;
}
