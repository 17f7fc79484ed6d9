//! Tests of the draft's step checks, kept apart so `dossier.rs` holds only the rules.

use super::*;
use crate::catalogue::{Agency, PermitType, Requirement};
use crate::files::{FileInfo, FileKind};

fn catalogue() -> Catalogue {
    Catalogue {
        version: 1,
        agencies: vec![Agency {
            id: "esdm".into(),
            name: "Dinas ESDM".into(),
            short_name: "ESDM".into(),
            permit_types: vec![PermitType {
                id: "sipa".into(),
                name: "SIPA".into(),
                description: String::new(),
                sla_days: 14,
                validity_years: Some(5),
                kinds: vec![ApplicationKind::Baru, ApplicationKind::Perpanjangan],
                details: vec![],
                requirements: vec![
                    Requirement {
                        id: 1,
                        name: "KTP".into(),
                        description: String::new(),
                        mandatory: true,
                        formats: vec![FileKind::Jpg, FileKind::Pdf],
                        max_mb: 5,
                        kinds: vec![ApplicationKind::Baru],
                        photo_max_px: crate::catalogue::PHOTO_MAX_PX,
                    },
                    Requirement {
                        id: 2,
                        name: "Surat Kuasa".into(),
                        description: String::new(),
                        mandatory: false,
                        formats: vec![FileKind::Pdf],
                        max_mb: 5,
                        kinds: vec![ApplicationKind::Baru],
                        photo_max_px: crate::catalogue::PHOTO_MAX_PX,
                    },
                ],
            }],
        }],
    }
}

fn codes(e: &[FieldError]) -> Vec<(&str, &str)> {
    e.iter()
        .map(|f| (f.field.as_str(), f.code.as_str()))
        .collect()
}

fn no_files(_: &Attachment) -> Option<FileInfo> {
    None
}

#[test]
fn step_one_needs_an_agency_its_permit_and_an_offered_kind() {
    let c = catalogue();
    let mut d = DraftData::default();
    assert_eq!(
        codes(&d.check_step(1, &c, &no_files)),
        vec![("agency_id", "required"), ("permit_type_id", "required")]
    );
    d.agency_id = "esdm".into();
    d.permit_type_id = "sipa".into();
    d.kind = Some(ApplicationKind::Perubahan);
    assert_eq!(
        codes(&d.check_step(1, &c, &no_files)),
        vec![("kind", "unavailable")]
    );
    d.kind = Some(ApplicationKind::Baru);
    assert!(d.check_step(1, &c, &no_files).is_empty());
}

#[test]
fn step_two_checks_the_editable_contact_fields() {
    let d = DraftData {
        pemohon: Pemohon {
            telp: "0812".into(),
            kode_pos: "75124".into(),
            email: "a@b".into(),
        },
        ..DraftData::default()
    };
    assert_eq!(
        codes(&d.check_step(2, &catalogue(), &no_files)),
        vec![
            ("pemohon.telp", "phone_format"),
            ("pemohon.email", "email_format")
        ]
    );
}

#[test]
fn the_company_step_may_be_skipped_but_not_half_filled() {
    let c = catalogue();
    let mut d = DraftData::default();
    assert!(d.check_step(3, &c, &no_files).is_empty());
    d.perusahaan.nama = "PT Mahakam Jaya".into();
    let errors = d.check_step(3, &c, &no_files);
    let fields: Vec<&str> = errors.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        vec![
            "perusahaan.nib",
            "perusahaan.npwp",
            "perusahaan.alamat",
            "perusahaan.provinsi"
        ]
    );
}

#[test]
fn coordinates_must_be_numbers_inside_kalimantan_timur() {
    let c = catalogue();
    let mut d = DraftData {
        lokasi: Lokasi {
            jalan: "Jl. Gajah Mada".into(),
            kabupaten: "64.72".into(),
            kecamatan: "64.72.01".into(),
            kelurahan: "64.72.01.1001".into(),
            lintang: "-0,502106".into(),
            bujur: "117.153709".into(),
            ..Lokasi::default()
        },
        ..DraftData::default()
    };
    assert!(d.check_step(4, &c, &no_files).is_empty());
    d.lokasi.lintang = "-6.2".into();
    d.lokasi.bujur = "utara".into();
    let e = d.check_step(4, &c, &no_files);
    assert_eq!(
        e[0].message,
        "Koordinat berada di luar wilayah Provinsi Kalimantan Timur"
    );
    assert_eq!(e[1].message, "Koordinat harus berupa angka desimal");
}

