//! Reference data for the address selects.

use eptsp_core::api::Region;
use tauri::State;

use super::AppState;
use crate::backend::CmdResult;

#[tauri::command]
pub async fn regions_list(
    state: State<'_, AppState>,
    parent: Option<String>,
) -> CmdResult<Vec<Region>> {
    state.backend.regions(parent).await
}
