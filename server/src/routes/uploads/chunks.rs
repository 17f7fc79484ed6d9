//! Receiving the bytes: one PATCH writes one chunk under a short write lease, and the last
//! chunk's file is checked and kept.

use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use eptsp_core::submission::{UploadStatus, is_sha256};

use super::{MAX_CHUNK_BYTES, bad_hash, busy, status_of};
use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::{ApiError, ApiResult, AppJson, AppPath};
use crate::storage::{Appended, Finish};
use uuid::Uuid;

/// How long one PATCH holds the right to write an upload without renewing it. It is
/// released as soon as the chunk is written, and renewed every [`RENEW_EVERY`] while the
/// write lasts (a slow disk or object store); it only runs out when the writer's process
/// died mid-write, and then the upload waits this long for another instance to take it.
const WRITE_LEASE_SECS: f64 = 15.0;
const RENEW_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// A chunk that stopped before its end; the upload goes on from `offset` (what came of it
/// may have been kept).
fn cut_short(offset: u64) -> ApiError {
    ApiError::Conflict {
        code: "upload_cut_short",
        message: format!(
            "Potongan file tidak diterima utuh (koneksi terputus); lanjutkan dari byte {offset}"
        ),
        field: "upload_offset",
    }
}

fn out_of_step(actual: u64) -> ApiError {
    ApiError::Conflict {
        code: "upload_offset",
        message: format!("Posisi unggahan tidak sesuai; lanjutkan dari byte {actual}"),
        field: "upload_offset",
    }
}

/// The right to write one upload. [`Lease::release`] gives it back before the answer
/// leaves (so the client's next chunk finds it free); if the request ends otherwise (an
/// error, a dropped connection), dropping it gives it back in the background.
struct Lease {
    db: sqlx::PgPool,
    sha256: String,
    owner: Uuid,
    /// This PATCH's token in `uploads.writer`.
    writer: Uuid,
    held: bool,
    /// Renews the lease while it is held.
    renewing: tokio::task::JoinHandle<()>,
}

impl Lease {
    fn new(db: sqlx::PgPool, sha256: String, owner: Uuid, writer: Uuid) -> Lease {
        let (renew_db, renew_sha) = (db.clone(), sha256.clone());
        let renewing = tokio::spawn(async move {
            loop {
                tokio::time::sleep(RENEW_EVERY).await;
                let renewed = sqlx::query!(
                    "UPDATE uploads SET writer_until = now() + make_interval(secs => $3)
                     WHERE sha256 = $1 AND started_by = $2 AND writer = $4
                       AND writer_until IS NOT NULL",
                    renew_sha,
                    owner,
                    WRITE_LEASE_SECS,
                    writer
                )
                .execute(&renew_db)
                .await;
                if let Err(e) = renewed {
                    tracing::warn!(error = %e, "renewing an upload's write lease failed");
                }
            }
        });
        Lease {
            db,
            sha256,
            owner,
            writer,
            held: true,
            renewing,
        }
    }

    async fn free(
        db: &sqlx::PgPool,
        sha256: &str,
        owner: Uuid,
        writer: Uuid,
    ) -> Result<(), sqlx::Error> {
        sqlx::query!(
            "UPDATE uploads SET writer_until = NULL, writer = NULL
             WHERE sha256 = $1 AND started_by = $2 AND writer = $3",
            sha256,
            owner,
            writer
        )
        .execute(db)
        .await
        .map(|_| ())
    }

    async fn release(mut self) -> ApiResult<()> {
        self.held = false;
        self.renewing.abort();
        Ok(Self::free(&self.db, &self.sha256, self.owner, self.writer).await?)
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        self.renewing.abort();
        if !self.held {
            return;
        }
        let (db, sha, owner, writer) = (
            self.db.clone(),
            std::mem::take(&mut self.sha256),
            self.owner,
            self.writer,
        );
        tokio::spawn(async move {
            if let Err(e) = Lease::free(&db, &sha, owner, writer).await {
                tracing::warn!(error = %e, "releasing an upload lease failed; it ends by itself");
            }
        });
    }
}

