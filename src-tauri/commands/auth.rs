//! Signing in and out, registering, the forgotten password.

use super::AppState;
use crate::backend::{CmdResult, LogoutView, SessionView};
use eptsp_core::api::{
    EmailCodeRequest, ForgotPasswordRequest, LoginRequest, MessageResponse, RegisterRequest,
    ResetPasswordRequest,
};
use tauri::State;

#[tauri::command]
pub async fn auth_login(
    state: State<'_, AppState>,
    req: LoginRequest,
    stay: Option<bool>,
) -> CmdResult<SessionView> {
    state.backend.login_with(req, stay.unwrap_or(false)).await
}

#[tauri::command]
pub async fn auth_register(
    state: State<'_, AppState>,
    req: RegisterRequest,
) -> CmdResult<SessionView> {
    state.backend.register(req).await
}

#[tauri::command]
pub async fn auth_email_code(
    state: State<'_, AppState>,
    req: EmailCodeRequest,
) -> CmdResult<MessageResponse> {
    state.backend.email_code(req).await
}

#[tauri::command]
pub async fn auth_forgot_password(
    state: State<'_, AppState>,
    req: ForgotPasswordRequest,
) -> CmdResult<MessageResponse> {
    state.backend.forgot_password(req).await
}

#[tauri::command]
pub async fn auth_reset_password(
    state: State<'_, AppState>,
    req: ResetPasswordRequest,
) -> CmdResult<MessageResponse> {
    state.backend.reset_password(req).await
}

#[tauri::command]
pub async fn auth_logout(state: State<'_, AppState>) -> CmdResult<LogoutView> {
    state.backend.logout().await
}
