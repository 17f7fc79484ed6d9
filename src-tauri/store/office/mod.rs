//! The workstation's side of the back office, kept locally so review goes on with the
//! network off: claimed dossiers (review cases) with the checklist in progress, and the
//! outbox of decisions waiting to reach the server. Also the applicant's permits.

mod permits;
pub use permits::*;

use super::{Store, StoreError, now};
use eptsp_core::office::{DecisionRequest, Dossier, ReviewItem};
use serde::Serialize;
use ts_rs::TS;

/// A dossier under review on this workstation.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ReviewCase {
    pub dossier: Dossier,
    pub checklist: Vec<ReviewItem>,
    pub note: String,
    pub fetched_at: String,
    /// A decision made here that has not reached the server yet.
    pub pending: Option<PendingDecision>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PendingDecision {
    pub id: String,
    pub request: DecisionRequest,
    /// `queued` or `refused` (see last_error).
    pub state: String,
    pub last_error: Option<String>,
}

pub async fn save_case(store: &Store, d: &Dossier) -> Result<(), StoreError> {
    let json = serde_json::to_string(d)?;
    let t = now();
    sqlx::query!(
        "INSERT INTO review_cases (application_id, dossier_json, fetched_at) VALUES (?, ?, ?)
         ON CONFLICT (application_id) DO UPDATE SET dossier_json = excluded.dossier_json, fetched_at = excluded.fetched_at",
        d.id,
        json,
        t
    )
    .execute(&store.pool)
    .await?;
    Ok(())
}

