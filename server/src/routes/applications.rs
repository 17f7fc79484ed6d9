//! Submitting an application. The client's id is the idempotency key: the same
//! submission sent again (after a timeout, a crash) returns the same resi and never makes a
//! second application. Every step is checked again here with eptsp-core's rules, against
//! the server's catalogue and the files it holds.

use std::collections::HashMap;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::extract::{Path, State};
use eptsp_core::Role;
use eptsp_core::api::FieldError;
use eptsp_core::catalogue::ApplicationKind;
use eptsp_core::dossier::{Attachment, STEPS};
use eptsp_core::files::FileKind;
use eptsp_core::resi::Resi;
use eptsp_core::submission::{SubmitRequest, SubmitResponse, is_sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::AppState;
use crate::auth::session::AuthUser;
use crate::catalogue;
use crate::error::{ApiError, ApiResult, AppJson};

pub const STATUS_DIAJUKAN: &str = "diajukan";

#[derive(sqlx::FromRow)]
struct ApplicationRow {
    id: Uuid,
    user_id: Uuid,
    resi: String,
    permit_type_id: String,
    kind: String,
    status: String,
    submitted_at: OffsetDateTime,
}

impl TryFrom<ApplicationRow> for SubmitResponse {
    type Error = ApiError;

    fn try_from(r: ApplicationRow) -> Result<Self, ApiError> {
        Ok(SubmitResponse {
            id: r.id.to_string(),
            resi: Resi::parse(&r.resi)
                .map_err(|e| anyhow::anyhow!("stored resi {}: {e}", r.resi))?
                .to_string(),
            permit_type_id: r.permit_type_id,
            kind: ApplicationKind::parse(&r.kind)
                .ok_or_else(|| anyhow::anyhow!("bad kind {}", r.kind))?,
            status: r.status,
            submitted_at: r
                .submitted_at
                .format(&Rfc3339)
                .map_err(anyhow::Error::from)?,
        })
    }
}

async fn find(state: &AppState, id: Uuid) -> ApiResult<Option<ApplicationRow>> {
    Ok(sqlx::query_as(
        "SELECT id, user_id, resi, permit_type_id, kind, status, submitted_at FROM applications WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&state.db)
    .await?)
}

fn existing(row: ApplicationRow, user: &AuthUser) -> ApiResult<AppJson<SubmitResponse>> {
    if row.user_id != user.user_id {
        return Err(ApiError::Conflict {
            code: "id_taken",
            message: "Nomor permohonan sudah dipakai".to_owned(),
            field: "id",
        });
    }
    Ok(AppJson(row.try_into()?))
}

#[utoipa::path(post, path = "/api/v1/applications", tag = "applications", security(("bearer" = [])), request_body = SubmitRequest,
    responses((status = 200, body = SubmitResponse), (status = 422, body = eptsp_core::api::ApiErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    user: AuthUser,
    AppJson(req): AppJson<SubmitRequest>,
) -> ApiResult<AppJson<SubmitResponse>> {
    user.require(&[Role::Pemohon])?;
    let id = Uuid::parse_str(&req.id)
        .map_err(|_| ApiError::field("id", "id_format", "Nomor permohonan tidak valid"))?;
    if let Some(row) = find(&state, id).await? {
        return existing(row, &user);
    }

    // The files must be ones the server holds; their kinds come from the stored bytes.
    let shas: Vec<String> = req.files.iter().map(|f| f.sha256.clone()).collect();
    if shas.iter().any(|s| !is_sha256(s)) {
        return Err(ApiError::field(
            "files",
            "sha256_format",
            "Daftar file tidak valid",
        ));
    }
    let kinds: HashMap<String, FileKind> = sqlx::query_as::<_, (String, String)>(
        "SELECT sha256, kind FROM blobs WHERE sha256 = ANY($1)",
    )
    .bind(&shas)
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .filter_map(|(s, k)| Some((s, FileKind::parse(&k)?)))
    .collect();
    let mut data = req.data.clone();
    data.attachments = req
        .files
        .iter()
        .map(|f| Attachment {
            requirement_id: f.requirement_id,
            file_id: f.sha256.clone(),
        })
        .collect();
    let cat = catalogue::load(&state.db).await?;
    let mut errors: Vec<FieldError> = Vec::new();
    for step in 1..=STEPS {
        errors.extend(data.check_step(step, &cat, &|sha| kinds.get(sha).copied()));
    }
    if !errors.is_empty() {
        // The first reason is the summary the applicant sees on the draft.
        return Err(ApiError::Validation {
            code: "application_refused",
            message: format!("Permohonan belum dapat diterima: {}", errors[0].message),
            fields: errors,
        });
    }
    let kind = data.kind.expect("checked in step 1");

    for _ in 0..5 {
        let resi = Resi::from_random(OsRng.next_u64() >> 14);
        let mut tx = state.db.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO applications (id, user_id, resi, permit_type_id, kind, data, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(user.user_id)
        .bind(resi.as_str())
        .bind(&data.permit_type_id)
        .bind(kind.as_str())
        .bind(sqlx::types::Json(&data))
        .bind(STATUS_DIAJUKAN)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            tx.rollback().await?;
            // Either the same submission won a race, or (rarely) the resi was taken.
            if let Some(row) = find(&state, id).await? {
                return existing(row, &user);
            }
            continue;
        }
        for f in &req.files {
            sqlx::query("INSERT INTO application_files (application_id, requirement_id, sha256) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(f.requirement_id)
                .bind(&f.sha256)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO tracking (application_id, status, note, actor) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(STATUS_DIAJUKAN)
        .bind("Permohonan diterima dan menunggu verifikasi")
        .bind(user.user_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        tracing::info!(application = %id, resi = %resi, "application submitted");
        let row = find(&state, id).await?.ok_or(ApiError::NotFound)?;
        return Ok(AppJson(row.try_into()?));
    }
    Err(anyhow::anyhow!("no free resi after 5 draws").into())
}

#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "applications", security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 200, body = SubmitResponse), (status = 404)))]
pub async fn get_own(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<AppJson<SubmitResponse>> {
    user.require(&[Role::Pemohon])?;
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
    match find(&state, id).await? {
        Some(row) if row.user_id == user.user_id => Ok(AppJson(row.try_into()?)),
        _ => Err(ApiError::NotFound),
    }
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct ChangesQuery {
    /// The last `seq` the client has (0 for everything).
    #[serde(default)]
    pub since: i64,
}

/// The tracking entries of the caller's applications after `since`, oldest first, at most
/// 500 at a time.
#[utoipa::path(get, path = "/api/v1/changes", tag = "applications", security(("bearer" = [])), params(ChangesQuery),
    responses((status = 200, body = eptsp_core::submission::Changes)))]
pub async fn changes(
    State(state): State<AppState>,
    user: AuthUser,
    axum::extract::Query(q): axum::extract::Query<ChangesQuery>,
) -> ApiResult<AppJson<eptsp_core::submission::Changes>> {
    user.require(&[Role::Pemohon])?;
    let rows: Vec<(i64, Uuid, String, String, String, OffsetDateTime)> = sqlx::query_as(
        "SELECT t.id, a.id, a.resi, t.status, t.note, t.at FROM tracking t JOIN applications a ON a.id = t.application_id
         WHERE a.user_id = $1 AND t.id > $2 ORDER BY t.id LIMIT 500",
    )
    .bind(user.user_id)
    .bind(q.since)
    .fetch_all(&state.db)
    .await?;
    let cursor = rows.last().map_or(q.since, |r| r.0);
    let changes = rows
        .into_iter()
        .map(|(seq, id, resi, status, note, at)| {
            Ok(eptsp_core::submission::Change {
                seq,
                application_id: id.to_string(),
                resi: Resi::parse(&resi)
                    .map_err(|e| anyhow::anyhow!("{e}"))?
                    .to_string(),
                status,
                note,
                at: at.format(&Rfc3339).map_err(anyhow::Error::from)?,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(AppJson(eptsp_core::submission::Changes { changes, cursor }))
}
