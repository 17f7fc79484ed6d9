//! Moving an application through its life (eptsp-core's state machine) inside a
//! transaction: the decision, the tracking entry the applicant pulls, the service-level
//! dates, the audit log, and the e-mail to the applicant.

use eptsp_core::Role;
use eptsp_core::calendar::format_date;
use eptsp_core::lifecycle::{Action, Status, transition};
use eptsp_core::office::{REVISION_WORKING_DAYS, ReviewItem};
use sqlx::{Postgres, Transaction};
use time::Date;
use uuid::Uuid;

use crate::AppState;
use crate::error::{ApiError, ApiResult};

/// The application row as the lifecycle needs it, locked for the transaction.
#[derive(Debug, Clone)]
pub struct Locked {
    pub id: Uuid,
    pub user_id: Uuid,
    pub resi: String,
    pub permit_type_id: String,
    pub status: String,
    pub version: i32,
    pub claimed_by: Option<Uuid>,
    pub sla_due: Option<Date>,
    pub sla_remaining: Option<i32>,
    /// The last day a return for revision may be answered (set while it waits for one).
    pub revision_due: Option<Date>,
    /// Whether the open return for revision has had its one extension.
    pub revision_extended: bool,
}

impl Locked {
    pub fn status(&self) -> ApiResult<Status> {
        stored(&self.status)
    }
}

/// A status as the database stores it (its wire name); an unknown one is a server fault.
pub fn stored(status: &str) -> ApiResult<Status> {
    Status::parse(status).ok_or_else(|| anyhow::anyhow!("unknown status {status}").into())
}

pub async fn lock(tx: &mut Transaction<'_, Postgres>, id: Uuid) -> ApiResult<Locked> {
    sqlx::query_as!(
        Locked,
        "SELECT id, user_id, resi, permit_type_id, status, version, claimed_by, sla_due, sla_remaining,
                revision_due, revision_extended
         FROM applications WHERE id = $1 FOR UPDATE",
        id
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(ApiError::NotFound)
}

/// Whether a decision or revision with this idempotency key was already applied.
pub async fn already_applied(state: &AppState, key: Uuid) -> ApiResult<Option<Uuid>> {
    Ok(
        sqlx::query_scalar!("SELECT application_id FROM decisions WHERE id = $1", key)
            .fetch_optional(&state.db)
            .await?,
    )
}

pub struct Move<'a> {
    pub key: Uuid,
    pub actor: Uuid,
    pub role: Role,
    pub action: Action,
    pub note: &'a str,
    pub checklist: &'a [ReviewItem],
    /// Today in Samarinda (`AppState::clock`): the service-level dates count from it.
    pub today: Date,
}

