//! The account's profile as the server sends it, and Edit Profile with its checks.

use serde::{Deserialize, Serialize};
use time::Date;
use ts_rs::TS;

use super::person::{PersonalFields, check_personal};
use super::{FieldError, FieldErrors, JenisKelamin, Pendidikan, RegionCodes, RegionNames};
use crate::Role;
use crate::validate;

/// The account as the server sends it (after login, on Me, after Edit Profile).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Profile {
    /// The account's id (a UUID).
    pub id: String,
    /// NIK (16 digits); cannot be changed.
    pub nik: String,
    /// NPWP digits, when the account has one.
    pub npwp: Option<String>,
    /// Full name; cannot be changed.
    pub nama: String,
    /// Gender.
    pub jenis_kelamin: JenisKelamin,
    /// Birth date, `YYYY-MM-DD`.
    pub tanggal_lahir: String,
    /// Last completed education level.
    pub pendidikan: Pendidikan,
    /// Occupation, when given.
    pub pekerjaan: Option<String>,
    /// Position (job title), when given.
    pub jabatan: Option<String>,
    /// Street address.
    pub alamat: String,
    /// The address's region codes.
    pub wilayah: RegionCodes,
    /// The names of those regions, for display.
    pub wilayah_nama: RegionNames,
    /// Phone number in national form (`08…`).
    pub no_hp: String,
    /// Kode Pos (postal code).
    pub kode_pos: String,
    /// E-mail address (lower-case).
    pub email: String,
    /// What the account may do: applicant, verifier, signer or admin.
    pub role: Role,
}

/// Edit Profile: NIK and Nama are locked; everything else may change. A new e-mail
/// address needs a code sent to it first, like registration.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct UpdateProfileRequest {
    /// NPWP (tax number); empty for none.
    #[serde(default)]
    pub npwp: String,
    /// Gender (`None` when not chosen); must be the one the account's NIK encodes.
    pub jenis_kelamin: Option<JenisKelamin>,
    /// Birth date, `YYYY-MM-DD`; must be the one the account's NIK encodes.
    pub tanggal_lahir: String,
    /// Last completed education level (`None` when not chosen).
    pub pendidikan: Option<Pendidikan>,
    /// Occupation (at most 100 characters); empty for none.
    #[serde(default)]
    pub pekerjaan: String,
    /// Position (job title, at most 100 characters); empty for none.
    #[serde(default)]
    pub jabatan: String,
    /// Street address (at most 300 characters).
    pub alamat: String,
    /// The address's regions, as Kemendagri codes.
    pub wilayah: RegionCodes,
    /// Phone number (`08…`, `628…` or `+628…`).
    pub no_hp: String,
    /// Kode Pos (postal code, 5 digits).
    pub kode_pos: String,
    /// E-mail address; a new one needs `email_code`.
    pub email: String,
    /// The code ChangeEmailCode sent to a new `email`; empty when the address is unchanged.
    #[serde(default)]
    pub email_code: String,
}

impl UpdateProfileRequest {
    /// `nik` is the account's own NIK, against which birth date and gender are checked.
    pub fn validate(&self, nik: &str) -> Result<ValidProfileUpdate, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let nik = validate::nik(nik).ok();
        let personal = check_personal(
            &PersonalFields {
                npwp: &self.npwp,
                jenis_kelamin: self.jenis_kelamin,
                tanggal_lahir: &self.tanggal_lahir,
                pendidikan: self.pendidikan,
                alamat: &self.alamat,
                wilayah: &self.wilayah,
                no_hp: &self.no_hp,
                kode_pos: &self.kode_pos,
                email: &self.email,
            },
            nik.as_ref(),
            &mut errors,
        );
        let pekerjaan = optional_text(&mut errors, "pekerjaan", &self.pekerjaan, 100);
        let jabatan = optional_text(&mut errors, "jabatan", &self.jabatan, 100);
        errors.into_result(|| {
            let p = personal.expect("no errors means every field parsed");
            ValidProfileUpdate {
                npwp: p.npwp,
                jenis_kelamin: p.jenis_kelamin,
                tanggal_lahir: p.tanggal_lahir,
                pendidikan: p.pendidikan,
                pekerjaan,
                jabatan,
                alamat: p.alamat,
                wilayah: self.wilayah.clone(),
                no_hp: p.no_hp,
                kode_pos: p.kode_pos,
                email: p.email,
            }
        })
    }
}

/// An Edit Profile request that passed every field check, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProfileUpdate {
    /// The NPWP's bare digits, or `None` to have none.
    pub npwp: Option<String>,
    /// Gender, matching the NIK.
    pub jenis_kelamin: JenisKelamin,
    /// Birth date, matching the NIK.
    pub tanggal_lahir: Date,
    /// Last completed education level.
    pub pendidikan: Pendidikan,
    /// Occupation, trimmed, or `None`.
    pub pekerjaan: Option<String>,
    /// Position (job title), trimmed, or `None`.
    pub jabatan: Option<String>,
    /// Street address, trimmed.
    pub alamat: String,
    /// The address's region codes.
    pub wilayah: RegionCodes,
    /// Phone number in national form (`08…`).
    pub no_hp: String,
    /// Kode Pos (postal code).
    pub kode_pos: String,
    /// E-mail address, lower-cased.
    pub email: String,
}

fn optional_text(errors: &mut FieldErrors, field: &str, s: &str, max: usize) -> Option<String> {
    let t = s.trim();
    if t.is_empty() {
        None
    } else {
        errors.check(field, validate::required_text(t, max))
    }
}
