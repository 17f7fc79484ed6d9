//! Chat between an applicant and the office (helpdesk, officers). One conversation per
//! applicant; messages are plain text, with an optional file from File Saya.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Longest message, in characters.
pub const MAX_TEXT: usize = 2000;

/// A file from File Saya (the applicant's document store) attached to a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ChatAttachment {
    /// The file's SHA-256 (hex); it must already be uploaded to the server.
    pub sha256: String,
    /// The file name shown with the message.
    pub name: String,
}

/// Sending a message. `id` is the idempotency key; an officer names the conversation
/// (the applicant's id), an applicant writes in their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ChatSend {
    /// A UUID the client chooses: resending the same one posts nothing new.
    pub id: String,
    /// The conversation (the applicant's account id) an officer writes in; unused for an
    /// applicant.
    #[serde(default)]
    pub conversation: Option<String>,
    /// The message text (at most [`MAX_TEXT`] characters); may be empty with an attachment.
    pub text: String,
    /// The file attached, if any.
    #[serde(default)]
    pub attachment: Option<ChatAttachment>,
}

impl ChatSend {
    /// Refuses a message with neither text nor attachment, or longer than [`MAX_TEXT`].
    pub fn check(&self) -> Result<(), crate::api::FieldError> {
        let n = self.text.trim().chars().count();
        if n == 0 && self.attachment.is_none() {
            return Err(crate::api::FieldError::custom(
                "text",
                "required",
                "Tulis pesan",
            ));
        }
        if n > MAX_TEXT {
            return Err(crate::api::FieldError::custom(
                "text",
                "too_long",
                "Pesan paling banyak 2000 karakter",
            ));
        }
        Ok(())
    }
}

/// One message of a conversation, as listed and pushed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ChatMessage {
    /// The order the server stored it in.
    #[ts(type = "number")]
    pub seq: i64,
    /// Where the message stands in the feed (given at commit): the cursor to pull after.
    #[ts(type = "number")]
    pub pos: i64,
    /// The id (UUID) its sender gave it.
    pub id: String,
    /// The conversation: the account id of its applicant.
    pub conversation: String,
    /// The writer's account id.
    pub sender: String,
    /// The writer's name.
    pub sender_name: String,
    /// Written by an officer (shown green); otherwise by the applicant.
    pub from_office: bool,
    /// The message text (trimmed).
    pub text: String,
    /// The file attached, if any.
    pub attachment: Option<ChatAttachment>,
    /// When it was stored (RFC 3339).
    pub created_at: String,
}

/// An officer's list entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Conversation {
    /// The conversation: the account id of its applicant.
    pub conversation: String,
    /// The applicant's name.
    pub pemohon: String,
    /// The latest message's text.
    pub last_text: String,
    /// When the latest message was sent (RFC 3339).
    pub last_at: String,
    /// The applicant's messages the calling officer has not read yet.
    #[ts(type = "number")]
    pub unread: i64,
}

/// The query of a chat page.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
pub struct MessagesQuery {
    /// The feed position (`pos`) to read after; 0 reads from the start.
    #[serde(default)]
    pub since: i64,
    /// One conversation (officers); applicants always read their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation: Option<String>,
}

/// Marks a conversation read.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadRequest {
    /// The feed position (`pos`) of the last message read; `seq` is its older name.
    #[serde(alias = "seq")]
    pub pos: i64,
}
