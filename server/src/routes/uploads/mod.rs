//! Resumable, deduplicated uploads (after the tus 1.0 core protocol): announce a file by
//! its SHA-256 and size, ask where it stands, send the rest from that offset. A file the
//! server already has is reported complete at once, whoever uploaded it.

mod announce;
mod chunks;
mod sweep;

use eptsp_core::submission::UploadStatus;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use uuid::Uuid;

pub use announce::{start, status};
pub use chunks::patch;
pub use sweep::sweep_abandoned;

pub use eptsp_core::submission::MAX_CHUNK_BYTES;

fn bad_hash() -> ApiError {
    ApiError::field(
        "sha256",
        "sha256_format",
        "SHA-256 harus 64 karakter heksadesimal",
    )
}

async fn status_of(state: &AppState, sha256: &str, owner: Uuid) -> ApiResult<Option<UploadStatus>> {
    if let Some(size) = sqlx::query_scalar!("SELECT size FROM blobs WHERE sha256 = $1", sha256)
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
    let size: Option<i64> = sqlx::query_scalar!(
        "SELECT size FROM uploads WHERE sha256 = $1 AND started_by = $2",
        sha256,
        owner
    )
    .fetch_optional(&state.db)
    .await?;
    let Some(size) = size else {
        return Ok(None);
    };
    Ok(Some(UploadStatus {
        sha256: sha256.to_owned(),
        offset: state.storage.received(sha256, owner).await?,
        size: size as u64,
        complete: false,
    }))
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
