//! The picker window: a walkers map of the offline tiles where the applicant places the permit
//! site (a marker, or a polygon for area permits), with search, live coordinates and the
//! checks against the chosen Kab/Kota. `eptsp-map-picker` runs it in its own process.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use egui::Rect;
use walkers::{MapMemory, lat_lon};

use crate::atlas::{self, Atlas, GeoError, MAX_VERTICES, Place};
use crate::coords::LatLng;
use crate::protocol::{Mode, PickRequest, PickResult, ScriptStep};
use crate::tiles::Sources;

mod bars;
mod map_tiles;
mod map_view;
mod script;

pub use map_tiles::MapTiles;

/// What the checks say about the site as it is now.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Empty,
    /// Drawing a polygon that is not closed yet.
    Drawing,
    Valid {
        location: String,
        warning: Option<String>,
        area_m2: Option<f64>,
    },
    Invalid(String),
}

/// The picker's state; [`Picker::show`] draws it and handles input.
pub struct Picker {
    pub request: PickRequest,
    pub memory: MapMemory,
    tiles: Option<MapTiles>,
    pub mode: Mode,
    pub marker: Option<LatLng>,
    pub vertices: Vec<LatLng>,
    pub closed: bool,
    pub search: String,
    pub results: Vec<Place>,
    pub search_message: Option<String>,
    /// The ground position under the pointer.
    pub hover: Option<LatLng>,
    dragging: Option<Grab>,
    /// Where things are on screen, last frame (scripted input and tests use it).
    pub rects: HashMap<String, Rect>,
    pub status: Status,
    /// Set when the user chose or cancelled; the window closes then.
    pub outcome: Option<PickResult>,
    script: VecDeque<ScriptStep>,
    pending: VecDeque<Vec<egui::Event>>,
    pub screenshots: Arc<std::sync::Mutex<Vec<String>>>,
    atlas: &'static Atlas,
    /// The zoom search results are shown at, at most.
    close_zoom: f64,
    /// The keyboard has been used on the map: the centre, where Enter puts the point, is
    /// marked.
    pub keyboard: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Grab {
    Marker,
    Vertex(usize),
}

/// How close (px) the pointer must be to a marker or vertex to grab it.
const GRAB_RADIUS: f32 = 14.0;

impl Picker {
    pub fn new(request: PickRequest) -> Picker {
        let atlas = Atlas::kaltim();
        let mut memory = MapMemory::default();
        // Close in, but not far past the deepest zoom the tiles have (enlarged tiles blur).
        let close = (deepest_zoom(&request.sources) as f64 + 2.0).clamp(8.0, 16.0);
        let (center, zoom) = match (
            &request.point,
            request.polygon.first(),
            atlas.regency(&request.regency_code),
        ) {
            (Some(p), _, _) => (*p, close),
            (None, Some(v), _) => (*v, close),
            (None, None, Some(r)) => (r.inside, atlas::zoom_for(&r.bounds)),
            _ => (LatLng::new(-0.5020, 117.1530), 8.0),
        };
        memory.center_at(lat_lon(center.lat, center.lng));
        let _ = memory.set_zoom(zoom);
        let closed = request.polygon.len() >= 3;
        let mut picker = Picker {
            mode: request.mode,
            marker: request.point,
            vertices: request.polygon.clone(),
            closed,
            request,
            memory,
            tiles: None,
            search: String::new(),
            results: Vec::new(),
            search_message: None,
            hover: None,
            dragging: None,
            rects: HashMap::new(),
            status: Status::Empty,
            outcome: None,
            script: VecDeque::new(),
            pending: VecDeque::new(),
            screenshots: Arc::default(),
            atlas,
            close_zoom: close,
            keyboard: false,
        };
        picker.recheck();
        picker
    }

    /// Feed this script to the window, one event batch per frame (tests of the real binary).
    pub fn with_script(mut self, steps: Vec<ScriptStep>) -> Picker {
        self.script = steps.into();
        self
    }

    /// The map's tile loader (created on the first frame).
    pub fn tiles(&self) -> Option<&MapTiles> {
        self.tiles.as_ref()
    }

