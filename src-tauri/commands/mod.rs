//! Tauri commands, grouped by area and named `<area>_<verb>`. Each one only unpacks its
//! arguments and calls the [`Backend`](crate::backend::Backend).

pub mod admin;
pub mod app;
pub mod applications;
pub mod auth;
pub mod catalogue;
pub mod chat;
pub mod complaints;
pub mod drafts;
pub mod files;
pub mod forms;
pub mod inbox;
pub mod map;
pub mod office;
pub mod permits;
pub mod portal;
pub mod printing;
pub mod profile;
pub mod regions;
pub mod survey;
pub mod sync;

use std::path::Path;
use std::sync::Arc;

use tauri::ipc::{InvokeBody, Request};

use crate::backend::{Backend, CmdResult};
use crate::error::CommandError;

pub struct AppState {
    pub backend: Arc<Backend>,
}

/// Said when no application on this computer opens a document.
pub const NO_VIEWER: &str = "Tidak ada aplikasi untuk membuka dokumen ini di komputer ini";

/// A raw-body command's bytes (a file the UI sends whole), or the refusal `what` names.
fn raw_body<'r>(request: &'r Request<'_>, what: &str) -> CmdResult<&'r [u8]> {
    match request.body() {
        InvokeBody::Raw(bytes) => Ok(bytes),
        InvokeBody::Json(_) => Err(CommandError::new(
            "bad_request",
            format!("Isi {what} tidak terkirim"),
        )),
    }
}

/// A raw-body command's header, decoded: the UI percent-encodes names because headers
/// carry only ASCII.
fn header(request: &Request<'_>, name: &str) -> String {
    request
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            percent_encoding::percent_decode_str(v)
                .decode_utf8_lossy()
                .into_owned()
        })
        .unwrap_or_default()
}

/// Opens `path` with the system's application; `code` and `message` say it when none can.
fn open_with_system(path: &Path, code: &'static str, message: &str) -> CmdResult<()> {
    open::that_detached(path).map_err(|_| CommandError::new(code, message))
}

/// Opens `path` with the system's viewer if there is one (the file is written either way).
fn show(path: &Path) {
    if let Err(e) = open::that_detached(path) {
        tracing::warn!(error = %e, path = %path.display(), "no viewer");
    }
}
