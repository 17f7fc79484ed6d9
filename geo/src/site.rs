//! The map checks of a permit site as the form holds it (step 4, Lokasi Izin): run by the
//! desktop while the applicant types and at "Kirim", and by the server when it receives the
//! application, so that a site outside its Kab/Kota is refused wherever it comes from.

use eptsp_core::api::FieldError;
use eptsp_core::dossier::{Lokasi, Titik};

use crate::atlas::Atlas;
use crate::coords::{self, LatLng};

/// The site's point, if both coordinates are numbers.
pub fn point_of(l: &Lokasi) -> Option<LatLng> {
    let lat = coords::parse_number(&l.lintang)?;
    let lng = coords::parse_number(&l.bujur)?;
    Some(LatLng::new(lat, lng))
}

/// The site's outline.
pub fn vertices(l: &Lokasi) -> Vec<LatLng> {
    points(&l.poligon)
}

/// An outline's vertices as map points.
pub fn points(outline: &[Titik]) -> Vec<LatLng> {
    outline.iter().map(|t| LatLng::new(t.lat, t.lng)).collect()
}

/// The geodesic area in m² of an outline, if it is one (three vertices or more, not
/// crossing itself).
pub fn outline_area(outline: &[Titik]) -> Option<f64> {
    crate::atlas::area_m2(&points(outline)).ok()
}

/// The point (and every vertex of the outline) inside the chosen Kab/Kota; the outline not
/// crossing itself. Checked only once the coordinates are numbers and a Kab/Kota is chosen
/// (the form's own checks report those).
pub fn location_errors(l: &Lokasi) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let (Some(p), false) = (point_of(l), l.kabupaten.is_empty()) else {
        return errors;
    };
    let atlas = Atlas::kaltim();
    if let Err(e) = atlas.check_point(&l.kabupaten, p) {
        errors.push(FieldError::custom(
            "lokasi.lintang",
            "region",
            &e.to_string(),
        ));
    }
    if !l.poligon.is_empty()
        && let Err(e) = atlas.check_polygon(&l.kabupaten, &vertices(l))
    {
        errors.push(FieldError::custom(
            "lokasi.poligon",
            "polygon",
            &e.to_string(),
        ));
    }
    errors
}
