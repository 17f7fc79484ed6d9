//! An application being prepared (a draft): what the five wizard steps of the guide's
//! "Pengajuan Permohonan" collect, and the checks each step must pass before "Lanjut".
//! Every field is kept as typed, so a draft can be saved at any keystroke.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::FieldError;
use crate::catalogue::{ApplicationKind, Catalogue};
use crate::validate::{self, Invalid};

mod perusahaan;
pub use perusahaan::Perusahaan;

/// Step 1 Jenis Izin, 2 Data Pemohon, 3 Data Perusahaan, 4 Lokasi Izin, 5 Data Detail.
pub const STEPS: u8 = 5;

/// Kalimantan Timur's extent (a bounding box with a margin; the exact boundary check comes
/// with the offline map).
pub const LAT_RANGE: (f64, f64) = (-2.6, 2.6);

/// The longitudes (decimal degrees east) a site may have; see [`LAT_RANGE`].
pub const LNG_RANGE: (f64, f64) = (113.8, 119.1);

/// Step 2, Data Pemohon: the applicant's contact details for this application (name, NIK
/// and address come from the account's profile).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(default)]
#[ts(export)]
pub struct Pemohon {
    /// Phone number for this application, as typed (an Indonesian number).
    pub telp: String,
    /// Postal code, 5 digits, as typed.
    pub kode_pos: String,
    /// Contact e-mail address for this application, as typed.
    pub email: String,
}

/// Step 4, Lokasi Izin: the site of the permitted activity, in Kalimantan Timur.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(default)]
#[ts(export)]
pub struct Lokasi {
    /// The street (Jalan); required.
    pub jalan: String,
    /// The house or plot number; optional.
    pub nomor: String,
    /// RT (neighbourhood unit), at most 3 digits; optional.
    pub rt: String,
    /// RW (community unit), at most 3 digits; optional.
    pub rw: String,
    /// Kab/Kota (regency/city): its Kemendagri code, which must be in Kalimantan Timur (`64.`).
    pub kabupaten: String,
    /// Kecamatan (district): its Kemendagri code.
    pub kecamatan: String,
    /// Kelurahan/Desa (village): its Kemendagri code.
    pub kelurahan: String,
    /// Koordinat Lintang, decimal degrees as typed.
    pub lintang: String,
    /// Koordinat Bujur, decimal degrees as typed.
    pub bujur: String,
    /// The site's outline for area permits (izin kawasan), drawn on the map; empty otherwise.
    pub poligon: Vec<Titik>,
}

/// A vertex of a site outline, WGS 84 decimal degrees.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Titik {
    /// Latitude, decimal degrees (negative south of the equator).
    pub lat: f64,
    /// Longitude, decimal degrees east.
    pub lng: f64,
}

/// A document attached to a draft: the file chosen for one requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Attachment {
    /// The id of the requirement (version) it answers.
    pub requirement_id: i32,
    /// The File Saya entry holding the document.
    pub file_id: String,
}

/// Everything a draft holds, step by step: the `data` of a submission and of a revision.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(default)]
#[ts(export)]
pub struct DraftData {
    /// Step 1: the code of the agency chosen.
    pub agency_id: String,
    /// Step 1: the code of the permit type chosen; it must be the agency's.
    pub permit_type_id: String,
    /// Step 1: the kind of application; none until chosen.
    pub kind: Option<ApplicationKind>,
    /// Step 2: the applicant's contact details.
    pub pemohon: Pemohon,
    /// Step 3: the company applied for, if any.
    pub perusahaan: Perusahaan,
    /// Step 4: the site.
    pub lokasi: Lokasi,
    /// Data Detail: what the application is for, in the applicant's words.
    pub keterangan: String,
    /// Data Detail: the permit type's own fields (its catalogue's `details`), by key, as typed.
    pub detail: std::collections::BTreeMap<String, String>,
    /// Step 5: the documents attached, at most one per requirement.
    pub attachments: Vec<Attachment>,
    /// The declaration of step 5, in the guide's words: [`PERNYATAAN`].
    pub pernyataan: bool,
    /// A Perpanjangan started from a permit held (Izin Saya): the application (its id) whose
    /// permit it renews, so the office reads which permit it extends and the permit which
    /// application renews it. None for a permit issued before this system.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub renews: Option<String>,
}

