//! Inbox: the caller's system messages, pulled by cursor for reading offline, and marked
//! read.

use axum::extract::State;
use eptsp_core::office::{InboxMessage, InboxPage};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::{ApiError, ApiResult, AppJson, AppPath, AppQuery};
pub use eptsp_core::office::InboxQuery;

/// The messages after `since`, oldest first, at most 500 at a time. Read marks made
/// since are included by sending every message again when `since` is 0.
pub async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(q): AppQuery<InboxQuery>,
) -> ApiResult<AppJson<InboxPage>> {
    type Row = (
        i64,
        i64,
        String,
        String,
        String,
        Option<Uuid>,
        OffsetDateTime,
        bool,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT pos, id, kind, subject, body, application_id, created_at, read_at IS NOT NULL
         FROM messages WHERE user_id = $1 AND pos > $2 ORDER BY pos LIMIT 500",
    )
    .bind(user.user_id)
    .bind(q.since)
    .fetch_all(&state.db)
    .await?;
    let cursor = rows.last().map_or(q.since, |r| r.0);
    let messages = rows
        .into_iter()
        .map(|(_, id, kind, subject, body, application_id, at, read)| {
            Ok(InboxMessage {
                id,
                kind,
                subject,
                body,
                application_id: application_id.map(|u| u.to_string()),
                created_at: at.format(&Rfc3339).map_err(anyhow::Error::from)?,
                read,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(AppJson(InboxPage { messages, cursor }))
}

pub async fn read(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<AppJson<eptsp_core::api::MessageResponse>> {
    let r = sqlx::query(
        "UPDATE messages SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user.user_id)
    .execute(&state.db)
    .await?;
    if r.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(AppJson(eptsp_core::api::MessageResponse {
        message: "Pesan ditandai sudah dibaca".to_owned(),
    }))
}
