//! Map packs and map settings: the packs installed for this device (imported, removed, checked), and the online XYZ source.

use crate::backend::{Backend, CmdResult};
use crate::error::CommandError;
use crate::store;
use eptsp_core::role::Role;
use eptsp_map::tiles::{Sources, TilePack, XyzConfig};
use std::path::{Path, PathBuf};

use super::*;

impl Backend {
    /// A folder of the device's, beside its store (shared by every account).
    pub(super) fn data_path(&self, name: &str) -> PathBuf {
        self.data_dir().join(name)
    }

    pub(super) fn maps_dir(&self) -> PathBuf {
        self.data_path("maps")
    }

    pub async fn map_settings(&self) -> CmdResult<MapSettings> {
        Ok(MapSettings {
            xyz_url: store::settings::get(&self.device, XYZ_URL)
                .await?
                .filter(|u| !u.is_empty()),
            attribution: store::settings::get(&self.device, XYZ_ATTRIBUTION)
                .await?
                .unwrap_or_default(),
        })
    }

    /// Sets (or, with an empty URL, clears) the online tile server.
    pub async fn map_set_settings(&self, settings: MapSettings) -> CmdResult<MapSettings> {
        let url = settings.xyz_url.unwrap_or_default().trim().to_string();
        if !url.is_empty() {
            XyzConfig::check_template(&url).map_err(|e| {
                let mut c = pack_error(e);
                c.field = Some("xyz_url".into());
                c
            })?;
        }
        store::settings::set(&self.device, XYZ_URL, &url).await?;
        store::settings::set(&self.device, XYZ_ATTRIBUTION, settings.attribution.trim()).await?;
        self.map_settings().await
    }

    /// The packs that open, finest first: imported ones (deepest zoom first), then the shipped one.
    pub(super) async fn open_packs(&self) -> Vec<TilePack> {
        let mut imported = Vec::new();
        if let Ok(mut dir) = tokio::fs::read_dir(self.maps_dir()).await {
            while let Ok(Some(entry)) = dir.next_entry().await {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "pmtiles")
                    && let Ok(pack) = TilePack::open(&path).await
                {
                    imported.push(pack);
                }
            }
        }
        imported.sort_by(|a, b| {
            b.info
                .max_zoom
                .cmp(&a.info.max_zoom)
                .then(a.path.cmp(&b.path))
        });
        if let Some(path) = shipped_pack()
            && let Ok(pack) = TilePack::open(path).await
        {
            imported.push(pack);
        }
        imported
    }

    /// Where tiles come from now: the XYZ server (online) or its cache (offline), then the
    /// imported packs (finest first), then the shipped pack.
    pub async fn map_sources(&self) -> CmdResult<Sources> {
        let settings = self.map_settings().await?;
        let packs = self
            .open_packs()
            .await
            .into_iter()
            .map(|p| p.path)
            .collect();
        let xyz = settings.xyz_url.map(|url| XyzConfig {
            url,
            cache_dir: self.data_path("tile-cache"),
            online: self.is_online(),
            attribution: if settings.attribution.is_empty() {
                "Ubin peta daring".into()
            } else {
                settings.attribution
            },
        });
        Ok(Sources { packs, xyz })
    }

    pub async fn map_packs(&self) -> CmdResult<Vec<PackView>> {
        let shipped = shipped_pack();
        let mut views = Vec::new();
        for pack in self.open_packs().await {
            let size_bytes = tokio::fs::metadata(&pack.path).await.map_or(0, |m| m.len());
            views.push(PackView {
                file: pack
                    .path
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                shipped: shipped == Some(pack.path.as_path()),
                name: pack.info.name,
                attribution: pack.info.attribution,
                min_zoom: pack.info.min_zoom,
                max_zoom: pack.info.max_zoom,
                bounds: pack.info.bounds.to_vec(),
                format: pack.info.format,
                tiles: pack.info.tiles,
                size_bytes,
            });
        }
        Ok(views)
    }

    pub(super) async fn require_admin(&self) -> CmdResult<()> {
        // The role the server gave this session, never the stored profile's.
        if self.account()?.role() != Role::Admin {
            return Err(CommandError::new(
                "forbidden",
                "Hanya administrator yang dapat mengelola paket peta.",
            ));
        }
        Ok(())
    }

    /// Imports a PMTiles pack of raster tiles (administrators). The file is checked before it
    /// replaces anything: a pack that cannot be read is refused with the reason.
    pub async fn map_import_pack(&self, original_name: &str, bytes: &[u8]) -> CmdResult<PackView> {
        self.require_admin().await?;
        if bytes.len() > MAX_PACK_BYTES {
            return Err(CommandError::new(
                "too_large",
                "Paket peta lebih dari 2 GB: pecah per kabupaten/kota.",
            ));
        }
        let dir = self.maps_dir();
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(|e| CommandError::new("io", format!("Folder peta tidak dapat dibuat: {e}")))?;
        let stem: String = Path::new(original_name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let stem = if stem.trim_matches('-').is_empty() {
            "peta".to_string()
        } else {
            stem
        };
        let partial = dir.join(format!(".{stem}.part"));
        tokio::fs::write(&partial, bytes).await.map_err(|e| {
            CommandError::new("io", format!("Paket peta tidak dapat disimpan: {e}"))
        })?;
        // An MBTiles file (SQLite, as ODK Collect uses) is converted to PMTiles first.
        if bytes.starts_with(b"SQLite format 3\0") {
            let converted = dir.join(format!(".{stem}.converted"));
            let result = mbtiles_to_pmtiles(&partial, &converted, &stem).await;
            let _ = tokio::fs::remove_file(&partial).await;
            result?;
            tokio::fs::rename(&converted, &partial)
                .await
                .map_err(|e| CommandError::new("io", e.to_string()))?;
        }
        let pack = match TilePack::open(&partial).await {
            Ok(p) => p,
            Err(e) => {
                let _ = tokio::fs::remove_file(&partial).await;
                return Err(pack_error(e));
            }
        };
        drop(pack);
        let target = dir.join(format!("{stem}.pmtiles"));
        tokio::fs::rename(&partial, &target).await.map_err(|e| {
            CommandError::new("io", format!("Paket peta tidak dapat disimpan: {e}"))
        })?;
        let file = target.file_name().map(|f| f.to_string_lossy().into_owned());
        self.map_packs()
            .await?
            .into_iter()
            .find(|p| Some(&p.file) == file.as_ref())
            .ok_or_else(|| CommandError::new("io", "Paket peta hilang setelah disimpan."))
    }

    pub async fn map_remove_pack(&self, file: &str) -> CmdResult<()> {
        self.require_admin().await?;
        if file.contains(['/', '\\']) || !file.ends_with(".pmtiles") {
            return Err(CommandError::new(
                "not_found",
                "Paket peta tidak ditemukan.",
            ));
        }
        tokio::fs::remove_file(self.maps_dir().join(file))
            .await
            .map_err(|_| CommandError::new("not_found", "Paket peta tidak ditemukan."))
    }
}
