//! File Saya: the applicant's document library, kept on this computer and usable offline.
//! Files are checked by their bytes (eptsp-core's rules), copied into a content-addressed
//! folder named by SHA-256 (the same bytes are stored once however often they are added),
//! and images get their orientation fixed and a thumbnail. Each account's files are
//! encrypted with its data key (`crypto`), stored under keyed names.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

use base64::Engine;
use eptsp_core::files::{self, FileKind, SNIFF_BYTES};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::crypto::DataKey;
use crate::error::CommandError;
use crate::store::{Store, StoreError, now};

/// A source of a stored file's plain bytes, from any offset.
pub trait ReadSeek: Read + Seek + Send {}
impl<T: Read + Seek + Send> ReadSeek for T {}

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

/// Where the bytes live: `<account>/files/blobs/ab/abcd…` and `<account>/files/thumbs/abcd…`,
/// named by a keyed hash of the content's SHA-256 and encrypted with the account's key. A
/// store without a key is the plain layout of older versions (read once, to move it).
#[derive(Clone)]
pub struct FileStore {
    root: PathBuf,
    key: Option<DataKey>,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileStore")
            .field("root", &self.root)
            .field("encrypted", &self.key.is_some())
            .finish()
    }
}

fn refused(e: files::FileRefusal) -> CommandError {
    CommandError::new(e.code(), e.to_string())
}

fn io_error(e: std::io::Error) -> CommandError {
    tracing::error!(error = %e, "file store");
    CommandError::new(
        "io",
        "File tidak dapat disimpan di komputer ini. Periksa ruang disk lalu coba lagi.",
    )
}

/// The result of copying one file into the store.
struct Ingested {
    sha256: String,
    size: u64,
    kind: FileKind,
    thumbnail: bool,
}

