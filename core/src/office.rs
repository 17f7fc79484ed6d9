//! What crosses the wire in the back office (verifier queue, review, decisions, signing)
//! and in the applicant's revision loop and permits.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dossier::DraftData;
use crate::lifecycle::{Action, Status};
use crate::submission::{SubmittedFile, TrackingEntry};

mod admin;
mod permits;

pub use admin::{
    BlockRequest, PeriodQuery, RoleRequest, UserQuery, UserSummary, VolumeRow, office_days,
};
pub use permits::{
    OfficeKey, PermitState, PermitView, RevokeRequest, Verdict, VerifyQuery, VerifyView,
};

/// Working days the applicant has to answer a request for revision.
pub const REVISION_WORKING_DAYS: u32 = 5;

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams, TS)]
#[ts(export)]
pub struct QueueQuery {
    #[serde(default)]
    pub agency_id: Option<String>,
    #[serde(default)]
    pub permit_type_id: Option<String>,
    /// One status; by default the ones waiting for the office (diajukan, verifikasi).
    #[serde(default)]
    pub status: Option<Status>,
    /// Only the ones past their service deadline.
    #[serde(default)]
    pub overdue: bool,
}

/// One line of the verifier's or the signer's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct QueueItem {
    pub id: String,
    pub resi: String,
    pub agency_id: String,
    pub permit_type_id: String,
    pub jenis_izin: String,
    pub kind: String,
    pub status: Status,
    pub pemohon: String,
    pub submitted_at: String,
    /// Deadline of the current stage (YYYY-MM-DD), working days counted.
    pub sla_due: Option<String>,
    pub overdue: bool,
    /// Who holds it for review, if anyone.
    pub claimed_by: Option<String>,
    pub claimed_by_me: bool,
    pub version: i32,
}

/// One attachment of a dossier, with the requirement it answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct DossierFile {
    pub requirement_id: i32,
    pub requirement: String,
    pub mandatory: bool,
    pub sha256: String,
    #[ts(type = "number")]
    pub size: i64,
    /// pdf, jpg, png, gif, dwg.
    pub kind: String,
}

/// The verifier's verdict on one requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ReviewItem {
    pub requirement_id: i32,
    pub sesuai: bool,
    #[serde(default)]
    pub note: String,
}

/// A decision as recorded: who, when, what, and the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct DecisionView {
    pub id: String,
    pub action: Action,
    pub actor: String,
    pub from_status: Status,
    pub to_status: Status,
    pub note: String,
    pub version: i32,
    pub at: String,
    pub checklist: Vec<ReviewItem>,
}

/// Everything a verifier (or signer) needs to review an application, offline too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Dossier {
    pub id: String,
    pub resi: String,
    pub status: Status,
    pub version: i32,
    pub jenis_izin: String,
    pub submitted_at: String,
    pub sla_due: Option<String>,
    pub revision_due: Option<String>,
    pub claimed_by: Option<String>,
    pub claimed_by_me: bool,
    pub pemohon_nama: String,
    pub pemohon_nik: String,
    pub pemohon_email: String,
    pub pemohon_hp: String,
    pub data: DraftData,
    pub files: Vec<DossierFile>,
    pub tracking: Vec<TrackingEntry>,
    pub decisions: Vec<DecisionView>,
}

/// A verifier's decision. `id` is the idempotency key (sent again after a crash or from
/// the offline outbox, it is applied once); `version` is the dossier version reviewed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct DecisionRequest {
    pub id: String,
    pub version: i32,
    /// setujui, minta_perbaikan or tolak.
    pub action: Action,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub checklist: Vec<ReviewItem>,
}

impl DecisionRequest {
    /// The verifier's decision as the office accepts it: a reason for a rejection, the
    /// requirements to fix (with a note) for a return, nothing marked wrong on approval.
    /// Checked on the workstation before it is queued, and again by the server.
    pub fn check(&self) -> Result<(), crate::api::FieldError> {
        use crate::api::FieldError;
        if !matches!(
            self.action,
            Action::Setujui | Action::MintaPerbaikan | Action::Tolak
        ) {
            return Err(FieldError::custom(
                "action",
                "action",
                "Keputusan verifikator adalah Setujui, Kembalikan untuk Perbaikan, atau Tolak",
            ));
        }
        if self.note.trim().is_empty() && self.action != Action::Setujui {
            return Err(FieldError::custom(
                "note",
                "required",
                if self.action == Action::Tolak {
                    "Alasan penolakan wajib diisi"
                } else {
                    "Catatan perbaikan wajib diisi"
                },
            ));
        }
        if self.action == Action::MintaPerbaikan
            && !self
                .checklist
                .iter()
                .any(|i| !i.sesuai && !i.note.trim().is_empty())
        {
            return Err(FieldError::custom(
                "checklist",
                "revision_items",
                "Tandai dokumen yang tidak sesuai dan beri catatan untuk pemohon",
            ));
        }
        if self.action == Action::Setujui && self.checklist.iter().any(|i| !i.sesuai) {
            return Err(FieldError::custom(
                "checklist",
                "not_all_sesuai",
                "Permohonan dengan dokumen yang tidak sesuai tidak dapat disetujui",
            ));
        }
        Ok(())
    }
}

/// Where an application stands after a decision or a revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct DecisionResult {
    pub application_id: String,
    pub status: Status,
    pub version: i32,
    pub sla_due: Option<String>,
    pub revision_due: Option<String>,
}

/// The applicant's view of one application (Permohonan Saya detail, Revisi Saya).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ApplicationView {
    pub id: String,
    pub resi: String,
    pub permit_type_id: String,
    pub kind: String,
    pub status: Status,
    pub version: i32,
    pub submitted_at: String,
    pub data: DraftData,
    /// The attachments by requirement: sha256 of each file.
    pub files: Vec<SubmittedFile>,
    /// When the office expects to finish (YYYY-MM-DD), while it is working on it.
    pub expected_completion: Option<String>,
    /// Deadline for the applicant's revision, while one is asked for.
    pub revision_due: Option<String>,
    /// The verifier's notes of the latest request for revision or rejection.
    pub review: Option<DecisionView>,
}

/// Submit Revisi: answers version `version` of the application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct RevisionRequest {
    /// Idempotency key of this revision.
    pub id: String,
    pub version: i32,
    pub data: DraftData,
    pub files: Vec<SubmittedFile>,
}

/// Signing (TTE) asks for the signer's passphrase again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SignRequest {
    pub passphrase: String,
}

/// One message in a user's inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct InboxMessage {
    #[ts(type = "number")]
    pub id: i64,
    /// status, revisi, penolakan, pengingat, aduan.
    pub kind: String,
    pub subject: String,
    /// Plain text, shown as text.
    pub body: String,
    pub application_id: Option<String>,
    pub created_at: String,
    pub read: bool,
}

/// The messages after `since`, oldest first, and the new cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct InboxPage {
    pub messages: Vec<InboxMessage>,
    #[ts(type = "number")]
    pub cursor: i64,
}

/// Where a page of the inbox starts.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
pub struct InboxQuery {
    /// The `cursor` of the last page the client has (0 for everything); the position
    /// each message got when it was committed, not its id.
    #[serde(default)]
    pub since: i64,
}

#[cfg(test)]
mod tests;
