//! The issued permit (izin) and its electronic signature (TTE): the canonical content that
//! is signed, the QR payload printed on the permit, and verification with the office's
//! public key — the same code on the server (the public verification page) and on the
//! desktop (offline, with the key shipped with the app).
//!
//! Ed25519 here; a certified provider (BSrE, PAdES) can replace the server's signer. The
//! QR holds the verification URL with the content and the signature, so a printed permit
//! can be checked with no network at all.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dossier::Titik;

/// What the head of office signs. The field order is the canonical order: the signed
/// bytes are this struct as compact JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct IzinContent {
    /// The official number, e.g. `503/0007/DPMPTSP-KT/2026`.
    pub nomor: String,
    /// The application's id (UUID); the permit's verification address names it.
    pub application_id: String,
    /// The application's resi, formatted `XXXX-XXXX-XXX`.
    pub resi: String,
    /// The permit holder's name: the applicant, as their account names them.
    pub pemegang: String,
    /// The company's name from Data Perusahaan; empty when a person applied for themselves.
    pub perusahaan: String,
    /// The name of the permit type, as it was when signed.
    pub jenis_izin: String,
    /// The permit type's code.
    pub permit_type_id: String,
    /// The application kind's label, e.g. "Perpanjangan".
    pub jenis_permohonan: String,
    /// The site's address as printed: street, number, RT/RW, then the village, district and
    /// regency names.
    pub lokasi: String,
    /// The site's latitude, decimal degrees as the applicant typed it.
    pub lintang: String,
    /// The site's longitude, decimal degrees as the applicant typed it.
    pub bujur: String,
    /// An area permit's outline (see [`outline_text`]); absent from the signed bytes of a
    /// point permit, so permits signed before outlines existed verify unchanged.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[ts(as = "Option<String>", optional)]
    pub poligon: String,
    /// The permit type's printed Data Detail (e.g. "Debit air" "120 m³/hari"); absent from
    /// the signed bytes when there is none, so permits signed before it verify unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<Rincian>>", optional)]
    pub rincian: Vec<Rincian>,
    /// Dates as YYYY-MM-DD (WITA).
    pub terbit: String,
    /// The last day the permit is valid (YYYY-MM-DD, WITA); empty when it does not expire.
    pub berlaku_sampai: String,
    /// The name of the head of office who signed it.
    pub penandatangan: String,
    /// The signer's position as printed, e.g. "Kepala DPMPTSP Provinsi Kalimantan Timur".
    pub jabatan: String,
    /// Which office key signed it.
    pub key_id: String,
    /// The office's public verification address (the QR code opens
    /// `{verifikasi_url}/v/{application_id}`); signed, so a forged address shows.
    pub verifikasi_url: String,
}

/// One printed line of a permit's Data Detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Rincian {
    /// The field's label, e.g. "Debit air yang dimohon".
    pub label: String,
    /// The value with its unit, e.g. "120 m³/hari".
    pub nilai: String,
}

impl IzinContent {
    /// The bytes that are signed.
    pub fn canonical(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("plain strings serialise")
    }
}

/// A permit with its signature (base64url, 64 bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SignedIzin {
    /// What was signed.
    pub content: IzinContent,
    /// The Ed25519 signature of [`IzinContent::canonical`], base64url without padding.
    pub signature: String,
}

/// Why a permit or a scanned code does not check out; the message (Indonesian) is shown
/// to whoever checks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The text is not a permit's QR code as [`qr_payload`] writes it, or cannot be read.
    #[error("Kode QR bukan kode verifikasi izin E-PTSP")]
    NotAPermitCode,
    /// The signature does not match the content: the content was changed, or another key signed it.
    #[error(
        "Tanda tangan elektronik tidak sah: isi izin telah diubah atau bukan diterbitkan kantor ini"
    )]
    BadSignature,
    /// The public key given is not a valid Ed25519 key.
    #[error("Kunci publik kantor tidak valid")]
    BadKey,
}

/// Checks `izin` against the office's public key (32 bytes).
pub fn verify(izin: &SignedIzin, public_key: &[u8; 32]) -> Result<(), VerifyError> {
    let key = VerifyingKey::from_bytes(public_key).map_err(|_| VerifyError::BadKey)?;
    let sig: [u8; 64] = B64
        .decode(&izin.signature)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(VerifyError::BadSignature)?;
    key.verify(&izin.content.canonical(), &Signature::from_bytes(&sig))
        .map_err(|_| VerifyError::BadSignature)
}

/// Encodes a signature for [`SignedIzin::signature`].
pub fn encode_signature(sig: &[u8; 64]) -> String {
    B64.encode(sig)
}

