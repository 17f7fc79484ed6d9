//! File Saya as the user sees it: importing a file (from disk or from bytes), listing and searching, deleting, and handing files to a draft or a viewer.

use crate::error::CommandError;
use crate::store::{Store, StoreError, now};
use eptsp_core::files::{self, FileKind};
use std::fs::File;
use std::path::{Path, PathBuf};

use super::*;

impl FileStore {
    /// Adds the file at `path` to File Saya under `name`.
    pub async fn import_path(
        &self,
        store: &Store,
        path: &Path,
        name: &str,
    ) -> Result<FileEntry, CommandError> {
        let original_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let this = self.clone();
        let p = path.to_owned();
        let on = original_name.clone();
        let ingested = tokio::task::spawn_blocking(move || {
            let size = std::fs::metadata(&p).map_err(io_error)?.len();
            // The size is checked before a single byte is read.
            files::check_size(size).map_err(refused)?;
            this.ingest(File::open(&p).map_err(io_error)?, size, &on)
        })
        .await
        .map_err(|e| CommandError::new("internal", e.to_string()))??;
        self.record(store, name, &original_name, ingested).await
    }

    /// Adds bytes handed over by the UI (a file the applicant picked) under `name`.
    pub async fn import_bytes(
        &self,
        store: &Store,
        bytes: Vec<u8>,
        original_name: &str,
        name: &str,
    ) -> Result<FileEntry, CommandError> {
        let this = self.clone();
        let on = original_name.to_owned();
        let ingested = tokio::task::spawn_blocking(move || {
            let size = bytes.len() as u64;
            this.ingest(std::io::Cursor::new(bytes), size, &on)
        })
        .await
        .map_err(|e| CommandError::new("internal", e.to_string()))??;
        self.record(store, name, original_name, ingested).await
    }

    pub(super) async fn record(
        &self,
        store: &Store,
        name: &str,
        original_name: &str,
        f: Ingested,
    ) -> Result<FileEntry, CommandError> {
        let name = name.trim();
        let name = if name.is_empty() {
            original_name
                .rsplit_once('.')
                .map_or(original_name, |(stem, _)| stem)
        } else {
            name
        };
        let id = uuid::Uuid::new_v4().to_string();
        let created_at = now();
        let row = crate::store::files::FileRow {
            id: id.clone(),
            name: name.to_owned(),
            original_name: original_name.to_owned(),
            sha256: f.sha256.clone(),
            size: f.size as i64,
            kind: f.kind.as_str().to_owned(),
            has_thumbnail: f.thumbnail,
            created_at: created_at.clone(),
        };
        crate::store::files::insert(store, &row).await?;
        Ok(FileEntry {
            id,
            name: name.to_owned(),
            original_name: original_name.to_owned(),
            kind: f.kind,
            size: f.size as i64,
            thumbnail: f.thumbnail.then(|| self.thumbnail_url(&f.sha256)).flatten(),
            sha256: f.sha256,
            created_at,
        })
    }

    /// One page (from 1) of the files whose name contains `query`, newest first.
    pub async fn list(
        &self,
        store: &Store,
        query: &str,
        page: i64,
    ) -> Result<FilePage, CommandError> {
        let pattern = crate::store::contains_pattern(query.trim());
        let total = crate::store::files::count_named(store, &pattern).await?;
        let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
        let page = page.clamp(1, pages);
        let rows =
            crate::store::files::page_named(store, &pattern, PAGE_SIZE, (page - 1) * PAGE_SIZE)
                .await?;
        let items = rows
            .into_iter()
            .filter_map(|r| {
                let thumbnail = r
                    .has_thumbnail
                    .then(|| self.thumbnail_url(&r.sha256))
                    .flatten();
                let mut entry = FileEntry::try_from(r).ok()?;
                entry.thumbnail = thumbnail;
                Some(entry)
            })
            .collect();
        Ok(FilePage {
            items,
            page,
            pages,
            total,
        })
    }

    /// Removes an entry; the bytes go too when no other entry holds the same content.
    pub async fn delete(&self, store: &Store, id: &str) -> Result<(), CommandError> {
        let mut tx = store.pool.begin().await.map_err(StoreError::from)?;
        let sha = crate::store::files::delete_in(&mut tx, id).await?;
        let Some(sha) = sha else {
            return Err(CommandError::new("not_found", "File tidak ditemukan"));
        };
        let still_used = crate::store::files::sha_used_in(&mut tx, &sha).await?;
        let variants = if still_used {
            Vec::new()
        } else {
            crate::store::files::delete_variants_in(&mut tx, &sha).await?
        };
        tx.commit().await.map_err(StoreError::from)?;
        if !still_used {
            let _ = std::fs::remove_file(self.blob_path(&sha));
            let _ = std::fs::remove_file(self.thumb_path(&sha));
            // Its downscaled copies too, unless one is itself an entry of File Saya.
            let variants: Vec<String> = variants.into_iter().filter(|v| *v != sha).collect();
            self.remove_unused(store, &variants).await?;
        }
        Ok(())
    }

