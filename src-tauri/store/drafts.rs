//! Drafts of applications (the wizard's data) and which one is open.

use eptsp_core::dossier::DraftData;
use serde::Serialize;
use ts_rs::TS;

use super::{Store, StoreError, now, settings};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DraftView {
    pub id: String,
    pub step: u8,
    pub data: DraftData,
    pub created_at: String,
    pub updated_at: String,
    /// The office's reason for refusing it when it was sent; it stays editable.
    pub refusal: Option<String>,
    /// Set when this draft is a revision (Revisi) of a received application.
    pub revision_of: Option<String>,
    /// The version of that application it answers.
    pub revision_version: Option<i32>,
}

struct DraftRow {
    id: String,
    step: i64,
    data_json: String,
    created_at: String,
    updated_at: String,
    refusal: Option<String>,
    revision_of: Option<String>,
    revision_version: Option<i32>,
}

impl TryFrom<DraftRow> for DraftView {
    type Error = StoreError;

    fn try_from(r: DraftRow) -> Result<Self, StoreError> {
        Ok(DraftView {
            id: r.id,
            step: r.step.clamp(1, 5) as u8,
            data: serde_json::from_str(&r.data_json)?,
            created_at: r.created_at,
            updated_at: r.updated_at,
            refusal: r.refusal,
            revision_of: r.revision_of,
            revision_version: r.revision_version,
        })
    }
}

pub async fn create(store: &Store, data: &DraftData) -> Result<DraftView, StoreError> {
    let id = uuid::Uuid::new_v4().to_string();
    let t = now();
    let json = serde_json::to_string(data)?;
    sqlx::query!(
        "INSERT INTO drafts (id, step, data_json, created_at, updated_at) VALUES (?, 1, ?, ?, ?)",
        id,
        json,
        t,
        t
    )
    .execute(&store.pool)
    .await?;
    get(store, &id)
        .await?
        .ok_or(StoreError::Sql(sqlx::Error::RowNotFound))
}

/// A revision of application `of` (answering `version`), opened on step 2: the permit
/// type cannot change in a revision.
pub async fn create_revision(
    store: &Store,
    data: &DraftData,
    of: &str,
    version: i32,
) -> Result<DraftView, StoreError> {
    if let Some(id) = sqlx::query_scalar!(
        r#"SELECT id AS "id!" FROM drafts WHERE revision_of = ? AND revision_version = ?"#,
        of,
        version
    )
    .fetch_optional(&store.pool)
    .await?
    {
        // Already started: go on with it.
        return get(store, &id)
            .await?
            .ok_or(StoreError::Sql(sqlx::Error::RowNotFound));
    }
    let id = uuid::Uuid::new_v4().to_string();
    let t = now();
    let json = serde_json::to_string(data)?;
    sqlx::query!(
        "INSERT INTO drafts (id, step, data_json, created_at, updated_at, revision_of, revision_version)
         VALUES (?, 2, ?, ?, ?, ?, ?)",
        id,
        json,
        t,
        t,
        of,
        version
    )
    .execute(&store.pool)
    .await?;
    get(store, &id)
        .await?
        .ok_or(StoreError::Sql(sqlx::Error::RowNotFound))
}

pub async fn get(store: &Store, id: &str) -> Result<Option<DraftView>, StoreError> {
    let row = sqlx::query_as!(
        DraftRow,
        r#"SELECT d.id AS "id!", d.step, d.data_json, d.created_at, d.updated_at, d.revision_of,
            d.revision_version AS "revision_version: i32",
            CASE WHEN o.state = 'refused' THEN o.last_error END AS "refusal?: String"
        FROM drafts d LEFT JOIN outbox o ON o.draft_id = d.id
        WHERE d.id = ?"#,
        id
    )
    .fetch_optional(&store.pool)
    .await?;
    row.map(DraftView::try_from).transpose()
}

/// The drafts still being written: not those waiting in the outbox (read-only until the
/// office receives them or the applicant takes one back).
pub async fn list(store: &Store) -> Result<Vec<DraftView>, StoreError> {
    let rows = sqlx::query_as!(
        DraftRow,
        r#"SELECT d.id AS "id!", d.step, d.data_json, d.created_at, d.updated_at, d.revision_of,
            d.revision_version AS "revision_version: i32",
            CASE WHEN o.state = 'refused' THEN o.last_error END AS "refusal?: String"
        FROM drafts d LEFT JOIN outbox o ON o.draft_id = d.id
        WHERE o.state IS NULL OR o.state <> 'queued'
        ORDER BY d.updated_at DESC"#
    )
    .fetch_all(&store.pool)
    .await?;
    rows.into_iter().map(DraftView::try_from).collect()
}

/// Saves what is typed; returns false when the draft no longer exists or waits in the
/// outbox (sent with "Kirim", it is read-only: what goes is what was checked).
pub async fn save(store: &Store, id: &str, step: u8, data: &DraftData) -> Result<bool, StoreError> {
    let step = i64::from(step.clamp(1, 5));
    let json = serde_json::to_string(data)?;
    let at = now();
    let r = sqlx::query!(
        "UPDATE drafts SET step = ?, data_json = ?, updated_at = ? WHERE id = ?
         AND NOT EXISTS (SELECT 1 FROM outbox WHERE draft_id = drafts.id AND state = 'queued')",
        step,
        json,
        at,
        id
    )
    .execute(&store.pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Deletes a draft (with a refused or cancelled outbox entry); false when it no longer
/// exists or waits in the outbox (taking it back is "Batalkan pengiriman", not this).
pub async fn delete(store: &Store, id: &str) -> Result<bool, StoreError> {
    let r = sqlx::query!(
        "DELETE FROM drafts WHERE id = ?
         AND NOT EXISTS (SELECT 1 FROM outbox WHERE draft_id = drafts.id AND state = 'queued')",
        id
    )
    .execute(&store.pool)
    .await?;
    if current(store).await?.as_deref() == Some(id) {
        set_current(store, None).await?;
    }
    Ok(r.rows_affected() == 1)
}

/// The draft open in the wizard, so a restarted app goes back to it.
pub async fn current(store: &Store) -> Result<Option<String>, StoreError> {
    Ok(settings::get(store, "open_draft")
        .await?
        .filter(|s| !s.is_empty()))
}

pub async fn set_current(store: &Store, id: Option<&str>) -> Result<(), StoreError> {
    settings::set(store, "open_draft", id.unwrap_or("")).await
}
