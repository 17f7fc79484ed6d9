//! Dates and time in Samarinda (WITA): the one date codec, Indonesian date wording, and
//! where "now" comes from. The working days themselves (weekends and the holiday table the
//! administrator keeps) are [`crate::holidays::Calendar`].

use time::{Date, OffsetDateTime, UtcOffset};

/// Samarinda is on WITA, UTC+8.
pub const WITA: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(o) => o,
    Err(_) => panic!("UTC+8 is a valid offset"),
};

/// Parses a `YYYY-MM-DD` date (spaces around it allowed); `None` when it is not a real
/// date. The one date codec of the project: the wire, the databases, permits and forms.
pub fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s.trim(), DATE).ok()
}

/// A date as `YYYY-MM-DD`, the form dates take on the wire and on permits.
pub fn format_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// A month's name in Indonesian (`Desember`).
pub fn month_name(m: time::Month) -> &'static str {
    const MONTHS: [&str; 12] = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ];
    MONTHS[usize::from(u8::from(m)) - 1]
}

/// A date as people read it in Indonesian: `1 Desember 2026`.
pub fn format_date_long(d: Date) -> String {
    format!("{} {} {}", d.day(), month_name(d.month()), d.year())
}

const DATE: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// Where "now" comes from. The rules here take dates as arguments; the server and the
/// desktop ask a clock they are given for today's, so that a rule that depends on the date
/// (service deadlines, revision deadlines, expiry) can be tested on a chosen day.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant.
    fn now(&self) -> OffsetDateTime;

    /// Today in Samarinda.
    fn today_wita(&self) -> Date {
        date_wita(self.now())
    }
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock stopped at one instant: tests and replays at a chosen date.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub OffsetDateTime);

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        self.0
    }
}

/// The date in Samarinda at the instant `t`.
pub fn date_wita(t: OffsetDateTime) -> Date {
    t.to_offset(WITA).date()
}

/// The hours the office answers (chat, telephone): 08.00 to 16.00 WITA on working days.
pub const OFFICE_HOURS: &str = "Senin–Jumat 08.00–16.00 WITA";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_the_indonesian_way() {
        let d = |s| format_date_long(parse_date(s).unwrap());
        assert_eq!(d("2026-12-01"), "1 Desember 2026");
        assert_eq!(d("2027-01-31"), "31 Januari 2027");
        assert_eq!(d("2027-08-17"), "17 Agustus 2027");
    }
}
