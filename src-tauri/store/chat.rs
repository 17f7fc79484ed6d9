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
    // The read below comes before the writes: the write lock is taken at once.
    let mut tx = store.pool.begin_with("BEGIN IMMEDIATE").await?;
    // The first catch-up of an account here brings its history: nothing of it is announced
    // (a message pushed live always is).
    let notified =
        advance && !super::notes::is_caught_up(&mut tx, super::notes::Feed::Chat).await?;
    let mut fresh = 0;
    for m in messages {
        let sha = m.attachment.as_ref().map(|a| a.sha256.clone());
        let name = m.attachment.as_ref().map(|a| a.name.clone());
        let r = sqlx::query!(
            "INSERT OR IGNORE INTO chat_messages (seq, id, conversation, sender, sender_name, from_office, text,
                 attachment_sha, attachment_name, created_at, pos, notified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            m.seq,
            m.id,
            m.conversation,
            m.sender,
            m.sender_name,
            m.from_office,
            m.text,
            sha,
            name,
            m.created_at,
            m.pos,
            notified
        )
        .execute(&mut *tx)
        .await?;
        fresh += r.rows_affected() as usize;
        sqlx::query!("DELETE FROM chat_outbox WHERE id = ?", m.id)
            .execute(&mut *tx)
            .await?;
    }
    if let Some(max) = messages.iter().map(|m| m.pos).max().filter(|_| advance) {
        let held = super::settings::get_in(&mut tx, "chat_cursor").await?;
        let next = crate::plan::advance(held, max).to_string();
        sqlx::query!(
            "INSERT INTO settings (key, value) VALUES ('chat_cursor', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            next
        )
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
    let at = now();
    sqlx::query!(
        "INSERT INTO chat_outbox (id, conversation, text, file_id, created_at) VALUES (?, ?, ?, ?, ?)",
        id,
        conversation,
        text,
        file_id,
        at
    )
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
    Ok(sqlx::query_as!(
        Queued,
        r#"SELECT id AS "id!", conversation, text AS "text!", file_id FROM chat_outbox ORDER BY n"#
    )
    .fetch_all(&store.pool)
    .await?)
}

pub async fn failed(store: &Store, id: &str, error: &str) -> Result<(), StoreError> {
    sqlx::query!(
        "UPDATE chat_outbox SET last_error = ? WHERE id = ?",
        error,
        id
    )
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
    let rows = sqlx::query!(
        r#"SELECT seq AS "seq!", id AS "id!", sender AS "sender!", sender_name AS "sender_name!",
            from_office AS "from_office!: bool", text AS "text!", attachment_sha, attachment_name,
            created_at AS "created_at!"
         FROM chat_messages WHERE ?1 IS NULL OR conversation = ?1 ORDER BY seq"#,
        conversation
    )
    .fetch_all(&store.pool)
    .await?;
    let mut out: Vec<ChatItem> = rows
        .into_iter()
        .map(|r| ChatItem {
            id: r.id,
            seq: Some(r.seq),
            mine: r.sender == me,
            sender_name: r.sender_name,
            from_office: r.from_office,
            text: r.text,
            attachment: r.attachment_sha.map(|sha256| ChatAttachment {
                sha256,
                name: r.attachment_name.unwrap_or_default(),
            }),
            created_at: r.created_at,
            pending: false,
            error: None,
        })
        .collect();
    let waiting = sqlx::query!(
        r#"SELECT o.id AS "id!", o.text AS "text!", f.name AS "file?", o.created_at AS "created_at!",
            o.last_error AS "error?"
         FROM chat_outbox o LEFT JOIN files f ON f.id = o.file_id
         WHERE ?1 IS NULL OR o.conversation = ?1 OR o.conversation IS NULL ORDER BY o.n"#,
        conversation
    )
    .fetch_all(&store.pool)
    .await?;
    out.extend(waiting.into_iter().map(|r| ChatItem {
        id: r.id,
        seq: None,
        sender_name: String::new(),
        from_office: false,
        mine: true,
        text: r.text,
        attachment: r.file.map(|name| ChatAttachment {
            sha256: String::new(),
            name,
        }),
        created_at: r.created_at,
        pending: true,
        error: r.error,
    }));
    Ok(out)
}

/// The feed position of the latest message up to `seq` in `conversation`.
pub async fn read_pos(
    store: &Store,
    conversation: &str,
    seq: i64,
) -> Result<Option<i64>, StoreError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT max(pos) AS "p?: i64" FROM chat_messages WHERE conversation = ? AND seq <= ?"#,
        conversation,
        seq
    )
    .fetch_one(&store.pool)
    .await?)
}
