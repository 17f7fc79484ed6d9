//! The admin's tools: accounts, the catalogue, reports.

use super::AppState;
use crate::backend::CmdResult;
use tauri::State;

#[tauri::command]
pub async fn admin_users(
    state: State<'_, AppState>,
    q: String,
) -> CmdResult<Vec<eptsp_core::office::UserSummary>> {
    state.backend.admin_users(&q).await
}

#[tauri::command]
pub async fn admin_block(
    state: State<'_, AppState>,
    id: String,
    reason: String,
) -> CmdResult<eptsp_core::office::UserSummary> {
    state.backend.admin_block(&id, &reason).await
}

#[tauri::command]
pub async fn admin_unblock(
    state: State<'_, AppState>,
    id: String,
) -> CmdResult<eptsp_core::office::UserSummary> {
    state.backend.admin_unblock(&id).await
}

#[tauri::command]
pub async fn admin_set_role(
    state: State<'_, AppState>,
    id: String,
    role: eptsp_core::Role,
) -> CmdResult<eptsp_core::office::UserSummary> {
    state.backend.admin_set_role(&id, role).await
}

#[tauri::command]
pub async fn admin_volume(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> CmdResult<Vec<eptsp_core::office::VolumeRow>> {
    state.backend.admin_volume(&from, &to).await
}

#[tauri::command]
pub async fn admin_requirement_save(
    state: State<'_, AppState>,
    permit_type: String,
    id: Option<i32>,
    edit: eptsp_core::catalogue::RequirementEdit,
) -> CmdResult<eptsp_core::catalogue::Saved> {
    state
        .backend
        .admin_requirement_save(&permit_type, id, edit)
        .await
}

#[tauri::command]
pub async fn admin_requirement_retire(
    state: State<'_, AppState>,
    id: i32,
) -> CmdResult<eptsp_core::catalogue::Saved> {
    state.backend.admin_requirement_retire(id).await
}

#[tauri::command]
pub async fn admin_permit_type_save(
    state: State<'_, AppState>,
    id: String,
    edit: eptsp_core::catalogue::PermitTypeEdit,
) -> CmdResult<eptsp_core::catalogue::Saved> {
    state.backend.admin_permit_type_save(&id, edit).await
}

#[tauri::command]
pub async fn admin_agency_save(
    state: State<'_, AppState>,
    id: String,
    edit: eptsp_core::catalogue::AgencyEdit,
) -> CmdResult<eptsp_core::catalogue::Saved> {
    state.backend.admin_agency_save(&id, edit).await
}

#[tauri::command]
pub async fn admin_audit(
    state: State<'_, AppState>,
    query: eptsp_core::audit::AuditQuery,
) -> CmdResult<eptsp_core::audit::AuditPage> {
    state.backend.admin_audit(&query).await
}

#[tauri::command]
pub async fn admin_audit_export(
    state: State<'_, AppState>,
    query: eptsp_core::audit::AuditQuery,
) -> CmdResult<String> {
    state.backend.admin_audit_export(&query).await
}
