//! An online XYZ tile server, with a disk cache so that the tiles seen online are there
//! offline.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{PackError, TileId};

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
