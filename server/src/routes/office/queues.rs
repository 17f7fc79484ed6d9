//! The verifier's side of the work lists: the queues (waiting for review, waiting for a
//! signature) and taking or giving back an application, so two officers never hold one.

use axum::extract::State;
use eptsp_core::calendar::format_date;
use eptsp_core::lifecycle::{Action, Status};
use eptsp_core::office::{Dossier, QueueItem, QueueQuery};
use time::OffsetDateTime;
use uuid::Uuid;

use super::dossiers::dossier_of;
use super::{parse_id, resi_display, rfc3339};
use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::{ApiError, ApiResult, AppJson, AppPath, AppQuery};
use crate::lifecycle::{self, Move};

#[derive(sqlx::FromRow)]
struct QueueRow {
    id: Uuid,
    resi: String,
    agency_id: String,
    permit_type_id: String,
    jenis_izin: String,
    kind: String,
    status: String,
    pemohon: String,
    submitted_at: OffsetDateTime,
    sla_due: Option<time::Date>,
    revision_due: Option<time::Date>,
    revision_extended: bool,
    claimed_by: Option<Uuid>,
    claimed_by_name: Option<String>,
    version: i32,
}

async fn queue_of(
    state: &AppState,
    user: &AuthUser,
    statuses: &[Status],
    lapsed_too: bool,
    q: &QueueQuery,
) -> ApiResult<Vec<QueueItem>> {
    let statuses: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    let today = state.clock.today_wita();
    let rows: Vec<QueueRow> = sqlx::query_as(
        "SELECT a.id, a.resi, t.agency_id, a.permit_type_id, t.name AS jenis_izin, a.kind, a.status,
                u.nama AS pemohon, a.submitted_at, a.sla_due, a.revision_due, a.revision_extended, a.claimed_by, c.nama AS claimed_by_name, a.version
         FROM applications a
         JOIN permit_types t ON t.id = a.permit_type_id
         JOIN users u ON u.id = a.user_id
         LEFT JOIN users c ON c.id = a.claimed_by
         WHERE (a.status = ANY($1) OR ($6 AND a.status = 'perlu_perbaikan' AND a.revision_due < $5))
           AND ($2::text IS NULL OR t.agency_id = $2)
           AND ($3::text IS NULL OR a.permit_type_id = $3)
           AND (NOT $4 OR a.sla_due < $5 OR a.revision_due < $5)
         ORDER BY COALESCE(a.sla_due, a.revision_due) NULLS LAST, a.submitted_at
         LIMIT 500",
    )
    .bind(&statuses)
    .bind(q.agency_id.as_deref().filter(|s| !s.is_empty()))
    .bind(q.permit_type_id.as_deref().filter(|s| !s.is_empty()))
    .bind(q.overdue)
    .bind(today)
    .bind(lapsed_too)
    .fetch_all(&state.db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(QueueItem {
                id: r.id.to_string(),
                resi: resi_display(&r.resi),
                agency_id: r.agency_id,
                permit_type_id: r.permit_type_id,
                jenis_izin: r.jenis_izin,
                kind: r.kind,
                status: Status::parse(&r.status)
                    .ok_or_else(|| anyhow::anyhow!("status {}", r.status))?,
                pemohon: r.pemohon,
                submitted_at: rfc3339(r.submitted_at)?,
                sla_due: r.sla_due.map(format_date),
                revision_due: r.revision_due.map(format_date),
                overdue: r.sla_due.or(r.revision_due).is_some_and(|d| d < today),
                // Only a verifier acts on a lapsed revision (the signer's queue has none).
                lapse_actions: match r.revision_due {
                    Some(due) if user.role == eptsp_core::Role::Verifikator => state
                        .config
                        .revision_lapse
                        .actions(due < today, r.revision_extended),
                    _ => vec![],
                },
                claimed_by_me: r.claimed_by == Some(user.user_id),
                claimed_by: r.claimed_by_name,
                version: r.version,
            })
        })
        .collect()
}

