//! File Saya: the applicant's document library, kept on this computer and usable offline.
//! Files are checked by their bytes (eptsp-core's rules), copied into a content-addressed
//! folder named by SHA-256 (the same bytes are stored once however often they are added),
//! and images get their orientation fixed and a thumbnail.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use base64::Engine;
use eptsp_core::files::{self, FileKind, SNIFF_BYTES};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::CommandError;
use crate::store::{Store, StoreError, now};

/// Rows on one page of the list ("Hal 1 dari N").
pub const PAGE_SIZE: i64 = 10;
const THUMB_PX: u32 = 256;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FileEntry {
    pub id: String,
    /// The name the applicant gave the document.
    pub name: String,
    pub original_name: String,
    pub kind: FileKind,
    #[ts(type = "number")]
    pub size: i64,
    pub sha256: String,
    pub created_at: String,
    /// A small PNG as a data: URL, for images.
    pub thumbnail: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FilePage {
    pub items: Vec<FileEntry>,
    #[ts(type = "number")]
    pub page: i64,
    #[ts(type = "number")]
    pub pages: i64,
    #[ts(type = "number")]
    pub total: i64,
}

#[derive(Debug, sqlx::FromRow)]
struct FileRow {
    id: String,
    name: String,
    original_name: String,
    sha256: String,
    size: i64,
    kind: String,
    has_thumbnail: bool,
    created_at: String,
}

impl TryFrom<FileRow> for FileEntry {
    type Error = String;

    fn try_from(r: FileRow) -> Result<Self, String> {
        Ok(FileEntry {
            kind: FileKind::parse(&r.kind).ok_or_else(|| format!("unknown kind {}", r.kind))?,
            id: r.id,
            name: r.name,
            original_name: r.original_name,
            size: r.size,
            sha256: r.sha256,
            created_at: r.created_at,
            thumbnail: None,
        })
    }
}

/// Where the bytes live: `<data>/files/blobs/ab/abcd…` and `<data>/files/thumbs/abcd….png`.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

fn refused(e: files::FileRefusal) -> CommandError {
    CommandError::new(e.code(), e.to_string())
}

fn io_error(e: std::io::Error) -> CommandError {
    tracing::error!(error = %e, "file store");
    CommandError::new(
        "file_io",
        format!("File tidak dapat dibaca atau disimpan: {e}"),
    )
}

/// The result of copying one file into the store.
struct Ingested {
    sha256: String,
    size: u64,
    kind: FileKind,
    thumbnail: bool,
}

impl FileStore {
    pub fn new(data_dir: &Path) -> FileStore {
        FileStore {
            root: data_dir.join("files"),
        }
    }

    pub fn blob_path(&self, sha256: &str) -> PathBuf {
        self.root.join("blobs").join(&sha256[..2]).join(sha256)
    }

    fn thumb_path(&self, sha256: &str) -> PathBuf {
        self.root.join("thumbs").join(format!("{sha256}.png"))
    }

    /// Checks, hashes and copies `reader` (of `size` bytes, named `original_name`) into
    /// the store in one pass. Blocking: call from `spawn_blocking`.
    fn ingest(
        &self,
        mut reader: impl Read,
        size: u64,
        original_name: &str,
    ) -> Result<Ingested, CommandError> {
        files::check_size(size).map_err(refused)?;
        let mut head = vec![0u8; SNIFF_BYTES.min(size as usize)];
        reader.read_exact(&mut head).map_err(io_error)?;
        let kind = files::classify(original_name, &head, size).map_err(refused)?;

        let tmp_dir = self.root.join("tmp");
        std::fs::create_dir_all(&tmp_dir).map_err(io_error)?;
        let tmp = tempfile::NamedTempFile::new_in(&tmp_dir).map_err(io_error)?;
        let mut hasher = Sha256::new();
        let mut written = head.len() as u64;
        {
            let mut out = BufWriter::with_capacity(1 << 20, tmp.as_file());
            hasher.update(&head);
            out.write_all(&head).map_err(io_error)?;
            let mut buf = vec![0u8; 1 << 20];
            loop {
                let n = reader.read(&mut buf).map_err(io_error)?;
                if n == 0 {
                    break;
                }
                written += n as u64;
                // A file that grows while it is read must not slip past the limit.
                files::check_size(written).map_err(refused)?;
                hasher.update(&buf[..n]);
                out.write_all(&buf[..n]).map_err(io_error)?;
            }
            out.flush().map_err(io_error)?;
        }
        tmp.as_file().sync_all().map_err(io_error)?;
        let sha256: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let dest = self.blob_path(&sha256);
        if dest.exists() {
            drop(tmp);
        } else {
            std::fs::create_dir_all(dest.parent().expect("blob has a parent")).map_err(io_error)?;
            tmp.persist(&dest).map_err(|e| io_error(e.error))?;
        }
        let thumbnail = kind.is_image() && self.ensure_thumbnail(&sha256);
        Ok(Ingested {
            sha256,
            size: written,
            kind,
            thumbnail,
        })
    }

    /// Makes the thumbnail, upright per the photo's EXIF orientation. A picture the decoder
    /// cannot read keeps no thumbnail but stays in the library.
    fn ensure_thumbnail(&self, sha256: &str) -> bool {
        let thumb = self.thumb_path(sha256);
        if thumb.exists() {
            return true;
        }
        let made = (|| -> Result<(), image::ImageError> {
            use image::ImageDecoder;
            let mut decoder = image::ImageReader::open(self.blob_path(sha256))?
                .with_guessed_format()?
                .into_decoder()?;
            let orientation = decoder.orientation()?;
            let mut img = image::DynamicImage::from_decoder(decoder)?;
            img.apply_orientation(orientation);
            std::fs::create_dir_all(thumb.parent().expect("thumb has a parent"))?;
            img.thumbnail(THUMB_PX, THUMB_PX)
                .save_with_format(&thumb, image::ImageFormat::Png)
        })();
        match made {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(error = %e, sha256, "no thumbnail");
                false
            }
        }
    }

    fn thumbnail_url(&self, sha256: &str) -> Option<String> {
        let bytes = std::fs::read(self.thumb_path(sha256)).ok()?;
        Some(format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        ))
    }

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

    async fn record(
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
        sqlx::query(
            "INSERT INTO files (id, name, original_name, sha256, size, kind, has_thumbnail, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(name)
        .bind(original_name)
        .bind(&f.sha256)
        .bind(f.size as i64)
        .bind(f.kind.as_str())
        .bind(f.thumbnail)
        .bind(&created_at)
        .execute(&store.pool)
        .await
        .map_err(StoreError::from)?;
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
        let pattern = format!(
            "%{}%",
            query
                .trim()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let total: i64 =
            sqlx::query_scalar("SELECT count(*) FROM files WHERE name LIKE ? ESCAPE '\\'")
                .bind(&pattern)
                .fetch_one(&store.pool)
                .await
                .map_err(StoreError::from)?;
        let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
        let page = page.clamp(1, pages);
        let rows: Vec<FileRow> = sqlx::query_as(
            "SELECT id, name, original_name, sha256, size, kind, has_thumbnail, created_at FROM files
             WHERE name LIKE ? ESCAPE '\\' ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
        )
        .bind(&pattern)
        .bind(PAGE_SIZE)
        .bind((page - 1) * PAGE_SIZE)
        .fetch_all(&store.pool)
        .await
        .map_err(StoreError::from)?;
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
        let sha: Option<String> =
            sqlx::query_scalar("DELETE FROM files WHERE id = ? RETURNING sha256")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(StoreError::from)?;
        let Some(sha) = sha else {
            return Err(CommandError::new("not_found", "File tidak ditemukan"));
        };
        let still_used: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM files WHERE sha256 = ?)")
                .bind(&sha)
                .fetch_one(&mut *tx)
                .await
                .map_err(StoreError::from)?;
        tx.commit().await.map_err(StoreError::from)?;
        if !still_used {
            let _ = std::fs::remove_file(self.blob_path(&sha));
            let _ = std::fs::remove_file(self.thumb_path(&sha));
        }
        Ok(())
    }

    /// Removes the bytes of `shas` that no File Saya entry and no dossier still held here
    /// refers to (a dossier's files once its review is over).
    pub async fn remove_unused(&self, store: &Store, shas: &[String]) -> Result<(), StoreError> {
        let held: std::collections::HashSet<String> = crate::store::office::case_files(store, None)
            .await?
            .into_iter()
            .collect();
        for sha in shas {
            let in_library: bool =
                sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM files WHERE sha256 = ?)")
                    .bind(sha)
                    .fetch_one(&store.pool)
                    .await?;
            if !in_library && !held.contains(sha) {
                let _ = std::fs::remove_file(self.blob_path(sha));
                let _ = std::fs::remove_file(self.thumb_path(sha));
            }
        }
        Ok(())
    }

    /// The stored file's path, for opening it with the system's viewer.
    pub async fn path_of(&self, store: &Store, id: &str) -> Result<PathBuf, CommandError> {
        let sha: Option<String> = sqlx::query_scalar("SELECT sha256 FROM files WHERE id = ?")
            .bind(id)
            .fetch_optional(&store.pool)
            .await
            .map_err(StoreError::from)?;
        sha.map(|s| self.blob_path(&s))
            .ok_or_else(|| CommandError::new("not_found", "File tidak ditemukan"))
    }
}
