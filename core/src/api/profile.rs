//! The account's profile as the server sends it, and Edit Profile with its checks.

use serde::{Deserialize, Serialize};
use time::Date;
use ts_rs::TS;

use super::person::{PersonalFields, check_personal};
use super::{FieldError, FieldErrors, JenisKelamin, Pendidikan, RegionCodes, RegionNames};
use crate::Role;
use crate::validate;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Profile {
    pub id: String,
    pub nik: String,
    pub npwp: Option<String>,
    pub nama: String,
    pub jenis_kelamin: JenisKelamin,
    pub tanggal_lahir: String,
    pub pendidikan: Pendidikan,
    pub pekerjaan: Option<String>,
    pub jabatan: Option<String>,
    pub alamat: String,
    pub wilayah: RegionCodes,
    pub wilayah_nama: RegionNames,
    pub no_hp: String,
    pub kode_pos: String,
    pub email: String,
    pub role: Role,
}

/// Edit Profile: NIK and Nama are locked; everything else may change. A new e-mail
/// address needs a code sent to it first, like registration.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct UpdateProfileRequest {
    #[serde(default)]
    pub npwp: String,
    pub jenis_kelamin: Option<JenisKelamin>,
    pub tanggal_lahir: String,
    pub pendidikan: Option<Pendidikan>,
    #[serde(default)]
    pub pekerjaan: String,
    #[serde(default)]
    pub jabatan: String,
    pub alamat: String,
    pub wilayah: RegionCodes,
    pub no_hp: String,
    pub kode_pos: String,
    pub email: String,
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProfileUpdate {
    pub npwp: Option<String>,
    pub jenis_kelamin: JenisKelamin,
    pub tanggal_lahir: Date,
    pub pendidikan: Pendidikan,
    pub pekerjaan: Option<String>,
    pub jabatan: Option<String>,
    pub alamat: String,
    pub wilayah: RegionCodes,
    pub no_hp: String,
    pub kode_pos: String,
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
