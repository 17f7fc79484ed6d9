//! Offline maps for E-PTSP.
//!
//! The library part needs no GUI: raster tile packs (PMTiles) and an online XYZ source with a
//! disk cache ([`tiles`]), the Kalimantan Timur atlas of boundaries and places with the checks
//! and the search built on it ([`atlas`]) and typed coordinates ([`coords`]) from `eptsp-geo`,
//! the static preview
//! drawn from the same tiles ([`preview`]) and the JSON contract of the picker window
//! ([`protocol`]). The picker window itself (eframe + walkers) is [`picker`], behind the
//! `window` feature, and runs as its own process (`eptsp-map-picker`).

#![deny(clippy::unwrap_used)] // Outside tests a failure is an error with a message, not a panic.

#[cfg(feature = "window")]
pub mod picker;
pub mod preview;
pub mod protocol;
pub mod tiles;

// The pure rules live in their own crate (the server uses them without the maps).
pub use eptsp_geo::{atlas, coords, site};

pub use atlas::{Atlas, GeoError, Location, Place};
pub use coords::LatLng;
