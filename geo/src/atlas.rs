//! The Kalimantan Timur atlas shipped with the app: Kab/Kota and kecamatan boundaries,
//! kelurahan/desa points and the neighbouring provinces' outlines (built by
//! `scripts/build-map.sh` from GADM 4.1 and idn-area-data; see [`Atlas::source`]). It answers
//! where a point is, checks a point or polygon against the Kab/Kota chosen in the form, and
//! searches places by name.

use std::io::Read;
use std::sync::OnceLock;

use geo::{
    BoundingRect, Closest, Contains, Distance, GeodesicArea, Haversine, HaversineClosestPoint,
    InteriorPoint, LineString, MultiPolygon, Orient, Point, Polygon, Rect, Validation,
    orient::Direction,
};
use serde::{Deserialize, Serialize};

use crate::coords::{self, CoordError, LatLng};

const ATLAS_GZ: &[u8] = include_bytes!("../../map/data/kaltim-atlas.json.gz");

/// Outlines in the atlas have a vertex every 1.4 km on average (see [`Atlas::precision`]), so a
/// point this close outside the chosen Kab/Kota is accepted with a warning, not refused.
pub const BORDER_TOLERANCE_M: f64 = 1500.0;

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
            .map(|p| LatLng::new(p.y(), p.x()))
            .unwrap_or(LatLng::new(0.0, 0.0));
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

/// A point or polygon that passed the checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checked {
    pub location: Location,
    /// Set when the point is just outside the chosen Kab/Kota, within [`BORDER_TOLERANCE_M`].
    pub warning: Option<String>,
}

/// Why a location was refused; the text is the message shown to the user.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeoError {
    #[error("{0}")]
    Coord(#[from] CoordError),
    #[error("Kab/Kota yang dipilih pada formulir tidak ada dalam peta Kalimantan Timur.")]
    UnknownRegency,
    #[error(
        "Titik berada di {actual}, bukan di {chosen}. Pindahkan titik ke dalam {chosen} atau ubah Kab/Kota pada formulir."
    )]
    Outside { chosen: String, actual: String },
    #[error("Titik sudut ke-{index} poligon berada di {actual}, di luar {chosen}.")]
    VertexOutside {
        index: usize,
        chosen: String,
        actual: String,
    },
    #[error("Poligon memerlukan sedikitnya 3 titik sudut.")]
    TooFewVertices,
    #[error(
        "Poligon paling banyak {} titik sudut, agar batas area termuat dalam kode QR izin. Sederhanakan batas area.",
        MAX_VERTICES
    )]
    TooManyVertices,
    #[error(
        "Poligon tidak boleh berpotongan dengan dirinya sendiri: periksa urutan titik sudutnya."
    )]
    SelfIntersecting,
}

/// Kinds of search results, in the order they are ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    Koordinat,
    KabKota,
    Kecamatan,
    Kelurahan,
}

/// A search result: where to centre the map, and at which zoom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub kind: PlaceKind,
    pub name: String,
    /// "Kec. Sungai Kunjang, Kota Samarinda".
    pub context: String,
    pub at: LatLng,
    pub zoom: f64,
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

    /// Checks that `p` lies in the Kab/Kota `regency_code` (Kemendagri code, "64.72").
    pub fn check_point(&self, regency_code: &str, p: LatLng) -> Result<Checked, GeoError> {
        let p = coords::checked(p.lat, p.lng)?;
        let regency = self.regency(regency_code).ok_or(GeoError::UnknownRegency)?;
        let location = self.locate(p);
        if location.regency_code.as_deref() == Some(regency_code) {
            return Ok(Checked {
                location,
                warning: None,
            });
        }
        let distance = regency.distance_m(p.point());
        if distance <= BORDER_TOLERANCE_M {
            let warning = format!(
                "Titik berada sekitar {} m di luar batas {} menurut peta ({}). Batas pada peta ini berketelitian sekitar 1,5 km: pastikan lokasi sudah benar.",
                (distance / 10.0).round() * 10.0,
                regency.name,
                location.describe()
            );
            return Ok(Checked {
                location,
                warning: Some(warning),
            });
        }
        Err(GeoError::Outside {
            chosen: regency.name.clone(),
            actual: location.describe(),
        })
    }

    /// Checks a polygon: at least 3 vertices, not self-intersecting, every vertex in the
    /// Kab/Kota. Returns the check of the first vertex and the geodesic area in m².
    pub fn check_polygon(
        &self,
        regency_code: &str,
        vertices: &[LatLng],
    ) -> Result<(Checked, f64), GeoError> {
        let polygon = polygon_of(vertices)?;
        let mut first: Option<Checked> = None;
        let mut warning = None;
        for (i, v) in vertices.iter().enumerate() {
            match self.check_point(regency_code, *v) {
                Ok(checked) => {
                    warning = warning.or(checked.warning.clone());
                    first.get_or_insert(checked);
                }
                Err(GeoError::Outside { chosen, actual }) => {
                    return Err(GeoError::VertexOutside {
                        index: i + 1,
                        chosen,
                        actual,
                    });
                }
                Err(other) => return Err(other),
            }
        }
        let mut checked = first.ok_or(GeoError::TooFewVertices)?;
        checked.warning = warning;
        Ok((checked, polygon.geodesic_area_unsigned()))
    }

    /// Places whose name matches `query`, best first; typed coordinates come first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Place> {
        if let Ok(at) = coords::parse(query) {
            return vec![Place {
                kind: PlaceKind::Koordinat,
                name: at.display(),
                context: self.locate(at).describe(),
                at,
                zoom: 15.0,
            }];
        }
        let wanted = normalise(strip_prefix(query));
        if wanted.len() < 2 {
            return Vec::new();
        }
        let mut found: Vec<(u8, Place)> = Vec::new();
        for r in &self.regencies {
            if let Some(rank) = rank(&wanted, &r.name) {
                found.push((
                    rank,
                    Place {
                        kind: PlaceKind::KabKota,
                        name: r.name.clone(),
                        context: "Kalimantan Timur".into(),
                        at: r.inside,
                        zoom: zoom_for(&r.bounds),
                    },
                ));
            }
        }
        for d in &self.districts {
            if let Some(rank) = rank(&wanted, &d.name) {
                found.push((
                    rank,
                    Place {
                        kind: PlaceKind::Kecamatan,
                        name: d.name.clone(),
                        context: self
                            .regency(&d.regency)
                            .map(|r| r.name.clone())
                            .unwrap_or_default(),
                        at: d.inside,
                        zoom: zoom_for(&d.bounds),
                    },
                ));
            }
        }
        for v in &self.villages {
            if let Some(rank) = rank(&wanted, &v.name) {
                let district = self
                    .districts
                    .iter()
                    .find(|d| d.code == v.district && !v.district.is_empty());
                let regency = self
                    .regency(&v.regency)
                    .map(|r| r.name.as_str())
                    .unwrap_or_default();
                found.push((
                    rank,
                    Place {
                        kind: PlaceKind::Kelurahan,
                        name: format!("{} {}", v.kind, v.name),
                        context: match district {
                            Some(d) => format!("Kec. {}, {regency}", d.name),
                            None => regency.to_string(),
                        },
                        at: v.at,
                        zoom: 14.0,
                    },
                ));
            }
        }
        found.sort_by(|a, b| (a.0, a.1.kind, &a.1.name).cmp(&(b.0, b.1.kind, &b.1.name)));
        found.into_iter().take(limit).map(|(_, p)| p).collect()
    }
}

