//! The outbox and the sync pass.

use super::AppState;
use crate::backend::CmdResult;
use tauri::State;

#[tauri::command]
pub async fn outbox_list(
    state: State<'_, AppState>,
) -> CmdResult<Vec<crate::store::outbox::OutboxItem>> {
    state.backend.outbox().await
}

#[tauri::command]
pub async fn sync_now(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<crate::sync::SyncReport> {
    let report = state.backend.sync_now().await?;
    crate::notify(&app, crate::sync::notifications(&report));
    Ok(report)
}
