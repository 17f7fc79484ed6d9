//! The E-PTSP domain shared by the desktop app and the central server: validation rules,
//! roles and the API types that cross the wire. No I/O lives here, so every rule is
//! written once and tested fast.

#![deny(clippy::unwrap_used)] // Outside tests a failure is an error with a message, not a panic.
#![warn(missing_docs)]

pub mod api;
pub mod archive;
pub mod audit;
pub mod calendar;
pub mod catalogue;
pub mod chat;
pub mod complaint;
pub mod details;
pub mod dossier;
pub mod endpoint;
pub mod endpoints;
pub mod files;
pub mod holidays;
pub mod ikm;
pub mod izin;
pub mod lifecycle;
pub mod messages;
pub mod obligations;
pub mod office;
pub mod portal;
pub mod push;
pub mod resi;
pub mod role;
pub mod search;
pub mod submission;
pub mod validate;

pub use role::Role;
pub use validate::Invalid;
