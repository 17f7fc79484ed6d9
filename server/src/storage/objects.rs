//! The file store in S3-compatible object storage (Garage in this project's scale set-up),
//! through the `object_store` crate, shared by every instance:
//! - a kept file is the object `files/<aa>/<sha256>`;
//! - an upload under way is one object per chunk, `partial/<sha256>.<uploader>/<offset>`
//!   (offset zero-padded, so they list in order). Each chunk is one PUT, so it is there
//!   whole or not at all, whichever instance wrote it. The bytes received are the chunks
//!   that follow one another from offset 0; the database's write lease (see
//!   `routes::uploads`) lets one request at a time add the next.
//!
//! Finishing reads the chunks back in order, judges them as the folder store does, and
//! deletes them. A small file is kept with one PUT of what was read; a large one is
//! written as it is read (a multipart upload completed only when the verdict is to keep
//! it, abandoned otherwise), so what is kept is always what was hashed.

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use eptsp_core::files::SNIFF_BYTES;
use futures_util::{StreamExt, TryStreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{ObjectMeta, ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{Finish, S3Config, hex, judge, judge_picture, partial_name};

/// Files up to this size are finished from memory; larger ones are streamed to their final
/// name while they are judged, so memory stays bounded.
const IN_MEMORY_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Clone)]
pub struct Objects {
    store: Arc<dyn ObjectStore>,
    about: String,
}

impl std::fmt::Debug for Objects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.about)
    }
}

fn final_key(sha256: &str) -> Path {
    Path::from(format!("files/{}/{sha256}", &sha256[..2]))
}

fn partial_prefix(sha256: &str, owner: Uuid) -> Path {
    Path::from(format!("partial/{}", partial_name(sha256, owner)))
}

/// An object store's failure as the file store's: not found is not found; anything else
/// means the store cannot be used now (unreachable, refusing, answering nonsense), which
/// the API answers 503 with its message, as when the database is down.
fn io(e: object_store::Error) -> io::Error {
    match e {
        object_store::Error::NotFound { .. } => io::Error::new(io::ErrorKind::NotFound, e),
        e => {
            tracing::warn!(error = %e, "object storage failed");
            io::Error::new(io::ErrorKind::NotConnected, e)
        }
    }
}

/// What reading an upload's chunks in order gathers: their hash and the first bytes.
#[derive(Default)]
struct Read {
    hasher: Sha256,
    head: Vec<u8>,
}

impl Read {
    fn take(&mut self, bytes: &[u8]) {
        self.hasher.update(bytes);
        let want = SNIFF_BYTES.saturating_sub(self.head.len()).min(bytes.len());
        self.head.extend_from_slice(&bytes[..want]);
    }
}

/// A chunk's offset, from its object's last path part.
fn chunk_offset(meta: &ObjectMeta) -> Option<u64> {
    meta.location.filename()?.parse().ok()
}

impl Objects {
    pub fn open(c: &S3Config) -> anyhow::Result<Objects> {
        let s3 = AmazonS3Builder::new()
            .with_endpoint(&c.endpoint)
            .with_bucket_name(&c.bucket)
            .with_region(&c.region)
            .with_access_key_id(&c.key_id)
            .with_secret_access_key(&c.secret)
            .with_virtual_hosted_style_request(false)
            // A few quick retries (a node restarting), then the request is answered 503
            // well within its own time limit and the desktop resumes later.
            .with_retry(object_store::RetryConfig {
                max_retries: 3,
                retry_timeout: Duration::from_secs(10),
                ..object_store::RetryConfig::default()
            })
            .with_client_options(
                object_store::ClientOptions::new()
                    .with_allow_http(c.endpoint.starts_with("http://"))
                    .with_connect_timeout(Duration::from_secs(2))
                    .with_timeout(Duration::from_secs(60)),
            )
            .build()?;
        let store: Arc<dyn ObjectStore> = if c.prefix.is_empty() {
            Arc::new(s3)
        } else {
            Arc::new(PrefixStore::new(s3, c.prefix.as_str()))
        };
        Ok(Objects {
            store,
            about: format!("S3 {}/{}/{}", c.endpoint, c.bucket, c.prefix),
        })
    }

