//! Resumable, deduplicated uploads (after the tus 1.0 core protocol): announce a file by
//! its SHA-256 and size, ask where it stands, send the rest from that offset. A file the
//! server already has is reported complete at once, whoever uploaded it.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use eptsp_core::files;
use eptsp_core::submission::{UploadStart, UploadStatus, is_sha256};

use crate::AppState;
use crate::auth::session::AuthUser;
use crate::blobs::{self, Finish};
use crate::error::{ApiError, ApiResult, AppJson, AppPath};
use uuid::Uuid;

/// Largest chunk one PATCH may carry.
pub const MAX_CHUNK_BYTES: usize = 8 * 1024 * 1024;

fn bad_hash() -> ApiError {
    ApiError::field(
        "sha256",
        "sha256_format",
        "SHA-256 harus 64 karakter heksadesimal",
    )
}

/// How long one PATCH may hold the right to write an upload. It is released as soon as the
/// chunk is written; the lease only matters when the writer's process died mid-write.
const WRITE_LEASE_SECS: f64 = 60.0;

async fn status_of(state: &AppState, sha256: &str, owner: Uuid) -> ApiResult<Option<UploadStatus>> {
    if let Some(size) = sqlx::query_scalar::<_, i64>("SELECT size FROM blobs WHERE sha256 = $1")
        .bind(sha256)
        .fetch_optional(&state.db)
        .await?
    {
        return Ok(Some(UploadStatus {
            sha256: sha256.to_owned(),
            offset: size as u64,
            size: size as u64,
            complete: true,
        }));
    }
    let size: Option<i64> =
        sqlx::query_scalar("SELECT size FROM uploads WHERE sha256 = $1 AND started_by = $2")
            .bind(sha256)
            .bind(owner)
            .fetch_optional(&state.db)
            .await?;
    Ok(size.map(|size| UploadStatus {
        sha256: sha256.to_owned(),
        offset: blobs::received(&state.config.blob_dir, sha256, owner),
        size: size as u64,
        complete: false,
    }))
}

fn quota_exceeded(quota: u64) -> ApiError {
    ApiError::field(
        "size",
        "quota_exceeded",
        &format!(
            "Kuota penyimpanan akun Anda di server ({}) sudah terpakai. Kirim atau hapus permohonan yang tertunda, atau hubungi DPMPTSP.",
            eptsp_core::files::size_mb(quota)
        ),
    )
}

/// Announces a file. Too large a file, or one that would take the account over its
/// quota, is refused here, before any byte is sent. Announcing again with another size
/// starts the caller's own upload over; nobody else's is touched.
pub async fn start(
    State(state): State<AppState>,
    user: AuthUser,
    AppJson(req): AppJson<UploadStart>,
) -> ApiResult<AppJson<UploadStatus>> {
    if !is_sha256(&req.sha256) {
        return Err(bad_hash());
    }
    files::check_size(req.size).map_err(|e| ApiError::field("size", e.code(), &e.to_string()))?;
    if let Some(done) = status_of(&state, &req.sha256, user.user_id).await?
        && (done.complete || done.size == req.size)
    {
        sqlx::query("UPDATE uploads SET touched_at = now() WHERE sha256 = $1 AND started_by = $2")
            .bind(&req.sha256)
            .bind(user.user_id)
            .execute(&state.db)
            .await?;
        return Ok(AppJson(done));
    }
    // The quota: one account's announcements are counted one at a time.
    let quota = state.config.upload_quota_bytes;
    let mut tx = state.db.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended('quota' || $1::text, 7272))")
        .bind(user.user_id)
        .execute(&mut *tx)
        .await?;
    let used: i64 = sqlx::query_scalar(
        "SELECT (SELECT coalesce(sum(size), 0) FROM uploads WHERE started_by = $1 AND sha256 <> $2)::bigint
              + (SELECT coalesce(sum(size), 0) FROM blobs WHERE stored_by = $1)::bigint",
    )
    .bind(user.user_id)
    .bind(&req.sha256)
    .fetch_one(&mut *tx)
    .await?;
    if used as u64 + req.size > quota {
        return Err(quota_exceeded(quota));
    }
    let replaced = sqlx::query(
        "INSERT INTO uploads (sha256, size, name, started_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sha256, started_by) DO UPDATE
            SET size = EXCLUDED.size, name = EXCLUDED.name, touched_at = now()
         WHERE uploads.writer_until IS NULL OR uploads.writer_until < now()",
    )
    .bind(&req.sha256)
    .bind(req.size as i64)
    .bind(req.name.chars().take(255).collect::<String>())
    .bind(user.user_id)
    .execute(&mut *tx)
    .await?;
    if replaced.rows_affected() == 0 {
        return Err(busy(blobs::received(
            &state.config.blob_dir,
            &req.sha256,
            user.user_id,
        )));
    }
    // A new size: what was received under the old one is of no use.
    let (dir, sha, owner) = (
        state.config.blob_dir.clone(),
        req.sha256.clone(),
        user.user_id,
    );
    tokio::task::spawn_blocking(move || blobs::discard(&dir, &sha, owner))
        .await
        .map_err(anyhow::Error::from)??;
    tx.commit().await?;
    status_of(&state, &req.sha256, user.user_id)
        .await?
        .map(AppJson)
        .ok_or(ApiError::NotFound)
}

