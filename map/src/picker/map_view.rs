//! The map itself: what is drawn on it (the marker, the polygon) and what a click, a drag
//! or a key on it does.

use std::collections::HashMap;

use egui::{Color32, Key, Pos2, Rect, Stroke, Vec2, vec2};
use walkers::{Map, Tiles, lat_lon};

use super::{GRAB_RADIUS, Grab, Picker};
use crate::coords::LatLng;
use crate::protocol::Mode;

/// What the keys pressed this frame ask of the map.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Keys {
    /// Quarters of the view to move by (right and down positive).
    pan: Vec2,
    zoom: i8,
    /// Put the point, or the next vertex, at the centre.
    put: bool,
    /// Take the last vertex back.
    back: bool,
}

impl Keys {
    /// The keys, unless a text field (the search) has the keyboard.
    fn read(ui: &egui::Ui) -> Keys {
        // A focused widget (the search field, a button reached with Tab) has the keys.
        if ui.ctx().egui_wants_keyboard_input() || ui.ctx().memory(egui::Memory::focused).is_some()
        {
            return Keys::default();
        }
        ui.input(|i| {
            let k = |key| i.key_pressed(key);
            let axis = |plus, minus| f32::from(u8::from(k(plus))) - f32::from(u8::from(k(minus)));
            Keys {
                pan: vec2(
                    axis(Key::ArrowRight, Key::ArrowLeft),
                    axis(Key::ArrowDown, Key::ArrowUp),
                ),
                zoom: i8::from(k(Key::Plus) || k(Key::Equals)) - i8::from(k(Key::Minus)),
                put: k(Key::Enter) || k(Key::Space),
                back: k(Key::Backspace),
            }
        })
    }
}

impl Picker {
    pub(super) fn map(&mut self, ui: &mut egui::Ui) {
        // Without a mouse: arrows pan, + and - zoom, Enter or Space puts the point (or the
        // next vertex) at the centre, which is then marked by a cross; Backspace undoes.
        let keys = Keys::read(ui);
        if keys != Keys::default() {
            self.keyboard = true;
        }
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
        let (mut centre_at, mut pan_to) = (None, None);
        let keyboard = self.keyboard;
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
                let centre = response.rect.center();
                centre_at = Some(to_ground(centre));
                if keys.pan != Vec2::ZERO {
                    pan_to = Some(to_ground(centre + keys.pan * response.rect.size() / 4.0));
                }
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
                if keyboard {
                    let dark = Stroke::new(2.0, Color32::from_rgb(17, 24, 39));
                    painter
                        .line_segment([centre - vec2(10.0, 0.0), centre + vec2(10.0, 0.0)], dark);
                    painter
                        .line_segment([centre - vec2(0.0, 10.0), centre + vec2(0.0, 10.0)], dark);
                }
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
        if let Some(p) = pan_to {
            self.memory.center_at(lat_lon(p.lat, p.lng));
        }
        match keys.zoom {
            1 => _ = self.memory.zoom_in(),
            -1 => _ = self.memory.zoom_out(),
            _ => {}
        }
        if keys.back {
            self.undo();
        }
        if keys.put
            && let Some(at) = centre_at
        {
            self.place(at);
        }
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
