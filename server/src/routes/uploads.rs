//! Resumable, deduplicated uploads (after the tus 1.0 core protocol): announce a file by
//! its SHA-256 and size, ask where it stands, send the rest from that offset. A file the
//! server already has is reported complete at once, whoever uploaded it.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use eptsp_core::Role;
use eptsp_core::files;
use eptsp_core::submission::{UploadStart, UploadStatus, is_sha256};

use crate::AppState;
use crate::auth::session::AuthUser;
use crate::blobs::{self, Finish};
use crate::error::{ApiError, ApiResult, AppJson};

/// Largest chunk one PATCH may carry.
pub const MAX_CHUNK_BYTES: usize = 8 * 1024 * 1024;

fn bad_hash() -> ApiError {
    ApiError::field(
        "sha256",
        "sha256_format",
        "SHA-256 harus 64 karakter heksadesimal",
    )
}

async fn status_of(state: &AppState, sha256: &str) -> ApiResult<Option<UploadStatus>> {
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
    let size: Option<i64> = sqlx::query_scalar("SELECT size FROM uploads WHERE sha256 = $1")
        .bind(sha256)
        .fetch_optional(&state.db)
        .await?;
    Ok(size.map(|size| UploadStatus {
        sha256: sha256.to_owned(),
        offset: blobs::received(&state.config.blob_dir, sha256),
        size: size as u64,
        complete: false,
    }))
}

/// Announces a file. Too large a file is refused here, before any byte is sent.
#[utoipa::path(post, path = "/api/v1/uploads", tag = "uploads", security(("bearer" = [])), request_body = UploadStart,
    responses((status = 200, body = UploadStatus), (status = 422, body = eptsp_core::api::ApiErrorBody)))]
pub async fn start(
    State(state): State<AppState>,
    user: AuthUser,
    AppJson(req): AppJson<UploadStart>,
) -> ApiResult<AppJson<UploadStatus>> {
    user.require(&[Role::Pemohon])?;
    if !is_sha256(&req.sha256) {
        return Err(bad_hash());
    }
    files::check_size(req.size).map_err(|e| ApiError::field("size", e.code(), &e.to_string()))?;
    sqlx::query(
        "INSERT INTO uploads (sha256, size, name, started_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sha256) DO NOTHING",
    )
    .bind(&req.sha256)
    .bind(req.size as i64)
    .bind(req.name.chars().take(255).collect::<String>())
    .bind(user.user_id)
    .execute(&state.db)
    .await?;
    status_of(&state, &req.sha256)
        .await?
        .map(AppJson)
        .ok_or(ApiError::NotFound)
}

#[utoipa::path(get, path = "/api/v1/uploads/{sha256}", tag = "uploads", security(("bearer" = [])),
    params(("sha256" = String, Path)), responses((status = 200, body = UploadStatus), (status = 404)))]
pub async fn status(
    State(state): State<AppState>,
    user: AuthUser,
    Path(sha256): Path<String>,
) -> ApiResult<AppJson<UploadStatus>> {
    user.require(&[Role::Pemohon])?;
    if !is_sha256(&sha256) {
        return Err(bad_hash());
    }
    status_of(&state, &sha256)
        .await?
        .map(AppJson)
        .ok_or(ApiError::NotFound)
}

/// Sends bytes from `Upload-Offset`. A wrong offset gets 409 with the right one; the last
/// chunk is checked (hash, type, size) before the file is kept.
#[utoipa::path(patch, path = "/api/v1/uploads/{sha256}", tag = "uploads", security(("bearer" = [])),
    params(("sha256" = String, Path), ("Upload-Offset" = u64, Header)),
    responses((status = 200, body = UploadStatus), (status = 409, body = eptsp_core::api::ApiErrorBody),
              (status = 422, body = eptsp_core::api::ApiErrorBody)))]
pub async fn patch(
    State(state): State<AppState>,
    user: AuthUser,
    Path(sha256): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<AppJson<UploadStatus>> {
    user.require(&[Role::Pemohon])?;
    if !is_sha256(&sha256) {
        return Err(bad_hash());
    }
    let offset: u64 = headers
        .get("upload-offset")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| ApiError::BadRequest("header Upload-Offset wajib".to_owned()))?;
    // One writer per file at a time, across server instances.
    let mut tx = state.db.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
        .bind(&sha256)
        .execute(&mut *tx)
        .await?;
    let Some(current) = status_of(&state, &sha256).await? else {
        return Err(ApiError::NotFound);
    };
    if current.complete {
        return Ok(AppJson(current));
    }
    if offset + body.len() as u64 > current.size {
        return Err(ApiError::field(
            "size",
            "upload_too_long",
            "Data yang dikirim melebihi ukuran file",
        ));
    }
    let dir = state.config.blob_dir.clone();
    let (sha, chunk) = (sha256.clone(), body.clone());
    let appended = tokio::task::spawn_blocking(move || blobs::append(&dir, &sha, offset, &chunk))
        .await
        .map_err(anyhow::Error::from)?
        .map_err(anyhow::Error::from)?;
    let received = match appended {
        Ok(n) => n,
        Err(actual) => {
            return Err(ApiError::Conflict {
                code: "upload_offset",
                message: format!("Posisi unggahan tidak sesuai; lanjutkan dari byte {actual}"),
                field: "upload_offset",
            });
        }
    };
    if received < current.size {
        tx.commit().await?;
        return Ok(AppJson(UploadStatus {
            offset: received,
            ..current
        }));
    }
    let name: String = sqlx::query_scalar("SELECT name FROM uploads WHERE sha256 = $1")
        .bind(&sha256)
        .fetch_one(&mut *tx)
        .await?;
    let dir = state.config.blob_dir.clone();
    let sha = sha256.clone();
    let finished = tokio::task::spawn_blocking(move || blobs::finish(&dir, &sha, &name))
        .await
        .map_err(anyhow::Error::from)?
        .map_err(anyhow::Error::from)?;
    match finished {
        Finish::Stored(kind) => {
            sqlx::query(
                "INSERT INTO blobs (sha256, size, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(&sha256)
            .bind(current.size as i64)
            .bind(kind.as_str())
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM uploads WHERE sha256 = $1")
                .bind(&sha256)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(AppJson(UploadStatus {
                offset: current.size,
                complete: true,
                ..current
            }))
        }
        Finish::Corrupt => {
            tx.commit().await?;
            Err(ApiError::field(
                "sha256",
                "upload_corrupt",
                "File yang diterima rusak (tidak sesuai sidik SHA-256); unggah ulang dari awal",
            ))
        }
        Finish::Refused(e) => {
            sqlx::query("DELETE FROM uploads WHERE sha256 = $1")
                .bind(&sha256)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Err(ApiError::field("file", e.code(), &e.to_string()))
        }
    }
}
