//! The office's workstation: the verifier's queue (claim, release), the dossier with its
//! files, decisions, and the signer's queue and signing (TTE).

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::Response;
use eptsp_core::calendar::{format_date, today_wita};
use eptsp_core::izin::{self, IzinContent, SignedIzin, encode_signature, format_number};
use eptsp_core::lifecycle::{Action, Status};
use eptsp_core::office::{
    DecisionRequest, DecisionResult, DecisionView, Dossier, DossierFile, QueueItem, QueueQuery,
    ReviewItem, SignRequest,
};
use eptsp_core::resi::Resi;
use eptsp_core::submission::TrackingEntry;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::{ApiError, ApiResult, AppJson, AppPath, AppQuery};
use crate::lifecycle::{self, Move};
use eptsp_core::api::FieldError;
pub use eptsp_core::office::RevokeRequest;

fn rfc3339(t: OffsetDateTime) -> ApiResult<String> {
    Ok(t.format(&Rfc3339).map_err(anyhow::Error::from)?)
}

fn resi_display(stored: &str) -> String {
    Resi::parse(stored).map_or_else(|_| stored.to_owned(), |r| r.to_string())
}

fn parse_id(id: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(id).map_err(|_| ApiError::NotFound)
}

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
    claimed_by: Option<Uuid>,
    claimed_by_name: Option<String>,
    version: i32,
}

async fn queue_of(
    state: &AppState,
    user: &AuthUser,
    statuses: &[Status],
    q: &QueueQuery,
) -> ApiResult<Vec<QueueItem>> {
    let statuses: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    let today = today_wita();
    let rows: Vec<QueueRow> = sqlx::query_as(
        "SELECT a.id, a.resi, t.agency_id, a.permit_type_id, t.name AS jenis_izin, a.kind, a.status,
                u.nama AS pemohon, a.submitted_at, a.sla_due, a.claimed_by, c.nama AS claimed_by_name, a.version
         FROM applications a
         JOIN permit_types t ON t.id = a.permit_type_id
         JOIN users u ON u.id = a.user_id
         LEFT JOIN users c ON c.id = a.claimed_by
         WHERE a.status = ANY($1)
           AND ($2::text IS NULL OR t.agency_id = $2)
           AND ($3::text IS NULL OR a.permit_type_id = $3)
           AND (NOT $4 OR a.sla_due < $5)
         ORDER BY a.sla_due NULLS LAST, a.submitted_at
         LIMIT 500",
    )
    .bind(&statuses)
    .bind(q.agency_id.as_deref().filter(|s| !s.is_empty()))
    .bind(q.permit_type_id.as_deref().filter(|s| !s.is_empty()))
    .bind(q.overdue)
    .bind(today)
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
                overdue: r.sla_due.is_some_and(|d| d < today),
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
    let statuses = match q.status {
        Some(s) => vec![s],
        None => vec![Status::Diajukan, Status::Verifikasi],
    };
    Ok(AppJson(queue_of(&state, &user, &statuses, &q).await?))
}

