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
pub mod printing;
pub mod profile;
pub mod regions;
pub mod survey;
pub mod sync;

use std::sync::Arc;

use crate::backend::Backend;

pub struct AppState {
    pub backend: Arc<Backend>,
}
