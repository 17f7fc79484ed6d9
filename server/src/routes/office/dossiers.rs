//! What an officer reads before deciding: the dossier with its applicant, files, tracking
//! and earlier decisions, and the bytes of each attached file.

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::Response;
use eptsp_core::calendar::format_date;
use eptsp_core::lifecycle::Status;
use eptsp_core::office::{DecisionView, Dossier, DossierFile, ReviewItem};
use eptsp_core::submission::TrackingEntry;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{parse_id, resi_display, rfc3339};
use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::{ApiError, ApiResult, AppJson, AppPath};

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
    renews: Option<String>,
}

pub async fn decisions_of(state: &AppState, id: Uuid) -> ApiResult<Vec<DecisionView>> {
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
    let rows = sqlx::query_as!(
        Row,
        "SELECT d.id, d.action, u.nama AS actor, d.from_status, d.to_status, d.note, d.version, d.at
             FROM decisions d JOIN users u ON u.id = d.actor
             WHERE d.application_id = $1 ORDER BY d.at, d.id",
        id
    )
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
        let checklist: Vec<(i32, bool, String)> = sqlx::query!(
            "SELECT requirement_id, sesuai, note FROM review_items WHERE decision_id = $1
             ORDER BY requirement_id",
            did
        )
        .fetch_all(&state.db)
        .await?
        .into_iter()
        .map(|r| (r.requirement_id, r.sesuai, r.note))
        .collect();
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
    sqlx::query!(
        "SELECT status, note, at FROM tracking WHERE application_id = $1 ORDER BY id",
        id
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|r| {
        Ok(TrackingEntry {
            status_label: eptsp_core::submission::status_label(&r.status).to_owned(),
            status: crate::lifecycle::stored(&r.status)?,
            note: r.note,
            at: rfc3339(r.at)?,
        })
    })
    .collect()
}

pub(super) async fn dossier_of(state: &AppState, user: &AuthUser, id: Uuid) -> ApiResult<Dossier> {
    let r: DossierRow = sqlx::query_as(
        "SELECT a.id, a.resi, a.status, a.version, t.name AS jenis_izin, a.submitted_at, a.sla_due,
                a.revision_due, a.claimed_by, c.nama AS claimed_by_name,
                u.nama, u.nik, u.email, u.no_hp, a.data, rp.nomor AS renews
         FROM applications a JOIN permit_types t ON t.id = a.permit_type_id
         JOIN users u ON u.id = a.user_id LEFT JOIN users c ON c.id = a.claimed_by
         LEFT JOIN permits rp ON rp.application_id = a.renews
         WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound)?;
    let files: Vec<(i32, String, bool, String, i64, String)> = sqlx::query!(
        "SELECT f.requirement_id, q.name, q.mandatory, f.sha256, b.size, b.kind
         FROM application_files f JOIN requirements q ON q.id = f.requirement_id
         JOIN blobs b ON b.sha256 = f.sha256
         WHERE f.application_id = $1 ORDER BY q.sort, q.id",
        id
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|r| {
        (
            r.requirement_id,
            r.name,
            r.mandatory,
            r.sha256,
            r.size,
            r.kind,
        )
    })
    .collect();
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
        renews: r.renews,
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

/// The whole dossier: data, applicant, files, tracking and earlier decisions. Each one
/// handed out is in the audit log (`buka_dossier`).
pub async fn dossier(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
) -> ApiResult<AppJson<Dossier>> {
    let id = parse_id(&id)?;
    let dossier = dossier_of(&state, &user, id).await?;
    crate::audit::record(
        &state.db,
        user.user_id,
        "buka_dossier",
        Some(id),
        serde_json::json!({}),
    )
    .await?;
    Ok(AppJson(dossier))
}

/// The bytes of an attached file, for officers; each download is in the audit log
/// (`unduh_berkas`, with an application the file is attached to).
pub async fn file(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(sha256): AppPath<String>,
) -> ApiResult<Response> {
    if !eptsp_core::submission::is_sha256(&sha256) {
        return Err(ApiError::NotFound);
    }
    let found = sqlx::query!(
        r#"SELECT b.kind, f.application_id FROM blobs b
           JOIN application_files f ON f.sha256 = b.sha256
           WHERE b.sha256 = $1 ORDER BY f.application_id LIMIT 1"#,
        sha256
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound)?;
    crate::audit::record(
        &state.db,
        user.user_id,
        "unduh_berkas",
        Some(found.application_id),
        serde_json::json!({ "sha256": sha256 }),
    )
    .await?;
    blob_response(&state, &sha256, &found.kind).await
}

/// The stored file `sha256` (of `kind`) as a download: saved by the client, never rendered
/// as a page of ours.
pub async fn blob_response(state: &AppState, sha256: &str, kind: &str) -> ApiResult<Response> {
    let bytes = state.storage.read(sha256).await?;
    let mime = match kind {
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