/// Approved applications waiting for the head of office's signature.
pub async fn signing_queue(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<AppJson<Vec<QueueItem>>> {
    Ok(AppJson(
        queue_of(&state, &user, &[Status::Disetujui], &QueueQuery::default()).await?,
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
        let name: String = sqlx::query_scalar("SELECT nama FROM users WHERE id = $1")
            .bind(holder)
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
    sqlx::query("UPDATE applications SET claimed_by = $2, claimed_at = now() WHERE id = $1")
        .bind(id)
        .bind(user.user_id)
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
    sqlx::query("UPDATE applications SET claimed_by = NULL, claimed_at = NULL WHERE id = $1")
        .bind(id)
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

#[derive(sqlx::FromRow)]
struct DossierRow {
    id: Uuid,
    resi: String,
    status: String,
    version: i32,
    jenis_izin: String,
    submitted_at: OffsetDateTime,
    sla_due: Option<time::Date>,
    revision_due: Option<time::Date>,
    claimed_by: Option<Uuid>,
    claimed_by_name: Option<String>,
    nama: String,
    nik: String,
    email: String,
    no_hp: String,
    data: sqlx::types::Json<eptsp_core::dossier::DraftData>,
}

pub async fn decisions_of(state: &AppState, id: Uuid) -> ApiResult<Vec<DecisionView>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: Uuid,
        action: String,
        actor: String,
        from_status: String,
        to_status: String,
        note: String,
        version: i32,
        at: OffsetDateTime,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT d.id, d.action, u.nama AS actor, d.from_status, d.to_status, d.note, d.version, d.at
             FROM decisions d JOIN users u ON u.id = d.actor
             WHERE d.application_id = $1 ORDER BY d.at, d.id",
    )
    .bind(id)
    .fetch_all(&state.db)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for Row {
        id: did,
        action,
        actor,
        from_status: from,
        to_status: to,
        note,
        version,
        at,
    } in rows
    {
        let checklist: Vec<(i32, bool, String)> = sqlx::query_as(
            "SELECT requirement_id, sesuai, note FROM review_items WHERE decision_id = $1 ORDER BY requirement_id",
        )
        .bind(did)
        .fetch_all(&state.db)
        .await?;
        let bad = || anyhow::anyhow!("bad decision row {did}");
        out.push(DecisionView {
            id: did.to_string(),
            action: eptsp_core::lifecycle::Action::ALL
                .into_iter()
                .find(|a| a.as_str() == action)
                .ok_or_else(bad)?,
            actor,
            from_status: Status::parse(&from).ok_or_else(bad)?,
            to_status: Status::parse(&to).ok_or_else(bad)?,
            note,
            version,
            at: rfc3339(at)?,
            checklist: checklist
                .into_iter()
                .map(|(requirement_id, sesuai, note)| ReviewItem {
                    requirement_id,
                    sesuai,
                    note,
                })
                .collect(),
        });
    }
    Ok(out)
}

pub async fn tracking_of(state: &AppState, id: Uuid) -> ApiResult<Vec<TrackingEntry>> {
    let rows: Vec<(String, String, OffsetDateTime)> = sqlx::query_as(
        "SELECT status, note, at FROM tracking WHERE application_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&state.db)
    .await?;
    rows.into_iter()
        .map(|(status, note, at)| {
            Ok(TrackingEntry {
                status_label: eptsp_core::submission::status_label(&status).to_owned(),
                status,
                note,
                at: rfc3339(at)?,
            })
        })
        .collect()
}

async fn dossier_of(state: &AppState, user: &AuthUser, id: Uuid) -> ApiResult<Dossier> {
    let r: DossierRow = sqlx::query_as(
        "SELECT a.id, a.resi, a.status, a.version, t.name AS jenis_izin, a.submitted_at, a.sla_due,
                a.revision_due, a.claimed_by, c.nama AS claimed_by_name,
                u.nama, u.nik, u.email, u.no_hp, a.data
         FROM applications a JOIN permit_types t ON t.id = a.permit_type_id
         JOIN users u ON u.id = a.user_id LEFT JOIN users c ON c.id = a.claimed_by
         WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound)?;
    let files: Vec<(i32, String, bool, String, i64, String)> = sqlx::query_as(
        "SELECT f.requirement_id, q.name, q.mandatory, f.sha256, b.size, b.kind
         FROM application_files f JOIN requirements q ON q.id = f.requirement_id
         JOIN blobs b ON b.sha256 = f.sha256
         WHERE f.application_id = $1 ORDER BY q.sort, q.id",
    )
    .bind(id)
    .fetch_all(&state.db)
    .await?;
    Ok(Dossier {
        id: r.id.to_string(),
        resi: resi_display(&r.resi),
        status: Status::parse(&r.status).ok_or_else(|| anyhow::anyhow!("status"))?,
        version: r.version,
        jenis_izin: r.jenis_izin,
        submitted_at: rfc3339(r.submitted_at)?,
        sla_due: r.sla_due.map(format_date),
        revision_due: r.revision_due.map(format_date),
        claimed_by_me: r.claimed_by == Some(user.user_id),
        claimed_by: r.claimed_by_name,
        pemohon_nama: r.nama,
        pemohon_nik: r.nik,
        pemohon_email: r.email,
        pemohon_hp: r.no_hp,
        data: r.data.0,
        files: files
            .into_iter()
            .map(
                |(requirement_id, requirement, mandatory, sha256, size, kind)| DossierFile {
                    requirement_id,
                    requirement,
                    mandatory,
                    sha256,
                    size,
                    kind,
                },
            )
            .collect(),
        tracking: tracking_of(state, id).await?,
        decisions: decisions_of(state, id).await?,
    })
}

/// The whole dossier: data, applicant, files, tracking and earlier decisions.
pub async fn dossier(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
) -> ApiResult<AppJson<Dossier>> {
    Ok(AppJson(dossier_of(&state, &user, parse_id(&id)?).await?))
}

/// The bytes of an attached file, for officers.
pub async fn file(
    State(state): State<AppState>,
    AppPath(sha256): AppPath<String>,
) -> ApiResult<Response> {
    if !eptsp_core::submission::is_sha256(&sha256) {
        return Err(ApiError::NotFound);
    }
    let kind: String = sqlx::query_scalar(
        "SELECT b.kind FROM blobs b WHERE b.sha256 = $1
           AND EXISTS (SELECT 1 FROM application_files f WHERE f.sha256 = b.sha256)",
    )
    .bind(&sha256)
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound)?;
    let path = crate::blobs::final_path(&state.config.blob_dir, &sha256);
    let bytes = tokio::fs::read(&path).await.map_err(anyhow::Error::from)?;
    let mime = match kind.as_str() {
        "pdf" => "application/pdf",
        "jpg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        _ => "application/octet-stream",
    };
    Ok(Response::builder()
        .header(header::CONTENT_TYPE, mime)
        .header(
            header::CACHE_CONTROL,
            "private, max-age=31536000, immutable",
        )
        // A file is the applicant's upload, never a page of ours: saved, not rendered.
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{sha256}.{kind}\""),
        )
        .header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; sandbox",
        )
        .body(Body::from(bytes))
        .map_err(anyhow::Error::from)?)
}

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
    let key = Uuid::parse_str(&req.id)
        .map_err(|_| ApiError::field("id", "id_format", "Nomor keputusan tidak valid"))?;
    if let Some(app) = lifecycle::already_applied(&state, key).await? {
        if app != id {
            return Err(ApiError::field(
                "id",
                "id_taken",
                "Nomor keputusan sudah dipakai",
            ));
        }
        return Ok(AppJson(result_of(&state, id).await?));
    }
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
        },
    )
    .await?;
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
    let known: std::collections::HashSet<i32> =
        sqlx::query_scalar("SELECT id FROM requirements WHERE permit_type_id = $1")
            .bind(permit_type_id)
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

