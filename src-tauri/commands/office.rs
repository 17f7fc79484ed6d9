//! The back office: the verifier's review and the signer's signature.

use super::AppState;
use crate::backend::CmdResult;
use crate::error::CommandError;
use crate::store::office::ReviewCase;
use eptsp_core::izin::SignedIzin;
use eptsp_core::lifecycle::Action;
use eptsp_core::office::{QueueItem, QueueQuery, ReviewItem};
use tauri::State;
use tauri::ipc::Response;

#[tauri::command]
pub async fn office_queue(
    state: State<'_, AppState>,
    query: QueueQuery,
) -> CmdResult<Vec<QueueItem>> {
    state.backend.office_queue(query).await
}

#[tauri::command]
pub async fn office_claim(state: State<'_, AppState>, id: String) -> CmdResult<ReviewCase> {
    state.backend.office_claim(&id).await
}

#[tauri::command]
pub async fn office_cases(state: State<'_, AppState>) -> CmdResult<Vec<ReviewCase>> {
    state.backend.office_cases().await
}

#[tauri::command]
pub async fn office_case(state: State<'_, AppState>, id: String) -> CmdResult<ReviewCase> {
    state.backend.office_case(&id).await
}

#[tauri::command]
pub async fn office_case_save(
    state: State<'_, AppState>,
    id: String,
    checklist: Vec<ReviewItem>,
    note: String,
) -> CmdResult<()> {
    state.backend.office_case_save(&id, &checklist, &note).await
}

#[tauri::command]
pub async fn office_decide(
    state: State<'_, AppState>,
    id: String,
    action: Action,
    note: String,
    checklist: Vec<ReviewItem>,
) -> CmdResult<ReviewCase> {
    state
        .backend
        .office_decide(&id, action, &note, checklist)
        .await
}

#[tauri::command]
pub async fn office_release(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.backend.office_release(&id).await
}

/// The bytes of a downloaded attachment, for the viewer (images, PDF pages).
#[tauri::command]
pub async fn office_file(state: State<'_, AppState>, sha256: String) -> CmdResult<Response> {
    let files = state.backend.office_file_store(&sha256)?;
    let bytes = tokio::task::spawn_blocking(move || files.read_all(&sha256))
        .await
        .map_err(|e| CommandError::new("internal", e.to_string()))?
        .map_err(|e| CommandError::new("io", format!("Dokumen tidak dapat dibaca: {e}")))?;
    Ok(Response::new(bytes))
}

/// Opens an attachment with the system's application (DWG drawings, say).
#[tauri::command]
pub async fn office_file_open(
    state: State<'_, AppState>,
    sha256: String,
    kind: String,
) -> CmdResult<()> {
    let files = state.backend.office_file_store(&sha256)?;
    // The viewer chooses by extension: give it a plain copy with one (in the account's
    // folder, removed at sign-out).
    let ext = match kind.as_str() {
        "pdf" | "jpg" | "png" | "gif" | "dwg" => kind,
        _ => "bin".to_owned(),
    };
    let copy = tokio::task::spawn_blocking(move || files.export_for_viewer(&sha256, &ext))
        .await
        .map_err(|e| CommandError::new("internal", e.to_string()))?
        .map_err(|e| CommandError::new("io", e.to_string()))?;
    open::that_detached(&copy).map_err(|_| {
        CommandError::new(
            "no_viewer",
            "Tidak ada aplikasi untuk membuka dokumen ini di komputer ini",
        )
    })
}

#[tauri::command]
pub async fn office_signing_queue(state: State<'_, AppState>) -> CmdResult<Vec<QueueItem>> {
    state.backend.signing_queue().await
}

#[tauri::command]
pub async fn office_dossier(state: State<'_, AppState>, id: String) -> CmdResult<ReviewCase> {
    state.backend.office_dossier(&id).await
}

#[tauri::command]
pub async fn office_sign(
    state: State<'_, AppState>,
    id: String,
    passphrase: String,
) -> CmdResult<SignedIzin> {
    state.backend.office_sign(&id, &passphrase).await
}
