//! Chat between an applicant and the office (helpdesk, officers). One conversation per
//! applicant; messages are plain text, with an optional file from File Saya.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Longest message, in characters.
pub const MAX_TEXT: usize = 2000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ChatAttachment {
    pub sha256: String,
    pub name: String,
}

/// Sending a message. `id` is the idempotency key; an officer names the conversation
/// (the applicant's id), an applicant writes in their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ChatSend {
    pub id: String,
    #[serde(default)]
    pub conversation: Option<String>,
    pub text: String,
    #[serde(default)]
    pub attachment: Option<ChatAttachment>,
}

impl ChatSend {
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ChatMessage {
    #[ts(type = "number")]
    pub seq: i64,
    /// Where the message stands in the feed (given at commit): the cursor to pull after.
    #[ts(type = "number")]
    pub pos: i64,
    pub id: String,
    pub conversation: String,
    pub sender: String,
    pub sender_name: String,
    /// Written by an officer (shown green); otherwise by the applicant.
    pub from_office: bool,
    pub text: String,
    pub attachment: Option<ChatAttachment>,
    pub created_at: String,
}

/// An officer's list entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Conversation {
    pub conversation: String,
    pub pemohon: String,
    pub last_text: String,
    pub last_at: String,
    #[ts(type = "number")]
    pub unread: i64,
}

/// The query of a chat page.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
pub struct MessagesQuery {
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
