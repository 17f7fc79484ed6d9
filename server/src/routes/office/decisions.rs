//! The verifier's decision on a claimed application (approve, return for revision,
//! reject), with its checklist checked against the permit type's requirements.

use axum::extract::State;
use eptsp_core::api::FieldError;
use eptsp_core::calendar::{format_date, format_date_long};
use eptsp_core::lifecycle::{Action, Status};
use eptsp_core::office::{DecisionRequest, DecisionResult, LapseRequest, RevisionLapse};
use uuid::Uuid;

use super::parse_id;
use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::{ApiError, ApiResult, AppJson, AppPath};
use crate::lifecycle::{self, Move};

async fn result_of(state: &AppState, id: Uuid) -> ApiResult<DecisionResult> {
    let (status, version, sla_due, revision_due): (
        String,
        i32,
        Option<time::Date>,
        Option<time::Date>,
    ) = sqlx::query_as(
        "SELECT status, version, sla_due, revision_due FROM applications WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&state.db)
    .await?;
    Ok(DecisionResult {
        application_id: id.to_string(),
        status: Status::parse(&status).ok_or_else(|| anyhow::anyhow!("status"))?,
        version,
        sla_due: sla_due.map(format_date),
        revision_due: revision_due.map(format_date),
    })
}

/// The decision's idempotency key `key` for application `id`: `Ok` with it when it is new,
/// `Err` with the result when a decision under it was already applied there (a lost answer
/// sent again); refused when the key names another application.
async fn replayed(
    state: &AppState,
    key: &str,
    id: Uuid,
) -> ApiResult<Result<Uuid, DecisionResult>> {
    let key = Uuid::parse_str(key)
        .map_err(|_| ApiError::field("id", "id_format", "Nomor keputusan tidak valid"))?;
    match lifecycle::already_applied(state, key).await? {
        None => Ok(Ok(key)),
        Some(app) if app == id => Ok(Err(result_of(state, id).await?)),
        Some(_) => Err(ApiError::field(
            "id",
            "id_taken",
            "Nomor keputusan sudah dipakai",
        )),
    }
}

/// Approve (forward to signing), return for revision with notes per requirement, or
/// reject with a reason. Idempotent by the decision's id; refused when the dossier has
/// changed since the version reviewed.
pub async fn decide(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
    AppJson(req): AppJson<DecisionRequest>,
) -> ApiResult<AppJson<DecisionResult>> {
    let id = parse_id(&id)?;
    let key = match replayed(&state, &req.id, id).await? {
        Ok(key) => key,
        Err(done) => return Ok(AppJson(done)),
    };
    if let Err(e) = req.check() {
        return Err(ApiError::field_error(e));
    }
    let note = req.note.trim();
    let mut tx = state.db.begin().await?;
    let app = lifecycle::lock(&mut tx, id).await?;
    if app.claimed_by != Some(user.user_id) {
        return Err(ApiError::Conflict {
            code: "not_claimed",
            message: "Ambil permohonan ini terlebih dahulu sebelum memutuskan".to_owned(),
            field: "id",
        });
    }
    // Waiting for the applicant: only a lapsed revision is decided, through `lapse`.
    if app.status()? == Status::PerluPerbaikan {
        return Err(ApiError::Conflict {
            code: "transition_refused",
            message: "Permohonan sedang menunggu perbaikan dari pemohon".to_owned(),
            field: "action",
        });
    }
    if app.version != req.version {
        return Err(ApiError::Conflict {
            code: "stale_version",
            message: format!(
                "Berkas telah berubah sejak Anda memeriksanya (versi {} kini versi {}). Muat ulang dan periksa kembali.",
                req.version, app.version
            ),
            field: "version",
        });
    }
    check_checklist(&mut tx, &app.permit_type_id, &req.checklist).await?;
    let to = lifecycle::apply(
        &mut tx,
        &app,
        &Move {
            key,
            actor: user.user_id,
            role: user.role,
            action: req.action,
            note,
            checklist: &req.checklist,
            today: state.clock.today_wita(),
        },
    )
    .await?;
    // A valid move: then every document must have been judged (the transaction is
    // dropped, and so undone, when one was not).
    let attached: Vec<i32> = sqlx::query_scalar!(
        "SELECT requirement_id FROM application_files WHERE application_id = $1",
        id
    )
    .fetch_all(&mut *tx)
    .await?;
    if let Err(e) = req.check_covers(&attached) {
        return Err(ApiError::field_error(e));
    }
    let mail_note = if note.is_empty() {
        req.action.default_note()
    } else {
        note
    };
    // Queued in the decision's transaction: the e-mail goes if and only if it happened.
    lifecycle::mail_applicant(&mut tx, id, to, mail_note).await?;
    tx.commit().await?;
    state.mail_queued.notify_one();
    Ok(AppJson(result_of(&state, id).await?))
}

/// Each checklist line must name a requirement of the application's permit type, once.
async fn check_checklist(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    permit_type_id: &str,
    checklist: &[eptsp_core::office::ReviewItem],
) -> ApiResult<()> {
    let known: std::collections::HashSet<i32> = sqlx::query_scalar!(
        "SELECT id FROM requirements WHERE permit_type_id = $1",
        permit_type_id
    )
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .collect();
    let mut seen = std::collections::HashSet::new();
    let mut errors = Vec::new();
    for (i, item) in checklist.iter().enumerate() {
        let field = format!("checklist.{i}.requirement_id");
        if !known.contains(&item.requirement_id) {
            errors.push(FieldError::custom(
                &field,
                "requirement_unknown",
                "Persyaratan ini bukan milik jenis izin permohonan",
            ));
        } else if !seen.insert(item.requirement_id) {
            errors.push(FieldError::custom(
                &field,
                "requirement_duplicate",
                "Persyaratan ini dinilai lebih dari sekali",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::fields(errors))
    }
}

/// A revision the applicant did not send by its deadline: a verifier extends it once
/// (where the office's rule allows) or rejects the application as lapsed. Not before the
/// deadline has passed. Idempotent by the decision's id; two verifiers at once: one wins,
/// the other is told what happened.
pub async fn lapse(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
    AppJson(req): AppJson<LapseRequest>,
) -> ApiResult<AppJson<DecisionResult>> {
    let id = parse_id(&id)?;
    let key = match replayed(&state, &req.id, id).await? {
        Ok(key) => key,
        Err(done) => return Ok(AppJson(done)),
    };
    if !matches!(req.action, Action::PerpanjangBatas | Action::Tolak) {
        return Err(ApiError::field(
            "action",
            "action",
            "Untuk revisi yang lewat batas: Perpanjang Batas Perbaikan atau Tolak",
        ));
    }
    if req.note.chars().count() > 2000 {
        return Err(ApiError::field_error(FieldError::new(
            "note",
            eptsp_core::validate::Invalid::TooLong { max: 2000 },
        )));
    }
    let today = state.clock.today_wita();
    let mut tx = state.db.begin().await?;
    let app = lifecycle::lock(&mut tx, id).await?;
    let conflict = |code: &'static str, message: String| ApiError::Conflict {
        code,
        message,
        field: "action",
    };
    if app.status()? != Status::PerluPerbaikan {
        return Err(conflict(
            "not_revising",
            format!(
                "Permohonan ini tidak sedang menunggu perbaikan (status: {})",
                app.status()?.label()
            ),
        ));
    }
    let due = app
        .revision_due
        .ok_or_else(|| anyhow::anyhow!("a return for revision without its deadline"))?;
    let allowed = state
        .config
        .revision_lapse
        .actions(due < today, app.revision_extended);
    if !allowed.contains(&req.action) {
        let message = if due >= today && app.revision_extended {
            // Another verifier extended it a moment ago.
            format!(
                "Batas perbaikan sudah diperpanjang hingga {}.",
                format_date_long(due)
            )
        } else if due >= today {
            format!(
                "Batas perbaikan ({}) belum lewat; pemohon masih dapat mengirim revisi.",
                format_date_long(due)
            )
        } else if state.config.revision_lapse == RevisionLapse::Tolak {
            "Kantor tidak memberi perpanjangan: revisi yang lewat batas ditolak.".to_owned()
        } else {
            "Batas perbaikan sudah pernah diperpanjang satu kali; permohonan ini hanya dapat ditolak."
                .to_owned()
        };
        return Err(conflict("lapse_refused", message));
    }
    let words = req.note.trim();
    let note = match req.action {
        Action::PerpanjangBatas => {
            let until = crate::holidays::calendar(&state.db)
                .await?
                .add_working_days(today, eptsp_core::office::REVISION_WORKING_DAYS);
            let base = format!(
                "Batas perbaikan diperpanjang hingga {}",
                format_date_long(until)
            );
            if words.is_empty() {
                base
            } else {
                format!("{base}. {words}")
            }
        }
        _ => {
            let base = format!(
                "Ditolak karena batas waktu perbaikan ({}) terlewati tanpa revisi",
                format_date_long(due)
            );
            if words.is_empty() {
                base
            } else {
                format!("{base}. {words}")
            }
        }
    };
    let to = lifecycle::apply(
        &mut tx,
        &app,
        &Move {
            key,
            actor: user.user_id,
            role: user.role,
            action: req.action,
            note: &note,
            checklist: &[],
            today,
        },
    )
    .await?;
    lifecycle::mail_applicant(&mut tx, id, to, &note).await?;
    tx.commit().await?;
    state.mail_queued.notify_one();
    Ok(AppJson(result_of(&state, id).await?))
}