/// Signs an approved application: the passphrase again, the next permit number of the
/// year (no gaps, safe under concurrency), the canonical content signed, status Selesai.
pub async fn sign(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
    AppJson(req): AppJson<SignRequest>,
) -> ApiResult<AppJson<SignedIzin>> {
    let id = parse_id(&id)?;
    let (hash, signer_name): (String, String) =
        sqlx::query_as("SELECT password_hash, nama FROM users WHERE id = $1")
            .bind(user.user_id)
            .fetch_one(&state.db)
            .await?;
    // The passphrase is the signer's password: its guesses count with the login's.
    let limit = state.config.limits.login_failures_per_account;
    if !crate::auth::check_password(&state.db, user.user_id, limit, req.passphrase, hash).await? {
        let mut tx = state.db.begin().await?;
        lifecycle::audit(
            &mut tx,
            user.user_id,
            "sign_passphrase_wrong",
            // Not as a reference: the id may name no application.
            None,
            serde_json::json!({ "application": id }),
        )
        .await?;
        tx.commit().await?;
        return Err(ApiError::field(
            "passphrase",
            "passphrase_wrong",
            "Passphrase salah. Tanda tangan elektronik dibatalkan.",
        ));
    }
    let mut tx = state.db.begin().await?;
    let app = lifecycle::lock(&mut tx, id).await?;
    if app.status()? == Status::Selesai {
        // Signed already (a retry): the same permit.
        tx.rollback().await?;
        return Ok(AppJson(
            permit_of(&state, id).await?.ok_or(ApiError::NotFound)?,
        ));
    }
    #[derive(sqlx::FromRow)]
    struct Facts {
        jenis_izin: String,
        validity_years: Option<i32>,
        kind: String,
        nama: String,
        data: sqlx::types::Json<eptsp_core::dossier::DraftData>,
    }
    let f: Facts = sqlx::query_as(
        "SELECT t.name AS jenis_izin, t.validity_years, a.kind, u.nama, a.data
         FROM applications a JOIN permit_types t ON t.id = a.permit_type_id JOIN users u ON u.id = a.user_id
         WHERE a.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let today = today_wita();
    // Checks the transition before a number is taken.
    eptsp_core::lifecycle::transition(app.status()?, Action::Tandatangani, user.role).map_err(
        |e| ApiError::Conflict {
            code: "transition_refused",
            message: e.to_string(),
            field: "id",
        },
    )?;
    let seq: i32 = sqlx::query_scalar(
        "INSERT INTO izin_sequences (year, last) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last = izin_sequences.last + 1 RETURNING last",
    )
    .bind(today.year())
    .fetch_one(&mut *tx)
    .await?;
    let nomor = format_number(&state.config.izin_pattern, i64::from(seq), today.year());
    let valid_until = f
        .validity_years
        .map(|y| today.replace_year(today.year() + y).unwrap_or(today));
    let d = &f.data.0;
    let regions: Vec<(String, String)> =
        sqlx::query_as("SELECT code, name FROM regions WHERE code = ANY($1)")
            .bind(vec![
                d.lokasi.kelurahan.clone(),
                d.lokasi.kecamatan.clone(),
                d.lokasi.kabupaten.clone(),
            ])
            .fetch_all(&mut *tx)
            .await?;
    let region = |code: &str| {
        regions
            .iter()
            .find(|(c, _)| c == code)
            .map_or(String::new(), |(_, n)| izin::region_display(n))
    };
    let mut lokasi = d.lokasi.jalan.trim().to_owned();
    if !d.lokasi.nomor.trim().is_empty() {
        lokasi.push_str(&format!(" No. {}", d.lokasi.nomor.trim()));
    }
    if !d.lokasi.rt.trim().is_empty() || !d.lokasi.rw.trim().is_empty() {
        lokasi.push_str(&format!(
            " RT {} RW {}",
            d.lokasi.rt.trim(),
            d.lokasi.rw.trim()
        ));
    }
    for code in [
        &d.lokasi.kelurahan,
        &d.lokasi.kecamatan,
        &d.lokasi.kabupaten,
    ] {
        let n = region(code);
        if !n.is_empty() {
            lokasi.push_str(&format!(", {n}"));
        }
    }
    let content = IzinContent {
        nomor,
        application_id: id.to_string(),
        resi: resi_display(&app.resi),
        pemegang: f.nama,
        perusahaan: d.perusahaan.nama.trim().to_owned(),
        jenis_izin: f.jenis_izin,
        permit_type_id: app.permit_type_id.clone(),
        jenis_permohonan: eptsp_core::catalogue::ApplicationKind::parse(&f.kind)
            .map_or(f.kind.clone(), |k| k.label().to_owned()),
        lokasi,
        lintang: d.lokasi.lintang.trim().to_owned(),
        bujur: d.lokasi.bujur.trim().to_owned(),
        poligon: izin::outline_text(&d.lokasi.poligon),
        terbit: format_date(today),
        berlaku_sampai: valid_until.map(format_date).unwrap_or_default(),
        penandatangan: signer_name,
        jabatan: state.config.signer_title.clone(),
        key_id: state.signer.key_id().to_owned(),
        verifikasi_url: state.config.public_url.trim_end_matches('/').to_owned(),
    };
    let canonical = content.canonical();
    let signature = encode_signature(&state.signer.sign(&canonical));
    sqlx::query(
        "INSERT INTO permits (application_id, nomor, content, signature, key_id, signed_by, issued_on, valid_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(&content.nomor)
    .bind(String::from_utf8(canonical).map_err(anyhow::Error::from)?)
    .bind(&signature)
    .bind(&content.key_id)
    .bind(user.user_id)
    .bind(today)
    .bind(valid_until)
    .execute(&mut *tx)
    .await?;
    let note = format!(
        "Izin nomor {} telah ditandatangani secara elektronik dan terbit",
        content.nomor
    );
    lifecycle::apply(
        &mut tx,
        &app,
        &Move {
            key: Uuid::new_v4(),
            actor: user.user_id,
            role: user.role,
            action: Action::Tandatangani,
            note: &note,
            checklist: &[],
        },
    )
    .await?;
    lifecycle::mail_applicant(&mut tx, id, Status::Selesai, &note).await?;
    tx.commit().await?;
    state.mail_queued.notify_one();
    Ok(AppJson(SignedIzin { content, signature }))
}

/// The permit issued for `application`, as signed.
pub async fn permit_of(state: &AppState, application: Uuid) -> ApiResult<Option<SignedIzin>> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT content, signature FROM permits WHERE application_id = $1")
            .bind(application)
            .fetch_optional(&state.db)
            .await?;
    row.map(|(content, signature)| {
        Ok(SignedIzin {
            content: serde_json::from_str(&content).map_err(anyhow::Error::from)?,
            signature,
        })
    })
    .transpose()
}

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
    let nomor: String = sqlx::query_scalar(
        "UPDATE permits SET revoked_at = now(), revoked_reason = $2
         WHERE application_id = $1 AND revoked_at IS NULL RETURNING nomor",
    )
    .bind(id)
    .bind(reason)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| ApiError::Conflict {
        code: "not_active",
        message: "Izin tidak ditemukan atau sudah dicabut".to_owned(),
        field: "id",
    })?;
    let note = format!("Izin nomor {nomor} dicabut: {reason}");
    sqlx::query(
        "INSERT INTO tracking (application_id, status, note, actor) VALUES ($1, 'selesai', $2, $3)",
    )
    .bind(id)
    .bind(&note)
    .bind(user.user_id)
    .execute(&mut *tx)
    .await?;
    let owner: Uuid = sqlx::query_scalar("SELECT user_id FROM applications WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    lifecycle::message(
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
