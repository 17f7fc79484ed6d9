//! The applicant's own application as they see it: status, data, files, the expected
//! completion date and the latest verifier's request for revision or refusal.

use axum::extract::State;
use eptsp_core::calendar::format_date;
use eptsp_core::lifecycle::{Action, Status};
use eptsp_core::office::ApplicationView;
use eptsp_core::resi::Resi;
use eptsp_core::submission::SubmittedFile;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::{ApiError, ApiResult, AppJson, AppPath};

pub async fn get_own(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
) -> ApiResult<AppJson<ApplicationView>> {
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
    Ok(AppJson(view_of(&state, &user, id).await?))
}

#[derive(sqlx::FromRow)]
struct ViewRow {
    user_id: Uuid,
    resi: String,
    permit_type_id: String,
    kind: String,
    status: String,
    version: i32,
    submitted_at: OffsetDateTime,
    data: sqlx::types::Json<eptsp_core::dossier::DraftData>,
    sla_due: Option<time::Date>,
    revision_due: Option<time::Date>,
    sla_remaining: Option<i32>,
    sla_ttd_days: i32,
}

pub(super) async fn view_of(
    state: &AppState,
    user: &AuthUser,
    id: Uuid,
) -> ApiResult<ApplicationView> {
    let r: ViewRow = sqlx::query_as(
        "SELECT a.user_id, a.resi, a.permit_type_id, a.kind, a.status, a.version, a.submitted_at, a.data,
                a.sla_due, a.revision_due, a.sla_remaining, t.sla_ttd_days
         FROM applications a JOIN permit_types t ON t.id = a.permit_type_id WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(&state.db)
    .await?
    .filter(|r: &ViewRow| r.user_id == user.user_id)
    .ok_or(ApiError::NotFound)?;
    let status = Status::parse(&r.status).ok_or_else(|| anyhow::anyhow!("status"))?;
    let files: Vec<(i32, String)> = sqlx::query_as(
        "SELECT requirement_id, sha256 FROM application_files WHERE application_id = $1 ORDER BY requirement_id",
    )
    .bind(id)
    .fetch_all(&state.db)
    .await?;
    // Expected completion: the current stage's deadline, plus signing after verification.
    let cal = crate::holidays::calendar(&state.db).await?;
    let expected_completion = match status {
        Status::Diajukan | Status::Verifikasi => r
            .sla_due
            .map(|d| cal.add_working_days(d, r.sla_ttd_days as u32)),
        Status::Disetujui => r.sla_due,
        _ => None,
    }
    .map(format_date);
    let review = crate::routes::office::decisions_of(state, id)
        .await?
        .into_iter()
        .rev()
        .find(|d| matches!(d.action, Action::MintaPerbaikan | Action::Tolak));
    let _ = r.sla_remaining;
    Ok(ApplicationView {
        id: id.to_string(),
        resi: Resi::parse(&r.resi)
            .map_err(|e| anyhow::anyhow!("stored resi {}: {e}", r.resi))?
            .to_string(),
        permit_type_id: r.permit_type_id,
        kind: r.kind,
        status,
        version: r.version,
        submitted_at: r
            .submitted_at
            .format(&Rfc3339)
            .map_err(anyhow::Error::from)?,
        data: r.data.0,
        files: files
            .into_iter()
            .map(|(requirement_id, sha256)| SubmittedFile {
                requirement_id,
                sha256,
            })
            .collect(),
        expected_completion,
        revision_due: r.revision_due.map(format_date),
        review,
    })
}
