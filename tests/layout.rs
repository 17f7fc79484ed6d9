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
    "picture/src",
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

/// The desktop's modules depend on each other in one direction only (commands → areas →
/// backend → store → crypto, say): a cycle is a test failure naming it. Read from the code's
/// `crate::<module>` paths, comments left out.
#[test]
fn the_desktop_modules_have_no_cycles() {
    use std::collections::{BTreeMap, BTreeSet};
    let src = root().join("src-tauri");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let modules: Vec<String> = lib
        .lines()
        .filter_map(|l| {
            l.strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("mod "))
        })
        .map(|l| l.trim_end_matches(';').to_owned())
        .collect();
    assert!(modules.len() > 10, "{modules:?}");
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in &modules {
        let mut files = Vec::new();
        let file = src.join(format!("{m}.rs"));
        if file.exists() {
            files.push(file);
        }
        if src.join(m).is_dir() {
            sources(&src.join(m), ".rs", &mut files);
        }
        let used = deps.entry(m.clone()).or_default();
        for f in files {
            for line in std::fs::read_to_string(&f).unwrap().lines() {
                let code = line.split("//").next().unwrap_or("");
                for (i, _) in code.match_indices("crate::") {
                    let name: String = code[i + "crate::".len()..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if &name != m && modules.contains(&name) {
                        used.insert(name);
                    }
                }
            }
        }
    }
    // Depth-first search for a path back to where it started.
    fn back(
        deps: &BTreeMap<String, BTreeSet<String>>,
        at: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == at) {
            let mut cycle = path[i..].to_vec();
            cycle.push(at.to_owned());
            return Some(cycle);
        }
        if done.contains(at) {
            return None;
        }
        path.push(at.to_owned());
        for next in &deps[at] {
            if let Some(c) = back(deps, next, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(at.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for m in &modules {
        if let Some(cycle) = back(&deps, m, &mut Vec::new(), &mut done) {
            panic!("a cycle between modules: {}", cycle.join(" → "));
        }
    }
}
