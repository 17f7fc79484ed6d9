//! Printing: the resi and the izin, to PDF or to the printer.

use super::AppState;
use crate::backend::CmdResult;
use tauri::State;

/// Cetak Resi: writes the PDF, opens it with the system's viewer, returns where it is.
#[tauri::command]
pub async fn applications_print_resi(state: State<'_, AppState>, id: String) -> CmdResult<String> {
    let path = state.backend.print_resi(&id).await?;
    super::show(std::path::Path::new(&path));
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

/// Cetak Izin: writes the PDF, opens it with the system's viewer, returns where it is.
#[tauri::command]
pub async fn permits_print(state: State<'_, AppState>, id: String) -> CmdResult<String> {
    let path = state.backend.print_izin(&id).await?;
    super::show(std::path::Path::new(&path));
    Ok(path)
}

/// Unduh Panduan: writes the guide's PDF, opens it with the system's viewer, returns where it is.
#[tauri::command]
pub async fn help_guide(state: State<'_, AppState>) -> CmdResult<String> {
    let path = state.backend.print_guide().await?;
    super::show(std::path::Path::new(&path));
    Ok(path)
}
