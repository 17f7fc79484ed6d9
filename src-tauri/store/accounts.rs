//! The registry of the accounts that have a store on this desktop (in the device's own
//! database): which folder under `accounts/` belongs to which user (and the server it was
//! last reached at).

use super::{Store, StoreError, now};

#[derive(Debug, Clone, PartialEq, Default, sqlx::FromRow)]
pub struct AccountRow {
    pub dir: String,
    pub server: String,
    pub user_id: String,
    /// The data key wrapped by the password (none before the first sign-in finished).
    pub key_by_password: Option<String>,
    /// The data key wrapped by the account's secret on the server.
    pub key_by_server: Option<String>,
    pub stay_signed_in: bool,
}

/// The account's folder, registered now if this is its first sign-in here.
pub async fn find_or_register(
    device: &Store,
    server: &str,
    user_id: &str,
) -> Result<AccountRow, StoreError> {
    let t = now();
    let dir = uuid::Uuid::new_v4().simple().to_string();
    sqlx::query!(
        "INSERT INTO accounts (dir, server, user_id, created_at, last_login_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET last_login_at = excluded.last_login_at,
            server = excluded.server",
        dir,
        server,
        user_id,
        t,
        t
    )
    .execute(&device.pool)
    .await?;
    Ok(sqlx::query_as!(
        AccountRow,
        r#"SELECT dir AS "dir!", server, user_id, key_by_password, key_by_server,
            stay_signed_in AS "stay_signed_in: bool" FROM accounts WHERE user_id = ?"#,
        user_id
    )
    .fetch_one(&device.pool)
    .await?)
}

pub async fn by_dir(device: &Store, dir: &str) -> Result<Option<AccountRow>, StoreError> {
    Ok(sqlx::query_as!(
        AccountRow,
        r#"SELECT dir AS "dir!", server, user_id, key_by_password, key_by_server,
            stay_signed_in AS "stay_signed_in: bool" FROM accounts WHERE dir = ?"#,
        dir
    )
    .fetch_optional(&device.pool)
    .await?)
}

pub async fn all(device: &Store) -> Result<Vec<AccountRow>, StoreError> {
    Ok(sqlx::query_as!(
        AccountRow,
        r#"SELECT dir AS "dir!", server, user_id, key_by_password, key_by_server,
            stay_signed_in AS "stay_signed_in: bool" FROM accounts ORDER BY created_at"#
    )
    .fetch_all(&device.pool)
    .await?)
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

/// Keeps the account's wrapped data key (and the hashes of the logins that open it).
pub async fn set_keys(
    device: &Store,
    dir: &str,
    by_password: &str,
    by_server: Option<&str>,
    logins: Option<[&str; 2]>,
) -> Result<(), StoreError> {
    let nik = logins.map(|l| l[0]);
    let email = logins.map(|l| l[1]);
    sqlx::query!(
        "UPDATE accounts SET key_by_password = ?, key_by_server = COALESCE(?, key_by_server),
            login_nik = COALESCE(?, login_nik), login_email = COALESCE(?, login_email) WHERE dir = ?",
        by_password,
        by_server,
        nik,
        email,
        dir
    )
    .execute(&device.pool)
    .await?;
    Ok(())
}

/// The account a login (hashed with [`login_hash`]) opens offline.
pub async fn by_login(device: &Store, hash: &str) -> Result<Option<AccountRow>, StoreError> {
    Ok(sqlx::query_as!(
        AccountRow,
        r#"SELECT dir AS "dir!", server, user_id, key_by_password, key_by_server,
            stay_signed_in AS "stay_signed_in: bool" FROM accounts WHERE login_nik = ?1 OR login_email = ?1
         ORDER BY last_login_at DESC LIMIT 1"#,
        hash
    )
    .fetch_optional(&device.pool)
    .await?)
}

pub async fn set_stay_signed_in(device: &Store, dir: &str, stay: bool) -> Result<(), StoreError> {
    sqlx::query!(
        "UPDATE accounts SET stay_signed_in = ? WHERE dir = ?",
        stay,
        dir
    )
    .execute(&device.pool)
    .await?;
    Ok(())
}

/// A keyed hash of a login (NIK or e-mail, case and spaces ignored), so that the device's
/// store does not hold them in clear. The key is this installation's own.
pub async fn login_hash(device: &Store, login: &str) -> Result<String, StoreError> {
    use hmac::Mac;
    let salt = match super::settings::get(device, "login_salt").await? {
        Some(s) => s,
        None => {
            let s = uuid::Uuid::new_v4().simple().to_string()
                + &uuid::Uuid::new_v4().simple().to_string();
            sqlx::query!(
                "INSERT OR IGNORE INTO settings (key, value) VALUES ('login_salt', ?)",
                s
            )
            .execute(&device.pool)
            .await?;
            super::settings::get(device, "login_salt")
                .await?
                .unwrap_or(s)
        }
    };
    let mut mac =
        <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(salt.as_bytes()).expect("any key length");
    mac.update(login.trim().to_lowercase().as_bytes());
    Ok(mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}
