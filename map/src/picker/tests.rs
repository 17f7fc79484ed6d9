//! The picker driven through egui's real input path (egui_kittest): clicks, drags, typing.

use egui::{Event, Modifiers, PointerButton, Pos2, vec2};
use egui_kittest::Harness;
use geo::{Distance, Haversine};

use super::*;
use crate::tiles::{metres_per_pixel, project, unproject};

const SAMARINDA: LatLng = LatLng {
    lat: -0.5020,
    lng: 117.1530,
};

fn request(mode: Mode) -> PickRequest {
    let pack = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/kaltim.pmtiles");
    PickRequest {
        mode,
        regency_code: "64.72".into(),
        point: None,
        polygon: Vec::new(),
        sources: Sources {
            packs: vec![pack],
            xyz: None,
        },
    }
}

fn harness(picker: Picker) -> Harness<'static, Picker> {
    let mut h = Harness::builder()
        .with_size(vec2(1000.0, 720.0))
        .with_max_steps(400)
        .build_ui_state(|ui, picker: &mut Picker| picker.show(ui), picker);
    h.run_steps(3);
    h
}

fn centred_at(mode: Mode, at: LatLng, zoom: f64) -> Harness<'static, Picker> {
    let mut picker = Picker::new(request(mode));
    picker.memory.center_at(lat_lon(at.lat, at.lng));
    picker.memory.set_zoom(zoom).unwrap();
    harness(picker)
}

fn map_centre(h: &Harness<Picker>) -> Pos2 {
    h.state().rects["map"].center()
}

