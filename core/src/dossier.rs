//! An application being prepared (a draft): what the five wizard steps of the guide's
//! "Pengajuan Permohonan" collect, and the checks each step must pass before "Lanjut".
//! Every field is kept as typed, so a draft can be saved at any keystroke.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::FieldError;
use crate::catalogue::{ApplicationKind, Catalogue};
use crate::validate::{self, Invalid};

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

/// Step 3, Data Perusahaan: the company the application is made for. All empty when a
/// person applies for themselves (the guide lets them type "0" or "-" instead, which counts
/// as empty); once any field is filled, the required ones are checked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(default)]
#[ts(export)]
pub struct Perusahaan {
    /// NIB (business ID number, issued by the national OSS system), 13 digits.
    pub nib: String,
    /// NPWP (tax number): 15 digits, or the 16-digit form (a NIK or 0 + 15 digits).
    pub npwp: String,
    /// NPWPD (regional tax number); optional and not checked.
    pub npwpd: String,
    /// The company's name as in its deed (akta).
    pub nama: String,
    /// The company's street address.
    pub alamat: String,
    /// Provinsi of the address, as its Kemendagri code, e.g. `64`; any province (a company
    /// from Jakarta may apply for a site in Kalimantan Timur). Empty in drafts made before it
    /// was asked: then the Kab/Kota's code tells it.
    pub provinsi: String,
    /// Kab/Kota (regency/city) of the address, as its Kemendagri (Home Affairs) code, e.g. `64.72`.
    pub kabupaten: String,
    /// Kecamatan (district) of the address, as its Kemendagri code.
    pub kecamatan: String,
    /// Kelurahan/Desa (village) of the address, as its Kemendagri code.
    pub kelurahan: String,
    /// Legal form: PT, CV, Koperasi, Firma, Yayasan, BUMD or Lainnya (other).
    pub bentuk: String,
    /// Whether this is the head office (Pusat) or a branch (Cabang).
    pub status: String,
    /// The company's phone number; optional.
    pub telp: String,
    /// The company's postal code, 5 digits; optional.
    pub kode_pos: String,
}

/// Whether a typed value means "nothing here": blank, or the guide's "0" or "-" placeholder.
fn is_placeholder(v: &str) -> bool {
    matches!(v.trim(), "" | "0" | "-")
}

impl Perusahaan {
    /// The typed fields, which may hold a placeholder.
    fn typed_mut(&mut self) -> [&mut String; 7] {
        [
            &mut self.nib,
            &mut self.npwp,
            &mut self.npwpd,
            &mut self.nama,
            &mut self.alamat,
            &mut self.telp,
            &mut self.kode_pos,
        ]
    }

    /// No company: every typed field blank or a placeholder, nothing chosen in a list.
    pub fn is_empty(&self) -> bool {
        [
            &self.nib,
            &self.npwp,
            &self.npwpd,
            &self.nama,
            &self.alamat,
            &self.telp,
            &self.kode_pos,
        ]
        .iter()
        .all(|v| is_placeholder(v))
            && [
                &self.provinsi,
                &self.kabupaten,
                &self.kecamatan,
                &self.kelurahan,
                &self.bentuk,
                &self.status,
            ]
            .iter()
            .all(|v| v.is_empty())
    }

    /// The company as it is kept: placeholders emptied, the province filled in from the
    /// Kab/Kota of an older draft.
    pub fn cleaned(&self) -> Perusahaan {
        let mut c = self.clone();
        for v in c.typed_mut() {
            if is_placeholder(v) {
                v.clear();
            }
        }
        if let Some((prov, _)) = c.kabupaten.split_once('.')
            && c.provinsi.is_empty()
        {
            c.provinsi = prov.to_owned();
        }
        c
    }
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
    /// Step 5: the documents attached, at most one per requirement.
    pub attachments: Vec<Attachment>,
    /// The declaration of step 5, in the guide's words: [`PERNYATAAN`].
    pub pernyataan: bool,
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
