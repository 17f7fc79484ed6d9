//! The desktop app's executable: everything it does is in the library (`lib.rs`).

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
#![deny(clippy::unwrap_used)] // Outside tests a failure is an error with a message, not a panic.

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
    if std::env::args().nth(1).as_deref() == Some("--login") {
        match eptsp_desktop::login_headless() {
            Ok(session) => {
                println!(
                    "{}",
                    serde_json::to_string(&session).expect("a session serialises")
                );
            }
            Err(e) => {
                eprintln!("login gagal: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    eptsp_desktop::run();
}
