//! What crosses the wire in the back office (verifier queue, review, decisions, signing)
//! and in the applicant's revision loop and permits.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dossier::DraftData;
use crate::lifecycle::{Action, Status};
use crate::submission::{SubmittedFile, TrackingEntry};

mod admin;
mod lapse;
mod permits;
pub use admin::{
    BlockRequest, PeriodQuery, RoleRequest, UserQuery, UserSummary, VolumeRow, office_days,
};
pub use lapse::{LapseRequest, RevisionLapse};
pub use permits::{
    OfficeKey, PermitState, PermitView, RevokeRequest, Verdict, VerifyQuery, VerifyView,
};

/// Working days the applicant has to answer a request for revision.
pub const REVISION_WORKING_DAYS: u32 = 5;

/// The filters of the verifier's queue (`GET /office/queue`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams, TS)]
#[ts(export)]
pub struct QueueQuery {
    /// Only this agency's applications (its code); all when none or empty.
    #[serde(default)]
    pub agency_id: Option<String>,
    /// Only this permit type's applications (its code); all when none or empty.
    #[serde(default)]
    pub permit_type_id: Option<String>,
    /// One status; by default the ones waiting for the office (diajukan, verifikasi, and
    /// revisions whose deadline passed).
    #[serde(default)]
    pub status: Option<Status>,
    /// Only the ones past their deadline: the office's service deadline, or the applicant's
    /// revision deadline.
    #[serde(default)]
    pub overdue: bool,
}

/// One line of the verifier's or the signer's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct QueueItem {
    /// The application's id (UUID).
    pub id: String,
    /// The application's resi, formatted `XXXX-XXXX-XXX`.
    pub resi: String,
    /// The code of the agency the permit type belongs to.
    pub agency_id: String,
    /// The code of the permit type applied for.
    pub permit_type_id: String,
    /// The permit type's name.
    pub jenis_izin: String,
    /// The application kind by its wire name (`baru`, `perpanjangan`, `perubahan`).
    pub kind: String,
    /// Its current status.
    pub status: Status,
    /// The applicant's name.
    pub pemohon: String,
    /// When the office received the application (RFC 3339).
    pub submitted_at: String,
    /// Deadline of the current stage (YYYY-MM-DD), working days counted.
    pub sla_due: Option<String>,
    /// The last day (YYYY-MM-DD, WITA) of the applicant's revision, while one is asked for.
    pub revision_due: Option<String>,
    /// Whether the deadline that runs is before today (WITA): the office's stage is late, or
    /// the applicant let the revision deadline pass.
    pub overdue: bool,
    /// What a verifier may do now about a lapsed revision ([`RevisionLapse::actions`]).
    pub lapse_actions: Vec<Action>,
    /// Who holds it for review, if anyone.
    pub claimed_by: Option<String>,
    /// Whether the caller is the one holding it.
    pub claimed_by_me: bool,
    /// The dossier's version: 1 when submitted, raised by each revision; a decision names the
    /// version it was made on.
    pub version: i32,
}

/// One attachment of a dossier, with the requirement it answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct DossierFile {
    /// The id of the requirement (version) the file answers.
    pub requirement_id: i32,
    /// That requirement's name.
    pub requirement: String,
    /// Whether that requirement is mandatory.
    pub mandatory: bool,
    /// The file's SHA-256 in lower-case hex; its bytes are at `/office/files/{sha256}`.
    pub sha256: String,
    /// The file's length in bytes.
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
    /// The id of the requirement (version) judged.
    pub requirement_id: i32,
    /// Whether the document is in order (sesuai: as required).
    pub sesuai: bool,
    /// What is wrong or must be fixed; a return needs at least one document not in order
    /// with a note.
    #[serde(default)]
    pub note: String,
}

/// A decision as recorded: who, when, what, and the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct DecisionView {
    /// The decision's id (UUID): the idempotency key it was sent with, or one the server made
    /// (taking up a new application, signing).
    pub id: String,
    /// What was done.
    pub action: Action,
    /// The name of whoever did it: an officer, or the applicant for a revision.
    pub actor: String,
    /// The status before.
    pub from_status: Status,
    /// The status after.
    pub to_status: Status,
    /// The note recorded: the one given, or the action's default note.
    pub note: String,
    /// The dossier version it was made on.
    pub version: i32,
    /// When (RFC 3339).
    pub at: String,
    /// The verifier's verdict per requirement; empty when none was given.
    pub checklist: Vec<ReviewItem>,
}