    pub fn describe(&self) -> String {
        self.about.clone()
    }

    /// The chunks of an upload that follow one another from offset 0, in order, and the
    /// other objects under its prefix (left by a writer that raced or was cut off).
    async fn chunks(&self, sha256: &str, owner: Uuid) -> io::Result<(Vec<ObjectMeta>, Vec<Path>)> {
        let listed: Vec<ObjectMeta> = self
            .store
            .list(Some(&partial_prefix(sha256, owner)))
            .try_collect()
            .await
            .map_err(io)?;
        let mut by_offset = BTreeMap::new();
        let mut stray = Vec::new();
        for meta in listed {
            match chunk_offset(&meta) {
                Some(at) if meta.size > 0 => {
                    by_offset.insert(at, meta);
                }
                _ => stray.push(meta.location),
            }
        }
        let mut chain = Vec::new();
        let mut at = 0;
        while let Some(meta) = by_offset.remove(&at) {
            at += meta.size;
            chain.push(meta);
        }
        stray.extend(by_offset.into_values().map(|m| m.location));
        Ok((chain, stray))
    }

    pub async fn received(&self, sha256: &str, owner: Uuid) -> io::Result<u64> {
        let (chain, _) = self.chunks(sha256, owner).await?;
        Ok(chain.iter().map(|m| m.size).sum())
    }

    async fn delete_all(&self, paths: Vec<Path>) -> io::Result<()> {
        let mut deleted = self
            .store
            .delete_stream(futures_util::stream::iter(paths.into_iter().map(Ok)).boxed());
        while let Some(r) = deleted.next().await {
            match r {
                Ok(_) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(io(e)),
            }
        }
        Ok(())
    }

    pub async fn discard(&self, sha256: &str, owner: Uuid) -> io::Result<()> {
        let (chain, stray) = self.chunks(sha256, owner).await?;
        self.delete_all(chain.into_iter().map(|m| m.location).chain(stray).collect())
            .await
    }

    pub async fn append(
        &self,
        sha256: &str,
        owner: Uuid,
        offset: u64,
        chunk: Bytes,
    ) -> io::Result<Result<u64, u64>> {
        let have = self.received(sha256, owner).await?;
        if have != offset {
            return Ok(Err(have));
        }
        if chunk.is_empty() {
            return Ok(Ok(have));
        }
        let len = chunk.len() as u64;
        let key = partial_prefix(sha256, owner).join(format!("{offset:016}"));
        self.store
            .put(&key, PutPayload::from(chunk))
            .await
            .map_err(io)?;
        Ok(Ok(have + len))
    }

    async fn get(&self, key: &Path) -> io::Result<Bytes> {
        let got = self.store.get(key).await.map_err(io)?;
        got.bytes().await.map_err(io)
    }

    pub async fn finish(&self, sha256: &str, owner: Uuid, name: &str) -> io::Result<Finish> {
        let (chain, stray) = self.chunks(sha256, owner).await?;
        let size: u64 = chain.iter().map(|m| m.size).sum();
        // Another uploader may have kept the same bytes first: the same file either way.
        let dest = final_key(sha256);
        let verdict = if size <= IN_MEMORY_BYTES {
            self.finish_small(&chain, sha256, name, size, &dest).await?
        } else {
            let upload = self.store.put_multipart(&dest).await.map_err(io)?;
            let mut w = WriteMultipart::new(upload);
            match self.finish_large(&chain, sha256, name, size, &mut w).await {
                Ok(stored @ Finish::Stored(_)) => {
                    w.finish().await.map_err(io)?;
                    stored
                }
                Ok(refused) => {
                    w.abort().await.map_err(io)?;
                    refused
                }
                Err(e) => {
                    if let Err(a) = w.abort().await {
                        tracing::warn!(error = %a, "abandoning a multipart write failed");
                    }
                    return Err(e);
                }
            }
        };
        let parts = chain.into_iter().map(|m| m.location).chain(stray);
        self.delete_all(parts.collect()).await?;
        Ok(verdict)
    }

