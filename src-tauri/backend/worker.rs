//! The glue between the commands and the sync worker: passes on demand, wake-ups, the feeds a push asked for, and the watch channels the UI listens to.

use tokio::sync::watch;

use super::Backend;
use crate::pass::{Pulls, SyncReport};

impl Backend {
    /// How many passes have run (each has its number, from 1).
    pub(crate) fn passes_run(&self) -> u64 {
        self.passes.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Numbers the pass that made `report` and keeps its report among the last 8.
    pub(crate) fn record_pass(&self, report: &SyncReport) -> u64 {
        let n = self
            .passes
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1;
        let mut recent = self.recent.lock().expect("recent lock");
        recent.push_back((n, report.clone()));
        if recent.len() > 8 {
            recent.pop_front();
        }
        n
    }

    /// What the passes numbered after `before` and before `mine` sent.
    pub(crate) fn sent_between(&self, before: u64, mine: u64) -> SyncReport {
        let mut sent = SyncReport::default();
        for (n, other) in self.recent.lock().expect("recent lock").iter() {
            if *n > before && *n < mine {
                sent.add_sent(other);
            }
        }
        sent
    }

    /// The feeds pushes named since the last pass (none are left wanted).
    pub(crate) fn take_wanted(&self) -> Pulls {
        std::mem::replace(&mut *self.wanted.lock().expect("wanted lock"), Pulls::NONE)
    }

    /// Tells the UI that a pass changed something.
    pub(crate) fn mark_synced(&self) {
        self.synced.send_modify(|n| *n += 1);
    }

    /// Asks the worker for a pass now.
    pub fn wake_worker(&self) {
        self.wake.notify_one();
    }

    /// Asks the worker to pull `feeds` (added to what it pulls next) now.
    pub fn want(&self, feeds: Pulls) {
        self.defer(feeds);
        self.wake_worker();
    }

    /// Waits until something asks the worker for a pass.
    pub async fn woken(&self) {
        self.wake.notified().await;
    }

    pub fn is_channel_up(&self) -> bool {
        *self.channel_up.borrow()
    }

    pub(crate) fn set_channel_up(&self, up: bool) {
        self.channel_up.send_replace(up);
        if !up {
            // The worker's schedule changes: with the channel down it falls back to pulling.
            self.wake_worker();
        }
    }

    /// Puts `feeds` back for the next pass without waking the worker (a pull that failed
    /// for a passing reason: the worker tries again with backoff).
    pub(crate) fn defer(&self, feeds: Pulls) {
        let mut w = self.wanted.lock().expect("wanted lock");
        w.changes |= feeds.changes;
        w.inbox |= feeds.inbox;
        w.chat |= feeds.chat;
        w.queue |= feeds.queue;
    }

    /// One sync pass at a time: held by the worker's passes and by commands that send now.
    pub(crate) async fn sync_guard(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.sync_lock.lock().await
    }

    /// Ticks whenever the signed-in account changes (sign-in, sign-out, session ended).
    pub fn subscribe_account(&self) -> watch::Receiver<u64> {
        self.account_changed.subscribe()
    }

    /// Live progress of the item the worker is sending.
    pub fn subscribe_progress(&self) -> watch::Receiver<Option<crate::pass::Progress>> {
        self.progress.subscribe()
    }

    /// Ticks after every sync pass that changed something.
    pub fn subscribe_synced(&self) -> watch::Receiver<u64> {
        self.synced.subscribe()
    }
}
