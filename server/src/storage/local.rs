//! The file store in a local folder (the default): complete files at `<dir>/<aa>/<sha256>`,
//! uploads under way at `<dir>/partial/<sha256>.<uploader>`, one file each that chunks are
//! appended to. A file appears under its final name by one rename, so a half-written file
//! is never served. Blocking calls: [`super::Storage`] runs them off the async threads.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

use axum::body::Bytes;
use eptsp_core::files::SNIFF_BYTES;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::running::{self, Running};
use super::{Finish, hex, judge, judge_picture, partial_name};

pub fn final_path(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(&sha256[..2]).join(sha256)
}

fn partial_dir(dir: &Path) -> PathBuf {
    dir.join("partial")
}

pub fn partial_path(dir: &Path, sha256: &str, owner: Uuid) -> PathBuf {
    partial_dir(dir).join(partial_name(sha256, owner))
}

/// The partial files a chunk is being written to, with where that chunk began: until it
/// ends, the upload stands there (its bytes past that point may yet be cut back).
static WRITING: LazyLock<Mutex<HashMap<PathBuf, u64>>> = LazyLock::new(Default::default);

fn writing() -> std::sync::MutexGuard<'static, HashMap<PathBuf, u64>> {
    WRITING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Marks a chunk under way from `start` until it is dropped.
struct Writing(PathBuf);

impl Writing {
    fn begin(path: &Path, start: u64) -> Writing {
        writing().insert(path.to_owned(), start);
        Writing(path.to_owned())
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        writing().remove(&self.0);
    }
}

/// Bytes received so far for an upload (not counting a chunk still arriving).
pub fn received(dir: &Path, sha256: &str, owner: Uuid) -> u64 {
    let path = partial_path(dir, sha256, owner);
    let len = std::fs::metadata(&path).map_or(0, |m| m.len());
    writing().get(&path).map_or(len, |start| len.min(*start))
}

/// How long [`received_settled`] waits for a chunk this process is writing to end.
const SETTLE: std::time::Duration = std::time::Duration::from_secs(2);

