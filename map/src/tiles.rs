//! Raster map tiles: the Web Mercator tile grid, PMTiles packs on disk (the shipped
//! Kalimantan Timur pack and any finer pack an administrator imports), and an online XYZ tile
//! server whose tiles are kept on disk so that what was seen online is there offline.

use std::path::{Path, PathBuf};
use std::time::Duration;

use pmtiles::{AsyncPmTilesReader, HashMapCache, MmapBackend, TileCoord, TileType};
use serde::{Deserialize, Serialize};

use crate::coords::LatLng;

/// Pixels per tile side, as the grid is defined.
pub const TILE: f64 = 256.0;

/// One tile of the Web Mercator grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TileId {
    pub z: u8,
    pub x: u32,
    pub y: u32,
}

impl TileId {
    pub fn new(z: u8, x: u32, y: u32) -> Self {
        Self { z, x, y }
    }

    pub fn parent(self) -> Option<TileId> {
        (self.z > 0).then(|| TileId::new(self.z - 1, self.x / 2, self.y / 2))
    }

    pub fn valid(self) -> bool {
        self.z <= 24 && self.x < (1 << self.z) && self.y < (1 << self.z)
    }
}

/// World pixel coordinates of `p` at `zoom` (256 px tiles).
pub fn project(p: LatLng, zoom: f64) -> (f64, f64) {
    let size = TILE * 2f64.powf(zoom);
    let lat = p.lat.clamp(-85.051_128_78, 85.051_128_78).to_radians();
    let x = (p.lng + 180.0) / 360.0 * size;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * size;
    (x, y)
}

/// The inverse of [`project`].
pub fn unproject(x: f64, y: f64, zoom: f64) -> LatLng {
    let size = TILE * 2f64.powf(zoom);
    let lng = x / size * 360.0 - 180.0;
    let n = std::f64::consts::PI * (1.0 - 2.0 * y / size);
    LatLng::new(n.sinh().atan().to_degrees(), lng)
}

/// Ground metres covered by one pixel at `lat` and `zoom`.
pub fn metres_per_pixel(lat: f64, zoom: f64) -> f64 {
    40_075_016.686 * lat.to_radians().cos() / (TILE * 2f64.powf(zoom))
}

/// Why a tile pack cannot be used; the text is shown to the user.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PackError {
    #[error("Berkas paket peta tidak dapat dibaca: {0}")]
    Io(String),
    #[error("Berkas ini bukan paket peta PMTiles atau MBTiles yang sah.")]
    NotAPack,
    #[error(
        "Paket peta ini berisi data vektor; yang dapat dipakai hanya paket raster (gambar PNG atau JPEG)."
    )]
    Vector,
    #[error("Paket peta ini tidak berisi satu pun ubin peta.")]
    Empty,
    #[error(
        "Alamat server ubin harus diawali http:// atau https:// dan memuat {{z}}, {{x}} dan {{y}}."
    )]
    BadTemplate,
}

/// What a pack holds, read from its header and metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackInfo {
    pub name: String,
    pub attribution: String,
    pub min_zoom: u8,
    pub max_zoom: u8,
    /// West, south, east, north.
    pub bounds: [f64; 4],
    /// "png" or "jpeg".
    pub format: String,
    pub tiles: u64,
}

/// A PMTiles file of raster tiles.
pub struct TilePack {
    pub path: PathBuf,
    pub info: PackInfo,
    reader: AsyncPmTilesReader<MmapBackend, HashMapCache>,
}

impl TilePack {
    pub async fn open(path: &Path) -> Result<TilePack, PackError> {
        let mut head = [0u8; 7];
        {
            use std::io::Read;
            let mut f = std::fs::File::open(path).map_err(|e| PackError::Io(e.to_string()))?;
            f.read_exact(&mut head).map_err(|_| PackError::NotAPack)?;
        }
        if &head != b"PMTiles" {
            return Err(PackError::NotAPack);
        }
        let reader = AsyncPmTilesReader::new_with_cached_path(HashMapCache::default(), path)
            .await
            .map_err(|_| PackError::NotAPack)?;
        let header = reader.get_header();
        let format = match header.tile_type {
            TileType::Png => "png",
            TileType::Jpeg => "jpeg",
            TileType::Mvt => return Err(PackError::Vector),
            _ => return Err(PackError::NotAPack),
        };
        let tiles = header.n_addressed_tiles().map_or(0, |n| n.get());
        if tiles == 0 {
            return Err(PackError::Empty);
        }
        let meta: serde_json::Value = reader
            .get_metadata()
            .await
            .ok()
            .and_then(|m| serde_json::from_str(&m).ok())
            .unwrap_or_default();
        let text = |k: &str| {
            meta.get(k)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let name = match text("name") {
            n if n.is_empty() => path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            n => n,
        };
        let info = PackInfo {
            name,
            attribution: text("attribution"),
            min_zoom: header.min_zoom,
            max_zoom: header.max_zoom,
            bounds: [
                header.min_longitude,
                header.min_latitude,
                header.max_longitude,
                header.max_latitude,
            ],
            format: format.into(),
            tiles,
        };
        Ok(TilePack {
            path: path.to_owned(),
            info,
            reader,
        })
    }

    /// The tile's image bytes, if the pack has it.
    pub async fn tile(&self, id: TileId) -> Option<Vec<u8>> {
        if id.z < self.info.min_zoom || id.z > self.info.max_zoom {
            return None;
        }
        let coord = TileCoord::new(id.z, id.x, id.y).ok()?;
        let bytes = self.reader.get_tile_decompressed(coord).await.ok()??;
        Some(bytes.to_vec())
    }
}

/// An online XYZ tile server, e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct XyzConfig {
    pub url: String,
    /// Where the tiles seen are kept, one file per tile.
    pub cache_dir: PathBuf,
    /// Whether to ask the server; offline, only the cache is read.
    pub online: bool,
    pub attribution: String,
}

