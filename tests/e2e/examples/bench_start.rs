//! Measures the app's cold start (from asking WebDriver for a session, which launches the
//! program, to the login screen's first input on the page) and its memory once the login
//! screen shows (RSS of the program and the WebKit processes it started), beside a minimal
//! Tauri 2 window with one input (`tests/hello`), launched and read the same way.
//!
//! Run by `scripts/bench.sh` under Xvfb with both built in release:
//! `bench_start OURS_BIN HELLO_BIN`. Prints `BENCH {json}` rows.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};

const RUNS: usize = 9;

/// Parent of each process, from /proc.
fn parents() -> HashMap<u32, u32> {
    let mut map = HashMap::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // "pid (name) state ppid ...": the name may hold spaces, so read after its ')'.
        if let Some(ppid) = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse().ok())
        {
            map.insert(pid, ppid);
        }
    }
    map
}

/// The processes running `bin`.
fn running(bin: &Path) -> Vec<u32> {
    parents()
        .keys()
        .copied()
        .filter(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == bin))
        .collect()
}

/// `pid` and every process below it.
fn tree(pid: u32) -> Vec<u32> {
    let parents = parents();
    let mut all = vec![pid];
    let mut i = 0;
    while i < all.len() {
        let p = all[i];
        all.extend(parents.iter().filter(|(_, pp)| **pp == p).map(|(c, _)| *c));
        i += 1;
    }
    all
}

/// A process's resident memory in KiB.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// tauri-driver on a free port, with the app's data in `data`.
fn driver(data: &Path) -> (Child, u16) {
    let (port, native) = (free_port(), free_port());
    let child = Command::new("tauri-driver")
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .env("EPTSP_DATA_DIR", data)
        // No server answers here: the login screen shows offline as it does online.
        .env("EPTSP_SERVER_URL", "http://127.0.0.1:9")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("tauri-driver on PATH (scripts/deps.sh installs it)");
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "tauri-driver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (child, port)
}

/// One cold start of `bin` until `first` is on the page: the time, and the memory of the
/// program and its WebKit processes then.
async fn start(bin: &Path, first: &str) -> (Duration, u64) {
    // The previous run's program has gone (its session closed).
    let deadline = Instant::now() + Duration::from_secs(20);
    while !running(bin).is_empty() {
        assert!(Instant::now() < deadline, "{} still running", bin.display());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let data = tempfile::tempdir().unwrap();
    let (mut drv, port) = driver(data.path());
    let mut caps = serde_json::Map::new();
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": bin }),
    );
    // A first request can be cut off while WebKitWebDriver gets ready: the clock starts
    // on the attempt that opens the window.
    let (t, c) = loop {
        let t = Instant::now();
        match ClientBuilder::native()
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => break (t, c),
            Err(e) => {
                eprintln!("WebDriver session: {e}; again");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
    };
    c.wait()
        .at_most(Duration::from_secs(60))
        .every(Duration::from_millis(5))
        .for_element(Locator::Css(first))
        .await
        .expect("the first screen shows");
    let took = t.elapsed();
    // Where the time went: before the page began (the program, the window, WebKit) and
    // in it (from its time origin: the document, the script, the first screen).
    let page = c
        .execute(
            "const n = performance.getEntriesByType('navigation')[0]; \
             return [performance.now(), n ? n.responseEnd : -1, n ? n.domContentLoadedEventEnd : -1];",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| serde_json::from_value::<Vec<f64>>(v).ok())
        .unwrap_or_default();
    if let [now, response, dom] = page[..] {
        println!(
            "  {}: {:.0} ms in all; in the page {now:.0} ms (document in at {response:.0}, script run at {dom:.0}), so {:.0} ms before it",
            bin.file_name().unwrap_or_default().to_string_lossy(),
            took.as_secs_f64() * 1e3,
            took.as_secs_f64() * 1e3 - now
        );
    }
    // Memory once the screen has settled (the same pause for both programs).
    tokio::time::sleep(Duration::from_secs(2)).await;
    let pids = running(bin);
    assert_eq!(pids.len(), 1, "one {} running", bin.display());
    let rss = tree(pids[0]).into_iter().map(rss_kib).sum();
    let _ = c.close().await;
    let _ = drv.kill();
    let _ = drv.wait();
    (took, rss)
}

fn row(measure: &str, unit: &str, ours: &[f64], theirs: &[f64], goal: &str) {
    println!(
        "BENCH {}",
        serde_json::json!({
            "measure": measure,
            "unit": unit,
            "samples": ours,
            "comparison": "a minimal Tauri 2 window with one input, same harness",
            "comparison_samples": theirs,
            "goal": goal,
            "stat": "median",
        })
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [ours, hello] = &args[..] else {
        panic!("usage: bench_start OURS_BIN HELLO_BIN");
    };
    let (ours, hello) = (ours.canonicalize().unwrap(), hello.canonicalize().unwrap());
    let (mut t_ours, mut t_hello, mut m_ours, mut m_hello) = (vec![], vec![], vec![], vec![]);
    // Alternated, so that a busy moment of the machine falls on both.
    for _ in 0..RUNS {
        let (t, m) = start(&ours, "#app[data-screen=\"login\"] #login-login").await;
        t_ours.push(t.as_secs_f64() * 1e3);
        m_ours.push(m as f64 / 1024.0);
        let (t, m) = start(&hello, "#nama").await;
        t_hello.push(t.as_secs_f64() * 1e3);
        m_hello.push(m as f64 / 1024.0);
    }
    println!("cold start ms: ours {t_ours:?}, hello {t_hello:?}");
    println!("memory MiB: ours {m_ours:?}, hello {m_hello:?}");
    row(
        "cold start to the login screen's first input",
        "ms",
        &t_ours,
        &t_hello,
        "≤ 1.1",
    );
    row(
        "memory once the login screen shows (RSS, program + WebKit processes)",
        "MiB",
        &m_ours,
        &m_hello,
        "none set: shown beside the hello window's",
    );
}
