//! The applicant's applications, their tracking and revisions, and public tracking by resi.

use super::AppState;
use crate::backend::CmdResult;
use crate::store::drafts::DraftView;
use eptsp_core::office::ApplicationView;
use tauri::State;

#[tauri::command]
pub async fn monitoring_get(
    state: State<'_, AppState>,
    resi: String,
) -> CmdResult<eptsp_core::submission::MonitoringView> {
    state.backend.monitoring(&resi).await
}

#[tauri::command]
pub async fn applications_list(
    state: State<'_, AppState>,
) -> CmdResult<Vec<crate::store::outbox::LocalApplication>> {
    state.backend.applications().await
}

#[tauri::command]
pub async fn applications_page(
    state: State<'_, AppState>,
    query: String,
    page: i64,
) -> CmdResult<crate::store::applications::ApplicationPage> {
    state.backend.applications_page(&query, page).await
}

#[tauri::command]
pub async fn applications_tracking(
    state: State<'_, AppState>,
    id: String,
) -> CmdResult<Vec<crate::store::outbox::TrackingRow>> {
    state.backend.application_tracking(&id).await
}

#[tauri::command]
pub async fn revisions_list(state: State<'_, AppState>) -> CmdResult<Vec<ApplicationView>> {
    state.backend.revisions().await
}

#[tauri::command]
pub async fn revisions_start(state: State<'_, AppState>, id: String) -> CmdResult<DraftView> {
    state.backend.revision_start(&id).await
}

#[tauri::command]
pub async fn applications_detail(
    state: State<'_, AppState>,
    id: String,
) -> CmdResult<Option<ApplicationView>> {
    state.backend.application_detail(&id).await
}
