//! Tests of the tile grid, the shipped pack, refused packs and the XYZ cache.

use std::path::{Path, PathBuf};

use pmtiles::{TileCoord, TileType};

use super::*;

#[test]
fn projection_round_trips() {
    for &(lat, lng) in &[(-0.5021061, 117.1537092), (2.1, 114.0), (-2.5, 119.0)] {
        for zoom in [5.0, 12.0, 17.5] {
            let (x, y) = project(LatLng::new(lat, lng), zoom);
            let back = unproject(x, y, zoom);
            assert!((back.lat - lat).abs() < 1e-9 && (back.lng - lng).abs() < 1e-9);
        }
    }
    // The equator at zoom 0 is the middle of the only tile.
    let (x, y) = project(LatLng::new(0.0, 0.0), 0.0);
    assert_eq!((x, y), (128.0, 128.0));
    assert!((metres_per_pixel(0.0, 0.0) - 156_543.03).abs() < 0.01);
}

#[test]
fn templates_are_checked() {
    assert!(XyzConfig::check_template("https://tile.openstreetmap.org/{z}/{x}/{y}.png").is_ok());
    assert_eq!(
        XyzConfig::check_template("tile.osm.org/{z}/{x}/{y}.png"),
        Err(PackError::BadTemplate)
    );
    assert_eq!(
        XyzConfig::check_template("https://t.example/{z}/{x}.png"),
        Err(PackError::BadTemplate)
    );
}

pub(crate) fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/kaltim.pmtiles")
}

#[tokio::test]
async fn the_shipped_pack_has_kalimantan_timur_down_to_zoom_12() {
    let pack = TilePack::open(&shipped()).await.unwrap();
    assert_eq!((pack.info.min_zoom, pack.info.max_zoom), (5, 12));
    assert_eq!(pack.info.format, "png");
    assert!(pack.info.attribution.contains("GADM"), "{:?}", pack.info);
    let [w, s, e, n] = pack.info.bounds;
    assert!(
        w < 114.0 && e > 119.0 && s < -2.3 && n > 2.5,
        "{:?}",
        pack.info.bounds
    );
    // Samarinda at zoom 12: land, with the city's name somewhere around.
    let (x, y) = project(LatLng::new(-0.5020, 117.1530), 12.0);
    let id = TileId::new(12, (x / TILE) as u32, (y / TILE) as u32);
    let png = pack.tile(id).await.expect("the tile");
    let img = image::load_from_memory(&png).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (256, 256));
    let px = img.get_pixel((x % TILE) as u32, (y % TILE) as u32);
    assert_ne!(px.0, [0xaa, 0xd3, 0xdf], "Samarinda is not sea");
    if let Ok(dir) = std::env::var("EPTSP_MAP_SHOTS") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/tile-12-samarinda.png"), &png).unwrap();
    }
    // Out of the pack's range: nothing, not an error.
    assert!(pack.tile(TileId::new(13, 0, 0)).await.is_none());
    assert!(pack.tile(TileId::new(12, 0, 0)).await.is_none());
}

#[tokio::test]
async fn what_is_not_a_raster_pack_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("peta.pmtiles");
    std::fs::write(&text, "bukan peta").unwrap();
    assert_eq!(TilePack::open(&text).await.err(), Some(PackError::NotAPack));
    let missing = TilePack::open(&dir.path().join("tidak-ada.pmtiles"))
        .await
        .err()
        .unwrap();
    assert!(matches!(missing, PackError::Io(_)), "{missing:?}");
    // A vector pack: header of a real PMTiles file whose tiles are MVT.
    let vector = dir.path().join("vektor.pmtiles");
    let mut w = pmtiles::PmTilesWriter::new(TileType::Mvt)
        .create(std::fs::File::create(&vector).unwrap())
        .unwrap();
    w.add_tile(TileCoord::new(0, 0, 0).unwrap(), b"\x1a\x00")
        .unwrap();
    w.finalize().unwrap();
    assert_eq!(TilePack::open(&vector).await.err(), Some(PackError::Vector));
    assert!(PackError::Vector.to_string().contains("raster"));
}

#[tokio::test]
async fn xyz_tiles_seen_online_are_there_offline() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let png =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../icons/32x32.png")).unwrap();
    let served = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = served.clone();
    let body = png.clone();
    tokio::spawn(async move {
        loop {
            let (mut sock, _) = listener.accept().await.unwrap();
            let mut buf = vec![0u8; 4096];
            let n = sock.read(&mut buf).await.unwrap();
            let request = String::from_utf8_lossy(&buf[..n]).to_string();
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let (status, body) = if request.starts_with("GET /7/104/63.png") {
                ("200 OK", body.clone())
            } else {
                ("404 Not Found", Vec::new())
            };
            let head = format!(
                "HTTP/1.1 {status}\r\ncontent-type: image/png\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            sock.write_all(head.as_bytes()).await.unwrap();
            sock.write_all(&body).await.unwrap();
        }
    });
    let cache = tempfile::tempdir().unwrap();
    let config = XyzConfig {
        url: format!("http://{addr}/{{z}}/{{x}}/{{y}}.png"),
        cache_dir: cache.path().to_owned(),
        online: true,
        attribution: "uji".into(),
    };
    let online = Xyz::new(config.clone()).unwrap();
    let id = TileId::new(7, 104, 63);
    assert_eq!(online.tile(id).await.as_deref(), Some(&png[..]));
    assert!(
        online.tile(TileId::new(7, 1, 1)).await.is_none(),
        "404 is no tile"
    );
    assert_eq!(served.load(std::sync::atomic::Ordering::SeqCst), 2);
    assert_eq!(std::fs::read(online.cached_path(id)).unwrap(), png);

    let offline = Xyz::new(XyzConfig {
        online: false,
        ..config
    })
    .unwrap();
    assert_eq!(offline.tile(id).await.as_deref(), Some(&png[..]));
    assert!(offline.tile(TileId::new(7, 1, 1)).await.is_none());
    assert_eq!(
        served.load(std::sync::atomic::Ordering::SeqCst),
        2,
        "offline asks no server"
    );
}
