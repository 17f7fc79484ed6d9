//! The Kalimantan Timur atlas shipped with the app: Kab/Kota and kecamatan boundaries,
//! kelurahan/desa points and the neighbouring provinces' outlines (built by
//! `scripts/build-map.sh` from GADM 4.1 and idn-area-data; see [`Atlas::source`]). It answers
//! where a point is, checks a point or polygon against the Kab/Kota chosen in the form, and
//! searches places by name.

use std::io::Read;
use std::sync::OnceLock;

use geo::{
    BoundingRect, Closest, Contains, Distance, Haversine, HaversineClosestPoint, InteriorPoint,
    LineString, MultiPolygon, Point, Polygon, Rect,
};
use serde::{Deserialize, Serialize};

use crate::coords::LatLng;

mod check;
mod search;

pub use check::{
    BORDER_TOLERANCE_M, Checked, GeoError, MAX_VERTICES, area_m2, format_area, polygon_of, square,
};

pub use search::{Place, PlaceKind, zoom_for};

const ATLAS_GZ: &[u8] = include_bytes!("../../map/data/kaltim-atlas.json.gz");

#[derive(Deserialize)]
struct RawAtlas {
    source: String,
    licence: String,
    precision: String,
    provinces: Vec<RawArea>,
    regencies: Vec<RawArea>,
    districts: Vec<RawArea>,
    villages: Vec<RawVillage>,
}

#[derive(Deserialize)]
struct RawArea {
    #[serde(default)]
    code: String,
    #[serde(default)]
    regency: String,
    name: String,
    polygons: Vec<Vec<Vec<[f64; 2]>>>,
}

#[derive(Deserialize)]
struct RawVillage {
    code: String,
    district: String,
    regency: String,
    name: String,
    kind: String,
    lat: f64,
    lng: f64,
}

/// A Kab/Kota, kecamatan or province with its outline.
pub struct Area {
    pub code: String,
    /// The Kab/Kota a kecamatan belongs to; empty otherwise.
    pub regency: String,
    pub name: String,
    pub shape: MultiPolygon<f64>,
    pub bounds: Rect<f64>,
    /// A point surely inside (for search results and labels).
    pub inside: LatLng,
}

impl Area {
    fn from_raw(raw: RawArea) -> Self {
        let polygons = raw
            .polygons
            .into_iter()
            .map(|rings| {
                let mut rings = rings.into_iter().map(|ring| {
                    LineString::from(ring.into_iter().map(|[x, y]| (x, y)).collect::<Vec<_>>())
                });
                let exterior = rings.next().unwrap_or_else(|| LineString::new(vec![]));
                Polygon::new(exterior, rings.collect())
            })
            .collect::<Vec<_>>();
        let shape = MultiPolygon::new(polygons);
        let bounds = shape
            .bounding_rect()
            .unwrap_or_else(|| Rect::new((0.0, 0.0), (0.0, 0.0)));
        let inside = shape
            .interior_point()
            .map_or(LatLng::new(0.0, 0.0), |p| LatLng::new(p.y(), p.x()));
        Self {
            code: raw.code,
            regency: raw.regency,
            name: raw.name,
            shape,
            bounds,
            inside,
        }
    }

    pub fn contains(&self, p: Point<f64>) -> bool {
        self.bounds.contains(&p) && self.shape.contains(&p)
    }

    /// Ground distance in metres from `p` to this area (0 inside).
    pub fn distance_m(&self, p: Point<f64>) -> f64 {
        match self.shape.haversine_closest_point(&p) {
            Closest::Intersection(_) => 0.0,
            Closest::SinglePoint(q) => Haversine.distance(p, q),
            Closest::Indeterminate => f64::INFINITY,
        }
    }
}

/// A kelurahan/desa (a point inside it).
pub struct Village {
    pub code: String,
    pub district: String,
    pub regency: String,
    pub name: String,
    /// "Kelurahan" or "Desa".
    pub kind: String,
    pub at: LatLng,
}

/// Where a point is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Kab/Kota code (Kemendagri, e.g. "64.72") when inside Kalimantan Timur.
    pub regency_code: Option<String>,
    pub regency: Option<String>,
    pub district: Option<String>,
    /// The kecamatan's Kemendagri code ("64.72.05"), when GADM's kecamatan matched one.
    #[serde(default)]
    pub district_code: Option<String>,
    /// A neighbouring province's name when outside Kalimantan Timur.
    pub province: Option<String>,
}

impl Location {
    /// "Kec. Samarinda Ulu, Kota Samarinda", "Provinsi Kalimantan Utara", or the sea.
    pub fn describe(&self) -> String {
        match (&self.regency, &self.district, &self.province) {
            (Some(r), Some(d), _) => format!("Kec. {d}, {r}"),
            (Some(r), None, _) => r.clone(),
            (None, _, Some(p)) => format!("Provinsi {p}"),
            _ => "luar daratan Kalimantan Timur (laut atau di luar cakupan peta)".into(),
        }
    }
}

pub struct Atlas {
    pub source: String,
    pub licence: String,
    pub precision: String,
    pub provinces: Vec<Area>,
    pub regencies: Vec<Area>,
    pub districts: Vec<Area>,
    pub villages: Vec<Village>,
}

impl Atlas {
    /// The atlas shipped with the app, parsed once.
    pub fn kaltim() -> &'static Atlas {
        static ATLAS: OnceLock<Atlas> = OnceLock::new();
        ATLAS.get_or_init(|| Atlas::parse(ATLAS_GZ).expect("the shipped atlas is valid"))
    }

    pub fn parse(gz: &[u8]) -> Result<Atlas, std::io::Error> {
        let mut json = String::new();
        flate2::read::GzDecoder::new(gz).read_to_string(&mut json)?;
        let raw: RawAtlas = serde_json::from_str(&json)?;
        Ok(Atlas {
            source: raw.source,
            licence: raw.licence,
            precision: raw.precision,
            provinces: raw.provinces.into_iter().map(Area::from_raw).collect(),
            regencies: raw.regencies.into_iter().map(Area::from_raw).collect(),
            districts: raw.districts.into_iter().map(Area::from_raw).collect(),
            villages: raw
                .villages
                .into_iter()
                .map(|v| Village {
                    code: v.code,
                    district: v.district,
                    regency: v.regency,
                    name: v.name,
                    kind: v.kind,
                    at: LatLng::new(v.lat, v.lng),
                })
                .collect(),
        })
    }

    pub fn regency(&self, code: &str) -> Option<&Area> {
        self.regencies.iter().find(|r| r.code == code)
    }

    /// Where `p` is: Kab/Kota and kecamatan inside Kalimantan Timur, else the province.
    pub fn locate(&self, p: LatLng) -> Location {
        let point = p.point();
        if let Some(regency) = self.regencies.iter().find(|r| r.contains(point)) {
            let district = self
                .districts
                .iter()
                .find(|d| d.regency == regency.code && d.contains(point));
            return Location {
                regency_code: Some(regency.code.clone()),
                regency: Some(regency.name.clone()),
                district: district.map(|d| d.name.clone()),
                district_code: district.map(|d| d.code.clone()).filter(|c| !c.is_empty()),
                province: None,
            };
        }
        Location {
            regency_code: None,
            regency: None,
            district: None,
            district_code: None,
            province: self
                .provinces
                .iter()
                .find(|a| a.contains(point))
                .map(|a| a.name.clone()),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
