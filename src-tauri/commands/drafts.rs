//! Drafts of applications: the wizard's autosave and step checks.

use eptsp_core::api::FieldError;
use eptsp_core::dossier::DraftData;
use tauri::State;

use super::AppState;
use crate::backend::CmdResult;
use crate::store::drafts::DraftView;

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

#[tauri::command]
pub async fn outbox_list(
    state: State<'_, AppState>,
) -> CmdResult<Vec<crate::store::outbox::OutboxItem>> {
    state.backend.outbox().await
}

#[tauri::command]
pub async fn applications_list(
    state: State<'_, AppState>,
) -> CmdResult<Vec<crate::store::outbox::LocalApplication>> {
    state.backend.applications().await
}

#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> CmdResult<crate::sync::SyncReport> {
    let report = state.backend.sync_now().await?;
    crate::notify(crate::sync::notifications(&report));
    Ok(report)
}

/// Cetak Resi: writes the PDF, opens it with the system's viewer, returns where it is.
#[tauri::command]
pub async fn applications_print_resi(state: State<'_, AppState>, id: String) -> CmdResult<String> {
    let path = state.backend.print_resi(&id).await?;
    if let Err(e) = open::that_detached(&path) {
        tracing::warn!(error = %e, "no viewer for the resi");
    }
    Ok(path)
}

/// Cetak Resi to the system's default printer.
#[tauri::command]
pub async fn applications_print_resi_printer(
    state: State<'_, AppState>,
    id: String,
) -> CmdResult<String> {
    state.backend.print_resi_to_printer(&id).await
}

#[tauri::command]
pub async fn applications_tracking(
    state: State<'_, AppState>,
    id: String,
) -> CmdResult<Vec<crate::store::outbox::TrackingRow>> {
    state.backend.application_tracking(&id).await
}
