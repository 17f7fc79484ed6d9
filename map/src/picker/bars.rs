//! The bars above and below the map: the search field with its floating results and the
//! mode and zoom buttons on top; the coordinates, the checks' verdict and the buttons below.

use egui::{Color32, pos2, vec2};

use super::{Picker, Status};
use crate::atlas::{self, MAX_VERTICES};
use crate::protocol::{Mode, PickResult};

impl Picker {
    pub(super) fn top_bar(&mut self, ui: &mut egui::Ui) {
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

    pub(super) fn bottom_bar(&mut self, ui: &mut egui::Ui) {
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
                            .map_or_else(|| "—".into(), eptsp_geo::LatLng::display),
                    ));
                    if let Some(tiles) = &self.tiles {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.small(format!("Peta: {}", tiles.attribution));
                            ui.small("Papan ketik: panah geser · + − perbesar · Enter pasang titik · Backspace urungkan ·");
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
                                    ui.label("klik peta (atau tekan Enter) untuk menempatkan penanda");
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
}
