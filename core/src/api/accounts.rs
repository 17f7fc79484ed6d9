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
    /// The address to send the code to.
    pub email: String,
}

/// Pendaftaran Akun: the registration form of a new applicant (pemohon).
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct RegisterRequest {
    /// NIK (national ID number, 16 digits); the account's login with the e-mail.
    pub nik: String,
    /// NPWP (tax number), optional: empty for none.
    #[serde(default)]
    pub npwp: String,
    /// The password, by the policy of [`crate::validate::password`].
    pub password: String,
    /// Full name (at most 150 characters); locked once registered.
    pub nama: String,
    /// Gender (`None` when not chosen); must be the one the NIK encodes.
    pub jenis_kelamin: Option<JenisKelamin>,
    /// `YYYY-MM-DD`
    pub tanggal_lahir: String,
    /// Last completed education level (`None` when not chosen).
    pub pendidikan: Option<Pendidikan>,
    /// Street address (at most 300 characters).
    pub alamat: String,
    /// The address's regions, as Kemendagri codes.
    pub wilayah: RegionCodes,
    /// Phone number (`08…`, `628…` or `+628…`).
    pub no_hp: String,
    /// Kode Pos (postal code, 5 digits).
    pub kode_pos: String,
    /// E-mail address; no other account may have it.
    pub email: String,
    /// The code the EmailCode endpoint sent to `email`.
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
    /// The NIK's 16 digits.
    pub nik: String,
    /// The NPWP's bare digits, when one was given.
    pub npwp: Option<String>,
    /// Full name, trimmed.
    pub nama: String,
    /// Gender, matching the NIK.
    pub jenis_kelamin: JenisKelamin,
    /// Birth date, matching the NIK.
    pub tanggal_lahir: Date,
    /// Last completed education level.
    pub pendidikan: Pendidikan,
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

/// Login: what the sign-in form sends.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct LoginRequest {
    /// NIK (16 digits) or e-mail.
    pub login: String,
    /// The account's password.
    pub password: String,
}

/// A new session: the answer to a successful login or registration.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct LoginResponse {
    /// Opaque bearer token; the server keeps only its hash.
    pub token: String,
    /// RFC 3339.
    pub expires_at: String,
    /// The signed-in account.
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

/// Edit Password: the current password and the new one twice.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ChangePasswordRequest {
    /// The current password; checked before anything changes.
    pub old_password: String,
    /// The new password, by the policy of [`crate::validate::password`].
    pub new_password: String,
    /// The new password again; must be identical.
    pub new_password_confirm: String,
}

/// Lupa Password, step 1: identity (NIK or NPWP), phone and e-mail must all match.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ForgotPasswordRequest {
    /// NIK or NPWP of the account (separators allowed).
    pub identitas: String,
    /// The account's phone number.
    pub no_hp: String,
    /// The account's e-mail address; the PIN is sent there.
    pub email: String,
}

/// Lupa Password, step 2: the PIN from the e-mail and the new password twice.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ResetPasswordRequest {
    /// The e-mail address the PIN was sent to.
    pub email: String,
    /// The PIN from that e-mail.
    pub pin: String,
    /// The new password, by the policy of [`crate::validate::password`].
    pub new_password: String,
    /// The new password again; must be identical.
    pub new_password_confirm: String,
}

/// The account's desktop secret (64 hex digits): desktops wrap the key of the data they
/// keep for this account with it, so a password reset loses nothing kept there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DesktopKey {
    /// The secret, 64 hex digits.
    pub key: String,
}

/// Asking for the desktop secret takes the account's password as well as the session: a
/// session token alone (left in a file, say) must not unlock what a desktop keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DesktopKeyRequest {
    /// The account's current password.
    pub password: String,
}
