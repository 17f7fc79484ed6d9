//! Tests of the back office's checks (a verifier's decision, the office's working days),
//! kept apart so `office.rs` holds only the wire types.

use super::*;
use crate::calendar::parse_date;
use crate::lifecycle::Status as S;

fn req(action: Action, note: &str, checklist: Vec<ReviewItem>) -> DecisionRequest {
    DecisionRequest {
        id: "k".into(),
        version: 1,
        action,
        note: note.into(),
        checklist,
    }
}

fn item(sesuai: bool, note: &str) -> ReviewItem {
    ReviewItem {
        requirement_id: 1,
        sesuai,
        note: note.into(),
    }
}

#[test]
fn decisions_carry_what_the_applicant_needs_to_read() {
    let field = |r: DecisionRequest| r.check().map_err(|e| e.field);
    assert_eq!(
        field(req(Action::Setujui, "", vec![item(true, "")])),
        Ok(())
    );
    assert_eq!(
        field(req(Action::Setujui, "", vec![item(false, "x")])),
        Err("checklist".into())
    );
    assert_eq!(field(req(Action::Tolak, "  ", vec![])), Err("note".into()));
    assert_eq!(
        field(req(Action::Tolak, "Di kawasan hutan lindung", vec![])),
        Ok(())
    );
    assert_eq!(
        field(req(Action::MintaPerbaikan, "Perbaiki", vec![])),
        Err("checklist".into())
    );
    assert_eq!(
        field(req(
            Action::MintaPerbaikan,
            "Perbaiki",
            vec![item(false, " ")]
        )),
        Err("checklist".into())
    );
    assert_eq!(
        field(req(
            Action::MintaPerbaikan,
            "Perbaiki",
            vec![item(false, "KTP buram")]
        )),
        Ok(())
    );
    assert_eq!(
        field(req(Action::Tandatangani, "", vec![])),
        Err("action".into())
    );
    assert_eq!(
        field(req(Action::KirimRevisi, "", vec![])),
        Err("action".into())
    );
}

#[test]
fn the_applicants_revision_time_does_not_count() {
    let d = |s: &str| parse_date(s).unwrap();
    // Received Mon 16 Nov, returned Wed 18 (2 days), revised Mon 23 (paused),
    // approved Tue 24 (1), signed Thu 26 (2): 5 office days.
    let log = [
        (S::Diajukan, d("2026-11-16")),
        (S::Verifikasi, d("2026-11-16")),
        (S::PerluPerbaikan, d("2026-11-18")),
        (S::Verifikasi, d("2026-11-23")),
        (S::Disetujui, d("2026-11-24")),
        (S::Selesai, d("2026-11-26")),
    ];
    assert_eq!(
        office_days(crate::holidays::Calendar::seed(), &log, d("2026-11-26")),
        5
    );
    assert_eq!(
        office_days(crate::holidays::Calendar::seed(), &[], d("2026-11-26")),
        0
    );
}

#[test]
fn a_lapsed_revision_is_extended_once_where_the_office_allows_it_else_rejected() {
    use crate::lifecycle::Action as A;
    for rule in [RevisionLapse::Tolak, RevisionLapse::Perpanjang] {
        assert!(
            rule.actions(false, false).is_empty(),
            "not before the deadline"
        );
        assert_eq!(rule.actions(true, true), [A::Tolak]);
    }
    assert_eq!(RevisionLapse::Tolak.actions(true, false), [A::Tolak]);
    assert_eq!(
        RevisionLapse::Perpanjang.actions(true, false),
        [A::PerpanjangBatas, A::Tolak]
    );
    assert_eq!(RevisionLapse::parse("tolak"), Some(RevisionLapse::Tolak));
    assert_eq!(
        RevisionLapse::parse(" perpanjang"),
        Some(RevisionLapse::Perpanjang)
    );
    assert_eq!(RevisionLapse::parse("auto"), None);
}
