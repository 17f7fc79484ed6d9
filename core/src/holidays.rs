//! The office's closed days besides weekends — national holidays (libur nasional) and
//! joint leave (cuti bersama) of the SKB 3 Menteri — as the administrator keeps them, and
//! the working-day rules over them ([`Calendar`]). The reviewed table
//! `core/data/hari-libur.csv` is only the first content of the server's table; each year's
//! SKB is loaded in the same CSV format (`tanggal,jenis,keterangan`) when it is published.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime, Weekday};
use ts_rs::TS;

use crate::api::FieldError;
use crate::calendar::{WITA, parse_date};

/// The reviewed table the server starts with (its header names the source).
pub const SEED_CSV: &str = include_str!("../data/hari-libur.csv");

/// The source of the seed table's SKB year.
pub const SEED_SOURCE: (i32, &str) = (
    2026,
    "SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB No. 1497, 2 dan 5 Tahun 2025",
);

/// Longest description of a closed day, in characters.
pub const NAME_MAX: usize = 120;

/// What kind of closed day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum HolidayKind {
    /// A national holiday.
    Libur,
    /// Joint leave, which government offices observe.
    Cuti,
}

impl HolidayKind {
    /// Its name in the CSV and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            HolidayKind::Libur => "libur",
            HolidayKind::Cuti => "cuti",
        }
    }

    /// By its name; an unknown one is `None`.
    pub fn parse(s: &str) -> Option<HolidayKind> {
        match s.trim() {
            "libur" => Some(HolidayKind::Libur),
            "cuti" => Some(HolidayKind::Cuti),
            _ => None,
        }
    }
}

/// One closed day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Holiday {
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// Holiday or joint leave.
    pub kind: HolidayKind,
    /// What it is ("Hari Raya Natal").
    pub name: String,
}

/// A closed day as the administrator sets it (the day is in the path).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct HolidayEdit {
    /// Holiday or joint leave.
    pub kind: HolidayKind,
    /// What it is, 3 to [`NAME_MAX`] characters.
    pub name: String,
}

impl HolidayEdit {
    /// The description's length.
    pub fn check(&self) -> Result<(), FieldError> {
        let n = self.name.trim().chars().count();
        if n < 3 {
            return Err(FieldError::custom(
                "name",
                "required",
                "Keterangan hari libur wajib diisi (minimal 3 karakter)",
            ));
        }
        if n > NAME_MAX {
            return Err(FieldError::custom(
                "name",
                "too_long",
                &format!("Keterangan terlalu panjang: {n} karakter, maksimal {NAME_MAX}"),
            ));
        }
        Ok(())
    }
}

/// One year's SKB table, loaded whole: its source and its rows in the CSV format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct HolidayImport {
    /// The decree it comes from ("SKB 3 Menteri No. … Tahun …").
    pub source: String,
    /// `tanggal,jenis,keterangan` lines (`#` lines are comments), every date in the year.
    pub csv: String,
}

/// A year whose SKB table is loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct HolidayYear {
    /// The year.
    pub year: i32,
    /// The decree its table comes from.
    pub source: String,
}

/// The closed days as the server keeps them, with the years whose SKB table is loaded.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct HolidayTable {
    /// Every closed day, in date order.
    pub days: Vec<Holiday>,
    /// The years whose SKB table is loaded, in order.
    pub years: Vec<HolidayYear>,
    /// This year or next (WITA) without its SKB table: their moving holidays and joint
    /// leave are not known, and deadlines reaching them count too few closed days.
    pub missing_years: Vec<i32>,
}

/// Reads `tanggal,jenis,keterangan` lines; `year`, when given, is the year every date must
/// be in. Every bad line is named (by its number) at once.
pub fn parse_csv(text: &str, year: Option<i32>) -> Result<Vec<Holiday>, Vec<FieldError>> {
    let mut days = Vec::new();
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let n = i + 1;
        let bad = |why: &str| {
            FieldError::custom(
                "csv",
                "invalid",
                &format!(
                    "Baris {n}: {why} (format: tanggal,jenis,keterangan — contoh 2027-12-25,libur,Hari Raya Natal)"
                ),
            )
        };
        let mut parts = line.splitn(3, ',');
        let (date, kind, name) = (parts.next(), parts.next(), parts.next());
        let Some(d) = date.and_then(parse_date) else {
            errors.push(bad("tanggal tidak valid"));
            continue;
        };
        let Some(kind) = kind.and_then(HolidayKind::parse) else {
            errors.push(bad("jenis harus libur atau cuti"));
            continue;
        };
        let name = name.unwrap_or("").trim();
        if let Err(e) = (HolidayEdit {
            kind,
            name: name.to_owned(),
        })
        .check()
        {
            errors.push(bad(&e.message));
            continue;
        }
        if year.is_some_and(|y| d.year() != y) {
            errors.push(bad(&format!(
                "tanggal di luar tahun {}",
                year.unwrap_or_default()
            )));
            continue;
        }
        if !seen.insert(d) {
            errors.push(bad("tanggal ini sudah ada di baris sebelumnya"));
            continue;
        }
        days.push(Holiday {
            date: crate::calendar::format_date(d),
            kind,
            name: name.to_owned(),
        });
    }
    if errors.is_empty() {
        Ok(days)
    } else {
        Err(errors)
    }
}

/// The working-day rules over a set of closed days: Monday to Friday, less those days.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Calendar {
    closed: BTreeSet<Date>,
}

impl Calendar {
    /// A calendar closed on `days` (besides weekends).
    pub fn new(days: impl IntoIterator<Item = Date>) -> Calendar {
        Calendar {
            closed: days.into_iter().collect(),
        }
    }

    /// The calendar of a table's days (a day that does not parse is left out).
    pub fn of(days: &[Holiday]) -> Calendar {
        Calendar::new(days.iter().filter_map(|h| parse_date(&h.date)))
    }

    /// The calendar of the reviewed seed table (tests, and what a desktop that never
    /// reached the server reckons with).
    pub fn seed() -> &'static Calendar {
        static C: OnceLock<Calendar> = OnceLock::new();
        C.get_or_init(|| {
            Calendar::of(&parse_csv(SEED_CSV, None).expect("the reviewed table parses"))
        })
    }

    /// Whether the office is open on `d`.
    pub fn is_working_day(&self, d: Date) -> bool {
        !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && !self.closed.contains(&d)
    }

    /// Whether the office answers at the instant `t`: a working day in Samarinda, from 08.00
    /// up to (not including) 16.00 WITA.
    pub fn office_open(&self, t: OffsetDateTime) -> bool {
        let w = t.to_offset(WITA);
        self.is_working_day(w.date()) && (8..16).contains(&w.hour())
    }

    /// The `n`th working day after `start` (`start` itself does not count): a file received
    /// on a Friday with 5 working days is due the next Friday, holidays skipped.
    pub fn add_working_days(&self, start: Date, n: u32) -> Date {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d += Duration::days(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not later).
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        let mut n = 0;
        let mut d = from;
        while d < to {
            d += Duration::days(1);
            if self.is_working_day(d) {
                n += 1;
            }
        }
        n
    }
}

#[cfg(test)]
mod tests;
