//! Tests of the registration and password checks.

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
