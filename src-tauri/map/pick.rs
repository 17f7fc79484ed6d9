//! Picking the permit site in the picker window and previewing it: the check of the point or area against the atlas.

use crate::backend::{Backend, CmdResult};
use crate::error::CommandError;
use base64::Engine;
use eptsp_core::dossier::{Lokasi, Titik};
use eptsp_map::atlas::{self};
use eptsp_map::coords;
use eptsp_map::preview::{self};
use eptsp_map::protocol::{Mode, PickRequest, PickResult};
use eptsp_map::site::vertices;
use eptsp_map::tiles::TileSource;
use std::path::Path;
use std::time::Duration;

use super::*;

impl Backend {
    /// The site drawn on the map (PNG), or None when the form has no usable coordinates.
    pub async fn map_preview_png(
        &self,
        lokasi: &Lokasi,
        width: u32,
        height: u32,
    ) -> CmdResult<Option<(Vec<u8>, u8, String)>> {
        let Some(shape) = shape_of(lokasi) else {
            return Ok(None);
        };
        let sources = self.map_sources().await?;
        let (source, _) = TileSource::open(&sources).await;
        let p = preview::render(&source, &shape, width, height).await;
        Ok(Some((p.png, p.zoom, source.attribution())))
    }

    pub async fn map_preview(&self, lokasi: &Lokasi) -> CmdResult<Option<MapPreview>> {
        Ok(self
            .map_preview_png(lokasi, 640, 360)
            .await?
            .map(|(png, zoom, attribution)| MapPreview {
                data_url: format!(
                    "data:image/png;base64,{}",
                    base64::engine::general_purpose::STANDARD.encode(png)
                ),
                zoom,
                attribution,
            }))
    }

    /// Opens the picker window on the form's site and waits for the answer.
    pub async fn map_pick(&self, polygon: bool, lokasi: &Lokasi) -> CmdResult<PickAnswer> {
        let bin = picker_binary().ok_or_else(picker_unavailable)?;
        self.map_pick_with(&bin, &[], polygon, lokasi).await
    }

    /// [`Self::map_pick`] with this picker program and extra environment (tests).
    pub async fn map_pick_with(
        &self,
        bin: &Path,
        env: &[(&str, &str)],
        polygon: bool,
        lokasi: &Lokasi,
    ) -> CmdResult<PickAnswer> {
        let unavailable = picker_unavailable;
        if lokasi.kabupaten.is_empty() {
            let mut e = CommandError::new(
                "validation",
                "Pilih Kab/Kota lokasi izin terlebih dahulu, lalu buka peta.",
            );
            e.field = Some("lokasi.kabupaten".into());
            return Err(e);
        }
        let point = point_of(lokasi).filter(|p| coords::checked(p.lat, p.lng).is_ok());
        let request = PickRequest {
            mode: if polygon || !lokasi.poligon.is_empty() {
                Mode::Polygon
            } else {
                Mode::Point
            },
            regency_code: lokasi.kabupaten.clone(),
            point,
            polygon: vertices(lokasi),
            sources: self.map_sources().await?,
        };
        let file = tempfile::Builder::new()
            .prefix("eptsp-peta-")
            .suffix(".json")
            .tempfile()
            .map_err(|e| CommandError::new("io", e.to_string()))?;
        std::fs::write(
            file.path(),
            serde_json::to_vec(&request).unwrap_or_default(),
        )
        .map_err(|e| CommandError::new("io", e.to_string()))?;
        let child = tokio::process::Command::new(bin)
            .envs(env.iter().copied())
            .arg("--request")
            .arg(file.path())
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|_| unavailable())?;
        // A person may take a while; a day is the bound of a hung window.
        let output = tokio::time::timeout(Duration::from_secs(24 * 3600), child.wait_with_output())
            .await
            .map_err(|_| CommandError::new("map_timeout", "Jendela peta tidak menjawab."))?
            .map_err(|e| CommandError::new("io", e.to_string()))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let answer: Option<PickResult> = stdout
            .lines()
            .rev()
            .find_map(|l| serde_json::from_str(l).ok());
        let Some(answer) = answer else {
            tracing::warn!(stderr = %String::from_utf8_lossy(&output.stderr), "map picker gave no answer");
            return Err(CommandError::new(
                "map_failed",
                "Jendela peta tertutup tanpa jawaban. Data formulir tidak berubah; coba lagi atau isi koordinat secara manual.",
            ));
        };
        let fixed = |v: f64| format!("{v:.7}");
        Ok(match answer {
            PickResult::Point {
                at,
                location,
                warning,
            } => PickAnswer {
                result: "point".into(),
                lintang: fixed(at.lat),
                bujur: fixed(at.lng),
                poligon: Vec::new(),
                location,
                warning,
            },
            PickResult::Polygon {
                vertices,
                location,
                warning,
                ..
            } => {
                // The site's point is the polygon's first vertex... unless the form's point is
                // inside the polygon already; the verifier sees both on the map.
                let inside = point.filter(|p| {
                    use geo::Contains;
                    atlas::polygon_of(&vertices).is_ok_and(|poly| poly.contains(&p.point()))
                });
                let at = inside.unwrap_or_else(|| centroid(&vertices));
                PickAnswer {
                    result: "polygon".into(),
                    lintang: fixed(at.lat),
                    bujur: fixed(at.lng),
                    poligon: vertices
                        .iter()
                        .map(|v| Titik {
                            lat: v.lat,
                            lng: v.lng,
                        })
                        .collect(),
                    location,
                    warning,
                }
            }
            PickResult::Cancelled => PickAnswer {
                result: "cancelled".into(),
                lintang: lokasi.lintang.clone(),
                bujur: lokasi.bujur.clone(),
                poligon: lokasi.poligon.clone(),
                location: String::new(),
                warning: None,
            },
            PickResult::Error { message } => return Err(CommandError::new("map_failed", message)),
        })
    }
}
