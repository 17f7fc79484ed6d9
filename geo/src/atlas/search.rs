//! Search of the atlas's places by name (or typed coordinates), ranked, with the zoom to
//! show each result at.

use geo::Rect;
use serde::{Deserialize, Serialize};

use super::Atlas;
use crate::coords::{self, LatLng};

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

impl Atlas {
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
