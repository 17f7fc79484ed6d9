//! eptsp-desktop: the E-PTSP desktop application. `backend` holds what the app does
//! (testable without a window); `commands` adapts it to Tauri; `run` builds the window.

#![deny(clippy::unwrap_used)] // Outside tests a failure is an error with a message, not a panic.

pub mod account;
pub mod backend;
pub mod chat;
pub mod client;
pub mod commands;
pub mod crypto;
pub mod error;
pub mod files;
pub mod live;
pub mod map;
pub mod office;
pub mod pass;
pub mod plan;
pub mod print;
pub mod store;
pub mod sync;

use std::path::PathBuf;

use serde::Serialize;
use tauri::{Emitter, Manager};

use crate::backend::Backend;
use crate::commands::AppState;

#[derive(Clone, Serialize)]
struct Connectivity {
    online: bool,
}

/// Where the local store lives: `EPTSP_DATA_DIR` (tests, portable installs) or the
/// platform's application data folder.
fn data_dir(app: &tauri::App) -> anyhow::Result<PathBuf> {
    match std::env::var_os("EPTSP_DATA_DIR") {
        Some(d) => Ok(PathBuf::from(d)),
        None => Ok(app.path().app_data_dir()?),
    }
}

/// Desktop notifications (notify-rust: D-Bus on Linux). Best effort: a desktop without a
/// notification service simply shows none. Each one waits on its own thread for a click,
/// which brings the window forward on the screen the notification is about.
pub(crate) fn notify(app: &tauri::AppHandle, notes: Vec<pass::Note>) {
    for note in notes {
        let app = app.clone();
        tauri::async_runtime::spawn_blocking(move || show(&app, note));
    }
}

fn notification(note: &pass::Note) -> notify_rust::Notification {
    let mut n = notify_rust::Notification::new();
    n.appname("E-PTSP Kaltim")
        .summary(&note.summary)
        .body(&note.body);
    n
}

/// Notifications waited on at most at once: a notifier that keeps them (a tray) holds a
/// thread each; past this many, new ones are shown without the click.
#[cfg(all(unix, not(target_os = "macos")))]
const WAITED_AT_MOST: usize = 16;

#[cfg(all(unix, not(target_os = "macos")))]
static WAITED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Shown with a default action ("Buka", what a click on the notification does), and
/// waited on until it is clicked or closed.
#[cfg(all(unix, not(target_os = "macos")))]
fn show(app: &tauri::AppHandle, note: pass::Note) {
    use std::sync::atomic::Ordering;
    if WAITED.fetch_add(1, Ordering::SeqCst) >= WAITED_AT_MOST {
        WAITED.fetch_sub(1, Ordering::SeqCst);
        if let Err(e) = notification(&note).show() {
            tracing::info!(error = %e, "desktop notification not shown");
        }
        return;
    }
    match notification(&note).action("default", "Buka").show() {
        Ok(shown) => shown.wait_for_action(|action| {
            if action == "default" {
                open(app, &note.open);
            }
        }),
        Err(e) => tracing::info!(error = %e, "desktop notification not shown"),
    }
    WAITED.fetch_sub(1, Ordering::SeqCst);
}

/// Windows and macOS: a click on the notification brings the application forward (the
/// system's own behaviour); notify-rust cannot report which notification it was.
#[cfg(not(all(unix, not(target_os = "macos"))))]
fn show(_app: &tauri::AppHandle, note: pass::Note) {
    if let Err(e) = notification(&note).show() {
        tracing::info!(error = %e, "desktop notification not shown");
    }
}

/// Brings the window forward and tells the UI which screen to open.
#[cfg_attr(not(all(unix, not(target_os = "macos"))), allow(dead_code))]
fn open(app: &tauri::AppHandle, target: &pass::Open) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
    let _ = app.emit("open", target);
}

