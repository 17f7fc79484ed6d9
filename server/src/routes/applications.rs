//! Submitting an application. The client's id is the idempotency key: the same
//! submission sent again (after a timeout, a crash) returns the same resi and never makes a
//! second application. Every step is checked again here with eptsp-core's rules, against
//! the server's catalogue and the files it holds.

use std::collections::HashMap;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::extract::State;
use eptsp_core::api::FieldError;
use eptsp_core::calendar::{add_working_days, format_date, today_wita};
use eptsp_core::catalogue::ApplicationKind;
use eptsp_core::dossier::{Attachment, STEPS};
use eptsp_core::files::{FileInfo, FileKind};
use eptsp_core::izin::SignedIzin;
use eptsp_core::lifecycle::{Action, Status};
use eptsp_core::office::{ApplicationView, PermitState, PermitView, RevisionRequest};
use eptsp_core::resi::Resi;
use eptsp_core::submission::{SubmitRequest, SubmitResponse, SubmittedFile, is_sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::AppState;
use crate::auth::session::AuthUser;
use crate::catalogue;
use crate::error::{ApiError, ApiResult, AppJson, AppPath, AppQuery};
pub use eptsp_core::submission::ChangesQuery;

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

/// Checks a dossier as the desktop did, against the server's catalogue and the files it
/// holds (their kinds read from the stored bytes); returns the data with its attachments
/// named by SHA-256.
async fn checked(
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
    let kinds: HashMap<String, FileInfo> = sqlx::query_as::<_, (String, String, i64)>(
        "SELECT sha256, kind, size FROM blobs WHERE sha256 = ANY($1)",
    )
    .bind(&shas)
    .fetch_all(&state.db)
    .await?
    .into_iter()
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
        errors.extend(data.check_step(step, &cat, &|sha| kinds.get(sha).copied()));
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

    let data = checked(&state, &req.data, &req.files).await?;
    let kind = data.kind.expect("checked in step 1");
    // The office's clock starts: verification within the permit type's working days.
    let ver_days: i32 =
        sqlx::query_scalar("SELECT sla_verifikasi_days FROM permit_types WHERE id = $1")
            .bind(&data.permit_type_id)
            .fetch_one(&state.db)
            .await?;
    let sla_due = add_working_days(today_wita(), ver_days as u32);

    for _ in 0..5 {
        let resi = Resi::from_random(OsRng.next_u64() >> 14);
        let mut tx = state.db.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO applications (id, user_id, resi, permit_type_id, kind, data, status, sla_due, catalogue_version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (SELECT version FROM catalogue_meta)) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(user.user_id)
        .bind(resi.as_str())
        .bind(&data.permit_type_id)
        .bind(kind.as_str())
        .bind(sqlx::types::Json(&data))
        .bind(STATUS_DIAJUKAN)
        .bind(sla_due)
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

async fn view_of(state: &AppState, user: &AuthUser, id: Uuid) -> ApiResult<ApplicationView> {
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
    let expected_completion = match status {
        Status::Diajukan | Status::Verifikasi => r
            .sla_due
            .map(|d| add_working_days(d, r.sla_ttd_days as u32)),
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
        },
    )
    .await?;
    sqlx::query("UPDATE applications SET data = $2, version = version + 1 WHERE id = $1")
        .bind(id)
        .bind(sqlx::types::Json(&data))
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM application_files WHERE application_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for f in &req.files {
        sqlx::query("INSERT INTO application_files (application_id, requirement_id, sha256) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(f.requirement_id)
            .bind(&f.sha256)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(AppJson(view_of(&state, &user, id).await?))
}

/// The permits issued to the caller (Izin Aktif / Izin Kadaluarsa), as signed.
pub async fn permits(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<AppJson<Vec<PermitView>>> {
    let rows: Vec<(String, String, Option<time::Date>, bool)> = sqlx::query_as(
        "SELECT p.content, p.signature, p.valid_until, p.revoked_at IS NOT NULL
         FROM permits p JOIN applications a ON a.id = p.application_id
         WHERE a.user_id = $1 ORDER BY p.issued_on DESC, p.nomor DESC",
    )
    .bind(user.user_id)
    .fetch_all(&state.db)
    .await?;
    let today = today_wita();
    rows.into_iter()
        .map(|(content, signature, valid_until, revoked)| {
            Ok(PermitView {
                izin: SignedIzin {
                    content: serde_json::from_str(&content).map_err(anyhow::Error::from)?,
                    signature,
                },
                state: permit_state(valid_until, revoked, today),
            })
        })
        .collect::<ApiResult<Vec<_>>>()
        .map(AppJson)
}

pub fn permit_state(
    valid_until: Option<time::Date>,
    revoked: bool,
    today: time::Date,
) -> PermitState {
    if revoked {
        PermitState::Dicabut
    } else if valid_until.is_some_and(|d| d < today) {
        PermitState::Kadaluarsa
    } else {
        PermitState::Aktif
    }
}

/// The tracking entries of the caller's applications after `since`, oldest first, at most
/// 500 at a time.
pub async fn changes(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(q): AppQuery<ChangesQuery>,
) -> ApiResult<AppJson<eptsp_core::submission::Changes>> {
    // Paged by the position given at commit (migration 0012), never by the id: a cursor
    // cannot pass a change still being written.
    let rows: Vec<(i64, i64, Uuid, String, String, String, OffsetDateTime)> = sqlx::query_as(
        "SELECT t.pos, t.id, a.id, a.resi, t.status, t.note, t.at FROM tracking t JOIN applications a ON a.id = t.application_id
         WHERE a.user_id = $1 AND t.pos > $2 ORDER BY t.pos LIMIT 500",
    )
    .bind(user.user_id)
    .bind(q.since)
    .fetch_all(&state.db)
    .await?;
    let cursor = rows.last().map_or(q.since, |r| r.0);
    let changes = rows
        .into_iter()
        .map(|(_, seq, id, resi, status, note, at)| {
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
