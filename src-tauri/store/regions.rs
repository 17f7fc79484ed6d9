//! Cached reference data: each list of regions fetched from the server is kept, so the
//! address selects work offline for every list seen once.

use eptsp_core::api::Region;

use super::{Store, StoreError, now};

/// The cached children of `parent` (`None` = provinces), if that list was fetched in full.
pub async fn cached(
    store: &Store,
    parent: Option<&str>,
) -> Result<Option<Vec<Region>>, StoreError> {
    let key = parent.unwrap_or("");
    let complete = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM region_lists WHERE parent_code = ?) AS "e!: bool""#,
        key
    )
    .fetch_one(&store.pool)
    .await?;
    if !complete {
        return Ok(None);
    }
    let rows = sqlx::query_as!(
        Region,
        r#"SELECT code AS "code!", name FROM regions WHERE parent_code = ? ORDER BY name"#,
        key
    )
    .fetch_all(&store.pool)
    .await?;
    Ok(Some(rows))
}

pub async fn save(store: &Store, parent: Option<&str>, list: &[Region]) -> Result<(), StoreError> {
    let key = parent.unwrap_or("");
    let mut tx = store.pool.begin().await?;
    sqlx::query!("DELETE FROM regions WHERE parent_code = ?", key)
        .execute(&mut *tx)
        .await?;
    for r in list {
        sqlx::query!(
            "INSERT OR REPLACE INTO regions (code, parent_code, name) VALUES (?, ?, ?)",
            r.code,
            key,
            r.name
        )
        .execute(&mut *tx)
        .await?;
    }
    let at = now();
    sqlx::query!(
        "INSERT OR REPLACE INTO region_lists (parent_code, fetched_at) VALUES (?, ?)",
        key,
        at
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The name of the region `code`, if it is cached.
pub async fn name(store: &Store, code: &str) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar!("SELECT name FROM regions WHERE code = ?", code)
            .fetch_optional(&store.pool)
            .await?,
    )
}
