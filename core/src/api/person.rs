//! The personal data an account holds (gender, education, address region, dates) and the
//! check of the fields that registration and Edit Profile share.

use crate::calendar::parse_date;
use serde::{Deserialize, Serialize};
use time::Date;
use ts_rs::TS;

use super::{FieldError, FieldErrors};
use crate::messages;
use crate::validate::{self, Gender, Invalid};

/// Jenis Kelamin (gender) as the account records it; sent as `L` or `P`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub enum JenisKelamin {
    /// Laki-laki (male), `L`.
    #[serde(rename = "L")]
    LakiLaki,
    /// Perempuan (female), `P`.
    #[serde(rename = "P")]
    Perempuan,
}

impl JenisKelamin {
    /// The code stored and sent: `L` or `P`.
    pub fn as_str(self) -> &'static str {
        match self {
            JenisKelamin::LakiLaki => "L",
            JenisKelamin::Perempuan => "P",
        }
    }

    /// The gender of code `L` or `P`; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "L" => Some(JenisKelamin::LakiLaki),
            "P" => Some(JenisKelamin::Perempuan),
            _ => None,
        }
    }

    fn matches(self, g: Gender) -> bool {
        matches!(
            (self, g),
            (JenisKelamin::LakiLaki, Gender::Male) | (JenisKelamin::Perempuan, Gender::Female)
        )
    }
}

/// Jenjang Pendidikan (last completed level).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub enum Pendidikan {
    /// No schooling.
    #[serde(rename = "TIDAK_SEKOLAH")]
    TidakSekolah,
    /// SD: primary school.
    #[serde(rename = "SD")]
    Sd,
    /// SMP: junior secondary school.
    #[serde(rename = "SMP")]
    Smp,
    /// SMA: senior secondary school (or its equivalent).
    #[serde(rename = "SMA")]
    Sma,
    /// D1: one-year vocational diploma.
    #[serde(rename = "D1")]
    D1,
    /// D2: two-year vocational diploma.
    #[serde(rename = "D2")]
    D2,
    /// D3: three-year vocational diploma.
    #[serde(rename = "D3")]
    D3,
    /// D4: four-year applied diploma.
    #[serde(rename = "D4")]
    D4,
    /// S1: bachelor's degree.
    #[serde(rename = "S1")]
    S1,
    /// S2: master's degree.
    #[serde(rename = "S2")]
    S2,
    /// S3: doctorate.
    #[serde(rename = "S3")]
    S3,
}

impl Pendidikan {
    /// Every level, lowest first (the order of the form's list).
    pub const ALL: [Pendidikan; 11] = [
        Pendidikan::TidakSekolah,
        Pendidikan::Sd,
        Pendidikan::Smp,
        Pendidikan::Sma,
        Pendidikan::D1,
        Pendidikan::D2,
        Pendidikan::D3,
        Pendidikan::D4,
        Pendidikan::S1,
        Pendidikan::S2,
        Pendidikan::S3,
    ];

    /// The code stored and sent (`TIDAK_SEKOLAH`, `SD`, … `S3`).
    pub fn as_str(self) -> &'static str {
        match self {
            Pendidikan::TidakSekolah => "TIDAK_SEKOLAH",
            Pendidikan::Sd => "SD",
            Pendidikan::Smp => "SMP",
            Pendidikan::Sma => "SMA",
            Pendidikan::D1 => "D1",
            Pendidikan::D2 => "D2",
            Pendidikan::D3 => "D3",
            Pendidikan::D4 => "D4",
            Pendidikan::S1 => "S1",
            Pendidikan::S2 => "S2",
            Pendidikan::S3 => "S3",
        }
    }

    /// The level of a code; `None` for an unknown one.
    pub fn parse(s: &str) -> Option<Self> {
        Pendidikan::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// Kemendagri region codes of an address, most general first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct RegionCodes {
    /// Province code, e.g. `64` (Kalimantan Timur).
    pub provinsi: String,
    /// Regency/city (Kab/Kota) code, e.g. `64.72`.
    pub kabupaten: String,
    /// District (kecamatan) code, e.g. `64.72.01`.
    pub kecamatan: String,
    /// Village (kelurahan/desa) code, e.g. `64.72.01.1001`.
    pub kelurahan: String,
}

