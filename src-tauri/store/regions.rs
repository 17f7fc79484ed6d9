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
    let complete: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM region_lists WHERE parent_code = ?)")
            .bind(key)
            .fetch_one(&store.pool)
            .await?;
    if !complete {
        return Ok(None);
    }
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT code, name FROM regions WHERE parent_code = ? ORDER BY name")
            .bind(key)
            .fetch_all(&store.pool)
            .await?;
    Ok(Some(
        rows.into_iter()
            .map(|(code, name)| Region { code, name })
            .collect(),
    ))
}

pub async fn save(store: &Store, parent: Option<&str>, list: &[Region]) -> Result<(), StoreError> {
    let key = parent.unwrap_or("");
    let mut tx = store.pool.begin().await?;
    sqlx::query("DELETE FROM regions WHERE parent_code = ?")
        .bind(key)
        .execute(&mut *tx)
        .await?;
    for r in list {
        sqlx::query("INSERT OR REPLACE INTO regions (code, parent_code, name) VALUES (?, ?, ?)")
            .bind(&r.code)
            .bind(key)
            .bind(&r.name)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("INSERT OR REPLACE INTO region_lists (parent_code, fetched_at) VALUES (?, ?)")
        .bind(key)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
