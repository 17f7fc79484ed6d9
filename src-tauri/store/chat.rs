//! Chat on this computer: the messages as the server ordered them, and the ones typed
//! here (offline too) waiting to go, sent in the order they were typed.

use eptsp_core::chat::{ChatAttachment, ChatMessage};
use serde::Serialize;
use ts_rs::TS;

use super::{Store, StoreError, now};

/// One line of the conversation as shown: sent (with its seq) or still waiting here.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ChatItem {
    pub id: String,
    /// The server's order (none while waiting here).
    #[ts(type = "number | null")]
    pub seq: Option<i64>,
    pub sender_name: String,
    pub from_office: bool,
    /// Written on this computer (shown as one's own).
    pub mine: bool,
    pub text: String,
    pub attachment: Option<ChatAttachment>,
    pub created_at: String,
    /// Not on the server yet.
    pub pending: bool,
    pub error: Option<String>,
}

pub async fn cursor(store: &Store) -> Result<i64, StoreError> {
    Ok(super::settings::get(store, "chat_cursor")
        .await?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

/// Keeps messages from the server (once each); a message of ours that arrives leaves the
/// outbox. With `advance`, moves the cursor to the highest feed position seen: only for
/// a page pulled from the cursor, never for a message pushed live or the answer to our
/// own send, either of which may be ahead of messages not pulled yet.
pub async fn apply(
    store: &Store,
    messages: &[ChatMessage],
    advance: bool,
) -> Result<usize, StoreError> {
    let mut tx = store.pool.begin().await?;
    let mut fresh = 0;
    for m in messages {
        let r = sqlx::query(
            "INSERT OR IGNORE INTO chat_messages (seq, id, conversation, sender, sender_name, from_office, text,
                 attachment_sha, attachment_name, created_at, pos) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(m.seq)
        .bind(&m.id)
        .bind(&m.conversation)
        .bind(&m.sender)
        .bind(&m.sender_name)
        .bind(m.from_office)
        .bind(&m.text)
        .bind(m.attachment.as_ref().map(|a| a.sha256.clone()))
        .bind(m.attachment.as_ref().map(|a| a.name.clone()))
        .bind(&m.created_at)
        .bind(m.pos)
        .execute(&mut *tx)
        .await?;
        fresh += r.rows_affected() as usize;
        sqlx::query("DELETE FROM chat_outbox WHERE id = ?")
            .bind(&m.id)
            .execute(&mut *tx)
            .await?;
    }
    if let Some(max) = messages.iter().map(|m| m.pos).max().filter(|_| advance) {
        let held = super::settings::get_in(&mut tx, "chat_cursor").await?;
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ('chat_cursor', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(crate::plan::advance(held, max).to_string())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(fresh)
}

/// Queues a message typed here.
pub async fn enqueue(
    store: &Store,
    conversation: Option<&str>,
    text: &str,
    file_id: Option<&str>,
) -> Result<String, StoreError> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO chat_outbox (id, conversation, text, file_id, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(conversation)
    .bind(text)
    .bind(file_id)
    .bind(now())
    .execute(&store.pool)
    .await?;
    Ok(id)
}

pub struct Queued {
    pub id: String,
    pub conversation: Option<String>,
    pub text: String,
    pub file_id: Option<String>,
}

/// What waits to be sent, in the order it was typed.
pub async fn queued(store: &Store) -> Result<Vec<Queued>, StoreError> {
    let rows: Vec<(String, Option<String>, String, Option<String>)> =
        sqlx::query_as("SELECT id, conversation, text, file_id FROM chat_outbox ORDER BY n")
            .fetch_all(&store.pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, conversation, text, file_id)| Queued {
            id,
            conversation,
            text,
            file_id,
        })
        .collect())
}

pub async fn failed(store: &Store, id: &str, error: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE chat_outbox SET last_error = ? WHERE id = ?")
        .bind(error)
        .bind(id)
        .execute(&store.pool)
        .await?;
    Ok(())
}

/// The conversation (`None`: all, for an applicant their own), oldest first, with what
/// waits here at the end.
pub async fn list(
    store: &Store,
    conversation: Option<&str>,
    me: &str,
) -> Result<Vec<ChatItem>, StoreError> {
    type Row = (
        i64,
        String,
        String,
        String,
        bool,
        String,
        Option<String>,
        Option<String>,
        String,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT seq, id, sender, sender_name, from_office, text, attachment_sha, attachment_name, created_at
         FROM chat_messages WHERE ?1 IS NULL OR conversation = ?1 ORDER BY seq",
    )
    .bind(conversation)
    .fetch_all(&store.pool)
    .await?;
    let mut out: Vec<ChatItem> = rows
        .into_iter()
        .map(
            |(seq, id, sender, sender_name, from_office, text, sha, name, created_at)| ChatItem {
                id,
                seq: Some(seq),
                mine: sender == me,
                sender_name,
                from_office,
                text,
                attachment: sha.map(|sha256| ChatAttachment {
                    sha256,
                    name: name.unwrap_or_default(),
                }),
                created_at,
                pending: false,
                error: None,
            },
        )
        .collect();
    type Waiting = (String, String, Option<String>, String, Option<String>);
    let waiting: Vec<Waiting> = sqlx::query_as(
        "SELECT o.id, o.text, f.name, o.created_at, o.last_error FROM chat_outbox o LEFT JOIN files f ON f.id = o.file_id
         WHERE ?1 IS NULL OR o.conversation = ?1 OR o.conversation IS NULL ORDER BY o.n",
    )
    .bind(conversation)
    .fetch_all(&store.pool)
    .await?;
    out.extend(
        waiting
            .into_iter()
            .map(|(id, text, file, created_at, error)| ChatItem {
                id,
                seq: None,
                sender_name: String::new(),
                from_office: false,
                mine: true,
                text,
                attachment: file.map(|name| ChatAttachment {
                    sha256: String::new(),
                    name,
                }),
                created_at,
                pending: true,
                error,
            }),
    );
    Ok(out)
}
