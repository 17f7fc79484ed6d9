//! Sliding-window throttling kept in PostgreSQL, so every server instance sees the same
//! counts. A refusal carries how long the caller must wait.
//!
//! Counting and recording are one step, and one round trip (the SQL function
//! `throttle_take`): each decision holds a transaction-scoped advisory lock on the
//! (scope, key) pair while it counts the window and inserts the new event, so N concurrent
//! requests against a limit of M get exactly M places, whatever the instance they reach.
//!
//! Two kinds of limit:
//! - on every event ([`hit`]: codes sent, lookups, registrations);
//! - on failures ([`attempt`]: wrong passwords). An attempt takes its place *before* the
//!   password is checked, as pending; a wrong password keeps it ([`Attempt::failed`]), a
//!   right one gives it back ([`Attempt::succeeded`]). Concurrent guesses therefore never
//!   get more checks than the limit; a caller who finds the window full only because of
//!   attempts still pending waits for them to be decided (briefly) instead of being
//!   refused for failures that may not happen.

use std::time::{Duration, Instant};

use sqlx::PgPool;

use crate::config::Limit;
use crate::error::ApiError;

/// A pending attempt older than this counts as failed (its process died undecided).
const PENDING_SECS: f64 = 30.0;
/// How long an attempt waits for pending ones to be decided before it is refused.
const PENDING_WAIT: Duration = Duration::from_secs(5);

enum Decision {
    Taken(i64),
    /// Full with failures: wait this many seconds.
    Full(u64),
    /// Full, but some places are only pending.
    Undecided,
}

async fn decide(
    db: &PgPool,
    scope: &str,
    key: &str,
    limit: Limit,
    pending: bool,
) -> Result<Decision, ApiError> {
    let window = limit.window.as_secs_f64();
    // One round trip: the lock, the count and the insert run in `throttle_take`
    // (migration 0021), inside this statement's own transaction.
    let r = sqlx::query!(
        "SELECT taken, undecided, wait_secs FROM throttle_take($1, $2, $3, $4, $5, $6)",
        scope,
        key,
        limit.max,
        window,
        pending,
        PENDING_SECS
    )
    .fetch_one(db)
    .await?;
    Ok(match r.taken {
        Some(id) => Decision::Taken(id),
        None if r.undecided.unwrap_or(0) > 0 => Decision::Undecided,
        None => Decision::Full(wait(r.wait_secs, limit)),
    })
}

/// Whole seconds until the window full of events has room again.
fn wait(wait_secs: Option<f64>, limit: Limit) -> u64 {
    wait_secs
        .unwrap_or(limit.window.as_secs_f64())
        .ceil()
        .max(1.0) as u64
}

/// The 429 for a window found full by a caller that ran `throttle_take` inside a query of
/// its own (an event that is never pending: a public lookup), from its `wait_secs`.
pub fn refusal(wait_secs: Option<f64>, limit: Limit) -> ApiError {
    ApiError::TooManyRequests {
        retry_after_secs: wait(wait_secs, limit),
    }
}

/// Counts one event for `key`, or refuses with 429 when the window already holds
/// `limit.max` of them.
pub async fn hit(db: &PgPool, scope: &str, key: &str, limit: Limit) -> Result<Ticket, ApiError> {
    let start = Instant::now();
    let mut round = 0;
    loop {
        match decide(db, scope, key, limit, false).await? {
            Decision::Taken(id) => return Ok(Ticket(id)),
            Decision::Full(retry_after_secs) => {
                return Err(ApiError::TooManyRequests { retry_after_secs });
            }
            Decision::Undecided if start.elapsed() < PENDING_WAIT => {
                tokio::time::sleep(pause(round)).await;
                round += 1;
            }
            Decision::Undecided => {
                return Err(ApiError::TooManyRequests {
                    retry_after_secs: 1,
                });
            }
        }
    }
}

/// One counted event; dropping it keeps it counted.
#[derive(Debug)]
pub struct Ticket(i64);

impl Ticket {
    /// Uncounts the event (what it stood for did not happen: no code was sent).
    pub async fn release(self, db: &PgPool) -> Result<(), ApiError> {
        sqlx::query!("DELETE FROM rate_events WHERE id = $1", self.0)
            .execute(db)
            .await?;
        Ok(())
    }
}

/// An attempt whose outcome is not known yet (see the module's notes).
#[derive(Debug)]
#[must_use = "decide the attempt: failed() or succeeded()"]
pub struct Attempt {
    id: i64,
    db: PgPool,
    decided: bool,
}

impl Drop for Attempt {
    /// An attempt dropped undecided (the client went away, the deadline passed, the
    /// database failed mid-way) is given back: nobody learnt its outcome, so it cannot
    /// have served as a guess, and left pending it would count as a failure.
    fn drop(&mut self) {
        if self.decided {
            return;
        }
        let (db, id) = (self.db.clone(), self.id);
        tokio::spawn(async move {
            let _ = sqlx::query!("DELETE FROM rate_events WHERE id = $1 AND pending", id)
                .execute(&db)
                .await;
        });
    }
}

/// The wait before asking again whether pending places were decided: growing from 25 ms
/// to 200 ms, with jitter, so that many waiting callers do not ask in step.
fn pause(round: u32) -> Duration {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let base = (25u64 << round.min(3)).min(200);
    Duration::from_millis(base + u64::from(OsRng.next_u32()) % (base / 2 + 1))
}

/// Takes a place for an attempt that may fail, or refuses with 429.
pub async fn attempt(
    db: &PgPool,
    scope: &str,
    key: &str,
    limit: Limit,
) -> Result<Attempt, ApiError> {
    let start = Instant::now();
    let mut round = 0;
    loop {
        match decide(db, scope, key, limit, true).await? {
            Decision::Taken(id) => {
                return Ok(Attempt {
                    id,
                    db: db.clone(),
                    decided: false,
                });
            }
            Decision::Full(retry_after_secs) => {
                return Err(ApiError::TooManyRequests { retry_after_secs });
            }
            Decision::Undecided if start.elapsed() < PENDING_WAIT => {
                tokio::time::sleep(pause(round)).await;
                round += 1;
            }
            Decision::Undecided => {
                return Err(ApiError::TooManyRequests {
                    retry_after_secs: 1,
                });
            }
        }
    }
}

impl Attempt {
    /// It failed: it counts for the rest of the window (if this cannot be recorded, it
    /// stays pending, and pending counts as failed after a while).
    pub async fn failed(mut self, db: &PgPool) -> Result<(), ApiError> {
        self.decided = true;
        sqlx::query!(
            "UPDATE rate_events SET pending = FALSE WHERE id = $1",
            self.id
        )
        .execute(db)
        .await?;
        Ok(())
    }

    /// It succeeded: it does not count.
    pub async fn succeeded(mut self, db: &PgPool) -> Result<(), ApiError> {
        self.decided = true;
        sqlx::query!("DELETE FROM rate_events WHERE id = $1", self.id)
            .execute(db)
            .await?;
        Ok(())
    }
}

/// Forgets every event of `key` (a successful login ends the count of failures).
pub async fn clear(db: &PgPool, scope: &str, key: &str) -> Result<(), ApiError> {
    sqlx::query!(
        "DELETE FROM rate_events WHERE scope = $1 AND key = $2 AND NOT pending",
        scope,
        key
    )
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
    sqlx::query!("DELETE FROM rate_events WHERE at < now() - interval '1 day'")
        .execute(db)
        .await?;
    Ok(())
}
