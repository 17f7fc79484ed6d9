//! Pengaduan: applicants file complaints (idempotent by their id); officers list them all
//! and answer, which lands in the applicant's inbox and mail.

use axum::extract::State;
use eptsp_core::Role;
use eptsp_core::complaint::{Complaint, ComplaintRequest, ReplyRequest};
use uuid::Uuid;

use crate::AppState;
use crate::auth::session::AuthUser;
use crate::complaints;
use crate::error::{ApiError, ApiResult, AppJson, AppPath, AppQuery};
pub use eptsp_core::complaint::ComplaintListQuery as ListQuery;

pub async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    AppJson(req): AppJson<ComplaintRequest>,
) -> ApiResult<AppJson<Complaint>> {
    req.check().map_err(ApiError::field_error)?;
    let id = Uuid::parse_str(&req.id)
        .map_err(|_| ApiError::field("id", "id_format", "Nomor pengaduan tidak valid"))?;
    let application = match req.application_id.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(a) => {
            let a = Uuid::parse_str(a).map_err(|_| {
                ApiError::field("application_id", "not_found", "Permohonan tidak ditemukan")
            })?;
            if !complaints::application_is_theirs(&state.db, a, user.user_id).await? {
                return Err(ApiError::field(
                    "application_id",
                    "not_found",
                    "Permohonan tidak ditemukan",
                ));
            }
            Some(a)
        }
    };
    let owner = complaints::insert(
        &state.db,
        id,
        user.user_id,
        application,
        req.kategori,
        req.isi.trim(),
    )
    .await?;
    if owner != user.user_id {
        return Err(ApiError::field(
            "id",
            "id_taken",
            "Nomor pengaduan sudah dipakai",
        ));
    }
    Ok(AppJson(complaints::one(&state.db, id).await?))
}

/// The caller's complaints (an applicant), or everyone's (an officer), newest first.
pub async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(q): AppQuery<ListQuery>,
) -> ApiResult<AppJson<Vec<Complaint>>> {
    let officer = matches!(user.role, Role::Verifikator | Role::Admin);
    if !officer {
        user.require(&[Role::Pemohon])?;
    }
    let status = q.status.as_deref().filter(|s| !s.is_empty());
    complaints::list(&state.db, officer, user.user_id, status)
        .await
        .map(AppJson)
}

/// An officer answers (and sets the status); the applicant finds it in the inbox.
pub async fn reply(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
    AppJson(req): AppJson<ReplyRequest>,
) -> ApiResult<AppJson<Complaint>> {
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
    let balasan = req.balasan.trim();
    if balasan.is_empty() {
        return Err(ApiError::field(
            "balasan",
            "required",
            "Tulis balasan untuk pemohon",
        ));
    }
    if balasan.chars().count() > eptsp_core::complaint::MAX_TEXT {
        return Err(ApiError::field(
            "balasan",
            "too_long",
            "Balasan paling banyak 4000 karakter",
        ));
    }
    let mut tx = state.db.begin().await?;
    let owner = complaints::answer(&mut tx, id, balasan, req.status, user.user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    crate::inbox::post(
        &mut tx,
        owner,
        "aduan",
        &format!("Balasan pengaduan Anda ({})", req.status.label()),
        balasan,
        None,
    )
    .await?;
    crate::lifecycle::audit(
        &mut tx,
        user.user_id,
        "balas_aduan",
        None,
        serde_json::json!({ "complaint": id, "status": req.status.as_str() }),
    )
    .await?;
    tx.commit().await?;
    let email = crate::users::contact(&state.db, owner).await?;
    // The reply is saved: a failure to queue its e-mail must not make the officer send it
    // again (the applicant sees it in the app either way).
    if let Some((email, nama)) = email
        && let Err(e) = crate::mail::enqueue(
            &state,
            &email,
            "Balasan pengaduan Anda",
            &format!("Yth. {nama},\n\nPetugas DPMPTSP membalas pengaduan Anda:\n\n{balasan}\n\nDPMPTSP Provinsi Kalimantan Timur"),
        )
        .await
    {
        tracing::warn!(error = %e, "complaint reply e-mail not queued");
    }
    Ok(AppJson(complaints::one(&state.db, id).await?))
}
