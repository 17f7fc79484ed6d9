//! The outbox of drafts waiting to be sent, and the applications already received.

use eptsp_core::lifecycle::Status;
use serde::Serialize;
use ts_rs::TS;

use super::settings::set_in;
use super::{Store, StoreError, now};

#[derive(Debug, Clone, PartialEq, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct OutboxItem {
    pub draft_id: String,
    pub application_id: String,
    /// The permit the draft asks for (its draft is no longer in the drafts list).
    pub permit_type_id: String,
    /// `queued` (waiting or under way) or `refused` (the office said no; see last_error).
    pub state: String,
    #[ts(type = "number")]
    pub bytes_total: i64,
    #[ts(type = "number")]
    pub bytes_sent: i64,
    #[ts(type = "number")]
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_attempt: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct LocalApplication {
    pub id: String,
    pub resi: String,
    pub permit_type_id: String,
    pub kind: String,
    #[sqlx(try_from = "String")]
    pub status: Status,
    pub submitted_at: String,
}

/// Queues a draft; queuing it again keeps its application id (and so its idempotency key).
pub async fn enqueue(store: &Store, draft_id: &str) -> Result<OutboxItem, StoreError> {
    let t = now();
    let application_id = uuid::Uuid::new_v4().to_string();
    sqlx::query!(
        "INSERT INTO outbox (draft_id, application_id, state, next_attempt, created_at) VALUES (?, ?, 'queued', ?, ?)
         ON CONFLICT (draft_id) DO UPDATE SET state = 'queued', last_error = NULL, next_attempt = excluded.next_attempt",
        draft_id,
        application_id,
        t,
        t
    )
    .execute(&store.pool)
    .await?;
    get(store, draft_id)
        .await?
        .ok_or(StoreError::Sql(sqlx::Error::RowNotFound))
}

pub async fn get(store: &Store, draft_id: &str) -> Result<Option<OutboxItem>, StoreError> {
    Ok(sqlx::query_as!(
        OutboxItem,
        r#"SELECT o.draft_id AS "draft_id!", o.application_id, o.state, o.bytes_total, o.bytes_sent,
            o.attempts, o.last_error, o.next_attempt,
            coalesce(json_extract(d.data_json, '$.permit_type_id'), '') AS "permit_type_id!: String"
         FROM outbox o JOIN drafts d ON d.id = o.draft_id WHERE o.draft_id = ?"#,
        draft_id
    )
    .fetch_optional(&store.pool)
    .await?)
}

pub async fn all(store: &Store) -> Result<Vec<OutboxItem>, StoreError> {
    Ok(sqlx::query_as!(
        OutboxItem,
        r#"SELECT o.draft_id AS "draft_id!", o.application_id, o.state, o.bytes_total, o.bytes_sent,
            o.attempts, o.last_error, o.next_attempt,
            coalesce(json_extract(d.data_json, '$.permit_type_id'), '') AS "permit_type_id!: String"
         FROM outbox o JOIN drafts d ON d.id = o.draft_id
         WHERE o.state <> 'cancelled' ORDER BY o.created_at"#
    )
    .fetch_all(&store.pool)
    .await?)
}

/// Whether the draft waits in the outbox ("Menunggu dikirim"): then it is read-only.
pub async fn is_waiting(store: &Store, draft_id: &str) -> Result<bool, StoreError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!: i64" FROM outbox WHERE draft_id = ? AND state = 'queued'"#,
        draft_id
    )
    .fetch_one(&store.pool)
    .await?
        > 0)
}