/// `eptsp-desktop --sync`: one pass of the sync worker without a window (for scripts and
/// scheduled runs): sends what waits in the outbox, pulls status changes, prints the
/// report as JSON and exits. The store is `EPTSP_DATA_DIR` (required here: without a
/// window there is no platform application folder to ask for); the account is the one
/// signed in with "Tetap masuk".
pub fn sync_headless() -> anyhow::Result<sync::SyncReport> {
    headless(|backend| async move {
        // Without a window nobody can type the password: only an account that chose
        // "Tetap masuk" (its key in the system's credential store) can be opened.
        if backend.current().is_none() {
            anyhow::bail!(
                "no account is open: sign in once in the app with \"Tetap masuk di komputer ini\""
            );
        }
        backend.check_connectivity().await;
        let report = backend.sync_now().await?;
        anyhow::Ok(report)
    })
}

/// Runs `work` on the backend of `EPTSP_DATA_DIR` (required without a window: there is no
/// platform application folder to ask for), on a runtime of its own.
fn headless<T, F, Fut>(work: F) -> anyhow::Result<T>
where
    F: FnOnce(std::sync::Arc<Backend>) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    let dir = std::env::var_os("EPTSP_DATA_DIR")
        .map(PathBuf::from)
        .ok_or_else(|| anyhow::anyhow!("EPTSP_DATA_DIR must name the data folder"))?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let store = store::Store::open(&dir.join("eptsp.sqlite")).await?;
        work(Backend::open(store).await?).await
    })
}

/// `eptsp-desktop --login`: signs in without a window, with "Tetap masuk", so that a
/// scheduled `--sync` can work for that account (a kiosk or a service desk set up from a
/// script). The NIK or e-mail comes on the first line of standard input, the password on
/// the second (never as an argument, which other users can read). Signing in as another
/// account switches to it, as in the app.
pub fn login_headless() -> anyhow::Result<backend::SessionView> {
    let mut lines = std::io::stdin().lines();
    let login = lines.next().transpose()?.unwrap_or_default();
    let password = lines.next().transpose()?.unwrap_or_default();
    headless(|backend| async move {
        let req = eptsp_core::api::LoginRequest {
            login: login.trim().to_owned(),
            password,
        };
        let session = backend
            .login_with(req, true)
            .await
            .map_err(|e| anyhow::anyhow!(e.message))?;
        backend.close().await;
        anyhow::Ok(session)
    })
}

