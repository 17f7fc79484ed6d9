//! Scripted input for tests of the real binary: each step of a script becomes the pointer
//! and keyboard events of the next frames.

use egui::{Pos2, Rect, vec2};

use super::Picker;
use crate::protocol::ScriptStep;

impl Picker {
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
                    let rgba: Vec<u8> = image
                        .pixels
                        .iter()
                        .flat_map(egui::Color32::to_array)
                        .collect();
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