#[test]
fn the_last_step_needs_every_mandatory_document_in_an_accepted_format_and_the_declaration() {
    let c = catalogue();
    let mut d = DraftData {
        agency_id: "esdm".into(),
        permit_type_id: "sipa".into(),
        kind: Some(ApplicationKind::Baru),
        keterangan: "Sumur bor untuk pabrik es".into(),
        ..DraftData::default()
    };
    let files = |a: &Attachment| {
        let (kind, size) = match a.file_id.as_str() {
            "f-png" => (FileKind::Png, 1000),
            "f-pdf" => (FileKind::Pdf, 1000),
            _ => return None,
        };
        Some(FileInfo { kind, size })
    };
    assert_eq!(
        codes(&d.check_step(5, &c, &files)),
        vec![("req.1", "required"), ("pernyataan", "required")]
    );
    d.attachments.push(Attachment {
        requirement_id: 1,
        file_id: "f-png".into(),
    });
    d.pernyataan = true;
    let e = d.check_step(5, &c, &files);
    assert_eq!(e[0].message, "Format PNG tidak diterima; gunakan JPG, PDF");
    d.attachments[0].file_id = "f-pdf".into();
    assert!(d.check_step(5, &c, &files).is_empty());
    d.attachments[0].file_id = "hilang".into();
    assert_eq!(
        codes(&d.check_step(5, &c, &files)),
        vec![("req.1", "missing")]
    );
}

#[test]
fn the_last_step_holds_each_document_to_its_own_size_limit() {
    let c = catalogue();
    let mut d = DraftData {
        agency_id: "esdm".into(),
        permit_type_id: "sipa".into(),
        kind: Some(ApplicationKind::Baru),
        keterangan: "Sumur bor".into(),
        pernyataan: true,
        attachments: vec![Attachment {
            requirement_id: 1,
            file_id: "f-pdf-6mb".into(),
        }],
        ..DraftData::default()
    };
    let files = |a: &Attachment| {
        let size = match a.file_id.as_str() {
            "f-pdf-6mb" => 6 * 1024 * 1024 + 1,
            "f-pdf-5mb" => 5 * 1024 * 1024,
            _ => return None,
        };
        Some(FileInfo {
            kind: FileKind::Pdf,
            size,
        })
    };
    let e = d.check_step(5, &c, &files);
    assert_eq!(codes(&e), vec![("req.1", "too_large")]);
    assert_eq!(
        e[0].message,
        "Ukuran file 6,1 MB melebihi batas 5 MB untuk dokumen \"KTP\""
    );
    // Exactly the limit is allowed.
    d.attachments[0].file_id = "f-pdf-5mb".into();
    assert!(d.check_step(5, &c, &files).is_empty());
}

#[test]
fn an_attachment_must_answer_one_requirement_of_the_chosen_permit_once() {
    let c = catalogue();
    let pdf = |_: &Attachment| {
        Some(FileInfo {
            kind: FileKind::Pdf,
            size: 10,
        })
    };
    let att = |requirement_id| Attachment {
        requirement_id,
        file_id: "f".into(),
    };
    let mut d = DraftData {
        agency_id: "esdm".into(),
        permit_type_id: "sipa".into(),
        kind: Some(ApplicationKind::Baru),
        keterangan: "Sumur bor".into(),
        pernyataan: true,
        attachments: vec![att(1), att(1), att(99)],
        ..DraftData::default()
    };
    assert_eq!(
        codes(&d.check_step(5, &c, &pdf)),
        vec![
            ("req.1", "requirement_duplicate"),
            ("req.99", "requirement_unknown")
        ]
    );
    // A requirement of the permit, but not asked of this kind of application.
    d.kind = Some(ApplicationKind::Perpanjangan);
    d.attachments = vec![att(2)];
    assert_eq!(
        codes(&d.check_step(5, &c, &pdf)),
        vec![("req.2", "requirement_unknown")]
    );
}

