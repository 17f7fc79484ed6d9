//! Survey IKM (Indeks Kepuasan Masyarakat) as the guide's questionnaire asks it, and the
//! index as PermenPAN-RB No. 14 Tahun 2017 computes it: the nine elements U1–U9, each
//! answered 1–4; NRR per element = sum of its scores / number of answers; IKM = Σ NRR × 1/9;
//! converted = IKM × 25; the service quality by the converted value's lower bounds
//! (A ≥ 88,31 Sangat Baik; B ≥ 76,61 Baik; C ≥ 65,00 Kurang Baik; D Tidak Baik).
//!
//! Codes are stable (stored with every answer): U1–U9 for the index elements; K1
//! (kinerja umum), T1 (transparansi) and I1 (integritas) for the guide's other questions;
//! P01–P10 for the corruption-perception questionnaire.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One question: its code, its text, and its four answers (scores 1 to 4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Question {
    pub code: &'static str,
    pub text: &'static str,
    pub answers: [&'static str; 4],
    /// Counted in the index (U1–U9).
    pub in_index: bool,
}

const fn q(
    code: &'static str,
    text: &'static str,
    answers: [&'static str; 4],
    in_index: bool,
) -> Question {
    Question {
        code,
        text,
        answers,
        in_index,
    }
}

const SETUJU: [&str; 4] = ["Tidak setuju", "Kurang setuju", "Setuju", "Sangat setuju"];

/// The satisfaction questionnaire, in the guide's order.
pub const IKM_QUESTIONS: [Question; 12] = [
    q(
        "K1",
        "Bagaimana pendapat Anda tentang kinerja pelayanan perizinan kami?",
        ["Tidak baik", "Kurang baik", "Baik", "Sangat baik"],
        false,
    ),
    q(
        "U1",
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
        true,
    ),
    q(
        "U2",
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"],
        true,
    ),
    q(
        "U3",
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"],
        true,
    ),
    q(
        "U4",
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        [
            "Sangat mahal",
            "Cukup mahal",
            "Murah",
            "Gratis / sangat murah",
        ],
        true,
    ),
    q(
        "U5",
        "Apakah produk layanan yang diterima sesuai dengan yang diinformasikan?",
        ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
        true,
    ),
    q(
        "U6",
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        [
            "Tidak kompeten",
            "Kurang kompeten",
            "Kompeten",
            "Sangat kompeten",
        ],
        true,
    ),
    q(
        "U7",
        "Bagaimana pendapat Saudara tentang kesopanan dan keramahan petugas dalam pelayanan?",
        [
            "Tidak sopan dan santun",
            "Kurang sopan dan santun",
            "Sopan dan santun",
            "Sangat sopan dan santun",
        ],
        true,
    ),
    q(
        "U9",
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        ["Buruk", "Cukup", "Baik", "Sangat baik"],
        true,
    ),
    q(
        "U8",
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        [
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ],
        true,
    ),
    q(
        "T1",
        "Bagaimana pendapat Saudara tentang transparansi pelayanan (informasi persyaratan, biaya, waktu penyelesaian)?",
        [
            "Tidak transparan",
            "Kurang transparan",
            "Transparan",
            "Sangat transparan",
        ],
        false,
    ),
    q(
        "I1",
        "Bagaimana pendapat Anda tentang integritas petugas pelayanan (suap, pungutan liar, gratifikasi)?",
        [
            "Tidak berintegritas",
            "Kurang berintegritas",
            "Berintegritas",
            "Sangat berintegritas",
        ],
        false,
    ),
];

/// The corruption-perception questionnaire (Survei Persepsi Korupsi).
pub const IPK_QUESTIONS: [Question; 10] = [
    q(
        "P01",
        "Prosedur pelayanan yang ditetapkan sudah memadai dan tidak berpotensi menimbulkan korupsi, kolusi, dan nepotisme (KKN).",
        SETUJU,
        false,
    ),
    q(
        "P02",
        "Petugas pelayanan tidak meminta imbalan barang/jasa atas pelayanan yang diberikan.",
        SETUJU,
        false,
    ),
    q(
        "P03",
        "Petugas pelayanan tidak menerima pemberian barang/jasa atas pelayanan yang diberikan.",
        SETUJU,
        false,
    ),
    q(
        "P04",
        "Tidak terdapat praktik percaloan/perantara tidak resmi pada pelayanan.",
        SETUJU,
        false,
    ),
    q(
        "P05",
        "Petugas pelayanan berlaku adil dan tidak diskriminatif.",
        SETUJU,
        false,
    ),
    q("P06", "Tidak terdapat pungutan liar.", SETUJU, false),
    q(
        "P07",
        "Petugas pelayanan tidak meminta imbalan uang terkait pelayanan yang diberikan.",
        SETUJU,
        false,
    ),
    q(
        "P08",
        "Petugas pelayanan tidak memihak pemohon yang memberi uang/barang.",
        SETUJU,
        false,
    ),
    q(
        "P09",
        "Tidak ada diskriminasi dalam penanganan pengaduan pelayanan.",
        SETUJU,
        false,
    ),
    q(
        "P10",
        "Produk/jasa pelayanan yang diterima sesuai dengan daftar produk/jasa layanan yang tersedia.",
        SETUJU,
        false,
    ),
];

/// The nine elements of the index.
pub const ELEMENTS: [&str; 9] = ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub enum Mutu {
    A,
    B,
    C,
    D,
}

impl Mutu {
    pub fn kinerja(self) -> &'static str {
        match self {
            Mutu::A => "Sangat Baik",
            Mutu::B => "Baik",
            Mutu::C => "Kurang Baik",
            Mutu::D => "Tidak Baik",
        }
    }

    /// The band of a converted value (25–100), by the lower bounds of PermenPAN-RB
    /// 14/2017, on the value rounded to two decimals as it is published.
    pub fn of(converted: f64) -> Mutu {
        let v = (converted * 100.0).round() / 100.0;
        if v >= 88.31 {
            Mutu::A
        } else if v >= 76.61 {
            Mutu::B
        } else if v >= 65.00 {
            Mutu::C
        } else {
            Mutu::D
        }
    }
}

