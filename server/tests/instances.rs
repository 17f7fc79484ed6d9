//! Several instances on one PostgreSQL: each periodic job runs once per period across all
//! of them, whatever they race, fail or leave behind.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use eptsp_server::AppState;
use eptsp_server::config::Limits;
use eptsp_server::jobs::{self, Job};
use futures_util::future::join_all;

/// `n` instances' states over one fresh database.
async fn instances(n: usize) -> Vec<AppState> {
    let (first, _mail) = eptsp_server::testkit::state(Limits::default()).await;
    let mut all = vec![first.clone()];
    for _ in 1..n {
        all.push(AppState::new(first.db.clone(), (*first.config).clone()).unwrap());
    }
    all
}

/// Every instance tries `job` `tries` times at once; returns how many runs happened.
async fn race(all: &[AppState], job: Job, tries: usize, fail: bool) -> usize {
    let ran = Arc::new(AtomicUsize::new(0));
    let attempts = all.iter().cycle().take(all.len() * tries).map(|s| {
        let ran = ran.clone();
        async move {
            jobs::run_if_due(s, job, || async move {
                ran.fetch_add(1, Ordering::SeqCst);
                // Long enough that the others' attempts overlap this run.
                tokio::time::sleep(Duration::from_millis(50)).await;
                if fail {
                    Err("the mail server is down")
                } else {
                    Ok(())
                }
            })
            .await
        }
    });
    let claimed = join_all(attempts).await.into_iter().filter(|c| *c).count();
    let ran = ran.load(Ordering::SeqCst);
    assert_eq!(claimed, ran);
    ran
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_runs_once_per_period_across_three_instances() {
    let all = instances(3).await;
    let job = Job {
        name: "test_job",
        every: Duration::from_secs(2),
    };
    // 30 attempts at once on three instances: one run.
    assert_eq!(race(&all, job, 10, false).await, 1);
    // Within the same period, later attempts run nothing.
    assert_eq!(race(&all, job, 5, false).await, 0);
    // The next period: one run again.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(race(&all, job, 10, false).await, 1);
    let runs: i64 = sqlx::query_scalar("SELECT runs FROM job_runs WHERE job = 'test_job'")
        .fetch_one(&all[0].db)
        .await
        .unwrap();
    assert_eq!(runs, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_run_gives_its_period_back_and_a_killed_one_keeps_it() {
    let all = instances(2).await;
    let job = Job {
        name: "test_job",
        every: Duration::from_secs(3600),
    };
    // A run that fails: the next attempt, on any instance, runs it again at once.
    assert_eq!(race(&all, job, 4, true).await, 1);
    assert_eq!(race(&all, job, 4, false).await, 1);
    // An instance that claimed a period and died before finishing (only the claim, no
    // end): the others leave the period to it rather than run the job twice.
    let other = Job {
        name: "test_job_killed",
        ..job
    };
    assert!(
        jobs::claim(&all[0].db, other, all[0].instance)
            .await
            .unwrap()
    );
    assert_eq!(race(&all[1..], other, 4, false).await, 0);
}
