//! SQL for the inbox: the messages each user receives (status changes, answers to
//! complaints, reminders), posted inside the transaction of what they tell of, paged by
//! their feed position and marked read; each statement checked against the schema at
//! compile time (offline data in `server/.sqlx`).

use eptsp_core::office::InboxMessage;
use sqlx::{PgPool, Postgres, Transaction};
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::error::ApiResult;

/// Puts a message in `user`'s inbox, in the transaction of what it tells of.
pub async fn post(
    tx: &mut Transaction<'_, Postgres>,
    user: Uuid,
    kind: &str,
    subject: &str,
    body: &str,
    application: Option<Uuid>,
) -> ApiResult<()> {
    sqlx::query!(
        "INSERT INTO messages (user_id, kind, subject, body, application_id) VALUES ($1, $2, $3, $4, $5)",
        user,
        kind,
        subject,
        body,
        application
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// `user`'s messages after feed position `since`, oldest first, at most 500, each with its
/// position.
pub async fn page(db: &PgPool, user: Uuid, since: i64) -> ApiResult<Vec<(i64, InboxMessage)>> {
    sqlx::query!(
        r#"SELECT pos AS "pos!", id, kind, subject, body, application_id, created_at,
                  read_at IS NOT NULL AS "read!"
           FROM messages WHERE user_id = $1 AND pos > $2 ORDER BY pos LIMIT 500"#,
        user,
        since
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| {
        Ok((
            r.pos,
            InboxMessage {
                id: r.id,
                kind: r.kind,
                subject: r.subject,
                body: r.body,
                application_id: r.application_id.map(|u| u.to_string()),
                created_at: r.created_at.format(&Rfc3339).map_err(anyhow::Error::from)?,
                read: r.read,
            },
        ))
    })
    .collect()
}

/// Marks message `id` of `user` read (once: the first time stays); false when `user` has
/// no such message.
pub async fn mark_read(db: &PgPool, id: i64, user: Uuid) -> ApiResult<bool> {
    let r = sqlx::query!(
        "UPDATE messages SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2",
        id,
        user
    )
    .execute(db)
    .await?;
    Ok(r.rows_affected() == 1)
}
