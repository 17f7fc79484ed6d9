//! Tauri commands, grouped by area and named `<area>_<verb>`. Each one only unpacks its
//! arguments and calls the [`Backend`](crate::backend::Backend).

pub mod app;
pub mod auth;
pub mod catalogue;
pub mod drafts;
pub mod files;
pub mod forms;
pub mod map;
pub mod office;
pub mod profile;
pub mod regions;

use std::sync::Arc;

use crate::backend::Backend;

pub struct AppState {
    pub backend: Arc<Backend>,
}
