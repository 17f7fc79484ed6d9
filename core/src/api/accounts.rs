//! Accounts: registration with its checks, login, passwords (change, forgotten, reset) and
//! the desktop secret.

use serde::{Deserialize, Serialize};
use time::Date;
use ts_rs::TS;

use super::person::{PersonalFields, check_personal};
use super::{FieldError, FieldErrors, JenisKelamin, Pendidikan, Profile, RegionCodes};
use crate::messages;
use crate::validate;

/// "Generate Code": send an e-mail verification code before registering.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct EmailCodeRequest {
    pub email: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct RegisterRequest {
    pub nik: String,
    #[serde(default)]
    pub npwp: String,
    pub password: String,
    pub nama: String,
    pub jenis_kelamin: Option<JenisKelamin>,
    /// `YYYY-MM-DD`
    pub tanggal_lahir: String,
    pub pendidikan: Option<Pendidikan>,
    pub alamat: String,
    pub wilayah: RegionCodes,
    pub no_hp: String,
    pub kode_pos: String,
    pub email: String,
    pub email_code: String,
}

impl RegisterRequest {
    /// Checks every field (the e-mail code is checked by the server against what it sent).
    pub fn validate(&self) -> Result<ValidRegistration, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let nik = errors.check("nik", validate::nik(&self.nik));
        errors.check("password", validate::password(&self.password));
        let nama = errors.check("nama", validate::required_text(&self.nama, 150));
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
        if self.email_code.trim().is_empty() {
            errors.push(FieldError::custom(
                "email_code",
                "email_code_wrong",
                messages::EMAIL_CODE_WRONG,
            ));
        }
        errors.into_result(|| {
            let p = personal.expect("no errors means every field parsed");
            ValidRegistration {
                nik: nik.expect("checked").as_str().to_owned(),
                npwp: p.npwp,
                nama: nama.expect("checked"),
                jenis_kelamin: p.jenis_kelamin,
                tanggal_lahir: p.tanggal_lahir,
                pendidikan: p.pendidikan,
                alamat: p.alamat,
                wilayah: self.wilayah.clone(),
                no_hp: p.no_hp,
                kode_pos: p.kode_pos,
                email: p.email,
            }
        })
    }
}

/// A registration that passed every field check, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRegistration {
    pub nik: String,
    pub npwp: Option<String>,
    pub nama: String,
    pub jenis_kelamin: JenisKelamin,
    pub tanggal_lahir: Date,
    pub pendidikan: Pendidikan,
    pub alamat: String,
    pub wilayah: RegionCodes,
    pub no_hp: String,
    pub kode_pos: String,
    pub email: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct LoginRequest {
    /// NIK (16 digits) or e-mail.
    pub login: String,
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct LoginResponse {
    /// Opaque bearer token; the server keeps only its hash.
    pub token: String,
    /// RFC 3339.
    pub expires_at: String,
    pub profile: Profile,
}

/// Checks a new password and its confirmation (Edit Password, Lupa Password).
pub fn check_new_password(new: &str, confirm: &str) -> Result<(), Vec<FieldError>> {
    let mut errors = FieldErrors::default();
    errors.check("new_password", validate::password(new));
    if new != confirm {
        errors.push(FieldError::custom(
            "new_password_confirm",
            "password_confirm_mismatch",
            messages::PASSWORD_CONFIRM_MISMATCH,
        ));
    }
    errors.into_result(|| ())
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ChangePasswordRequest {
    pub old_password: String,
    pub new_password: String,
    pub new_password_confirm: String,
}

/// Lupa Password, step 1: identity (NIK or NPWP), phone and e-mail must all match.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ForgotPasswordRequest {
    pub identitas: String,
    pub no_hp: String,
    pub email: String,
}

/// Lupa Password, step 2: the PIN from the e-mail and the new password twice.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ResetPasswordRequest {
    pub email: String,
    pub pin: String,
    pub new_password: String,
    pub new_password_confirm: String,
}

/// The account's desktop secret (64 hex digits): desktops wrap the key of the data they
/// keep for this account with it, so a password reset loses nothing kept there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DesktopKey {
    pub key: String,
}

/// Asking for the desktop secret takes the account's password as well as the session: a
/// session token alone (left in a file, say) must not unlock what a desktop keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DesktopKeyRequest {
    pub password: String,
}
