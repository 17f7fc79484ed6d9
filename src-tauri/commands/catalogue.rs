//! The catalogue and its requirement lists (Persyaratan).

use tauri::State;

use super::AppState;
use crate::backend::{CatalogueView, CmdResult};

#[tauri::command]
pub async fn catalogue_get(state: State<'_, AppState>) -> CmdResult<CatalogueView> {
    state.backend.catalogue().await
}

#[tauri::command]
pub async fn monitoring_get(
    state: State<'_, AppState>,
    resi: String,
) -> CmdResult<eptsp_core::submission::MonitoringView> {
    state.backend.monitoring(&resi).await
}
