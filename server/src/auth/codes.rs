//! One-time codes sent by e-mail: registration and e-mail change codes, password-reset
//! PINs. Six random digits, stored hashed, expiring, single use, and void after five wrong
//! guesses.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use sqlx::{PgPool, Postgres, Transaction};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::ApiError;

pub const MAX_FAILURES: i32 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Register,
    ChangeEmail,
    ResetPassword,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Register => "register",
            Purpose::ChangeEmail => "change_email",
            Purpose::ResetPassword => "reset_password",
        }
    }
}

fn code_hash(purpose: Purpose, email: &str, code: &str) -> Vec<u8> {
    super::sha256(&[
        purpose.as_str().as_bytes(),
        email.as_bytes(),
        code.trim().as_bytes(),
    ])
}

/// Creates a new code (earlier unused ones for the same purpose and address stop working).
pub async fn issue(
    db: &PgPool,
    purpose: Purpose,
    email: &str,
    user_id: Option<Uuid>,
    ttl: std::time::Duration,
) -> Result<String, ApiError> {
    let code = format!("{:06}", OsRng.next_u32() % 1_000_000);
    let mut tx = db.begin().await?;
    sqlx::query!(
        "UPDATE one_time_codes SET used_at = now() WHERE purpose = $1 AND email = $2 AND used_at IS NULL",
        purpose.as_str(),
        email
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO one_time_codes (id, purpose, email, user_id, code_hash, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        Uuid::new_v4(),
        purpose.as_str(),
        email,
        user_id,
        code_hash(purpose, email, &code),
        OffsetDateTime::now_utc() + ttl,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(code)
}

/// Consumes the code inside `tx` if it is right, returning the user it was issued for; a
/// wrong guess is counted outside the transaction, so the caller's rollback cannot undo it.
pub async fn consume(
    db: &PgPool,
    tx: &mut Transaction<'_, Postgres>,
    purpose: Purpose,
    email: &str,
    code: &str,
) -> Result<Option<Option<Uuid>>, ApiError> {
    let row = sqlx::query!(
        "SELECT id, code_hash, user_id FROM one_time_codes
         WHERE purpose = $1 AND email = $2 AND used_at IS NULL AND expires_at > now() AND failures < $3
         ORDER BY created_at DESC LIMIT 1",
        purpose.as_str(),
        email,
        MAX_FAILURES
    )
    .fetch_optional(&mut **tx)
    .await?
    .map(|r| (r.id, r.code_hash, r.user_id));
    let Some((id, stored, user_id)) = row else {
        return Ok(None);
    };
    if stored != code_hash(purpose, email, code) {
        sqlx::query!(
            "UPDATE one_time_codes SET failures = failures + 1 WHERE id = $1",
            id
        )
        .execute(db)
        .await?;
        return Ok(None);
    }
    // Whoever marks it used first wins; a concurrent second use finds it used.
    let marked = sqlx::query!(
        "UPDATE one_time_codes SET used_at = now() WHERE id = $1 AND used_at IS NULL",
        id
    )
    .execute(&mut **tx)
    .await?;
    Ok((marked.rows_affected() == 1).then_some(user_id))
}

/// [`consume`] for the e-mail codes of registration and e-mail change: a wrong, used or
/// expired code is refused with the guide's message on the `email_code` field.
pub async fn require_email_code(
    db: &PgPool,
    tx: &mut Transaction<'_, Postgres>,
    purpose: Purpose,
    email: &str,
    code: &str,
) -> Result<(), ApiError> {
    match consume(db, tx, purpose, email, code).await? {
        Some(_) => Ok(()),
        None => Err(ApiError::field(
            "email_code",
            "email_code_wrong",
            eptsp_core::messages::EMAIL_CODE_WRONG,
        )),
    }
}
