//! Tests of the index computation, its bands, the survey check and the CSV report.

use super::*;
use rstest::rstest;

fn survey(scores: [u8; 9]) -> Vec<(&'static str, u8)> {
    ELEMENTS.iter().copied().zip(scores).collect()
}

#[test]
fn a_hand_computed_table_of_four_respondents() {
    // U1..U9 per respondent.
    let table = [
        [4, 3, 3, 4, 3, 4, 4, 2, 3],
        [3, 3, 2, 4, 3, 3, 4, 3, 3],
        [4, 4, 3, 4, 4, 4, 4, 3, 4],
        [3, 2, 3, 4, 3, 3, 3, 2, 3],
    ];
    // Sums: 14 12 11 16 13 14 15 10 13 → NRR 3.5 3.0 2.75 4.0 3.25 3.5 3.75 2.5 3.25
    // Σ NRR = 29.5; IKM = 29.5 / 9 = 3.27778; × 25 = 81.944 → B (Baik).
    let r = compute(table.map(survey)).unwrap();
    assert_eq!(r.respondents, 4);
    assert_eq!(r.nrr, vec![3.5, 3.0, 2.75, 4.0, 3.25, 3.5, 3.75, 2.5, 3.25]);
    assert!((r.ikm - 29.5 / 9.0).abs() < 1e-12);
    assert!((r.converted - 81.944_444).abs() < 1e-5);
    assert_eq!((r.mutu, r.kinerja.as_str()), (Mutu::B, "Baik"));
}

#[test]
fn all_fours_is_one_hundred_and_all_ones_twenty_five() {
    let r = compute([survey([4; 9])]).unwrap();
    assert_eq!((r.converted, r.mutu), (100.0, Mutu::A));
    let r = compute([survey([1; 9])]).unwrap();
    assert_eq!((r.converted, r.mutu), (25.0, Mutu::D));
    assert_eq!(r.kinerja, "Tidak Baik");
}

#[test]
fn other_questions_do_not_count_and_no_survey_gives_no_index() {
    let mut s = survey([3; 9]);
    s.extend([("K1", 1), ("T1", 1), ("I1", 1), ("P01", 1)]);
    assert_eq!(compute([s]).unwrap().converted, 75.0);
    assert!(compute(Vec::<Vec<(&str, u8)>>::new()).is_none());
}

#[rstest]
#[case(100.0, Mutu::A)]
#[case(88.31, Mutu::A)]
#[case(88.305, Mutu::A)] // published as 88,31
#[case(88.30, Mutu::B)]
#[case(76.61, Mutu::B)]
#[case(76.60, Mutu::C)]
#[case(65.00, Mutu::C)]
#[case(64.99, Mutu::D)]
#[case(25.0, Mutu::D)]
fn bands_by_their_lower_bounds(#[case] v: f64, #[case] m: Mutu) {
    assert_eq!(Mutu::of(v), m, "{v}");
}

#[test]
fn a_table_on_the_edge_of_c_and_b() {
    // Eight of the nine elements at NRR 3, one at NRR 3.5 (two respondents 3 and 4):
    // Σ NRR = 27.5, IKM = 3.0556, × 25 = 76.39 → C (Kurang Baik), just under 76.61.
    let r = compute([
        survey([3, 3, 3, 3, 3, 3, 3, 3, 3]),
        survey([4, 3, 3, 3, 3, 3, 3, 3, 3]),
    ])
    .unwrap();
    assert!((r.converted - 76.388_888).abs() < 1e-5);
    assert_eq!(r.mutu, Mutu::C);
    // One more element at 3.5: Σ 28 → 77.78 → B.
    let r = compute([survey([3; 9]), survey([4, 4, 3, 3, 3, 3, 3, 3, 3])]).unwrap();
    assert!((r.converted - 77.777_777).abs() < 1e-5);
    assert_eq!(r.mutu, Mutu::B);
}

fn full(score: u8) -> SurveyRequest {
    SurveyRequest {
        answers: IKM_QUESTIONS
            .iter()
            .chain(IPK_QUESTIONS.iter())
            .map(|q| Answer {
                code: q.code.into(),
                score,
            })
            .collect(),
        masukan: String::new(),
        komentar: String::new(),
        pernyataan: true,
    }
}

#[test]
fn a_survey_answers_everything_once_with_the_declaration() {
    assert_eq!(full(3).check(), Ok(()));
    let mut r = full(3);
    r.answers.retain(|a| a.code != "U4");
    assert_eq!(r.check().unwrap_err().field, "U4");
    let mut r = full(3);
    r.answers.push(Answer {
        code: "U4".into(),
        score: 2,
    });
    assert_eq!(r.check().unwrap_err().field, "U4");
    assert_eq!(full(5).check().unwrap_err().code, "invalid");
    let mut r = full(3);
    r.answers.push(Answer {
        code: "X9".into(),
        score: 2,
    });
    assert_eq!(r.check().unwrap_err().field, "X9");
    let mut r = full(3);
    r.pernyataan = false;
    assert_eq!(r.check().unwrap_err().field, "pernyataan");
}

#[test]
fn the_csv_uses_decimal_commas() {
    let x = compute([survey([4, 3, 3, 4, 3, 4, 4, 2, 3])]).unwrap();
    let r = IkmReport {
        from: "2026-11-01".into(),
        to: "2026-11-30".into(),
        overall: Some(x.clone()),
        per_permit_type: vec![PermitIkm {
            permit_type_id: "sipa".into(),
            jenis_izin: "SIPA; air tanah".into(),
            result: x,
        }],
        persepsi_korupsi: None,
    };
    let csv = report_csv(&r);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[1],
        "SIPA, air tanah;1;4,000;3,000;3,000;4,000;3,000;4,000;4,000;2,000;3,000;3,3333;83,33;B;Baik"
    );
}

#[test]
fn every_index_element_is_asked_once_and_codes_are_unique() {
    let mut codes: Vec<&str> = IKM_QUESTIONS
        .iter()
        .chain(IPK_QUESTIONS.iter())
        .map(|q| q.code)
        .collect();
    let n = codes.len();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), n);
    for e in ELEMENTS {
        assert_eq!(
            IKM_QUESTIONS
                .iter()
                .filter(|q| q.code == e && q.in_index)
                .count(),
            1,
            "{e}"
        );
    }
}