#[test]
fn a_person_may_fill_the_company_step_with_the_guides_placeholders() {
    let c = catalogue();
    let mut d = DraftData::default();
    for (i, v) in ["0", "-", " - ", ""].iter().enumerate() {
        d.perusahaan.nib = v.to_string();
        d.perusahaan.npwp = ["-", "0"][i % 2].into();
        d.perusahaan.nama = v.to_string();
        d.perusahaan.alamat = "0".into();
        assert!(d.perusahaan.is_empty(), "{:?}", d.perusahaan);
        assert!(d.check_step(3, &c, &no_files).is_empty());
        // What is kept has no placeholders left in it.
        assert_eq!(d.perusahaan.cleaned(), Perusahaan::default());
    }
    // A real value next to a placeholder is a company half filled in.
    d.perusahaan.nama = "CV Borneo Lestari".into();
    assert!(!d.perusahaan.is_empty());
    let fields: Vec<String> = d
        .check_step(3, &c, &no_files)
        .into_iter()
        .map(|f| f.field)
        .collect();
    assert_eq!(
        fields,
        [
            "perusahaan.nib",
            "perusahaan.npwp",
            "perusahaan.alamat",
            "perusahaan.provinsi"
        ]
    );
}

#[test]
fn a_company_may_be_from_any_province_with_its_regions_nested() {
    let c = catalogue();
    let mut d = DraftData {
        perusahaan: Perusahaan {
            nib: "8120000761234".into(),
            npwp: "012345678901000".into(),
            nama: "PT Nusantara Jaya".into(),
            alamat: "Jl. Sudirman Kav. 1".into(),
            provinsi: "31".into(),
            kabupaten: "31.71".into(),
            kecamatan: "31.71.01".into(),
            kelurahan: "31.71.01.1001".into(),
            ..Perusahaan::default()
        },
        ..DraftData::default()
    };
    assert_eq!(d.check_step(3, &c, &no_files), vec![]);
    // A Kab/Kota of another province is refused, as is a village of another district.
    d.perusahaan.kabupaten = "64.72".into();
    let fields: Vec<String> = d
        .check_step(3, &c, &no_files)
        .into_iter()
        .map(|f| f.field)
        .collect();
    assert_eq!(fields, ["perusahaan.kabupaten", "perusahaan.kecamatan"]);
    // A draft from before Provinsi was asked takes it from its Kab/Kota.
    d.perusahaan.provinsi.clear();
    d.perusahaan.kecamatan = "64.72.01".into();
    d.perusahaan.kelurahan = "64.72.01.1001".into();
    assert_eq!(d.check_step(3, &c, &no_files), vec![]);
    assert_eq!(d.perusahaan.cleaned().provinsi, "64");
}

#[test]
fn the_desktop_shows_the_declaration_in_the_guides_words() {
    let ui = include_str!("../../../ui/src/texts.ts");
    assert!(ui.contains(&format!("\"{PERNYATAAN}\"")), "ui/src/texts.ts");
    assert!(PERNYATAAN.contains("Saya bersedia menerima sanksi"));
}

#[test]
fn the_last_step_checks_the_permit_types_own_data_detail() {
    let mut c = catalogue();
    c.agencies[0].permit_types[0].details = vec![crate::details::DetailField {
        key: "debit_air".into(),
        label: "Debit air".into(),
        kind: crate::details::DetailKind::Number,
        required: true,
        unit: "m³/hari".into(),
        options: vec![],
        min: Some(1),
        max: Some(5000),
        printed: true,
    }];
    let pdf = |_: &Attachment| {
        Some(FileInfo {
            kind: FileKind::Pdf,
            size: 10,
        })
    };
    let mut d = DraftData {
        agency_id: "esdm".into(),
        permit_type_id: "sipa".into(),
        kind: Some(ApplicationKind::Baru),
        keterangan: "Sumur bor".into(),
        pernyataan: true,
        attachments: vec![Attachment {
            requirement_id: 1,
            file_id: "f".into(),
        }],
        ..DraftData::default()
    };
    assert_eq!(
        codes(&d.check_step(5, &c, &pdf)),
        vec![("detail.debit_air", "required")]
    );
    d.detail.insert("debit_air".into(), "120,5".into());
    assert!(d.check_step(5, &c, &pdf).is_empty());
    d.detail.insert("debit_air".into(), "9000".into());
    assert_eq!(
        d.check_step(5, &c, &pdf)[0].message,
        "Debit air paling banyak 5000 m³/hari"
    );
}
