//! Offline maps on the desktop: the permit site picked in the picker window (its own process,
//! `eptsp-map-picker`), checked against the Kab/Kota of the form, and drawn as a static preview
//! for the wizard, the verifier and the printed izin. Tiles come from the shipped Kalimantan
//! Timur pack, packs an administrator imported, and an optional XYZ server whose tiles are
//! kept in `tile-cache/` for offline use.
mod packs;
mod pick;

use std::path::{Path, PathBuf};

use eptsp_core::dossier::{Lokasi, Titik};
use eptsp_map::atlas::{self, Atlas};
use eptsp_map::preview::Shape;
use eptsp_map::tiles::PackError;
use eptsp_map::{LatLng, coords};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::backend::{Backend, CmdResult};
use crate::error::CommandError;

const XYZ_URL: &str = "map_xyz_url";

const XYZ_ATTRIBUTION: &str = "map_xyz_attribution";

/// Imported packs larger than this are refused (a whole-province z16 pack is far smaller).
pub const MAX_PACK_BYTES: usize = 2 * 1024 * 1024 * 1024;

/// The online tile server, when one is configured.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MapSettings {
    /// e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png`; None: offline tiles only.
    pub xyz_url: Option<String>,
    pub attribution: String,
}

/// A tile pack on this computer.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PackView {
    pub file: String,
    pub name: String,
    pub attribution: String,
    pub min_zoom: u8,
    pub max_zoom: u8,
    pub bounds: Vec<f64>,
    pub format: String,
    #[ts(type = "number")]
    pub tiles: u64,
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// The pack that ships with the app (cannot be removed).
    pub shipped: bool,
}

/// What the checks say about the site in the form.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LocationCheck {
    pub ok: bool,
    /// Where the site is ("Kec. Samarinda Ulu, Kota Samarinda"), or why it is refused.
    pub message: String,
    pub warning: Option<String>,
    /// "12.345 m² (1,23 ha)" for a polygon.
    pub area: Option<String>,
    pub area_m2: Option<f64>,
    /// The coordinates in degrees-minutes-seconds, for reading back.
    pub dms: Option<String>,
}

/// A static map image of the site.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MapPreview {
    /// `data:image/png;base64,…`
    pub data_url: String,
    pub zoom: u8,
    pub attribution: String,
}

/// The picker's answer, in the form's terms.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PickAnswer {
    /// "point", "polygon" or "cancelled".
    pub result: String,
    pub lintang: String,
    pub bujur: String,
    pub poligon: Vec<Titik>,
    pub location: String,
    pub warning: Option<String>,
}

use eptsp_map::site::vertices;
pub use eptsp_map::site::{location_errors, point_of};

/// The checks, for the form to show as the user types or after picking.
pub fn check_location(l: &Lokasi) -> LocationCheck {
    let refused = |message: String| LocationCheck {
        ok: false,
        message,
        warning: None,
        area: None,
        area_m2: None,
        dms: None,
    };
    let Some(typed) = point_of(l) else {
        return refused("Koordinat harus berupa angka desimal".into());
    };
    let p = match coords::checked(typed.lat, typed.lng) {
        Ok(p) => p,
        Err(e) => return refused(e.to_string()),
    };
    if l.kabupaten.is_empty() {
        return LocationCheck {
            dms: Some(p.display_dms()),
            ..refused("Pilih Kab/Kota lokasi izin terlebih dahulu.".into())
        };
    }
    let atlas = Atlas::kaltim();
    let (checked, area) = if l.poligon.is_empty() {
        match atlas.check_point(&l.kabupaten, p) {
            Ok(c) => (c, None),
            Err(e) => return refused(e.to_string()),
        }
    } else {
        match atlas
            .check_point(&l.kabupaten, p)
            .and_then(|_| atlas.check_polygon(&l.kabupaten, &vertices(l)))
        {
            Ok((c, a)) => (c, Some(a)),
            Err(e) => return refused(e.to_string()),
        }
    };
    // The kecamatan chosen in the form against the one the point is in: a hint, not a refusal
    // (the atlas's kecamatan outlines are coarse, and newer kecamatan are missing from it).
    let kecamatan_hint = match (&checked.location.district_code, &checked.location.district) {
        (Some(code), Some(name)) if !l.kecamatan.is_empty() && *code != l.kecamatan => {
            Some(format!(
                "Titik berada di Kec. {name}, sedangkan formulir menyebut kecamatan lain{}. Periksa kembali Kecamatan atau titiknya.",
                atlas
                    .districts
                    .iter()
                    .find(|d| d.code == l.kecamatan)
                    .map(|d| format!(" (Kec. {})", d.name))
                    .unwrap_or_default()
            ))
        }
        _ => None,
    };
    let warning = match (checked.warning, kecamatan_hint) {
        (Some(a), Some(b)) => Some(format!("{a} {b}")),
        (a, b) => a.or(b),
    };
    LocationCheck {
        ok: true,
        message: checked.location.describe(),
        warning,
        area: area.map(atlas::format_area),
        area_m2: area,
        dms: Some(p.display_dms()),
    }
}

fn shape_of(l: &Lokasi) -> Option<Shape> {
    if l.poligon.len() >= 3 {
        return Some(Shape::Polygon {
            vertices: vertices(l),
        });
    }
    let at = point_of(l)?;
    coords::checked(at.lat, at.lng).ok()?;
    Some(Shape::Point { at })
}

/// Where the picker binary is: beside this program (a Tauri sidecar is installed there), or
/// `EPTSP_MAP_PICKER`.
pub fn picker_binary() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("EPTSP_MAP_PICKER")
        && !p.is_empty()
    {
        return Some(PathBuf::from(p));
    }
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?;
    let name = format!("eptsp-map-picker{}", std::env::consts::EXE_SUFFIX);
    // Test binaries live one folder deeper (target/debug/deps).
    [dir.join(&name), dir.join("..").join(&name)]
        .into_iter()
        .find(|p| p.is_file())
}