pub fn run() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "eptsp_desktop=info".into());
    // `EPTSP_LOG_FILE`: the log goes to that file (appended) instead of the standard output,
    // which a window started by a launcher or a WebDriver has nowhere to show.
    let file = std::env::var_os("EPTSP_LOG_FILE").and_then(|p| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(p)
            .ok()
    });
    match file {
        Some(f) => tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_ansi(false)
            .with_writer(std::sync::Mutex::new(f))
            .init(),
        None => tracing_subscriber::fmt().with_env_filter(filter).init(),
    }
    tauri::Builder::default()
        .setup(|app| {
            let dir = data_dir(app)?;
            if let Ok(resources) = app.path().resource_dir() {
                map::set_resource_dir(resources);
            }
            let backend = tauri::async_runtime::block_on(async {
                let store = store::Store::open(&dir.join("eptsp.sqlite")).await?;
                anyhow::Ok(Backend::open(store).await?)
            })?;
            tracing::info!(data = %dir.display(), server = %backend.api.base(), "E-PTSP desktop started");
            // The live channel: what changed on the server arrives as pushes; nothing is
            // polled while it is up (see `live`).
            let channel = backend.clone();
            let h = app.handle().clone();
            tauri::async_runtime::spawn(channel.run_channel(move |e| {
                let _ = match e {
                    live::Live::Connected | live::Live::Chat => h.emit("chat", ()),
                    live::Live::Catalogue => h.emit("sync", ()),
                    live::Live::Portal => h.emit("portal", ()),
                };
            }));
            // The sync worker: a pass when something is queued, pushed or due.
            let worker = backend.clone();
            let h = app.handle().clone();
            tauri::async_runtime::spawn(
                worker.run_worker(move |report| notify(&h, sync::notifications(&report))),
            );
            let mut synced = backend.subscribe_synced();
            let h = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                while synced.changed().await.is_ok() {
                    let _ = h.emit("sync", ());
                }
            });
            // Upload progress, chunk by chunk, for the progress bars.
            let mut progress = backend.subscribe_progress();
            let h = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                while progress.changed().await.is_ok() {
                    let p = progress.borrow_and_update().clone();
                    if let Some(p) = p {
                        let _ = h.emit("upload-progress", p);
                    }
                }
            });
            let mut rx = backend.subscribe_online();
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                while rx.changed().await.is_ok() {
                    let online = *rx.borrow_and_update();
                    let _ = handle.emit("connectivity", Connectivity { online });
                }
            });
            app.manage(AppState { backend });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_status,
            commands::app::settings_set_server,
            commands::app::settings_set_printer,
            commands::auth::auth_login,
            commands::auth::auth_register,
            commands::auth::auth_email_code,
            commands::auth::auth_forgot_password,
            commands::auth::auth_reset_password,
            commands::auth::auth_logout,
            commands::profile::profile_get,
            commands::profile::profile_update,
            commands::profile::profile_email_code,
            commands::profile::profile_change_password,
            commands::regions::regions_list,
            commands::forms::forms_load,
            commands::forms::forms_save,
            commands::forms::forms_clear,
            commands::files::files_list,
            commands::files::files_import,
            commands::files::files_delete,
            commands::files::files_open,
            commands::catalogue::catalogue_get,
            commands::applications::monitoring_get,
            commands::drafts::drafts_list,
            commands::drafts::drafts_create,
            commands::drafts::drafts_open,
            commands::drafts::drafts_current,
            commands::drafts::drafts_leave,
            commands::drafts::drafts_save,
            commands::drafts::drafts_check,
            commands::drafts::drafts_delete,
            commands::drafts::drafts_submit,
            commands::sync::outbox_list,
            commands::drafts::outbox_cancel,
            commands::applications::applications_list,
            commands::applications::applications_page,
            commands::sync::sync_now,
            commands::printing::applications_print_resi,
            commands::printing::applications_print_resi_printer,
            commands::applications::applications_tracking,
            commands::office::office_queue,
            commands::office::office_claim,
            commands::office::office_cases,
            commands::office::office_case,
            commands::office::office_case_save,
            commands::office::office_decide,
            commands::office::office_release,
            commands::office::office_lapse,
            commands::printing::help_guide,
            commands::chat::chat_file_open,
            commands::office::office_file,
            commands::office::office_file_open,
            commands::office::office_signing_queue,
            commands::office::office_archive,
            commands::office::office_revoke,
            commands::office::office_dossier,
            commands::office::office_sign,
            commands::applications::revisions_list,
            commands::applications::revisions_start,
            commands::applications::applications_detail,
            commands::permits::permits_list,
            commands::permits::permits_renew,
            commands::printing::permits_print,
            commands::permits::permits_verify,
            commands::inbox::inbox_list,
            commands::inbox::inbox_open,
            commands::survey::survey_form,
            commands::survey::survey_submit,
            commands::portal::holidays_get,
            commands::portal::holiday_put,
            commands::portal::holiday_delete,
            commands::portal::holidays_import,
            commands::portal::portal_get,
            commands::portal::portal_open,
            commands::portal::announcements_list,
            commands::portal::announcement_put,
            commands::portal::announcement_delete,
            commands::portal::portal_links_set,
            commands::portal::survey_public_form,
            commands::portal::survey_public_submit,
            commands::survey::ikm_report,
            commands::survey::ikm_export,
            commands::complaints::complaints_list,
            commands::complaints::complaints_create,
            commands::complaints::complaints_reply,
            commands::admin::admin_users,
            commands::admin::admin_audit,
            commands::admin::admin_audit_export,
            commands::admin::admin_block,
            commands::admin::admin_unblock,
            commands::admin::admin_set_role,
            commands::chat::chat_list,
            commands::chat::chat_send,
            commands::chat::chat_conversations,
            commands::chat::chat_read,
            commands::admin::admin_volume,
            commands::admin::admin_requirement_save,
            commands::admin::admin_requirement_retire,
            commands::admin::admin_permit_type_save,
            commands::admin::admin_agency_save,
            commands::map::map_pick,
            commands::map::map_check,
            commands::map::map_preview,
            commands::map::map_packs,
            commands::map::map_import_pack,
            commands::map::map_remove_pack,
            commands::map::map_settings,
            commands::map::map_set_settings,
        ])
        .run(tauri::generate_context!())
        .expect("error while running the E-PTSP desktop application");
}
