//! The checks of a site against the Kab/Kota chosen in the form (a point, or a polygon and
//! its area), and why one is refused.

use geo::{GeodesicArea, LineString, Orient, Polygon, Validation, orient::Direction};
use serde::{Deserialize, Serialize};

use super::{Atlas, Location};
use crate::coords::{self, CoordError, LatLng};

/// Outlines in the atlas have a vertex every 1.4 km on average (see [`Atlas::precision`]), so a
/// point this close outside the chosen Kab/Kota is accepted with a warning, not refused.
pub const BORDER_TOLERANCE_M: f64 = 1500.0;

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

impl Atlas {
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
