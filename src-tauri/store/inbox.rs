//! The inbox kept on this computer: pulled by cursor, searched and paged offline.

use eptsp_core::office::InboxMessage;
use serde::Serialize;
use ts_rs::TS;

use super::{Store, StoreError};

/// Messages per page ("Hal 1 dari N").
pub const PAGE_SIZE: i64 = 10;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct InboxList {
    pub items: Vec<InboxMessage>,
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "number")]
    pub page: i64,
    #[ts(type = "number")]
    pub pages: i64,
    #[ts(type = "number")]
    pub unread: i64,
}

pub async fn cursor(store: &Store) -> Result<i64, StoreError> {
    Ok(super::settings::get(store, "inbox_cursor")
        .await?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

/// Keeps pulled messages (a message read here stays read) and the new cursor; returns
/// how many were new.
pub async fn apply(
    store: &Store,
    messages: &[InboxMessage],
    cursor: i64,
) -> Result<usize, StoreError> {
    // The read below comes before the writes: the write lock is taken at once.
    let mut tx = store.pool.begin_with("BEGIN IMMEDIATE").await?;
    let held = super::settings::get_in(&mut tx, "inbox_cursor").await?;
    let caught_up = super::notes::is_caught_up(&mut tx, super::notes::Feed::Inbox).await?;
    let mut fresh = 0;
    for m in messages {
        // The first catch-up of an account here brings its history: nothing of it is
        // announced, nor a message already read elsewhere.
        let notified = !caught_up || m.read;
        let r = sqlx::query!(
            "INSERT INTO inbox (id, kind, subject, body, application_id, created_at, read, notified) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET read = max(inbox.read, excluded.read)",
            m.id,
            m.kind,
            m.subject,
            m.body,
            m.application_id,
            m.created_at,
            m.read,
            notified
        )
        .execute(&mut *tx)
        .await?;
        fresh += r.rows_affected() as usize;
    }
    let next = crate::plan::advance(held, cursor).to_string();
    sqlx::query!(
        "INSERT INTO settings (key, value) VALUES ('inbox_cursor', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        next
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(fresh)
}

struct Row {
    id: i64,
    kind: String,
    subject: String,
    body: String,
    application_id: Option<String>,
    created_at: String,
    read: bool,
}

impl From<Row> for InboxMessage {
    fn from(r: Row) -> Self {
        InboxMessage {
            id: r.id,
            kind: r.kind,
            subject: r.subject,
            body: r.body,
            application_id: r.application_id,
            created_at: r.created_at,
            read: r.read,
        }
    }
}

/// Page `page` (from 1) of the messages whose subject or body contains `query`, newest
/// first.
pub async fn list(store: &Store, query: &str, page: i64) -> Result<InboxList, StoreError> {
    let like = format!(
        "%{}%",
        query
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!: i64" FROM inbox WHERE subject LIKE ?1 ESCAPE '\' OR body LIKE ?1 ESCAPE '\'"#,
        like
    )
    .fetch_one(&store.pool)
    .await?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let offset = (page - 1) * PAGE_SIZE;
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT id AS "id!", kind, subject, body, application_id, created_at, read AS "read: bool" FROM inbox
         WHERE subject LIKE ?1 ESCAPE '\' OR body LIKE ?1 ESCAPE '\'
         ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3"#,
        like,
        PAGE_SIZE,
        offset
    )
    .fetch_all(&store.pool)
    .await?;
    let unread = sqlx::query_scalar!(r#"SELECT count(*) AS "n!: i64" FROM inbox WHERE read = 0"#)
        .fetch_one(&store.pool)
        .await?;
    Ok(InboxList {
        items: rows.into_iter().map(Into::into).collect(),
        total,
        page,
        pages,
        unread,
    })
}

/// Marks a message read here; the server is told on the next sync.
pub async fn mark_read(store: &Store, id: i64) -> Result<Option<InboxMessage>, StoreError> {
    sqlx::query!(
        "UPDATE inbox SET read_pending = 1 WHERE id = ? AND read = 0",
        id
    )
    .execute(&store.pool)
    .await?;
    sqlx::query!("UPDATE inbox SET read = 1 WHERE id = ?", id)
        .execute(&store.pool)
        .await?;
    let row = sqlx::query_as!(
        Row,
        r#"SELECT id AS "id!", kind, subject, body, application_id, created_at, read AS "read: bool"
         FROM inbox WHERE id = ?"#,
        id
    )
    .fetch_optional(&store.pool)
    .await?;
    Ok(row.map(Into::into))
}

pub async fn pending_reads(store: &Store) -> Result<Vec<i64>, StoreError> {
    Ok(
        sqlx::query_scalar!("SELECT id FROM inbox WHERE read_pending = 1")
            .fetch_all(&store.pool)
            .await?,
    )
}

pub async fn read_sent(store: &Store, id: i64) -> Result<(), StoreError> {
    sqlx::query!("UPDATE inbox SET read_pending = 0 WHERE id = ?", id)
        .execute(&store.pool)
        .await?;
    Ok(())
}
