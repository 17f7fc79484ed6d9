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
