//! Key/value settings (the server URL, pending work markers). Each statement is checked
//! against the schema at compile time (`sqlx::query!`; offline data in `.sqlx`, see
//! `scripts/sqlx.sh`).

use super::{Store, StoreError};

pub async fn get(store: &Store, key: &str) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar!("SELECT value FROM settings WHERE key = ?", key)
            .fetch_optional(&store.pool)
            .await?,
    )
}

pub async fn set(store: &Store, key: &str, value: &str) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT INTO settings (key, value) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        key,
        value
    )
    .execute(&store.pool)
    .await?;
    Ok(())
}

/// A cursor kept in the settings, read inside `tx` (0 when there is none yet).
pub async fn get_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    key: &str,
) -> Result<i64, StoreError> {
    let v = sqlx::query_scalar!("SELECT value FROM settings WHERE key = ?", key)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(v.and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// A setting read inside `tx` ("" when there is none).
pub async fn get_text_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    key: &str,
) -> Result<String, StoreError> {
    let v = sqlx::query_scalar!("SELECT value FROM settings WHERE key = ?", key)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(v.unwrap_or_default())
}

/// Sets `key` to `value` and the current account to `current` in one statement, in `tx`.
pub async fn set_with_current_in(
    tx: &mut sqlx::SqliteConnection,
    key: &str,
    value: &str,
    current: &str,
) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT INTO settings (key, value) VALUES (?, ?), ('current_account', ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        key,
        value,
        current
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Sets `key` inside a transaction (with what else it writes, or nothing).
pub async fn set_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    key: &str,
    value: &str,
) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        key,
        value
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Keeps a document as JSON under `key` (the portal, the holiday table), with when it was
/// kept (`<key>_fetched_at`), which it returns.
pub async fn keep_json<T: serde::Serialize>(
    store: &Store,
    key: &str,
    value: &T,
) -> Result<String, StoreError> {
    let json = serde_json::to_string(value)?;
    let now = super::now();
    set(store, key, &json).await?;
    set(store, &format!("{key}_fetched_at"), &now).await?;
    Ok(now)
}

/// The document kept under `key` (none, or one that no longer reads: the default) and
/// when it was kept.
pub async fn kept_json<T: serde::de::DeserializeOwned + Default>(
    store: &Store,
    key: &str,
) -> Result<(T, Option<String>), StoreError> {
    let value = get(store, key)
        .await?
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default();
    Ok((value, get(store, &format!("{key}_fetched_at")).await?))
}
