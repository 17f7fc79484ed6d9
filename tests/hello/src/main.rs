//! A minimal Tauri 2 window with one input: what the app's cold start and memory are
//! compared with (`tests/e2e/examples/bench_start.rs`).

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the window opens");
}
