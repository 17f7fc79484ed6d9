//! Resumable upload of one attachment: chunks from where the server says it has, each read from the encrypted File Saya.

use crate::client::{ApiClient, ClientError};
use eptsp_core::endpoints as e;
use eptsp_core::submission::{UploadStart, UploadStatus};
use std::io::{Read, Seek, SeekFrom};

use super::*;

pub(super) fn read_chunk(
    files: &crate::files::FileStore,
    sha256: &str,
    offset: u64,
    len: usize,
) -> std::io::Result<Vec<u8>> {
    let mut f = files.open(sha256)?;
    f.seek(SeekFrom::Start(offset))?;
    let mut buf = Vec::with_capacity(len);
    f.take(len as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

/// A chunk being read (and decrypted) from File Saya while the one before is sent.
type Reading = tokio::task::JoinHandle<std::io::Result<Vec<u8>>>;

/// The smallest chunk sent after the first: on a slow line each still brings a useful part.
pub const MIN_CHUNK_BYTES: usize = 256 * 1024;

/// How long a chunk should take on the wire: long enough that the round trip between two
/// chunks is a small part of the time, short enough that the progress bar moves and that a
/// connection lost mid-chunk (where the object store keeps nothing of it) loses little.
const CHUNK_SECS: f64 = 2.0;

/// The size of the chunk after one of `len` bytes that took `took` to send and be
/// answered: what the line carries in [`CHUNK_SECS`], between [`MIN_CHUNK_BYTES`] and
/// the server's largest, in whole 64 KiB.
pub fn chunk_after(len: usize, took: std::time::Duration) -> usize {
    const GRAIN: usize = 64 * 1024;
    let per_sec = len as f64 / took.as_secs_f64().max(1e-3);
    let want = (per_sec * CHUNK_SECS).min(eptsp_core::submission::MAX_CHUNK_BYTES as f64) as usize;
    (want / GRAIN * GRAIN).clamp(MIN_CHUNK_BYTES, eptsp_core::submission::MAX_CHUNK_BYTES)
}

/// One file on its way to the office, resumable: it starts where the server says it
/// holds the file up to (nothing to send when the server has it whole), and each
/// [`Upload::step`] sends one chunk from there. The next chunk is read while one is on
/// the wire, so the disk and the cipher do not wait for the network or the other way
/// round.
pub struct Upload<'a> {
    api: &'a ApiClient,
    token: &'a str,
    file: UploadStart,
    files: crate::files::FileStore,
    status: UploadStatus,
    /// The chunk from this offset, being read.
    next: Option<(u64, Reading)>,
    /// How many bytes the next chunk read takes.
    chunk: usize,
}

impl<'a> Upload<'a> {
    /// Asks the server how much of `file` it holds.
    pub async fn start(
        api: &'a ApiClient,
        token: &'a str,
        file: UploadStart,
        files: crate::files::FileStore,
    ) -> Result<Upload<'a>, Failure> {
        let status = api.send::<e::UploadBegin>(Some(token), (), &file).await?;
        Ok(Upload {
            api,
            token,
            file,
            files,
            status,
            next: None,
            chunk: CHUNK_BYTES,
        })
    }

    /// Starts reading the chunk at `offset` in the background.
    fn read_ahead(&self, offset: u64) -> Reading {
        let (files, sha, len) = (self.files.clone(), self.file.sha256.clone(), self.chunk);
        tokio::task::spawn_blocking(move || read_chunk(&files, &sha, offset, len))
    }

    /// Bytes the server holds.
    pub fn offset(&self) -> u64 {
        self.status.offset
    }

    pub fn complete(&self) -> bool {
        self.status.complete
    }

    /// Sends the next chunk; returns whether the server now holds the whole file.
    pub async fn step(&mut self) -> Result<bool, Failure> {
        if self.status.complete {
            return Ok(true);
        }
        let off = self.status.offset;
        // The chunk read ahead is used only if the server wants exactly it.
        let reading = match self.next.take() {
            Some((at, reading)) if at == off => reading,
            _ => self.read_ahead(off),
        };
        let chunk = reading
            .await
            .map_err(|e| Failure::retry(e.to_string()))?
            .map_err(|e| Failure::Refused(format!("File lampiran tidak dapat dibaca: {e}")))?;
        let (len, end) = (chunk.len(), off + chunk.len() as u64);
        if end < self.file.size {
            self.next = Some((end, self.read_ahead(end)));
        }
        let sent = std::time::Instant::now();
        self.status = match self
            .api
            .upload_patch(self.token, &self.file.sha256, off, chunk)
            .await
        {
            Ok(s) => {
                self.chunk = chunk_after(len, sent.elapsed());
                s
            }
            // Out of step (another attempt got further): ask where it stands.
            Err(ClientError::Api { status: 409, .. }) => {
                self.api
                    .send::<e::UploadBegin>(Some(self.token), (), &self.file)
                    .await?
            }
            Err(e) => return Err(e.into()),
        };
        Ok(self.status.complete)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eptsp_core::submission::MAX_CHUNK_BYTES;
    use std::time::Duration;

    #[test]
    fn a_chunk_carries_two_seconds_of_the_line_within_bounds() {
        // Loopback or a fibre line: 4 MiB in 10 ms, the largest the server takes.
        assert_eq!(
            chunk_after(4 << 20, Duration::from_millis(10)),
            MAX_CHUNK_BYTES
        );
        // 1 MiB/s: two seconds' worth.
        assert_eq!(chunk_after(4 << 20, Duration::from_secs(4)), 2 << 20);
        // A weak mobile line of 20 KB/s: the smallest.
        assert_eq!(
            chunk_after(4 << 20, Duration::from_secs(200)),
            MIN_CHUNK_BYTES
        );
        // Whole 64 KiB, and no division by zero.
        assert_eq!(
            chunk_after(3_000_000, Duration::from_secs(5)) % (64 * 1024),
            0
        );
        assert_eq!(chunk_after(1, Duration::ZERO), MIN_CHUNK_BYTES);
    }
}