/// Sends bytes from `Upload-Offset`. A wrong offset gets 409 with the right one, and so
/// does a second PATCH while one is writing. No transaction or lock is held while the
/// bytes are written: the right to write is a lease taken in one statement. The bytes
/// are written as they arrive (at most [`super::MAX_CHUNK_BYTES`] a PATCH, and never
/// past the announced size); of a chunk that does not arrive whole, the folder keeps what
/// came and the object store nothing. The last
/// chunk is checked (hash, type, size) before the file is kept.
pub async fn patch(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(sha256): AppPath<String>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<AppJson<UploadStatus>> {
    if !is_sha256(&sha256) {
        return Err(bad_hash());
    }
    let offset: u64 = headers
        .get("upload-offset")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| {
            ApiError::field(
                "upload_offset",
                "required",
                "Header Upload-Offset wajib diisi dengan angka",
            )
        })?;
    let declared: Option<u64> = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    if declared.is_some_and(|n| n > super::MAX_CHUNK_BYTES as u64) {
        return Err(ApiError::PayloadTooLarge);
    }
    let owner = user.user_id;
    let writer = Uuid::new_v4();
    let until = tokio::time::Instant::now() + state.config.upload_timeout;
    let claimed = sqlx::query!(
        "UPDATE uploads SET writer_until = now() + make_interval(secs => $3), writer = $4,
                touched_at = now()
         WHERE sha256 = $1 AND started_by = $2 AND (writer_until IS NULL OR writer_until < now())
         RETURNING size, name",
        sha256,
        owner,
        WRITE_LEASE_SECS,
        writer
    )
    .fetch_optional(&state.db)
    .await?
    .map(|r| (r.size, r.name));
    let Some((size, name)) = claimed else {
        drain(body, until).await;
        return match status_of(&state, &sha256, owner).await? {
            Some(done) if done.complete => Ok(AppJson(done)),
            Some(s) => Err(busy(s.offset)),
            None => Err(ApiError::NotFound),
        };
    };
    let lease = Lease::new(state.db.clone(), sha256.clone(), owner, writer);
    // The writing runs to its end in a task of its own, even when the client goes away or
    // the deadline passes (this handler is then dropped): the lease is given back only when
    // no byte of this request is being written any more.
    let work = tokio::spawn(write_claimed(
        state,
        lease,
        sha256,
        owner,
        Chunk {
            offset,
            declared,
            body,
            until,
        },
        size as u64,
        name,
    ));
    work.await.map_err(anyhow::Error::from)?
}

/// Reads what is left of a chunk refused before it was read (see [`crate::storage::drain`]).
async fn drain(body: Body, until: tokio::time::Instant) {
    crate::storage::drain(body.into_data_stream(), MAX_CHUNK_BYTES as u64, until).await;
}

fn too_long() -> ApiError {
    ApiError::field(
        "size",
        "upload_too_long",
        "Data yang dikirim melebihi ukuran file",
    )
}

/// One PATCH's bytes: from where, how many it says it brings, and by when they must be in.
struct Chunk {
    offset: u64,
    declared: Option<u64>,
    body: Body,
    until: tokio::time::Instant,
}