impl RegionCodes {
    /// Each code must extend its parent (`64` → `64.72` → `64.72.01` → `64.72.01.1001`).
    fn check(&self, errors: &mut FieldErrors) {
        let levels = [
            ("provinsi", &self.provinsi, None),
            ("kabupaten", &self.kabupaten, Some(&self.provinsi)),
            ("kecamatan", &self.kecamatan, Some(&self.kabupaten)),
            ("kelurahan", &self.kelurahan, Some(&self.kecamatan)),
        ];
        for (field, code, parent) in levels {
            let ok = !code.is_empty()
                && code.len() <= 13
                && code.chars().all(|c| c.is_ascii_digit() || c == '.')
                && parent.is_none_or(|p| {
                    code.strip_prefix(p.as_str())
                        .is_some_and(|r| r.starts_with('.'))
                });
            if !ok {
                errors.push(FieldError::custom(
                    field,
                    "region",
                    messages::REGION_UNKNOWN,
                ));
            }
        }
    }
}

/// One region of the Kemendagri list, as the address pickers offer it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Region {
    /// Its Kemendagri code (`64`, `64.72`, …).
    pub code: String,
    /// Its name.
    pub name: String,
}

/// The names of an address's regions (its [`RegionCodes`] spelled out), most general first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct RegionNames {
    /// Province name.
    pub provinsi: String,
    /// Regency/city (Kab/Kota) name.
    pub kabupaten: String,
    /// District (kecamatan) name.
    pub kecamatan: String,
    /// Village (kelurahan/desa) name.
    pub kelurahan: String,
}

/// The personal fields shared by registration and Edit Profile.
pub(super) struct PersonalFields<'a> {
    pub(super) npwp: &'a str,
    pub(super) jenis_kelamin: Option<JenisKelamin>,
    pub(super) tanggal_lahir: &'a str,
    pub(super) pendidikan: Option<Pendidikan>,
    pub(super) alamat: &'a str,
    pub(super) wilayah: &'a RegionCodes,
    pub(super) no_hp: &'a str,
    pub(super) kode_pos: &'a str,
    pub(super) email: &'a str,
}

pub(super) struct ValidPersonal {
    pub(super) npwp: Option<String>,
    pub(super) jenis_kelamin: JenisKelamin,
    pub(super) tanggal_lahir: Date,
    pub(super) pendidikan: Pendidikan,
    pub(super) alamat: String,
    pub(super) no_hp: String,
    pub(super) kode_pos: String,
    pub(super) email: String,
}

pub(super) fn check_personal(
    f: &PersonalFields<'_>,
    nik: Option<&validate::Nik>,
    errors: &mut FieldErrors,
) -> Option<ValidPersonal> {
    let npwp = if f.npwp.trim().is_empty() {
        Some(None)
    } else {
        errors.check("npwp", validate::npwp(f.npwp)).map(Some)
    };
    let jenis_kelamin = errors.check("jenis_kelamin", f.jenis_kelamin.ok_or(Invalid::Required));
    let tanggal_lahir = if f.tanggal_lahir.trim().is_empty() {
        errors.check("tanggal_lahir", Err::<Date, _>(Invalid::Required))
    } else {
        let d = parse_date(f.tanggal_lahir);
        if d.is_none() {
            errors.push(FieldError::custom(
                "tanggal_lahir",
                "date_format",
                "Tanggal Lahir tidak valid",
            ));
        }
        d
    };
    if let (Some(n), Some(d)) = (nik, tanggal_lahir)
        && !n.matches_birth_date(d)
    {
        errors.push(FieldError::custom(
            "tanggal_lahir",
            "nik_birth_date_mismatch",
            messages::NIK_BIRTH_DATE_MISMATCH,
        ));
    }
    if let (Some(n), Some(jk)) = (nik, jenis_kelamin)
        && !jk.matches(n.gender())
    {
        errors.push(FieldError::custom(
            "jenis_kelamin",
            "nik_gender_mismatch",
            messages::NIK_GENDER_MISMATCH,
        ));
    }
    let pendidikan = errors.check("pendidikan", f.pendidikan.ok_or(Invalid::Required));
    let alamat = errors.check("alamat", validate::required_text(f.alamat, 300));
    f.wilayah.check(errors);
    let no_hp = errors.check("no_hp", validate::phone(f.no_hp));
    let kode_pos = errors.check("kode_pos", validate::postal_code(f.kode_pos));
    let email = errors.check("email", validate::email(f.email));
    Some(ValidPersonal {
        npwp: npwp?,
        jenis_kelamin: jenis_kelamin?,
        tanggal_lahir: tanggal_lahir?,
        pendidikan: pendidikan?,
        alamat: alamat?,
        no_hp: no_hp?,
        kode_pos: kode_pos?,
        email: email?,
    })
}
