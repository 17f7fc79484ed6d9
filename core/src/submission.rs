//! The wire types of sending an application: resumable uploads of its files (by SHA-256,
//! with byte offsets, after the tus protocol's core) and the idempotent submission.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalogue::ApplicationKind;
use crate::dossier::DraftData;
use crate::lifecycle::Status;
pub use crate::lifecycle::status_label;

/// Announces a file before its bytes: what it is called and how long it is.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct UploadStart {
    /// The file's SHA-256 in lower-case hex, which names the upload.
    pub sha256: String,
    /// The file's length in bytes, checked against the size limit and the account's quota.
    #[ts(type = "number")]
    pub size: u64,
    /// The file's original name; with its first bytes it tells the server the file's kind.
    /// Kept to 255 characters.
    pub name: String,
}

/// Largest chunk one upload PATCH may carry.
pub const MAX_CHUNK_BYTES: usize = 8 * 1024 * 1024;

/// Where an upload stands: `complete` (the server has the file; send nothing) or the
/// offset to continue from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct UploadStatus {
    /// The file's SHA-256 in lower-case hex.
    pub sha256: String,
    /// How many bytes the server has: the next chunk starts here.
    #[ts(type = "number")]
    pub offset: u64,
    /// The file's length in bytes, as announced.
    #[ts(type = "number")]
    pub size: u64,
    /// Whether the server holds the whole file (its SHA-256 checked), from this upload or any
    /// earlier one, by anyone.
    pub complete: bool,
}

/// One attached document of an application: the requirement and the uploaded file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SubmittedFile {
    /// The id of the requirement (version) the document answers.
    pub requirement_id: i32,
    /// The file's SHA-256 in lower-case hex; the server must already hold its bytes.
    pub sha256: String,
}

/// The application as sent. `id` is made by the client when the applicant presses
/// "Kirim"; sending it again returns the same resi.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SubmitRequest {
    /// The application's id (UUID), which is also the idempotency key of its submission.
    pub id: String,
    /// The dossier as filled in; its `attachments` are ignored, `files` names the documents.
    pub data: DraftData,
    /// The documents attached, one per requirement at most.
    pub files: Vec<SubmittedFile>,
}

/// The office's receipt of an application; the same submission sent again gets the same one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SubmitResponse {
    /// The application's id (UUID), as sent.
    pub id: String,
    /// Formatted `XXXX-XXXX-XXX`.
    pub resi: String,
    /// The code of the permit type applied for.
    pub permit_type_id: String,
    /// The kind of application.
    pub kind: ApplicationKind,
    /// The application's current status (`diajukan` when just received).
    pub status: Status,
    /// When the office received it (RFC 3339).
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
    /// The status the application moved to (e.g. `perlu_perbaikan`).
    pub status: Status,
    /// That status as the guide names it (see [`status_label`]).
    pub status_label: String,
    /// What happened, in the officer's words or the action's default note (a revision's
    /// deadline appended).
    pub note: String,
    /// When (RFC 3339).
    pub at: String,
}

/// What anyone holding a resi may see (Monitoring Izin, no login): the applicant's name
/// masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct MonitoringView {
    /// The resi, formatted `XXXX-XXXX-XXX`.
    pub resi: String,
    /// When the application was submitted (RFC 3339).
    pub tanggal: String,
    /// The applicant's name, masked by [`mask_name`].
    pub nama_pemohon: String,
    /// The name of the permit type applied for.
    pub jenis_izin: String,
    /// The application kind's label, e.g. "Perizinan Baru".
    pub jenis_permohonan: String,
    /// The current status (e.g. `diajukan`).
    pub status: Status,
    /// The current status as the guide names it (e.g. "Menunggu Verifikasi").
    pub status_label: String,
    /// The note of the latest tracking entry.
    pub keterangan: String,
    /// The whole tracking log, oldest first.
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
    /// The application's id (UUID).
    pub application_id: String,
    /// The application's resi, formatted `XXXX-XXXX-XXX`.
    pub resi: String,
    /// The status the application moved to.
    pub status: Status,
    /// What happened, as the tracking log records it.
    pub note: String,
    /// When (RFC 3339).
    pub at: String,
}

/// A page of the tracking feed (`GET /changes`), at most 500 entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Changes {
    /// The entries after the requested cursor, in commit order.
    pub changes: Vec<Change>,
    /// Where to continue from next time.
    #[ts(type = "number")]
    pub cursor: i64,
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
