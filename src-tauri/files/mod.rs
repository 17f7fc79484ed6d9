//! File Saya: the applicant's document library, kept on this computer and usable offline.
//! Files are checked by their bytes (eptsp-core's rules), copied into a content-addressed
//! folder named by SHA-256 (the same bytes are stored once however often they are added),
//! and images get their orientation fixed and a thumbnail. Each account's files are
//! encrypted with its data key (`crypto`), stored under keyed names.
mod ingest;
mod library;
mod picture;

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

use eptsp_core::files::{self, FileKind};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::crypto::DataKey;
use crate::error::CommandError;
use crate::store::files::FileRow;

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

/// What an attachment sends: the original, or a photo downscaled for its requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentFile {
    pub sha256: String,
    pub size: i64,
    pub kind: FileKind,
    /// The name of the File Saya entry's file, as the office sees it.
    pub original_name: String,
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
}
