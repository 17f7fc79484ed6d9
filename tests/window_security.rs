//! The WebView's security settings as shipped: a strict CSP, and a capability that grants
//! the window exactly the app's own commands (listed in the build script's app manifest)
//! plus the connectivity events, nothing else.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn json(path: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(path)).unwrap()).unwrap()
}

/// The commands named in `src-tauri/build.rs`'s `COMMANDS`.
fn manifest_commands() -> Vec<String> {
    let src = std::fs::read_to_string(root().join("src-tauri/build.rs")).unwrap();
    let list = src
        .split("COMMANDS: &[&str] = &[")
        .nth(1)
        .unwrap()
        .split("];")
        .next()
        .unwrap();
    list.split(',')
        .map(|s| s.trim().trim_matches('"').to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn the_csp_allows_only_the_apps_own_resources() {
    let conf = json("tauri.conf.json");
    let csp = conf["app"]["security"]["csp"]
        .as_str()
        .expect("a CSP is set");
    assert!(csp.contains("default-src 'self'"));
    assert!(csp.contains("script-src 'self'"));
    assert!(csp.contains("object-src 'none'"));
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(!csp.contains("unsafe-eval"), "{csp}");
    // The UI never talks to the network itself: only to the Tauri IPC.
    let connect = csp
        .split(';')
        .find(|d| d.trim().starts_with("connect-src"))
        .unwrap();
    assert_eq!(connect.trim(), "connect-src ipc: http://ipc.localhost");
}

#[test]
fn the_window_may_call_exactly_the_apps_commands() {
    let cap = json("capabilities/main.json");
    let mut granted: Vec<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    granted.sort();
    let mut expected: Vec<String> = manifest_commands()
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .chain([
            "core:event:allow-listen".to_owned(),
            "core:event:allow-unlisten".to_owned(),
        ])
        .collect();
    expected.sort();
    assert_eq!(granted, expected);
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
}

#[test]
fn every_command_the_ui_calls_is_in_the_manifest() {
    let ipc = std::fs::read_to_string(root().join("ui/src/ipc/index.ts")).unwrap();
    let commands = manifest_commands();
    let called: Vec<&str> = ipc
        .split("call<")
        .skip(1)
        .filter_map(|s| s.split('"').nth(1))
        .collect();
    assert!(called.len() >= 10, "{called:?}");
    for c in called {
        assert!(
            commands.iter().any(|m| m == c),
            "the UI calls {c}, which the manifest does not list"
        );
    }
}