/// Applications waiting for verification, the closest deadline first.
pub async fn queue(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(q): AppQuery<QueueQuery>,
) -> ApiResult<AppJson<Vec<QueueItem>>> {
    // By default the ones waiting for the office: new, under review, and revisions that
    // lapsed (a verifier decides what becomes of them).
    let (statuses, lapsed_too) = match q.status {
        Some(s) => (vec![s], false),
        None => (vec![Status::Diajukan, Status::Verifikasi], true),
    };
    Ok(AppJson(
        queue_of(&state, &user, &statuses, lapsed_too, &q).await?,
    ))
}

/// Approved applications waiting for the head of office's signature.
pub async fn signing_queue(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<AppJson<Vec<QueueItem>>> {
    Ok(AppJson(
        queue_of(
            &state,
            &user,
            &[Status::Disetujui],
            false,
            &QueueQuery::default(),
        )
        .await?,
    ))
}

/// Takes an application for review. Two verifiers cannot hold the same one: the second is
/// told who has it. A new application moves to Verifikasi.
pub async fn claim(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
) -> ApiResult<AppJson<Dossier>> {
    let id = parse_id(&id)?;
    let mut tx = state.db.begin().await?;
    let app = lifecycle::lock(&mut tx, id).await?;
    if let Some(holder) = app.claimed_by.filter(|h| *h != user.user_id) {
        let name = sqlx::query_scalar!("SELECT nama FROM users WHERE id = $1", holder)
            .fetch_one(&mut *tx)
            .await?;
        return Err(ApiError::Conflict {
            code: "claimed",
            message: format!("Permohonan ini sedang ditangani oleh {name}"),
            field: "id",
        });
    }
    let status = app.status()?;
    if !matches!(
        status,
        Status::Diajukan | Status::Verifikasi | Status::PerluPerbaikan
    ) {
        return Err(ApiError::Conflict {
            code: "not_in_review",
            message: format!(
                "Permohonan berstatus {} tidak dalam tahap verifikasi",
                status.label()
            ),
            field: "id",
        });
    }
    sqlx::query!(
        "UPDATE applications SET claimed_by = $2, claimed_at = now() WHERE id = $1",
        id,
        user.user_id
    )
    .execute(&mut *tx)
    .await?;
    if status == Status::Diajukan {
        lifecycle::apply(
            &mut tx,
            &app,
            &Move {
                key: Uuid::new_v4(),
                actor: user.user_id,
                role: user.role,
                action: Action::MulaiVerifikasi,
                note: "",
                checklist: &[],
                today: state.clock.today_wita(),
            },
        )
        .await?;
    }
    lifecycle::audit(
        &mut tx,
        user.user_id,
        "ambil",
        Some(id),
        serde_json::json!({}),
    )
    .await?;
    if status == Status::Diajukan {
        lifecycle::mail_applicant(
            &mut tx,
            id,
            Status::Verifikasi,
            Action::MulaiVerifikasi.default_note(),
        )
        .await?;
    }
    tx.commit().await?;
    state.mail_queued.notify_one();
    Ok(AppJson(dossier_of(&state, &user, id).await?))
}

/// Gives an application back to the queue.
pub async fn release(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
) -> ApiResult<AppJson<eptsp_core::api::MessageResponse>> {
    let id = parse_id(&id)?;
    let mut tx = state.db.begin().await?;
    let app = lifecycle::lock(&mut tx, id).await?;
    if app.claimed_by != Some(user.user_id) {
        return Err(ApiError::Conflict {
            code: "not_claimed",
            message: "Permohonan ini tidak sedang Anda tangani".to_owned(),
            field: "id",
        });
    }
    sqlx::query!(
        "UPDATE applications SET claimed_by = NULL, claimed_at = NULL WHERE id = $1",
        id
    )
    .execute(&mut *tx)
    .await?;
    lifecycle::audit(
        &mut tx,
        user.user_id,
        "lepas",
        Some(id),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(AppJson(eptsp_core::api::MessageResponse {
        message: "Permohonan dikembalikan ke antrian".to_owned(),
    }))
}
