//! The portal: announcements and links (read by everyone, kept for offline reading;
//! published by the administrator) and the satisfaction survey without login.

use super::AppState;
use crate::backend::CmdResult;
use eptsp_core::portal::{
    Announcement, AnnouncementEdit, Portal, PortalLinks, PublicSurveyKey, PublicSurveyRequest,
};
use tauri::State;

#[tauri::command]
pub async fn portal_get(state: State<'_, AppState>) -> CmdResult<crate::office::PortalView> {
    state.backend.portal().await
}

/// Opens one of the portal's links in the system's browser (nothing else: the address
/// must be a link the office published).
#[tauri::command]
pub async fn portal_open(state: State<'_, AppState>, url: String) -> CmdResult<()> {
    // A web address, checked here as the server checks it (whatever the server sent).
    let web = eptsp_core::portal::PortalLinks {
        links: vec![eptsp_core::portal::PortalLink {
            label: "Tautan".into(),
            url: url.clone(),
        }],
    };
    if web.check().is_err() || !state.backend.is_portal_link(&url).await? {
        return Err(crate::error::CommandError::new(
            "not_found",
            "Tautan ini tidak ada di daftar tautan portal",
        ));
    }
    open::that_detached(&url).map_err(|_| {
        crate::error::CommandError::new("open_failed", "Browser tidak dapat dibuka di komputer ini")
    })
}

#[tauri::command]
pub async fn announcements_list(state: State<'_, AppState>) -> CmdResult<Vec<Announcement>> {
    state.backend.announcements().await
}

#[tauri::command]
pub async fn announcement_put(
    state: State<'_, AppState>,
    id: Option<String>,
    edit: AnnouncementEdit,
) -> CmdResult<Announcement> {
    state.backend.announcement_put(id, edit).await
}

#[tauri::command]
pub async fn announcement_delete(state: State<'_, AppState>, id: String) -> CmdResult<String> {
    state.backend.announcement_delete(&id).await
}

#[tauri::command]
pub async fn portal_links_set(state: State<'_, AppState>, links: PortalLinks) -> CmdResult<Portal> {
    state.backend.portal_links_set(links).await
}

#[tauri::command]
pub async fn survey_public_form(
    state: State<'_, AppState>,
    key: PublicSurveyKey,
) -> CmdResult<crate::office::SurveyView> {
    state.backend.survey_public_form(key).await
}

#[tauri::command]
pub async fn survey_public_submit(
    state: State<'_, AppState>,
    req: PublicSurveyRequest,
) -> CmdResult<String> {
    state.backend.survey_public_submit(req).await
}

#[tauri::command]
pub async fn holidays_get(state: State<'_, AppState>) -> CmdResult<crate::office::HolidaysView> {
    state.backend.holidays().await
}

#[tauri::command]
pub async fn holiday_put(
    state: State<'_, AppState>,
    date: String,
    edit: eptsp_core::holidays::HolidayEdit,
) -> CmdResult<eptsp_core::holidays::HolidayTable> {
    state.backend.holiday_put(&date, edit).await
}

#[tauri::command]
pub async fn holiday_delete(
    state: State<'_, AppState>,
    date: String,
) -> CmdResult<eptsp_core::holidays::HolidayTable> {
    state.backend.holiday_delete(&date).await
}

#[tauri::command]
pub async fn holidays_import(
    state: State<'_, AppState>,
    year: i32,
    req: eptsp_core::holidays::HolidayImport,
) -> CmdResult<eptsp_core::holidays::HolidayTable> {
    state.backend.holidays_import(year, req).await
}
