//! The picker window: a walkers map of the offline tiles where the applicant places the permit
//! site (a marker, or a polygon for area permits), with search, live coordinates and the
//! checks against the chosen Kab/Kota. `eptsp-map-picker` runs it in its own process.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, mpsc};

use egui::{Color32, Pos2, Rect, Stroke, TextureHandle, Vec2, pos2, vec2};
use walkers::sources::Attribution;
use walkers::{Map, MapMemory, Tile, TileId as WTileId, TilePiece, Tiles, lat_lon};

use crate::atlas::{self, Atlas, GeoError, MAX_VERTICES, Place};
use crate::coords::LatLng;
use crate::protocol::{Mode, PickRequest, PickResult, ScriptStep};
use crate::tiles::{Sources, TileId, TileSource};

/// Tiles for walkers from [`TileSource`] (packs, XYZ cache, XYZ server), loaded on a
/// background thread; a tile not (yet) there is drawn from the nearest coarser one.
pub struct MapTiles {
    ctx: egui::Context,
    textures: HashMap<TileId, Option<TextureHandle>>,
    requests: mpsc::Sender<TileId>,
    results: mpsc::Receiver<(TileId, Option<egui::ColorImage>)>,
    max_zoom: Arc<AtomicU8>,
    attribution: &'static str,
}

impl MapTiles {
    pub fn start(sources: Sources, ctx: egui::Context) -> MapTiles {
        let (requests, inbox) = mpsc::channel::<TileId>();
        let (outbox, results) = mpsc::channel();
        let max_zoom = Arc::new(AtomicU8::new(0));
        let (zoom_out, repaint) = (max_zoom.clone(), ctx.clone());
        let (ready_tx, ready_rx) = mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("tokio runtime");
            let (source, problems) = runtime.block_on(TileSource::open(&sources));
            for p in problems {
                eprintln!("peta: {p}");
            }
            zoom_out.store(source.max_zoom(), Ordering::SeqCst);
            let _ = ready_tx.send(source.attribution());
            let source = Arc::new(source);
            while let Ok(id) = inbox.recv() {
                let (source, outbox, repaint) = (source.clone(), outbox.clone(), repaint.clone());
                runtime.spawn(async move {
                    let image = source.tile(id).await.and_then(|bytes| decode(&bytes));
                    let _ = outbox.send((id, image));
                    repaint.request_repaint();
                });
            }
        });
        let attribution = ready_rx.recv().unwrap_or_default();
        MapTiles {
            ctx,
            textures: HashMap::new(),
            requests,
            results,
            max_zoom,
            attribution: Box::leak(attribution.into_boxed_str()),
        }
    }

    fn receive(&mut self) {
        while let Ok((id, image)) = self.results.try_recv() {
            let texture = image.map(|img| {
                self.ctx.load_texture(
                    format!("tile-{}-{}-{}", id.z, id.x, id.y),
                    img,
                    egui::TextureOptions::LINEAR,
                )
            });
            self.textures.insert(id, texture);
        }
    }

    /// Tiles being loaded right now (tests wait for none).
    pub fn loading(&self) -> usize {
        self.textures.values().filter(|t| t.is_none()).count()
    }
}

fn decode(bytes: &[u8]) -> Option<egui::ColorImage> {
    let img = image::load_from_memory(bytes).ok()?.to_rgba8();
    let size = [img.width() as usize, img.height() as usize];
    Some(egui::ColorImage::from_rgba_unmultiplied(size, img.as_raw()))
}

