//! The sync worker's work: send each queued draft — upload the files the server does not
//! have yet, resuming from the offset it reports, then submit with the application id as
//! the idempotency key — then the decisions and chat messages typed here, then pull the
//! feeds from their cursors. What each answer means is decided once, in [`crate::plan`]:
//! trouble worth retrying waits with jittered backoff, a refusal goes back to the draft
//! (editable, with the office's message), and an ended session keeps the queue and asks
//! the user to sign in again.

mod entry;
mod notes;
mod pull;
mod send;
mod upload;
pub use notes::*;
pub use pull::*;
use send::*;
pub use upload::*;

use crate::account::Account;
use crate::backend::Backend;
use crate::client::ClientError;
use crate::plan::Next;
use crate::store::office;
use crate::store::outbox;
use crate::store::{self, StoreError};

/// Days before a permit expires when the applicant is reminded.
pub const REMIND_DAYS: i64 = 30;

/// Bytes of an upload's first request; the next ones are sized to the connection (see
/// [`chunk_after`]).
pub const CHUNK_BYTES: usize = 4 * 1024 * 1024;

pub use crate::pass::{Progress, Pulls, SyncReport};

/// A pull that stopped: `Err(true)` when the session ended.
type Pulled<T> = Result<T, PullStop>;

#[derive(Debug)]
pub enum PullStop {
    SessionEnded,
    Store(StoreError),
}

impl From<StoreError> for PullStop {
    fn from(e: StoreError) -> Self {
        PullStop::Store(e)
    }
}

impl From<sqlx::Error> for PullStop {
    fn from(e: sqlx::Error) -> Self {
        PullStop::Store(e.into())
    }
}

/// Why one item did not go through.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Try again later: no network, server trouble.
    #[error("{reason}")]
    Retry {
        reason: String,
        retry_after_secs: Option<u64>,
    },
    /// The office will not take it as it is (the server's message, in Bahasa Indonesia).
    #[error("{0}")]
    Refused(String),
    /// The session ended on the server: the item stays queued until the user signs in.
    #[error("sign in again")]
    SignIn,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Failure {
    fn retry(reason: impl Into<String>) -> Failure {
        Failure::Retry {
            reason: reason.into(),
            retry_after_secs: None,
        }
    }
}

impl Failure {
    /// What becomes of an item tried `attempts` times that failed so (see [`crate::plan::after`]).
    fn next(self, attempts: i64) -> Result<crate::plan::Next, StoreError> {
        use crate::plan::Verdict;
        let verdict = match self {
            Failure::Retry {
                reason,
                retry_after_secs,
            } => Verdict::Retry {
                reason,
                retry_after_secs,
            },
            Failure::Refused(m) => Verdict::Stop(m),
            Failure::SignIn => Verdict::SignIn,
            Failure::Store(e) => return Err(e),
        };
        Ok(crate::plan::after(verdict, attempts, crate::plan::jitter()))
    }
}

impl From<ClientError> for Failure {
    fn from(e: ClientError) -> Self {
        use crate::plan::{Answer, Verdict};
        let answer = match e {
            ClientError::Api { status, body } => Answer::Status {
                status,
                message: body.message,
                retry_after_secs: body.retry_after_secs,
            },
            ClientError::Offline(_) => Answer::Offline,
            // Not the API answering (a proxy's page, a wrong address): not this content's fault.
            ClientError::Protocol(d) => return Failure::retry(d),
        };
        match crate::plan::classify(answer) {
            Verdict::Stop(m) => Failure::Refused(m),
            Verdict::Retry {
                reason,
                retry_after_secs,
            } => Failure::Retry {
                reason,
                retry_after_secs,
            },
            Verdict::SignIn => Failure::SignIn,
            Verdict::Done => Failure::retry("jawaban server tidak dikenali"),
        }
    }
}

/// One full pass: everything waiting goes, every feed is pulled.
pub async fn run_once(b: &Backend, a: &Account) -> Result<SyncReport, StoreError> {
    run_pass(b, a, Pulls::ALL).await
}

/// One pass: the outbox, the decisions, the chat typed here, then the feeds `pulls` names.
/// Without a session nothing is sent or pulled (what waits stays queued).
pub async fn run_pass(b: &Backend, a: &Account, pulls: Pulls) -> Result<SyncReport, StoreError> {
    let mut report = SyncReport::default();
    if store::session::load(&a.store).await?.is_none() {
        return Ok(report);
    }
    for item in outbox::due(&a.store).await? {
        match send(b, a, &item).await {
            Ok(Sent::Application(app)) => {
                tracing::info!(resi = %app.resi, "application received by the office");
                report.received.push(app.resi);
            }
            Ok(Sent::Revision(resi)) => {
                tracing::info!(resi = %resi, "revision received by the office");
                report.revised.push(resi);
            }
            Err(f) => match f.next(item.attempts)? {
                Next::Stopped(reason) => {
                    outbox::refuse(&a.store, &item.draft_id, &reason).await?;
                    report.refused.push(reason);
                }
                Next::RetryIn { secs, reason } => {
                    outbox::retry_later(&a.store, &item.draft_id, &reason, secs as i64).await?;
                    report.pending += 1;
                }
                Next::SignIn => {
                    report.sign_in = true;
                    return Ok(report);
                }
                Next::Done => {}
            },
        }
    }
    send_decisions(b, a, &mut report).await?;
    if report.sign_in {
        return Ok(report);
    }
    // A feed that could not be pulled now is put back for the worker's next try.
    let pulled = async {
        let mut later = Pulls::NONE;
        if pulls.changes {
            report.updates = pull(b, a, &mut later.changes).await?;
        }
        if pulls.inbox {
            report.messages = pull_inbox(b, a, &mut later.inbox).await?;
        }
        report.chat = send_chat(b, a, pulls.chat, &mut later.chat).await?;
        report.notes = announce(b, a, pulls.queue, &mut later.queue).await?;
        if later != Pulls::NONE {
            report.deferred = true;
            // A chat message not sent is sent by any next pass; the chat is pulled again
            // only when this pass was to pull it.
            later.chat &= pulls.chat;
            b.defer(later);
        }
        Ok::<(), PullStop>(())
    }
    .await;
    match pulled {
        Ok(()) => {}
        Err(PullStop::SessionEnded) => {
            report.sign_in = true;
            return Ok(report);
        }
        Err(PullStop::Store(e)) => return Err(e),
    }
    report.reminders = office::due_reminders(&a.store, REMIND_DAYS, b.clock.today_wita())
        .await?
        .into_iter()
        .map(|p| (p.izin.content.nomor, p.izin.content.berlaku_sampai))
        .collect();
    Ok(report)
}

/// When the next item waiting for a retry is due (seconds from now; 0 when one is due
/// already), or `None` when nothing waits for a time.
pub async fn next_due_in(a: &Account) -> Result<Option<i64>, StoreError> {
    let next = crate::store::next_attempt(&a.store).await?;
    let Some(next) = next else {
        return Ok(None);
    };
    // An unreadable time is due now rather than never; a part of a second counts whole
    // (a pass woken early finds nothing due and would only be woken again).
    let in_ms = time::OffsetDateTime::parse(&next, &time::format_description::well_known::Rfc3339)
        .map_or(0, |at| {
            (at - time::OffsetDateTime::now_utc()).whole_milliseconds()
        });
    Ok(Some((in_ms.max(0) as i64 + 999) / 1000))
}