impl XyzConfig {
    /// Checks the URL template.
    pub fn check_template(url: &str) -> Result<(), PackError> {
        let ok = (url.starts_with("https://") || url.starts_with("http://"))
            && ["{z}", "{x}", "{y}"].iter().all(|k| url.contains(k));
        if ok {
            Ok(())
        } else {
            Err(PackError::BadTemplate)
        }
    }
}

/// The XYZ server with its disk cache.
pub struct Xyz {
    pub config: XyzConfig,
    client: reqwest::Client,
}

impl Xyz {
    pub fn new(config: XyzConfig) -> Result<Xyz, PackError> {
        XyzConfig::check_template(&config.url)?;
        let client = reqwest::Client::builder()
            .user_agent(concat!("E-PTSP-Desktop/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(15))
            .build()
            .map_err(|e| PackError::Io(e.to_string()))?;
        Ok(Xyz { config, client })
    }

    pub fn cached_path(&self, id: TileId) -> PathBuf {
        self.config
            .cache_dir
            .join(format!("{}/{}/{}.tile", id.z, id.x, id.y))
    }

    pub fn url(&self, id: TileId) -> String {
        self.config
            .url
            .replace("{z}", &id.z.to_string())
            .replace("{x}", &id.x.to_string())
            .replace("{y}", &id.y.to_string())
    }

    /// From the cache; else, online, from the server (and then kept in the cache).
    pub async fn tile(&self, id: TileId) -> Option<Vec<u8>> {
        let path = self.cached_path(id);
        if let Ok(bytes) = tokio::fs::read(&path).await {
            return Some(bytes);
        }
        if !self.config.online {
            return None;
        }
        let response = self.client.get(self.url(id)).send().await.ok()?;
        if !response.status().is_success() {
            return None;
        }
        let bytes = response.bytes().await.ok()?.to_vec();
        // Keep only what is an image: a captive portal's HTML page is not a tile.
        image::guess_format(&bytes).ok()?;
        let dir = path.parent()?;
        tokio::fs::create_dir_all(dir).await.ok()?;
        let partial = path.with_extension("part");
        if tokio::fs::write(&partial, &bytes).await.is_ok() {
            let _ = tokio::fs::rename(&partial, &path).await;
        }
        Some(bytes)
    }
}

/// Where the map's tiles come from, as the desktop app tells the picker.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sources {
    /// Packs, finest first: imported packs, then the shipped one.
    pub packs: Vec<PathBuf>,
    pub xyz: Option<XyzConfig>,
}

/// Every source at once: the XYZ cache/server first, then the packs in order.
pub struct TileSource {
    pub packs: Vec<TilePack>,
    pub xyz: Option<Xyz>,
}

impl TileSource {
    /// Opens what can be opened; the messages say what could not.
    pub async fn open(sources: &Sources) -> (TileSource, Vec<String>) {
        let mut problems = Vec::new();
        let mut packs = Vec::new();
        for path in &sources.packs {
            match TilePack::open(path).await {
                Ok(pack) => packs.push(pack),
                Err(e) => problems.push(format!("{}: {e}", path.display())),
            }
        }
        let xyz = match sources.xyz.clone().map(Xyz::new) {
            Some(Ok(xyz)) => Some(xyz),
            Some(Err(e)) => {
                problems.push(e.to_string());
                None
            }
            None => None,
        };
        (TileSource { packs, xyz }, problems)
    }

