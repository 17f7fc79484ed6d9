//! Raster map tiles: the Web Mercator tile grid, PMTiles packs on disk (the shipped
//! Kalimantan Timur pack and any finer pack an administrator imports), and an online XYZ tile
//! server whose tiles are kept on disk so that what was seen online is there offline.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::coords::LatLng;

mod pack;
mod xyz;

pub use pack::{PackInfo, TilePack, write_pack};
pub use xyz::{Xyz, XyzConfig};

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

#[cfg(test)]
mod tests;
