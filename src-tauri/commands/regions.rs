//! Provinces, regencies, districts and villages (cached for offline use).

use super::AppState;
use crate::backend::CmdResult;
use eptsp_core::api::Region;
use tauri::State;

#[tauri::command]
pub async fn regions_list(
    state: State<'_, AppState>,
    parent: Option<String>,
) -> CmdResult<Vec<Region>> {
    state.backend.regions(parent).await
}