/// An outline as the permit records it: "lat,lng" pairs with 6 decimals (about 0.1 m),
/// separated by spaces. Compact, because the QR code carries the whole signed content.
pub fn outline_text(vertices: &[Titik]) -> String {
    vertices
        .iter()
        .map(|t| format!("{:.6},{:.6}", t.lat, t.lng))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The vertices of an outline written by [`outline_text`] (pairs that are not two numbers
/// are skipped).
pub fn outline_points(text: &str) -> Vec<Titik> {
    text.split_whitespace()
        .filter_map(|pair| {
            let (lat, lng) = pair.split_once(',')?;
            Some(Titik {
                lat: lat.parse().ok()?,
                lng: lng.parse().ok()?,
            })
        })
        .collect()
}

/// The text of the permit's QR code: `{verifikasi_url}/v/{application_id}?d={content}&s={signature}`,
/// a page on the office's server that anyone can open, which also carries everything an
/// offline check needs.
pub fn qr_payload(izin: &SignedIzin) -> String {
    format!(
        "{}/v/{}?d={}&s={}",
        izin.content.verifikasi_url.trim_end_matches('/'),
        izin.content.application_id,
        B64.encode(izin.content.canonical()),
        izin.signature
    )
}

/// Reads a QR text made by [`qr_payload`] back into the permit it carries (unchecked:
/// pass it to [`verify`]).
pub fn parse_qr(text: &str) -> Result<SignedIzin, VerifyError> {
    let query = text
        .trim()
        .split_once("/v/")
        .and_then(|(_, rest)| rest.split_once('?'))
        .map(|(_, q)| q)
        .ok_or(VerifyError::NotAPermitCode)?;
    let mut d = None;
    let mut s = None;
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("d", v)) => d = Some(v),
            Some(("s", v)) => s = Some(v),
            _ => {}
        }
    }
    let (d, s) = d.zip(s).ok_or(VerifyError::NotAPermitCode)?;
    let json = B64.decode(d).map_err(|_| VerifyError::NotAPermitCode)?;
    let content: IzinContent =
        serde_json::from_slice(&json).map_err(|_| VerifyError::NotAPermitCode)?;
    Ok(SignedIzin {
        content,
        signature: s.to_owned(),
    })
}

/// A region's name as printed: the reference data writes provinces and regencies in
/// capitals ("KOTA SAMARINDA"), which a permit shows as "Kota Samarinda".
pub fn region_display(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_owned();
    }
    name.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// The official number from the office's pattern: `{seq}` (4 digits) and `{year}`.
