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

mod questions;

pub use questions::{IKM_QUESTIONS, IPK_QUESTIONS, Question};

/// The nine elements of the index.
pub const ELEMENTS: [&str; 9] = ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"];

/// Mutu pelayanan: the service-quality band of a converted index value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub enum Mutu {
    /// 88,31–100: Sangat Baik (very good).
    A,
    /// 76,61–88,30: Baik (good).
    B,
    /// 65,00–76,60: Kurang Baik (not good enough).
    C,
    /// 25,00–64,99: Tidak Baik (poor).
    D,
}

impl Mutu {
    /// The performance wording (kinerja unit pelayanan) published with the band.
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
    /// How many surveys were counted.
    pub respondents: u32,
    /// NRR of U1..U9, in order (0 for an element nobody answered).
    pub nrr: Vec<f64>,
    /// Σ NRR × 1/9 (1–4).
    pub ikm: f64,
    /// × 25 (25–100).
    pub converted: f64,
    /// The quality band of `converted`.
    pub mutu: Mutu,
    /// The band's wording ([`Mutu::kinerja`]).
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
    /// The question's code (U1–U9, K1, T1, I1 or P01–P10).
    pub code: String,
    /// The answer chosen, 1 (worst) to 4 (best).
    pub score: u8,
}

/// The respondent block, prefilled from the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Respondent {
    /// The applicant's name.
    pub nama: String,
    /// Laki-laki / Perempuan.
    pub jenis_kelamin: String,
    /// Birth date, `YYYY-MM-DD`.
    pub tanggal_lahir: String,
    /// Age in whole years today (WITA, the province's time zone).
    pub umur: i32,
    /// Last completed education level, as its code (`SMA`, `S1`, …).
    pub pendidikan: String,
}

/// What the survey form shows for a finished application found by its resi.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SurveyForm {
    /// The application the survey is about.
    pub application_id: String,
    /// Its resi (receipt number), as printed.
    pub resi: String,
    /// The name of its permit type.
    pub jenis_izin: String,
    /// Who answers, as stored with the survey.
    pub respondent: Respondent,
    /// Already answered: the form is not shown again.
    pub done: bool,
}

/// The answers to the survey of one finished application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SurveyRequest {
    /// One answer per question of both questionnaires.
    pub answers: Vec<Answer>,
    /// Masukan dan Saran (suggestions), free text; may be empty.
    #[serde(default)]
    pub masukan: String,
    /// Komentar (comments), free text; may be empty.
    #[serde(default)]
    pub komentar: String,
    /// The box ticked to declare the data entered true; required.
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
    /// First day reported, `YYYY-MM-DD`.
    pub from: String,
    /// Last day reported, `YYYY-MM-DD`.
    pub to: String,
    /// The index over every permit type; `None` when nobody answered in the period.
    pub overall: Option<IkmResult>,
    /// The index of each permit type that has surveys in the period.
    pub per_permit_type: Vec<PermitIkm>,
    /// The corruption-perception average (P01–P10), × 25.
    pub persepsi_korupsi: Option<f64>,
}

/// The index of one permit type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct PermitIkm {
    /// The permit type's id in the catalogue.
    pub permit_type_id: String,
    /// The permit type's name.
    pub jenis_izin: String,
    /// Its index.
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

/// The period (and permit type) of an IKM report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
pub struct ReportQuery {
    /// First day (YYYY-MM-DD); default: the first of this month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD); default: today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Only this permit type's surveys; default: every type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permit_type_id: Option<String>,
}

#[cfg(test)]
mod tests;