    pub async fn tile(&self, id: TileId) -> Option<Vec<u8>> {
        if !id.valid() {
            return None;
        }
        if let Some(xyz) = &self.xyz
            && let Some(bytes) = xyz.tile(id).await
        {
            return Some(bytes);
        }
        for pack in &self.packs {
            if let Some(bytes) = pack.tile(id).await {
                return Some(bytes);
            }
        }
        None
    }

    /// The deepest zoom any source has.
    pub fn max_zoom(&self) -> u8 {
        let packs = self
            .packs
            .iter()
            .map(|p| p.info.max_zoom)
            .max()
            .unwrap_or(0);
        if self.xyz.is_some() {
            packs.max(19)
        } else {
            packs
        }
    }

    /// Credits to print under the map.
    pub fn attribution(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(xyz) = &self.xyz
            && !xyz.config.attribution.is_empty()
        {
            parts.push(xyz.config.attribution.clone());
        }
        for p in &self.packs {
            if !p.info.attribution.is_empty() && !parts.contains(&p.info.attribution) {
                parts.push(p.info.attribution.clone());
            }
        }
        parts.join("; ")
    }
}

/// Writes raster tiles (PNG or JPEG, as their bytes say) into a new PMTiles pack, e.g. when
/// an MBTiles file is imported. The tiles may come in any order.
pub fn write_pack(
    path: &Path,
    name: &str,
    attribution: &str,
    mut tiles: Vec<(TileId, Vec<u8>)>,
) -> Result<PackInfo, PackError> {
    let first = tiles.first().ok_or(PackError::Empty)?;
    let tile_type = match image::guess_format(&first.1) {
        Ok(image::ImageFormat::Png) => TileType::Png,
        Ok(image::ImageFormat::Jpeg) => TileType::Jpeg,
        _ => return Err(PackError::Vector),
    };
    tiles.retain(|(id, _)| id.valid());
    tiles.sort_by_key(|(id, _)| {
        TileCoord::new(id.z, id.x, id.y)
            .map(|c| pmtiles::TileId::from(c).value())
            .unwrap_or(u64::MAX)
    });
    let (min_zoom, max_zoom) = tiles.iter().fold((u8::MAX, 0), |(lo, hi), (id, _)| {
        (lo.min(id.z), hi.max(id.z))
    });
    // Bounds from the tiles of the deepest zoom.
    let z = max_zoom as f64;
    let (mut west, mut south, mut east, mut north) = (180.0f64, 90.0f64, -180.0f64, -90.0f64);
    for (id, _) in tiles.iter().filter(|(id, _)| id.z == max_zoom) {
        let nw = unproject(id.x as f64 * TILE, id.y as f64 * TILE, z);
        let se = unproject((id.x + 1) as f64 * TILE, (id.y + 1) as f64 * TILE, z);
        west = west.min(nw.lng);
        north = north.max(nw.lat);
        east = east.max(se.lng);
        south = south.min(se.lat);
    }
    let io = |e: std::io::Error| PackError::Io(e.to_string());
    let pmt = |e: pmtiles::PmtError| PackError::Io(e.to_string());
    let file = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    let metadata = serde_json::json!({ "name": name, "attribution": attribution }).to_string();
    let mut writer = pmtiles::PmTilesWriter::new(tile_type)
        .min_zoom(min_zoom)
        .max_zoom(max_zoom)
        .bounds(west, south, east, north)
        .center((west + east) / 2.0, (south + north) / 2.0)
        .center_zoom(min_zoom)
        .metadata(&metadata)
        .create(file)
        .map_err(pmt)?;
    for (id, bytes) in &tiles {
        writer
            .add_tile(TileCoord::new(id.z, id.x, id.y).map_err(pmt)?, bytes)
            .map_err(pmt)?;
    }
    writer.finalize().map_err(pmt)?;
    Ok(PackInfo {
        name: name.into(),
        attribution: attribution.into(),
        min_zoom,
        max_zoom,
        bounds: [west, south, east, north],
        format: if tile_type == TileType::Png {
            "png"
        } else {
            "jpeg"
        }
        .into(),
        tiles: tiles.len() as u64,
    })
}

#[cfg(test)]
mod tests {
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
        assert!(
            XyzConfig::check_template("https://tile.openstreetmap.org/{z}/{x}/{y}.png").is_ok()
        );
        assert_eq!(
            XyzConfig::check_template("tile.osm.org/{z}/{x}/{y}.png"),
            Err(PackError::BadTemplate)
        );
        assert_eq!(
            XyzConfig::check_template("https://t.example/{z}/{x}.png"),
            Err(PackError::BadTemplate)
        );
    }
}

#[cfg(test)]
mod pack_tests {
    use super::*;

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
        let png = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../icons/32x32.png"))
            .unwrap();
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
}
