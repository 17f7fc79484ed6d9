//! The server's file store: complete files at `<dir>/<aa>/<sha256>`, uploads under way at
//! `<dir>/partial/<sha256>`. A file is accepted only when its bytes hash to the name it
//! was announced under and pass the same type and size rules as on the desktop.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use eptsp_core::files::{self, FileKind, SNIFF_BYTES};
use sha2::{Digest, Sha256};

pub fn final_path(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(&sha256[..2]).join(sha256)
}

pub fn partial_path(dir: &Path, sha256: &str) -> PathBuf {
    dir.join("partial").join(sha256)
}

/// Bytes received so far for an upload.
pub fn received(dir: &Path, sha256: &str) -> u64 {
    std::fs::metadata(partial_path(dir, sha256)).map_or(0, |m| m.len())
}

/// Appends `chunk` at `offset` (which must be where the partial file ends).
pub fn append(
    dir: &Path,
    sha256: &str,
    offset: u64,
    chunk: &[u8],
) -> std::io::Result<Result<u64, u64>> {
    let path = partial_path(dir, sha256);
    std::fs::create_dir_all(path.parent().expect("partial has a parent"))?;
    let have = received(dir, sha256);
    if have != offset {
        return Ok(Err(have));
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)?;
    f.write_all(chunk)?;
    f.sync_data()?;
    Ok(Ok(have + chunk.len() as u64))
}

#[derive(Debug)]
pub enum Finish {
    Stored(FileKind),
    /// The bytes do not hash to the announced name: they are discarded.
    Corrupt,
    Refused(files::FileRefusal),
}

/// Checks a fully received upload and moves it into the store.
pub fn finish(dir: &Path, sha256: &str, name: &str) -> std::io::Result<Finish> {
    let path = partial_path(dir, sha256);
    let size = std::fs::metadata(&path)?.len();
    let mut f = std::fs::File::open(&path)?;
    let mut head = vec![0u8; SNIFF_BYTES.min(size as usize)];
    f.read_exact(&mut head)?;
    let mut hasher = Sha256::new();
    hasher.update(&head);
    std::io::copy(&mut f, &mut hasher)?;
    let hex: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if hex != sha256 {
        std::fs::remove_file(&path)?;
        return Ok(Finish::Corrupt);
    }
    let kind = match files::classify(name, &head, size) {
        Ok(k) => k,
        Err(e) => {
            std::fs::remove_file(&path)?;
            return Ok(Finish::Refused(e));
        }
    };
    let dest = final_path(dir, sha256);
    std::fs::create_dir_all(dest.parent().expect("blob has a parent"))?;
    std::fs::rename(&path, &dest)?;
    Ok(Finish::Stored(kind))
}