/// Hashes what passes through and stops a file that grows past the limit while it is read.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    read: u64,
    too_large: Option<files::FileRefusal>,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if let Err(e) = files::check_size(self.read) {
            self.too_large = Some(e);
            return Err(std::io::Error::other("file too large"));
        }
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl FileStore {
    /// The account's File Saya under `account_dir`, encrypted with its data key.
    pub fn new(account_dir: &Path, key: DataKey) -> FileStore {
        FileStore {
            root: account_dir.join("files"),
            key: Some(key),
        }
    }

    /// The plain layout of older versions (`<dir>/files/blobs/ab/<sha256>`).
    pub fn legacy(dir: &Path) -> FileStore {
        FileStore {
            root: dir.join("files"),
            key: None,
        }
    }

    fn name(&self, sha256: &str) -> String {
        match &self.key {
            Some(k) => k.blob_name(sha256),
            None => sha256.to_owned(),
        }
    }

    /// Where the (encrypted) bytes of `sha256` are kept.
    pub fn blob_path(&self, sha256: &str) -> PathBuf {
        let n = self.name(sha256);
        self.root.join("blobs").join(&n[..2]).join(n)
    }

    fn thumb_path(&self, sha256: &str) -> PathBuf {
        match &self.key {
            Some(_) => self.root.join("thumbs").join(self.name(sha256)),
            None => self.root.join("thumbs").join(format!("{sha256}.png")),
        }
    }

    pub fn has(&self, sha256: &str) -> bool {
        self.blob_path(sha256).exists()
    }

    /// Writes `input` to `dest` (encrypted when the store has a key), atomically: a
    /// temporary file in the store, synced, then renamed.
    fn write_to(&self, dest: &Path, input: impl Read) -> std::io::Result<u64> {
        let tmp_dir = self.root.join("tmp");
        std::fs::create_dir_all(&tmp_dir)?;
        let tmp = tempfile::NamedTempFile::new_in(&tmp_dir)?;
        let n = {
            let mut out = BufWriter::with_capacity(1 << 20, tmp.as_file());
            let n = match &self.key {
                Some(k) => k.file_cipher().encrypt(input, &mut out)?,
                None => std::io::copy(&mut { input }, &mut out)?,
            };
            out.flush()?;
            n
        };
        tmp.as_file().sync_all()?;
        std::fs::create_dir_all(dest.parent().expect("a stored file has a parent"))?;
        tmp.persist(dest).map_err(|e| e.error)?;
        Ok(n)
    }

    fn open_path(&self, path: &Path) -> std::io::Result<Box<dyn ReadSeek>> {
        let f = File::open(path)?;
        Ok(match &self.key {
            Some(k) => Box::new(BufReader::with_capacity(
                crate::crypto::CHUNK,
                k.file_cipher().reader(f)?,
            )),
            None => Box::new(f),
        })
    }

    /// The plain bytes of a stored file, from any offset.
    pub fn open(&self, sha256: &str) -> std::io::Result<Box<dyn ReadSeek>> {
        self.open_path(&self.blob_path(sha256))
    }

    pub fn read_all(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        self.open(sha256)?.read_to_end(&mut out)?;
        Ok(out)
    }

    /// Keeps bytes whose SHA-256 the caller has checked (a dossier's file downloaded).
    pub fn store_bytes(&self, sha256: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.write_to(&self.blob_path(sha256), bytes)?;
        Ok(())
    }

    /// A plain copy of a stored file for the system's viewer, in `<account>/terbuka/`
    /// (emptied at sign-out and at the next sign-in).
    pub fn export_for_viewer(&self, sha256: &str, ext: &str) -> std::io::Result<PathBuf> {
        let dir = self.viewer_dir();
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{}.{ext}", &sha256[..16.min(sha256.len())]));
        let mut out = File::create(&path)?;
        std::io::copy(&mut self.open(sha256)?, &mut out)?;
        out.sync_all()?;
        Ok(path)
    }

    fn viewer_dir(&self) -> PathBuf {
        self.root.parent().unwrap_or(Path::new(".")).join("terbuka")
    }

    /// Removes the plain copies made for the system's viewer.
    pub fn clear_viewer_copies(&self) {
        let _ = std::fs::remove_dir_all(self.viewer_dir());
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
        let mut input = Hashing {
            inner: std::io::Cursor::new(head).chain(reader),
            hasher: Sha256::new(),
            read: 0,
            too_large: None,
        };
        let written = {
            let mut out = BufWriter::with_capacity(1 << 20, tmp.as_file());
            let r = match &self.key {
                Some(k) => k.file_cipher().encrypt(&mut input, &mut out),
                None => std::io::copy(&mut input, &mut out),
            };
            if let Some(e) = input.too_large.take() {
                return Err(refused(e));
            }
            let n = r.map_err(io_error)?;
            out.flush().map_err(io_error)?;
            n
        };
        tmp.as_file().sync_all().map_err(io_error)?;
        let sha256 = hex(&input.hasher.finalize());
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
            let source = BufReader::new(self.open(sha256)?);
            let mut decoder = image::ImageReader::new(source)
                .with_guessed_format()?
                .into_decoder()?;
            let orientation = decoder.orientation()?;
            let mut img = image::DynamicImage::from_decoder(decoder)?;
            img.apply_orientation(orientation);
            let mut png = std::io::Cursor::new(Vec::new());
            img.thumbnail(THUMB_PX, THUMB_PX)
                .write_to(&mut png, image::ImageFormat::Png)?;
            self.write_to(&thumb, png.into_inner().as_slice())?;
            Ok(())
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
        let mut bytes = Vec::new();
        self.open_path(&self.thumb_path(sha256))
            .ok()?
            .read_to_end(&mut bytes)
            .ok()?;
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

    /// The content (SHA-256) and type of an entry.
    pub async fn sha_of(&self, store: &Store, id: &str) -> Result<(String, String), CommandError> {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT sha256, kind FROM files WHERE id = ?")
                .bind(id)
                .fetch_optional(&store.pool)
                .await
                .map_err(StoreError::from)?;
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
        let mut shas: Vec<(String, bool)> =
            sqlx::query_as::<_, (String, String)>("SELECT DISTINCT sha256, kind FROM files")
                .fetch_all(&store.pool)
                .await?
                .into_iter()
                .map(|(s, k)| {
                    let image = FileKind::parse(&k).is_some_and(|k| k.is_image());
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
