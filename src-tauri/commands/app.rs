//! The app's state and its settings (server address, printer).

use super::AppState;
use crate::backend::{AppStatus, CmdResult};
use tauri::State;

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> CmdResult<AppStatus> {
    state.backend.status().await
}

#[tauri::command]
pub async fn settings_set_server(state: State<'_, AppState>, url: String) -> CmdResult<AppStatus> {
    state.backend.set_server(&url).await
}

#[tauri::command]
pub async fn settings_set_printer(
    state: State<'_, AppState>,
    printer: crate::print::PrinterChoice,
) -> CmdResult<AppStatus> {
    state.backend.set_printer(printer).await
}
