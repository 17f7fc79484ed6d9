//! File Saya: the document library.

use super::AppState;
use super::header;
use crate::backend::CmdResult;
use crate::error::CommandError;
use crate::files::{FileEntry, FilePage};
use tauri::State;
use tauri::ipc::Request;

#[tauri::command]
pub async fn files_list(
    state: State<'_, AppState>,
    query: String,
    page: i64,
) -> CmdResult<FilePage> {
    let a = state.backend.account()?;
    a.files.list(&a.store, &query, page).await
}

/// The file's bytes come as the raw request body; its original name and the name the
/// applicant gave it come in the `x-original-name` and `x-name` headers.
#[tauri::command]
pub async fn files_import(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CmdResult<FileEntry> {
    let bytes = super::raw_body(&request, "file")?.to_vec();
    let (original, name) = (
        header(&request, "x-original-name"),
        header(&request, "x-name"),
    );
    let a = state.backend.account()?;
    a.files
        .import_bytes(&a.store, bytes, &original, &name)
        .await
}

#[tauri::command]
pub async fn files_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    let a = state.backend.account()?;
    a.files.delete(&a.store, &id).await
}

/// Opens the document with the system's viewer.
#[tauri::command]
pub async fn files_open(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    let a = state.backend.account()?;
    let path = a.files.viewer_copy(&a.store, &id).await?;
    open::that_detached(&path)
        .map_err(|e| CommandError::new("open_failed", format!("File tidak dapat dibuka: {e}")))
}
