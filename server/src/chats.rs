//! SQL for the chat messages: the row as selected (with its sender's name and role) and
//! its conversion to the API's `ChatMessage`, shared by the chat endpoints and the live
//! channel that pushes a message as it is committed.

use eptsp_core::chat::{ChatAttachment, ChatMessage};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::AppState;
use crate::error::ApiResult;

#[derive(sqlx::FromRow)]
pub struct Row {
    seq: i64,
    pos: i64,
    id: Uuid,
    conversation: Uuid,
    /// None for the office's automatic reply.
    pub sender: Option<Uuid>,
    sender_name: String,
    sender_role: String,
    text: String,
    attachment_sha: Option<String>,
    attachment_name: Option<String>,
    created_at: OffsetDateTime,
}

pub const SELECT: &str = "SELECT m.seq, m.pos, m.id, m.conversation, m.sender,
        COALESCE(u.nama, 'DPMPTSP Kaltim (balasan otomatis)') AS sender_name,
        COALESCE(u.role, 'kantor') AS sender_role,
        m.text, m.attachment_sha, m.attachment_name, m.created_at
     FROM chat_messages m LEFT JOIN users u ON u.id = m.sender";

pub fn view(r: Row) -> ApiResult<ChatMessage> {
    Ok(ChatMessage {
        seq: r.seq,
        pos: r.pos,
        id: r.id.to_string(),
        conversation: r.conversation.to_string(),
        sender: r.sender.map(|s| s.to_string()).unwrap_or_default(),
        sender_name: r.sender_name,
        from_office: r.sender_role != "pemohon",
        text: r.text,
        attachment: r.attachment_sha.map(|sha256| ChatAttachment {
            sha256,
            name: r.attachment_name.unwrap_or_default(),
        }),
        created_at: r.created_at.format(&Rfc3339).map_err(anyhow::Error::from)?,
    })
}

/// One message by its seq, as pushed.
pub async fn by_seq(state: &AppState, seq: i64) -> ApiResult<Option<ChatMessage>> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE m.seq = $1"))
        .bind(seq)
        .fetch_optional(&state.db)
        .await?;
    row.map(view).transpose()
}
