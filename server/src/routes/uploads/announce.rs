//! Announcing a file (size and quota checked before any byte is sent) and asking how far
//! its upload has come.

use axum::extract::State;
use eptsp_core::files;
use eptsp_core::submission::{UploadStart, UploadStatus, is_sha256};

use super::{bad_hash, busy, status_of};
use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::{ApiError, ApiResult, AppJson, AppPath};

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
        sqlx::query!(
            "UPDATE uploads SET touched_at = now() WHERE sha256 = $1 AND started_by = $2",
            req.sha256,
            user.user_id
        )
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
    let used: i64 = sqlx::query_scalar!(
        r#"SELECT ((SELECT coalesce(sum(size), 0) FROM uploads WHERE started_by = $1 AND sha256 <> $2)::bigint
              + (SELECT coalesce(sum(size), 0) FROM blobs WHERE stored_by = $1)::bigint) AS "used!""#,
        user.user_id,
        req.sha256
    )
    .fetch_one(&mut *tx)
    .await?;
    if used as u64 + req.size > quota {
        return Err(quota_exceeded(quota));
    }
    let replaced = sqlx::query!(
        "INSERT INTO uploads (sha256, size, name, started_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sha256, started_by) DO UPDATE
            SET size = EXCLUDED.size, name = EXCLUDED.name, touched_at = now()
         WHERE uploads.writer_until IS NULL OR uploads.writer_until < now()",
        req.sha256,
        req.size as i64,
        req.name.chars().take(255).collect::<String>(),
        user.user_id
    )
    .execute(&mut *tx)
    .await?;
    if replaced.rows_affected() == 0 {
        // Give back the row's lock and the quota's before asking the store (which may be
        // slow): the writer holding the upload must be able to renew its lease meanwhile.
        tx.rollback().await?;
        let received = state.storage.received(&req.sha256, user.user_id).await;
        return Err(busy(received?));
    }
    // A new size: what was received under the old one is of no use.
    state.storage.discard(&req.sha256, user.user_id).await?;
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
