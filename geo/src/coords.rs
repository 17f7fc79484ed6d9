//! Coordinates typed by people: decimal degrees or degrees-minutes-seconds.

use serde::{Deserialize, Serialize};

/// A point in WGS 84 degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatLng {
    pub lat: f64,
    pub lng: f64,
}

impl LatLng {
    pub fn new(lat: f64, lng: f64) -> Self {
        Self { lat, lng }
    }

    pub fn point(self) -> geo::Point<f64> {
        geo::Point::new(self.lng, self.lat)
    }

    /// "-0.5021060, 117.1537090": seven decimals, about a centimetre.
    pub fn display(self) -> String {
        format!("{:.7}, {:.7}", self.lat, self.lng)
    }

    /// "0°30'07.58\"S 117°09'13.35\"E".
    pub fn display_dms(self) -> String {
        format!(
            "{} {}",
            dms(self.lat, if self.lat < 0.0 { 'S' } else { 'N' }),
            dms(self.lng, if self.lng < 0.0 { 'W' } else { 'E' })
        )
    }
}

fn dms(value: f64, hemisphere: char) -> String {
    let total = (value.abs() * 360_000.0).round() / 100.0; // seconds, two decimals
    let degrees = (total / 3600.0).floor();
    let minutes = ((total - degrees * 3600.0) / 60.0).floor();
    let seconds = total - degrees * 3600.0 - minutes * 60.0;
    format!("{degrees:.0}°{minutes:02.0}'{seconds:05.2}\"{hemisphere}")
}

/// Why typed coordinates were not understood (shown to the user as is).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CoordError {
    #[error(
        "Koordinat tidak dikenali. Tulis lintang lalu bujur, misalnya -0.502106, 117.153709 atau 0°30'07.6\"S 117°09'13.4\"E."
    )]
    Unrecognised,
    #[error("Lintang harus di antara -90 dan 90 derajat.")]
    LatitudeRange,
    #[error("Bujur harus di antara -180 dan 180 derajat.")]
    LongitudeRange,
    #[error("Menit dan detik harus kurang dari 60.")]
    MinutesSeconds,
}

/// One number as typed: a decimal with a comma or a point.
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim().replace('−', "-");
    if text.is_empty() {
        return None;
    }
    let text = if text.contains('.') {
        text
    } else {
        text.replacen(',', ".", 1)
    };
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Checks a latitude/longitude pair's ranges.
pub fn checked(lat: f64, lng: f64) -> Result<LatLng, CoordError> {
    if !(-90.0..=90.0).contains(&lat) {
        return Err(CoordError::LatitudeRange);
    }
    if !(-180.0..=180.0).contains(&lng) {
        return Err(CoordError::LongitudeRange);
    }
    Ok(LatLng::new(lat, lng))
}

/// Parses "lat, lng" in decimal degrees or DMS with hemisphere letters (N/S/E/W or U/S/T/B).
pub fn parse(input: &str) -> Result<LatLng, CoordError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(CoordError::Unrecognised);
    }
    if let Some(pair) = parse_decimal_pair(text) {
        return checked(pair.0, pair.1);
    }
    parse_dms_pair(text)
}

fn parse_decimal_pair(text: &str) -> Option<(f64, f64)> {
    let text = text.replace('−', "-");
    // "a, b", "a; b", "a b" (a decimal comma is only possible with ';' or spaces between).
    let parts: Vec<&str> = if text.contains(';') {
        text.split(';').collect()
    } else if text.matches(',').count() == 1 {
        text.split(',').collect()
    } else {
        text.split_whitespace().collect()
    };
    if parts.len() != 2 {
        return None;
    }
    Some((parse_number(parts[0])?, parse_number(parts[1])?))
}

