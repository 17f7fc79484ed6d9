//! Step 3, Data Perusahaan: the company, or none (the guide's "0" and "-").

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
        self.cleaned() == Perusahaan::default()
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
