use rstest::rstest;

use super::*;
use crate::calendar::format_date;

fn d(s: &str) -> Date {
    parse_date(s).unwrap()
}

#[test]
fn the_seed_holds_the_skb_2026_seventeen_holidays_and_eight_days_of_joint_leave() {
    let days = parse_csv(SEED_CSV, None).unwrap();
    let of = |kind| {
        days.iter()
            .filter(|h| h.date.starts_with("2026") && h.kind == kind)
            .count()
    };
    assert_eq!((of(HolidayKind::Libur), of(HolidayKind::Cuti)), (17, 8));
    let merdeka = days.iter().find(|h| h.date == "2026-08-17").unwrap();
    assert_eq!(merdeka.name, "Proklamasi Kemerdekaan RI");
    assert_eq!(
        parse_csv(SEED_CSV, Some(2026)).unwrap_err().len(),
        5,
        "2027's fixed days"
    );
}

#[test]
fn the_office_answers_from_eight_to_four_on_working_days_in_samarinda() {
    use time::macros::datetime;
    let c = Calendar::seed();
    // Tuesday 1 December 2026: 08.00 WITA is 00.00 UTC.
    assert!(c.office_open(datetime!(2026-12-01 00:00 UTC)));
    assert!(c.office_open(datetime!(2026-12-01 07:59 UTC)));
    assert!(
        !c.office_open(datetime!(2026-12-01 08:00 UTC)),
        "16.00 WITA"
    );
    assert!(
        !c.office_open(datetime!(2026-11-30 23:59 UTC)),
        "07.59 WITA"
    );
    // Saturday, and Christmas (a holiday), at 10.00 WITA.
    assert!(!c.office_open(datetime!(2026-12-05 02:00 UTC)));
    assert!(!c.office_open(datetime!(2026-12-25 02:00 UTC)));
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
    assert_eq!(Calendar::seed().is_working_day(d(date)), working, "{date}");
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
fn deadlines_skip_weekends_and_holidays(#[case] start: &str, #[case] n: u32, #[case] due: &str) {
    let c = Calendar::seed();
    assert_eq!(format_date(c.add_working_days(d(start), n)), due);
    assert_eq!(c.working_days_between(d(start), d(due)), n);
}

#[test]
fn days_between_is_zero_backwards() {
    assert_eq!(
        Calendar::seed().working_days_between(d("2026-11-27"), d("2026-11-20")),
        0
    );
}

#[test]
fn a_day_the_admin_adds_is_closed_and_deadlines_move() {
    // Monday 30 November 2026 declared closed (a regional holiday, say).
    let mut days = parse_csv(SEED_CSV, None).unwrap();
    days.push(Holiday {
        date: "2026-11-30".into(),
        kind: HolidayKind::Libur,
        name: "Libur daerah".into(),
    });
    let c = Calendar::of(&days);
    assert!(!c.is_working_day(d("2026-11-30")));
    assert_eq!(
        format_date(c.add_working_days(d("2026-11-27"), 1)),
        "2026-12-01"
    );
    assert_eq!(
        format_date(Calendar::seed().add_working_days(d("2026-11-27"), 1)),
        "2026-11-30"
    );
}

#[test]
fn a_years_table_is_read_with_every_bad_line_named() {
    let skb = "# SKB 2027\n2027-01-01,libur,Tahun Baru 2027 Masehi\n\n2027-02-08,cuti,Cuti Bersama Imlek\n";
    let days = parse_csv(skb, Some(2027)).unwrap();
    assert_eq!(days.len(), 2);
    assert_eq!(days[1].kind, HolidayKind::Cuti);
    let bad = "2027-02-30,libur,Tanggal salah\n2027-03-01,bebas,Jenis salah\n2026-12-31,libur,Tahun lain\n2027-01-01,libur,Satu\n2027-01-01,libur,Dua\n2027-04-01,libur,x\n";
    let errors = parse_csv(bad, Some(2027)).unwrap_err();
    let said: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(said.len(), 5, "{said:?}");
    assert!(
        said[0].starts_with("Baris 1: tanggal tidak valid"),
        "{}",
        said[0]
    );
    assert!(said[1].starts_with("Baris 2: jenis harus libur atau cuti"));
    assert!(said[2].starts_with("Baris 3: tanggal di luar tahun 2027"));
    assert!(said[3].starts_with("Baris 5: tanggal ini sudah ada"));
    assert!(said[4].starts_with("Baris 6: Keterangan hari libur wajib diisi"));
}