fn parse_dms_pair(text: &str) -> Result<LatLng, CoordError> {
    // Split into the two halves at the hemisphere letters.
    let upper = text
        .to_uppercase()
        .replace(['’', '′'], "'")
        .replace(['”', '″'], "\"")
        // Indonesian: lintang utara/selatan, bujur timur/barat.
        .replace("LU", "N")
        .replace("LS", "S")
        .replace("BT", "E")
        .replace("BB", "W");
    let mut halves: Vec<(String, char)> = Vec::new();
    let mut current = String::new();
    let mut leading: Option<char> = None;
    for c in upper.chars() {
        match c {
            'N' | 'S' | 'E' | 'W' | 'U' | 'T' | 'B' => {
                let hemisphere = match c {
                    'U' => 'N',
                    'T' => 'E',
                    'B' => 'W',
                    other => other,
                };
                if current.trim().is_empty() {
                    leading = Some(hemisphere);
                } else if let Some(before) = leading.take() {
                    // "S 0° 30' E 117° 9'": the letter came first.
                    halves.push((std::mem::take(&mut current), before));
                    leading = Some(hemisphere);
                } else {
                    halves.push((std::mem::take(&mut current), hemisphere));
                }
            }
            ',' | ';' if !current.trim().is_empty() && leading.is_some() => {
                halves.push((std::mem::take(&mut current), leading.take().unwrap_or('N')));
            }
            _ => current.push(c),
        }
    }
    if let (false, Some(h)) = (current.trim().is_empty(), leading) {
        halves.push((current, h));
    }
    if halves.len() != 2 {
        return Err(CoordError::Unrecognised);
    }
    let mut lat = None;
    let mut lng = None;
    for (body, hemisphere) in halves {
        let value = dms_value(&body)?;
        match hemisphere {
            'N' => lat = Some(value),
            'S' => lat = Some(-value),
            'E' => lng = Some(value),
            'W' => lng = Some(-value),
            _ => return Err(CoordError::Unrecognised),
        }
    }
    match (lat, lng) {
        (Some(lat), Some(lng)) => checked(lat, lng),
        _ => Err(CoordError::Unrecognised),
    }
}

fn dms_value(body: &str) -> Result<f64, CoordError> {
    let numbers: Vec<f64> = body
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map(|s| s.trim_matches(','))
        .filter(|s| !s.is_empty())
        .map(|s| parse_number(&s.replace(',', ".")).ok_or(CoordError::Unrecognised))
        .collect::<Result<_, _>>()?;
    let (d, m, s) = match numbers.as_slice() {
        [d] => (*d, 0.0, 0.0),
        [d, m] => (*d, *m, 0.0),
        [d, m, s] => (*d, *m, *s),
        _ => return Err(CoordError::Unrecognised),
    };
    if m >= 60.0 || s >= 60.0 {
        return Err(CoordError::MinutesSeconds);
    }
    Ok(d + m / 60.0 + s / 3600.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: LatLng, lat: f64, lng: f64) {
        assert!(
            (a.lat - lat).abs() < 1e-6 && (a.lng - lng).abs() < 1e-6,
            "{a:?} vs {lat},{lng}"
        );
    }

    #[test]
    fn decimal_forms() {
        close(
            parse("-0.502106, 117.153709").unwrap(),
            -0.502106,
            117.153709,
        );
        close(
            parse("-0.502106 117.153709").unwrap(),
            -0.502106,
            117.153709,
        );
        close(
            parse("-0,502106; 117,153709").unwrap(),
            -0.502106,
            117.153709,
        );
        close(parse("−1.25,116.83").unwrap(), -1.25, 116.83);
    }

    #[test]
    fn dms_forms() {
        close(
            parse("0°30'07.58\"S 117°09'13.35\"E").unwrap(),
            -(30.0 / 60.0 + 7.58 / 3600.0),
            117.0 + 9.0 / 60.0 + 13.35 / 3600.0,
        );
        close(
            parse("S 0° 30' 7.58\" E 117° 9' 13.35\"").unwrap(),
            -(30.0 / 60.0 + 7.58 / 3600.0),
            117.0 + 9.0 / 60.0 + 13.35 / 3600.0,
        );
        close(
            parse("1°15'LU 116°50'BT").unwrap(),
            1.25,
            116.0 + 50.0 / 60.0,
        );
        close(parse("0 30 0 LS, 117 9 0 BT").unwrap(), -0.5, 117.15);
    }

    #[test]
    fn display_round_trips_through_parse() {
        let p = LatLng::new(-0.5021061, 117.1537092);
        close(parse(&p.display()).unwrap(), p.lat, p.lng);
        let back = parse(&p.display_dms()).unwrap();
        assert!((back.lat - p.lat).abs() < 1e-5 && (back.lng - p.lng).abs() < 1e-5);
        assert_eq!(p.display(), "-0.5021061, 117.1537092");
    }

    #[test]
    fn bad_input_is_explained() {
        assert_eq!(parse(""), Err(CoordError::Unrecognised));
        assert_eq!(parse("Samarinda"), Err(CoordError::Unrecognised));
        assert_eq!(parse("95, 117"), Err(CoordError::LatitudeRange));
        assert_eq!(parse("-0.5, 190"), Err(CoordError::LongitudeRange));
        assert_eq!(
            parse("0°75'00\"S 117°00'00\"E"),
            Err(CoordError::MinutesSeconds)
        );
        assert!(
            CoordError::Unrecognised
                .to_string()
                .starts_with("Koordinat tidak dikenali")
        );
    }
}
