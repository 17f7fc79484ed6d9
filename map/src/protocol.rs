//! What the desktop app and the picker window say to each other. The app starts
//! `eptsp-map-picker --request FILE` (the request as JSON) and reads one JSON line, the
//! [`PickResult`], from the picker's standard output when the window closes.

use serde::{Deserialize, Serialize};

use crate::coords::LatLng;
use crate::tiles::Sources;

/// Pick a point, or draw a polygon (area permits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Point,
    Polygon,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PickRequest {
    pub mode: Mode,
    /// The Kab/Kota chosen in the form (Kemendagri code, "64.72"); the site must lie in it.
    pub regency_code: String,
    /// The point already in the form, if any.
    #[serde(default)]
    pub point: Option<LatLng>,
    /// The polygon already in the form, if any.
    #[serde(default)]
    pub polygon: Vec<LatLng>,
    pub sources: Sources,
}

/// The answer, one JSON object on standard output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "lowercase")]
pub enum PickResult {
    Point {
        at: LatLng,
        /// "Kec. Samarinda Ulu, Kota Samarinda".
        location: String,
        warning: Option<String>,
    },
    Polygon {
        vertices: Vec<LatLng>,
        area_m2: f64,
        location: String,
        warning: Option<String>,
    },
    Cancelled,
    Error {
        message: String,
    },
}

/// One step of a scripted session (tests): what a user would do, in window pixels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
pub enum ScriptStep {
    /// Let this many frames pass (tiles load, animations settle).
    Wait { frames: u32 },
    /// Press and release the primary button at a point of the map, relative to its centre.
    ClickMap { dx: f32, dy: f32 },
    /// Drag with the primary button from one point of the map to another (relative to its centre).
    DragMap {
        from_dx: f32,
        from_dy: f32,
        to_dx: f32,
        to_dy: f32,
    },
    /// Type into the search box and choose the first result.
    Search { text: String },
    /// Press a button by its label.
    Press { label: String },
    /// Save a screenshot of the window to this PNG file.
    Screenshot { path: String },
}
