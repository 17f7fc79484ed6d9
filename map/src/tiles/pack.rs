//! PMTiles packs of raster tiles on disk: opening one (and saying why it cannot be used),
//! reading its tiles, and writing a new pack from imported tiles.

use std::path::{Path, PathBuf};

use pmtiles::{AsyncPmTilesReader, HashMapCache, MmapBackend, TileCoord, TileType};
use serde::{Deserialize, Serialize};

use super::{PackError, TILE, TileId, unproject};

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
        let tiles = header.n_addressed_tiles().map_or(0, std::num::NonZero::get);
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
        TileCoord::new(id.z, id.x, id.y).map_or(u64::MAX, |c| pmtiles::TileId::from(c).value())
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
