use super::*;
use geo::{Bearing, Destination, Geodesic};

const SAMARINDA: &str = "64.72";
const BALIKPAPAN: &str = "64.71";
const KUKAR: &str = "64.02";
const PPU: &str = "64.09";

fn atlas() -> &'static Atlas {
    Atlas::kaltim()
}

fn at(lat: f64, lng: f64) -> LatLng {
    LatLng::new(lat, lng)
}

#[test]
fn the_shipped_atlas_covers_every_kab_kota() {
    let a = atlas();
    let mut codes: Vec<&str> = a.regencies.iter().map(|r| r.code.as_str()).collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            "64.01", "64.02", "64.03", "64.07", "64.08", "64.09", "64.11", "64.71", "64.72",
            "64.74"
        ]
    );
    assert!(a.districts.len() >= 98, "{}", a.districts.len());
    assert!(a.villages.len() >= 900, "{}", a.villages.len());
    assert!(a.source.contains("GADM") && a.licence.contains("GADM"));
    // Mahakam Ulu is assembled from its kecamatan; Kutai Barat no longer holds them.
    let mahulu = a.regency("64.11").unwrap();
    assert!(mahulu.contains(at(0.85, 114.9).point()), "Long Apari area");
    assert!(
        !a.regency("64.07")
            .unwrap()
            .contains(at(0.85, 114.9).point())
    );
}

#[test]
fn landmarks_are_where_they_belong() {
    let a = atlas();
    let cases = [
        (at(-1.2683, 116.8944), "64.71", "Bandara Sepinggan"),
        (at(-0.4167, 116.9833), "64.02", "Tenggarong"),
        (at(-0.5020, 117.1530), "64.72", "Samarinda kota"),
        (at(0.1330, 117.4900), "64.74", "Bontang"),
        (at(0.5100, 117.5400), "64.08", "Sangatta"),
        (at(2.1500, 117.4900), "64.03", "Tanjung Redeb"),
        (at(-1.9000, 116.2000), "64.01", "Tanah Grogot"),
        (at(-1.2500, 116.6000), "64.09", "Penajam Paser Utara"),
    ];
    for (p, code, what) in cases {
        let found = a.locate(p);
        assert_eq!(
            found.regency_code.as_deref(),
            Some(code),
            "{what}: {found:?}"
        );
        assert!(found.district.is_some(), "{what}: kecamatan named");
        a.check_point(code, p)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
    }
}

#[test]
fn outside_the_province_names_the_neighbour_or_the_sea() {
    let a = atlas();
    let tanjung_selor = a.check_point(SAMARINDA, at(2.84, 117.37)).unwrap_err();
    assert!(
        tanjung_selor
            .to_string()
            .contains("Provinsi Kalimantan Utara"),
        "{tanjung_selor}"
    );
    let palangkaraya = a.locate(at(-2.21, 113.92));
    assert_eq!(palangkaraya.province.as_deref(), Some("Kalimantan Tengah"));
    let strait = a.check_point(BALIKPAPAN, at(-1.0, 118.6)).unwrap_err();
    assert!(strait.to_string().contains("laut"), "{strait}");
    assert_eq!(
        a.check_point("64.99", at(-0.5, 117.15)),
        Err(GeoError::UnknownRegency)
    );
    assert!(matches!(
        a.check_point(SAMARINDA, at(95.0, 117.0)),
        Err(GeoError::Coord(_))
    ));
}

/// Walks from a real boundary point of Samarinda towards Tenggarong (Kutai Kartanegara): inside,
/// just outside (warned), well outside (refused, naming Kukar).
#[test]
fn points_near_the_samarinda_kukar_boundary() {
    let a = atlas();
    let samarinda = a.regency(SAMARINDA).unwrap();
    let tenggarong = at(-0.4167, 116.9833).point();
    let Closest::SinglePoint(edge) = samarinda.shape.haversine_closest_point(&tenggarong) else {
        panic!("no closest point");
    };
    let outward = Geodesic.bearing(edge, tenggarong);
    let step = |m: f64| {
        let p = if m < 0.0 {
            Geodesic.destination(edge, outward + 180.0, -m)
        } else {
            Geodesic.destination(edge, outward, m)
        };
        at(p.y(), p.x())
    };
    let inside = step(-2500.0);
    assert_eq!(a.locate(inside).regency_code.as_deref(), Some(SAMARINDA));
    assert_eq!(a.check_point(SAMARINDA, inside).unwrap().warning, None);

    let just_out = step(600.0);
    assert_eq!(a.locate(just_out).regency_code.as_deref(), Some(KUKAR));
    let warned = a.check_point(SAMARINDA, just_out).unwrap();
    let warning = warned.warning.expect("a warning near the boundary");
    assert!(
        warning.contains("Kota Samarinda") && warning.contains("Kutai Kartanegara"),
        "{warning}"
    );

    let far_out = step(4000.0);
    let refused = a.check_point(SAMARINDA, far_out).unwrap_err();
    let text = refused.to_string();
    assert!(text.starts_with("Titik berada di Kec. "), "{text}");
    assert!(
        text.contains("Kabupaten Kutai Kartanegara, bukan di Kota Samarinda"),
        "{text}"
    );
    a.check_point(KUKAR, far_out).unwrap();
}