/// The part of a PATCH done under its write lease.
async fn write_claimed(
    state: AppState,
    lease: Lease,
    sha256: String,
    owner: Uuid,
    chunk: Chunk,
    size: u64,
    name: String,
) -> ApiResult<AppJson<UploadStatus>> {
    let Chunk {
        offset,
        declared,
        body,
        until,
    } = chunk;
    // What may still come: the rest of the file, at most one chunk's worth.
    let Some(rest) = size.checked_sub(offset) else {
        drain(body, until).await;
        lease.release().await?;
        return Err(too_long());
    };
    if declared.is_some_and(|n| n > rest) {
        drain(body, until).await;
        lease.release().await?;
        return Err(too_long());
    }
    let max = rest.min(super::MAX_CHUNK_BYTES as u64);
    let appended = state
        .storage
        .append_body(&sha256, owner, offset, body, max, until)
        .await;
    let kept = match appended {
        Ok(Appended::Written(n)) => Ok(n),
        Ok(Appended::OutOfStep(actual)) => Err(out_of_step(actual)),
        Ok(Appended::TooLong) if max < rest => Err(ApiError::PayloadTooLarge),
        Ok(Appended::TooLong) => Err(too_long()),
        Ok(Appended::CutShort(at)) => Err(cut_short(at)),
        Err(e) => Err(e.into()),
    };
    let received = match kept {
        Ok(n) => n,
        Err(e) => {
            lease.release().await?;
            return Err(e);
        }
    };
    let current = UploadStatus {
        sha256: sha256.clone(),
        offset: received,
        size,
        complete: false,
    };
    if received < size {
        lease.release().await?;
        return Ok(AppJson(current));
    }
    let finished = state.storage.finish(&sha256, owner, &name).await?;
    let outcome = match finished {
        Finish::Stored(kind) => {
            let mut tx = state.db.begin().await?;
            sqlx::query!(
                "INSERT INTO blobs (sha256, size, kind, stored_by) VALUES ($1, $2, $3, $4)
                 ON CONFLICT DO NOTHING",
                sha256,
                size as i64,
                kind.as_str(),
                owner
            )
            .execute(&mut *tx)
            .await?;
            sqlx::query!(
                "DELETE FROM uploads WHERE sha256 = $1 AND started_by = $2",
                sha256,
                owner
            )
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(AppJson(UploadStatus {
                offset: size,
                complete: true,
                ..current
            }))
        }
        Finish::Corrupt => Err(ApiError::field(
            "sha256",
            "upload_corrupt",
            "File yang diterima rusak (tidak sesuai sidik SHA-256); unggah ulang dari awal",
        )),
        Finish::Refused(e) => {
            sqlx::query!(
                "DELETE FROM uploads WHERE sha256 = $1 AND started_by = $2",
                sha256,
                owner
            )
            .execute(&state.db)
            .await?;
            Err(ApiError::field("file", e.code(), &e.to_string()))
        }
    };
    lease.release().await?;
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lease outlives its first term while the write goes on, and is given up for good
    /// on release (its renewal stops with it); another writer's token touches neither.
    #[tokio::test]
    async fn a_lease_is_renewed_while_held_and_not_after_release() {
        let db = crate::testkit::fresh_db().await;
        crate::seed::seed_demo(&db).await.unwrap();
        let owner: Uuid = sqlx::query_scalar("SELECT id FROM users LIMIT 1")
            .fetch_one(&db)
            .await
            .unwrap();
        let sha = "a".repeat(64);
        let writer = Uuid::new_v4();
        sqlx::query(
            "INSERT INTO uploads (sha256, size, name, started_by, writer_until, writer)
             VALUES ($1, 10, 'a.pdf', $2, now() + make_interval(secs => $3), $4)",
        )
        .bind(&sha)
        .bind(owner)
        .bind(WRITE_LEASE_SECS)
        .bind(writer)
        .execute(&db)
        .await
        .unwrap();
        let left = || async {
            sqlx::query_scalar::<_, Option<f64>>(
                "SELECT EXTRACT(EPOCH FROM writer_until - now())::float8 FROM uploads",
            )
            .fetch_one(&db)
            .await
            .unwrap()
        };
        // A writer whose lease ran out holds another token: it renews and frees nothing.
        let stale = Lease::new(db.clone(), sha.clone(), owner, Uuid::new_v4());
        stale.release().await.unwrap();
        assert!(left().await.is_some(), "a stale writer freed nothing");
        let lease = Lease::new(db.clone(), sha.clone(), owner, writer);
        // Two renewals later: unrenewed, less than 5 s of the 15 would be left.
        tokio::time::sleep(RENEW_EVERY * 2 + std::time::Duration::from_millis(500)).await;
        assert!(left().await.unwrap() > WRITE_LEASE_SECS - 6.0);
        lease.release().await.unwrap();
        tokio::time::sleep(RENEW_EVERY + std::time::Duration::from_millis(500)).await;
        assert_eq!(left().await, None, "released for good");
    }
}