/// The declaration the applicant ticks before sending, word for word as the guide gives it.
pub const PERNYATAAN: &str = "Dengan ini saya menyatakan bahwa data yang saya kirim adalah benar dan valid. Saya bersedia menerima sanksi sesuai dengan ketentuan peraturan perundang-undangan yang berlaku jika data yang saya kirim tidak benar dan tidak valid.";

fn err(field: &str, code: &str, message: &str) -> FieldError {
    FieldError::custom(field, code, message)
}

fn check(errors: &mut Vec<FieldError>, field: &str, r: Result<String, Invalid>) {
    if let Err(why) = r {
        errors.push(FieldError::new(field, why));
    }
}

/// A coordinate as typed (a comma is read as the decimal point), within `range`.
fn coordinate(input: &str, range: (f64, f64)) -> Result<f64, &'static str> {
    let v: f64 = input
        .trim()
        .replace(',', ".")
        .parse()
        .map_err(|_| "Koordinat harus berupa angka desimal")?;
    if !v.is_finite() || v < range.0 || v > range.1 {
        return Err("Koordinat berada di luar wilayah Provinsi Kalimantan Timur");
    }
    Ok(v)
}

impl DraftData {
    /// The problems that keep `step` from being finished; empty when "Lanjut" may go on.
    /// `file_info` tells the kind and size of what an attachment sends (None when its file
    /// is gone): a photo may be sent downscaled for its requirement.
    pub fn check_step(
        &self,
        step: u8,
        catalogue: &Catalogue,
        file_info: &dyn Fn(&Attachment) -> Option<crate::files::FileInfo>,
    ) -> Vec<FieldError> {
        let mut e = Vec::new();
        match step {
            1 => {
                let permit = catalogue.permit_type(&self.permit_type_id);
                if self.agency_id.is_empty() {
                    e.push(err("agency_id", "required", "Pilih Dinas/Badan"));
                }
                match permit {
                    None => e.push(err("permit_type_id", "required", "Pilih Jenis Izin")),
                    Some((a, p)) => {
                        if a.id != self.agency_id {
                            e.push(err(
                                "permit_type_id",
                                "mismatch",
                                "Jenis Izin bukan milik Dinas/Badan yang dipilih",
                            ));
                        }
                        match self.kind {
                            None => e.push(err("kind", "required", "Pilih Jenis Permohonan")),
                            Some(k) if !p.kinds.contains(&k) => e.push(err(
                                "kind",
                                "unavailable",
                                "Jenis Permohonan ini tidak tersedia untuk izin tersebut",
                            )),
                            Some(_) => {}
                        }
                    }
                }
            }
            2 => {
                check(&mut e, "pemohon.telp", validate::phone(&self.pemohon.telp));
                check(
                    &mut e,
                    "pemohon.kode_pos",
                    validate::postal_code(&self.pemohon.kode_pos),
                );
                check(
                    &mut e,
                    "pemohon.email",
                    validate::email(&self.pemohon.email),
                );
            }
            3 => {
                // Optional as a whole, but checked field by field once started.
                let p = &self.perusahaan.cleaned();
                if !p.is_empty() {
                    check(&mut e, "perusahaan.nib", validate::nib(&p.nib));
                    check(&mut e, "perusahaan.npwp", validate::npwp(&p.npwp));
                    check(
                        &mut e,
                        "perusahaan.nama",
                        validate::required_text(&p.nama, 200),
                    );
                    check(
                        &mut e,
                        "perusahaan.alamat",
                        validate::required_text(&p.alamat, 300),
                    );
                    if p.provinsi.is_empty() {
                        e.push(FieldError::new("perusahaan.provinsi", Invalid::Required));
                    }
                    // Each region chosen lies in the one above it.
                    for (f, code, parent) in [
                        ("perusahaan.kabupaten", &p.kabupaten, &p.provinsi),
                        ("perusahaan.kecamatan", &p.kecamatan, &p.kabupaten),
                        ("perusahaan.kelurahan", &p.kelurahan, &p.kecamatan),
                    ] {
                        let inside = code
                            .strip_prefix(parent.as_str())
                            .is_some_and(|r| r.starts_with('.'));
                        if !code.is_empty() && !inside {
                            e.push(err(f, "region", crate::messages::REGION_UNKNOWN));
                        }
                    }
                    if !p.telp.trim().is_empty() {
                        check(&mut e, "perusahaan.telp", validate::phone(&p.telp));
                    }
                    if !p.kode_pos.trim().is_empty() {
                        check(
                            &mut e,
                            "perusahaan.kode_pos",
                            validate::postal_code(&p.kode_pos),
                        );
                    }
                }
            }
            4 => {
                let l = &self.lokasi;
                check(
                    &mut e,
                    "lokasi.jalan",
                    validate::required_text(&l.jalan, 200),
                );
                for (f, v) in [
                    ("lokasi.kabupaten", &l.kabupaten),
                    ("lokasi.kecamatan", &l.kecamatan),
                    ("lokasi.kelurahan", &l.kelurahan),
                ] {
                    if v.is_empty() {
                        e.push(FieldError::new(f, Invalid::Required));
                    }
                }
                if !l.kabupaten.is_empty() && !l.kabupaten.starts_with("64.") {
                    e.push(err(
                        "lokasi.kabupaten",
                        "outside",
                        "Lokasi izin harus di Provinsi Kalimantan Timur",
                    ));
                }
                for (f, v) in [("lokasi.rt", &l.rt), ("lokasi.rw", &l.rw)] {
                    if !v.trim().is_empty()
                        && (v.trim().len() > 3 || !v.trim().bytes().all(|b| b.is_ascii_digit()))
                    {
                        e.push(err(
                            f,
                            "format",
                            "RT/RW berupa angka, paling banyak 3 digit",
                        ));
                    }
                }
                if let Err(m) = coordinate(&l.lintang, LAT_RANGE) {
                    e.push(err("lokasi.lintang", "coordinate", m));
                }
                if let Err(m) = coordinate(&l.bujur, LNG_RANGE) {
                    e.push(err("lokasi.bujur", "coordinate", m));
                }
            }
            5 => {
                check(
                    &mut e,
                    "keterangan",
                    validate::required_text(&self.keterangan, 2000),
                );
                if let Some((_, p)) = catalogue.permit_type(&self.permit_type_id) {
                    e.extend(crate::details::check(&p.details, &self.detail));
                }
                if let (Some((_, p)), Some(kind)) =
                    (catalogue.permit_type(&self.permit_type_id), self.kind)
                {
                    for r in p.requirements_for(kind) {
                        let field = format!("req.{}", r.id);
                        match self.attachments.iter().find(|a| a.requirement_id == r.id) {
                            None if r.mandatory => e.push(err(
                                &field,
                                "required",
                                &format!("Dokumen \"{}\" wajib dilampirkan", r.name),
                            )),
                            None => {}
                            Some(a) => match file_info(a) {
                                None => e.push(err(
                                    &field,
                                    "missing",
                                    "File tidak ada lagi di File Saya; pilih ulang",
                                )),
                                Some(f) if !r.formats.contains(&f.kind) => {
                                    let allowed: Vec<&str> =
                                        r.formats.iter().map(|f| f.label()).collect();
                                    e.push(err(
                                        &field,
                                        "format",
                                        &format!(
                                            "Format {} tidak diterima; gunakan {}",
                                            f.kind.label(),
                                            allowed.join(", ")
                                        ),
                                    ));
                                }
                                Some(f) if f.size > r.max_bytes() => e.push(err(
                                    &field,
                                    "too_large",
                                    &format!(
                                        "Ukuran file {} melebihi batas {} MB untuk dokumen \"{}\"",
                                        crate::files::size_mb(f.size),
                                        r.max_mb,
                                        r.name
                                    ),
                                )),
                                Some(_) => {}
                            },
                        }
                    }
                    // Every attachment must answer one requirement of this permit type and
                    // kind (a retired version does not), and no requirement twice. After the
                    // requirements' own checks: what is missing is the summary.
                    let mut seen = std::collections::HashSet::new();
                    for a in &self.attachments {
                        let field = format!("req.{}", a.requirement_id);
                        if !p.requirements_for(kind).any(|r| r.id == a.requirement_id) {
                            e.push(err(
                                &field,
                                "requirement_unknown",
                                "Dokumen ini bukan persyaratan jenis izin yang dipilih",
                            ));
                        } else if !seen.insert(a.requirement_id) {
                            e.push(err(
                                &field,
                                "requirement_duplicate",
                                "Persyaratan ini dilampirkan lebih dari sekali",
                            ));
                        }
                    }
                }
                if !self.pernyataan {
                    e.push(err(
                        "pernyataan",
                        "required",
                        "Centang pernyataan kebenaran data sebelum mengirim",
                    ));
                }
            }
            _ => e.push(err("step", "unknown", "Langkah tidak dikenal")),
        }
        e
    }
}

#[cfg(test)]
mod tests;
