//! The back office (verifier, signer) and the applicant's revisions and permits.

use eptsp_core::izin::SignedIzin;
use eptsp_core::lifecycle::Action;
use eptsp_core::office::{ApplicationView, QueueItem, QueueQuery, ReviewItem};
use tauri::State;
use tauri::ipc::Response;

use super::AppState;
use crate::backend::CmdResult;
use crate::error::CommandError;
use crate::office::OfflineVerification;
use crate::store::drafts::DraftView;
use crate::store::office::{LocalPermit, ReviewCase};

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

#[tauri::command]
pub async fn revisions_list(state: State<'_, AppState>) -> CmdResult<Vec<ApplicationView>> {
    state.backend.revisions().await
}

#[tauri::command]
pub async fn revisions_start(state: State<'_, AppState>, id: String) -> CmdResult<DraftView> {
    state.backend.revision_start(&id).await
}

#[tauri::command]
pub async fn applications_detail(
    state: State<'_, AppState>,
    id: String,
) -> CmdResult<Option<ApplicationView>> {
    state.backend.application_detail(&id).await
}

#[tauri::command]
pub async fn permits_list(state: State<'_, AppState>) -> CmdResult<Vec<LocalPermit>> {
    state.backend.permits().await
}

#[tauri::command]
pub async fn permits_renew(state: State<'_, AppState>, id: String) -> CmdResult<DraftView> {
    state.backend.permit_renew(&id).await
}

/// Cetak Izin: writes the PDF, opens it with the system's viewer, returns where it is.
#[tauri::command]
pub async fn permits_print(state: State<'_, AppState>, id: String) -> CmdResult<String> {
    let path = state.backend.print_izin(&id).await?;
    if let Err(e) = open::that_detached(&path) {
        tracing::warn!(error = %e, "no viewer for the permit");
    }
    Ok(path)
}

/// Checks a permit's QR text with the office's public key, offline.
#[tauri::command]
pub fn permits_verify(text: String) -> OfflineVerification {
    crate::office::verify_qr_text(&text)
}

#[tauri::command]
pub async fn inbox_list(
    state: State<'_, AppState>,
    query: String,
    page: i64,
) -> CmdResult<crate::store::inbox::InboxList> {
    state.backend.inbox(&query, page).await
}

#[tauri::command]
pub async fn inbox_open(
    state: State<'_, AppState>,
    id: i64,
) -> CmdResult<eptsp_core::office::InboxMessage> {
    state.backend.inbox_open(id).await
}

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
    if let Some(pdf) = paths.last()
        && let Err(e) = open::that_detached(pdf)
    {
        tracing::warn!(error = %e, "no viewer for the report");
    }
    Ok(paths)
}

#[tauri::command]
pub async fn complaints_list(
    state: State<'_, AppState>,
    status: String,
) -> CmdResult<Vec<eptsp_core::complaint::Complaint>> {
    state.backend.complaints(&status).await
}

#[tauri::command]
pub async fn complaints_create(
    state: State<'_, AppState>,
    application_id: Option<String>,
    kategori: eptsp_core::complaint::Kategori,
    isi: String,
) -> CmdResult<eptsp_core::complaint::Complaint> {
    state
        .backend
        .complaint_create(application_id, kategori, &isi)
        .await
}

#[tauri::command]
pub async fn complaints_reply(
    state: State<'_, AppState>,
    id: String,
    balasan: String,
    status: eptsp_core::complaint::ComplaintStatus,
) -> CmdResult<eptsp_core::complaint::Complaint> {
    state.backend.complaint_reply(&id, &balasan, status).await
}

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