    pub fn recheck(&mut self) {
        let code = self.request.regency_code.clone();
        self.status = match self.mode {
            Mode::Point => match self.marker {
                None => Status::Empty,
                Some(p) => match self.atlas.check_point(&code, p) {
                    Ok(c) => Status::Valid {
                        location: c.location.describe(),
                        warning: c.warning,
                        area_m2: None,
                    },
                    Err(e) => Status::Invalid(e.to_string()),
                },
            },
            Mode::Polygon => {
                if self.vertices.is_empty() {
                    Status::Empty
                } else if !self.closed {
                    Status::Drawing
                } else {
                    match self.atlas.check_polygon(&code, &self.vertices) {
                        Ok((c, area)) => Status::Valid {
                            location: c.location.describe(),
                            warning: c.warning,
                            area_m2: Some(area),
                        },
                        Err(e) => Status::Invalid(e.to_string()),
                    }
                }
            }
        };
    }

    fn result(&self) -> Option<PickResult> {
        let Status::Valid {
            location,
            warning,
            area_m2,
        } = &self.status
        else {
            return None;
        };
        Some(match self.mode {
            Mode::Point => PickResult::Point {
                at: self.marker?,
                location: location.clone(),
                warning: warning.clone(),
            },
            Mode::Polygon => PickResult::Polygon {
                vertices: self.vertices.clone(),
                area_m2: (*area_m2)?,
                location: location.clone(),
                warning: warning.clone(),
            },
        })
    }

    pub fn choose_place(&mut self, place: &Place) {
        self.memory.center_at(lat_lon(place.at.lat, place.at.lng));
        let _ = self.memory.set_zoom(place.zoom.min(self.close_zoom));
        self.results.clear();
        self.search_message = Some(format!("{} — {}", place.name, place.context));
    }

    fn run_search(&mut self) {
        self.results = self.atlas.search(&self.search, 8);
        self.search_message = if self.results.is_empty() {
            Some("Tidak ditemukan. Coba nama kelurahan, kecamatan atau kab/kota, atau koordinat seperti -0.502106, 117.153709.".into())
        } else {
            None
        };
    }

    fn place(&mut self, at: LatLng) {
        match self.mode {
            Mode::Point => self.marker = Some(at),
            Mode::Polygon => {
                if self.closed {
                    return;
                }
                if self.vertices.len() >= MAX_VERTICES {
                    self.status = Status::Invalid(GeoError::TooManyVertices.to_string());
                    return;
                }
                self.vertices.push(at);
            }
        }
        self.recheck();
    }

    pub fn undo(&mut self) {
        if self.closed {
            self.closed = false;
        } else {
            self.vertices.pop();
        }
        self.recheck();
    }

    pub fn close_polygon(&mut self) {
        if self.vertices.len() >= 3 {
            self.closed = true;
        } else {
            self.status = Status::Invalid(GeoError::TooFewVertices.to_string());
            return;
        }
        self.recheck();
    }

    /// Draws the window's contents and handles input.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.tiles.is_none() {
            install_fonts(&ctx);
            ctx.set_theme(egui::Theme::Light);
            self.tiles = Some(MapTiles::start(self.request.sources.clone(), ctx.clone()));
        }
        self.top_bar(ui);
        self.bottom_bar(ui);
        egui::CentralPanel::no_frame().show(ui, |ui| self.map(ui));
        if let Some(outcome) = &self.outcome {
            let _ = outcome;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn remember(&mut self, name: &str, response: &egui::Response) {
        self.rects.insert(name.to_string(), response.rect);
    }
}

/// The deepest zoom of the packs, or 19 with an XYZ server.
fn deepest_zoom(sources: &Sources) -> u8 {
    if sources.xyz.is_some() {
        return 19;
    }
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().build() else {
        return 12;
    };
    runtime.block_on(async {
        let mut deepest = 0;
        for path in &sources.packs {
            if let Ok(pack) = crate::tiles::TilePack::open(path).await {
                deepest = deepest.max(pack.info.max_zoom);
            }
        }
        deepest
    })
}

/// DejaVu Sans, the app's own font (it has ✔ ✖ ⚠ − and every Indonesian letter), first.
fn install_fonts(ctx: &egui::Context) {
    for (name, family) in [
        ("dejavu", egui::FontFamily::Proportional),
        ("dejavu-mono", egui::FontFamily::Monospace),
    ] {
        let data = match family {
            egui::FontFamily::Monospace => {
                egui::FontData::from_static(include_bytes!("../../assets/fonts/DejaVuSans.ttf"))
            }
            _ => egui::FontData::from_static(include_bytes!("../../assets/fonts/DejaVuSans.ttf")),
        };
        ctx.add_font(egui::epaint::text::FontInsert::new(
            name,
            data,
            vec![egui::epaint::text::InsertFontFamily {
                family,
                priority: egui::epaint::text::FontPriority::Lowest,
            }],
        ));
    }
}

#[cfg(test)]
mod tests;
