//! What has been announced on this computer: the inbox and chat messages not yet shown as
//! desktop notifications, taken once, and the office queue as last seen.

use super::{Store, StoreError};

/// A feed whose messages are announced once this computer has caught up with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feed {
    Inbox,
    Chat,
    /// The office queue (an officer's): the first one fetched is taken as seen.
    Queue,
}

impl Feed {
    fn key(self) -> &'static str {
        match self {
            Feed::Inbox => "inbox_caught_up",
            Feed::Chat => "chat_caught_up",
            Feed::Queue => "queue_caught_up",
        }
    }
}

/// Marks `feed` as caught up with (a pull reached its end): what arrives from now on is
/// announced; what came before (the account's history) was not.
pub async fn caught_up(store: &Store, feed: Feed) -> Result<(), StoreError> {
    super::settings::set(store, feed.key(), "1").await
}

/// Whether `feed` has been caught up with, read inside `tx`.
pub async fn is_caught_up(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    feed: Feed,
) -> Result<bool, StoreError> {
    Ok(super::settings::get_in(tx, feed.key()).await? == 1)
}

/// An inbox message not announced yet.
#[derive(Debug, Clone, PartialEq)]
pub struct InboxNew {
    pub kind: String,
    pub subject: String,
    pub body: String,
    /// The resi of the application it is about, when this computer knows it.
    pub resi: Option<String>,
}

/// A chat message from the other side not announced yet.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatNew {
    pub conversation: String,
    pub sender_name: String,
    pub text: String,
    pub attachment_name: Option<String>,
}

/// The unread inbox messages not announced yet, oldest first; they count as announced
/// from now on.
pub async fn take_inbox(store: &Store) -> Result<Vec<InboxNew>, StoreError> {
    // Writes follow the read: the write lock is taken at once (a read upgraded later
    // could find another writer ahead and fail instead of waiting).
    let mut tx = store.pool.begin_with("BEGIN IMMEDIATE").await?;
    let rows = sqlx::query!(
        r#"SELECT i.kind, i.subject, i.body, a.resi AS "resi?"
           FROM inbox i LEFT JOIN applications a ON a.id = i.application_id
           WHERE i.notified = 0 AND i.read = 0 ORDER BY i.id"#
    )
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query!("UPDATE inbox SET notified = 1 WHERE notified = 0")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|r| InboxNew {
            kind: r.kind,
            subject: r.subject,
            body: r.body,
            resi: r.resi,
        })
        .collect())
}

/// The chat messages not announced yet that came from the other side of the counter
/// (the office for an applicant, applicants for an officer), in the server's order; they
/// count as announced from now on. What `me` wrote is never announced.
pub async fn take_chat(store: &Store, me: &str, officer: bool) -> Result<Vec<ChatNew>, StoreError> {
    // Writes follow the read: the write lock is taken at once (a read upgraded later
    // could find another writer ahead and fail instead of waiting).
    let mut tx = store.pool.begin_with("BEGIN IMMEDIATE").await?;
    let from_office = !officer;
    let rows = sqlx::query!(
        "SELECT conversation, sender_name, text, attachment_name FROM chat_messages
         WHERE notified = 0 AND sender <> ? AND from_office = ? ORDER BY seq",
        me,
        from_office
    )
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query!("UPDATE chat_messages SET notified = 1 WHERE notified = 0")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|r| ChatNew {
            conversation: r.conversation,
            sender_name: r.sender_name,
            text: r.text,
            attachment_name: r.attachment_name,
        })
        .collect())
}

/// Keeps `now` (the ids in the office queue) as the queue last seen and returns the ones
/// that were not in it before: an application that left the queue and came back (a
/// revision sent) is new again. The first queue this account fetches here is what it
/// finds waiting, not news: none of it is returned.
pub async fn queue_arrivals(store: &Store, now: &[String]) -> Result<Vec<String>, StoreError> {
    // Writes follow the read: the write lock is taken at once (a read upgraded later
    // could find another writer ahead and fail instead of waiting).
    let mut tx = store.pool.begin_with("BEGIN IMMEDIATE").await?;
    let first = !is_caught_up(&mut tx, Feed::Queue).await?;
    let seen: std::collections::HashSet<String> =
        sqlx::query_scalar!(r#"SELECT application_id AS "id!" FROM queue_seen"#)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
    sqlx::query!("DELETE FROM queue_seen")
        .execute(&mut *tx)
        .await?;
    for id in now {
        sqlx::query!(
            "INSERT OR IGNORE INTO queue_seen (application_id) VALUES (?)",
            id
        )
        .execute(&mut *tx)
        .await?;
    }
    if first {
        sqlx::query!(
            "INSERT INTO settings (key, value) VALUES ('queue_caught_up', '1')
             ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        return Ok(Vec::new());
    }
    tx.commit().await?;
    Ok(now
        .iter()
        .filter(|id| !seen.contains(*id))
        .cloned()
        .collect())
}