/// Balikpapan and Penajam Paser Utara face each other across Balikpapan Bay.
#[test]
fn across_balikpapan_bay() {
    let a = atlas();
    let penajam = at(-1.2550, 116.7300);
    assert_eq!(a.locate(penajam).regency_code.as_deref(), Some(PPU));
    let err = a.check_point(BALIKPAPAN, at(-1.30, 116.65)).unwrap_err();
    assert!(err.to_string().contains("Penajam Paser Utara"), "{err}");
}

#[test]
fn polygon_area_of_a_known_square() {
    // 100 m × 100 m = 10 000 m² = 1 ha.
    let vertices = square(at(-0.5020, 117.1530), 50.0);
    let area = area_m2(&vertices).unwrap();
    assert!((area - 10_000.0).abs() / 10_000.0 < 0.005, "{area}");
    let (checked, checked_area) = atlas().check_polygon(SAMARINDA, &vertices).unwrap();
    assert_eq!(checked.location.regency_code.as_deref(), Some(SAMARINDA));
    assert_eq!(checked_area, area);
    assert_eq!(format_area(12_345.4), "12.345 m² (1,23 ha)");
}

#[test]
fn bad_polygons_are_refused() {
    let a = atlas();
    let sq = square(at(-0.5020, 117.1530), 50.0);
    let bowtie = vec![sq[0], sq[2], sq[1], sq[3]];
    assert_eq!(
        a.check_polygon(SAMARINDA, &bowtie),
        Err(GeoError::SelfIntersecting)
    );
    assert_eq!(
        a.check_polygon(SAMARINDA, &sq[..2]),
        Err(GeoError::TooFewVertices)
    );
    // A circle of 300 m around the centre of Samarinda: MAX_VERTICES vertices pass, one more does not.
    let circle = |n: usize| -> Vec<LatLng> {
        (0..n)
            .map(|i| {
                let t = i as f64 / n as f64 * std::f64::consts::TAU;
                at(-0.5021 + 0.0027 * t.sin(), 117.1537 + 0.0027 * t.cos())
            })
            .collect()
    };
    assert!(a.check_polygon(SAMARINDA, &circle(MAX_VERTICES)).is_ok());
    let err = a
        .check_polygon(SAMARINDA, &circle(MAX_VERTICES + 1))
        .unwrap_err();
    assert_eq!(err, GeoError::TooManyVertices);
    assert!(
        err.to_string()
            .starts_with("Poligon paling banyak 40 titik sudut")
    );
    let mut reaching_out = sq.clone();
    reaching_out[2] = at(-0.4167, 116.9833); // Tenggarong
    let err = a.check_polygon(SAMARINDA, &reaching_out).unwrap_err();
    assert!(
        matches!(err, GeoError::VertexOutside { index: 3, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("Titik sudut ke-3 poligon berada di Kec. "),
        "{err}"
    );
}

#[test]
fn search_by_name_and_by_coordinates() {
    let a = atlas();
    let kab = a.search("kutai kartanegara", 5);
    assert_eq!(kab[0].kind, PlaceKind::KabKota);
    assert_eq!(kab[0].name, "Kabupaten Kutai Kartanegara");
    assert_eq!(a.locate(kab[0].at).regency_code.as_deref(), Some(KUKAR));

    let kec = a.search("Kec. Sungai Kunjang", 5);
    assert_eq!(kec[0].kind, PlaceKind::Kecamatan);
    assert_eq!(kec[0].name, "Sungai Kunjang");
    assert_eq!(kec[0].context, "Kota Samarinda");
    assert_eq!(
        a.locate(kec[0].at).district.as_deref(),
        Some("Sungai Kunjang")
    );

    let kel = a.search("sepinggan", 10);
    let first = kel
        .iter()
        .find(|p| p.kind == PlaceKind::Kelurahan)
        .expect("a kelurahan");
    assert!(first.name.contains("Sepinggan"), "{first:?}");
    assert!(first.context.ends_with("Kota Balikpapan"), "{first:?}");
    assert_eq!(a.locate(first.at).regency_code.as_deref(), Some(BALIKPAPAN));

    let typed = a.search("0°30'07.2\"S 117°09'10.8\"E", 5);
    assert_eq!(typed.len(), 1);
    assert_eq!(typed[0].kind, PlaceKind::Koordinat);
    assert!((typed[0].at.lat + 0.502).abs() < 1e-6 && (typed[0].at.lng - 117.153).abs() < 1e-6);
    assert!(
        typed[0].context.ends_with("Kota Samarinda"),
        "{:?}",
        typed[0]
    );

    assert!(a.search("x", 5).is_empty());
    assert!(a.search("zzzzqq", 5).is_empty());
}
