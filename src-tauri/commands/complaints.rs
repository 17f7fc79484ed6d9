//! Pengaduan: complaints and their answers.

use super::AppState;
use crate::backend::CmdResult;
use tauri::State;

#[tauri::command]
pub async fn complaints_list(
    state: State<'_, AppState>,
    status: String,
) -> CmdResult<Vec<eptsp_core::complaint::Complaint>> {
    state.backend.complaints(&status).await
}

#[tauri::command]
pub async fn complaints_create(
    state: State<'_, AppState>,
    application_id: Option<String>,
    kategori: eptsp_core::complaint::Kategori,
    isi: String,
) -> CmdResult<eptsp_core::complaint::Complaint> {
    state
        .backend
        .complaint_create(application_id, kategori, &isi)
        .await
}

#[tauri::command]
pub async fn complaints_reply(
    state: State<'_, AppState>,
    id: String,
    balasan: String,
    status: eptsp_core::complaint::ComplaintStatus,
) -> CmdResult<eptsp_core::complaint::Complaint> {
    state.backend.complaint_reply(&id, &balasan, status).await
}
