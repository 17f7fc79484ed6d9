//! The life of an application, one state machine for the server and the desktop:
//!
//! ```text
//! diajukan ──mulai_verifikasi──▶ verifikasi ──setujui──▶ disetujui ──tandatangani──▶ selesai
//!                                  │    ▲
//!                 minta_perbaikan  │    │ kirim_revisi
//!                                  ▼    │
//!                               perlu_perbaikan
//!              verifikasi ──tolak──▶ ditolak (final)
//! ```
//!
//! Each action names the role that may take it. Anything else is refused with a message.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Role;

/// Where an application stands in its life; the module's diagram shows the moves between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Status {
    /// Submitted, waiting for a verifier to take it up (Menunggu Verifikasi).
    Diajukan,
    /// Being checked by a verifier, first time or after a revision (Sedang Diproses).
    Verifikasi,
    /// Returned to the applicant with notes, waiting for the revision; the office's clock is
    /// paused.
    PerluPerbaikan,
    /// Approved by the verifier, waiting for the head of office's signature (TTE).
    Disetujui,
    /// Signed: the permit is issued. Final.
    Selesai,
    /// Refused for good, with a reason. Final.
    Ditolak,
}

/// A status by its wire name (how the databases keep it); an unknown name is refused.
impl TryFrom<String> for Status {
    type Error = String;

    fn try_from(name: String) -> Result<Self, String> {
        Status::parse(&name).ok_or_else(|| format!("unknown status {name}"))
    }
}

impl Status {
    /// Every status, in the order of the life.
    pub const ALL: [Status; 6] = [
        Status::Diajukan,
        Status::Verifikasi,
        Status::PerluPerbaikan,
        Status::Disetujui,
        Status::Selesai,
        Status::Ditolak,
    ];

    /// The status's name on the wire and in the database, e.g. `perlu_perbaikan`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Diajukan => "diajukan",
            Status::Verifikasi => "verifikasi",
            Status::PerluPerbaikan => "perlu_perbaikan",
            Status::Disetujui => "disetujui",
            Status::Selesai => "selesai",
            Status::Ditolak => "ditolak",
        }
    }

    /// The status named `s` in [`as_str`](Self::as_str)'s form; none for any other text.
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The status as the guide names it to users, e.g. "Menunggu Verifikasi".
    pub fn label(self) -> &'static str {
        status_label(self.as_str())
    }

    /// No action leads anywhere from here.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Selesai | Status::Ditolak)
    }

    /// The office's clock runs (SLA): not while the applicant revises, not once decided.
    pub fn office_clock_runs(self) -> bool {
        matches!(
            self,
            Status::Diajukan | Status::Verifikasi | Status::Disetujui
        )
    }
}

/// A step that moves an application to its next status; each is taken by one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Action {
    /// A verifier takes up a new application.
    MulaiVerifikasi,
    /// Return to the applicant with notes (Perlu Perbaikan).
    MintaPerbaikan,
    /// The applicant answers the notes (Submit Revisi).
    KirimRevisi,
    /// Forward to the head of office for signing.
    Setujui,
    /// Refuse for good, with a reason.
    Tolak,
    /// The head of office signs (TTE): the permit is issued.
    Tandatangani,
    /// A verifier gives the applicant more time for a revision whose deadline passed (once,
    /// where the office allows it: see `office::RevisionLapse`).
    PerpanjangBatas,
}

impl Action {
    /// Every action, in the order of the life.
    pub const ALL: [Action; 7] = [
        Action::MulaiVerifikasi,
        Action::MintaPerbaikan,
        Action::KirimRevisi,
        Action::Setujui,
        Action::Tolak,
        Action::Tandatangani,
        Action::PerpanjangBatas,
    ];

    /// The action's name on the wire and in the decision log, e.g. `minta_perbaikan`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::MulaiVerifikasi => "mulai_verifikasi",
            Action::MintaPerbaikan => "minta_perbaikan",
            Action::KirimRevisi => "kirim_revisi",
            Action::Setujui => "setujui",
            Action::Tolak => "tolak",
            Action::Tandatangani => "tandatangani",
            Action::PerpanjangBatas => "perpanjang_batas",
        }
    }

    /// The action's button caption, also used in the messages that refuse it.
    pub fn label(self) -> &'static str {
        match self {
            Action::MulaiVerifikasi => "Mulai Verifikasi",
            Action::MintaPerbaikan => "Kembalikan untuk Perbaikan",
            Action::KirimRevisi => "Submit Revisi",
            Action::Setujui => "Setujui",
            Action::Tolak => "Tolak",
            Action::Tandatangani => "Tanda Tangani",
            Action::PerpanjangBatas => "Perpanjang Batas Perbaikan",
        }
    }

    /// Who may take this action.
    pub fn role(self) -> Role {
        match self {
            Action::MulaiVerifikasi
            | Action::MintaPerbaikan
            | Action::Setujui
            | Action::Tolak
            | Action::PerpanjangBatas => Role::Verifikator,
            Action::KirimRevisi => Role::Pemohon,
            Action::Tandatangani => Role::Penandatangan,
        }
    }

    /// The tracking note written when no note is given.
    pub fn default_note(self) -> &'static str {
        match self {
            Action::MulaiVerifikasi => "Berkas sedang diverifikasi",
            Action::MintaPerbaikan => "Berkas perlu diperbaiki",
            Action::KirimRevisi => "Revisi diterima dan menunggu verifikasi ulang",
            Action::Setujui => "Berkas lengkap dan disetujui; menunggu tanda tangan",
            Action::Tolak => "Permohonan ditolak",
            Action::Tandatangani => "Izin telah ditandatangani secara elektronik dan terbit",
            Action::PerpanjangBatas => "Batas perbaikan diperpanjang",
        }
    }
}

