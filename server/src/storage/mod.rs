//! Where uploaded files live: one interface, two places. The default is a local folder
//! ([`local`], what `scripts/run.sh` uses); a province running several instances points
//! them all at one S3-compatible object store ([`objects`], e.g. Garage), so that a
//! resumable upload's chunks may land on any instance and every instance serves every
//! file. Either way files are named by their SHA-256 (stored once, whoever sent them),
//! an upload under way is kept per uploader, and a file is accepted only when its bytes
//! hash to the name it was announced under and pass the same type, size and picture rules
//! as on the desktop.

pub mod local;
pub mod objects;
mod running;
mod s3_config;

use std::collections::HashSet;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use eptsp_core::files::{self, FileKind};
use http_body_util::BodyExt;
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub use s3_config::S3Config;

/// What became of an upload whose last byte arrived.
#[derive(Debug)]
pub enum Finish {
    /// Kept under its SHA-256, of this kind.
    Stored(FileKind),
    /// The bytes do not hash to the announced name: they are discarded.
    Corrupt,
    /// The bytes are not a file the office takes (type, size, a damaged picture).
    Refused(files::FileRefusal),
}

/// The file store of this instance (cheap to clone).
#[derive(Clone, Debug)]
pub struct Storage(Place);

#[derive(Clone, Debug)]
enum Place {
    Folder(Arc<PathBuf>),
    Objects(objects::Objects),
}

/// Runs a blocking call of the folder store off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> io::Result<T> + Send + 'static,
) -> io::Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(io::Error::other)?
}

impl Storage {
    /// The store the settings name: S3 when `s3` is set, the folder otherwise.
    pub fn open(folder: &std::path::Path, s3: Option<&S3Config>) -> anyhow::Result<Storage> {
        Ok(Storage(match s3 {
            Some(c) => Place::Objects(objects::Objects::open(c)?),
            None => Place::Folder(Arc::new(folder.to_owned())),
        }))
    }

    /// Where files are kept, for the log.
    pub fn describe(&self) -> String {
        match &self.0 {
            Place::Folder(dir) => format!("folder {}", dir.display()),
            Place::Objects(o) => o.describe(),
        }
    }

    /// Bytes received so far of `owner`'s upload of `sha256` (in a folder, once a chunk
    /// this process is writing to it has ended, up to 2 s).
    pub async fn received(&self, sha256: &str, owner: Uuid) -> io::Result<u64> {
        match &self.0 {
            Place::Folder(dir) => Ok(local::received_settled(dir, sha256, owner).await),
            Place::Objects(o) => o.received(sha256, owner).await,
        }
    }

    /// Drops what was received of an upload (a new announcement with another size).
    pub async fn discard(&self, sha256: &str, owner: Uuid) -> io::Result<()> {
        match &self.0 {
            Place::Folder(dir) => {
                let (dir, sha) = (dir.clone(), sha256.to_owned());
                blocking(move || local::discard(&dir, &sha, owner)).await
            }
            Place::Objects(o) => o.discard(sha256, owner).await,
        }
    }

    /// Adds the chunk `body` at `offset`, which must be where the upload's bytes end. One
    /// longer than `max` bytes leaves nothing. In the folder the bytes are written as they
    /// arrive, and a chunk not received whole by `until` (the sender went away or is too
    /// slow) keeps what came; the object store gets each chunk whole, or nothing of it.
    pub async fn append_body(
        &self,
        sha256: &str,
        owner: Uuid,
        offset: u64,
        body: Body,
        max: u64,
        until: tokio::time::Instant,
    ) -> io::Result<Appended> {
        match &self.0 {
            Place::Folder(dir) => {
                append_streamed(
                    dir.clone(),
                    sha256.to_owned(),
                    owner,
                    offset,
                    body,
                    max,
                    until,
                )
                .await
            }
            Place::Objects(o) => {
                let limited = http_body_util::Limited::new(body, max as usize);
                let chunk = match tokio::time::timeout_at(until, limited.collect()).await {
                    Ok(Ok(collected)) => collected.to_bytes(),
                    Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
                        return Ok(Appended::TooLong);
                    }
                    Ok(Err(_)) | Err(_) => return Ok(Appended::CutShort(offset)),
                };
                Ok(match o.append(sha256, owner, offset, chunk).await? {
                    Ok(end) => Appended::Written(end),
                    Err(have) => Appended::OutOfStep(have),
                })
            }
        }
    }

    /// Checks a fully received upload and keeps it under its SHA-256. What was received is
    /// gone afterwards whatever the verdict, except when keeping it failed: then it stays,
    /// whole, and a later attempt finishes it.
    pub async fn finish(&self, sha256: &str, owner: Uuid, name: &str) -> io::Result<Finish> {
        match &self.0 {
            Place::Folder(dir) => {
                let (dir, sha, name) = (dir.clone(), sha256.to_owned(), name.to_owned());
                blocking(move || local::finish(&dir, &sha, owner, &name)).await
            }
            Place::Objects(o) => o.finish(sha256, owner, name).await,
        }
    }

    /// The bytes of the kept file `sha256`.
    pub async fn read(&self, sha256: &str) -> io::Result<Bytes> {
        match &self.0 {
            Place::Folder(dir) => {
                let path = local::final_path(dir, sha256);
                Ok(tokio::fs::read(path).await?.into())
            }
            Place::Objects(o) => o.read(sha256).await,
        }
    }

    /// Whether the file `sha256` is kept.
    pub async fn contains(&self, sha256: &str) -> io::Result<bool> {
        match &self.0 {
            Place::Folder(dir) => Ok(local::final_path(dir, sha256).exists()),
            Place::Objects(o) => o.contains(sha256).await,
        }
    }

    /// Removes the bytes of the uploads in `gone`, and bytes of uploads no longer in
    /// `live` ([`partial_name`]s) untouched for `older_than` (left by a crash).
    /// Returns how many of the latter it removed.
    pub async fn sweep(
        &self,
        gone: Vec<(String, Uuid)>,
        live: HashSet<String>,
        older_than: Duration,
    ) -> io::Result<usize> {
        for (sha, owner) in &gone {
            self.discard(sha, *owner).await?;
        }
        match &self.0 {
            Place::Folder(dir) => {
                let dir = dir.clone();
                blocking(move || local::sweep_partials(&dir, &live, older_than)).await
            }
            Place::Objects(o) => o.sweep(&live, older_than).await,
        }
    }
}

