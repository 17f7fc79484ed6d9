//! `eptsp-map-picker --request FILE`: the map window where the permit site is chosen.
//! Reads a [`PickRequest`] (JSON) from FILE (or standard input with `-`), shows the window, and
//! prints one [`PickResult`] as JSON on standard output when it closes. Test runs may set
//! `EPTSP_PICKER_SCRIPT` to a JSON list of steps that drive the real window.

#![deny(clippy::unwrap_used)] // Outside tests a failure is an error with a message, not a panic.

use std::io::Read;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use eptsp_map::picker::Picker;
use eptsp_map::protocol::{PickRequest, PickResult, ScriptStep};

struct App {
    picker: Picker,
    outcome: Arc<Mutex<Option<PickResult>>>,
    /// Frames since a test script ended without a choice.
    idle: Option<u32>,
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.picker.show(ui);
        if let Some(outcome) = &self.picker.outcome {
            *self.outcome.lock().expect("outcome") = Some(outcome.clone());
        }
    }

    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        // A scripted run goes on when another window covers this one (no window manager on
        // a test display): eframe skips the ui pass of an occluded window unless asked.
        if self.picker.scripting() || self.idle.is_some() {
            ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaintWhileHidden);
            ctx.request_repaint();
        }
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        if self.picker.scripting() {
            raw_input.events.extend(self.picker.scripted_events(ctx));
            ctx.request_repaint();
            self.idle = Some(0);
        } else if let Some(frames) = self.idle.as_mut() {
            // A script that ended without "Gunakan Lokasi Ini" or "Batal": say so and close.
            *frames += 1;
            ctx.request_repaint();
            if *frames == 120 && self.picker.outcome.is_none() {
                eprintln!(
                    "skrip uji selesai tanpa pilihan; status: {:?}",
                    self.picker.status
                );
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }
}

fn answer(result: &PickResult) {
    println!(
        "{}",
        serde_json::to_string(result).expect("a result serialises")
    );
}

fn read_request() -> Result<PickRequest, String> {
    let args: Vec<String> = std::env::args().collect();
    let path = match args.as_slice() {
        [_, flag, path] if flag == "--request" => path.clone(),
        _ => return Err("Pemakaian: eptsp-map-picker --request BERKAS.json".into()),
    };
    let mut text = String::new();
    if path == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| e.to_string())?;
    } else {
        text = std::fs::read_to_string(&path)
            .map_err(|e| format!("Permintaan peta tidak dapat dibaca: {e}"))?;
    }
    serde_json::from_str(&text).map_err(|e| format!("Permintaan peta tidak sah: {e}"))
}

fn main() -> ExitCode {
    let request = match read_request() {
        Ok(r) => r,
        Err(message) => {
            answer(&PickResult::Error { message });
            return ExitCode::from(2);
        }
    };
    let mut picker = Picker::new(request);
    if let Ok(path) = std::env::var("EPTSP_PICKER_SCRIPT") {
        let steps: Vec<ScriptStep> = match std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
        {
            Ok(steps) => steps,
            Err(e) => {
                answer(&PickResult::Error {
                    message: format!("Skrip uji tidak sah: {e}"),
                });
                return ExitCode::from(2);
            }
        };
        picker = picker.with_script(steps);
    }
    let outcome = Arc::new(Mutex::new(None));
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Pilih Lokasi Izin — E-PTSP")
            .with_app_id("eptsp-map-picker")
            .with_inner_size([1000.0, 720.0]),
        ..Default::default()
    };
    let shared = outcome.clone();
    let run = eframe::run_native(
        "eptsp-map-picker",
        options,
        Box::new(move |_cc| {
            Ok(Box::new(App {
                picker,
                outcome: shared,
                idle: None,
            }))
        }),
    );
    if let Err(e) = run {
        answer(&PickResult::Error {
            message: format!("Jendela peta tidak dapat dibuka: {e}"),
        });
        return ExitCode::from(1);
    }
    let result = outcome
        .lock()
        .expect("outcome")
        .take()
        .unwrap_or(PickResult::Cancelled);
    answer(&result);
    ExitCode::SUCCESS
}
