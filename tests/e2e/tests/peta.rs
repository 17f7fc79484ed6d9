//! Step 4 (Lokasi Izin) with the map, in the real window: typed coordinates checked against
//! the Kab/Kota, the static preview, and the picker window (its own process, driven by a test
//! script) filling the coordinates.

use std::time::Duration;

use eptsp_e2e::{ANI, App, eventually, register_via_api};
use eptsp_server::testkit::TestServer;

#[tokio::test]
async fn the_site_is_checked_previewed_and_picked_on_the_map() {
    let server = TestServer::start().await;
    register_via_api(&server, &ANI).await;
    let work = tempfile::tempdir().unwrap();
    let script = work.path().join("picker-script.json");
    let script_env = script.to_string_lossy().into_owned();
    let mut app = App::launch_env(
        &server.url(),
        "peta",
        &[("EPTSP_PICKER_SCRIPT", &script_env)],
    )
    .await;
    app.sign_in(ANI.nik, ANI.password).await;
    app.wait_screen("dashboard").await;
    app.click("#nav-permohonan").await;
    app.new_sipa_draft_to_lokasi().await;
    app.wait_text("#lokasi-peta-kosong", "Belum ada titik lokasi")
        .await;

    app.fill_lokasi_samarinda().await;

    // Typed coordinates in Tenggarong (Kutai Kartanegara): refused, naming where they are.
    app.fill("#wizard-lokasi-lintang", "-0.4167").await;
    app.fill("#wizard-lokasi-bujur", "116.9833").await;
    app.wait_text(
        "#lokasi-peta-status",
        "Titik berada di Kec. Tenggarong, Kabupaten Kutai Kartanegara, bukan di Kota Samarinda",
    )
    .await;
    app.click("#wizard-next").await;
    app.wait_text("#wizard-lokasi-lintang-error", "bukan di Kota Samarinda")
        .await;
    app.shot("step4-di-luar-kab-kota").await;

    // Typed coordinates in Samarinda: accepted, with the map preview.
    app.fill("#wizard-lokasi-lintang", "-0.502106").await;
    app.fill("#wizard-lokasi-bujur", "117.153709").await;
    app.wait_text(
        "#lokasi-peta-status",
        "✔ Lokasi: Kec. Samarinda Ilir, Kota Samarinda",
    )
    .await;
    let src = wait_preview(&app).await;
    assert!(
        src.starts_with("data:image/png;base64,"),
        "{}",
        &src[..40.min(src.len())]
    );
    assert!(src.len() > 10_000, "a real image, {} bytes", src.len());
    app.shot("step4-pratinjau-peta").await;

    // The map window: the script clicks 60 px right and 40 px up of the point, takes a
    // screenshot of the window and presses "Gunakan Lokasi Ini".
    let picker_shot = app.shots_dir().join("picker-dari-wizard.png");
    let steps = serde_json::json!([
        {"do": "wait", "frames": 30},
        {"do": "click_map", "dx": 60.0, "dy": -40.0},
        {"do": "wait", "frames": 15},
        {"do": "screenshot", "path": picker_shot.to_string_lossy()},
        {"do": "wait", "frames": 5},
        {"do": "press", "label": "Gunakan Lokasi Ini"}
    ]);
    std::fs::write(&script, steps.to_string()).unwrap();
    let before = src;
    app.click("#lokasi-peta-pilih").await;
    let lintang = eventually(
        "the picker's answer in the form",
        Duration::from_secs(60),
        || async {
            let v = app.value("#wizard-lokasi-lintang").await;
            (v != "-0.502106").then_some(v)
        },
    )
    .await;
    // 7 decimals, north-east of the typed point (zoom 14: 40 px ≈ 0.0034°).
    let lat: f64 = lintang.parse().unwrap();
    let lng: f64 = app.value("#wizard-lokasi-bujur").await.parse().unwrap();
    assert_eq!(
        lintang.split('.').nth(1).map(str::len),
        Some(7),
        "{lintang}"
    );
    assert!(lat > -0.502106 + 0.002 && lat < -0.502106 + 0.005, "{lat}");
    assert!(
        lng > 117.153709 + 0.003 && lng < 117.153709 + 0.007,
        "{lng}"
    );
    assert!(picker_shot.is_file(), "the picker window's screenshot");
    app.wait_text("#lokasi-peta-status", "✔ Lokasi:").await;
    // The preview is redrawn for the new point.
    eventually(
        "the preview of the picked point",
        Duration::from_secs(20),
        || async { (shown_preview(&app).await? != before).then_some(()) },
    )
    .await;
    app.shot("step4-dipilih-di-peta").await;

    // The step passes now, and the point was saved with the draft.
    tokio::time::sleep(Duration::from_millis(800)).await;
    app.click("#wizard-next").await;
    app.el("#wizard[data-step=\"5\"]").await;
    app.click("#wizard-back").await;
    app.el("#wizard[data-step=\"4\"]").await;
    assert_eq!(app.value("#wizard-lokasi-lintang").await, lintang);
}

