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
    "outbox_cancel",
    "outbox_list",
    "applications_list",
    "applications_page",
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
    "office_lapse",
    "help_guide",
    "chat_file_open",
    "office_file",
    "office_file_open",
    "office_signing_queue",
    "office_dossier",
    "office_sign",
    "office_archive",
    "office_revoke",
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
    "holidays_get",
    "holiday_put",
    "holiday_delete",
    "holidays_import",
    "portal_get",
    "portal_open",
    "announcements_list",
    "announcement_put",
    "announcement_delete",
    "portal_links_set",
    "survey_public_form",
    "survey_public_submit",
    "ikm_report",
    "ikm_export",
    "complaints_list",
    "complaints_create",
    "complaints_reply",
    "admin_users",
    "admin_block",
    "admin_unblock",
    "admin_set_role",
    "admin_audit",
    "admin_audit_export",
    "chat_list",
    "chat_send",
    "chat_conversations",
    "chat_read",
    "admin_volume",
    "admin_requirement_save",
    "admin_requirement_retire",
    "admin_permit_type_save",
    "admin_agency_save",
    "map_pick",
    "map_check",
    "map_preview",
    "map_packs",
    "map_import_pack",
    "map_remove_pack",
    "map_settings",
    "map_set_settings",
];

/// The command list is written in four places that must agree: `COMMANDS` here (what
/// Tauri generates permissions for), the handlers registered in `src-tauri/lib.rs`, the
/// grants of `capabilities/main.json`, and the UI's calls in `ui/src/ipc/index.ts`. The
/// build stops, naming what differs, when they don't.
fn check_command_lists() {
    use std::collections::BTreeSet;
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{p}: {e}"));
    let want: BTreeSet<String> = COMMANDS.iter().map(|c| (*c).to_owned()).collect();
    assert_eq!(
        want.len(),
        COMMANDS.len(),
        "a command is listed twice in COMMANDS"
    );

    let lib = read("src-tauri/lib.rs");
    let start = lib
        .find("generate_handler![")
        .expect("generate_handler! in lib.rs");
    let end = start
        + lib[start..]
            .find(']')
            .expect("the end of generate_handler!");
    let handlers: BTreeSet<String> = lib[start + "generate_handler![".len()..end]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.rsplit("::").next().unwrap_or(s).to_owned())
        .collect();

    let caps = read("capabilities/main.json");
    let grants: BTreeSet<String> = caps
        .split('"')
        .filter_map(|s| s.strip_prefix("allow-"))
        .map(|s| s.replace('-', "_"))
        .collect();

    let ipc = read("ui/src/ipc/index.ts");
    let calls: BTreeSet<String> = ipc
        .match_indices(">(\"")
        // A command's call (`call<T>("…"` or `callRaw<T>("…"`), not an event's `listen`.
        .filter(|(i, _)| {
            let line = ipc[..*i].rfind('\n').map_or(0, |n| n + 1);
            ipc[line..*i].contains("call")
        })
        .filter_map(|(i, m)| {
            let rest = &ipc[i + m.len()..];
            rest.find('"').map(|j| rest[..j].to_owned())
        })
        .collect();

    let mut problems = Vec::new();
    for (what, got) in [
        ("generate_handler! in src-tauri/lib.rs", &handlers),
        ("capabilities/main.json", &grants),
        ("ui/src/ipc/index.ts", &calls),
    ] {
        let missing: Vec<_> = want.difference(got).collect();
        let extra: Vec<_> = got.difference(&want).collect();
        if !missing.is_empty() || !extra.is_empty() {
            problems.push(format!(
                "{what}: missing {missing:?}, not in COMMANDS {extra:?}"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "the command lists disagree (src-tauri/build.rs COMMANDS is the reference):\n{}",
        problems.join("\n")
    );
}

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=capabilities");
    println!("cargo:rerun-if-changed=src-tauri/lib.rs");
    println!("cargo:rerun-if-changed=ui/src/ipc/index.ts");
    check_command_lists();
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
