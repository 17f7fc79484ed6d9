//! Inbox: the caller's system messages, pulled by cursor for reading offline, and marked
//! read.

use axum::extract::State;
use eptsp_core::office::InboxPage;

use crate::auth::session::AuthUser;
use crate::error::{ApiError, ApiResult, AppJson, AppPath, AppQuery};
use crate::{AppState, inbox};
pub use eptsp_core::office::InboxQuery;

/// The messages after `since`, oldest first, at most 500 at a time. Read marks made
/// since are included by sending every message again when `since` is 0.
pub async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(q): AppQuery<InboxQuery>,
) -> ApiResult<AppJson<InboxPage>> {
    let rows = inbox::page(&state.db, user.user_id, q.since).await?;
    let cursor = rows.last().map_or(q.since, |r| r.0);
    let messages = rows.into_iter().map(|(_, m)| m).collect();
    Ok(AppJson(InboxPage { messages, cursor }))
}

pub async fn read(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<AppJson<eptsp_core::api::MessageResponse>> {
    if !inbox::mark_read(&state.db, id, user.user_id).await? {
        return Err(ApiError::NotFound);
    }
    Ok(AppJson(eptsp_core::api::MessageResponse {
        message: "Pesan ditandai sudah dibaca".to_owned(),
    }))
}
