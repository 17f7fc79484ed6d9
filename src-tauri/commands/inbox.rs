//! The Inbox.

use super::AppState;
use crate::backend::CmdResult;
use tauri::State;

#[tauri::command]
pub async fn inbox_list(
    state: State<'_, AppState>,
    query: String,
    page: i64,
) -> CmdResult<crate::store::inbox::InboxList> {
    state.backend.inbox(&query, page).await
}

#[tauri::command]
pub async fn inbox_open(
    state: State<'_, AppState>,
    id: i64,
) -> CmdResult<eptsp_core::office::InboxMessage> {
    state.backend.inbox_open(id).await
}