impl Tiles for MapTiles {
    fn at(&mut self, wanted: WTileId) -> Option<TilePiece> {
        self.receive();
        let id = TileId::new(wanted.zoom, wanted.x, wanted.y);
        if !id.valid() {
            return None;
        }
        let deepest = self.max_zoom.load(Ordering::SeqCst);
        let mut fetch = id;
        while fetch.z > deepest {
            fetch = fetch.parent()?;
        }
        if !self.textures.contains_key(&fetch) && self.requests.send(fetch).is_ok() {
            self.textures.insert(fetch, None);
        }
        // The tile, or the part of the nearest coarser tile loaded so far.
        let mut ancestor = id;
        let mut depth = 0u32;
        loop {
            if let Some(Some(texture)) = self.textures.get(&ancestor) {
                let parts = (1u32 << depth) as f32;
                let min = pos2(
                    (id.x % (1 << depth)) as f32 / parts,
                    (id.y % (1 << depth)) as f32 / parts,
                );
                let uv = Rect::from_min_size(min, vec2(1.0 / parts, 1.0 / parts));
                return Some(TilePiece::new(Tile::Raster(texture.clone()), uv));
            }
            ancestor = ancestor.parent()?;
            depth += 1;
        }
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: self.attribution,
            url: "",
            logo_light: None,
            logo_dark: None,
        }
    }

    fn tile_size(&self) -> u32 {
        256
    }
}

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

    fn top_bar(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("cari").show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                ui.label("Cari lokasi:");
                let edit = ui.add(
                    egui::TextEdit::singleline(&mut self.search)
                        .hint_text("Nama kelurahan, kecamatan, kab/kota, atau koordinat")
                        .desired_width(380.0),
                );
                self.remember("search", &edit);
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let button = ui.button("Cari");
                self.remember("Cari", &button);
                if enter
                    || button.clicked()
                    || (edit.changed() && self.search.trim().chars().count() >= 3)
                {
                    self.run_search();
                }
                ui.separator();
                let point = ui.selectable_label(self.mode == Mode::Point, "Titik");
                let polygon =
                    ui.selectable_label(self.mode == Mode::Polygon, "Poligon (izin kawasan)");
                self.remember("Titik", &point);
                self.remember("Poligon", &polygon);
                if point.clicked() && self.mode != Mode::Point {
                    self.mode = Mode::Point;
                    self.recheck();
                }
                if polygon.clicked() && self.mode != Mode::Polygon {
                    self.mode = Mode::Polygon;
                    self.recheck();
                }
                ui.separator();
                let plus = ui.button(" + ").on_hover_text("Perbesar");
                let minus = ui.button(" − ").on_hover_text("Perkecil");
                self.remember("+", &plus);
                self.remember("−", &minus);
                if plus.clicked() {
                    let _ = self.memory.zoom_in();
                }
                if minus.clicked() {
                    let _ = self.memory.zoom_out();
                }
            });
            ui.add_space(4.0);
        });
        // Results float over the map, so that the map keeps its place on screen.
        if self.results.is_empty() && self.search_message.is_none() {
            return;
        }
        let anchor = self
            .rects
            .get("search")
            .map_or(pos2(8.0, 40.0), |r| r.left_bottom() + vec2(0.0, 6.0));
        let ctx = ui.ctx().clone();
        let mut chosen = None;
        let mut dismissed = false;
        egui::Area::new(egui::Id::unique("eptsp-hasil-cari"))
            .order(egui::Order::Foreground)
            .fixed_pos(anchor)
            .show(&ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    for (i, place) in self.results.iter().enumerate() {
                        let text = format!("{} — {}", place.name, place.context);
                        let r = ui.add(egui::Button::new(text).frame(false));
                        self.rects.insert(format!("result-{i}"), r.rect);
                        if r.clicked() {
                            chosen = Some(place.clone());
                        }
                    }
                    if let Some(m) = &self.search_message {
                        ui.horizontal(|ui| {
                            ui.label(egui::RichText::new(m).italics());
                            dismissed = ui.small_button("✕").clicked();
                        });
                    }
                });
            });
        if let Some(place) = chosen {
            self.choose_place(&place);
        }
        if dismissed {
            self.search_message = None;
        }
    }

    fn bottom_bar(&mut self, ui: &mut egui::Ui) {
        // A fixed height: the map must not move when a message appears.
        egui::Panel::bottom("hasil")
            .exact_size(118.0)
            .show(ui, |ui| {
                ui.add_space(4.0);
                let mono = |t: String| egui::RichText::new(t).monospace();
                ui.horizontal(|ui| {
                    ui.label("Kursor:");
                    ui.label(mono(
                        self.hover
                            .map(|p| p.display())
                            .unwrap_or_else(|| "—".into()),
                    ));
                    if let Some(tiles) = &self.tiles {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.small(format!("Peta: {}", tiles.attribution));
                        });
                    }
                });
                match self.mode {
                    Mode::Point => {
                        ui.horizontal(|ui| {
                            ui.label("Titik lokasi:");
                            match self.marker {
                                Some(p) => {
                                    let r = ui.label(mono(p.display()));
                                    self.remember("koordinat", &r);
                                    ui.label(mono(format!("({})", p.display_dms())));
                                }
                                None => {
                                    ui.label("klik peta untuk menempatkan penanda");
                                }
                            }
                        });
                    }
                    Mode::Polygon => {
                        ui.horizontal(|ui| {
                            ui.label(format!(
                                "Titik sudut: {} dari paling banyak {MAX_VERTICES}",
                                self.vertices.len()
                            ));
                            if let Status::Valid {
                                area_m2: Some(a), ..
                            } = &self.status
                            {
                                let r = ui.label(mono(format!("Luas: {}", atlas::format_area(*a))));
                                self.remember("luas", &r);
                            } else if self.vertices.len() >= 3
                                && let Ok(a) = atlas::area_m2(&self.vertices)
                            {
                                ui.label(mono(format!(
                                    "Luas sementara: {}",
                                    atlas::format_area(a)
                                )));
                            }
                        });
                    }
                }
                match &self.status {
                    Status::Valid {
                        location, warning, ..
                    } => {
                        ui.colored_label(
                            Color32::from_rgb(21, 128, 61),
                            format!("✔ Lokasi: {location}"),
                        );
                        if let Some(w) = warning {
                            ui.colored_label(Color32::from_rgb(180, 83, 9), format!("⚠ {w}"));
                        }
                    }
                    Status::Invalid(message) => {
                        ui.colored_label(Color32::from_rgb(185, 28, 28), format!("✖ {message}"));
                    }
                    Status::Drawing => {
                        ui.label(
                            "Klik peta untuk menambah titik sudut, lalu tekan \"Tutup Poligon\".",
                        );
                    }
                    Status::Empty => {}
                }
                ui.horizontal(|ui| {
                    if self.mode == Mode::Polygon {
                        let undo = ui
                            .add_enabled(!self.vertices.is_empty(), egui::Button::new("Urungkan"));
                        let close = ui.add_enabled(
                            !self.closed && self.vertices.len() >= 3,
                            egui::Button::new("Tutup Poligon"),
                        );
                        let clear = ui.add_enabled(
                            !self.vertices.is_empty(),
                            egui::Button::new("Hapus Poligon"),
                        );
                        self.remember("Urungkan", &undo);
                        self.remember("Tutup Poligon", &close);
                        self.remember("Hapus Poligon", &clear);
                        if undo.clicked() {
                            self.undo();
                        }
                        if close.clicked() {
                            self.close_polygon();
                        }
                        if clear.clicked() {
                            self.vertices.clear();
                            self.closed = false;
                            self.recheck();
                        }
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let result = self.result();
                        let use_it = ui.add_enabled(
                            result.is_some(),
                            egui::Button::new(
                                egui::RichText::new("Gunakan Lokasi Ini")
                                    .color(Color32::WHITE)
                                    .strong(),
                            )
                            .fill(Color32::from_rgb(29, 78, 216)),
                        );
                        let cancel = ui.button("Batal");
                        self.remember("Gunakan Lokasi Ini", &use_it);
                        self.remember("Batal", &cancel);
                        if use_it.clicked() {
                            self.outcome = result;
                        }
                        if cancel.clicked() {
                            self.outcome = Some(PickResult::Cancelled);
                        }
                    });
                });
                ui.add_space(4.0);
            });
    }

    fn map(&mut self, ui: &mut egui::Ui) {
        let rect = ui.available_rect_before_wrap();
        self.rects.insert("map".into(), rect);
        // Grabbing the marker or a vertex turns panning off until the button is released.
        let pointer = ui.input(|i| {
            (
                i.pointer.press_origin(),
                i.pointer.primary_pressed(),
                i.pointer.primary_down(),
            )
        });
        if !pointer.2 {
            self.dragging = None;
        }
        if pointer.1
            && let Some(origin) = pointer.0
        {
            self.dragging = self.grab_at(origin);
        }
        let dragging = self.dragging;
        let mode = self.mode;
        let (marker, vertices, closed) = (self.marker, self.vertices.clone(), self.closed);
        let tiles = self.tiles.as_mut().map(|t| t as &mut dyn Tiles);
        let mut clicked_at = None;
        let mut dragged_to = None;
        let mut hover = None;
        let mut screen: HashMap<String, Rect> = HashMap::new();
        Map::new(tiles, &mut self.memory, lat_lon(-0.5, 117.15))
            .zoom_with_ctrl(false)
            .drag_pan_buttons(if dragging.is_some() {
                egui::DragPanButtons::empty()
            } else {
                egui::DragPanButtons::PRIMARY
            })
            .show(ui, |ui, response, projector, _memory| {
                let to_screen = |p: LatLng| projector.project(lat_lon(p.lat, p.lng)).to_pos2();
                let to_ground = |pos: Pos2| {
                    let g = projector.unproject(pos.to_vec2());
                    LatLng::new(g.y(), g.x())
                };
                hover = response.hover_pos().map(to_ground);
                if dragging.is_some()
                    && let Some(pos) = ui.input(|i| i.pointer.interact_pos())
                {
                    dragged_to = Some(to_ground(pos));
                } else if response.clicked()
                    && let Some(pos) = response.interact_pointer_pos()
                {
                    clicked_at = Some(to_ground(pos));
                }
                let painter = ui.painter();
                let red = Color32::from_rgb(220, 38, 38);
                if mode == Mode::Polygon && !vertices.is_empty() {
                    let points: Vec<Pos2> = vertices.iter().map(|v| to_screen(*v)).collect();
                    if closed && points.len() >= 3 {
                        painter.add(egui::Shape::convex_polygon(
                            points.clone(),
                            Color32::from_rgba_unmultiplied(220, 38, 38, 50),
                            Stroke::NONE,
                        ));
                        painter.add(egui::Shape::closed_line(
                            points.clone(),
                            Stroke::new(2.5, red),
                        ));
                    } else {
                        painter.add(egui::Shape::line(points.clone(), Stroke::new(2.5, red)));
                    }
                    for (i, p) in points.iter().enumerate() {
                        painter.circle(*p, 5.0, Color32::WHITE, Stroke::new(2.0, red));
                        screen.insert(
                            format!("vertex-{i}"),
                            Rect::from_center_size(*p, Vec2::splat(10.0)),
                        );
                    }
                }
                if mode == Mode::Point
                    && let Some(m) = marker
                {
                    let tip = to_screen(m);
                    draw_pin(painter, tip);
                    screen.insert(
                        "marker".into(),
                        Rect::from_center_size(tip, Vec2::splat(2.0)),
                    );
                }
            });
        self.rects.extend(screen);
        self.hover = hover;
        if let Some(at) = dragged_to {
            match dragging {
                Some(Grab::Marker) => self.marker = Some(at),
                Some(Grab::Vertex(i)) if i < self.vertices.len() => self.vertices[i] = at,
                _ => {}
            }
            self.recheck();
        } else if let Some(at) = clicked_at {
            self.place(at);
        }
    }

    /// The marker or vertex under `pos`, by where they were drawn last frame.
    fn grab_at(&self, pos: Pos2) -> Option<Grab> {
        let near = |name: &str| {
            self.rects
                .get(name)
                .is_some_and(|r| r.center().distance(pos) <= GRAB_RADIUS)
        };
        match self.mode {
            Mode::Point => (self.marker.is_some() && near("marker")).then_some(Grab::Marker),
            Mode::Polygon => (0..self.vertices.len())
                .find(|i| near(&format!("vertex-{i}")))
                .map(Grab::Vertex),
        }
    }

    /// Scripted input (tests of the real binary): the next frame's events.
    pub fn scripted_events(&mut self, ctx: &egui::Context) -> Vec<egui::Event> {
        if let Some(events) = self.pending.pop_front() {
            return events;
        }
        let Some(step) = self.script.pop_front() else {
            return Vec::new();
        };
        let map = self.rects.get("map").copied().unwrap_or(Rect::ZERO);
        let at = |dx: f32, dy: f32| map.center() + vec2(dx, dy);
        let mut frames: Vec<Vec<egui::Event>> = Vec::new();
        match step {
            ScriptStep::Wait { frames: n } => frames.extend((0..n).map(|_| Vec::new())),
            ScriptStep::ClickMap { dx, dy } => frames.extend(click(at(dx, dy))),
            ScriptStep::DragMap {
                from_dx,
                from_dy,
                to_dx,
                to_dy,
            } => {
                let (from, to) = (at(from_dx, from_dy), at(to_dx, to_dy));
                frames.push(vec![egui::Event::PointerMoved(from)]);
                frames.push(vec![button(from, true)]);
                for k in 1..=8 {
                    frames.push(vec![egui::Event::PointerMoved(
                        from + (to - from) * (k as f32 / 8.0),
                    )]);
                }
                frames.push(vec![button(to, false)]);
            }
            ScriptStep::Search { text } => {
                let field = self
                    .rects
                    .get("search")
                    .copied()
                    .unwrap_or(Rect::ZERO)
                    .center();
                frames.extend(click(field));
                frames.push(vec![egui::Event::Text(text)]);
                frames.push(Vec::new());
                frames.push(Vec::new());
                // The first result's place is known only once it is drawn: a follow-up step.
                self.script.push_front(ScriptStep::Press {
                    label: "result-0".into(),
                });
            }
            ScriptStep::Press { label } => match self.rects.get(&label) {
                Some(r) => frames.extend(click(r.center())),
                None => eprintln!("skrip: tidak ada tombol {label}"),
            },
            ScriptStep::Screenshot { path } => {
                let shots = self.screenshots.clone();
                ctx.request_screenshot(move |image| {
                    let [w, h] = image.size;
                    let rgba: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
                    if let Some(img) = image::RgbaImage::from_raw(w as u32, h as u32, rgba) {
                        let _ = img.save(&path);
                        shots.lock().expect("screenshots").push(path);
                    }
                });
                frames.extend((0..3).map(|_| Vec::new()));
            }
        }
        self.pending.extend(frames);
        ctx.request_repaint();
        self.pending.pop_front().unwrap_or_default()
    }

    /// Whether a script is still running.
    pub fn scripting(&self) -> bool {
        !self.script.is_empty() || !self.pending.is_empty()
    }
}

fn button(pos: Pos2, pressed: bool) -> egui::Event {
    egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    }
}

fn click(pos: Pos2) -> Vec<Vec<egui::Event>> {
    vec![
        vec![egui::Event::PointerMoved(pos)],
        vec![button(pos, true)],
        vec![button(pos, false)],
        Vec::new(),
    ]
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

/// A pin whose tip is on `tip`.
fn draw_pin(painter: &egui::Painter, tip: Pos2) {
    let red = Color32::from_rgb(220, 38, 38);
    let head = tip - vec2(0.0, 26.0);
    painter.add(egui::Shape::convex_polygon(
        vec![tip, head + vec2(-11.0, 6.0), head + vec2(11.0, 6.0)],
        red,
        Stroke::NONE,
    ));
    painter.circle(
        head,
        12.0,
        red,
        Stroke::new(1.5, Color32::from_rgb(127, 29, 29)),
    );
    painter.circle_filled(head, 4.5, Color32::WHITE);
    painter.circle_filled(tip, 2.0, Color32::from_rgb(127, 29, 29));
}

#[cfg(test)]
mod tests;
