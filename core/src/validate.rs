//! Field validators for identity and contact data (NIK, NPWP, NIB, phone, postal code,
//! e-mail, password). Each failure is an [`Invalid`] whose message is the Bahasa Indonesia
//! text the applicant sees, worded as in the DPMPTSP guide where the guide gives one.

use time::{Date, Month};

/// Why a value was refused. `code()` is stable for programs; `message()` is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    /// The NIK is not exactly 16 digits.
    #[error("No NIK hanya boleh Angka 16 digit")]
    NikFormat,
    /// The NIK's province is unknown, or its regency or district code is 00.
    #[error("Kode wilayah pada NIK tidak dikenal")]
    NikRegion,
    /// The NIK's birth-date digits do not form a real date.
    #[error("Tanggal lahir pada NIK tidak valid")]
    NikBirthDate,
    /// The NIK's serial (its last four digits) is 0000.
    #[error("Nomor urut pada NIK tidak valid")]
    NikSerial,
    /// The NPWP is neither 15 digits nor a valid 16-digit form.
    #[error("NPWP harus 15 atau 16 digit angka")]
    NpwpFormat,
    /// The NIB (business ID number from OSS) is not 13 digits.
    #[error("NIB harus 13 digit angka")]
    NibFormat,
    /// Not an Indonesian phone number.
    #[error("No. Handphone tidak valid (contoh: 081234567890)")]
    PhoneFormat,
    /// The Kode Pos (postal code) is not five digits, the first not zero.
    #[error("Kode Pos harus 5 digit angka")]
    PostalCodeFormat,
    /// Not an e-mail address of the shape local@domain.tld.
    #[error("Format Email tidak valid")]
    EmailFormat,
    /// A password under 8 characters.
    #[error("Gunakan minimal 8 karakter atau lebih untuk Password")]
    PasswordTooShort,
    /// A password over 128 characters.
    #[error("Password maksimal 128 karakter")]
    PasswordTooLong,
    /// A password without an upper-case letter.
    #[error("Password harus berisi setidaknya satu Huruf Kapital")]
    PasswordNoUpper,
    /// A password without a lower-case letter.
    #[error("Password harus berisi setidaknya satu Huruf kecil")]
    PasswordNoLower,
    /// A password without a digit.
    #[error("Password harus berisi setidaknya satu Angka")]
    PasswordNoDigit,
    /// A required field left empty, or a choice not made.
    #[error("Kolom ini wajib diisi")]
    Required,
    /// A text over its field's length limit, said with the limit.
    #[error("Isian terlalu panjang (paling banyak {max} karakter)")]
    TooLong {
        /// The most characters the field takes.
        max: usize,
    },
}

impl Invalid {
    /// The stable machine code (`nik_format`, …), sent as [`crate::api::FieldError::code`].
    pub fn code(self) -> &'static str {
        match self {
            Invalid::NikFormat => "nik_format",
            Invalid::NikRegion => "nik_region",
            Invalid::NikBirthDate => "nik_birth_date",
            Invalid::NikSerial => "nik_serial",
            Invalid::NpwpFormat => "npwp_format",
            Invalid::NibFormat => "nib_format",
            Invalid::PhoneFormat => "phone_format",
            Invalid::PostalCodeFormat => "postal_code_format",
            Invalid::EmailFormat => "email_format",
            Invalid::PasswordTooShort => "password_too_short",
            Invalid::PasswordTooLong => "password_too_long",
            Invalid::PasswordNoUpper => "password_no_upper",
            Invalid::PasswordNoLower => "password_no_lower",
            Invalid::PasswordNoDigit => "password_no_digit",
            Invalid::Required => "required",
            Invalid::TooLong { .. } => "too_long",
        }
    }

    /// The Bahasa Indonesia text shown to the user.
    pub fn message(self) -> String {
        self.to_string()
    }
}

/// Kemendagri province codes (the first two NIK digits), including the Papua provinces
/// created in 2022 (93–96).
const PROVINCE_CODES: [u8; 38] = [
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65,
    71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96,
];

/// The gender a NIK encodes: 40 is added to the birth day for women.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// Birth day 01–31 in the NIK.
    Male,
    /// Birth day 41–71 in the NIK (the day + 40).
    Female,
}

/// A structurally valid Nomor Induk Kependudukan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nik {
    digits: String,
    /// Day and month of birth as encoded (day already without the +40 for women).
    day: u8,
    month: Month,
    year2: u8,
    gender: Gender,
}

impl Nik {
    /// The 16 digits.
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    /// The first two digits: the Kemendagri province code (`64` is Kalimantan Timur).
    pub fn province_code(&self) -> &str {
        &self.digits[..2]
    }

    /// The gender this NIK encodes.
    pub fn gender(&self) -> Gender {
        self.gender
    }

    /// Whether `date` is the birth date this NIK encodes (the NIK carries only two year
    /// digits, so the century is not checked).
    pub fn matches_birth_date(&self, date: Date) -> bool {
        date.day() == self.day
            && date.month() == self.month
            && (date.year() % 100) as u8 == self.year2
    }
}

