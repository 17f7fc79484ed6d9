//! The signed-in account's profile, e-mail and password.

use super::AppState;
use crate::backend::{CmdResult, ProfileView};
use eptsp_core::api::{
    ChangePasswordRequest, EmailCodeRequest, MessageResponse, UpdateProfileRequest,
};
use tauri::State;

#[tauri::command]
pub async fn profile_get(state: State<'_, AppState>) -> CmdResult<ProfileView> {
    state.backend.profile().await
}

#[tauri::command]
pub async fn profile_update(
    state: State<'_, AppState>,
    req: UpdateProfileRequest,
) -> CmdResult<ProfileView> {
    state.backend.update_profile(req).await
}

#[tauri::command]
pub async fn profile_email_code(
    state: State<'_, AppState>,
    req: EmailCodeRequest,
) -> CmdResult<MessageResponse> {
    state.backend.profile_email_code(req).await
}

#[tauri::command]
pub async fn profile_change_password(
    state: State<'_, AppState>,
    req: ChangePasswordRequest,
) -> CmdResult<MessageResponse> {
    state.backend.change_password(req).await
}
