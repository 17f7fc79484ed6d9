//! Drafts: the five-step wizard and "Kirim".

use super::AppState;
use crate::backend::CmdResult;
use crate::store::drafts::DraftView;
use eptsp_core::api::FieldError;
use eptsp_core::dossier::DraftData;
use tauri::State;

#[tauri::command]
pub async fn drafts_list(state: State<'_, AppState>) -> CmdResult<Vec<DraftView>> {
    state.backend.drafts_list().await
}

#[tauri::command]
pub async fn drafts_create(state: State<'_, AppState>) -> CmdResult<DraftView> {
    state.backend.drafts_create().await
}

#[tauri::command]
pub async fn drafts_open(state: State<'_, AppState>, id: String) -> CmdResult<DraftView> {
    state.backend.drafts_open(&id).await
}

#[tauri::command]
pub async fn drafts_current(state: State<'_, AppState>) -> CmdResult<Option<DraftView>> {
    state.backend.drafts_current().await
}

#[tauri::command]
pub async fn drafts_leave(state: State<'_, AppState>) -> CmdResult<()> {
    state.backend.drafts_leave().await
}

#[tauri::command]
pub async fn drafts_save(
    state: State<'_, AppState>,
    id: String,
    step: u8,
    data: DraftData,
) -> CmdResult<()> {
    state.backend.drafts_save(&id, step, &data).await
}

#[tauri::command]
pub async fn drafts_check(
    state: State<'_, AppState>,
    id: String,
    step: u8,
) -> CmdResult<Vec<FieldError>> {
    state.backend.drafts_check(&id, step).await
}

#[tauri::command]
pub async fn drafts_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.backend.drafts_delete(&id).await
}

/// "Kirim": the draft's problems, or none when it was queued for sending.
#[tauri::command]
pub async fn drafts_submit(state: State<'_, AppState>, id: String) -> CmdResult<Vec<FieldError>> {
    state.backend.drafts_submit(&id).await
}

/// "Batalkan pengiriman": the sent draft back among the drafts, editable.
#[tauri::command]
pub async fn outbox_cancel(state: State<'_, AppState>, id: String) -> CmdResult<DraftView> {
    state.backend.outbox_cancel(&id).await
}
