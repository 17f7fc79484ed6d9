//! Izin Saya: the applicant's permits, renewal and offline verification.

use super::AppState;
use crate::backend::CmdResult;
use crate::office::OfflineVerification;
use crate::store::drafts::DraftView;
use crate::store::office::LocalPermit;
use tauri::State;

#[tauri::command]
pub async fn permits_list(state: State<'_, AppState>) -> CmdResult<Vec<LocalPermit>> {
    state.backend.permits().await
}

#[tauri::command]
pub async fn permits_renew(state: State<'_, AppState>, id: String) -> CmdResult<DraftView> {
    state.backend.permit_renew(&id).await
}

/// Checks a permit's QR text with the office's public key, offline.
#[tauri::command]
pub fn permits_verify(text: String) -> OfflineVerification {
    crate::office::verify_qr_text(&text)
}