/// The index over a set of surveys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct IkmResult {
    pub respondents: u32,
    /// NRR of U1..U9, in order (0 for an element nobody answered).
    pub nrr: Vec<f64>,
    /// Σ NRR × 1/9 (1–4).
    pub ikm: f64,
    /// × 25 (25–100).
    pub converted: f64,
    pub mutu: Mutu,
    pub kinerja: String,
}

/// Computes the index from surveys, each a list of (element code, score 1–4); codes
/// outside U1–U9 are ignored here.
pub fn compute<'a, S, I>(surveys: S) -> Option<IkmResult>
where
    S: IntoIterator<Item = I>,
    I: IntoIterator<Item = (&'a str, u8)>,
{
    let mut sums = [0u64; 9];
    let mut counts = [0u64; 9];
    let mut respondents = 0u32;
    for s in surveys {
        respondents += 1;
        for (code, score) in s {
            if let Some(i) = ELEMENTS.iter().position(|e| *e == code) {
                sums[i] += u64::from(score.clamp(1, 4));
                counts[i] += 1;
            }
        }
    }
    if respondents == 0 {
        return None;
    }
    let nrr: Vec<f64> = sums
        .iter()
        .zip(counts)
        .map(|(s, c)| if c == 0 { 0.0 } else { *s as f64 / c as f64 })
        .collect();
    // Σ NRR × 1/9, with one division (fewer rounding steps than nine).
    let ikm: f64 = nrr.iter().sum::<f64>() / 9.0;
    let converted = ikm * 25.0;
    let mutu = Mutu::of(converted);
    Some(IkmResult {
        respondents,
        nrr,
        ikm,
        converted,
        mutu,
        kinerja: mutu.kinerja().to_owned(),
    })
}

/// One answer of a survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Answer {
    pub code: String,
    pub score: u8,
}

/// The respondent block, prefilled from the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Respondent {
    pub nama: String,
    /// Laki-laki / Perempuan.
    pub jenis_kelamin: String,
    pub tanggal_lahir: String,
    pub umur: i32,
    pub pendidikan: String,
}

/// What the survey form shows for a finished application found by its resi.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SurveyForm {
    pub application_id: String,
    pub resi: String,
    pub jenis_izin: String,
    pub respondent: Respondent,
    /// Already answered: the form is not shown again.
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SurveyRequest {
    pub answers: Vec<Answer>,
    #[serde(default)]
    pub masukan: String,
    #[serde(default)]
    pub komentar: String,
    pub pernyataan: bool,
}

impl SurveyRequest {
    /// Every question of both questionnaires answered once, 1–4, and the declaration.
    pub fn check(&self) -> Result<(), crate::api::FieldError> {
        use crate::api::FieldError;
        let all: Vec<&Question> = IKM_QUESTIONS.iter().chain(IPK_QUESTIONS.iter()).collect();
        for q in &all {
            let n = self.answers.iter().filter(|a| a.code == q.code).count();
            if n != 1 {
                return Err(FieldError::custom(
                    q.code,
                    "required",
                    &format!("Jawab pertanyaan: {}", q.text),
                ));
            }
        }
        if let Some(a) = self
            .answers
            .iter()
            .find(|a| !all.iter().any(|q| q.code == a.code) || !(1..=4).contains(&a.score))
        {
            return Err(FieldError::custom(
                &a.code,
                "invalid",
                "Jawaban survey tidak valid",
            ));
        }
        if !self.pernyataan {
            return Err(FieldError::custom(
                "pernyataan",
                "required",
                "Centang pernyataan bahwa data yang Anda masukkan benar",
            ));
        }
        Ok(())
    }
}

/// The admin's report for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct IkmReport {
    pub from: String,
    pub to: String,
    pub overall: Option<IkmResult>,
    pub per_permit_type: Vec<PermitIkm>,
    /// The corruption-perception average (P01–P10), × 25.
    pub persepsi_korupsi: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct PermitIkm {
    pub permit_type_id: String,
    pub jenis_izin: String,
    pub result: IkmResult,
}

/// The report as CSV (`;`-separated, decimal commas, as Indonesian spreadsheets expect).
pub fn report_csv(r: &IkmReport) -> String {
    let num = |v: f64, d: usize| format!("{v:.d$}").replace('.', ",");
    let mut out = String::from(
        "Jenis Izin;Responden;U1;U2;U3;U4;U5;U6;U7;U8;U9;IKM;Nilai Konversi;Mutu;Kinerja\n",
    );
    let mut row = |name: &str, x: &IkmResult| {
        let nrr: Vec<String> = x.nrr.iter().map(|v| num(*v, 3)).collect();
        out.push_str(&format!(
            "{};{};{};{};{};{:?};{}\n",
            name.replace(';', ","),
            x.respondents,
            nrr.join(";"),
            num(x.ikm, 4),
            num(x.converted, 2),
            x.mutu,
            x.kinerja
        ));
    };
    for p in &r.per_permit_type {
        row(&p.jenis_izin, &p.result);
    }
    if let Some(o) = &r.overall {
        row("Semua jenis izin", o);
    }
    out
}

#[cfg(test)]
mod tests {
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
}

/// The period (and permit type) of an IKM report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
pub struct ReportQuery {
    /// First day (YYYY-MM-DD); default: the first of this month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD); default: today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permit_type_id: Option<String>,
}
