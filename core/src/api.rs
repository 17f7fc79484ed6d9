//! Request and response types of the central server's HTTP API (`/api/v1`), shared by the
//! server and the desktop sync client, with the validation of each form. TypeScript twins
//! are generated into `ui/src/bindings` by ts-rs.

use serde::{Deserialize, Serialize};
use time::Date;
use time::macros::format_description;
use ts_rs::TS;

use crate::Role;
use crate::messages;
use crate::validate::{self, Gender, Invalid};

pub const API_PREFIX: &str = "/api/v1";

/// Every error the server sends has this shape; the desktop passes it on unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ApiErrorBody {
    /// Stable machine code (`nik_taken`, `wrong_password`, `validation`, …).
    pub code: String,
    /// Bahasa Indonesia, ready to show.
    pub message: String,
    /// The form field the message belongs to, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    /// Every invalid field at once, for forms.
    #[serde(default)]
    pub fields: Vec<FieldError>,
    /// Seconds to wait before trying again (throttling).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub retry_after_secs: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, why: Invalid) -> Self {
        FieldError {
            field: field.to_owned(),
            code: why.code().to_owned(),
            message: why.message(),
        }
    }

    pub fn custom(field: &str, code: &str, message: &str) -> Self {
        FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.to_owned(),
        }
    }
}

/// Collects field errors while a form is checked, so the user sees all of them at once.
#[derive(Debug, Default)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    fn check<T>(&mut self, field: &str, r: Result<T, Invalid>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(why) => {
                self.0.push(FieldError::new(field, why));
                None
            }
        }
    }

    fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self.0)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub enum JenisKelamin {
    #[serde(rename = "L")]
    LakiLaki,
    #[serde(rename = "P")]
    Perempuan,
}

impl JenisKelamin {
    pub fn as_str(self) -> &'static str {
        match self {
            JenisKelamin::LakiLaki => "L",
            JenisKelamin::Perempuan => "P",
        }
    }

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
    #[serde(rename = "TIDAK_SEKOLAH")]
    TidakSekolah,
    #[serde(rename = "SD")]
    Sd,
    #[serde(rename = "SMP")]
    Smp,
    #[serde(rename = "SMA")]
    Sma,
    #[serde(rename = "D1")]
    D1,
    #[serde(rename = "D2")]
    D2,
    #[serde(rename = "D3")]
    D3,
    #[serde(rename = "D4")]
    D4,
    #[serde(rename = "S1")]
    S1,
    #[serde(rename = "S2")]
    S2,
    #[serde(rename = "S3")]
    S3,
}

impl Pendidikan {
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

    pub fn parse(s: &str) -> Option<Self> {
        Pendidikan::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// Kemendagri region codes of an address, most general first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct RegionCodes {
    pub provinsi: String,
    pub kabupaten: String,
    pub kecamatan: String,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Region {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct RegionNames {
    pub provinsi: String,
    pub kabupaten: String,
    pub kecamatan: String,
    pub kelurahan: String,
}

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

pub fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s.trim(), format_description!("[year]-[month]-[day]")).ok()
}

pub fn format_date(d: Date) -> String {
    d.format(format_description!("[year]-[month]-[day]"))
        .expect("a calendar date always formats")
}

/// The personal fields shared by registration and Edit Profile.
struct PersonalFields<'a> {
    npwp: &'a str,
    jenis_kelamin: Option<JenisKelamin>,
    tanggal_lahir: &'a str,
    pendidikan: Option<Pendidikan>,
    alamat: &'a str,
    wilayah: &'a RegionCodes,
    no_hp: &'a str,
    kode_pos: &'a str,
    email: &'a str,
}

struct ValidPersonal {
    npwp: Option<String>,
    jenis_kelamin: JenisKelamin,
    tanggal_lahir: Date,
    pendidikan: Pendidikan,
    alamat: String,
    no_hp: String,
    kode_pos: String,
    email: String,
}