/// The most vertices a site outline may have: the permit's QR code carries the signed
/// outline, and with this many it still fits (see the izin print test).
pub const MAX_VERTICES: usize = 40;

/// A closed polygon from its vertices, refused when degenerate, self-intersecting or over
/// [`MAX_VERTICES`].
pub fn polygon_of(vertices: &[LatLng]) -> Result<Polygon<f64>, GeoError> {
    if vertices.len() < 3 {
        return Err(GeoError::TooFewVertices);
    }
    if vertices.len() > MAX_VERTICES {
        return Err(GeoError::TooManyVertices);
    }
    let ring: Vec<(f64, f64)> = vertices.iter().map(|v| (v.lng, v.lat)).collect();
    let polygon = Polygon::new(LineString::from(ring), vec![]);
    match polygon.check_validation() {
        // Counter-clockwise, as the geodesic area expects of an exterior ring.
        Ok(()) => Ok(polygon.orient(Direction::Default)),
        Err(geo::algorithm::validation::InvalidPolygon::TooFewPointsInRing(_)) => {
            Err(GeoError::TooFewVertices)
        }
        Err(_) => Err(GeoError::SelfIntersecting),
    }
}

/// Geodesic area in m² of the polygon with these vertices (WGS 84 ellipsoid).
pub fn area_m2(vertices: &[LatLng]) -> Result<f64, GeoError> {
    Ok(polygon_of(vertices)?.geodesic_area_unsigned())
}

/// "12.345 m² (1,23 ha)".
pub fn format_area(m2: f64) -> String {
    let whole = m2.round() as i64;
    let mut digits = whole.to_string();
    let mut grouped = String::new();
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!(".{tail}{grouped}");
    }
    let ha = format!("{:.2}", m2 / 10_000.0).replace('.', ",");
    format!("{digits}{grouped} m² ({ha} ha)")
}

fn strip_prefix(query: &str) -> &str {
    let q = query.trim();
    let lower = q.to_lowercase();
    for prefix in [
        "kabupaten ",
        "kab. ",
        "kab ",
        "kota ",
        "kecamatan ",
        "kec. ",
        "kec ",
        "kelurahan ",
        "kel. ",
        "kel ",
        "desa ",
    ] {
        if lower.starts_with(prefix) {
            return &q[prefix.len()..];
        }
    }
    q
}

fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// 0 exact, 1 prefix, 2 a word starts with it, 3 contains; None: no match.
fn rank(wanted: &str, name: &str) -> Option<u8> {
    let plain = normalise(strip_prefix(name));
    if plain == wanted {
        Some(0)
    } else if plain.starts_with(wanted) {
        Some(1)
    } else if name
        .split_whitespace()
        .any(|w| normalise(w).starts_with(wanted))
    {
        Some(2)
    } else if plain.contains(wanted) {
        Some(3)
    } else {
        None
    }
}

/// A zoom at which an area of these bounds fills a window of about 700 px.
pub fn zoom_for(bounds: &Rect<f64>) -> f64 {
    let span = bounds.width().max(bounds.height()).max(0.005);
    (360.0 * 700.0 / 256.0 / span)
        .log2()
        .floor()
        .clamp(6.0, 15.0)
}

#[cfg(test)]
pub(crate) mod tests;

/// The corners of a square of half-side `half_m` metres around `center`, clockwise from
/// the north-east (for examples and tests of polygon sites).
pub fn square(center: LatLng, half_m: f64) -> Vec<LatLng> {
    use geo::{Destination, Geodesic};
    let c = center.point();
    let corner = |bearing_deg: f64| {
        let p = Geodesic.destination(c, bearing_deg, half_m * std::f64::consts::SQRT_2);
        LatLng::new(p.y(), p.x())
    };
    vec![corner(45.0), corner(135.0), corner(225.0), corner(315.0)]
}
