//! The permit site on the desktop, on the real SQLite store: step 4's map checks (typed
//! coordinates and outlines against the Kab/Kota), previews from the shipped pack and from an
//! imported finer pack (PMTiles and MBTiles), the online tile server setting, and the picker
//! window answering into the form (the real binary, under Xvfb when there is no display).

mod common;

use std::path::{Path, PathBuf};

use base64::Engine;
use eptsp_core::dossier::{Lokasi, Titik};
use eptsp_desktop::map::{MapSettings, picker_binary};
use eptsp_desktop::store;
use eptsp_map::tiles::{TileId, project};
use eptsp_map::{LatLng, tiles};
use eptsp_server::testkit::TestServer;

fn samarinda() -> Lokasi {
    common::lokasi_samarinda()
}

/// A 100 m square around Samarinda's point, as the picker would answer it.
fn square(order: [usize; 4]) -> Vec<Titik> {
    let (lat, lng, d) = (-0.502106, 117.153709, 0.00045);
    let corners = [
        Titik {
            lat: lat + d,
            lng: lng - d,
        },
        Titik {
            lat: lat + d,
            lng: lng + d,
        },
        Titik {
            lat: lat - d,
            lng: lng + d,
        },
        Titik {
            lat: lat - d,
            lng: lng - d,
        },
    ];
    order.iter().map(|&i| corners[i]).collect()
}

#[tokio::test]
async fn step_4_checks_the_site_against_the_kab_kota() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = common::applicant(&server, dir.path()).await;
    let file = b
        .files()
        .unwrap()
        .import_bytes(&b.store().unwrap(), common::pdf(2000, 7), "ktp.pdf", "KTP")
        .await
        .unwrap();
    let id = common::complete_draft(&b, &file.id).await;
    assert_eq!(b.drafts_check(&id, 4).await.unwrap(), vec![]);

    let mut d = b.drafts_open(&id).await.unwrap().data;
    // Typed coordinates in Tenggarong, with Kota Samarinda chosen.
    d.lokasi.lintang = "-0.4167".into();
    d.lokasi.bujur = "116.9833".into();
    b.drafts_save(&id, 4, &d).await.unwrap();
    let errors = b.drafts_check(&id, 4).await.unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, "lokasi.lintang");
    assert_eq!(
        errors[0].message,
        "Titik berada di Kec. Tenggarong, Kabupaten Kutai Kartanegara, bukan di Kota Samarinda. Pindahkan titik ke dalam Kota Samarinda atau ubah Kab/Kota pada formulir."
    );
    // "Kirim" checks every step: the site keeps the draft from the outbox.
    let problems = b.drafts_submit(&id).await.unwrap();
    assert!(
        problems.iter().any(|p| p.field == "lokasi.lintang"),
        "{problems:?}"
    );

    // Back in Samarinda, with an outline drawn as a bow tie: refused.
    d.lokasi.lintang = "-0.502106".into();
    d.lokasi.bujur = "117.153709".into();
    d.lokasi.poligon = square([0, 2, 1, 3]);
    b.drafts_save(&id, 4, &d).await.unwrap();
    let errors = b.drafts_check(&id, 4).await.unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, "lokasi.poligon");
    assert!(
        errors[0].message.contains("berpotongan"),
        "{}",
        errors[0].message
    );

    // A proper outline passes, and the live check gives its area.
    d.lokasi.poligon = square([0, 1, 2, 3]);
    b.drafts_save(&id, 4, &d).await.unwrap();
    assert_eq!(b.drafts_check(&id, 4).await.unwrap(), vec![]);
    let check = eptsp_desktop::map::check_location(&d.lokasi);
    assert!(check.ok, "{check:?}");
    assert_eq!(check.message, "Kec. Samarinda Ilir, Kota Samarinda");
    let area = check.area_m2.unwrap();
    assert!(
        (area - 10_000.0).abs() < 300.0,
        "about 100 m × 100 m: {area}"
    );
    assert!(check.area.unwrap().ends_with(" ha)"));
    assert_eq!(check.dms.as_deref(), Some("0°30'07.58\"S 117°09'13.35\"E"));
    // The form says Kec. Palaran; the point is in Samarinda Ilir: a hint, not a refusal.
    let hint = check.warning.expect("a kecamatan hint");
    assert_eq!(
        hint,
        "Titik berada di Kec. Samarinda Ilir, sedangkan formulir menyebut kecamatan lain (Kec. Palaran). Periksa kembali Kecamatan atau titiknya."
    );
    let here = eptsp_map::Atlas::kaltim().locate(LatLng::new(-0.502106, 117.153709));
    d.lokasi.kecamatan = here
        .district_code
        .expect("Samarinda Ilir's Kemendagri code");
    assert_eq!(eptsp_desktop::map::check_location(&d.lokasi).warning, None);

    // Malformed input gets the form's message, not a map verdict.
    let mut typed = samarinda();
    typed.lintang = "-0,5x".into();
    let check = eptsp_desktop::map::check_location(&typed);
    assert!(!check.ok);
    assert_eq!(check.message, "Koordinat harus berupa angka desimal");
    let mut none = samarinda();
    none.kabupaten.clear();
    assert!(
        eptsp_desktop::map::check_location(&none)
            .message
            .starts_with("Pilih Kab/Kota")
    );
}

