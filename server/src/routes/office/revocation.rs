//! Revoking an issued permit: kept apart from signing because it is an admin's act on a
//! finished application, recorded in its tracking and told to the applicant.

use axum::extract::State;
use eptsp_core::lifecycle::Status;

use super::{RevokeRequest, parse_id};
use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::{ApiError, ApiResult, AppJson, AppPath};
use crate::lifecycle;

/// Revokes an issued permit (admin), with the reason; the public verification then says
/// so, and the applicant sees it.
pub async fn revoke(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
    AppJson(req): AppJson<RevokeRequest>,
) -> ApiResult<AppJson<eptsp_core::api::MessageResponse>> {
    let id = parse_id(&id)?;
    let reason = req.reason.trim();
    if reason.is_empty() {
        return Err(ApiError::field(
            "reason",
            "required",
            "Alasan pencabutan wajib diisi",
        ));
    }
    let mut tx = state.db.begin().await?;
    let nomor = sqlx::query_scalar!(
        "UPDATE permits SET revoked_at = now(), revoked_reason = $2
         WHERE application_id = $1 AND revoked_at IS NULL RETURNING nomor",
        id,
        reason
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| ApiError::Conflict {
        code: "not_active",
        message: "Izin tidak ditemukan atau sudah dicabut".to_owned(),
        field: "id",
    })?;
    let note = format!("Izin nomor {nomor} dicabut: {reason}");
    sqlx::query!(
        "INSERT INTO tracking (application_id, status, note, actor) VALUES ($1, 'selesai', $2, $3)",
        id,
        note,
        user.user_id
    )
    .execute(&mut *tx)
    .await?;
    let owner = sqlx::query_scalar!("SELECT user_id FROM applications WHERE id = $1", id)
        .fetch_one(&mut *tx)
        .await?;
    crate::inbox::post(
        &mut tx,
        owner,
        "status",
        &format!("Izin {nomor} dicabut"),
        &note,
        Some(id),
    )
    .await?;
    lifecycle::audit(
        &mut tx,
        user.user_id,
        "cabut_izin",
        Some(id),
        serde_json::json!({ "nomor": nomor, "reason": reason }),
    )
    .await?;
    lifecycle::mail_applicant(&mut tx, id, Status::Selesai, &note).await?;
    tx.commit().await?;
    state.mail_queued.notify_one();
    Ok(AppJson(eptsp_core::api::MessageResponse { message: note }))
}
