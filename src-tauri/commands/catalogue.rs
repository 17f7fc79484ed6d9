//! The permit catalogue.

use super::AppState;
use crate::backend::{CatalogueView, CmdResult};
use tauri::State;

#[tauri::command]
pub async fn catalogue_get(state: State<'_, AppState>) -> CmdResult<CatalogueView> {
    state.backend.catalogue().await
}
