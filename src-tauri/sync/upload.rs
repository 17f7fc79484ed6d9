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
        })
    }

    /// Starts reading the chunk at `offset` in the background.
    fn read_ahead(&self, offset: u64) -> Reading {
        let (files, sha) = (self.files.clone(), self.file.sha256.clone());
        tokio::task::spawn_blocking(move || read_chunk(&files, &sha, offset, CHUNK_BYTES))
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
        let end = off + chunk.len() as u64;
        if end < self.file.size {
            self.next = Some((end, self.read_ahead(end)));
        }
        self.status = match self
            .api
            .upload_patch(self.token, &self.file.sha256, off, chunk)
            .await
        {
            Ok(s) => s,
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
