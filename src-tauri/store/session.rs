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
    let json = serde_json::to_string(profile)?;
    let at = now();
    sqlx::query!(
        "INSERT INTO session (id, token, expires_at, profile_json, synced_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at,
            profile_json = excluded.profile_json, synced_at = excluded.synced_at",
        token,
        expires_at,
        json,
        at
    )
    .execute(&store.pool)
    .await?;
    Ok(())
}

/// Replaces the cached profile of the current session.
pub async fn save_profile(store: &Store, profile: &Profile) -> Result<(), StoreError> {
    let json = serde_json::to_string(profile)?;
    let at = now();
    sqlx::query!(
        "UPDATE session SET profile_json = ?, synced_at = ? WHERE id = 1",
        json,
        at
    )
    .execute(&store.pool)
    .await?;
    Ok(())
}

pub async fn load(store: &Store) -> Result<Option<SavedSession>, StoreError> {
    let row = sqlx::query!(
        "SELECT token, expires_at, profile_json, synced_at FROM session WHERE id = 1",
    )
    .fetch_optional(&store.pool)
    .await?;
    row.map(|r| {
        Ok(SavedSession {
            token: r.token,
            expires_at: r.expires_at,
            profile: serde_json::from_str(&r.profile_json)?,
            synced_at: r.synced_at,
        })
    })
    .transpose()
}

pub async fn clear(store: &Store) -> Result<(), StoreError> {
    sqlx::query!("DELETE FROM session")
        .execute(&store.pool)
        .await?;
    Ok(())
}

/// Remembers the token of a session ended while offline, for revocation on the server
/// (in the device's store: the account's may be closed by then).
pub async fn remember_revoke(device: &Store, token: &str) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT OR IGNORE INTO pending_logout (token) VALUES (?)",
        token
    )
    .execute(&device.pool)
    .await?;
    Ok(())
}

pub async fn pending_revokes(store: &Store) -> Result<Vec<String>, StoreError> {
    Ok(
        sqlx::query_scalar!(r#"SELECT token AS "token!" FROM pending_logout"#)
            .fetch_all(&store.pool)
            .await?,
    )
}

pub async fn revoked(store: &Store, token: &str) -> Result<(), StoreError> {
    sqlx::query!("DELETE FROM pending_logout WHERE token = ?", token)
        .execute(&store.pool)
        .await?;
    Ok(())
}