fn press(h: &mut Harness<Picker>, pos: Pos2, pressed: bool) {
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

/// Move there, rest (as a hand does; a click right after a fast move would fling the map),
/// then press and release.
fn click(h: &mut Harness<Picker>, pos: Pos2) {
    h.event(Event::PointerMoved(pos));
    h.run_steps(10);
    press(h, pos, true);
    h.step();
    press(h, pos, false);
    h.run_steps(2);
}

fn drag(h: &mut Harness<Picker>, from: Pos2, to: Pos2) {
    h.event(Event::PointerMoved(from));
    h.run_steps(10);
    press(h, from, true);
    h.step();
    for k in 1..=10 {
        h.event(Event::PointerMoved(from + (to - from) * (k as f32 / 10.0)));
        h.step();
    }
    press(h, to, false);
    h.run_steps(2);
}

/// Where a screen offset from the map's centre is on the ground, by Web Mercator arithmetic.
fn expected(center: LatLng, zoom: f64, offset: egui::Vec2) -> LatLng {
    let (x, y) = project(center, zoom);
    unproject(x + offset.x as f64, y + offset.y as f64, zoom)
}

fn metres(a: LatLng, b: LatLng) -> f64 {
    Haversine.distance(a.point(), b.point())
}

#[test]
fn a_click_places_the_marker_within_one_pixel() {
    for zoom in [12.0, 16.0] {
        let mut h = centred_at(Mode::Point, SAMARINDA, zoom);
        let offset = vec2(120.0, -80.0);
        let at = map_centre(&h) + offset;
        click(&mut h, at);
        let marker = h.state().marker.expect("a marker");
        let error = metres(marker, expected(SAMARINDA, zoom, offset));
        let pixel = metres_per_pixel(SAMARINDA.lat, zoom);
        assert!(
            error <= pixel,
            "zoom {zoom}: {error:.3} m off, one pixel is {pixel:.3} m"
        );
        // Live coordinates show 7 decimals; the checks ran.
        assert!(
            matches!(&h.state().status, Status::Valid { location, .. } if location.ends_with("Kota Samarinda"))
        );
    }
}

#[test]
fn dragging_the_marker_moves_it_and_dragging_the_map_pans() {
    let zoom = 15.0;
    let mut h = centred_at(Mode::Point, SAMARINDA, zoom);
    let c = map_centre(&h);
    click(&mut h, c);
    let first = h.state().marker.unwrap();
    // Drag the pin from its tip to 100 px right, 50 px down.
    drag(&mut h, c, c + vec2(100.0, 50.0));
    let moved = h.state().marker.unwrap();
    let want = expected(SAMARINDA, zoom, vec2(100.0, 50.0));
    assert!(
        metres(moved, want) <= metres_per_pixel(SAMARINDA.lat, zoom) * 1.5,
        "{moved:?} vs {want:?}"
    );
    assert!(metres(first, moved) > 100.0);
    // Dragging elsewhere pans the map and leaves the marker where it is.
    let before = h.state().memory.detached();
    drag(&mut h, c + vec2(-200.0, -150.0), c + vec2(-100.0, -150.0));
    assert_eq!(h.state().marker, Some(moved));
    assert_ne!(h.state().memory.detached(), before, "the map moved");
}

#[test]
fn search_centres_the_map_on_the_place() {
    let mut h = centred_at(Mode::Point, SAMARINDA, 9.0);
    let field = h.state().rects["search"].center();
    click(&mut h, field);
    h.event(Event::Text("Sungai Kunjang".into()));
    h.run_steps(3);
    assert!(!h.state().results.is_empty(), "results listed");
    let first = h.state().rects["result-0"].center();
    let place = h.state().results[0].clone();
    assert_eq!(place.name, "Sungai Kunjang");
    click(&mut h, first);
    let centre = h.state().memory.detached().expect("the map left its start");
    let centre = LatLng::new(centre.y(), centre.x());
    assert!(
        metres(centre, place.at) < 1.0,
        "{centre:?} vs {:?}",
        place.at
    );
    // The shipped pack ends at zoom 12: results are shown at 14 at most.
    assert_eq!(h.state().memory.zoom(), place.zoom.min(14.0));

    // Typed coordinates (DMS) centre the map too.
    h.state_mut().search.clear();
    click(&mut h, field);
    h.event(Event::Text("0°30'07.2\"S 117°09'10.8\"E".into()));
    h.run_steps(3);
    let r = h.state().rects["result-0"].center();
    click(&mut h, r);
    let c = h.state().memory.detached().unwrap();
    assert!((c.y() + 0.502).abs() < 1e-6 && (c.x() - 117.153).abs() < 1e-6);
}

#[test]
fn a_polygon_of_a_known_square_has_its_area_within_half_a_percent() {
    // At zoom 16 near the equator a pixel is 2.39 m: 100 px ≈ 239 m.
    let zoom = 16.0;
    let mut h = centred_at(Mode::Polygon, SAMARINDA, zoom);
    let c = map_centre(&h);
    let corners = [
        vec2(-50.0, -50.0),
        vec2(50.0, -50.0),
        vec2(50.0, 50.0),
        vec2(-50.0, 50.0),
    ];
    for o in corners {
        click(&mut h, c + o);
    }
    assert_eq!(h.state().status, Status::Drawing);
    let close = h.state().rects["Tutup Poligon"].center();
    click(&mut h, close);
    let Status::Valid {
        area_m2: Some(area),
        ..
    } = h.state().status.clone()
    else {
        panic!("{:?}", h.state().status);
    };
    // The same square computed from the corners' ground positions by the Mercator formulas.
    let ground: Vec<LatLng> = corners
        .iter()
        .map(|o| expected(SAMARINDA, zoom, *o))
        .collect();
    let side_ns = metres(ground[0], ground[3]);
    let side_ew = metres(ground[0], ground[1]);
    let want = side_ns * side_ew;
    assert!((area - want).abs() / want < 0.005, "{area} vs {want}");

    // Undo reopens, then removes the last vertex; a self-intersecting polygon is refused.
    let undo = h.state().rects["Urungkan"].center();
    click(&mut h, undo);
    assert!(!h.state().closed);
    click(&mut h, undo);
    assert_eq!(h.state().vertices.len(), 3);
    click(&mut h, undo);
    assert_eq!(h.state().vertices.len(), 2);
    // (-50,-50) (50,-50) (-50,50) (50,50): a bow tie.
    click(&mut h, c + vec2(-50.0, 50.0));
    click(&mut h, c + vec2(50.0, 50.0));
    let close = h.state().rects["Tutup Poligon"].center();
    click(&mut h, close);
    assert!(
        matches!(&h.state().status, Status::Invalid(m) if m.contains("berpotongan")),
        "{:?}",
        h.state().status
    );
}

#[test]
fn an_outline_stops_at_the_most_vertices_a_permit_can_carry() {
    let mut h = centred_at(Mode::Polygon, SAMARINDA, 15.0);
    let c = map_centre(&h);
    // A circle of MAX_VERTICES points, clockwise on the screen, then one more in its middle.
    for i in 0..MAX_VERTICES {
        let a = i as f32 / MAX_VERTICES as f32 * std::f32::consts::TAU;
        click(&mut h, c + vec2(150.0 * a.cos(), 150.0 * a.sin()));
    }
    assert_eq!(h.state().vertices.len(), MAX_VERTICES);
    click(&mut h, c);
    assert_eq!(h.state().vertices.len(), MAX_VERTICES, "no vertex added");
    assert!(
        matches!(&h.state().status, Status::Invalid(m) if m.contains("paling banyak 40 titik sudut")),
        "{:?}",
        h.state().status
    );
    let close = h.state().rects["Tutup Poligon"].center();
    click(&mut h, close);
    assert!(
        matches!(
            h.state().status,
            Status::Valid {
                area_m2: Some(_),
                ..
            }
        ),
        "{:?}",
        h.state().status
    );
}

#[test]
fn a_site_outside_the_chosen_kab_kota_cannot_be_used() {
    let tenggarong = LatLng::new(-0.4167, 116.9833);
    let mut h = centred_at(Mode::Point, tenggarong, 14.0);
    let c = map_centre(&h);
    click(&mut h, c);
    let Status::Invalid(message) = h.state().status.clone() else {
        panic!("{:?}", h.state().status)
    };
    assert!(
        message.contains("Kutai Kartanegara, bukan di Kota Samarinda"),
        "{message}"
    );
    let use_it = h.state().rects["Gunakan Lokasi Ini"].center();
    click(&mut h, use_it);
    assert_eq!(h.state().outcome, None, "the button is disabled");
    let cancel = h.state().rects["Batal"].center();
    click(&mut h, cancel);
    assert_eq!(h.state().outcome, Some(PickResult::Cancelled));
}

#[test]
fn zoom_buttons_and_the_wheel_zoom() {
    let mut h = centred_at(Mode::Point, SAMARINDA, 12.0);
    let plus = h.state().rects["+"].center();
    click(&mut h, plus);
    assert_eq!(h.state().memory.zoom(), 13.0);
    let minus = h.state().rects["−"].center();
    click(&mut h, minus);
    click(&mut h, minus);
    assert_eq!(h.state().memory.zoom(), 11.0);
    let c = map_centre(&h);
    h.event(Event::PointerMoved(c));
    h.event(Event::MouseWheel {
        unit: egui::MouseWheelUnit::Line,
        delta: vec2(0.0, 3.0),
        modifiers: Modifiers::NONE,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
    });
    h.run_steps(5);
    assert!(
        h.state().memory.zoom() > 11.0,
        "{}",
        h.state().memory.zoom()
    );
}

fn key(h: &mut Harness<Picker>, key: egui::Key) {
    for pressed in [true, false] {
        h.event(Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run_steps(2);
}

#[test]
fn without_a_mouse_the_arrows_pan_and_enter_puts_the_point_at_the_centre() {
    let zoom = 14.0;
    let mut h = centred_at(Mode::Point, SAMARINDA, zoom);
    let quarter = h.state().rects["map"].width() / 4.0;
    key(&mut h, egui::Key::ArrowRight);
    key(&mut h, egui::Key::Enter);
    let marker = h.state().marker.expect("a marker at the centre");
    let want = expected(SAMARINDA, zoom, vec2(quarter, 0.0));
    let pixel = metres_per_pixel(SAMARINDA.lat, zoom);
    assert!(
        metres(marker, want) <= 2.0 * pixel,
        "{marker:?} vs {want:?}"
    );
    assert!(
        h.state().keyboard,
        "the centre is marked once keys are used"
    );
    // Zoomed in with +, the point stays where it was put.
    key(&mut h, egui::Key::Plus);
    assert!((h.state().memory.zoom() - (zoom + 1.0)).abs() < 1e-9);
    assert_eq!(h.state().marker, Some(marker));
}

#[test]
fn an_outline_is_drawn_and_undone_with_the_keyboard() {
    let mut h = centred_at(Mode::Polygon, SAMARINDA, 16.0);
    for step in [
        None,
        Some(egui::Key::ArrowRight),
        Some(egui::Key::ArrowDown),
    ] {
        if let Some(k) = step {
            key(&mut h, k);
        }
        key(&mut h, egui::Key::Space);
    }
    assert_eq!(h.state().vertices.len(), 3);
    key(&mut h, egui::Key::Backspace);
    assert_eq!(h.state().vertices.len(), 2);
    // Typing in the search field is typing, not drawing.
    let search = h.state().rects["search"].center();
    click(&mut h, search);
    key(&mut h, egui::Key::Space);
    key(&mut h, egui::Key::Backspace);
    assert_eq!(h.state().vertices.len(), 2);
}