    /// A file read once into memory, judged, and kept with one PUT.
    async fn finish_small(
        &self,
        chain: &[ObjectMeta],
        sha256: &str,
        name: &str,
        size: u64,
        dest: &Path,
    ) -> io::Result<Finish> {
        let mut read = Read::default();
        let mut kept = Vec::with_capacity(chain.len());
        for meta in chain {
            let bytes = self.get(&meta.location).await?;
            read.take(&bytes);
            kept.push(bytes);
        }
        let kind = match judge(sha256, &hex(read.hasher), name, &read.head, size) {
            Ok(kind) => kind,
            Err(verdict) => return Ok(verdict),
        };
        if kind.is_image()
            && let Err(verdict) = judge_picture(&kept.concat(), name)
        {
            return Ok(verdict);
        }
        self.store
            .put(dest, kept.into_iter().collect())
            .await
            .map_err(io)?;
        Ok(Finish::Stored(kind))
    }

    /// A large file written to its final name as it is read and hashed, so that what is
    /// kept is exactly what was judged; the multipart write completes only if the verdict
    /// is to keep it (the caller completes or abandons it).
    async fn finish_large(
        &self,
        chain: &[ObjectMeta],
        sha256: &str,
        name: &str,
        size: u64,
        w: &mut WriteMultipart,
    ) -> io::Result<Finish> {
        let mut read = Read::default();
        for meta in chain {
            w.wait_for_capacity(2).await.map_err(io)?;
            let bytes = self.get(&meta.location).await?;
            read.take(&bytes);
            w.put(bytes);
        }
        let kind = match judge(sha256, &hex(read.hasher), name, &read.head, size) {
            Ok(kind) => kind,
            Err(verdict) => return Ok(verdict),
        };
        // A picture this large is read once more to be decoded (rare: photos are made
        // smaller on the desktop before they are sent).
        if kind.is_image()
            && let Err(verdict) = judge_picture(&self.read_chain(chain).await?, name)
        {
            return Ok(verdict);
        }
        Ok(Finish::Stored(kind))
    }

    async fn read_chain(&self, chain: &[ObjectMeta]) -> io::Result<Vec<u8>> {
        let mut whole = Vec::new();
        for meta in chain {
            whole.extend_from_slice(&self.get(&meta.location).await?);
        }
        Ok(whole)
    }

    pub async fn read(&self, sha256: &str) -> io::Result<Bytes> {
        self.get(&final_key(sha256)).await
    }

    pub async fn contains(&self, sha256: &str) -> io::Result<bool> {
        match self.store.head(&final_key(sha256)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(io(e)),
        }
    }

    /// Removes the chunks of uploads not in `live` whose newest chunk is `older_than` old.
    pub async fn sweep(&self, live: &HashSet<String>, older_than: Duration) -> io::Result<usize> {
        let listed: Vec<ObjectMeta> = self
            .store
            .list(Some(&Path::from("partial")))
            .try_collect()
            .await
            .map_err(io)?;
        let mut uploads: BTreeMap<String, (i64, Vec<Path>)> = BTreeMap::new();
        for meta in listed {
            let Some(upload) = meta.location.parts().nth(1) else {
                continue;
            };
            let entry = uploads
                .entry(upload.as_ref().to_owned())
                .or_insert((i64::MIN, Vec::new()));
            entry.0 = entry.0.max(meta.last_modified.timestamp());
            entry.1.push(meta.location);
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let mut removed = 0;
        for (upload, (newest, paths)) in uploads {
            if live.contains(&upload) || now - newest < older_than.as_secs() as i64 {
                continue;
            }
            self.delete_all(paths).await?;
            removed += 1;
        }
        Ok(removed)
    }
}
