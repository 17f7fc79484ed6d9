//! Pengaduan: applicants file complaints (idempotent by their id); officers list them all
//! and answer, which lands in the applicant's inbox and mail.

use axum::extract::State;
use eptsp_core::Role;
use eptsp_core::complaint::{Complaint, ComplaintRequest, ComplaintStatus, Kategori, ReplyRequest};
use eptsp_core::resi::Resi;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::{ApiError, ApiResult, AppJson, AppPath, AppQuery};
pub use eptsp_core::complaint::ComplaintListQuery as ListQuery;

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    resi: Option<String>,
    kategori: String,
    isi: String,
    status: String,
    created_at: OffsetDateTime,
    balasan: Option<String>,
    replied_at: Option<OffsetDateTime>,
    pemohon: String,
}

const SELECT: &str = "SELECT c.id, a.resi, c.kategori, c.isi, c.status, c.created_at, c.balasan, c.replied_at, u.nama AS pemohon
     FROM complaints c JOIN users u ON u.id = c.user_id LEFT JOIN applications a ON a.id = c.application_id";

fn view(r: Row) -> ApiResult<Complaint> {
    let t = |x: OffsetDateTime| x.format(&Rfc3339).map_err(anyhow::Error::from);
    Ok(Complaint {
        id: r.id.to_string(),
        resi: r
            .resi
            .map(|x| Resi::parse(&x).map_or(x.clone(), |v| v.to_string())),
        kategori: Kategori::parse(&r.kategori).ok_or_else(|| anyhow::anyhow!("kategori"))?,
        isi: r.isi,
        status: ComplaintStatus::parse(&r.status).ok_or_else(|| anyhow::anyhow!("status"))?,
        created_at: t(r.created_at)?,
        balasan: r.balasan,
        replied_at: r.replied_at.map(t).transpose()?,
        pemohon: r.pemohon,
    })
}

async fn one(state: &AppState, id: Uuid) -> ApiResult<Complaint> {
    let r: Row = sqlx::query_as(&format!("{SELECT} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::NotFound)?;
    view(r)
}

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
            let mine: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM applications WHERE id = $1 AND user_id = $2)",
            )
            .bind(a)
            .bind(user.user_id)
            .fetch_one(&state.db)
            .await?;
            if !mine {
                return Err(ApiError::field(
                    "application_id",
                    "not_found",
                    "Permohonan tidak ditemukan",
                ));
            }
            Some(a)
        }
    };
    sqlx::query(
        "INSERT INTO complaints (id, user_id, application_id, kategori, isi) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(user.user_id)
    .bind(application)
    .bind(req.kategori.as_str())
    .bind(req.isi.trim())
    .execute(&state.db)
    .await?;
    let owner: Uuid = sqlx::query_scalar("SELECT user_id FROM complaints WHERE id = $1")
        .bind(id)
        .fetch_one(&state.db)
        .await?;
    if owner != user.user_id {
        return Err(ApiError::field(
            "id",
            "id_taken",
            "Nomor pengaduan sudah dipakai",
        ));
    }
    Ok(AppJson(one(&state, id).await?))
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
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE ($1 OR c.user_id = $2) AND ($3::text IS NULL OR c.status = $3)
         ORDER BY c.created_at DESC LIMIT 1000"
    ))
    .bind(officer)
    .bind(user.user_id)
    .bind(q.status.as_deref().filter(|s| !s.is_empty()))
    .fetch_all(&state.db)
    .await?;
    rows.into_iter()
        .map(view)
        .collect::<ApiResult<Vec<_>>>()
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
    let owner: Uuid = sqlx::query_scalar(
        "UPDATE complaints SET balasan = $2, status = $3, replied_by = $4, replied_at = now()
         WHERE id = $1 RETURNING user_id",
    )
    .bind(id)
    .bind(balasan)
    .bind(req.status.as_str())
    .bind(user.user_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ApiError::NotFound)?;
    crate::lifecycle::message(
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
    let email: Option<(String, String)> =
        sqlx::query_as("SELECT email, nama FROM users WHERE id = $1")
            .bind(owner)
            .fetch_optional(&state.db)
            .await?;
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
    Ok(AppJson(one(&state, id).await?))
}
