//! Field validators for identity and contact data (NIK, NPWP, NIB, phone, postal code,
//! e-mail, password). Each failure is an [`Invalid`] whose message is the Bahasa Indonesia
//! text the applicant sees, worded as in the DPMPTSP guide where the guide gives one.

use time::{Date, Month};

/// Why a value was refused. `code()` is stable for programs; `message()` is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("No NIK hanya boleh Angka 16 digit")]
    NikFormat,
    #[error("Kode wilayah pada NIK tidak dikenal")]
    NikRegion,
    #[error("Tanggal lahir pada NIK tidak valid")]
    NikBirthDate,
    #[error("Nomor urut pada NIK tidak valid")]
    NikSerial,
    #[error("NPWP harus 15 atau 16 digit angka")]
    NpwpFormat,
    #[error("NIB harus 13 digit angka")]
    NibFormat,
    #[error("No. Handphone tidak valid (contoh: 081234567890)")]
    PhoneFormat,
    #[error("Kode Pos harus 5 digit angka")]
    PostalCodeFormat,
    #[error("Format Email tidak valid")]
    EmailFormat,
    #[error("Gunakan minimal 8 karakter atau lebih untuk Password")]
    PasswordTooShort,
    #[error("Password maksimal 128 karakter")]
    PasswordTooLong,
    #[error("Password harus berisi setidaknya satu Huruf Kapital")]
    PasswordNoUpper,
    #[error("Password harus berisi setidaknya satu Huruf kecil")]
    PasswordNoLower,
    #[error("Password harus berisi setidaknya satu Angka")]
    PasswordNoDigit,
    #[error("Kolom ini wajib diisi")]
    Required,
    #[error("Isian terlalu panjang")]
    TooLong,
}

