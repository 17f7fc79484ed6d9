//! The picker's JSON contract, tested on the real binary in a real window (Xvfb when there is
//! no display): a scripted session drives the window through its normal input path, and the
//! answer is read from standard output. Screenshots of the window are saved for review.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use eptsp_map::LatLng;
use eptsp_map::protocol::{Mode, PickRequest, PickResult, ScriptStep};
use eptsp_map::tiles::{Sources, metres_per_pixel, project, unproject};
use geo::{Distance, Haversine};

const SAMARINDA: LatLng = LatLng {
    lat: -0.5020,
    lng: 117.1530,
};

fn pack() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/kaltim.pmtiles")
}

fn shots() -> PathBuf {
    let dir = std::env::var("EPTSP_E2E_SCREENSHOTS").map_or_else(
        |_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/test-screenshots"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn request(mode: Mode, point: Option<LatLng>) -> PickRequest {
    PickRequest {
        mode,
        regency_code: "64.72".into(),
        point,
        polygon: Vec::new(),
        sources: Sources {
            packs: vec![pack()],
            xyz: None,
        },
    }
}

/// Runs the picker with `script`, returns its answer and exit code.
fn run(request: &PickRequest, script: &[ScriptStep]) -> (PickResult, i32) {
    let dir = tempfile::tempdir().unwrap();
    let req = dir.path().join("request.json");
    let scr = dir.path().join("script.json");
    std::fs::write(&req, serde_json::to_vec(request).unwrap()).unwrap();
    std::fs::write(&scr, serde_json::to_vec(script).unwrap()).unwrap();
    let bin = env!("CARGO_BIN_EXE_eptsp-map-picker");
    // A display of its own: two picker windows on one display without a window manager
    // cover each other, and a covered window is not painted (so its script would stall).
    let mut cmd = Command::new("xvfb-run");
    cmd.args(["-a", "-s", "-screen 0 1280x900x24", bin]);
    let mut child = cmd
        .arg("--request")
        .arg(&req)
        .env("EPTSP_PICKER_SCRIPT", &scr)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the picker");
    let deadline = Instant::now() + Duration::from_secs(90);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            let output = child.wait_with_output().unwrap();
            panic!(
                "the picker did not finish its script in 90 s; stderr: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .rfind(|l| l.starts_with('{'))
        .unwrap_or_else(|| {
            panic!(
                "no answer; stderr: {}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
    (
        serde_json::from_str(line).expect("a PickResult"),
        status.code().unwrap_or(-1),
    )
}

fn wait(frames: u32) -> ScriptStep {
    ScriptStep::Wait { frames }
}

fn press(label: &str) -> ScriptStep {
    ScriptStep::Press {
        label: label.into(),
    }
}

fn click(dx: f32, dy: f32) -> ScriptStep {
    ScriptStep::ClickMap { dx, dy }
}

fn shot(name: &str) -> (ScriptStep, PathBuf) {
    let path = shots().join(name);
    let _ = std::fs::remove_file(&path);
    (
        ScriptStep::Screenshot {
            path: path.to_string_lossy().into_owned(),
        },
        path,
    )
}

fn expected(center: LatLng, zoom: f64, dx: f64, dy: f64) -> LatLng {
    let (x, y) = project(center, zoom);
    unproject(x + dx, y + dy, zoom)
}

fn metres(a: LatLng, b: LatLng) -> f64 {
    Haversine.distance(a.point(), b.point())
}

/// A real PNG of the window with a map in it (many colours, not a blank frame).
fn assert_screenshot(path: &Path) {
    let img = image::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .to_rgb8();
    assert!(
        img.width() >= 800 && img.height() >= 600,
        "{:?}",
        img.dimensions()
    );
    let mut colours = std::collections::HashSet::new();
    for p in img.pixels().step_by(97) {
        colours.insert(p.0);
    }
    assert!(colours.len() > 20, "only {} colours", colours.len());
}

#[test]
fn a_clicked_point_is_answered_as_json() {
    let (screenshot, path) = shot("picker-titik.png");
    let script = [
        wait(20),
        click(40.0, -30.0),
        wait(20),
        screenshot,
        wait(5),
        press("Gunakan Lokasi Ini"),
    ];
    let (result, code) = run(&request(Mode::Point, Some(SAMARINDA)), &script);
    assert_eq!(code, 0);
    let PickResult::Point {
        at,
        location,
        warning,
    } = result
    else {
        panic!("{result:?}")
    };
    // Opened at zoom 14 (the shipped pack's 12 + 2), centred on the point given.
    let want = expected(SAMARINDA, 14.0, 40.0, -30.0);
    assert!(
        metres(at, want) <= metres_per_pixel(SAMARINDA.lat, 14.0),
        "{at:?} vs {want:?}"
    );
    assert_eq!(location, "Kec. Samarinda Ilir, Kota Samarinda");
    assert_eq!(warning, None);
    assert_screenshot(&path);
}

#[test]
fn a_drawn_polygon_is_answered_with_its_area() {
    let (screenshot, path) = shot("picker-poligon.png");
    let corners: [(f32, f32); 4] = [(-60.0, -40.0), (60.0, -40.0), (60.0, 40.0), (-60.0, 40.0)];
    let mut script = vec![wait(20), press("Poligon"), wait(3)];
    script.extend(corners.iter().map(|&(x, y)| click(x, y)));
    script.extend([
        press("Tutup Poligon"),
        wait(10),
        screenshot,
        wait(5),
        press("Gunakan Lokasi Ini"),
    ]);
    let (result, code) = run(&request(Mode::Point, Some(SAMARINDA)), &script);
    assert_eq!(code, 0);
    let PickResult::Polygon {
        vertices,
        area_m2,
        location,
        ..
    } = result
    else {
        panic!("{result:?}")
    };
    assert_eq!(vertices.len(), 4);
    let ground: Vec<LatLng> = corners
        .iter()
        .map(|&(x, y)| expected(SAMARINDA, 14.0, x as f64, y as f64))
        .collect();
    let want = metres(ground[0], ground[1]) * metres(ground[0], ground[3]);
    assert!((area_m2 - want).abs() / want < 0.005, "{area_m2} vs {want}");
    assert!(location.ends_with("Kota Samarinda"), "{location}");
    assert_screenshot(&path);
}

#[test]
fn search_then_place_the_marker_where_the_map_was_centred() {
    let (screenshot, path) = shot("picker-cari.png");
    let script = [
        wait(20),
        ScriptStep::Search {
            text: "Sungai Kunjang".into(),
        },
        wait(10),
        click(0.0, 0.0),
        wait(10),
        screenshot,
        wait(5),
        press("Gunakan Lokasi Ini"),
    ];
    let (result, _) = run(&request(Mode::Point, None), &script);
    let PickResult::Point { at, location, .. } = result else {
        panic!("{result:?}")
    };
    let place = eptsp_map::Atlas::kaltim()
        .search("Sungai Kunjang", 1)
        .remove(0);
    assert!(
        metres(at, place.at) <= metres_per_pixel(at.lat, place.zoom.min(14.0)),
        "{at:?} vs {:?}",
        place.at
    );
    assert_eq!(location, "Kec. Sungai Kunjang, Kota Samarinda");
    assert_screenshot(&path);
}

#[test]
fn cancel_is_answered_and_a_point_outside_cannot_be_used() {
    // Tenggarong is in Kutai Kartanegara, not Samarinda: "Gunakan Lokasi Ini" stays disabled.
    let tenggarong = LatLng::new(-0.4167, 116.9833);
    let (screenshot, path) = shot("picker-di-luar-wilayah.png");
    let script = [
        wait(20),
        click(0.0, 0.0),
        wait(10),
        screenshot,
        press("Gunakan Lokasi Ini"),
        wait(5),
        press("Batal"),
    ];
    let (result, code) = run(&request(Mode::Point, Some(tenggarong)), &script);
    assert_eq!((result, code), (PickResult::Cancelled, 0));
    assert_screenshot(&path);
}

#[test]
fn a_bad_request_is_answered_with_a_message() {
    let out = Command::new(env!("CARGO_BIN_EXE_eptsp-map-picker"))
        .args(["--request", "/tidak/ada.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let result: PickResult = serde_json::from_slice(&out.stdout).unwrap();
    let PickResult::Error { message } = result else {
        panic!("{result:?}")
    };
    assert!(
        message.starts_with("Permintaan peta tidak dapat dibaca"),
        "{message}"
    );
}
