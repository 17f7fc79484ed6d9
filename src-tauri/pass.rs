//! What one sync pass is asked to pull ([`Pulls`]), how far its sending is ([`Progress`])
//! and what it reports ([`SyncReport`]): the words the backend (which asks for passes and
//! shows their progress) and the sync worker (which runs them) share, so that neither
//! needs the other's module for them.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SyncReport {
    /// Resi of the applications the office received in this run.
    pub received: Vec<String>,
    pub refused: Vec<String>,
    pub pending: usize,
    /// Status changes pulled from the office (beyond the receipt itself).
    pub updates: Vec<eptsp_core::submission::Change>,
    /// Decisions from this workstation the office applied (the status each led to).
    pub decided: Vec<String>,
    /// Revisions the office received (resi).
    pub revised: Vec<String>,
    /// Permits about to expire: (number, last valid day).
    pub reminders: Vec<(String, String)>,
    /// New messages in the inbox.
    pub messages: usize,
    /// New chat messages.
    pub chat: usize,
    /// The session ended on the server: what waits stays queued until the user signs in.
    pub sign_in: bool,
    /// Something could not be done now for a passing reason (a feed not pulled, a chat
    /// message not sent): the worker tries again with backoff.
    pub deferred: bool,
    /// What else arrived that the user waits for (an answer in the inbox, a chat reply,
    /// new work in the office queue), announced once.
    pub notes: Vec<Note>,
}

/// A desktop notification: what it says, and the screen a click on it opens.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Note {
    pub summary: String,
    pub body: String,
    pub open: Open,
}

impl Note {
    pub fn new(summary: impl Into<String>, body: impl Into<String>, open: Open) -> Note {
        Note {
            summary: summary.into(),
            body: body.into(),
            open,
        }
    }
}

/// Where a click on a notification leads: a screen, and on it the application (by resi)
/// or the conversation it is about.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Open {
    pub screen: Screen,
    pub resi: Option<String>,
    pub conversation: Option<String>,
}

impl Open {
    pub fn screen(screen: Screen) -> Open {
        Open {
            screen,
            resi: None,
            conversation: None,
        }
    }

    pub fn resi(screen: Screen, resi: impl Into<String>) -> Open {
        Open {
            resi: Some(resi.into()),
            ..Open::screen(screen)
        }
    }
}

/// The screens a notification opens (the UI's names for them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Screen {
    Login,
    Permohonan,
    Saya,
    Izin,
    Inbox,
    Pengaduan,
    Survey,
    Chat,
    Kantor,
    Ttd,
}

impl SyncReport {
    /// Adds what `other` sent (received, refused, revised, decided) to this report's.
    pub fn add_sent(&mut self, other: &SyncReport) {
        self.received.extend(other.received.iter().cloned());
        self.refused.extend(other.refused.iter().cloned());
        self.revised.extend(other.revised.iter().cloned());
        self.decided.extend(other.decided.iter().cloned());
    }
}

/// Which feeds a pass pulls: all of them (start, reconnection, the fallback pull with the
/// live channel down) or the ones a push named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pulls {
    pub changes: bool,
    pub inbox: bool,
    pub chat: bool,
    /// The office queue (officers only): what entered it is announced.
    pub queue: bool,
}

impl Pulls {
    pub const ALL: Pulls = Pulls {
        changes: true,
        inbox: true,
        chat: true,
        queue: true,
    };
    pub const NONE: Pulls = Pulls {
        changes: false,
        inbox: false,
        chat: false,
        queue: false,
    };
}

/// Live progress of the item being sent, for the UI's progress bar.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Progress {
    pub draft_id: String,
    #[ts(type = "number")]
    pub bytes_sent: i64,
    #[ts(type = "number")]
    pub bytes_total: i64,
    pub files_done: u32,
    pub files_total: u32,
}
