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

use argon2::password_hash::{self, Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version, password_hash::rand_core::OsRng};
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
    std::thread::available_parallelism().map_or(2, std::num::NonZero::get)
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

thread_local! {
    /// Each worker's Argon2 memory (19 MiB with the defaults), allocated once and reused:
    /// with the crate's own allocation per check, the allocator kept some ten of them.
    static BLOCKS: std::cell::RefCell<Vec<Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `argon`'s hash of `password` with `salt`, computed in this thread's reused memory.
fn hash_with<'a>(
    argon: &Argon2<'_>,
    password: &[u8],
    salt: Salt<'a>,
) -> password_hash::Result<PasswordHash<'a>> {
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_buf)?;
    let params = argon.params();
    let blocks = params.block_count();
    let output = Output::init_with(
        params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN),
        |out| {
            BLOCKS.with(|memory| {
                let mut memory = memory.borrow_mut();
                if memory.len() < blocks {
                    memory.resize(blocks, Block::default());
                }
                argon
                    .hash_password_into_with_memory(
                        password,
                        salt_bytes,
                        out,
                        &mut memory[..blocks],
                    )
                    .map_err(password_hash::Error::from)
            })
        },
    )?;
    Ok(PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(params)?,
        salt: Some(salt),
        hash: Some(output),
    })
}

pub async fn hash(password: String) -> Result<String, ApiError> {
    run(move || {
        let salt = SaltString::generate(&mut OsRng);
        hash_with(&Argon2::default(), password.as_bytes(), salt.as_salt())
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("argon2: {e}"))
    })
    .await?
    .map_err(ApiError::from)
}

pub async fn verify(password: String, stored: String) -> Result<bool, ApiError> {
    run(move || {
        let err = |e: password_hash::Error| anyhow::anyhow!("argon2: {e}");
        let parsed = PasswordHash::new(&stored).map_err(err)?;
        if Algorithm::try_from(parsed.algorithm).map_err(err)? != Algorithm::Argon2id
            || parsed.version != Some(Version::V0x13.into())
        {
            anyhow::bail!("argon2: a hash of another kind ({})", parsed.algorithm);
        }
        let params = Params::try_from(&parsed).map_err(err)?;
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            anyhow::bail!("argon2: a hash without salt or output");
        };
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let computed = hash_with(&argon, password.as_bytes(), salt).map_err(err)?;
        // `Output`'s equality is constant-time.
        Ok(computed.hash == Some(expected))
    })
    .await?
    .map_err(ApiError::from)
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

    /// Hashes made before (by the crate's own hasher) still verify, and ours verify with it.
    #[tokio::test]
    async fn hashes_agree_with_the_crates_own() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier, SaltString};
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        let old = argon2::Argon2::default()
            .hash_password(b"Kaltim2026", &salt)
            .unwrap()
            .to_string();
        assert!(
            super::verify("Kaltim2026".into(), old.clone())
                .await
                .unwrap()
        );
        assert!(!super::verify("Kaltim2025".into(), old).await.unwrap());
        let ours = super::hash("Kaltim2026".into()).await.unwrap();
        let parsed = argon2::PasswordHash::new(&ours).unwrap();
        assert!(
            argon2::Argon2::default()
                .verify_password(b"Kaltim2026", &parsed)
                .is_ok()
        );
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
