//! Tauri code generation. The app manifest lists the app's own commands so that a
//! capability must grant each one by name: the WebView gets exactly these, nothing else.

const COMMANDS: &[&str] = &[
    "app_status",
    "auth_login",
    "auth_register",
    "auth_email_code",
    "auth_forgot_password",
    "auth_reset_password",
    "auth_logout",
    "profile_get",
    "profile_update",
    "profile_email_code",
    "profile_change_password",
    "regions_list",
    "settings_set_server",
    "settings_set_printer",
    "forms_load",
    "forms_save",
    "forms_clear",
    "files_list",
    "files_import",
    "files_delete",
    "files_open",
    "catalogue_get",
    "monitoring_get",
    "drafts_list",
    "drafts_create",
    "drafts_open",
    "drafts_current",
    "drafts_leave",
    "drafts_save",
    "drafts_check",
    "drafts_delete",
    "drafts_submit",
    "outbox_list",
    "applications_list",
    "sync_now",
    "applications_print_resi",
    "applications_print_resi_printer",
    "applications_tracking",
    "office_queue",
    "office_claim",
    "office_cases",
    "office_case",
    "office_case_save",
    "office_decide",
    "office_release",
    "office_file",
    "office_file_open",
    "office_signing_queue",
    "office_dossier",
    "office_sign",
    "revisions_list",
    "revisions_start",
    "applications_detail",
    "permits_list",
    "permits_renew",
    "permits_print",
    "permits_verify",
    "inbox_list",
    "inbox_open",
    "survey_form",
    "survey_submit",
    "ikm_report",
    "ikm_export",
    "complaints_list",
    "complaints_create",
    "complaints_reply",
];

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=capabilities");
    if !std::path::Path::new("ui/dist/index.html").exists() {
        panic!(
            "ui/dist is missing: build the UI first (cd ui && npm ci && npm run build), or use scripts/run.sh"
        );
    }
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build");
}