/// Applies `m` to the locked application: checks the transition, records it everywhere
/// and sets the service-level dates. Returns the new status.
pub async fn apply(
    tx: &mut Transaction<'_, Postgres>,
    app: &Locked,
    m: &Move<'_>,
) -> ApiResult<Status> {
    let from = app.status()?;
    let to = transition(from, m.action, m.role).map_err(|e| ApiError::Conflict {
        code: "transition_refused",
        message: e.to_string(),
        field: "action",
    })?;
    let note = if m.note.trim().is_empty() {
        m.action.default_note().to_owned()
    } else {
        m.note.trim().to_owned()
    };
    sqlx::query!(
        "INSERT INTO decisions (id, application_id, actor, action, from_status, to_status, version, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        m.key,
        app.id,
        m.actor,
        m.action.as_str(),
        from.as_str(),
        to.as_str(),
        app.version,
        note
    )
    .execute(&mut **tx)
    .await?;
    for item in m.checklist {
        sqlx::query!(
            "INSERT INTO review_items (decision_id, requirement_id, sesuai, note) VALUES ($1, $2, $3, $4)",
            m.key,
            item.requirement_id,
            item.sesuai,
            item.note.trim()
        )
        .execute(&mut **tx)
        .await?;
    }

    // Service levels: the office's clock per stage, paused during a revision.
    let today = m.today;
    let sla = sqlx::query!(
        "SELECT sla_verifikasi_days, sla_ttd_days FROM permit_types WHERE id = $1",
        app.permit_type_id
    )
    .fetch_one(&mut **tx)
    .await?;
    let (ver_days, ttd_days) = (sla.sla_verifikasi_days, sla.sla_ttd_days);
    let cal = crate::holidays::calendar(&mut **tx).await?;
    let (sla_due, sla_remaining, revision_due): (Option<Date>, Option<i32>, Option<Date>) = match to
    {
        // An extension: the same return, more days; the office's clock stays paused.
        Status::PerluPerbaikan if from == Status::PerluPerbaikan => (
            None,
            app.sla_remaining,
            Some(cal.add_working_days(today, REVISION_WORKING_DAYS)),
        ),
        Status::PerluPerbaikan => (
            None,
            Some(
                app.sla_due
                    .map_or(0, |d| cal.working_days_between(today, d) as i32),
            ),
            Some(cal.add_working_days(today, REVISION_WORKING_DAYS)),
        ),
        Status::Verifikasi if from == Status::PerluPerbaikan => (
            Some(cal.add_working_days(today, app.sla_remaining.unwrap_or(ver_days).max(1) as u32)),
            None,
            None,
        ),
        Status::Verifikasi => (app.sla_due, None, None),
        Status::Disetujui => (
            Some(cal.add_working_days(today, ttd_days as u32)),
            None,
            None,
        ),
        Status::Diajukan => (
            Some(cal.add_working_days(today, ver_days as u32)),
            None,
            None,
        ),
        Status::Selesai | Status::Ditolak => (None, None, None),
    };
    // The verifier keeps a returned application (to review the revision); approval or a
    // final decision frees it.
    let keep_claim = matches!(to, Status::Verifikasi | Status::PerluPerbaikan);
    sqlx::query!(
        "UPDATE applications SET status = $2, sla_due = $3, sla_remaining = $4, revision_due = $5,
             claimed_by = CASE WHEN $6 THEN claimed_by END,
             claimed_at = CASE WHEN $6 THEN claimed_at END,
             revision_extended = $7
         WHERE id = $1",
        app.id,
        to.as_str(),
        sla_due,
        sla_remaining,
        revision_due,
        keep_claim,
        // A new return starts without its extension; the extension uses it up.
        m.action == Action::PerpanjangBatas
            || (app.revision_extended && m.action != Action::MintaPerbaikan)
    )
    .execute(&mut **tx)
    .await?;
    let tracking_note = match revision_due {
        Some(d) => format!("{note} (batas perbaikan {})", format_date(d)),
        None => note.clone(),
    };
    sqlx::query!(
        "INSERT INTO tracking (application_id, status, note, actor) VALUES ($1, $2, $3, $4)",
        app.id,
        to.as_str(),
        tracking_note,
        m.actor
    )
    .execute(&mut **tx)
    .await?;
    if m.role != Role::Pemohon {
        let (kind, subject, body) = status_message(&app.resi, to, &note);
        crate::inbox::post(tx, app.user_id, kind, &subject, &body, Some(app.id)).await?;
        if to == Status::Selesai {
            let (subject, body) = survey_invitation(&app.resi);
            crate::inbox::post(tx, app.user_id, "survei", &subject, &body, Some(app.id)).await?;
        }
        audit(
            tx,
            m.actor,
            m.action.as_str(),
            Some(app.id),
            serde_json::json!({
                "from": from.as_str(), "to": to.as_str(), "version": app.version,
                "note": note, "checklist": m.checklist,
            }),
        )
        .await?;
    }
    Ok(to)
}