fn decode_data_url(url: &str) -> image::RgbaImage {
    let b64 = url
        .strip_prefix("data:image/png;base64,")
        .expect("a PNG data URL");
    let png = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    image::load_from_memory(&png).unwrap().to_rgba8()
}

/// Solid magenta tiles at zoom 13 and 14 around Samarinda's point.
fn magenta_tiles() -> Vec<(TileId, Vec<u8>)> {
    let mut png = Vec::new();
    image::RgbaImage::from_pixel(256, 256, image::Rgba([255, 0, 255, 255]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let mut tiles = Vec::new();
    for z in [13u8, 14] {
        let (x, y) = project(LatLng::new(-0.502106, 117.153709), z as f64);
        let (x, y) = ((x / 256.0) as u32, (y / 256.0) as u32);
        for dx in 0..=4 {
            for dy in 0..=4 {
                tiles.push((TileId::new(z, x + dx - 2, y + dy - 2), png.clone()));
            }
        }
    }
    tiles
}

#[tokio::test]
async fn previews_packs_and_the_tile_server() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = common::applicant(&server, dir.path()).await;
    b.api.set_base(common::DEAD);
    b.check_connectivity().await;

    // The shipped pack: the preview is drawn offline, the pin at the site.
    let preview = b
        .map_preview(&samarinda())
        .await
        .unwrap()
        .expect("a preview");
    let img = decode_data_url(&preview.data_url);
    assert_eq!(img.dimensions(), (640, 360));
    assert_eq!(
        preview.zoom, 13,
        "the shipped pack ends at 12; enlarged once"
    );
    assert!(
        preview.attribution.contains("GADM"),
        "{}",
        preview.attribution
    );
    let pin = img.get_pixel(320, 175);
    assert!(pin[0] > 180 && pin[1] < 80, "{pin:?}");
    let packs = b.map_packs().await.unwrap();
    assert_eq!(packs.len(), 1);
    assert!(packs[0].shipped && packs[0].max_zoom == 12, "{packs:?}");
    // No coordinates, no preview.
    assert_eq!(b.map_preview(&Lokasi::default()).await.unwrap(), None);

    // Importing is for administrators.
    let pack_file = dir.path().join("samarinda-z14.pmtiles");
    tiles::write_pack(&pack_file, "Samarinda rinci", "Uji", magenta_tiles()).unwrap();
    let bytes = std::fs::read(&pack_file).unwrap();
    let refused = b
        .map_import_pack("samarinda-z14.pmtiles", &bytes)
        .await
        .unwrap_err();
    assert_eq!(refused.code, "forbidden");
    // The office makes the account an administrator; the desktop follows the server.
    sqlx::query("UPDATE users SET role = 'admin' WHERE nik = '6472015505900011'")
        .execute(&server.state.db)
        .await
        .unwrap();
    b.api.set_base(&server.url());
    b.login(eptsp_core::api::LoginRequest {
        login: "6472015505900011".into(),
        password: "Kaltim2026".into(),
    })
    .await
    .unwrap();
    b.api.set_base(common::DEAD);
    b.check_connectivity().await;

    // What is not a raster pack is refused with the reason; nothing is left behind.
    let e = b
        .map_import_pack("peta.pmtiles", b"bukan peta sama sekali")
        .await
        .unwrap_err();
    assert_eq!(
        e.message,
        "Berkas ini bukan paket peta PMTiles atau MBTiles yang sah."
    );
    let vector = dir.path().join("vektor.pmtiles");
    let mut w = pmtiles::PmTilesWriter::new(pmtiles::TileType::Mvt)
        .create(std::fs::File::create(&vector).unwrap())
        .unwrap();
    w.add_tile(pmtiles::TileCoord::new(0, 0, 0).unwrap(), b"\x1a\x00")
        .unwrap();
    w.finalize().unwrap();
    let e = b
        .map_import_pack("vektor.pmtiles", &std::fs::read(&vector).unwrap())
        .await
        .unwrap_err();
    assert!(e.message.contains("data vektor"), "{}", e.message);
    let maps = dir.path().join("maps");
    assert_eq!(
        std::fs::read_dir(&maps).unwrap().count(),
        0,
        "no partial files"
    );

    // A finer raster pack: listed first, and the preview is drawn from it.
    let view = b
        .map_import_pack("Samarinda Z14.pmtiles", &bytes)
        .await
        .unwrap();
    assert_eq!(
        (view.name.as_str(), view.min_zoom, view.max_zoom),
        ("Samarinda rinci", 13, 14)
    );
    assert_eq!(view.file, "samarinda-z14.pmtiles");
    let packs = b.map_packs().await.unwrap();
    assert_eq!(
        packs.iter().map(|p| p.shipped).collect::<Vec<_>>(),
        [false, true]
    );
    let preview = b.map_preview(&samarinda()).await.unwrap().unwrap();
    assert_eq!(preview.zoom, 15);
    let img = decode_data_url(&preview.data_url);
    assert_eq!(
        img.get_pixel(40, 40).0,
        [255, 0, 255, 255],
        "tiles of the imported pack"
    );
    b.map_remove_pack("samarinda-z14.pmtiles").await.unwrap();
    assert_eq!(b.map_packs().await.unwrap().len(), 1);
    assert_eq!(
        b.map_remove_pack("../eptsp.sqlite").await.unwrap_err().code,
        "not_found"
    );

    // The same tiles as MBTiles (SQLite, TMS rows), as ODK Collect uses them.
    let mbtiles = dir.path().join("samarinda.mbtiles");
    write_mbtiles(&mbtiles, &magenta_tiles()).await;
    let view = b
        .map_import_pack("samarinda.mbtiles", &std::fs::read(&mbtiles).unwrap())
        .await
        .unwrap();
    assert_eq!(
        (view.name.as_str(), view.max_zoom, view.tiles),
        ("Samarinda MBTiles", 14, 50)
    );
    let preview = b.map_preview(&samarinda()).await.unwrap().unwrap();
    let img = decode_data_url(&preview.data_url);
    assert_eq!(
        img.get_pixel(40, 40).0,
        [255, 0, 255, 255],
        "rows flipped right"
    );

    // The online tile server: checked, saved, offered with its cache (offline here).
    let bad = b
        .map_set_settings(MapSettings {
            xyz_url: Some("tile.osm.org/{z}/{x}.png".into()),
            attribution: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("xyz_url"));
    assert!(
        bad.message
            .starts_with("Alamat server ubin harus diawali http"),
        "{}",
        bad.message
    );
    let url = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
    let saved = b
        .map_set_settings(MapSettings {
            xyz_url: Some(url.into()),
            attribution: "© OpenStreetMap".into(),
        })
        .await
        .unwrap();
    assert_eq!(saved.xyz_url.as_deref(), Some(url));
    let sources = b.map_sources().await.unwrap();
    let xyz = sources.xyz.unwrap();
    assert!(!xyz.online, "the server is unreachable: cache only");
    assert_eq!(xyz.cache_dir, dir.path().join("tile-cache"));
    assert!(sources.packs.last().unwrap().ends_with("kaltim.pmtiles"));
}

async fn write_mbtiles(path: &Path, tiles: &[(TileId, Vec<u8>)]) {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    for sql in [
        "CREATE TABLE metadata (name TEXT, value TEXT)",
        "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)",
        "INSERT INTO metadata VALUES ('name', 'Samarinda MBTiles'), ('format', 'png')",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    for (id, png) in tiles {
        sqlx::query("INSERT INTO tiles VALUES (?, ?, ?, ?)")
            .bind(id.z as i64)
            .bind(id.x as i64)
            .bind(((1i64 << id.z) - 1) - id.y as i64)
            .bind(png)
            .execute(&pool)
            .await
            .unwrap();
    }
    pool.close().await;
}

/// The picker program, under Xvfb when this test has no display.
fn picker_program(work: &Path) -> PathBuf {
    let bin = picker_binary()
        .expect("eptsp-map-picker is built beside the tests (cargo build -p eptsp-map)");
    // A display of its own (a picker window covered by another one is not painted).
    let wrapper = work.join("picker-under-xvfb.sh");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nexec xvfb-run -a -s '-screen 0 1280x900x24' '{}' \"$@\"\n",
            bin.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    wrapper
}

#[tokio::test]
async fn the_picker_answers_into_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::desktop(dir.path(), common::DEAD).await;
    let program = picker_program(dir.path());
    let script = dir.path().join("script.json");
    // The picker run with `steps` as its test script, on Samarinda's site.
    let pick = async |steps: serde_json::Value, polygon: bool| {
        std::fs::write(&script, steps.to_string()).unwrap();
        let s = script.to_string_lossy().into_owned();
        b.map_pick_with(
            &program,
            &[("EPTSP_PICKER_SCRIPT", &s)],
            polygon,
            &samarinda(),
        )
        .await
        .unwrap()
    };

    // A point: the form gets 7 decimals, the location and no outline.
    let answer = pick(
        serde_json::json!([
            {"do": "wait", "frames": 20}, {"do": "click_map", "dx": 0.0, "dy": 0.0},
            {"do": "wait", "frames": 5}, {"do": "press", "label": "Gunakan Lokasi Ini"}
        ]),
        false,
    )
    .await;
    assert_eq!(answer.result, "point");
    assert_eq!(
        (answer.lintang.as_str(), answer.bujur.as_str()),
        ("-0.5021060", "117.1537090")
    );
    assert_eq!(answer.location, "Kec. Samarinda Ilir, Kota Samarinda");
    assert!(answer.poligon.is_empty());

    // An outline: four corners; the form's point stays (it is inside).
    let answer = pick(
        serde_json::json!([
            {"do": "wait", "frames": 20},
            {"do": "click_map", "dx": -50.0, "dy": -50.0}, {"do": "click_map", "dx": 50.0, "dy": -50.0},
            {"do": "click_map", "dx": 50.0, "dy": 50.0}, {"do": "click_map", "dx": -50.0, "dy": 50.0},
            {"do": "press", "label": "Tutup Poligon"}, {"do": "wait", "frames": 5},
            {"do": "press", "label": "Gunakan Lokasi Ini"}
        ]),
        true,
    )
    .await;
    assert_eq!(answer.result, "polygon");
    assert_eq!(answer.poligon.len(), 4);
    assert_eq!(
        (answer.lintang.as_str(), answer.bujur.as_str()),
        ("-0.5021060", "117.1537090")
    );
    let mut lokasi = samarinda();
    lokasi.poligon = answer.poligon.clone();
    assert!(eptsp_desktop::map::check_location(&lokasi).ok);

    // Batal leaves the form as it was.
    let answer = pick(
        serde_json::json!([{"do": "wait", "frames": 10}, {"do": "press", "label": "Batal"}]),
        false,
    )
    .await;
    assert_eq!(answer.result, "cancelled");
    assert_eq!(answer.lintang, "-0.502106");

    // Without a Kab/Kota the window is not opened; a missing picker gets a clear message.
    let mut none = samarinda();
    none.kabupaten.clear();
    let e = b
        .map_pick_with(&program, &[], false, &none)
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("lokasi.kabupaten"));
    let e = b
        .map_pick_with(
            Path::new("/tidak/ada/eptsp-map-picker"),
            &[],
            false,
            &samarinda(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, "map_unavailable");
    // A picker killed before answering: the form is untouched and the user is told.
    let killed = dir.path().join("killed.sh");
    std::fs::write(&killed, "#!/bin/sh\nkill -9 $$\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&killed, std::fs::Permissions::from_mode(0o755)).unwrap();
    let e = b
        .map_pick_with(&killed, &[], false, &samarinda())
        .await
        .unwrap_err();
    assert_eq!(e.code, "map_failed");
    assert!(
        e.message.contains("Data formulir tidak berubah"),
        "{}",
        e.message
    );
}

/// An area permit with the longest outline a site may have and long but real-looking fields.
#[tokio::test]
async fn an_area_permit_prints_its_outline_and_carries_it_in_the_qr_code() {
    use eptsp_core::izin::{IzinContent, SignedIzin, encode_signature, outline_text};
    use eptsp_map::atlas::{MAX_VERTICES, area_m2, format_area};

    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = common::applicant(&server, dir.path()).await;
    // A circle some 2 km across in the middle of Samarinda.
    let outline: Vec<Titik> = (0..MAX_VERTICES)
        .map(|i| {
            let t = i as f64 / MAX_VERTICES as f64 * std::f64::consts::TAU;
            Titik {
                lat: -0.5021 + 0.009 * t.sin(),
                lng: 117.1537 + 0.009 * t.cos(),
            }
        })
        .collect();
    let content = IzinContent {
        nomor: "503/0042/DPMPTSP-KT/2026".into(),
        application_id: "5f0c2b1e-7d1a-4c3e-9b8a-1e2d3c4b5a69".into(),
        resi: "7K3M-Q9X2-H4T".into(),
        pemegang: "Ir. Muhammad Rizky Pratama Hidayatullah, S.T., M.Eng.".into(),
        perusahaan: "PT Mahakam Agro Lestari Sejahtera Perkasa Nusantara".into(),
        jenis_izin: "Izin Pemanfaatan Hasil Hutan Bukan Kayu dalam Hutan Produksi".into(),
        permit_type_id: "phhbk".into(),
        jenis_permohonan: "Baru".into(),
        lokasi: "Jl. Poros Samarinda–Bontang Km 17 No. 88 RT 012 RW 004, Sungai Siring, \
                 Samarinda Utara, Kota Samarinda"
            .into(),
        lintang: "-0.5021000".into(),
        bujur: "117.1537000".into(),
        poligon: outline_text(&outline),
        rincian: Vec::new(),
        terbit: "2026-11-23".into(),
        berlaku_sampai: "2031-11-23".into(),
        penandatangan: "Dr. H. Ahmad Fauzi, M.Si.".into(),
        jabatan: "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Provinsi \
                  Kalimantan Timur"
            .into(),
        key_id: server.state.signer.key_id().to_owned(),
        verifikasi_url: server.url(),
    };
    let izin = SignedIzin {
        signature: encode_signature(&server.state.signer.sign(&content.canonical())),
        content,
    };
    store::office::save_permits(
        &b.store().unwrap(),
        &[eptsp_core::office::PermitView {
            izin: izin.clone(),
            state: eptsp_core::office::PermitState::Aktif,
        }],
    )
    .await
    .unwrap();

    let path = b.print_izin(&izin.content.application_id).await.unwrap();
    if let Ok(dir) = std::env::var("EPTSP_E2E_SCREENSHOTS") {
        // Kept with the run's screenshots, to be looked at.
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(&path, Path::new(&dir).join("izin-area.pdf")).unwrap();
    }
    let text = common::pdf_text(&path);
    // The area of the outline as signed (6 decimals).
    let vertices: Vec<LatLng> = eptsp_core::izin::outline_points(&izin.content.poligon)
        .iter()
        .map(|t| LatLng::new(t.lat, t.lng))
        .collect();
    let luas = format_area(area_m2(&vertices).unwrap());
    for expected in [
        "SURAT IZIN",
        "Luas Area",
        luas.as_str(),
        "Batas Area",
        "40 titik sudut; peta dan koordinatnya pada Lampiran",
        "Peta lokasi izin: batas area bergaris merah, 40 titik sudut.",
        "LAMPIRAN SURAT IZIN",
        "Titik Koordinat Batas Area (WGS 84)",
        // The first vertex and the last row of the table.
        "-0.502100",
        "117.162700",
        "0°30'07.56\"S 117°09'45.72\"E",
    ] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with(&format!("{MAX_VERTICES} "))),
        "row {MAX_VERTICES} of the table:\n{text}"
    );

    // The QR code (page 1) carries the signed outline: it decodes and verifies offline. The
    // Lampiran's map (page 2) shows the outline: red strokes spanning the circle, not a pin.
    let work = tempfile::tempdir().unwrap();
    let prefix = work.path().join("img");
    assert!(
        std::process::Command::new("pdfimages")
            .arg("-png")
            .arg(&path)
            .arg(&prefix)
            .status()
            .unwrap()
            .success()
    );
    let map = image::open(work.path().join("img-001.png"))
        .unwrap()
        .to_rgb8();
    let red: Vec<(u32, u32)> = map
        .enumerate_pixels()
        .filter(|(_, _, p)| p[0] > 180 && p[1] < 80 && p[2] < 80)
        .map(|(x, y, _)| (x, y))
        .collect();
    let span = |f: fn(&(u32, u32)) -> u32| {
        red.iter().map(f).max().unwrap() - red.iter().map(f).min().unwrap()
    };
    assert!(
        span(|p| p.0) > 60 && span(|p| p.1) > 60,
        "an outline, not a pin: {} × {} px of red",
        span(|p| p.0),
        span(|p| p.1)
    );
    assert_eq!(map.dimensions(), (900, 500), "the map preview");
    let qr = image::open(work.path().join("img-000.png"))
        .unwrap()
        .to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(qr);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the permit");
    let payload = grids[0].decode().unwrap().1;
    let v = eptsp_desktop::office::verify_qr_text(&payload);
    assert!(v.valid, "{}", v.message);
    assert_eq!(v.izin.unwrap().content.poligon, izin.content.poligon);
}