    /// What the entry `id` is sent as for a requirement that downscales photos to
    /// `max_px` (0: never): the content (SHA-256), its size and the entry's original name.
    /// A JPEG larger than that is made smaller once and kept; anything else goes as it is.
    pub async fn sent_for(
        &self,
        store: &Store,
        id: &str,
        max_px: i32,
    ) -> Result<Option<SentFile>, CommandError> {
        let row = crate::store::files::blob_kind(store, id).await?;
        let Some((sha256, size, original_name, kind)) = row else {
            return Ok(None);
        };
        let Some(kind) = FileKind::parse(&kind) else {
            return Ok(None);
        };
        let original = SentFile {
            sha256: sha256.clone(),
            size,
            kind,
            original_name,
        };
        if kind != FileKind::Jpg || max_px <= 0 {
            return Ok(Some(original));
        }
        let px = i64::from(max_px);
        if let Some((v, vsize)) = crate::store::files::variant(store, &sha256, px).await?
            && (v == sha256 || self.has(&v))
        {
            return Ok(Some(SentFile {
                sha256: v,
                size: vsize,
                ..original
            }));
        }
        let this = self.clone();
        let sha = sha256.clone();
        let made = tokio::task::spawn_blocking(move || this.downscale(&sha, max_px as u32))
            .await
            .map_err(|e| CommandError::new("internal", e.to_string()))?
            .map_err(refused)?;
        let (vsha, vsize) = made.map_or((sha256.clone(), size), |(s, n)| (s, n as i64));
        crate::store::files::save_variant(store, &sha256, px, &vsha, vsize).await?;
        Ok(Some(SentFile {
            sha256: vsha,
            size: vsize,
            ..original
        }))
    }

    /// Removes the bytes of `shas` that no File Saya entry and no dossier still held here
    /// refers to (a dossier's files once its review is over).
    pub async fn remove_unused(&self, store: &Store, shas: &[String]) -> Result<(), StoreError> {
        let held: std::collections::HashSet<String> = crate::store::office::case_files(store, None)
            .await?
            .into_iter()
            .collect();
        for sha in shas {
            let in_library = crate::store::files::sha_used(store, sha).await?;
            if !in_library && !held.contains(sha) {
                let _ = std::fs::remove_file(self.blob_path(sha));
                let _ = std::fs::remove_file(self.thumb_path(sha));
            }
        }
        Ok(())
    }

    /// The content (SHA-256) and type of an entry.
    pub async fn sha_of(&self, store: &Store, id: &str) -> Result<(String, String), CommandError> {
        let row = crate::store::files::sha_kind(store, id).await?;
        row.ok_or_else(|| CommandError::new("not_found", "File tidak ditemukan"))
    }

    /// A plain copy of an entry for the system's viewer.
    pub async fn viewer_copy(&self, store: &Store, id: &str) -> Result<PathBuf, CommandError> {
        let (sha, kind) = self.sha_of(store, id).await?;
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.export_for_viewer(&sha, &kind))
            .await
            .map_err(|e| CommandError::new("internal", e.to_string()))?
            .map_err(io_error)
    }

    /// Moves what an older version kept in the plain layout (`legacy`, the same folder)
    /// into this encrypted store: each file encrypted, then its plain copy removed. Safe
    /// to interrupt: a file is removed only once its encrypted copy is in place.
    pub async fn adopt(&self, legacy: &FileStore, store: &Store) -> Result<(), StoreError> {
        let mut shas: Vec<(String, bool)> = crate::store::files::distinct_sha_kinds(store)
            .await?
            .into_iter()
            .map(|(s, k)| {
                let image = FileKind::parse(&k).is_some_and(eptsp_core::files::FileKind::is_image);
                (s, image)
            })
            .collect();
        for sha in crate::store::office::case_files(store, None).await? {
            shas.push((sha, false));
        }
        let (this, legacy) = (self.clone(), legacy.clone());
        tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            for (sha, image) in shas {
                let plain = legacy.blob_path(&sha);
                if !plain.exists() {
                    continue;
                }
                if !this.has(&sha) {
                    this.write_to(&this.blob_path(&sha), File::open(&plain)?)?;
                }
                if image {
                    this.ensure_thumbnail(&sha);
                }
                std::fs::remove_file(&plain)?;
                let _ = std::fs::remove_file(legacy.thumb_path(&sha));
            }
            Ok(())
        })
        .await
        .map_err(|e| std::io::Error::other(e.to_string()))??;
        Ok(())
    }
}
