//! Chat with the office.

use super::AppState;
use crate::backend::CmdResult;
use tauri::State;

#[tauri::command]
pub async fn chat_list(
    state: State<'_, AppState>,
    conversation: Option<String>,
) -> CmdResult<Vec<crate::store::chat::ChatItem>> {
    state.backend.chat_list(conversation.as_deref()).await
}

#[tauri::command]
pub async fn chat_send(
    state: State<'_, AppState>,
    conversation: Option<String>,
    text: String,
    file_id: Option<String>,
) -> CmdResult<Vec<crate::store::chat::ChatItem>> {
    state
        .backend
        .chat_send(conversation.as_deref(), &text, file_id.as_deref())
        .await
}

#[tauri::command]
pub async fn chat_conversations(
    state: State<'_, AppState>,
) -> CmdResult<Vec<eptsp_core::chat::Conversation>> {
    state.backend.chat_conversations().await
}

#[tauri::command]
pub async fn chat_read(
    state: State<'_, AppState>,
    conversation: String,
    seq: i64,
) -> CmdResult<()> {
    state.backend.chat_read(&conversation, seq).await
}

/// Opens a chat attachment with the system's viewer (downloaded from the office once).
#[tauri::command]
pub async fn chat_file_open(
    state: State<'_, AppState>,
    sha256: String,
    name: String,
) -> CmdResult<String> {
    let path = state.backend.chat_file_open(&sha256, &name).await?;
    super::show(&path);
    Ok(path.display().to_string())
}
