//! Sliding-window throttling kept in PostgreSQL, so every server instance sees the same
//! counts. A refusal carries how long the caller must wait.

use sqlx::PgPool;

use crate::config::Limit;
use crate::error::ApiError;

/// Refuses with 429 when `key` already has `limit.max` events in the window.
pub async fn check(db: &PgPool, scope: &str, key: &str, limit: Limit) -> Result<(), ApiError> {
    let window = limit.window.as_secs_f64();
    let (count, wait): (i64, Option<f64>) = sqlx::query_as(
        "SELECT count(*), EXTRACT(EPOCH FROM (min(at) + make_interval(secs => $3) - now()))::float8
         FROM rate_events WHERE scope = $1 AND key = $2 AND at > now() - make_interval(secs => $3)",
    )
    .bind(scope)
    .bind(key)
    .bind(window)
    .fetch_one(db)
    .await?;
    if count >= limit.max {
        let retry_after_secs = wait.unwrap_or(window).ceil().max(1.0) as u64;
        return Err(ApiError::TooManyRequests { retry_after_secs });
    }
    Ok(())
}

pub async fn record(db: &PgPool, scope: &str, key: &str) -> Result<(), ApiError> {
    sqlx::query("INSERT INTO rate_events (scope, key) VALUES ($1, $2)")
        .bind(scope)
        .bind(key)
        .execute(db)
        .await?;
    Ok(())
}

/// `check` then `record`, for limits on every attempt rather than on failures.
pub async fn hit(db: &PgPool, scope: &str, key: &str, limit: Limit) -> Result<(), ApiError> {
    check(db, scope, key, limit).await?;
    record(db, scope, key).await
}

pub async fn clear(db: &PgPool, scope: &str, key: &str) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM rate_events WHERE scope = $1 AND key = $2")
        .bind(scope)
        .bind(key)
        .execute(db)
        .await?;
    Ok(())
}

/// Drops events older than a day; run now and then.
pub async fn prune(db: &PgPool) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM rate_events WHERE at < now() - interval '1 day'")
        .execute(db)
        .await?;
    Ok(())
}
