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
pub const LNG_RANGE: (f64, f64) = (113.8, 119.1);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(default)]
#[ts(export)]
pub struct Pemohon {
    pub telp: String,
    pub kode_pos: String,
    pub email: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(default)]
#[ts(export)]
pub struct Perusahaan {
    pub nib: String,
    pub npwp: String,
    pub npwpd: String,
    pub nama: String,
    pub alamat: String,
    pub kabupaten: String,
    pub kecamatan: String,
    pub kelurahan: String,
    pub bentuk: String,
    pub status: String,
    pub telp: String,
    pub kode_pos: String,
}

impl Perusahaan {
    fn is_empty(&self) -> bool {
        self == &Perusahaan::default()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(default)]
#[ts(export)]
pub struct Lokasi {
    pub jalan: String,
    pub nomor: String,
    pub rt: String,
    pub rw: String,
    pub kabupaten: String,
    pub kecamatan: String,
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
    pub lat: f64,
    pub lng: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Attachment {
    pub requirement_id: i32,
    /// The File Saya entry holding the document.
    pub file_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(default)]
#[ts(export)]
pub struct DraftData {
    pub agency_id: String,
    pub permit_type_id: String,
    pub kind: Option<ApplicationKind>,
    pub pemohon: Pemohon,
    pub perusahaan: Perusahaan,
    pub lokasi: Lokasi,
    /// Data Detail: what the application is for, in the applicant's words.
    pub keterangan: String,
    pub attachments: Vec<Attachment>,
    /// "Saya menyatakan bahwa data dan dokumen yang saya isi adalah benar."
    pub pernyataan: bool,
}

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
    /// `file_kind` tells the kind of a File Saya entry (None when it is gone).
    pub fn check_step(
        &self,
        step: u8,
        catalogue: &Catalogue,
        file_info: &dyn Fn(&str) -> Option<crate::files::FileInfo>,
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
                let p = &self.perusahaan;
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
                            Some(a) => match file_info(&a.file_id) {
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
