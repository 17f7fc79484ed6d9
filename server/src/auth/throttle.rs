//! Sliding-window throttling kept in PostgreSQL, so every server instance sees the same
//! counts. A refusal carries how long the caller must wait.
//!
//! Counting and recording are one step: [`take`] holds a transaction-scoped advisory lock
//! on the (scope, key) pair while it counts the window and inserts the new event, so N
//! concurrent requests against a limit of M get exactly M tickets, whatever the instance
//! they reach. The transaction does no other I/O, so the lock is held for two statements.
//! Limits on failures (a wrong password) take a ticket before the check and give it back
//! ([`Ticket::release`], or [`clear`]) when the attempt succeeds: concurrent guesses can
//! never get more checks than the limit.

use sqlx::PgPool;

use crate::config::Limit;
use crate::error::ApiError;

/// One counted event; dropping it keeps it counted.
#[derive(Debug)]
#[must_use = "a ticket is counted until released"]
pub struct Ticket(i64);

impl Ticket {
    /// Uncounts the event (the attempt it stood for turned out not to count).
    pub async fn release(self, db: &PgPool) -> Result<(), ApiError> {
        sqlx::query("DELETE FROM rate_events WHERE id = $1")
            .bind(self.0)
            .execute(db)
            .await?;
        Ok(())
    }
}

/// Counts one event for `key`, or refuses with 429 when the window already holds
/// `limit.max` of them.
pub async fn take(db: &PgPool, scope: &str, key: &str, limit: Limit) -> Result<Ticket, ApiError> {
    let window = limit.window.as_secs_f64();
    let mut tx = db.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1 || chr(31) || $2, 7272))")
        .bind(scope)
        .bind(key)
        .execute(&mut *tx)
        .await?;
    let (count, wait): (i64, Option<f64>) = sqlx::query_as(
        "SELECT count(*), EXTRACT(EPOCH FROM (min(at) + make_interval(secs => $3) - now()))::float8
         FROM rate_events WHERE scope = $1 AND key = $2 AND at > now() - make_interval(secs => $3)",
    )
    .bind(scope)
    .bind(key)
    .bind(window)
    .fetch_one(&mut *tx)
    .await?;
    if count >= limit.max {
        tx.rollback().await?;
        let retry_after_secs = wait.unwrap_or(window).ceil().max(1.0) as u64;
        return Err(ApiError::TooManyRequests { retry_after_secs });
    }
    let id: i64 =
        sqlx::query_scalar("INSERT INTO rate_events (scope, key) VALUES ($1, $2) RETURNING id")
            .bind(scope)
            .bind(key)
            .fetch_one(&mut *tx)
            .await?;
    tx.commit().await?;
    Ok(Ticket(id))
}

/// [`take`] for limits on every attempt (codes sent, lookups), where nothing is given back.
pub async fn hit(db: &PgPool, scope: &str, key: &str, limit: Limit) -> Result<(), ApiError> {
    let _counted = take(db, scope, key, limit).await?;
    Ok(())
}

/// Forgets every event of `key` (a successful login ends the count of failures).
pub async fn clear(db: &PgPool, scope: &str, key: &str) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM rate_events WHERE scope = $1 AND key = $2")
        .bind(scope)
        .bind(key)
        .execute(db)
        .await?;
    Ok(())
}

/// The scope under which every check of an account's password is counted: at login, and
/// where a signed-in user types it again (desktop key, password change, the TTE
/// passphrase). One counter per account, whether they typed the NIK or the e-mail.
pub const PASSWORD_SCOPE: &str = "login_account";

/// Drops events older than a day; run now and then.
pub async fn prune(db: &PgPool) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM rate_events WHERE at < now() - interval '1 day'")
        .execute(db)
        .await?;
    Ok(())
}
