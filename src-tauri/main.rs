// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--sync") {
        match eptsp_desktop::sync_headless() {
            Ok(report) => {
                println!(
                    "{}",
                    serde_json::to_string(&report).expect("a report serialises")
                );
            }
            Err(e) => {
                eprintln!("sinkronisasi gagal: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    eptsp_desktop::run();
}