/// What became of a chunk sent to [`Storage::append_body`].
#[derive(Debug, PartialEq, Eq)]
pub enum Appended {
    /// Kept: the upload's bytes now end here.
    Written(u64),
    /// Nothing read: the upload's bytes end here, not at the chunk's offset.
    OutOfStep(u64),
    /// Longer than allowed: nothing kept.
    TooLong,
    /// It ended (or stalled past its deadline) before its last byte: the upload's bytes
    /// now end here (what came of it is kept in the folder, nothing in the object store).
    CutShort(u64),
}

/// The folder's side of [`Storage::append_body`]: the body's frames go to a blocking
/// writer as they arrive, so receiving, writing and hashing overlap.
async fn append_streamed(
    dir: Arc<PathBuf>,
    sha256: String,
    owner: Uuid,
    offset: u64,
    body: Body,
    max: u64,
    until: tokio::time::Instant,
) -> io::Result<Appended> {
    use futures_util::StreamExt;
    let (tx, mut rx) = tokio::sync::mpsc::channel(16);
    let writer = tokio::task::spawn_blocking(move || {
        local::append_from(&dir, &sha256, owner, offset, &mut rx)
    });
    let mut frames = body.into_data_stream();
    let mut got = 0u64;
    let fed = loop {
        match tokio::time::timeout_at(until, frames.next()).await {
            Ok(None) => break Ok(()),
            Ok(Some(Ok(bytes))) => {
                got += bytes.len() as u64;
                if got > max {
                    let _ = tx.send(local::Piece::Refuse).await;
                    break Err(Appended::TooLong);
                }
                // The writer stopped (out of step, or a write failed): its answer says
                // why, once the rest is read (see [`drain`]).
                if tx.send(local::Piece::Data(bytes)).await.is_err() {
                    drain(frames, max - got, until).await;
                    break Ok(());
                }
            }
            // Broken off: the writer keeps what it has when the channel closes.
            Ok(Some(Err(_))) | Err(_) => break Err(Appended::CutShort(offset)),
        }
    };
    if fed.is_ok() {
        let _ = tx.send(local::Piece::End).await;
    }
    drop(tx);
    let written = writer.await.map_err(io::Error::other)?;
    match (written, fed) {
        (Ok(local::Wrote::Whole(end)), _) => Ok(Appended::Written(end)),
        (Ok(local::Wrote::Broken(end)), _) => Ok(Appended::CutShort(end)),
        (Ok(local::Wrote::OutOfStep(have)), _) => Ok(Appended::OutOfStep(have)),
        (Ok(local::Wrote::Refused), _) => Ok(Appended::TooLong),
        (Err(_), Err(why)) => Ok(why),
        (Err(e), Ok(())) => Err(e),
    }
}

/// Reads and drops what is left of a request's body (at most `max` bytes, until `until`),
/// so that an answer given before the body was read reaches a client still sending it:
/// a connection closed with bytes unread is reset, and the answer can be lost with it.
pub async fn drain(
    frames: impl futures_util::Stream<Item = Result<Bytes, axum::Error>>,
    max: u64,
    until: tokio::time::Instant,
) {
    use futures_util::StreamExt;
    let mut frames = std::pin::pin!(frames);
    let mut left = max;
    while let Ok(Some(Ok(bytes))) = tokio::time::timeout_at(until, frames.next()).await {
        match left.checked_sub(bytes.len() as u64) {
            Some(l) => left = l,
            None => return,
        }
    }
}

/// The name of `owner`'s upload of `sha256` under way, in either store (a file in the
/// folder's `partial/`, a folder of chunks in the bucket's).
pub fn partial_name(sha256: &str, owner: Uuid) -> String {
    format!("{sha256}.{}", owner.simple())
}

/// The lowercase hex of a finished hash.
fn hex(hasher: Sha256) -> String {
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The verdict on received bytes that hash to `hashed`, begin with `head` and are `size`
/// long: their kind, or why they are not kept.
fn judge(
    sha256: &str,
    hashed: &str,
    name: &str,
    head: &[u8],
    size: u64,
) -> Result<FileKind, Finish> {
    if hashed != sha256 {
        return Err(Finish::Corrupt);
    }
    files::classify(name, head, size).map_err(Finish::Refused)
}

/// A picture must decode whole within the limits, as the desktop checked it: one too
/// large or cut short never reaches the verifier as a broken image.
fn judge_picture(bytes: &[u8], name: &str) -> Result<(), Finish> {
    eptsp_picture::decode_bytes(bytes, name)
        .map(|_| ())
        .map_err(Finish::Refused)
}
