//! The portal's public part: the announcements shown today and the menu's links, read
//! without login; the administrator publishes, changes and withdraws announcements and
//! sets the links. Every change is audited and announced to every desktop at commit.

use axum::extract::State;
use eptsp_core::api::MessageResponse;
use eptsp_core::calendar::{format_date, parse_date};
use eptsp_core::portal::{Announcement, AnnouncementEdit, Portal, PortalLink, PortalLinks};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::{ApiError, ApiResult, AppJson, AppPath};

struct Row {
    id: Uuid,
    title: String,
    body: String,
    starts_on: time::Date,
    ends_on: Option<time::Date>,
    updated_at: OffsetDateTime,
}

impl TryFrom<Row> for Announcement {
    type Error = ApiError;

    fn try_from(r: Row) -> ApiResult<Announcement> {
        Ok(Announcement {
            id: r.id.to_string(),
            title: r.title,
            body: r.body,
            starts_on: format_date(r.starts_on),
            ends_on: r.ends_on.map(format_date),
            updated_at: r.updated_at.format(&Rfc3339).map_err(anyhow::Error::from)?,
        })
    }
}

async fn links(db: &sqlx::PgPool) -> ApiResult<Vec<PortalLink>> {
    Ok(
        sqlx::query_as!(PortalLink, "SELECT label, url FROM portal_links ORDER BY n")
            .fetch_all(db)
            .await?,
    )
}

/// What the portal shows today (WITA).
pub async fn portal(State(state): State<AppState>) -> ApiResult<AppJson<Portal>> {
    let today = state.clock.today_wita();
    let rows = sqlx::query_as!(
        Row,
        "SELECT id, title, body, starts_on, ends_on, updated_at FROM announcements
         WHERE starts_on <= $1 AND (ends_on IS NULL OR ends_on >= $1)
         ORDER BY updated_at DESC LIMIT 50",
        today
    )
    .fetch_all(&state.db)
    .await?;
    Ok(AppJson(Portal {
        announcements: rows
            .into_iter()
            .map(Announcement::try_from)
            .collect::<ApiResult<_>>()?,
        links: links(&state.db).await?,
    }))
}

/// Every announcement, the most recently changed first.
pub async fn list(
    State(state): State<AppState>,
    _admin: AuthUser,
) -> ApiResult<AppJson<Vec<Announcement>>> {
    let rows = sqlx::query_as!(
        Row,
        "SELECT id, title, body, starts_on, ends_on, updated_at FROM announcements
         ORDER BY updated_at DESC LIMIT 500"
    )
    .fetch_all(&state.db)
    .await?;
    Ok(AppJson(
        rows.into_iter()
            .map(Announcement::try_from)
            .collect::<ApiResult<_>>()?,
    ))
}

fn parse_id(id: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(id).map_err(|_| ApiError::NotFound)
}

/// Publishes announcement `id`, or changes it (the same id sent again).
pub async fn put(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
    AppJson(req): AppJson<AnnouncementEdit>,
) -> ApiResult<AppJson<Announcement>> {
    let id = parse_id(&id)?;
    req.check().map_err(ApiError::fields)?;
    let starts = parse_date(&req.starts_on).ok_or(ApiError::NotFound)?;
    let ends = req.ends_on().and_then(parse_date);
    let mut tx = state.db.begin().await?;
    let row = sqlx::query_as!(
        Row,
        "INSERT INTO announcements (id, title, body, starts_on, ends_on, created_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body,
             starts_on = excluded.starts_on, ends_on = excluded.ends_on, updated_at = now()
         RETURNING id, title, body, starts_on, ends_on, updated_at",
        id,
        req.title.trim(),
        req.body.trim(),
        starts,
        ends,
        user.user_id
    )
    .fetch_one(&mut *tx)
    .await?;
    crate::push::admin_changed(
        &mut tx,
        user.user_id,
        "pengumuman",
        serde_json::json!({ "id": id, "title": req.title.trim() }),
        "portal",
    )
    .await?;
    tx.commit().await?;
    Ok(AppJson(row.try_into()?))
}

/// Withdraws announcement `id`.
pub async fn delete(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
) -> ApiResult<AppJson<MessageResponse>> {
    let id = parse_id(&id)?;
    let mut tx = state.db.begin().await?;
    let gone = sqlx::query!("DELETE FROM announcements WHERE id = $1", id)
        .execute(&mut *tx)
        .await?;
    if gone.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    crate::push::admin_changed(
        &mut tx,
        user.user_id,
        "hapus_pengumuman",
        serde_json::json!({ "id": id }),
        "portal",
    )
    .await?;
    tx.commit().await?;
    Ok(AppJson(MessageResponse {
        message: "Pengumuman dihapus".to_owned(),
    }))
}

/// Sets the menu's links, in order.
pub async fn put_links(
    State(state): State<AppState>,
    user: AuthUser,
    AppJson(req): AppJson<PortalLinks>,
) -> ApiResult<AppJson<Portal>> {
    req.check().map_err(ApiError::fields)?;
    let mut tx = state.db.begin().await?;
    // Two desks saving at once take turns (each replaces the whole list).
    sqlx::query!("LOCK TABLE portal_links IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await?;
    sqlx::query!("DELETE FROM portal_links")
        .execute(&mut *tx)
        .await?;
    for (n, l) in (1..).zip(&req.links) {
        sqlx::query!(
            "INSERT INTO portal_links (n, label, url) VALUES ($1, $2, $3)",
            n,
            l.label.trim(),
            l.url.trim()
        )
        .execute(&mut *tx)
        .await?;
    }
    crate::push::admin_changed(
        &mut tx,
        user.user_id,
        "tautan_portal",
        serde_json::json!({ "links": req.links.len() }),
        "portal",
    )
    .await?;
    tx.commit().await?;
    portal(State(state)).await
}