/// Everything a verifier (or signer) needs to review an application, offline too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Dossier {
    /// The application's id (UUID).
    pub id: String,
    /// The application's resi, formatted `XXXX-XXXX-XXX`.
    pub resi: String,
    /// Its current status.
    pub status: Status,
    /// The dossier's version: 1 when submitted, raised by each revision; a decision names the
    /// version it was made on.
    pub version: i32,
    /// The permit type's name.
    pub jenis_izin: String,
    /// When the office received the application (RFC 3339).
    pub submitted_at: String,
    /// The deadline of the office's current stage (YYYY-MM-DD, WITA), working days counted;
    /// none while the applicant revises and once signed or rejected.
    pub sla_due: Option<String>,
    /// The last day (YYYY-MM-DD, WITA) the applicant may send the revision asked for; none when
    /// no revision is open.
    pub revision_due: Option<String>,
    /// The name of the verifier holding it, if anyone.
    pub claimed_by: Option<String>,
    /// Whether the caller is the one holding it.
    pub claimed_by_me: bool,
    /// The applicant's name, from their account.
    pub pemohon_nama: String,
    /// The applicant's NIK (national ID number), from their account.
    pub pemohon_nik: String,
    /// The applicant's account e-mail address.
    pub pemohon_email: String,
    /// The applicant's account mobile number.
    pub pemohon_hp: String,
    /// A renewal (Perpanjangan): the number of the permit it renews (a dossier kept from
    /// before it was told reads as none: serde takes a missing `Option` as `None`).
    pub renews: Option<String>,
    /// The dossier as submitted or last revised; its attachments name files by SHA-256.
    pub data: DraftData,
    /// The attached files, in the requirements' order.
    pub files: Vec<DossierFile>,
    /// The tracking log, oldest first.
    pub tracking: Vec<TrackingEntry>,
    /// Every decision so far (revisions and signing included), oldest first.
    pub decisions: Vec<DecisionView>,
}

/// A verifier's decision. `id` is the idempotency key (sent again after a crash or from
/// the offline outbox, it is applied once); `version` is the dossier version reviewed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct DecisionRequest {
    /// The decision's id (UUID), made by the workstation.
    pub id: String,
    /// The dossier version reviewed; refused when the dossier has changed since.
    pub version: i32,
    /// setujui, minta_perbaikan or tolak.
    pub action: Action,
    /// The reason for a rejection or the notes for a return (required); optional on approval.
    #[serde(default)]
    pub note: String,
    /// The verdict on each requirement reviewed, at most once each.
    #[serde(default)]
    pub checklist: Vec<ReviewItem>,
}

impl DecisionRequest {
    /// An approval or a return judges every document in the dossier: `attached` are the
    /// requirements it has a document for, and each needs its verdict (Sesuai or Tidak
    /// sesuai), none left unset. A rejection needs only its reason.
    pub fn check_covers(&self, attached: &[i32]) -> Result<(), crate::api::FieldError> {
        if !matches!(self.action, Action::Setujui | Action::MintaPerbaikan) {
            return Ok(());
        }
        let missing = attached
            .iter()
            .filter(|r| !self.checklist.iter().any(|i| i.requirement_id == **r))
            .count();
        if missing == 0 {
            return Ok(());
        }
        Err(crate::api::FieldError::custom(
            "checklist",
            "checklist_incomplete",
            &format!(
                "Periksa semua dokumen: pilih Sesuai atau Tidak sesuai untuk setiap dokumen ({missing} belum dipilih)"
            ),
        ))
    }

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
    /// The application's id (UUID).
    pub application_id: String,
    /// Its status now.
    pub status: Status,
    /// Its dossier version now.
    pub version: i32,
    /// The deadline of the office's current stage (YYYY-MM-DD, WITA), working days counted;
    /// none while the applicant revises and once signed or rejected.
    pub sla_due: Option<String>,
    /// The last day (YYYY-MM-DD, WITA) the applicant may send the revision asked for; none when
    /// no revision is open.
    pub revision_due: Option<String>,
}

/// The applicant's view of one application (Permohonan Saya detail, Revisi Saya).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ApplicationView {
    /// The application's id (UUID).
    pub id: String,
    /// The application's resi, formatted `XXXX-XXXX-XXX`.
    pub resi: String,
    /// The code of the permit type applied for.
    pub permit_type_id: String,
    /// The application kind by its wire name (`baru`, `perpanjangan`, `perubahan`).
    pub kind: String,
    /// Its current status.
    pub status: Status,
    /// The dossier's version: 1 when submitted, raised by each revision; a decision names the
    /// version it was made on.
    pub version: i32,
    /// When the office received the application (RFC 3339).
    pub submitted_at: String,
    /// The dossier as last sent; its attachments name files by SHA-256.
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
    /// The version of the application this answers; refused when it is not the latest.
    pub version: i32,
    /// The corrected dossier, replacing the old one; the permit type cannot change.
    pub data: DraftData,
    /// The corrected dossier's attachments; they replace the old ones.
    pub files: Vec<SubmittedFile>,
}

/// Signing (TTE) asks for the signer's passphrase again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SignRequest {
    /// The signer's password, asked again; a wrong one counts as a failed login.
    pub passphrase: String,
}

/// One message in a user's inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct InboxMessage {
    /// The message's id; `POST /inbox/{id}/read` marks it read.
    #[ts(type = "number")]
    pub id: i64,
    /// status, revisi, penolakan, pengingat, aduan.
    pub kind: String,
    /// The subject line.
    pub subject: String,
    /// Plain text, shown as text.
    pub body: String,
    /// The application it is about (UUID), if any.
    pub application_id: Option<String>,
    /// When it was written (RFC 3339).
    pub created_at: String,
    /// Whether the user has read it.
    pub read: bool,
}

/// The messages after `since`, oldest first, and the new cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct InboxPage {
    /// The messages, at most 500.
    pub messages: Vec<InboxMessage>,
    /// Where to continue from next time (the next `since`).
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
