//! The glue between the commands and the sync worker: passes on demand, wake-ups, the feeds a push asked for, and the watch channels the UI listens to.

use crate::store;
use tokio::sync::watch;

use super::{Backend, CmdResult};

impl Backend {
    /// One full pass of the sync worker for the signed-in account (nothing when nobody
    /// is); the UI hears of any change through `subscribe_synced`.
    /// What passes that ran while it waited sent is in its report too (the worker may
    /// have sent the very draft "Kirim" asked for).
    pub async fn sync_now(&self) -> CmdResult<crate::sync::SyncReport> {
        use std::sync::atomic::Ordering;
        let before = self.passes.load(Ordering::SeqCst);
        let r = self.sync_pass(crate::sync::Pulls::ALL).await;
        // What failed here has a new retry time: the worker sets its timer by it.
        self.wake_worker();
        let (mine, mut r) = r?;
        let mut sent = crate::sync::SyncReport::default();
        for (n, other) in self.recent.lock().expect("recent lock").iter() {
            if *n > before && *n < mine {
                sent.add_sent(other);
            }
        }
        sent.add_sent(&r);
        r.received = sent.received;
        r.refused = sent.refused;
        r.revised = sent.revised;
        r.decided = sent.decided;
        Ok(r)
    }

    /// A pass that pulls the feeds pushes named since the last one (and sends what is
    /// due): the worker's, on each wake.
    pub async fn sync_wanted(&self) -> CmdResult<crate::sync::SyncReport> {
        let pulls = std::mem::replace(
            &mut *self.wanted.lock().expect("wanted lock"),
            crate::sync::Pulls::NONE,
        );
        Ok(self.sync_pass(pulls).await?.1)
    }

    /// A pass, and its number (0: none ran, nobody is signed in).
    pub(super) async fn sync_pass(
        &self,
        pulls: crate::sync::Pulls,
    ) -> CmdResult<(u64, crate::sync::SyncReport)> {
        let _one = self.sync_lock.lock().await;
        let Some(a) = self.current() else {
            return Ok((0, crate::sync::SyncReport::default()));
        };
        let had_session = store::session::load(&a.store).await?.is_some();
        self.recheck_role(&a).await?;
        let mut report = crate::sync::run_pass(self, &a, pulls).await?;
        let n = {
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
        };
        if report.sign_in {
            self.session_ended(&a).await?;
        }
        // Ended by the role check: said the same way (the window goes back to the login).
        report.sign_in |= had_session && store::session::load(&a.store).await?.is_none();
        if report != crate::sync::SyncReport::default() {
            self.synced.send_modify(|n| *n += 1);
        }
        Ok((n, report))
    }

    /// Asks the worker for a pass now.
    pub fn wake_worker(&self) {
        self.wake.notify_one();
    }

    /// Asks the worker to pull `feeds` (added to what it pulls next) now.
    pub fn want(&self, feeds: crate::sync::Pulls) {
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
    pub(crate) fn defer(&self, feeds: crate::sync::Pulls) {
        let mut w = self.wanted.lock().expect("wanted lock");
        w.changes |= feeds.changes;
        w.inbox |= feeds.inbox;
        w.chat |= feeds.chat;
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
    pub fn subscribe_progress(&self) -> watch::Receiver<Option<crate::sync::Progress>> {
        self.progress.subscribe()
    }

    /// Ticks after every sync pass that changed something.
    pub fn subscribe_synced(&self) -> watch::Receiver<u64> {
        self.synced.subscribe()
    }
}
