//! The SHA-256 of each partial file this process is appending to, kept as its chunks are
//! written, so that finishing a 50 MB upload does not read the file back to hash it.
//!
//! A running hash is only a shortcut: it is used when the file is exactly as this process
//! left it after its last chunk (same inode, length and modification time); otherwise
//! (another process wrote it, it was discarded and begun again, this process restarted)
//! the file is hashed from disk as before. Entries are bounded in number, so uploads
//! abandoned without a discard cannot make the map grow without end.

use std::collections::HashMap;
use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

/// At most this many uploads are hashed as they go; more wait for the read at the end.
const MAX_ENTRIES: usize = 4096;

/// The hash of a partial file's bytes, and what the file looked like when it was taken.
#[derive(Clone)]
pub struct Running {
    hasher: Sha256,
    stamp: Stamp,
}

/// What identifies a file's state cheaply: a write by anyone changes one of these.
#[derive(PartialEq, Eq, Clone, Copy, Debug)]
struct Stamp {
    len: u64,
    inode: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    fn of(meta: &Metadata) -> Stamp {
        Stamp {
            len: meta.len(),
            inode: meta.ino(),
            modified: meta.modified().ok(),
        }
    }
}

static RUNNING: LazyLock<Mutex<HashMap<PathBuf, Running>>> = LazyLock::new(Default::default);

fn map() -> std::sync::MutexGuard<'static, HashMap<PathBuf, Running>> {
    // A panic elsewhere while the lock was held leaves only hashes, each checked on use.
    RUNNING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Running {
    /// Takes out the running hash of `path` if it stands for the file as `meta` shows it
    /// (`None` for a file not there yet: a fresh hash). `None` when there is none to trust.
    pub fn take(path: &Path, meta: Option<&Metadata>) -> Option<Running> {
        let kept = map().remove(path);
        match meta {
            // No byte yet: the hash of nothing is known.
            None => Some(Running::fresh()),
            Some(meta) if meta.len() == 0 => Some(Running::fresh()),
            Some(meta) => kept.filter(|r| r.stamp == Stamp::of(meta)),
        }
    }

    fn fresh() -> Running {
        Running {
            hasher: Sha256::new(),
            stamp: Stamp {
                len: 0,
                inode: 0,
                modified: None,
            },
        }
    }

    /// Adds bytes just appended to the file.
    pub fn update(&mut self, chunk: &[u8]) {
        self.hasher.update(chunk);
    }

    /// Keeps the hash for the next chunk; `meta` is the file's right after the write.
    pub fn keep(mut self, path: PathBuf, meta: &Metadata) {
        self.stamp = Stamp::of(meta);
        let mut map = map();
        if map.len() < MAX_ENTRIES {
            map.insert(path, self);
        }
    }

    /// The finished hash.
    pub fn finalize(self) -> Sha256 {
        self.hasher
    }
}

/// Forgets the running hash of `path` (its file is discarded or kept).
pub fn forget(path: &Path) {
    map().remove(path);
}

/// Forgets the running hashes of files that are gone (swept).
pub fn forget_missing() {
    map().retain(|path, _| path.exists());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_trusted_only_for_the_file_as_it_was_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p");
        let mut r = Running::take(&path, None).unwrap();
        std::fs::write(&path, b"abc").unwrap();
        r.update(b"abc");
        r.keep(path.clone(), &std::fs::metadata(&path).unwrap());
        let meta = std::fs::metadata(&path).unwrap();
        assert!(Running::take(&path, Some(&meta)).is_some());
        // Taken out: not there a second time.
        assert!(Running::take(&path, Some(&meta)).is_none());

        let mut r = Running::take(&path, None).unwrap();
        r.update(b"abc");
        r.keep(path.clone(), &meta);
        // Rewritten behind this process's back, to a new file of the same length.
        std::fs::remove_file(&path).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&path, b"xyz").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        assert!(Running::take(&path, Some(&meta)).is_none());
    }
}