pub fn format_number(pattern: &str, seq: i64, year: i32) -> String {
    pattern
        .replace("{seq}", &format!("{seq:04}"))
        .replace("{year}", &year.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    fn key() -> SigningKey {
        SigningKey::from_bytes(&[7u8; 32])
    }

    fn content() -> IzinContent {
        IzinContent {
            nomor: "503/0001/DPMPTSP-KT/2026".into(),
            application_id: "0b6f3c9e-8a43-4d5e-9a51-2f0c7e7d1a11".into(),
            resi: "7K3M-Q9X2-H4T".into(),
            pemegang: "Ani Lestari".into(),
            perusahaan: "CV Es Balok Mahakam".into(),
            jenis_izin: "Izin Pengusahaan Air Tanah (SIPA)".into(),
            permit_type_id: "sipa".into(),
            jenis_permohonan: "Baru".into(),
            lokasi: "Jl. Gajah Mada No. 12, Samarinda".into(),
            lintang: "-0.502106".into(),
            bujur: "117.153709".into(),
            poligon: String::new(),
            rincian: Vec::new(),
            terbit: "2026-11-23".into(),
            berlaku_sampai: "2029-11-23".into(),
            penandatangan: "Dr. H. Ahmad Fauzi, M.Si.".into(),
            jabatan: "Kepala DPMPTSP Provinsi Kalimantan Timur".into(),
            key_id: "dev-1".into(),
            verifikasi_url: "https://eptsp.kaltimprov.go.id/".into(),
        }
    }

    fn signed() -> SignedIzin {
        let c = content();
        let sig = key().sign(&c.canonical());
        SignedIzin {
            content: c,
            signature: encode_signature(&sig.to_bytes()),
        }
    }

    #[test]
    fn a_signed_permit_verifies_and_survives_its_qr_code() {
        let pk = key().verifying_key().to_bytes();
        let izin = signed();
        assert_eq!(verify(&izin, &pk), Ok(()));
        let qr = qr_payload(&izin);
        assert!(qr.starts_with(
            "https://eptsp.kaltimprov.go.id/v/0b6f3c9e-8a43-4d5e-9a51-2f0c7e7d1a11?d="
        ));
        let back = parse_qr(&qr).unwrap();
        assert_eq!(back, izin);
        assert_eq!(verify(&back, &pk), Ok(()));
    }

    #[test]
    fn a_point_permit_signs_the_same_bytes_as_before_outlines_existed() {
        let canonical = String::from_utf8(content().canonical()).unwrap();
        assert_eq!(
            canonical,
            r#"{"nomor":"503/0001/DPMPTSP-KT/2026","application_id":"0b6f3c9e-8a43-4d5e-9a51-2f0c7e7d1a11","resi":"7K3M-Q9X2-H4T","pemegang":"Ani Lestari","perusahaan":"CV Es Balok Mahakam","jenis_izin":"Izin Pengusahaan Air Tanah (SIPA)","permit_type_id":"sipa","jenis_permohonan":"Baru","lokasi":"Jl. Gajah Mada No. 12, Samarinda","lintang":"-0.502106","bujur":"117.153709","terbit":"2026-11-23","berlaku_sampai":"2029-11-23","penandatangan":"Dr. H. Ahmad Fauzi, M.Si.","jabatan":"Kepala DPMPTSP Provinsi Kalimantan Timur","key_id":"dev-1","verifikasi_url":"https://eptsp.kaltimprov.go.id/"}"#
        );
        let back: IzinContent = serde_json::from_str(&canonical).unwrap();
        assert_eq!(back, content());
    }

    #[test]
    fn an_area_permit_signs_its_outline_and_carries_it_in_the_qr_code() {
        let square = [
            (-0.49, 117.14),
            (-0.49, 117.16),
            (-0.51, 117.16),
            (-0.51, 117.14),
        ]
        .map(|(lat, lng)| Titik { lat, lng });
        let mut c = content();
        c.poligon = outline_text(&square);
        assert_eq!(
            c.poligon,
            "-0.490000,117.140000 -0.490000,117.160000 -0.510000,117.160000 -0.510000,117.140000"
        );
        assert_eq!(outline_points(&c.poligon), square);
        assert!(
            String::from_utf8(c.canonical())
                .unwrap()
                .contains(r#""bujur":"117.153709","poligon":"-0.490000,117.140000 "#)
        );
        let izin = SignedIzin {
            signature: encode_signature(&key().sign(&c.canonical()).to_bytes()),
            content: c,
        };
        let pk = key().verifying_key().to_bytes();
        let back = parse_qr(&qr_payload(&izin)).unwrap();
        assert_eq!(back, izin);
        assert_eq!(verify(&back, &pk), Ok(()));
        // A vertex moved by 0.1 m is another permit.
        let mut moved = izin.clone();
        moved.content.poligon = moved
            .content
            .poligon
            .replacen("117.140000", "117.140001", 1);
        assert_eq!(verify(&moved, &pk), Err(VerifyError::BadSignature));
        // The outline dropped altogether, too.
        let mut dropped = izin;
        dropped.content.poligon.clear();
        assert_eq!(verify(&dropped, &pk), Err(VerifyError::BadSignature));
        assert_eq!(
            outline_points("-0.5,117.1 bukan,angka -0.6"),
            [Titik {
                lat: -0.5,
                lng: 117.1
            }]
        );
    }

    #[test]
    fn any_change_to_the_content_breaks_the_signature() {
        let pk = key().verifying_key().to_bytes();
        let mut izin = signed();
        izin.content.berlaku_sampai = "2039-11-23".into();
        assert_eq!(verify(&izin, &pk), Err(VerifyError::BadSignature));
        let mut izin = signed();
        izin.content.pemegang = "Ani Lestary".into();
        assert_eq!(verify(&izin, &pk), Err(VerifyError::BadSignature));
    }

    #[test]
    fn another_key_or_a_mangled_signature_is_refused() {
        let other = SigningKey::from_bytes(&[9u8; 32])
            .verifying_key()
            .to_bytes();
        assert_eq!(verify(&signed(), &other), Err(VerifyError::BadSignature));
        let mut izin = signed();
        izin.signature = "bukan-tanda-tangan".into();
        let pk = key().verifying_key().to_bytes();
        assert_eq!(verify(&izin, &pk), Err(VerifyError::BadSignature));
    }

    #[test]
    fn other_qr_codes_are_not_permits() {
        for text in [
            "7K3M-Q9X2-H4T",
            "https://example.com/v/abc",
            "https://example.com/v/abc?d=!!&s=x",
        ] {
            assert_eq!(parse_qr(text), Err(VerifyError::NotAPermitCode), "{text}");
        }
    }

    #[test]
    fn regions_in_capitals_are_printed_in_title_case() {
        assert_eq!(region_display("KOTA SAMARINDA"), "Kota Samarinda");
        assert_eq!(
            region_display("KABUPATEN KUTAI KARTANEGARA"),
            "Kabupaten Kutai Kartanegara"
        );
        assert_eq!(region_display("Rawa Makmur"), "Rawa Makmur");
    }

    #[test]
    fn numbers_follow_the_pattern() {
        assert_eq!(
            format_number("503/{seq}/DPMPTSP-KT/{year}", 7, 2026),
            "503/0007/DPMPTSP-KT/2026"
        );
        assert_eq!(format_number("{year}-{seq}", 12345, 2027), "2027-12345");
    }
}
