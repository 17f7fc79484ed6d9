//! The IKM survey and its report.

use super::AppState;
use crate::backend::CmdResult;
use tauri::State;

#[tauri::command]
pub async fn survey_form(
    state: State<'_, AppState>,
    resi: String,
) -> CmdResult<crate::office::SurveyView> {
    state.backend.survey_form(&resi).await
}

#[tauri::command]
pub async fn survey_submit(
    state: State<'_, AppState>,
    id: String,
    req: eptsp_core::ikm::SurveyRequest,
) -> CmdResult<String> {
    state.backend.survey_submit(&id, req).await
}

#[tauri::command]
pub async fn ikm_report(
    state: State<'_, AppState>,
    from: String,
    to: String,
    permit_type_id: String,
) -> CmdResult<eptsp_core::ikm::IkmReport> {
    state.backend.ikm_report(&from, &to, &permit_type_id).await
}

/// Writes the report as CSV and PDF, opens the PDF, returns both paths.
#[tauri::command]
pub async fn ikm_export(
    state: State<'_, AppState>,
    from: String,
    to: String,
    permit_type_id: String,
) -> CmdResult<Vec<String>> {
    let paths = state
        .backend
        .ikm_export(&from, &to, &permit_type_id)
        .await?;
    if let Some(pdf) = paths.last() {
        super::show(std::path::Path::new(pdf));
    }
    Ok(paths)
}
