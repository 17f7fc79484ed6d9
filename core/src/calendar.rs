//! Working days of the office (Samarinda, WITA): Monday to Friday, less national holidays
//! and joint leave, from the reviewed table `core/data/hari-libur.csv` (SKB 3 Menteri; its
//! header names the source). Service levels (SLA) and revision deadlines count these days.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use time::{Date, Duration, OffsetDateTime, UtcOffset, Weekday};

/// Samarinda is on WITA, UTC+8.
pub const WITA: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(o) => o,
    Err(_) => panic!("UTC+8 is a valid offset"),
};

const TABLE: &str = include_str!("../data/hari-libur.csv");

/// The closed days of the table: date → description.
pub fn holidays() -> &'static BTreeMap<Date, &'static str> {
    static H: OnceLock<BTreeMap<Date, &'static str>> = OnceLock::new();
    H.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| {
                let mut parts = l.splitn(3, ',');
                let date = parts.next().expect("a date");
                let _kind = parts.next().expect("a kind");
                let name = parts.next().expect("a name");
                (
                    parse_date(date).expect("a valid date in hari-libur.csv"),
                    name,
                )
            })
            .collect()
    })
}

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

/// Whether the office is open on `d`: Monday to Friday and not in the holiday table.
pub fn is_working_day(d: Date) -> bool {
    !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && !holidays().contains_key(&d)
}

/// The hours the office answers (chat, telephone): 08.00 to 16.00 WITA on working days.
pub const OFFICE_HOURS: &str = "Senin–Jumat 08.00–16.00 WITA";

/// Whether the office answers at the instant `t`: a working day in Samarinda, from 08.00 up
/// to (not including) 16.00 WITA.
pub fn office_open(t: OffsetDateTime) -> bool {
    let w = t.to_offset(WITA);
    is_working_day(w.date()) && (8..16).contains(&w.hour())
}

/// The `n`th working day after `start` (`start` itself does not count): a file received
/// on a Friday with 5 working days is due the next Friday, holidays skipped.
pub fn add_working_days(start: Date, n: u32) -> Date {
    let mut d = start;
    let mut left = n;
    while left > 0 {
        d += Duration::days(1);
        if is_working_day(d) {
            left -= 1;
        }
    }
    d
}

/// Working days after `from` up to and including `to` (0 when `to` is not later).
pub fn working_days_between(from: Date, to: Date) -> u32 {
    let mut n = 0;
    let mut d = from;
    while d < to {
        d += Duration::days(1);
        if is_working_day(d) {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_office_answers_from_eight_to_four_on_working_days_in_samarinda() {
        use time::macros::datetime;
        // Tuesday 1 December 2026: 08.00 WITA is 00.00 UTC.
        assert!(super::office_open(datetime!(2026-12-01 00:00 UTC)));
        assert!(super::office_open(datetime!(2026-12-01 07:59 UTC)));
        assert!(
            !super::office_open(datetime!(2026-12-01 08:00 UTC)),
            "16.00 WITA: closed"
        );
        assert!(
            !super::office_open(datetime!(2026-11-30 23:59 UTC)),
            "07.59 WITA"
        );
        // Saturday, and Christmas (a holiday), at 10.00 WITA.
        assert!(!super::office_open(datetime!(2026-12-05 02:00 UTC)));
        assert!(!super::office_open(datetime!(2026-12-25 02:00 UTC)));
    }

    use super::*;

    #[test]
    fn dates_read_the_indonesian_way() {
        let d = |s| format_date_long(parse_date(s).unwrap());
        assert_eq!(d("2026-12-01"), "1 Desember 2026");
        assert_eq!(d("2027-01-31"), "31 Januari 2027");
        assert_eq!(d("2027-08-17"), "17 Agustus 2027");
    }
    use rstest::rstest;

    fn d(s: &str) -> Date {
        parse_date(s).unwrap()
    }

    #[test]
    fn the_table_holds_the_skb_2026_seventeen_holidays_and_eight_days_of_joint_leave() {
        let libur = TABLE
            .lines()
            .filter(|l| l.starts_with("2026") && l.contains(",libur,"));
        let cuti = TABLE
            .lines()
            .filter(|l| l.starts_with("2026") && l.contains(",cuti,"));
        assert_eq!(libur.count(), 17);
        assert_eq!(cuti.count(), 8);
        assert_eq!(holidays()[&d("2026-08-17")], "Proklamasi Kemerdekaan RI");
    }

    #[rstest]
    #[case("2026-11-20", true)] // Friday
    #[case("2026-11-21", false)] // Saturday
    #[case("2026-11-22", false)] // Sunday
    #[case("2026-12-24", false)] // cuti bersama Natal (Thursday)
    #[case("2026-12-25", false)] // Natal (Friday)
    #[case("2026-03-20", false)] // cuti bersama Idul Fitri (Friday)
    #[case("2026-03-25", true)] // first day back after Lebaran
    fn working_days(#[case] date: &str, #[case] working: bool) {
        assert_eq!(is_working_day(d(date)), working, "{date}");
    }

    #[rstest]
    // Friday + 5 → next Friday.
    #[case("2026-11-20", 5, "2026-11-27")]
    // Over Christmas: Mon 21, Tue 22, Wed 23, (Thu 24 cuti, Fri 25 Natal), Mon 28, Tue 29.
    #[case("2026-12-18", 5, "2026-12-29")]
    // Lebaran 2026: received Tue 17 March; 18–24 are closed.
    #[case("2026-03-17", 1, "2026-03-25")]
    #[case("2026-03-17", 3, "2026-03-27")]
    // Received on a Saturday: Monday is the first working day.
    #[case("2026-11-21", 1, "2026-11-23")]
    #[case("2026-11-20", 0, "2026-11-20")]
    fn deadlines_skip_weekends_and_holidays(
        #[case] start: &str,
        #[case] n: u32,
        #[case] due: &str,
    ) {
        assert_eq!(format_date(add_working_days(d(start), n)), due);
        assert_eq!(working_days_between(d(start), d(due)), n);
    }

    #[test]
    fn days_between_is_zero_backwards() {
        assert_eq!(working_days_between(d("2026-11-27"), d("2026-11-20")), 0);
    }
}
