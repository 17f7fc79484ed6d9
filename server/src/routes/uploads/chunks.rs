//! Receiving the bytes: one PATCH writes one chunk under a short write lease, and the last
//! chunk's file is checked and kept.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use eptsp_core::submission::{UploadStatus, is_sha256};

use super::{bad_hash, busy, status_of};
use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::{ApiError, ApiResult, AppJson, AppPath};
use crate::storage::Finish;
use uuid::Uuid;

/// How long one PATCH may hold the right to write an upload. It is released as soon as the
/// chunk is written; the lease only matters when the writer's process died mid-write.
const WRITE_LEASE_SECS: f64 = 60.0;

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
    held: bool,
}

impl Lease {
    async fn free(db: &sqlx::PgPool, sha256: &str, owner: Uuid) -> Result<(), sqlx::Error> {
        sqlx::query!(
            "UPDATE uploads SET writer_until = NULL WHERE sha256 = $1 AND started_by = $2",
            sha256,
            owner
        )
        .execute(db)
        .await
        .map(|_| ())
    }

    async fn release(mut self) -> ApiResult<()> {
        self.held = false;
        Ok(Self::free(&self.db, &self.sha256, self.owner).await?)
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if !self.held {
            return;
        }
        let (db, sha, owner) = (
            self.db.clone(),
            std::mem::take(&mut self.sha256),
            self.owner,
        );
        tokio::spawn(async move {
            if let Err(e) = Lease::free(&db, &sha, owner).await {
                tracing::warn!(error = %e, "releasing an upload lease failed; it ends by itself");
            }
        });
    }
}

/// Sends bytes from `Upload-Offset`. A wrong offset gets 409 with the right one, and so
/// does a second PATCH while one is writing. No transaction or lock is held while the
/// bytes are written: the right to write is a lease taken in one statement. The last
/// chunk is checked (hash, type, size) before the file is kept.
pub async fn patch(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(sha256): AppPath<String>,
    headers: HeaderMap,
    body: Bytes,
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
    let owner = user.user_id;
    let claimed = sqlx::query!(
        "UPDATE uploads SET writer_until = now() + make_interval(secs => $3), touched_at = now()
         WHERE sha256 = $1 AND started_by = $2 AND (writer_until IS NULL OR writer_until < now())
         RETURNING size, name",
        sha256,
        owner,
        WRITE_LEASE_SECS
    )
    .fetch_optional(&state.db)
    .await?
    .map(|r| (r.size, r.name));
    let Some((size, name)) = claimed else {
        return match status_of(&state, &sha256, owner).await? {
            Some(done) if done.complete => Ok(AppJson(done)),
            Some(s) => Err(busy(s.offset)),
            None => Err(ApiError::NotFound),
        };
    };
    let lease = Lease {
        db: state.db.clone(),
        sha256: sha256.clone(),
        owner,
        held: true,
    };
    // The writing runs to its end in a task of its own, even when the client goes away or
    // the deadline passes (this handler is then dropped): the lease is given back only when
    // no byte of this request is being written any more.
    let work = tokio::spawn(write_claimed(
        state,
        lease,
        sha256,
        owner,
        offset,
        body,
        size as u64,
        name,
    ));
    work.await.map_err(anyhow::Error::from)?
}

/// The part of a PATCH done under its write lease.
#[allow(clippy::too_many_arguments)]
async fn write_claimed(
    state: AppState,
    lease: Lease,
    sha256: String,
    owner: Uuid,
    offset: u64,
    body: Bytes,
    size: u64,
    name: String,
) -> ApiResult<AppJson<UploadStatus>> {
    if offset
        .checked_add(body.len() as u64)
        .is_none_or(|end| end > size)
    {
        lease.release().await?;
        return Err(ApiError::field(
            "size",
            "upload_too_long",
            "Data yang dikirim melebihi ukuran file",
        ));
    }
    let appended = state.storage.append(&sha256, owner, offset, body).await?;
    let received = match appended {
        Ok(n) => n,
        Err(actual) => {
            lease.release().await?;
            return Err(out_of_step(actual));
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