pub async fn status(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(sha256): AppPath<String>,
) -> ApiResult<AppJson<UploadStatus>> {
    if !is_sha256(&sha256) {
        return Err(bad_hash());
    }
    status_of(&state, &sha256, user.user_id)
        .await?
        .map(AppJson)
        .ok_or(ApiError::NotFound)
}

fn out_of_step(actual: u64) -> ApiError {
    ApiError::Conflict {
        code: "upload_offset",
        message: format!("Posisi unggahan tidak sesuai; lanjutkan dari byte {actual}"),
        field: "upload_offset",
    }
}

fn busy(offset: u64) -> ApiError {
    ApiError::Conflict {
        code: "upload_busy",
        message: format!(
            "File ini sedang diunggah oleh permintaan lain; lanjutkan dari byte {offset} setelah selesai"
        ),
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
        sqlx::query("UPDATE uploads SET writer_until = NULL WHERE sha256 = $1 AND started_by = $2")
            .bind(sha256)
            .bind(owner)
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
    let claimed: Option<(i64, String)> = sqlx::query_as(
        "UPDATE uploads SET writer_until = now() + make_interval(secs => $3), touched_at = now()
         WHERE sha256 = $1 AND started_by = $2 AND (writer_until IS NULL OR writer_until < now())
         RETURNING size, name",
    )
    .bind(&sha256)
    .bind(owner)
    .bind(WRITE_LEASE_SECS)
    .fetch_optional(&state.db)
    .await?;
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
    let dir = state.config.blob_dir.clone();
    let (sha, chunk) = (sha256.clone(), body);
    let appended =
        tokio::task::spawn_blocking(move || blobs::append(&dir, &sha, owner, offset, &chunk))
            .await
            .map_err(anyhow::Error::from)??;
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
    let dir = state.config.blob_dir.clone();
    let sha = sha256.clone();
    let finished = tokio::task::spawn_blocking(move || blobs::finish(&dir, &sha, owner, &name))
        .await
        .map_err(anyhow::Error::from)??;
    let outcome = match finished {
        Finish::Stored(kind) => {
            let mut tx = state.db.begin().await?;
            sqlx::query(
                "INSERT INTO blobs (sha256, size, kind, stored_by) VALUES ($1, $2, $3, $4)
                 ON CONFLICT DO NOTHING",
            )
            .bind(&sha256)
            .bind(size as i64)
            .bind(kind.as_str())
            .bind(owner)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM uploads WHERE sha256 = $1 AND started_by = $2")
                .bind(&sha256)
                .bind(owner)
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
            sqlx::query("DELETE FROM uploads WHERE sha256 = $1 AND started_by = $2")
                .bind(&sha256)
                .bind(owner)
                .execute(&state.db)
                .await?;
            Err(ApiError::field("file", e.code(), &e.to_string()))
        }
    };
    lease.release().await?;
    outcome
}

/// Removes uploads untouched for the configured time, with their bytes, and partial files
/// no upload stands for. Run now and then; returns how many uploads it removed.
pub async fn sweep_abandoned(state: &AppState) -> ApiResult<usize> {
    let ttl = state.config.upload_ttl;
    let gone: Vec<(String, Uuid)> = sqlx::query_as(
        "DELETE FROM uploads
         WHERE touched_at < now() - make_interval(secs => $1)
           AND (writer_until IS NULL OR writer_until < now())
         RETURNING sha256, started_by",
    )
    .bind(ttl.as_secs_f64())
    .fetch_all(&state.db)
    .await?;
    let live: std::collections::HashSet<String> =
        sqlx::query_as::<_, (String, Uuid)>("SELECT sha256, started_by FROM uploads")
            .fetch_all(&state.db)
            .await?
            .into_iter()
            .map(|(s, o)| blobs::partial_name(&s, o))
            .collect();
    let dir = state.config.blob_dir.clone();
    let n = gone.len();
    tokio::task::spawn_blocking(move || {
        for (sha, owner) in &gone {
            blobs::discard(&dir, sha, *owner)?;
        }
        blobs::sweep_partials(&dir, &live, ttl)
    })
    .await
    .map_err(anyhow::Error::from)??;
    if n > 0 {
        tracing::info!(uploads = n, "abandoned uploads removed");
    }
    Ok(n)
}
