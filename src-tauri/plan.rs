//! The sync planner: every decision of what to send, pull and retry, as pure functions of
//! the local state and the server's answers, so that it can be driven through random
//! schedules of cuts, kills and duplicated answers (see the property tests below). The
//! worker (`sync`, `live`) only carries out what these functions say.
//!
//! - [`classify`] sorts a server's answer once: done, refused for good (the user fixes and
//!   re-sends), worth trying again (network, 5xx, 408, 425, 429) or a sign-in needed.
//! - [`retry_in`] is the backoff: exponential, jittered, capped, never sooner than the
//!   server's `Retry-After`.
//! - [`accept`] takes a page of a feed: entries not held yet, and a cursor that never
//!   moves back (a page answered twice or late changes nothing).
//! - [`reconnect_in`] spaces the live channel's reconnections.

use std::collections::BTreeSet;

/// What a server call came back with, as far as the planner cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Ok,
    /// No answer at all: no network, a cut connection, a timeout, a proxy's own page.
    Offline,
    /// The server answered with this status.
    Status {
        status: u16,
        message: String,
        retry_after_secs: Option<u64>,
    },
}

/// What to do with the item after its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Done,
    /// Refused for good: the item stops and shows the server's message; the user fixes it
    /// and sends it again.
    Stop(String),
    /// Try again later (after at least `retry_after_secs` when the server said so).
    Retry {
        reason: String,
        retry_after_secs: Option<u64>,
    },
    /// The session is no longer valid: keep everything queued, ask the user to sign in.
    SignIn,
}

/// Statuses that say "not now" rather than "not this": timeout (408), too early (425),
/// too many requests (429), and every server-side error.
pub fn is_transient(status: u16) -> bool {
    matches!(status, 408 | 425 | 429) || status >= 500
}

/// Sorts an answer once, for every kind of item (submissions, revisions, decisions,
/// chat messages, read marks).
pub fn classify(answer: Answer) -> Verdict {
    match answer {
        Answer::Ok => Verdict::Done,
        Answer::Offline => Verdict::Retry {
            reason: eptsp_core::messages::OFFLINE.to_owned(),
            retry_after_secs: None,
        },
        Answer::Status { status: 401, .. } => Verdict::SignIn,
        Answer::Status {
            status,
            message,
            retry_after_secs,
        } if is_transient(status) => Verdict::Retry {
            reason: message,
            retry_after_secs,
        },
        // Every other 4xx (and anything else odd) is the server's "no" to this content.
        Answer::Status { message, .. } => Verdict::Stop(message),
    }
}

/// What becomes of a queued item after an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Acknowledged: it leaves the queue.
    Done,
    /// Stopped with the server's message, kept for the user to fix and send again.
    Stopped(String),
    /// Tried again in `secs` seconds (its attempts counted), `reason` shown meanwhile.
    RetryIn { secs: u64, reason: String },
    /// Kept as it is (not even an attempt counted) until the user signs in again; nothing
    /// else is sent meanwhile.
    SignIn,
}

/// The step after `verdict` for an item tried `attempts` times before: the one rule the
/// outbox, the decisions and the model below all follow.
pub fn after(verdict: Verdict, attempts: i64, jitter: f64) -> Next {
    match verdict {
        Verdict::Done => Next::Done,
        Verdict::Stop(m) => Next::Stopped(m),
        Verdict::Retry {
            reason,
            retry_after_secs,
        } => Next::RetryIn {
            secs: retry_in(attempts, retry_after_secs, jitter),
            reason,
        },
        Verdict::SignIn => Next::SignIn,
    }
}

/// Shortest and longest wait between attempts of one item, in seconds.
pub const RETRY_FIRST_SECS: u64 = 5;

pub const RETRY_CAP_SECS: u64 = 300;

/// A server's `Retry-After` is honoured up to this.
pub const RETRY_AFTER_CAP_SECS: u64 = 3600;

/// Seconds to wait before attempt `attempts + 1`: 5, 10, 20 … 300, each drawn between half
/// and all of that (`jitter` in 0..1, so that desktops cut off together do not come back
/// together), never sooner than the server asked.
pub fn retry_in(attempts: i64, retry_after_secs: Option<u64>, jitter: f64) -> u64 {
    let full = (RETRY_FIRST_SECS << attempts.clamp(0, 6)).min(RETRY_CAP_SECS);
    let jittered = full / 2 + ((full as f64 / 2.0) * jitter.clamp(0.0, 1.0)).round() as u64;
    jittered
        .max(1)
        .max(retry_after_secs.unwrap_or(0).min(RETRY_AFTER_CAP_SECS))
}

/// The live channel's reconnection spacing after `failures` failed tries: 1 s, 2 s, 4 s …
/// 60 s, jittered the same way. While the channel is down the worker pulls no more often
/// than this allows (at most once a minute once it has failed a few times).
pub fn reconnect_in(failures: u32, jitter: f64) -> std::time::Duration {
    let full_ms = (1000u64 << failures.min(6)).min(60_000);
    let ms = full_ms / 2 + ((full_ms as f64 / 2.0) * jitter.clamp(0.0, 1.0)).round() as u64;
    std::time::Duration::from_millis(ms.max(1))
}

/// How often the desktop pulls with the live channel down.
pub const PULL_WITHOUT_CHANNEL: std::time::Duration = std::time::Duration::from_secs(60);

/// A fresh jitter value in 0..1.
pub fn jitter() -> f64 {
    (uuid::Uuid::new_v4().as_u128() >> 75) as f64 / (1u64 << 53) as f64
}

/// A page of a feed taken: the entries (by key) not held yet, in the page's order, and the
/// cursor to keep: the page's when it is ahead, the one held otherwise (a page answered
/// twice, or a late answer to an older pull, never moves it back).
pub fn accept<K: Ord + Clone>(
    held: &BTreeSet<K>,
    cursor: i64,
    page: &[K],
    page_cursor: i64,
) -> (Vec<K>, i64) {
    let mut seen = BTreeSet::new();
    let fresh = page
        .iter()
        .filter(|k| !held.contains(k) && seen.insert((*k).clone()))
        .cloned()
        .collect();
    (fresh, advance(cursor, page_cursor))
}

/// The cursor to keep after a page answered with `page_cursor`: never back.
pub fn advance(cursor: i64, page_cursor: i64) -> i64 {
    cursor.max(page_cursor)
}

#[cfg(test)]
mod tests;
