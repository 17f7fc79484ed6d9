//! A new application: the dossier checked again on the server, then stored once under
//! the client's id with a fresh resi, its files and its first tracking entry.

use std::collections::HashMap;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::extract::State;
use eptsp_core::api::FieldError;
use eptsp_core::catalogue::ApplicationKind;
use eptsp_core::dossier::{Attachment, STEPS};
use eptsp_core::files::{FileInfo, FileKind};
use eptsp_core::resi::Resi;
use eptsp_core::submission::{SubmitRequest, SubmitResponse, is_sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use super::STATUS_DIAJUKAN;
use crate::AppState;
use crate::auth::session::AuthUser;
use crate::catalogue;
use crate::error::{ApiError, ApiResult, AppJson};

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
            status: crate::lifecycle::stored(&r.status)?,
            submitted_at: r
                .submitted_at
                .format(&Rfc3339)
                .map_err(anyhow::Error::from)?,
        })
    }
}

async fn find(state: &AppState, id: Uuid) -> ApiResult<Option<ApplicationRow>> {
    Ok(sqlx::query_as!(
        ApplicationRow,
        "SELECT id, user_id, resi, permit_type_id, kind, status, submitted_at
         FROM applications WHERE id = $1",
        id
    )
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

/// Checks a dossier as the desktop did, against the server's catalogue and the files it
/// holds (their kinds read from the stored bytes); returns the data with its attachments
/// named by SHA-256.
pub(super) async fn checked(
    state: &AppState,
    data: &eptsp_core::dossier::DraftData,
    files: &[eptsp_core::submission::SubmittedFile],
) -> ApiResult<eptsp_core::dossier::DraftData> {
    // The files must be ones the server holds; their kinds come from the stored bytes.
    let shas: Vec<String> = files.iter().map(|f| f.sha256.clone()).collect();
    if shas.iter().any(|s| !is_sha256(s)) {
        return Err(ApiError::field(
            "files",
            "sha256_format",
            "Daftar file tidak valid",
        ));
    }
    let kinds: HashMap<String, FileInfo> = sqlx::query!(
        "SELECT sha256, kind, size FROM blobs WHERE sha256 = ANY($1)",
        &shas
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|r| (r.sha256, r.kind, r.size))
    .filter_map(|(s, k, size)| {
        let kind = FileKind::parse(&k)?;
        Some((
            s,
            FileInfo {
                kind,
                size: size as u64,
            },
        ))
    })
    .collect();
    let mut data = data.clone();
    // "0" and "-" in the company step mean "no company": kept as empty.
    data.perusahaan = data.perusahaan.cleaned();
    data.attachments = files
        .iter()
        .map(|f| Attachment {
            requirement_id: f.requirement_id,
            file_id: f.sha256.clone(),
        })
        .collect();
    let cat = catalogue::load(&state.db).await?;
    let mut errors: Vec<FieldError> = Vec::new();
    for step in 1..=STEPS {
        // On the server an attachment names the bytes received: their size is what was sent.
        errors.extend(data.check_step(step, &cat, &|a| kinds.get(&a.file_id).copied()));
    }
    // The site against its Kab/Kota, as the desktop checks it (once the form's checks pass).
    if !errors.iter().any(|e| e.field.starts_with("lokasi.")) {
        errors.extend(eptsp_geo::site::location_errors(&data.lokasi));
    }
    if !errors.is_empty() {
        // The first reason is the summary the applicant sees on the draft.
        return Err(ApiError::Validation {
            code: "application_refused",
            message: format!("Permohonan belum dapat diterima: {}", errors[0].message),
            fields: errors,
        });
    }
    Ok(data)
}

/// The application whose permit a Perpanjangan renews: one of the applicant's own, of the
/// same permit type, its permit issued and not revoked. Another kind renews nothing.
async fn renewed(
    state: &AppState,
    user: &AuthUser,
    data: &eptsp_core::dossier::DraftData,
    kind: ApplicationKind,
) -> ApiResult<Option<Uuid>> {
    let Some(given) = data
        .renews
        .as_deref()
        .filter(|_| kind == ApplicationKind::Perpanjangan)
    else {
        return Ok(None);
    };
    let unknown = || {
        ApiError::field(
            "renews",
            "renews_unknown",
            "Izin yang diperpanjang tidak ditemukan di akun Anda",
        )
    };
    let id = Uuid::parse_str(given).map_err(|_| unknown())?;
    let revoked = sqlx::query_scalar!(
        r#"SELECT p.revoked_at IS NOT NULL AS "revoked!" FROM applications a
           JOIN permits p ON p.application_id = a.id
           WHERE a.id = $1 AND a.user_id = $2 AND a.permit_type_id = $3"#,
        id,
        user.user_id,
        data.permit_type_id
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(unknown)?;
    if revoked {
        return Err(ApiError::field(
            "renews",
            "renews_revoked",
            "Izin yang telah dicabut tidak dapat diperpanjang",
        ));
    }
    Ok(Some(id))
}

pub async fn submit(
    State(state): State<AppState>,
    user: AuthUser,
    AppJson(req): AppJson<SubmitRequest>,
) -> ApiResult<AppJson<SubmitResponse>> {
    let id = Uuid::parse_str(&req.id)
        .map_err(|_| ApiError::field("id", "id_format", "Nomor permohonan tidak valid"))?;
    if let Some(row) = find(&state, id).await? {
        return existing(row, &user);
    }

    let mut data = checked(&state, &req.data, &req.files).await?;
    let kind = data.kind.expect("checked in step 1");
    let renews = renewed(&state, &user, &data, kind).await?;
    if renews.is_none() {
        data.renews = None;
    }
    // The office's clock starts: verification within the permit type's working days.
    let ver_days = sqlx::query_scalar!(
        "SELECT sla_verifikasi_days FROM permit_types WHERE id = $1",
        data.permit_type_id
    )
    .fetch_one(&state.db)
    .await?;
    let sla_due = crate::holidays::calendar(&state.db)
        .await?
        .add_working_days(state.clock.today_wita(), ver_days as u32);

    for _ in 0..5 {
        let resi = Resi::from_random(OsRng.next_u64() >> 14);
        let mut tx = state.db.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO applications (id, user_id, resi, permit_type_id, kind, data, status, sla_due, catalogue_version, renews)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (SELECT version FROM catalogue_meta), $9) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(user.user_id)
        .bind(resi.as_str())
        .bind(&data.permit_type_id)
        .bind(kind.as_str())
        .bind(sqlx::types::Json(&data))
        .bind(STATUS_DIAJUKAN)
        .bind(sla_due)
        .bind(renews)
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
            sqlx::query!(
                "INSERT INTO application_files (application_id, requirement_id, sha256)
                 VALUES ($1, $2, $3)",
                id,
                f.requirement_id,
                f.sha256
            )
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query!(
            "INSERT INTO tracking (application_id, status, note, actor) VALUES ($1, $2, $3, $4)",
            id,
            STATUS_DIAJUKAN,
            "Permohonan diterima dan menunggu verifikasi",
            user.user_id
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        tracing::info!(application = %id, resi = %resi, "application submitted");
        let row = find(&state, id).await?.ok_or(ApiError::NotFound)?;
        return Ok(AppJson(row.try_into()?));
    }
    Err(anyhow::anyhow!("no free resi after 5 draws").into())
}
