//! The applicant's answer to a request for revision: the corrected dossier replaces the
//! old one as a new version, checked like a new submission.

use axum::extract::State;
use eptsp_core::lifecycle::Action;
use eptsp_core::office::{ApplicationView, RevisionRequest};
use uuid::Uuid;

use super::submit::checked;
use super::view::view_of;
use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::{ApiError, ApiResult, AppJson, AppPath};

/// Submit Revisi: the corrected dossier, answering version `version`. Checked like a new
/// submission; a revision of an older version is refused, never merged.
pub async fn revise(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
    AppJson(req): AppJson<RevisionRequest>,
) -> ApiResult<AppJson<ApplicationView>> {
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
    let key = Uuid::parse_str(&req.id)
        .map_err(|_| ApiError::field("id", "id_format", "Nomor revisi tidak valid"))?;
    if let Some(app) = crate::lifecycle::already_applied(&state, key).await? {
        if app != id {
            return Err(ApiError::field(
                "id",
                "id_taken",
                "Nomor revisi sudah dipakai",
            ));
        }
        return Ok(AppJson(view_of(&state, &user, id).await?));
    }
    let mut tx = state.db.begin().await?;
    let app = crate::lifecycle::lock(&mut tx, id).await?;
    if app.user_id != user.user_id {
        return Err(ApiError::NotFound);
    }
    if app.version != req.version {
        return Err(ApiError::Conflict {
            code: "stale_version",
            message: format!(
                "Revisi ini dibuat untuk versi {} permohonan, sedangkan versi terbaru adalah {}. \
                 Muat ulang catatan verifikator lalu perbaiki dari versi terbaru.",
                req.version, app.version
            ),
            field: "version",
        });
    }
    // The office gave a deadline with the return: a revision after it is refused, whatever
    // the desktop's clock says (the office's day, WITA, decides).
    if let Some(due) = app.revision_due
        && state.clock.today_wita() > due
    {
        return Err(ApiError::Conflict {
            code: "revision_overdue",
            message: format!(
                "Batas waktu perbaikan ({}) telah lewat sehingga revisi tidak dapat diterima. \
                 Hubungi kantor DPMPTSP untuk perpanjangan, atau ajukan permohonan baru.",
                eptsp_core::calendar::format_date_long(due)
            ),
            field: "version",
        });
    }
    if req.data.permit_type_id != app.permit_type_id {
        return Err(ApiError::field(
            "permit_type_id",
            "permit_type_fixed",
            "Jenis izin tidak dapat diubah dalam revisi",
        ));
    }
    let data = checked(&state, &req.data, &req.files).await?;
    crate::lifecycle::apply(
        &mut tx,
        &app,
        &crate::lifecycle::Move {
            key,
            actor: user.user_id,
            role: user.role,
            action: Action::KirimRevisi,
            note: "",
            checklist: &[],
            today: state.clock.today_wita(),
        },
    )
    .await?;
    sqlx::query("UPDATE applications SET data = $2, version = version + 1 WHERE id = $1")
        .bind(id)
        .bind(sqlx::types::Json(&data))
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "DELETE FROM application_files WHERE application_id = $1",
        id
    )
    .execute(&mut *tx)
    .await?;
    for f in &req.files {
        sqlx::query!(
            "INSERT INTO application_files (application_id, requirement_id, sha256) VALUES ($1, $2, $3)",
            id,
            f.requirement_id,
            f.sha256
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(AppJson(view_of(&state, &user, id).await?))
}