static RESOURCE_DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Tells where the installed app's resources are (Tauri's resource folder).
pub fn set_resource_dir(dir: PathBuf) {
    let _ = RESOURCE_DIR.set(dir);
}

/// The pack shipped with the app: in the installed app's resources (`tauri.bundle.conf.json`),
/// beside the program, or in the source tree (development and tests). Looked for once, on
/// first use (after the app has set its resource folder).
pub fn shipped_pack() -> Option<&'static Path> {
    static SHIPPED: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    SHIPPED.get_or_init(find_shipped_pack).as_deref()
}

fn find_shipped_pack() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Ok(p) = std::env::var("EPTSP_MAP_PACK") {
        candidates.push(PathBuf::from(p));
    }
    if let Some(dir) = RESOURCE_DIR.get() {
        candidates.push(dir.join("maps/kaltim.pmtiles"));
    }
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_owned))
    {
        candidates.push(dir.join("maps/kaltim.pmtiles"));
    }
    // The source tree, for a program run from cargo's target folder (`cargo run`, the
    // tests); an installed app has only its resources, which scripts/package.sh checks by
    // running the app unpacked from its package.
    if std::env::current_exe().is_ok_and(|e| in_cargo_target(&e)) {
        candidates.push(PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/map/data/kaltim.pmtiles"
        )));
    }
    candidates.into_iter().find(|p| p.is_file())
}

/// Whether `exe` was built into a cargo target folder (`target/debug/x`,
/// `target/debug/deps/x`, `target/<triple>/release/x`): its profile folder holds cargo's
/// `.fingerprint` folder. (CACHEDIR.TAG is not enough: cargo writes it only when it makes
/// `target/` itself.)
fn in_cargo_target(exe: &Path) -> bool {
    exe.ancestors()
        .skip(1)
        .take(2)
        .any(|d| d.join(".fingerprint").is_dir())
}

fn pack_error(e: PackError) -> CommandError {
    CommandError::new("map_pack", e.to_string())
}

impl Backend {}

/// Reads an MBTiles file's raster tiles (TMS rows flipped to XYZ) into a PMTiles pack.
async fn mbtiles_to_pmtiles(from: &Path, to: &Path, stem: &str) -> CmdResult<()> {
    use sqlx::Row;
    let not_a_pack = || CommandError::new("map_pack", PackError::NotAPack.to_string());
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(from)
        .read_only(true);
    let pool = sqlx::SqlitePool::connect_with(options)
        .await
        .map_err(|_| not_a_pack())?;
    let meta: Vec<(String, String)> = sqlx::query_as("SELECT name, value FROM metadata")
        .fetch_all(&pool)
        .await
        .map_err(|_| not_a_pack())?;
    let get = |k: &str| {
        meta.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    if get("format") == "pbf" {
        return Err(CommandError::new("map_pack", PackError::Vector.to_string()));
    }
    let rows = sqlx::query("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles")
        .fetch_all(&pool)
        .await
        .map_err(|_| not_a_pack())?;
    pool.close().await;
    let mut tiles = Vec::with_capacity(rows.len());
    for row in rows {
        let z: i64 = row.try_get(0).map_err(|_| not_a_pack())?;
        let x: i64 = row.try_get(1).map_err(|_| not_a_pack())?;
        let tms_y: i64 = row.try_get(2).map_err(|_| not_a_pack())?;
        let data: Vec<u8> = row.try_get(3).map_err(|_| not_a_pack())?;
        if !(0..=24).contains(&z) {
            continue;
        }
        let y = (1i64 << z) - 1 - tms_y;
        tiles.push((
            eptsp_map::tiles::TileId::new(z as u8, x as u32, y as u32),
            data,
        ));
    }
    let name = match get("name") {
        n if n.is_empty() => stem.to_string(),
        n => n,
    };
    let attribution = get("attribution");
    let to = to.to_owned();
    tokio::task::spawn_blocking(move || {
        eptsp_map::tiles::write_pack(&to, &name, &attribution, tiles)
    })
    .await
    .map_err(|e| CommandError::new("internal", e.to_string()))?
    .map_err(pack_error)?;
    Ok(())
}

fn picker_unavailable() -> CommandError {
    CommandError::new(
        "map_unavailable",
        "Jendela peta tidak tersedia di komputer ini. Isi Koordinat Lintang dan Bujur secara manual.",
    )
}

/// A point inside the polygon (its interior point), for the form's single coordinate.
fn centroid(vertices: &[LatLng]) -> LatLng {
    use geo::InteriorPoint;
    atlas::polygon_of(vertices)
        .ok()
        .and_then(|p| p.interior_point())
        .map_or(vertices[0], |p| LatLng::new(p.y(), p.x()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_program_in_a_cargo_target_folder_counts_as_a_development_build() {
        let dir = tempfile::tempdir().unwrap();
        let profile = dir.path().join("target/debug");
        std::fs::create_dir_all(profile.join(".fingerprint")).unwrap();
        std::fs::create_dir_all(profile.join("deps")).unwrap();
        assert!(in_cargo_target(&profile.join("eptsp-desktop")));
        assert!(in_cargo_target(&profile.join("deps/map_story-0123")));
        // An app installed (or unpacked) from its package.
        let installed = dir.path().join("usr/bin");
        std::fs::create_dir_all(&installed).unwrap();
        assert!(!in_cargo_target(&installed.join("eptsp-desktop")));
    }
}