impl Invalid {
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
            Invalid::TooLong => "too_long",
        }
    }

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
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
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    pub fn province_code(&self) -> &str {
        &self.digits[..2]
    }

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
        Err(Invalid::TooLong)
    } else {
        Ok(t.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use time::macros::date;

    #[rstest]
    #[case::male("6472011505900001", Gender::Male)]
    #[case::female_day_plus_40("6472015505900001", Gender::Female)]
    #[case::leap_day_2000("6472012902000001", Gender::Male)]
    #[case::new_papua_province("9501011212120001", Gender::Male)]
    #[case::surrounding_spaces(" 6472011505900001 ", Gender::Male)]
    fn nik_accepts(#[case] input: &str, #[case] gender: Gender) {
        assert_eq!(nik(input).unwrap().gender(), gender);
    }

    #[rstest]
    #[case::fifteen_digits("647201150590000", Invalid::NikFormat)]
    #[case::seventeen_digits("64720115059000011", Invalid::NikFormat)]
    #[case::letters("64720115059A0001", Invalid::NikFormat)]
    #[case::empty("", Invalid::NikFormat)]
    #[case::unknown_province("9972011505900001", Invalid::NikRegion)]
    #[case::zero_regency("6400011505900001", Invalid::NikRegion)]
    #[case::zero_district("6472001505900001", Invalid::NikRegion)]
    #[case::day_zero("6472010005900001", Invalid::NikBirthDate)]
    #[case::day_32("6472013205900001", Invalid::NikBirthDate)]
    #[case::day_72_female("6472017205900001", Invalid::NikBirthDate)]
    #[case::month_13("6472011513900001", Invalid::NikBirthDate)]
    #[case::feb_30("6472013002900001", Invalid::NikBirthDate)]
    #[case::feb_29_never_leap("6472012902990001", Invalid::NikBirthDate)]
    #[case::serial_zero("6472011505900000", Invalid::NikSerial)]
    fn nik_refuses(#[case] input: &str, #[case] why: Invalid) {
        assert_eq!(nik(input), Err(why));
    }

    #[test]
    fn nik_format_message_is_the_guides_wording() {
        assert_eq!(
            Invalid::NikFormat.message(),
            "No NIK hanya boleh Angka 16 digit"
        );
    }

    #[rstest]
    #[case::male_birth_date("6472011505900001", date!(1990 - 05 - 15), true)]
    #[case::female_birth_date("6472015505900001", date!(1990 - 05 - 15), true)]
    #[case::other_day("6472011505900001", date!(1990 - 05 - 16), false)]
    #[case::other_year("6472011505900001", date!(1991 - 05 - 15), false)]
    fn nik_matches_birth_date(#[case] n: &str, #[case] d: Date, #[case] expected: bool) {
        assert_eq!(nik(n).unwrap().matches_birth_date(d), expected);
    }

    #[rstest]
    #[case::old_dotted("01.234.567.8-901.000", "012345678901000")]
    #[case::old_bare("012345678901000", "012345678901000")]
    #[case::new_org("0012345678901000", "0012345678901000")]
    #[case::new_individual_nik("6472011505900001", "6472011505900001")]
    fn npwp_accepts(#[case] input: &str, #[case] out: &str) {
        assert_eq!(npwp(input).unwrap(), out);
    }

    #[rstest]
    #[case::fourteen("01234567890100")]
    #[case::seventeen("01234567890100000")]
    #[case::sixteen_not_a_nik("9912345678901000")]
    #[case::letters("01.234.567.8-901.00A")]
    fn npwp_refuses(#[case] input: &str) {
        assert_eq!(npwp(input), Err(Invalid::NpwpFormat));
    }

    #[rstest]
    #[case("9120001234567", true)]
    #[case("912000123456", false)]
    #[case("91200012345678", false)]
    #[case("91200012345a7", false)]
    fn nib_checks_thirteen_digits(#[case] input: &str, #[case] ok: bool) {
        assert_eq!(nib(input).is_ok(), ok);
    }

    #[rstest]
    #[case::mobile("081234567890", "081234567890")]
    #[case::intl_plus("+6281234567890", "081234567890")]
    #[case::intl_bare("6281234567890", "081234567890")]
    #[case::dashes("0812-3456-7890", "081234567890")]
    #[case::landline_samarinda("0541123456", "0541123456")]
    fn phone_accepts(#[case] input: &str, #[case] out: &str) {
        assert_eq!(phone(input).unwrap(), out);
    }

    #[rstest]
    #[case::too_short("0812345")]
    #[case::too_long("08123456789012")]
    #[case::no_leading_zero("81234567890")]
    #[case::double_zero("0012345678")]
    #[case::foreign_plus("+4412345678")]
    #[case::letters("08123abc890")]
    fn phone_refuses(#[case] input: &str) {
        assert_eq!(phone(input), Err(Invalid::PhoneFormat));
    }

    #[rstest]
    #[case("75123", true)]
    #[case("7512", false)]
    #[case("751234", false)]
    #[case("05123", false)]
    #[case("7512a", false)]
    fn postal_code_is_five_digits(#[case] input: &str, #[case] ok: bool) {
        assert_eq!(postal_code(input).is_ok(), ok);
    }

    #[rstest]
    #[case::plain("budi@example.co.id", true)]
    #[case::upper_is_folded("Budi.Santoso@Example.COM", true)]
    #[case::plus("budi+izin@example.com", true)]
    #[case::no_at("budi.example.com", false)]
    #[case::no_tld("budi@example", false)]
    #[case::double_dot("budi..s@example.com", false)]
    #[case::space("bu di@example.com", false)]
    #[case::empty_local("@example.com", false)]
    #[case::hyphen_label("budi@-example.com", false)]
    fn email_shape(#[case] input: &str, #[case] ok: bool) {
        assert_eq!(email(input).is_ok(), ok);
    }

    #[test]
    fn email_is_lowercased() {
        assert_eq!(email(" Budi@Example.COM ").unwrap(), "budi@example.com");
    }

    #[rstest]
    #[case::good("Kaltim2026", Ok(()))]
    #[case::good_symbols("K@ltim2024Baru", Ok(()))]
    #[case::short("Ka1tim", Err(Invalid::PasswordTooShort))]
    #[case::no_upper("kaltim2026", Err(Invalid::PasswordNoUpper))]
    #[case::no_lower("KALTIM2026", Err(Invalid::PasswordNoLower))]
    #[case::no_digit("KaltimTimur", Err(Invalid::PasswordNoDigit))]
    fn password_policy(#[case] input: &str, #[case] expected: Result<(), Invalid>) {
        assert_eq!(password(input), expected);
    }

    #[test]
    fn password_over_128_characters_is_refused() {
        let long = format!("Aa1{}", "x".repeat(126));
        assert_eq!(password(&long), Err(Invalid::PasswordTooLong));
    }

    #[test]
    fn password_messages_follow_the_registration_form() {
        assert_eq!(
            Invalid::PasswordTooShort.message(),
            "Gunakan minimal 8 karakter atau lebih untuk Password"
        );
        assert_eq!(
            Invalid::PasswordNoUpper.message(),
            "Password harus berisi setidaknya satu Huruf Kapital"
        );
        assert_eq!(
            Invalid::PasswordNoLower.message(),
            "Password harus berisi setidaknya satu Huruf kecil"
        );
    }

    #[rstest]
    #[case("  Budi  ", Ok("Budi".to_owned()))]
    #[case("   ", Err(Invalid::Required))]
    #[case("abcdef", Err(Invalid::TooLong))]
    fn required_text_trims_and_bounds(
        #[case] input: &str,
        #[case] expected: Result<String, Invalid>,
    ) {
        assert_eq!(required_text(input, 5), expected);
    }
}
