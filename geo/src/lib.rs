//! The pure geographic rules of E-PTSP, shared by the server, the desktop and the map crate:
//! typed coordinates ([`coords`]), the Kalimantan Timur atlas of boundaries and places with
//! the checks and the search built on it ([`atlas`]; its data is embedded, so nothing here
//! reads a file or the network), and the checks of a permit site as the form holds it
//! ([`site`]). The server needs these and nothing of the maps' tiles, images or windows.

#![deny(clippy::unwrap_used)] // Outside tests a failure is an error with a message, not a panic.

pub mod atlas;
pub mod coords;
pub mod site;

pub use atlas::{Atlas, GeoError, Location, Place};
pub use coords::LatLng;
