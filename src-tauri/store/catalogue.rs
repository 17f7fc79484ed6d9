//! The catalogue as last downloaded.

use eptsp_core::catalogue::Catalogue;

use super::{Store, StoreError, now};

pub struct Cached {
    pub catalogue: Catalogue,
    pub fetched_at: String,
}

pub async fn load(store: &Store) -> Result<Option<Cached>, StoreError> {
    let row = sqlx::query!("SELECT json, fetched_at FROM catalogue WHERE id = 1")
        .fetch_optional(&store.pool)
        .await?;
    row.map(|r| {
        Ok(Cached {
            catalogue: serde_json::from_str(&r.json)?,
            fetched_at: r.fetched_at,
        })
    })
    .transpose()
}

pub async fn save(store: &Store, c: &Catalogue) -> Result<(), StoreError> {
    let json = serde_json::to_string(c)?;
    let at = now();
    sqlx::query!(
        "INSERT INTO catalogue (id, version, json, fetched_at) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, json = excluded.json, fetched_at = excluded.fetched_at",
        c.version,
        json,
        at
    )
    .execute(&store.pool)
    .await?;
    Ok(())
}

/// Records that the server confirmed the cached copy is current.
pub async fn touch(store: &Store) -> Result<(), StoreError> {
    let at = now();
    sqlx::query!("UPDATE catalogue SET fetched_at = ? WHERE id = 1", at)
        .execute(&store.pool)
        .await?;
    Ok(())
}