/// Why an action was refused; the message (Indonesian) is shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The action leads nowhere from the application's current status.
    #[error("Tindakan \"{action}\" tidak dapat dilakukan pada permohonan berstatus {status}")]
    NotAllowed {
        /// The action's label.
        action: &'static str,
        /// The label of the application's current status.
        status: &'static str,
    },
    /// The action is allowed from this status, but not to the caller's role.
    #[error("Tindakan \"{action}\" hanya dapat dilakukan oleh {role}")]
    WrongRole {
        /// The action's label.
        action: &'static str,
        /// The label of the one role that may take it.
        role: &'static str,
    },
}

/// Where `action` by `role` takes an application in `from`, or why it may not.
pub fn transition(from: Status, action: Action, role: Role) -> Result<Status, TransitionError> {
    use Action as A;
    use Status as S;
    let to = match (from, action) {
        (S::Diajukan, A::MulaiVerifikasi) => S::Verifikasi,
        (S::Verifikasi, A::MintaPerbaikan) => S::PerluPerbaikan,
        (S::PerluPerbaikan, A::KirimRevisi) => S::Verifikasi,
        (S::Verifikasi, A::Setujui) => S::Disetujui,
        (S::Verifikasi, A::Tolak) => S::Ditolak,
        // A revision not sent by its deadline: rejected as lapsed, or given more time once.
        // The server allows these only once the deadline has passed.
        (S::PerluPerbaikan, A::Tolak) => S::Ditolak,
        (S::PerluPerbaikan, A::PerpanjangBatas) => S::PerluPerbaikan,
        (S::Disetujui, A::Tandatangani) => S::Selesai,
        _ => {
            return Err(TransitionError::NotAllowed {
                action: action.label(),
                status: from.label(),
            });
        }
    };
    if role != action.role() {
        return Err(TransitionError::WrongRole {
            action: action.label(),
            role: action.role().label(),
        });
    }
    Ok(to)
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

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use Status as S;

    /// Every allowed move, and nothing else.
    const ALLOWED: [(Status, Action, Status); 8] = [
        (S::Diajukan, A::MulaiVerifikasi, S::Verifikasi),
        (S::Verifikasi, A::MintaPerbaikan, S::PerluPerbaikan),
        (S::PerluPerbaikan, A::KirimRevisi, S::Verifikasi),
        (S::Verifikasi, A::Setujui, S::Disetujui),
        (S::Verifikasi, A::Tolak, S::Ditolak),
        (S::PerluPerbaikan, A::Tolak, S::Ditolak),
        (S::PerluPerbaikan, A::PerpanjangBatas, S::PerluPerbaikan),
        (S::Disetujui, A::Tandatangani, S::Selesai),
    ];

    #[test]
    fn every_status_and_action_pair_is_allowed_or_refused_as_the_table_says() {
        let mut allowed = 0;
        for from in Status::ALL {
            for action in Action::ALL {
                let expected = ALLOWED
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to);
                match (transition(from, action, action.role()), expected) {
                    (Ok(to), Some(want)) => {
                        assert_eq!(to, want, "{from:?} {action:?}");
                        allowed += 1;
                    }
                    (Err(e), None) => assert_eq!(
                        e,
                        TransitionError::NotAllowed {
                            action: action.label(),
                            status: from.label()
                        }
                    ),
                    (got, want) => panic!("{from:?} {action:?}: got {got:?}, want {want:?}"),
                }
            }
        }
        assert_eq!(allowed, ALLOWED.len());
    }

    #[test]
    fn an_allowed_move_by_another_role_is_refused() {
        for (from, action, _) in ALLOWED {
            for role in Role::ALL {
                if role == action.role() {
                    continue;
                }
                assert_eq!(
                    transition(from, action, role),
                    Err(TransitionError::WrongRole {
                        action: action.label(),
                        role: action.role().label()
                    }),
                    "{from:?} {action:?} by {role:?}"
                );
            }
        }
    }

    #[test]
    fn final_states_lead_nowhere() {
        for s in [S::Selesai, S::Ditolak] {
            assert!(s.is_final());
            for a in Action::ALL {
                assert!(transition(s, a, a.role()).is_err());
            }
        }
        let msg = transition(S::Ditolak, A::Setujui, Role::Verifikator)
            .unwrap_err()
            .to_string();
        assert_eq!(
            msg,
            "Tindakan \"Setujui\" tidak dapat dilakukan pada permohonan berstatus Ditolak"
        );
    }

    #[test]
    fn the_office_clock_pauses_while_the_applicant_revises() {
        assert!(!S::PerluPerbaikan.office_clock_runs());
        assert!(S::Verifikasi.office_clock_runs());
        assert!(!S::Selesai.office_clock_runs());
    }

    #[test]
    fn statuses_round_trip_their_names() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            assert_ne!(s.label(), "Tidak Diketahui");
        }
        assert_eq!(Status::parse("draft"), None);
    }
}
