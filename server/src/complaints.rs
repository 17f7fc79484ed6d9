//! SQL for the complaints (Pengaduan): the row as listed (with the resi of the application
//! it is about and the applicant's name) and its conversion to the API's `Complaint`, and
//! the statements that file and answer one; each checked against the schema at compile
//! time (offline data in `server/.sqlx`).

use eptsp_core::complaint::{Complaint, ComplaintStatus, Kategori};
use eptsp_core::resi::Resi;
use sqlx::{PgPool, Postgres, Transaction};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};

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

/// One complaint; 404 when there is none with this id.
pub async fn one(db: &PgPool, id: Uuid) -> ApiResult<Complaint> {
    let r = sqlx::query_as!(
        Row,
        r#"SELECT c.id, a.resi AS "resi?", c.kategori, c.isi, c.status, c.created_at, c.balasan,
                  c.replied_at, u.nama AS pemohon
           FROM complaints c JOIN users u ON u.id = c.user_id
           LEFT JOIN applications a ON a.id = c.application_id
           WHERE c.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound)?;
    view(r)
}

/// Everyone's complaints (`all`) or `user`'s, with `status` if given, newest first, at most
/// 1000.
pub async fn list(
    db: &PgPool,
    all: bool,
    user: Uuid,
    status: Option<&str>,
) -> ApiResult<Vec<Complaint>> {
    sqlx::query_as!(
        Row,
        r#"SELECT c.id, a.resi AS "resi?", c.kategori, c.isi, c.status, c.created_at, c.balasan,
                  c.replied_at, u.nama AS pemohon
           FROM complaints c JOIN users u ON u.id = c.user_id
           LEFT JOIN applications a ON a.id = c.application_id
           WHERE ($1 OR c.user_id = $2) AND ($3::text IS NULL OR c.status = $3)
           ORDER BY c.created_at DESC LIMIT 1000"#,
        all,
        user,
        status as Option<&str>,
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(view)
    .collect()
}

/// Whether application `application` is `user`'s.
pub async fn application_is_theirs(
    db: &PgPool,
    application: Uuid,
    user: Uuid,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM applications WHERE id = $1 AND user_id = $2) AS "mine!""#,
        application,
        user
    )
    .fetch_one(db)
    .await
}

/// Files a complaint once (the same id again files nothing); returns whose complaint the
/// id names.
pub async fn insert(
    db: &PgPool,
    id: Uuid,
    user: Uuid,
    application: Option<Uuid>,
    kategori: Kategori,
    isi: &str,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query!(
        "INSERT INTO complaints (id, user_id, application_id, kategori, isi) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO NOTHING",
        id,
        user,
        application,
        kategori.as_str(),
        isi
    )
    .execute(db)
    .await?;
    sqlx::query_scalar!("SELECT user_id FROM complaints WHERE id = $1", id)
        .fetch_one(db)
        .await
}

/// An officer's answer, with the new status; returns the applicant's id (none: no such
/// complaint).
pub async fn answer(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    balasan: &str,
    status: ComplaintStatus,
    officer: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        "UPDATE complaints SET balasan = $2, status = $3, replied_by = $4, replied_at = now()
         WHERE id = $1 RETURNING user_id",
        id,
        balasan,
        status.as_str(),
        officer
    )
    .fetch_optional(&mut **tx)
    .await
}
