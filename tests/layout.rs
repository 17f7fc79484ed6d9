//! The shape of the sources: every Rust module opens with a comment saying why it exists,
//! and no source file is longer than a newcomer can hold in their head (400 lines; tests,
//! generated bindings and data are not counted).

use std::path::{Path, PathBuf};

const MAX_LINES: usize = 400;

fn sources(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            // Tests, and the TypeScript generated from the Rust types.
            if name != "tests" && name != "bindings" && name != "node_modules" {
                sources(&path, ext, out);
            }
        } else if name.ends_with(ext) && name != "tests.rs" && !name.ends_with(".test.ts") {
            out.push(path);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn all(ext: &str, dirs: &[&str]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for d in dirs {
        sources(&root().join(d), ext, &mut files);
    }
    assert!(files.len() > 20, "{} {ext} files found", files.len());
    files
}

const RUST: &[&str] = &[
    "core/src",
    "geo/src",
    "map/src",
    "server/src",
    "src-tauri",
    "examples",
];

#[test]
fn every_rust_module_says_why_it_exists() {
    let silent: Vec<_> = all(".rs", RUST)
        .into_iter()
        .filter(|p| !std::fs::read_to_string(p).unwrap().starts_with("//!"))
        .collect();
    assert!(silent.is_empty(), "no opening //! comment: {silent:#?}");
}

#[test]
fn no_source_file_is_over_400_lines() {
    let mut files = all(".rs", RUST);
    files.extend(all(".ts", &["ui/src"]));
    let long: Vec<_> = files
        .into_iter()
        .map(|p| (std::fs::read_to_string(&p).unwrap().lines().count(), p))
        .filter(|(n, _)| *n > MAX_LINES)
        .collect();
    assert!(long.is_empty(), "over {MAX_LINES} lines: {long:#?}");
}
