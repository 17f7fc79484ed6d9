//! Taking a file in: checking what it really is, hashing while encrypting it into the store, and its thumbnail.

use crate::error::CommandError;
use base64::Engine;
use eptsp_core::files::{self, SNIFF_BYTES};
use sha2::{Digest, Sha256};
use std::io::{BufWriter, Read, Write};

use super::*;

impl FileStore {
    /// Checks, hashes and copies `reader` (of `size` bytes, named `original_name`) into
    /// the store in one pass. Blocking: call from `spawn_blocking`.
    pub(super) fn ingest(
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
        let held = dest.exists();
        if held {
            drop(tmp);
        } else {
            std::fs::create_dir_all(dest.parent().expect("blob has a parent")).map_err(io_error)?;
            tmp.persist(&dest).map_err(|e| io_error(e.error))?;
        }
        if kind.is_image()
            && let Err(refusal) = self.check_picture(&sha256, original_name)
        {
            if !held {
                let _ = std::fs::remove_file(&dest);
            }
            return Err(refused(refusal));
        }
        let thumbnail = kind.is_image() && self.thumb_path(&sha256).exists();
        Ok(Ingested {
            sha256,
            size: written,
            kind,
            thumbnail,
        })
    }

    /// Makes the thumbnail if there is none, upright per the photo's EXIF orientation. A
    /// picture the decoder cannot read keeps no thumbnail but stays in the library.
    pub(super) fn ensure_thumbnail(&self, sha256: &str) -> bool {
        if self.thumb_path(sha256).exists() {
            return true;
        }
        match self.check_picture(sha256, sha256) {
            Ok(()) => self.thumb_path(sha256).exists(),
            Err(e) => {
                tracing::warn!(error = %e, sha256, "no thumbnail");
                false
            }
        }
    }

    pub(super) fn thumbnail_url(&self, sha256: &str) -> Option<String> {
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
}
