//! The catalogue and its requirement lists (Persyaratan).

use tauri::State;

use super::AppState;
use crate::backend::{CatalogueView, CmdResult};

#[tauri::command]
pub async fn catalogue_get(state: State<'_, AppState>) -> CmdResult<CatalogueView> {
    state.backend.catalogue().await
}
