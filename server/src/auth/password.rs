//! Argon2id password hashes (the crate's defaults: 19 MiB, 2 passes), computed on a small
//! pool of threads of their own, one per core.
//!
//! Each check takes 19 MiB and tens of milliseconds on purpose, so an anonymous caller can
//! make the server spend both. The pool bounds them: at most one check per worker thread
//! runs at a time (memory stays at workers × 19 MiB, the same blocks reused by the same
//! threads), a request waits for a free worker at most [`WAIT`], and is then answered 503
//! with `Retry-After` instead of queueing without end.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Argon2, password_hash::rand_core::OsRng};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::ApiError;

/// How long a request waits for a free worker before it is told to come back.
pub const WAIT: Duration = Duration::from_secs(2);

type Job = Box<dyn FnOnce() + Send>;

struct Pool {
    permits: Arc<Semaphore>,
    jobs: SyncSender<Job>,
}

fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| {
        let n = workers();
        // A job is sent only by the holder of a permit: the channel never holds more than n.
        let (jobs, rx) = sync_channel::<Job>(n);
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..n {
            let rx: Arc<Mutex<Receiver<Job>>> = rx.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || {
                    loop {
                        let job = match rx.lock() {
                            Ok(r) => r.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                })
                .expect("start a password worker");
        }
        Pool {
            permits: Arc::new(Semaphore::new(n)),
            jobs,
        }
    })
}

fn busy() -> ApiError {
    ApiError::Unavailable {
        code: "busy",
        message: eptsp_core::messages::SERVER_BUSY.to_owned(),
        retry_after_secs: 2,
    }
}

/// Runs `f` on a password worker, or refuses with 503 when none frees up within [`WAIT`].
async fn run<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
    let pool = pool();
    let permit: OwnedSemaphorePermit =
        tokio::time::timeout(WAIT, pool.permits.clone().acquire_owned())
            .await
            .map_err(|_| busy())?
            .map_err(|_| busy())?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    // The permit goes with the job: a caller that gives up (its client went away) does
    // not free the worker before the work is done.
    pool.jobs
        .send(Box::new(move || {
            let _ = tx.send(f());
            drop(permit);
        }))
        .map_err(|_| anyhow::anyhow!("the password workers stopped"))?;
    rx.await
        .map_err(|_| anyhow::anyhow!("a password worker stopped").into())
}

pub async fn hash(password: String) -> Result<String, ApiError> {
    run(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("argon2: {e}"))
    })
    .await?
    .map_err(ApiError::from)
}

pub async fn verify(password: String, stored: String) -> Result<bool, ApiError> {
    run(move || {
        let parsed = PasswordHash::new(&stored).map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
        Ok(Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await?
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let h = super::hash("Kaltim2026".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(super::verify("Kaltim2026".into(), h.clone()).await.unwrap());
        assert!(!super::verify("Kaltim2027".into(), h).await.unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn more_callers_than_workers_wait_their_turn_or_are_told_to_come_back() {
        let h = super::hash("Kaltim2026".into()).await.unwrap();
        // Far more callers than workers: each either gets an answer or a 503, never a
        // third outcome, and at least the workers' share is answered.
        let tasks: Vec<_> = (0..64)
            .map(|_| {
                let h = h.clone();
                tokio::spawn(async move { super::verify("salah".into(), h).await })
            })
            .collect();
        let (mut answered, mut busy) = (0, 0);
        for t in tasks {
            match t.await.unwrap() {
                Ok(false) => answered += 1,
                Err(crate::error::ApiError::Unavailable { .. }) => busy += 1,
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(answered + busy, 64);
        assert!(answered >= super::workers(), "answered {answered}");
    }
}