pub async fn audit(
    tx: &mut Transaction<'_, Postgres>,
    actor: Uuid,
    action: &str,
    application: Option<Uuid>,
    detail: serde_json::Value,
) -> ApiResult<()> {
    // (Runtime SQL: the checked macros would need sqlx's `json` feature for `detail`.)
    sqlx::query(
        "INSERT INTO audit_log (actor, action, application_id, detail) VALUES ($1, $2, $3, $4)",
    )
    .bind(actor)
    .bind(action)
    .bind(application)
    .bind(detail)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The inbox message for a status change the applicant should hear of.
fn status_message(resi: &str, to: Status, note: &str) -> (&'static str, String, String) {
    let resi =
        eptsp_core::resi::Resi::parse(resi).map_or_else(|_| resi.to_owned(), |r| r.to_string());
    let kind = match to {
        Status::PerluPerbaikan => "revisi",
        Status::Ditolak => "penolakan",
        _ => "status",
    };
    let body = match to {
        Status::PerluPerbaikan => format!(
            "Permohonan Anda dengan nomor resi {resi} perlu diperbaiki.\n\nCatatan verifikator: {note}\n\nBuka menu Permohonan Izin › Revisi Saya untuk memperbaikinya."
        ),
        Status::Ditolak => {
            format!("Permohonan Anda dengan nomor resi {resi} ditolak.\n\nAlasan: {note}")
        }
        _ => format!(
            "Status permohonan Anda dengan nomor resi {resi} kini: {}.\n\n{note}",
            to.label()
        ),
    };
    (
        kind,
        format!("Status permohonan {resi}: {}", to.label()),
        body,
    )
}

/// The invitation to the satisfaction survey (IKM) an applicant gets once the permit is
/// issued: (subject, body).
fn survey_invitation(resi: &str) -> (String, String) {
    let resi =
        eptsp_core::resi::Resi::parse(resi).map_or_else(|_| resi.to_owned(), |r| r.to_string());
    (
        "Bagaimana pelayanan kami? Isi Survei Kepuasan".to_owned(),
        format!(
            "Permohonan Anda dengan nomor resi {resi} telah selesai. Bantu kami memperbaiki layanan dengan mengisi Survei Kepuasan Masyarakat (IKM) melalui menu Survey IKM; hanya beberapa menit."
        ),
    )
}

/// Queues the e-mail telling the applicant of a change, in the change's own transaction:
/// it leaves if and only if the change was made (the outbox sends it after the commit).
pub async fn mail_applicant(
    tx: &mut Transaction<'_, Postgres>,
    application: Uuid,
    status: Status,
    note: &str,
) -> ApiResult<()> {
    let row = sqlx::query!(
        "SELECT u.email, u.nama, a.resi FROM applications a JOIN users u ON u.id = a.user_id
         WHERE a.id = $1",
        application
    )
    .fetch_optional(&mut **tx)
    .await?
    .map(|r| (r.email, r.nama, r.resi));
    let Some((email, nama, resi)) = row else {
        return Ok(());
    };
    let resi = eptsp_core::resi::Resi::parse(&resi).map_or(resi, |r| r.to_string());
    let body = format!(
        "Yth. {nama},\n\nStatus permohonan Anda dengan nomor resi {resi} kini: {}.\n\nCatatan: {note}\n\n\
         Buka aplikasi E-PTSP untuk melihat rinciannya.\n\nDPMPTSP Provinsi Kalimantan Timur",
        status.label()
    );
    crate::mail::enqueue_on(
        &mut **tx,
        &email,
        &format!("Status permohonan {resi}: {}", status.label()),
        &body,
    )
    .await?;
    Ok(())
}

/// Days before expiry when the holder is reminded.
pub const REMIND_DAYS: i64 = 30;

/// Reminds the holders of permits that expire within [`REMIND_DAYS`] (once per permit):
/// an inbox message and an e-mail. Returns how many were reminded.
pub async fn remind_expiring(state: &AppState) -> ApiResult<usize> {
    let today = state.clock.today_wita();
    // One transaction: a permit is marked reminded together with its inbox message and
    // its queued e-mail, so a crash loses neither and sends neither twice.
    let mut tx = state.db.begin().await?;
    let rows: Vec<(Uuid, String, Date, Uuid, String, String)> = sqlx::query!(
        r#"UPDATE permits p SET reminded_at = now()
           FROM applications a JOIN users u ON u.id = a.user_id
           WHERE a.id = p.application_id AND p.reminded_at IS NULL AND p.revoked_at IS NULL
             AND p.valid_until IS NOT NULL AND p.valid_until >= $1 AND p.valid_until <= $2
           RETURNING p.application_id, p.nomor, p.valid_until AS "valid_until!", a.user_id,
                     u.email, u.nama"#,
        today,
        today + time::Duration::days(REMIND_DAYS)
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|r| {
        (
            r.application_id,
            r.nomor,
            r.valid_until,
            r.user_id,
            r.email,
            r.nama,
        )
    })
    .collect();
    for (app, nomor, until, user, email, nama) in &rows {
        let subject = format!("Izin {nomor} segera berakhir");
        let body = format!(
            "Izin nomor {nomor} berlaku sampai {}. Ajukan Perpanjangan sebelum masa berlakunya habis melalui menu Izin Saya.",
            format_date(*until)
        );
        crate::inbox::post(&mut tx, *user, "pengingat", &subject, &body, Some(*app)).await?;
        crate::mail::enqueue_on(
            &mut *tx,
            email,
            &subject,
            &format!("Yth. {nama},\n\n{body}\n\nDPMPTSP Provinsi Kalimantan Timur"),
        )
        .await?;
    }
    tx.commit().await?;
    state.mail_queued.notify_one();
    Ok(rows.len())
}