fn check_personal(
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct MessageResponse {
    pub message: String,
}

impl MessageResponse {
    pub fn new(m: impl Into<String>) -> Self {
        MessageResponse { message: m.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wilayah() -> RegionCodes {
        RegionCodes {
            provinsi: "64".into(),
            kabupaten: "64.72".into(),
            kecamatan: "64.72.01".into(),
            kelurahan: "64.72.01.1001".into(),
        }
    }

    fn good() -> RegisterRequest {
        RegisterRequest {
            nik: "6472011505900001".into(),
            npwp: String::new(),
            password: "Kaltim2026".into(),
            nama: "Budi Santoso, S.T.".into(),
            jenis_kelamin: Some(JenisKelamin::LakiLaki),
            tanggal_lahir: "1990-05-15".into(),
            pendidikan: Some(Pendidikan::S1),
            alamat: "Jl. Gajah Mada No. 1".into(),
            wilayah: wilayah(),
            no_hp: "+62 812-3456-7890".into(),
            kode_pos: "75121".into(),
            email: "Budi@Example.co.id".into(),
            email_code: "123456".into(),
        }
    }

    fn fields(r: Result<ValidRegistration, Vec<FieldError>>) -> Vec<(String, String)> {
        r.unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn a_complete_registration_is_normalised() {
        let v = good().validate().unwrap();
        assert_eq!(v.no_hp, "081234567890");
        assert_eq!(v.email, "budi@example.co.id");
        assert_eq!(v.npwp, None);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let mut r = good();
        r.nik = "123".into();
        r.password = "lemah".into();
        r.kode_pos = "7512".into();
        r.email = "bukan-email".into();
        assert_eq!(
            fields(r.validate()),
            vec![
                ("nik".to_owned(), "nik_format".to_owned()),
                ("password".to_owned(), "password_too_short".to_owned()),
                ("kode_pos".to_owned(), "postal_code_format".to_owned()),
                ("email".to_owned(), "email_format".to_owned()),
            ]
        );
    }

    #[test]
    fn birth_date_and_gender_must_match_the_nik() {
        let mut r = good();
        r.tanggal_lahir = "1990-05-16".into();
        r.jenis_kelamin = Some(JenisKelamin::Perempuan);
        assert_eq!(
            fields(r.validate()),
            vec![
                (
                    "tanggal_lahir".to_owned(),
                    "nik_birth_date_mismatch".to_owned()
                ),
                ("jenis_kelamin".to_owned(), "nik_gender_mismatch".to_owned()),
            ]
        );
    }

    #[test]
    fn region_codes_must_nest() {
        let mut r = good();
        r.wilayah.kecamatan = "64.71.01".into();
        let f = fields(r.validate());
        assert!(f.contains(&("kecamatan".to_owned(), "region".to_owned())));
        assert!(f.contains(&("kelurahan".to_owned(), "region".to_owned())));
    }

    #[test]
    fn a_missing_email_code_uses_the_guides_message() {
        let mut r = good();
        r.email_code = " ".into();
        let e = r.validate().unwrap_err();
        assert_eq!(e[0].message, "Kode Email Yang Anda Inputkan Salah!");
    }

    #[test]
    fn unknown_fields_are_refused() {
        let mut v = serde_json::to_value(good()).unwrap();
        v["is_admin"] = serde_json::json!(true);
        assert!(serde_json::from_value::<RegisterRequest>(v).is_err());
    }

    #[test]
    fn new_password_must_be_confirmed() {
        let e = check_new_password("Kaltim2026", "Kaltim2027").unwrap_err();
        assert_eq!(e[0].field, "new_password_confirm");
        assert!(check_new_password("Kaltim2026", "Kaltim2026").is_ok());
    }
}

/// The message for a server address that would send the user's data unencrypted.
pub const SERVER_URL_NOT_HTTPS: &str =
    "Alamat server di luar komputer ini harus memakai https:// agar data Anda terlindungi";

/// Checks a server address the desktop is pointed at: `https://` for any server, or
/// `http://` to this computer itself (loopback: a development server, a local proxy). A
/// password and a dossier never cross a network in clear text.
pub fn check_server_url(url: &str) -> Result<(), &'static str> {
    let url = url.trim();
    let (secure, rest) = if let Some(r) = url.strip_prefix("https://") {
        (true, r)
    } else if let Some(r) = url.strip_prefix("http://") {
        (false, r)
    } else {
        return Err("Alamat server harus berupa URL http:// atau https://");
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    if host.is_empty() {
        return Err("Alamat server harus berupa URL http:// atau https://");
    }
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if secure || loopback {
        Ok(())
    } else {
        Err(SERVER_URL_NOT_HTTPS)
    }
}

#[cfg(test)]
mod server_url_tests {
    use super::{SERVER_URL_NOT_HTTPS, check_server_url};

    #[test]
    fn only_https_leaves_this_computer() {
        for ok in [
            "https://eptsp.kaltimprov.go.id",
            "https://10.0.0.5:8443/",
            "http://127.0.0.1:8787",
            "http://localhost:8787/",
            "http://[::1]:8787",
            "http://127.8.9.10",
        ] {
            assert_eq!(check_server_url(ok), Ok(()), "{ok}");
        }
        for plain in [
            "http://eptsp.kaltimprov.go.id",
            "http://192.168.1.20:8787",
            "http://[2001:db8::1]:80",
            // Loopback in the user part only.
            "http://127.0.0.1@evil.example",
            "http://localhost.evil.example",
        ] {
            assert_eq!(
                check_server_url(plain),
                Err(SERVER_URL_NOT_HTTPS),
                "{plain}"
            );
        }
        assert!(check_server_url("ftp://x").is_err());
        assert!(check_server_url("https://").is_err());
    }
}

/// What the health checks answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Health {
    pub status: String,
    pub version: String,
}