/// "Batalkan pengiriman": the queued draft goes back to the drafts, editable. Its
/// application id stays (sent again, it is the same application). False when it was not
/// waiting (received meanwhile, refused, or never sent).
pub async fn cancel(store: &Store, draft_id: &str) -> Result<bool, StoreError> {
    let r = sqlx::query!(
        "UPDATE outbox SET state = 'cancelled', last_error = NULL, bytes_sent = 0
         WHERE draft_id = ? AND state = 'queued'",
        draft_id
    )
    .execute(&store.pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Queued items whose next attempt is due.
pub async fn due(store: &Store) -> Result<Vec<OutboxItem>, StoreError> {
    let t = now();
    Ok(sqlx::query_as!(
        OutboxItem,
        r#"SELECT o.draft_id AS "draft_id!", o.application_id, o.state, o.bytes_total, o.bytes_sent,
            o.attempts, o.last_error, o.next_attempt,
            coalesce(json_extract(d.data_json, '$.permit_type_id'), '') AS "permit_type_id!: String"
         FROM outbox o JOIN drafts d ON d.id = o.draft_id
         WHERE o.state = 'queued' AND o.next_attempt <= ? ORDER BY o.created_at"#,
        t
    )
    .fetch_all(&store.pool)
    .await?)
}

pub async fn progress(
    store: &Store,
    draft_id: &str,
    sent: i64,
    total: i64,
) -> Result<(), StoreError> {
    sqlx::query!(
        "UPDATE outbox SET bytes_sent = ?, bytes_total = ? WHERE draft_id = ?",
        sent,
        total,
        draft_id
    )
    .execute(&store.pool)
    .await?;
    Ok(())
}

/// A failed attempt to try again after `delay_secs`.
pub async fn retry_later(
    store: &Store,
    draft_id: &str,
    error: &str,
    delay_secs: i64,
) -> Result<(), StoreError> {
    let next = super::later(delay_secs);
    sqlx::query!(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt = ? WHERE draft_id = ?",
        error,
        next,
        draft_id
    )
    .execute(&store.pool)
    .await?;
    Ok(())
}

/// The office refused: the draft stays, editable, with the reason.
pub async fn refuse(store: &Store, draft_id: &str, reason: &str) -> Result<(), StoreError> {
    sqlx::query!(
        "UPDATE outbox SET state = 'refused', last_error = ?, attempts = attempts + 1 WHERE draft_id = ?",
        reason,
        draft_id
    )
    .execute(&store.pool)
    .await?;
    Ok(())
}

/// The draft that reached the office goes (its outbox entry with it), and the wizard no
/// longer reopens it.
async fn drop_sent_draft(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    draft_id: &str,
) -> Result<(), StoreError> {
    sqlx::query!("DELETE FROM drafts WHERE id = ?", draft_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query!(
        "UPDATE settings SET value = '' WHERE key = 'open_draft' AND value = ?",
        draft_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Received: the application is kept, the draft and its outbox entry go, in one step.
pub async fn received(
    store: &Store,
    draft_id: &str,
    app: &LocalApplication,
    data_json: &str,
) -> Result<(), StoreError> {
    let mut tx = store.pool.begin().await?;
    let status = app.status.as_str();
    sqlx::query!(
        "INSERT OR REPLACE INTO applications (id, resi, permit_type_id, kind, status, data_json, submitted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        app.id,
        app.resi,
        app.permit_type_id,
        app.kind,
        status,
        data_json,
        app.submitted_at
    )
    .execute(&mut *tx)
    .await?;
    drop_sent_draft(&mut tx, draft_id).await?;
    tx.commit().await?;
    Ok(())
}

/// A revision reached the office: the application's new state is kept, the revision
/// draft and its outbox entry go.
pub async fn revised(
    store: &Store,
    draft_id: &str,
    view: &eptsp_core::office::ApplicationView,
    data_json: &str,
) -> Result<(), StoreError> {
    super::office::save_detail(store, view).await?;
    let mut tx = store.pool.begin().await?;
    sqlx::query!(
        "UPDATE applications SET data_json = ? WHERE id = ?",
        data_json,
        view.id
    )
    .execute(&mut *tx)
    .await?;
    drop_sent_draft(&mut tx, draft_id).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn applications(store: &Store) -> Result<Vec<LocalApplication>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", resi, permit_type_id, kind, status, submitted_at
         FROM applications ORDER BY submitted_at DESC"#
    )
    .fetch_all(&store.pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(LocalApplication {
                id: r.id,
                resi: r.resi,
                permit_type_id: r.permit_type_id,
                kind: r.kind,
                status: super::status(r.status)?,
                submitted_at: r.submitted_at,
            })
        })
        .collect()
}

/// Makes every queued item due now (the network is back, or the applicant asked).
pub async fn wake(store: &Store) -> Result<(), StoreError> {
    let t = now();
    sqlx::query!(
        "UPDATE outbox SET next_attempt = ? WHERE state = 'queued'",
        t
    )
    .execute(&store.pool)
    .await?;
    Ok(())
}

/// The last tracking `seq` pulled from the server.
pub async fn tracking_cursor(store: &Store) -> Result<i64, StoreError> {
    Ok(super::settings::get(store, "tracking_cursor")
        .await?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

/// Keeps pulled tracking entries and moves each application to its latest status, in one
/// transaction with the new cursor. Returns the entries that were new here.
pub async fn apply_changes(
    store: &Store,
    changes: &[eptsp_core::submission::Change],
    cursor: i64,
) -> Result<Vec<eptsp_core::submission::Change>, StoreError> {
    let mut fresh = Vec::new();
    let mut tx = store.pool.begin().await?;
    for c in changes {
        let status = c.status.as_str();
        let inserted = sqlx::query!(
            "INSERT OR IGNORE INTO tracking (seq, application_id, status, note, at) VALUES (?, ?, ?, ?, ?)",
            c.seq,
            c.application_id,
            status,
            c.note,
            c.at
        )
        .execute(&mut *tx)
        .await?;
        // Entries come in commit order: a new one is the application's latest; one held
        // already (a page answered twice) must not take the status back.
        if inserted.rows_affected() == 1 {
            sqlx::query!(
                "UPDATE applications SET status = ? WHERE id = ?",
                status,
                c.application_id
            )
            .execute(&mut *tx)
            .await?;
            fresh.push(c.clone());
        }
    }
    // What the office says about each application that moved (and the permits once one is
    // issued or revoked) is fetched after this; marked here, in the same step as the
    // cursor, so that a fetch that fails or a worker killed before it is made up for.
    let mut refresh: Vec<String> =
        serde_json::from_str(&super::settings::get_text_in(&mut tx, "refresh_details").await?)
            .unwrap_or_default();
    for c in &fresh {
        if !refresh.contains(&c.application_id) {
            refresh.push(c.application_id.clone());
        }
    }
    set_in(
        &mut tx,
        "refresh_details",
        &serde_json::to_string(&refresh)?,
    )
    .await?;
    if fresh.iter().any(|c| c.status == Status::Selesai) {
        set_in(&mut tx, "refresh_permits", "1").await?;
    }
    let held = super::settings::get_in(&mut tx, "tracking_cursor").await?;
    let next = crate::plan::advance(held, cursor).to_string();
    set_in(&mut tx, "tracking_cursor", &next).await?;
    tx.commit().await?;
    Ok(fresh)
}

#[derive(Debug, Clone, PartialEq, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct TrackingRow {
    pub status: String,
    pub note: String,
    pub at: String,
}

pub async fn tracking(store: &Store, application_id: &str) -> Result<Vec<TrackingRow>, StoreError> {
    Ok(sqlx::query_as!(
        TrackingRow,
        "SELECT status, note, at FROM tracking WHERE application_id = ? ORDER BY seq",
        application_id
    )
    .fetch_all(&store.pool)
    .await?)
}

/// The applications whose office view is still to be fetched, and whether the permits are.
pub async fn to_refresh(store: &Store) -> Result<(Vec<String>, bool), StoreError> {
    let ids = super::settings::get(store, "refresh_details")
        .await?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default();
    let permits = super::settings::get(store, "refresh_permits")
        .await?
        .as_deref()
        == Some("1");
    Ok((ids, permits))
}

/// The office view of `id` is fetched (or no longer there to fetch).
pub async fn refreshed_detail(store: &Store, id: &str) -> Result<(), StoreError> {
    let (mut ids, _) = to_refresh(store).await?;
    ids.retain(|x| x != id);
    super::settings::set(store, "refresh_details", &serde_json::to_string(&ids)?).await
}

/// The permits are fetched.
pub async fn refreshed_permits(store: &Store) -> Result<(), StoreError> {
    super::settings::set(store, "refresh_permits", "").await
}