/// The preview image's data URL once it is shown.
async fn wait_preview(app: &App) -> String {
    eventually("a map preview", Duration::from_secs(20), || {
        shown_preview(app)
    })
    .await
}

/// The preview image's data URL, if it is shown now.
async fn shown_preview(app: &App) -> Option<String> {
    if app.attr("#lokasi-peta-preview", "hidden").await.is_some() {
        return None;
    }
    app.attr("#lokasi-peta-preview", "src")
        .await
        .filter(|src| src.starts_with("data:"))
}

/// Peta Luring (administrators): the shipped pack listed, the tile server checked and saved,
/// a finer pack imported from disk and removed, a file that is no map refused.
#[tokio::test]
async fn the_admin_manages_the_offline_map() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let mut admin = App::launch(&server.url(), "peta-admin").await;
    admin.sign_in("admin@dpmptsp.test", "Admin2026").await;
    admin.wait_screen("kantor").await;
    admin.click("#nav-peta").await;
    admin.wait_screen("peta").await;
    admin
        .wait_text("#peta-paket", "Kalimantan Timur (peta dasar bawaan)")
        .await;
    admin.wait_text("#peta-paket", "5–12").await;

    admin
        .fill("#peta-xyz_url", "tile.osm.org/{z}/{x}.png")
        .await;
    admin.click("#peta-submit").await;
    admin
        .wait_text(
            "#peta-xyz_url-error",
            "Alamat server ubin harus diawali http",
        )
        .await;
    admin
        .fill(
            "#peta-xyz_url",
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        )
        .await;
    admin
        .fill("#peta-attribution", "© OpenStreetMap contributors")
        .await;
    admin.click("#peta-submit").await;
    admin
        .wait_text("#peta-alert", "Pengaturan peta tersimpan")
        .await;

    // A file that is not a map.
    let work = tempfile::tempdir().unwrap();
    let junk = work.path().join("bukan-peta.pmtiles");
    std::fs::write(&junk, "bukan peta").unwrap();
    import_pack(&admin, &junk).await;
    admin
        .wait_text(
            "#peta-impor-alert",
            "bukan paket peta PMTiles atau MBTiles yang sah",
        )
        .await;

    // A finer pack around Samarinda (zoom 13-14).
    let mut png = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(256, 256, image::Rgb([40, 160, 90]))
        .write_to(&mut png, image::ImageFormat::Png)
        .unwrap();
    let png = png.into_inner();
    let mut tiles = Vec::new();
    for z in [13u8, 14] {
        let (x, y) =
            eptsp_map::tiles::project(eptsp_map::LatLng::new(-0.502106, 117.153709), z as f64);
        let (x, y) = ((x / 256.0) as u32, (y / 256.0) as u32);
        for dx in 0..3 {
            for dy in 0..3 {
                tiles.push((
                    eptsp_map::tiles::TileId::new(z, x + dx - 1, y + dy - 1),
                    png.clone(),
                ));
            }
        }
    }
    let pack = work.path().join("samarinda-rinci.pmtiles");
    eptsp_map::tiles::write_pack(&pack, "Samarinda rinci", "Citra uji", tiles).unwrap();
    import_pack(&admin, &pack).await;
    admin
        .wait_text(
            "#peta-impor-alert",
            "Paket peta \"Samarinda rinci\" terpasang (zoom 13–14)",
        )
        .await;
    admin
        .wait_text(
            "#peta-paket tr[data-file=\"samarinda-rinci.pmtiles\"]",
            "Citra uji",
        )
        .await;
    admin.shot("paket-terpasang").await;
    admin
        .click("#peta-paket tr[data-file=\"samarinda-rinci.pmtiles\"] button")
        .await;
    eventually(
        "the removed pack gone from the list",
        Duration::from_secs(20),
        || async { (!admin.text("#peta-paket").await.contains("Samarinda rinci")).then_some(()) },
    )
    .await;
}

/// Chooses `file` in Peta Luring's file field and presses "Impor Paket Peta".
async fn import_pack(admin: &App, file: &std::path::Path) {
    admin
        .el("#peta-impor-berkas")
        .await
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    admin.click("#peta-impor-submit").await;
}
