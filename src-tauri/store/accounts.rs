//! The registry of the accounts that have a store on this desktop (in the device's own
//! database): which folder under `accounts/` belongs to which (server, user).

use super::{Store, StoreError, now};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AccountRow {
    pub dir: String,
    pub server: String,
    pub user_id: String,
}

/// The account's folder, registered now if this is its first sign-in here.
pub async fn find_or_register(
    device: &Store,
    server: &str,
    user_id: &str,
) -> Result<AccountRow, StoreError> {
    let t = now();
    sqlx::query(
        "INSERT INTO accounts (dir, server, user_id, created_at, last_login_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (server, user_id) DO UPDATE SET last_login_at = excluded.last_login_at",
    )
    .bind(uuid::Uuid::new_v4().simple().to_string())
    .bind(server)
    .bind(user_id)
    .bind(&t)
    .bind(&t)
    .execute(&device.pool)
    .await?;
    Ok(
        sqlx::query_as(
            "SELECT dir, server, user_id FROM accounts WHERE server = ? AND user_id = ?",
        )
        .bind(server)
        .bind(user_id)
        .fetch_one(&device.pool)
        .await?,
    )
}

pub async fn by_dir(device: &Store, dir: &str) -> Result<Option<AccountRow>, StoreError> {
    Ok(
        sqlx::query_as("SELECT dir, server, user_id FROM accounts WHERE dir = ?")
            .bind(dir)
            .fetch_optional(&device.pool)
            .await?,
    )
}

pub async fn all(device: &Store) -> Result<Vec<AccountRow>, StoreError> {
    Ok(
        sqlx::query_as("SELECT dir, server, user_id FROM accounts ORDER BY created_at")
            .fetch_all(&device.pool)
            .await?,
    )
}

/// The account whose store opens at start-up (the one signed in when the app closed).
pub async fn current(device: &Store) -> Result<Option<String>, StoreError> {
    Ok(super::settings::get(device, "current_account")
        .await?
        .filter(|d| !d.is_empty()))
}

pub async fn set_current(device: &Store, dir: Option<&str>) -> Result<(), StoreError> {
    super::settings::set(device, "current_account", dir.unwrap_or("")).await
}
