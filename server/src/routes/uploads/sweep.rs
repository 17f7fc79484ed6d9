//! Housekeeping run by the server now and then: uploads nobody finished are removed with
//! their partial bytes.

use crate::AppState;
use crate::error::ApiResult;
use crate::storage::partial_name;
use uuid::Uuid;

/// Removes uploads untouched for the configured time, with their bytes, and partial files
/// no upload stands for. Run now and then; returns how many uploads it removed.
pub async fn sweep_abandoned(state: &AppState) -> ApiResult<usize> {
    let ttl = state.config.upload_ttl;
    let gone: Vec<(String, Uuid)> = sqlx::query!(
        "DELETE FROM uploads
         WHERE touched_at < now() - make_interval(secs => $1)
           AND (writer_until IS NULL OR writer_until < now())
         RETURNING sha256, started_by",
        ttl.as_secs_f64()
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|r| (r.sha256, r.started_by))
    .collect();
    let live: std::collections::HashSet<String> =
        sqlx::query!("SELECT sha256, started_by FROM uploads")
            .fetch_all(&state.db)
            .await?
            .into_iter()
            .map(|r| partial_name(&r.sha256, r.started_by))
            .collect();
    let n = gone.len();
    state.storage.sweep(gone, live, ttl).await?;
    if n > 0 {
        tracing::info!(uploads = n, "abandoned uploads removed");
    }
    Ok(n)
}
