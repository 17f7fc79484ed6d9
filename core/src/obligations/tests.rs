use time::macros::date;

use super::*;

/// The schedule as (from, to, due on the calendar), horizon the end of 2027.
fn dues(period: &Period, issued: Date, valid_until: Option<Date>, cal: &Calendar) -> Vec<Span> {
    schedule(period, issued, valid_until, date!(2027 - 12 - 31), cal)
        .unwrap()
        .into_iter()
        .map(|d| Span {
            from: d.from,
            to: d.to,
            due: d.due,
        })
        .collect()
}

#[derive(Debug, PartialEq, Eq)]
struct Span {
    from: Date,
    to: Date,
    due: Date,
}

#[test]
fn monthly_reports_cover_each_month_from_the_day_issued_and_are_due_in_the_next() {
    let cal = Calendar::default();
    let d = dues(
        &Period::Monthly { due_day: 15 },
        date!(2026 - 11 - 20),
        Some(date!(2027 - 02 - 10)),
        &cal,
    );
    assert_eq!(
        d,
        [
            Span {
                from: date!(2026 - 11 - 20),
                to: date!(2026 - 11 - 30),
                due: date!(2026 - 12 - 15),
            },
            // Across the year's end.
            Span {
                from: date!(2026 - 12 - 01),
                to: date!(2026 - 12 - 31),
                due: date!(2027 - 01 - 15),
            },
            // 15 February 2027 is a Monday; 15 March a Monday too.
            Span {
                from: date!(2027 - 01 - 01),
                to: date!(2027 - 01 - 31),
                due: date!(2027 - 02 - 15),
            },
            Span {
                from: date!(2027 - 02 - 01),
                to: date!(2027 - 02 - 10),
                due: date!(2027 - 03 - 15),
            },
        ]
    );
}

#[test]
fn a_due_day_on_a_weekend_or_holiday_moves_to_the_next_working_day() {
    // 15 May 2027 is a Saturday; the Monday after is closed too.
    let cal = Calendar::new([date!(2027 - 05 - 17)]);
    let d = dues(
        &Period::Monthly { due_day: 15 },
        date!(2027 - 04 - 01),
        Some(date!(2027 - 04 - 30)),
        &cal,
    );
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].due, date!(2027 - 05 - 18));
}

#[test]
fn end_of_month_reports_cover_the_time_since_the_last() {
    let cal = Calendar::default();
    let months = vec![1, 4, 7, 10, 12];
    let d = dues(
        &Period::EndOfMonths { months },
        date!(2026 - 11 - 20),
        Some(date!(2027 - 08 - 05)),
        &cal,
    );
    let spans: Vec<(Date, Date, Date)> = d.iter().map(|x| (x.from, x.to, x.due)).collect();
    assert_eq!(
        spans,
        [
            (
                date!(2026 - 11 - 20),
                date!(2026 - 12 - 31),
                date!(2026 - 12 - 31)
            ),
            // 31 January 2027 is a Sunday.
            (
                date!(2027 - 01 - 01),
                date!(2027 - 01 - 31),
                date!(2027 - 02 - 01)
            ),
            // 30 April 2027 is a Friday.
            (
                date!(2027 - 02 - 01),
                date!(2027 - 04 - 30),
                date!(2027 - 04 - 30)
            ),
            // 31 July 2027 is a Saturday.
            (
                date!(2027 - 05 - 01),
                date!(2027 - 07 - 31),
                date!(2027 - 08 - 02)
            ),
            // The last days of the validity, due at the end of their month.
            (
                date!(2027 - 08 - 01),
                date!(2027 - 08 - 05),
                date!(2027 - 08 - 31)
            ),
        ]
    );
}

#[test]
fn after_expiry_is_one_report_working_days_after_the_last_valid_day() {
    // Expires on Wednesday 29 December 2027; 30 and 31 December closed; 15 working days
    // counted from 3 January 2028.
    let cal = Calendar::new([date!(2027 - 12 - 30), date!(2027 - 12 - 31)]);
    let d = dues(
        &Period::AfterExpiry { working_days: 15 },
        date!(2027 - 01 - 04),
        Some(date!(2027 - 12 - 29)),
        &cal,
    );
    assert_eq!(
        d,
        [Span {
            from: date!(2027 - 01 - 04),
            to: date!(2027 - 12 - 29),
            due: date!(2028 - 01 - 21),
        }]
    );
    // A permit that never expires owes no such report.
    assert!(
        dues(
            &Period::AfterExpiry { working_days: 15 },
            date!(2027 - 01 - 04),
            None,
            &cal
        )
        .is_empty()
    );
}

#[test]
fn a_permit_without_expiry_is_scheduled_up_to_the_horizon() {
    let d = dues(
        &Period::Monthly { due_day: 10 },
        date!(2027 - 10 - 15),
        None,
        &Calendar::default(),
    );
    assert_eq!(d.len(), 3, "October to December 2027");
    assert_eq!(d[2].to, date!(2027 - 12 - 31));
}

#[test]
fn periods_out_of_range_are_refused() {
    for p in [
        Period::Monthly { due_day: 0 },
        Period::Monthly { due_day: 31 },
        Period::EndOfMonths { months: vec![] },
        Period::EndOfMonths { months: vec![13] },
    ] {
        assert!(p.check().is_err(), "{p:?}");
    }
    assert_eq!(month_label(7), "Juli");
}

#[test]
fn periods_travel_as_tagged_json() {
    let p: Period = serde_json::from_str(r#"{"kind":"monthly","due_day":15}"#).unwrap();
    assert_eq!(p, Period::Monthly { due_day: 15 });
    assert_eq!(
        serde_json::to_string(&Period::AfterExpiry { working_days: 15 }).unwrap(),
        r#"{"kind":"after_expiry","working_days":15}"#
    );
}

#[test]
fn a_permit_without_expiry_owes_no_partial_report_at_the_horizon() {
    let d = dues(
        &Period::EndOfMonths {
            months: vec![1, 4, 7, 10],
        },
        date!(2027 - 02 - 10),
        None,
        &Calendar::default(),
    );
    // April, July, October; November and December wait for the horizon to move on.
    assert_eq!(d.len(), 3);
    assert_eq!(d[2].to, date!(2027 - 10 - 31));
}

#[test]
fn a_due_day_is_worked_out_again_from_its_rule_when_days_close() {
    let owed = schedule(
        &Period::Monthly { due_day: 15 },
        date!(2028 - 01 - 03),
        Some(date!(2028 - 01 - 31)),
        date!(2028 - 12 - 31),
        &Calendar::default(),
    )
    .unwrap();
    // Tuesday 15 February 2028, open when scheduled; closed by next year's table.
    assert_eq!(owed[0].due, date!(2028 - 02 - 15));
    let later = Calendar::new([date!(2028 - 02 - 15)]);
    assert_eq!(
        due_on(&later, owed[0].nominal, owed[0].working_days),
        date!(2028 - 02 - 16)
    );
    // After expiry counts working days from the last valid day.
    let after = schedule(
        &Period::AfterExpiry { working_days: 2 },
        date!(2028 - 01 - 03),
        Some(date!(2028 - 01 - 31)),
        date!(2028 - 12 - 31),
        &Calendar::default(),
    )
    .unwrap();
    assert_eq!(
        (after[0].nominal, after[0].working_days),
        (date!(2028 - 01 - 31), 2)
    );
    assert_eq!(
        due_on(&later, after[0].nominal, after[0].working_days),
        date!(2028 - 02 - 02)
    );
}
