//! What the server pushes over the live channel (one WebSocket per signed-in desktop).
//! A push only says where to look: the desktop then pulls that feed from its cursor, so a
//! push lost or doubled changes nothing but latency.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::chat::ChatMessage;

/// Seconds between the desktop's heartbeats (WebSocket pings) on the live channel.
pub const HEARTBEAT_SECS: u64 = 30;

/// Seconds without any frame from the other side after which the channel is given up.
pub const SILENCE_SECS: u64 = 3 * HEARTBEAT_SECS;

/// A notice on the live channel, as JSON tagged by `type`: it names the feed to pull and never
/// carries the change itself (a chat message excepted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum Push {
    /// The tracking of one of the caller's applications moved: pull `/changes`.
    Changes,
    /// A message arrived in the caller's inbox: pull `/inbox`.
    Inbox,
    /// A chat message the caller may read, shown at once; the chat is still pulled from
    /// its cursor, which this message does not move.
    Chat {
        /// The message as the chat feed carries it.
        message: Box<ChatMessage>,
    },
    /// The office published a new version of the catalogue: fetch it.
    Catalogue,
    /// The portal's announcements or links changed: fetch them.
    Portal,
    /// The working-day calendar's closed days changed: fetch them.
    Holidays,
    /// An application entered or moved in the queue the caller works from (an officer's):
    /// fetch the queue.
    Queue,
    /// The server may have missed announcing something (its link to PostgreSQL was cut):
    /// pull everything.
    Resync,
}