/// [`received`], once a chunk this process is still writing to the upload has ended (up
/// to [`SETTLE`]). A client asks where to go on just after its connection broke, often
/// before the server has seen the break: waiting lets the bytes that did arrive count,
/// instead of the client sending the whole chunk again.
pub async fn received_settled(dir: &Path, sha256: &str, owner: Uuid) -> u64 {
    let path = partial_path(dir, sha256, owner);
    let until = std::time::Instant::now() + SETTLE;
    while writing().contains_key(&path) && std::time::Instant::now() < until {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    received(dir, sha256, owner)
}

/// Drops what was received of an upload (a new announcement with another size).
pub fn discard(dir: &Path, sha256: &str, owner: Uuid) -> std::io::Result<()> {
    let path = partial_path(dir, sha256, owner);
    running::forget(&path);
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// What the receiver of a chunk hands the writer: its bytes as they arrive, then `End`
/// once the chunk is whole, or `Refuse` when it must not be kept (longer than allowed).
/// The channel closing without either means the connection broke off.
pub enum Piece {
    Data(Bytes),
    End,
    Refuse,
}

/// What [`append_from`] made of a chunk.
#[derive(Debug, PartialEq, Eq)]
pub enum Wrote {
    /// Kept whole: the partial file ends here.
    Whole(u64),
    /// The connection broke off: what had arrived is kept, and the file ends here.
    Broken(u64),
    /// Refused: nothing of it kept.
    Refused,
    /// Nothing read: the partial file ends here, not at the chunk's offset.
    OutOfStep(u64),
}

/// Appends the bytes that arrive on `pieces` at `offset` (which must be where the partial
/// file ends, or nothing is read), written as they arrive. A chunk whose connection broke
/// off keeps what had arrived (the bytes of a request come in order, so they are the
/// file's next bytes; the hash check at the end vouches for them), so a resumed upload
/// sends only what was lost. One refused (longer than allowed) or whose write fails (the
/// disk is full) is cut back to `offset`. The bytes are hashed on the way ([`Running`])
/// and not flushed to the disk chunk by chunk: [`finish`] flushes the whole file once
/// before keeping it, and bytes lost with the machine (not the process) before then fail
/// the hash check, so nothing torn is ever kept.
pub fn append_from(
    dir: &Path,
    sha256: &str,
    owner: Uuid,
    offset: u64,
    pieces: &mut tokio::sync::mpsc::Receiver<Piece>,
) -> std::io::Result<Wrote> {
    let path = partial_path(dir, sha256, owner);
    std::fs::create_dir_all(partial_dir(dir))?;
    let meta = std::fs::metadata(&path).ok();
    let have = meta.as_ref().map_or(0, std::fs::Metadata::len);
    if have != offset {
        return Ok(Wrote::OutOfStep(have));
    }
    let _writing = Writing::begin(&path, offset);
    let before = Running::take(&path, meta.as_ref());
    let mut running = before.clone();
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)?;
    let mut end = offset;
    // Cut back to where the chunk began; the hash goes back with it.
    let undo = |f: &std::fs::File| {
        f.set_len(offset)?;
        if let Some(r) = before.clone() {
            r.keep(path.clone(), &f.metadata()?);
        }
        std::io::Result::Ok(())
    };
    let wrote = loop {
        match pieces.blocking_recv() {
            Some(Piece::Data(bytes)) => {
                if let Err(e) = f.write_all(&bytes) {
                    let _ = undo(&f);
                    return Err(e);
                }
                if let Some(r) = running.as_mut() {
                    r.update(&bytes);
                }
                end += bytes.len() as u64;
            }
            Some(Piece::End) => break Wrote::Whole(end),
            Some(Piece::Refuse) => {
                undo(&f)?;
                return Ok(Wrote::Refused);
            }
            None => break Wrote::Broken(end),
        }
    };
    if let Some(r) = running {
        r.keep(path, &f.metadata()?);
    }
    Ok(wrote)
}

/// Checks a fully received upload and moves it into the store. The partial file is gone
/// afterwards whatever the verdict, except when the move itself fails (the disk is full):
/// then it stays, whole, and a later attempt finishes it.
pub fn finish(dir: &Path, sha256: &str, owner: Uuid, name: &str) -> std::io::Result<Finish> {
    let path = partial_path(dir, sha256, owner);
    let meta = std::fs::metadata(&path)?;
    let size = meta.len();
    let running = Running::take(&path, Some(&meta));
    let mut f = std::fs::File::open(&path)?;
    let mut head = vec![0u8; SNIFF_BYTES.min(size as usize)];
    f.read_exact(&mut head)?;
    let hasher = match running {
        Some(running) => running.finalize(),
        None => {
            let mut hasher = Sha256::new();
            hasher.update(&head);
            std::io::copy(&mut f, &mut hasher)?;
            hasher
        }
    };
    let refuse = |verdict| std::fs::remove_file(&path).map(|()| verdict);
    let kind = match judge(sha256, &hex(hasher), name, &head, size) {
        Ok(kind) => kind,
        Err(verdict) => return refuse(verdict),
    };
    if kind.is_image()
        && let Err(verdict) = judge_picture(&std::fs::read(&path)?, name)
    {
        return refuse(verdict);
    }
    let dest = final_path(dir, sha256);
    std::fs::create_dir_all(dest.parent().expect("blob has a parent"))?;
    // On the disk before it has its name, so a kept file is never short after a crash.
    f.sync_data()?;
    // Another uploader may have stored the same bytes first: the same file either way.
    std::fs::rename(&path, &dest)?;
    Ok(Finish::Stored(kind))
}

/// Removes partial files no upload row stands for any more, or that are older than
/// `older_than` seconds and not named in `live` (left by a crash or by an older layout).
pub fn sweep_partials(
    dir: &Path,
    live: &std::collections::HashSet<String>,
    older_than: std::time::Duration,
) -> std::io::Result<usize> {
    let Ok(entries) = std::fs::read_dir(partial_dir(dir)) else {
        return Ok(0);
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if live.contains(&name) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_none_or(|age| age >= older_than);
        if old {
            std::fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    running::forget_missing();
    Ok(removed)
}
