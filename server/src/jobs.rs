//! Periodic jobs, run once per period across all instances: each instance wakes now and
//! then and runs a job only when it claims the job's period in `job_runs` (one statement,
//! so two instances never both win). A run that fails gives its period back, so another
//! instance (or this one, later) tries again; an instance killed mid-run leaves the period
//! claimed, and the job runs again one period later. Every job is also safe to run twice
//! (each marks what it did in the same transaction), so a slow run overlapping the next
//! period's does no harm.

use std::future::Future;
use std::time::Duration;

use uuid::Uuid;

use crate::AppState;

/// One periodic job: its name in `job_runs` and its period.
#[derive(Clone, Copy, Debug)]
pub struct Job {
    pub name: &'static str,
    pub every: Duration,
}

pub const PRUNE_RATE_EVENTS: Job = Job {
    name: "prune_rate_events",
    every: Duration::from_secs(3600),
};
pub const SWEEP_UPLOADS: Job = Job {
    name: "sweep_uploads",
    every: Duration::from_secs(3600),
};
pub const REMIND_EXPIRING: Job = Job {
    name: "remind_expiring",
    every: Duration::from_secs(3600),
};

/// Claims `job`'s current period for `instance`: true when no run began within the
/// period (then this instance runs it).
pub async fn claim(db: &sqlx::PgPool, job: Job, instance: Uuid) -> Result<bool, sqlx::Error> {
    let claimed = sqlx::query_scalar!(
        r#"INSERT INTO job_runs (job, started_at, instance) VALUES ($1, now(), $2)
           ON CONFLICT (job) DO UPDATE
              SET started_at = now(), finished_at = NULL, instance = $2,
                  runs = job_runs.runs + 1
            WHERE job_runs.started_at <= now() - make_interval(secs => $3)
           RETURNING job"#,
        job.name,
        instance,
        job.every.as_secs_f64()
    )
    .fetch_optional(db)
    .await?;
    Ok(claimed.is_some())
}

async fn finished(
    db: &sqlx::PgPool,
    job: Job,
    instance: Uuid,
    ok: bool,
) -> Result<(), sqlx::Error> {
    // A failed run gives its period back: the next wake-up of any instance tries again.
    sqlx::query!(
        "UPDATE job_runs
            SET finished_at = now(),
                started_at = CASE WHEN $3 THEN started_at ELSE '-infinity'::timestamptz END
          WHERE job = $1 AND instance = $2",
        job.name,
        instance,
        ok
    )
    .execute(db)
    .await
    .map(|_| ())
}

/// Runs `job` now if this instance claims its period; returns whether it ran.
pub async fn run_if_due<F, T, E>(state: &AppState, job: Job, work: impl FnOnce() -> F) -> bool
where
    F: Future<Output = Result<T, E>>,
    E: std::fmt::Display,
{
    match claim(&state.db, job, state.instance).await {
        Ok(true) => {}
        Ok(false) => return false,
        Err(e) => {
            tracing::warn!(job = job.name, error = %e, "claiming a periodic job failed");
            return false;
        }
    }
    let ok = match work().await {
        Ok(_) => true,
        Err(e) => {
            tracing::warn!(job = job.name, error = %e, "periodic job failed");
            false
        }
    };
    if let Err(e) = finished(&state.db, job, state.instance, ok).await {
        tracing::warn!(job = job.name, error = %e, "recording a periodic job's end failed");
    }
    true
}

/// How often an instance wakes to see whether a job is due (by default): often enough
/// that a period given back (or left by an instance that stopped) is taken up soon.
pub const WAKE_EVERY: Duration = Duration::from_secs(60);

/// The instance's loop over the periodic jobs, until the instance stops.
pub async fn run(state: AppState) {
    let mut tick = tokio::time::interval(state.config.job_wake);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let period = |job: Job| Job {
        every: state.config.job_period.unwrap_or(job.every),
        ..job
    };
    let mut closing = state.closing.subscribe();
    loop {
        // A stopping instance claims nothing more: what it claimed and could not finish
        // would wait a whole period.
        tokio::select! {
            _ = tick.tick() => {}
            _ = closing.wait_for(|c| *c) => return,
        }
        run_if_due(&state, period(PRUNE_RATE_EVENTS), || {
            crate::auth::throttle::prune(&state.db)
        })
        .await;
        run_if_due(&state, period(SWEEP_UPLOADS), || {
            crate::routes::uploads::sweep_abandoned(&state)
        })
        .await;
        run_if_due(&state, period(REMIND_EXPIRING), || {
            crate::lifecycle::remind_expiring(&state)
        })
        .await;
    }
}
