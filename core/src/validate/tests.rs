//! Tests of the field validators, kept apart so `validate.rs` holds only the rules.

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
#[case("abcdef", Err(Invalid::TooLong { max: 5 }))]
fn required_text_trims_and_bounds(#[case] input: &str, #[case] expected: Result<String, Invalid>) {
    assert_eq!(required_text(input, 5), expected);
}

#[test]
fn too_long_says_the_limit() {
    assert_eq!(
        required_text(&"a".repeat(121), 120).unwrap_err().message(),
        "Isian terlalu panjang (paling banyak 120 karakter)"
    );
}
