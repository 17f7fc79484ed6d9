//! The wire types of sending an application: resumable uploads of its files (by SHA-256,
//! with byte offsets, after the tus protocol's core) and the idempotent submission.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalogue::ApplicationKind;
use crate::dossier::DraftData;

/// Announces a file before its bytes: what it is called and how long it is.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct UploadStart {
    pub sha256: String,
    #[ts(type = "number")]
    pub size: u64,
    pub name: String,
}

/// Where an upload stands: `complete` (the server has the file; send nothing) or the
/// offset to continue from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct UploadStatus {
    pub sha256: String,
    #[ts(type = "number")]
    pub offset: u64,
    #[ts(type = "number")]
    pub size: u64,
    pub complete: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SubmittedFile {
    pub requirement_id: i32,
    pub sha256: String,
}

/// The application as sent. `id` is made by the client when the applicant presses
/// "Kirim"; sending it again returns the same resi.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SubmitRequest {
    pub id: String,
    pub data: DraftData,
    pub files: Vec<SubmittedFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SubmitResponse {
    pub id: String,
    /// Formatted `XXXX-XXXX-XXX`.
    pub resi: String,
    pub permit_type_id: String,
    pub kind: ApplicationKind,
    pub status: String,
    pub submitted_at: String,
}

/// A SHA-256 in lower-case hex.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// One entry of an application's tracking log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct TrackingEntry {
    pub status: String,
    pub status_label: String,
    pub note: String,
    pub at: String,
}

/// What anyone holding a resi may see (Monitoring Izin, no login): the applicant's name
/// masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct MonitoringView {
    pub resi: String,
    pub tanggal: String,
    pub nama_pemohon: String,
    pub jenis_izin: String,
    pub jenis_permohonan: String,
    pub status: String,
    pub status_label: String,
    pub keterangan: String,
    pub timeline: Vec<TrackingEntry>,
    /// The reason, when the application was rejected.
    pub catatan_penolakan: Option<String>,
}

/// A tracking entry of one of the caller's applications, for the desktop's pull.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Change {
    /// The entry's id: the desktop keeps each once.
    #[ts(type = "number")]
    pub seq: i64,
    pub application_id: String,
    pub resi: String,
    pub status: String,
    pub note: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Changes {
    pub changes: Vec<Change>,
    /// Where to continue from next time.
    #[ts(type = "number")]
    pub cursor: i64,
}

/// The status names of the guide (seed 002).
pub fn status_label(status: &str) -> &'static str {
    match status {
        "diajukan" => "Menunggu Verifikasi",
        "verifikasi" => "Sedang Diproses",
        "perlu_perbaikan" => "Perlu Perbaikan",
        "disetujui" => "Disetujui",
        "ditolak" => "Ditolak",
        "selesai" => "Selesai",
        _ => "Tidak Diketahui",
    }
}

/// Masks a name for public view: each word keeps its first letter ("Ani Lestari, S.E." →
/// "A** L******, S.E.").
pub fn mask_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_word = false;
    for c in name.chars() {
        if c.is_alphabetic() {
            out.push(if in_word { '*' } else { c });
            in_word = true;
        } else {
            out.push(c);
            in_word = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_keeps_only_the_first_letter_of_each_word() {
        assert_eq!(mask_name("Ani Lestari, S.E."), "A** L******, S.E.");
        assert_eq!(mask_name("Dr. H. Ahmad Fauzi"), "D*. H. A**** F****");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn statuses_read_as_in_the_guide() {
        assert_eq!(status_label("diajukan"), "Menunggu Verifikasi");
        assert_eq!(status_label("perlu_perbaikan"), "Perlu Perbaikan");
        assert_eq!(status_label("x"), "Tidak Diketahui");
    }

    #[test]
    fn only_lower_case_hex_of_64_is_a_sha256() {
        assert!(is_sha256(&"a".repeat(64)));
        assert!(!is_sha256(&"A".repeat(64)));
        assert!(!is_sha256(&"a".repeat(63)));
    }
}

/// Where a page of the feed starts.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
pub struct ChangesQuery {
    /// The `cursor` of the last page the client has (0 for everything).
    #[serde(default)]
    pub since: i64,
}
