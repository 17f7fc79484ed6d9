//! The signed-in session and the profile as last seen, so the app opens signed in and
//! shows the profile with no network.

use eptsp_core::api::Profile;

use super::{Store, StoreError, now};

#[derive(Debug, Clone)]
pub struct SavedSession {
    pub token: String,
    pub expires_at: String,
    pub profile: Profile,
    pub synced_at: String,
}

pub async fn save(
    store: &Store,
    token: &str,
    expires_at: &str,
    profile: &Profile,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO session (id, token, expires_at, profile_json, synced_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at,
            profile_json = excluded.profile_json, synced_at = excluded.synced_at",
    )
    .bind(token)
    .bind(expires_at)
    .bind(serde_json::to_string(profile)?)
    .bind(now())
    .execute(&store.pool)
    .await?;
    Ok(())
}

/// Replaces the cached profile of the current session.
pub async fn save_profile(store: &Store, profile: &Profile) -> Result<(), StoreError> {
    sqlx::query("UPDATE session SET profile_json = ?, synced_at = ? WHERE id = 1")
        .bind(serde_json::to_string(profile)?)
        .bind(now())
        .execute(&store.pool)
        .await?;
    Ok(())
}

pub async fn load(store: &Store) -> Result<Option<SavedSession>, StoreError> {
    let row: Option<(String, String, String, String)> = sqlx::query_as(
        "SELECT token, expires_at, profile_json, synced_at FROM session WHERE id = 1",
    )
    .fetch_optional(&store.pool)
    .await?;
    row.map(|(token, expires_at, json, synced_at)| {
        Ok(SavedSession {
            token,
            expires_at,
            profile: serde_json::from_str(&json)?,
            synced_at,
        })
    })
    .transpose()
}

pub async fn clear(store: &Store) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM session")
        .execute(&store.pool)
        .await?;
    Ok(())
}

/// Remembers the token of a session ended while offline, for revocation on the server
/// (in the device's store: the account's may be closed by then).
pub async fn remember_revoke(device: &Store, token: &str) -> Result<(), StoreError> {
    sqlx::query("INSERT OR IGNORE INTO pending_logout (token) VALUES (?)")
        .bind(token)
        .execute(&device.pool)
        .await?;
    Ok(())
}

pub async fn pending_revokes(store: &Store) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT token FROM pending_logout")
        .fetch_all(&store.pool)
        .await?)
}

pub async fn revoked(store: &Store, token: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM pending_logout WHERE token = ?")
        .bind(token)
        .execute(&store.pool)
        .await?;
    Ok(())
}
