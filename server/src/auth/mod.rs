//! Who is calling: password hashing, sessions with opaque tokens, one-time codes and
//! throttling.

pub mod codes;
pub mod password;
pub mod session;
pub mod throttle;

use sha2::{Digest, Sha256};

/// SHA-256 of the parts, each length-prefixed so that no two inputs collide.
pub fn sha256(parts: &[&[u8]]) -> Vec<u8> {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p);
    }
    h.finalize().to_vec()
}

/// Checks a signed-in user's password again (desktop key, password change, the TTE
/// passphrase), counted with the login's failures of the same account: at most the
/// limit's number of wrong guesses per window, however many arrive at once. A check that
/// could not be made (the password workers busy) does not count.
pub async fn check_password(
    db: &sqlx::PgPool,
    user_id: uuid::Uuid,
    limit: crate::config::Limit,
    password: String,
    stored: String,
) -> Result<bool, crate::error::ApiError> {
    let key = user_id.to_string();
    let attempt = throttle::attempt(db, throttle::PASSWORD_SCOPE, &key, limit).await?;
    match self::password::verify(password, stored).await {
        Ok(true) => {
            attempt.succeeded(db).await?;
            throttle::clear(db, throttle::PASSWORD_SCOPE, &key).await?;
            Ok(true)
        }
        Ok(false) => {
            attempt.failed(db).await?;
            Ok(false)
        }
        Err(e) => {
            attempt.succeeded(db).await?;
            Err(e)
        }
    }
}