/// NIK: 16 digits = province (2) + regency (2) + district (2) + birth date DDMMYY, with 40
/// added to the day for women + serial (4, not 0000).
pub fn nik(input: &str) -> Result<Nik, Invalid> {
    let s = input.trim();
    if s.len() != 16 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Invalid::NikFormat);
    }
    let num = |i: usize| -> u8 { s[i..i + 2].parse().expect("two ASCII digits") };
    if !PROVINCE_CODES.contains(&num(0)) || num(2) == 0 || num(4) == 0 {
        return Err(Invalid::NikRegion);
    }
    let (day, gender) = match num(6) {
        d @ 1..=31 => (d, Gender::Male),
        d @ 41..=71 => (d - 40, Gender::Female),
        _ => return Err(Invalid::NikBirthDate),
    };
    let month = Month::try_from(num(8)).map_err(|_| Invalid::NikBirthDate)?;
    let year2 = num(10);
    // The century is not encoded: the date must exist in 19yy or 20yy (29 February).
    let exists = [1900, 2000]
        .iter()
        .any(|c| Date::from_calendar_date(c + i32::from(year2), month, day).is_ok());
    if !exists {
        return Err(Invalid::NikBirthDate);
    }
    if &s[12..] == "0000" {
        return Err(Invalid::NikSerial);
    }
    Ok(Nik {
        digits: s.to_owned(),
        day,
        month,
        year2,
        gender,
    })
}

/// Digits of an identifier typed with the usual separators (`01.234.567.8-901.000`).
fn digits_only(input: &str) -> Option<String> {
    let mut out = String::with_capacity(input.len());
    for c in input.trim().chars() {
        match c {
            '0'..='9' => out.push(c),
            '.' | '-' | ' ' => {}
            _ => return None,
        }
    }
    Some(out)
}

/// NPWP in the old 15-digit form or the 16-digit form used since 2024 (a NIK for
/// individuals, `0` + the old number for organisations). Returns the bare digits.
pub fn npwp(input: &str) -> Result<String, Invalid> {
    let d = digits_only(input).ok_or(Invalid::NpwpFormat)?;
    match d.len() {
        15 => Ok(d),
        16 if d.starts_with('0') => Ok(d),
        16 => nik(&d).map(|_| d).map_err(|_| Invalid::NpwpFormat),
        _ => Err(Invalid::NpwpFormat),
    }
}

/// Nomor Induk Berusaha from OSS: 13 digits.
pub fn nib(input: &str) -> Result<String, Invalid> {
    let d = input.trim();
    if d.len() == 13 && d.bytes().all(|b| b.is_ascii_digit()) {
        Ok(d.to_owned())
    } else {
        Err(Invalid::NibFormat)
    }
}

/// Indonesian phone number, mobile or fixed line, accepted as `08…`, `628…` or `+628…`
/// with optional spaces or dashes. Returns the national form (`08…`) so that the same
/// number typed two ways compares equal.
pub fn phone(input: &str) -> Result<String, Invalid> {
    let t = input.trim();
    let (plus, rest) = match t.strip_prefix('+') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let d = digits_only(rest).ok_or(Invalid::PhoneFormat)?;
    let national = if let Some(r) = d.strip_prefix("62") {
        format!("0{r}")
    } else if plus {
        return Err(Invalid::PhoneFormat);
    } else {
        d
    };
    let b = national.as_bytes();
    let ok = (9..=13).contains(&b.len()) && b[0] == b'0' && (b'1'..=b'9').contains(&b[1]);
    if ok {
        Ok(national)
    } else {
        Err(Invalid::PhoneFormat)
    }
}

/// Kode Pos: five digits, the first not zero (Indonesian codes run 10110–99974).
pub fn postal_code(input: &str) -> Result<String, Invalid> {
    let d = input.trim();
    let ok = d.len() == 5 && d.bytes().all(|b| b.is_ascii_digit()) && !d.starts_with('0');
    if ok {
        Ok(d.to_owned())
    } else {
        Err(Invalid::PostalCodeFormat)
    }
}

/// E-mail address: a practical check of the addr-spec shape (local@domain.tld), lower-cased
/// so that uniqueness is case-insensitive.
pub fn email(input: &str) -> Result<String, Invalid> {
    let e = input.trim().to_lowercase();
    let (local, domain) = e.rsplit_once('@').ok_or(Invalid::EmailFormat)?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    if local_ok && domain_ok {
        Ok(e)
    } else {
        Err(Invalid::EmailFormat)
    }
}

/// Password policy: at least 8 characters with an upper-case letter, a lower-case letter
/// and a digit. Capped at 128 characters so hashing cost stays bounded.
pub fn password(input: &str) -> Result<(), Invalid> {
    let n = input.chars().count();
    if n < 8 {
        return Err(Invalid::PasswordTooShort);
    }
    if n > 128 {
        return Err(Invalid::PasswordTooLong);
    }
    if !input.chars().any(char::is_uppercase) {
        return Err(Invalid::PasswordNoUpper);
    }
    if !input.chars().any(char::is_lowercase) {
        return Err(Invalid::PasswordNoLower);
    }
    if !input.chars().any(|c| c.is_ascii_digit()) {
        return Err(Invalid::PasswordNoDigit);
    }
    Ok(())
}

/// A required free-text field: trimmed, not empty, at most `max` characters.
pub fn required_text(input: &str, max: usize) -> Result<String, Invalid> {
    let t = input.trim();
    if t.is_empty() {
        Err(Invalid::Required)
    } else if t.chars().count() > max {
        Err(Invalid::TooLong { max })
    } else {
        Ok(t.to_owned())
    }
}

#[cfg(test)]
mod tests;
