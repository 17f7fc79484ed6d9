//! Drafts of forms being filled, saved as the user types, so that neither a failed request
//! nor a closed app loses what was entered. Password fields are never stored.

use super::{Store, StoreError, now};

/// Keys whose values are secrets and are dropped before saving.
const SECRET_KEYS: [&str; 5] = [
    "password",
    "old_password",
    "new_password",
    "new_password_confirm",
    "pin",
];

pub async fn save(store: &Store, form: &str, data: &serde_json::Value) -> Result<(), StoreError> {
    let mut data = data.clone();
    if let Some(obj) = data.as_object_mut() {
        obj.retain(|k, _| !SECRET_KEYS.contains(&k.as_str()));
    }
    let json = serde_json::to_string(&data)?;
    let at = now();
    sqlx::query!(
        "INSERT INTO form_drafts (form, data_json, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (form) DO UPDATE SET data_json = excluded.data_json, updated_at = excluded.updated_at",
        form,
        json,
        at
    )
    .execute(&store.pool)
    .await?;
    Ok(())
}

pub async fn load(store: &Store, form: &str) -> Result<Option<serde_json::Value>, StoreError> {
    let json = sqlx::query_scalar!("SELECT data_json FROM form_drafts WHERE form = ?", form)
        .fetch_optional(&store.pool)
        .await?;
    Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
}

pub async fn clear(store: &Store, form: &str) -> Result<(), StoreError> {
    sqlx::query!("DELETE FROM form_drafts WHERE form = ?", form)
        .execute(&store.pool)
        .await?;
    Ok(())
}