pub async fn save_progress(
    store: &Store,
    application_id: &str,
    checklist: &[ReviewItem],
    note: &str,
) -> Result<bool, StoreError> {
    let json = serde_json::to_string(checklist)?;
    let r = sqlx::query!(
        "UPDATE review_cases SET checklist_json = ?, note = ? WHERE application_id = ?",
        json,
        note,
        application_id
    )
    .execute(&store.pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// The files (SHA-256) of the dossiers held here: of one application, or of all.
pub async fn case_files(
    store: &Store,
    application_id: Option<&str>,
) -> Result<Vec<String>, StoreError> {
    let rows = sqlx::query_scalar!(
        r#"SELECT dossier_json AS "j!" FROM review_cases WHERE ?1 IS NULL OR application_id = ?1"#,
        application_id
    )
    .fetch_all(&store.pool)
    .await?;
    let mut out = Vec::new();
    for json in rows {
        let d: Dossier = serde_json::from_str(&json)?;
        out.extend(d.files.into_iter().map(|f| f.sha256));
    }
    Ok(out)
}

/// Removes every downloaded dossier that has no decision waiting to be sent; returns
/// the files they held.
pub async fn remove_settled_cases(store: &Store) -> Result<Vec<String>, StoreError> {
    let mut tx = store.pool.begin().await?;
    let rows = sqlx::query_scalar!(
        r#"DELETE FROM review_cases WHERE application_id NOT IN
            (SELECT application_id FROM decision_outbox WHERE state = 'queued')
         RETURNING dossier_json AS "j!""#
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut out = Vec::new();
    for json in rows {
        let d: Dossier = serde_json::from_str(&json)?;
        out.extend(d.files.into_iter().map(|f| f.sha256));
    }
    Ok(out)
}

pub async fn remove_case(store: &Store, application_id: &str) -> Result<(), StoreError> {
    sqlx::query!(
        "DELETE FROM review_cases WHERE application_id = ?",
        application_id
    )
    .execute(&store.pool)
    .await?;
    Ok(())
}

async fn pending_for(
    store: &Store,
    application_id: &str,
) -> Result<Option<PendingDecision>, StoreError> {
    let row = sqlx::query!(
        r#"SELECT id AS "id!", request_json AS "request_json!", state AS "state!",
            last_error AS "last_error?"
         FROM decision_outbox WHERE application_id = ? ORDER BY created_at DESC LIMIT 1"#,
        application_id
    )
    .fetch_optional(&store.pool)
    .await?;
    row.map(|r| {
        Ok(PendingDecision {
            id: r.id,
            request: serde_json::from_str(&r.request_json)?,
            state: r.state,
            last_error: r.last_error,
        })
    })
    .transpose()
}

pub async fn case(store: &Store, application_id: &str) -> Result<Option<ReviewCase>, StoreError> {
    let row = sqlx::query!(
        "SELECT dossier_json, checklist_json, note, fetched_at FROM review_cases WHERE application_id = ?",
        application_id
    )
    .fetch_optional(&store.pool)
    .await?;
    let Some(r) = row else {
        return Ok(None);
    };
    Ok(Some(ReviewCase {
        dossier: serde_json::from_str(&r.dossier_json)?,
        checklist: serde_json::from_str(&r.checklist_json)?,
        note: r.note,
        fetched_at: r.fetched_at,
        pending: pending_for(store, application_id).await?,
    }))
}

pub async fn cases(store: &Store) -> Result<Vec<ReviewCase>, StoreError> {
    let ids = sqlx::query_scalar!(
        r#"SELECT application_id AS "id!" FROM review_cases ORDER BY fetched_at"#
    )
    .fetch_all(&store.pool)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(c) = case(store, &id).await? {
            out.push(c);
        }
    }
    Ok(out)
}

/// Queues a decision; a decision already waiting for the same application is replaced
/// only if it was refused (a queued one may be on its way).
pub async fn enqueue_decision(
    store: &Store,
    application_id: &str,
    r: &DecisionRequest,
) -> Result<(), StoreError> {
    let t = now();
    let mut tx = store.pool.begin().await?;
    sqlx::query!(
        "DELETE FROM decision_outbox WHERE application_id = ? AND state = 'refused'",
        application_id
    )
    .execute(&mut *tx)
    .await?;
    let json = serde_json::to_string(r)?;
    sqlx::query!(
        "INSERT INTO decision_outbox (id, application_id, request_json, state, next_attempt, created_at)
         VALUES (?, ?, ?, 'queued', ?, ?)",
        r.id,
        application_id,
        json,
        t,
        t
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub struct QueuedDecision {
    pub id: String,
    pub application_id: String,
    pub request: DecisionRequest,
    pub attempts: i64,
}

pub async fn due_decisions(store: &Store) -> Result<Vec<QueuedDecision>, StoreError> {
    let t = now();
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", application_id, request_json, attempts FROM decision_outbox
         WHERE state = 'queued' AND next_attempt <= ? ORDER BY created_at"#,
        t
    )
    .fetch_all(&store.pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(QueuedDecision {
                id: r.id,
                application_id: r.application_id,
                request: serde_json::from_str(&r.request_json)?,
                attempts: r.attempts,
            })
        })
        .collect()
}

/// The server applied it: the case is closed here.
/// The decision reached the server: it leaves the outbox and its dossier leaves this
/// computer. Returns the dossier's files, for the caller to remove.
pub async fn decision_done(
    store: &Store,
    id: &str,
    application_id: &str,
) -> Result<Vec<String>, StoreError> {
    let mut tx = store.pool.begin().await?;
    sqlx::query!("DELETE FROM decision_outbox WHERE id = ?", id)
        .execute(&mut *tx)
        .await?;
    let json = sqlx::query_scalar!(
        r#"DELETE FROM review_cases WHERE application_id = ? RETURNING dossier_json AS "j!""#,
        application_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(match json {
        Some(j) => serde_json::from_str::<Dossier>(&j)?
            .files
            .into_iter()
            .map(|f| f.sha256)
            .collect(),
        None => Vec::new(),
    })
}

pub async fn decision_refused(store: &Store, id: &str, reason: &str) -> Result<(), StoreError> {
    sqlx::query!(
        "UPDATE decision_outbox SET state = 'refused', last_error = ?, attempts = attempts + 1 WHERE id = ?",
        reason,
        id
    )
    .execute(&store.pool)
    .await?;
    Ok(())
}

pub async fn decision_retry(
    store: &Store,
    id: &str,
    error: &str,
    delay_secs: i64,
) -> Result<(), StoreError> {
    let next = super::later(delay_secs);
    sqlx::query!(
        "UPDATE decision_outbox SET attempts = attempts + 1, last_error = ?, next_attempt = ? WHERE id = ?",
        error,
        next,
        id
    )
    .execute(&store.pool)
    .await?;
    Ok(())
}

/// Makes every queued decision due now.
pub async fn wake_decisions(store: &Store) -> Result<(), StoreError> {
    let t = now();
    sqlx::query!(
        "UPDATE decision_outbox SET next_attempt = ? WHERE state = 'queued'",
        t
    )
    .execute(&store.pool)
    .await?;
    Ok(())
}

// ---- The applicant's permits ----
/// What the office last said about an application (status, version, notes).
pub async fn save_detail(
    store: &Store,
    v: &eptsp_core::office::ApplicationView,
) -> Result<(), StoreError> {
    // data_json stays the local copy (attachments named by File Saya entries); the
    // office's copy (attachments by SHA-256) lives in detail_json.
    let status = v.status.as_str();
    let json = serde_json::to_string(v)?;
    sqlx::query!(
        "UPDATE applications SET status = ?, version = ?, detail_json = ? WHERE id = ?",
        status,
        v.version,
        json,
        v.id
    )
    .execute(&store.pool)
    .await?;
    Ok(())
}

pub async fn detail(
    store: &Store,
    id: &str,
) -> Result<Option<eptsp_core::office::ApplicationView>, StoreError> {
    let json = sqlx::query_scalar!("SELECT detail_json FROM applications WHERE id = ?", id)
        .fetch_optional(&store.pool)
        .await?;
    json.flatten()
        .map(|j| serde_json::from_str(&j).map_err(StoreError::from))
        .transpose()
}
