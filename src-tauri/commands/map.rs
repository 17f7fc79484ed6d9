//! The offline map: picking and checking the permit site, map packs.

use super::AppState;
use crate::backend::CmdResult;
use crate::map::{LocationCheck, MapPreview, MapSettings, PackView, PickAnswer};
use eptsp_core::dossier::Lokasi;
use tauri::State;
use tauri::ipc::Request;

/// Opens the picker window on the form's site; resolves when it closes.
#[tauri::command]
pub async fn map_pick(
    state: State<'_, AppState>,
    polygon: bool,
    lokasi: Lokasi,
) -> CmdResult<PickAnswer> {
    state.backend.map_pick(polygon, &lokasi).await
}

#[tauri::command]
pub fn map_check(lokasi: Lokasi) -> LocationCheck {
    crate::map::check_location(&lokasi)
}

#[tauri::command]
pub async fn map_preview(
    state: State<'_, AppState>,
    lokasi: Lokasi,
) -> CmdResult<Option<MapPreview>> {
    state.backend.map_preview(&lokasi).await
}

#[tauri::command]
pub async fn map_packs(state: State<'_, AppState>) -> CmdResult<Vec<PackView>> {
    state.backend.map_packs().await
}

/// The pack's bytes come as the raw body, its file name in `x-original-name`.
#[tauri::command]
pub async fn map_import_pack(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CmdResult<PackView> {
    let bytes = super::raw_body(&request, "berkas")?;
    let name = super::header(&request, "x-original-name");
    state.backend.map_import_pack(&name, bytes).await
}

#[tauri::command]
pub async fn map_remove_pack(state: State<'_, AppState>, file: String) -> CmdResult<()> {
    state.backend.map_remove_pack(&file).await
}

#[tauri::command]
pub async fn map_settings(state: State<'_, AppState>) -> CmdResult<MapSettings> {
    state.backend.map_settings().await
}

#[tauri::command]
pub async fn map_set_settings(
    state: State<'_, AppState>,
    settings: MapSettings,
) -> CmdResult<MapSettings> {
    state.backend.map_set_settings(settings).await
}
