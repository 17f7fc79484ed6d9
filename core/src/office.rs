//! What crosses the wire in the back office (verifier queue, review, decisions, signing)
//! and in the applicant's revision loop and permits.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dossier::DraftData;
use crate::izin::SignedIzin;
use crate::lifecycle::{Action, Status};
use crate::submission::{SubmittedFile, TrackingEntry};

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

#[cfg(test)]
mod tests {
    use super::*;

    fn req(action: Action, note: &str, checklist: Vec<ReviewItem>) -> DecisionRequest {
        DecisionRequest {
            id: "k".into(),
            version: 1,
            action,
            note: note.into(),
            checklist,
        }
    }

    fn item(sesuai: bool, note: &str) -> ReviewItem {
        ReviewItem {
            requirement_id: 1,
            sesuai,
            note: note.into(),
        }
    }

    #[test]
    fn decisions_carry_what_the_applicant_needs_to_read() {
        let field = |r: DecisionRequest| r.check().map_err(|e| e.field);
        assert_eq!(
            field(req(Action::Setujui, "", vec![item(true, "")])),
            Ok(())
        );
        assert_eq!(
            field(req(Action::Setujui, "", vec![item(false, "x")])),
            Err("checklist".into())
        );
        assert_eq!(field(req(Action::Tolak, "  ", vec![])), Err("note".into()));
        assert_eq!(
            field(req(Action::Tolak, "Di kawasan hutan lindung", vec![])),
            Ok(())
        );
        assert_eq!(
            field(req(Action::MintaPerbaikan, "Perbaiki", vec![])),
            Err("checklist".into())
        );
        assert_eq!(
            field(req(
                Action::MintaPerbaikan,
                "Perbaiki",
                vec![item(false, " ")]
            )),
            Err("checklist".into())
        );
        assert_eq!(
            field(req(
                Action::MintaPerbaikan,
                "Perbaiki",
                vec![item(false, "KTP buram")]
            )),
            Ok(())
        );
        assert_eq!(
            field(req(Action::Tandatangani, "", vec![])),
            Err("action".into())
        );
        assert_eq!(
            field(req(Action::KirimRevisi, "", vec![])),
            Err("action".into())
        );
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PermitState {
    Aktif,
    Kadaluarsa,
    Dicabut,
}

/// A permit the applicant holds, as issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct PermitView {
    pub izin: SignedIzin,
    pub state: PermitState,
}

/// The public answer for a permit's QR code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Verdict {
    /// Issued by the office, unchanged, not revoked.
    Sah,
    /// Issued, but revoked since.
    Dicabut,
    /// The code's content differs from what the office issued, or its signature fails.
    TidakSah,
    /// The office never issued it.
    TidakDikenal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct VerifyView {
    pub verdict: Verdict,
    pub message: String,
    /// The permit as the office issued it (when known).
    pub izin: Option<SignedIzin>,
    pub state: Option<PermitState>,
}

/// The office's signing key, public half.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct OfficeKey {
    pub key_id: String,
    /// 32 bytes, hex.
    pub public_key: String,
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

/// An account as the admin manages it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct UserSummary {
    pub id: String,
    pub nik: String,
    pub nama: String,
    pub email: String,
    pub role: crate::Role,
    pub blocked: bool,
    pub blocked_reason: Option<String>,
}

/// One line of the admin's volume and service-level report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct VolumeRow {
    pub permit_type_id: String,
    pub jenis_izin: String,
    /// The permit type's service level, in working days.
    pub sla_days: i32,
    #[ts(type = "number")]
    pub diajukan: i64,
    #[ts(type = "number")]
    pub diproses: i64,
    #[ts(type = "number")]
    pub perlu_perbaikan: i64,
    #[ts(type = "number")]
    pub selesai: i64,
    #[ts(type = "number")]
    pub ditolak: i64,
    /// Open applications past their current stage's deadline.
    #[ts(type = "number")]
    pub terlambat: i64,
    /// Of the finished ones: the office's working days (the applicant's revision time not
    /// counted), on average.
    pub rata_hari_kerja: Option<f64>,
    /// Of the finished ones: how many within `sla_days`.
    #[ts(type = "number")]
    pub tepat_waktu: i64,
}

/// Office working days of an application from its tracking log: the days spent in a
/// status where the office's clock runs (see `Status::office_clock_runs`). `log` is
/// (status, date) in order; `until` closes the last interval.
pub fn office_days(log: &[(crate::lifecycle::Status, time::Date)], until: time::Date) -> u32 {
    let mut days = 0;
    for (i, (status, from)) in log.iter().enumerate() {
        let to = log.get(i + 1).map_or(until, |(_, d)| *d);
        if status.office_clock_runs() {
            days += crate::calendar::working_days_between(*from, to);
        }
    }
    days
}

#[cfg(test)]
mod office_days_tests {
    use super::office_days;
    use crate::calendar::parse_date;
    use crate::lifecycle::Status as S;

    #[test]
    fn the_applicants_revision_time_does_not_count() {
        let d = |s: &str| parse_date(s).unwrap();
        // Received Mon 16 Nov, returned Wed 18 (2 days), revised Mon 23 (paused),
        // approved Tue 24 (1), signed Thu 26 (2): 5 office days.
        let log = [
            (S::Diajukan, d("2026-11-16")),
            (S::Verifikasi, d("2026-11-16")),
            (S::PerluPerbaikan, d("2026-11-18")),
            (S::Verifikasi, d("2026-11-23")),
            (S::Disetujui, d("2026-11-24")),
            (S::Selesai, d("2026-11-26")),
        ];
        assert_eq!(office_days(&log, d("2026-11-26")), 5);
        assert_eq!(office_days(&[], d("2026-11-26")), 0);
    }
}

/// The admin's account search.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
pub struct UserQuery {
    /// Part of a name, NIK or e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
}

/// Blocks an account.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlockRequest {
    pub reason: String,
}

/// Gives an account a role.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleRequest {
    pub role: crate::Role,
}

/// Revokes a permit.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevokeRequest {
    pub reason: String,
}

/// Where a page of the inbox starts.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
pub struct InboxQuery {
    /// The `cursor` of the last page the client has (0 for everything); the position
    /// each message got when it was committed, not its id.
    #[serde(default)]
    pub since: i64,
}

/// A report's period.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
pub struct PeriodQuery {
    /// Applications submitted from this day (YYYY-MM-DD); default: the first of the month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// … up to this day; default: today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// What a scanned QR code carries besides the permit's id.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
pub struct VerifyQuery {
    /// The content carried by the QR code (base64url JSON), if scanned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub d: Option<String>,
    /// The signature carried by the QR code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s: Option<String>,
}
