//! Half-filled forms kept across restarts.

use super::AppState;
use crate::backend::CmdResult;
use tauri::State;

#[tauri::command]
pub async fn forms_load(
    state: State<'_, AppState>,
    form: String,
) -> CmdResult<Option<serde_json::Value>> {
    state.backend.forms_load(&form).await
}

#[tauri::command]
pub async fn forms_save(
    state: State<'_, AppState>,
    form: String,
    data: serde_json::Value,
) -> CmdResult<()> {
    state.backend.forms_save(&form, &data).await
}

#[tauri::command]
pub async fn forms_clear(state: State<'_, AppState>, form: String) -> CmdResult<()> {
    state.backend.forms_clear(&form).await
}
