//! Key/value settings (the server URL, pending work markers).

use super::{Store, StoreError};

pub async fn get(store: &Store, key: &str) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
            .bind(key)
            .fetch_optional(&store.pool)
            .await?,
    )
}

pub async fn set(store: &Store, key: &str, value: &str) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(&store.pool)
        .await?;
    Ok(())
}
