//! A revision the applicant did not send by its deadline: the office's rule, and the
//! verifier's decision on it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::lifecycle::Action;

/// What the office does with a revision the applicant did not send by its deadline: the
/// server's configuration (`EPTSP_REVISION_LAPSE`). Either way a verifier decides; nothing
/// is rejected by the clock alone.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RevisionLapse {
    /// Rejected as lapsed ("Tolak"), with no extension.
    Tolak,
    /// A verifier may give [`REVISION_WORKING_DAYS`](super::REVISION_WORKING_DAYS) more working days once; after that,
    /// or instead, rejected as lapsed.
    #[default]
    Perpanjang,
}

impl RevisionLapse {
    /// From the configuration's word: `tolak` or `perpanjang`.
    pub fn parse(s: &str) -> Option<RevisionLapse> {
        match s.trim() {
            "tolak" => Some(RevisionLapse::Tolak),
            "perpanjang" => Some(RevisionLapse::Perpanjang),
            _ => None,
        }
    }

    /// What a verifier may do with an application waiting for its revision: nothing
    /// before the deadline has passed; then reject it, or (where allowed, once) extend.
    pub fn actions(self, lapsed: bool, extended: bool) -> Vec<Action> {
        match (lapsed, self) {
            (false, _) => vec![],
            (true, RevisionLapse::Perpanjang) if !extended => {
                vec![Action::PerpanjangBatas, Action::Tolak]
            }
            (true, _) => vec![Action::Tolak],
        }
    }
}

/// A verifier's decision on a lapsed revision (`POST /office/applications/{id}/lapse`):
/// extend its deadline once, or reject the application as lapsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct LapseRequest {
    /// The decision's id (UUID), made by the workstation: sent twice, applied once.
    pub id: String,
    /// perpanjang_batas or tolak.
    pub action: Action,
    /// Optional words for the applicant, added to the tracking note.
    #[serde(default)]
    pub note: String,
}
