//! The back office: the verifier's review and the signer's signature.

use super::AppState;
use crate::backend::CmdResult;
use crate::store::office::ReviewCase;
use eptsp_core::izin::SignedIzin;
use eptsp_core::lifecycle::Action;
use eptsp_core::office::{DecisionResult, QueueItem, QueueQuery, ReviewItem};
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
pub async fn office_lapse(
    state: State<'_, AppState>,
    id: String,
    action: Action,
) -> CmdResult<DecisionResult> {
    state.backend.office_lapse(&id, action).await
}

#[tauri::command]
pub async fn office_release(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.backend.office_release(&id).await
}

/// The bytes of a downloaded attachment, for the viewer (images, PDF pages).
#[tauri::command]
pub async fn office_file(state: State<'_, AppState>, sha256: String) -> CmdResult<Response> {
    Ok(Response::new(
        state.backend.office_file_bytes(&sha256).await?,
    ))
}

/// Opens an attachment with the system's application (DWG drawings, say).
#[tauri::command]
pub async fn office_file_open(
    state: State<'_, AppState>,
    sha256: String,
    kind: String,
) -> CmdResult<()> {
    let copy = state.backend.office_file_copy(&sha256, &kind).await?;
    super::open_with_system(&copy, "no_viewer", super::NO_VIEWER)
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

#[tauri::command]
pub async fn office_archive(
    state: State<'_, AppState>,
    query: eptsp_core::archive::ArchiveQuery,
) -> CmdResult<eptsp_core::archive::ArchivePage> {
    state.backend.office_archive(&query).await
}

#[tauri::command]
pub async fn office_revoke(
    state: State<'_, AppState>,
    id: String,
    reason: String,
) -> CmdResult<String> {
    state.backend.office_revoke(&id, &reason).await
}
