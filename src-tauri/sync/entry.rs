//! Passes on demand: "Kirim" and the worker ask the Backend for a pass, which runs here
//! (one at a time, under the Backend's sync lock) and reports what it and any pass that
//! ran while it waited sent.

use crate::backend::{Backend, CmdResult};
use crate::store;

impl Backend {
    /// One full pass of the sync worker for the signed-in account (nothing when nobody
    /// is); the UI hears of any change through `subscribe_synced`.
    /// What passes that ran while it waited sent is in its report too (the worker may
    /// have sent the very draft "Kirim" asked for).
    pub async fn sync_now(&self) -> CmdResult<crate::pass::SyncReport> {
        let before = self.passes_run();
        let r = self.sync_pass(crate::pass::Pulls::ALL).await;
        // What failed here has a new retry time: the worker sets its timer by it.
        self.wake_worker();
        let (mine, mut r) = r?;
        let mut sent = self.sent_between(before, mine);
        sent.add_sent(&r);
        r.received = sent.received;
        r.refused = sent.refused;
        r.revised = sent.revised;
        r.decided = sent.decided;
        Ok(r)
    }

    /// A pass that pulls the feeds pushes named since the last one (and sends what is
    /// due): the worker's, on each wake.
    pub async fn sync_wanted(&self) -> CmdResult<crate::pass::SyncReport> {
        let pulls = self.take_wanted();
        Ok(self.sync_pass(pulls).await?.1)
    }

    /// A pass, and its number (0: none ran, nobody is signed in).
    async fn sync_pass(
        &self,
        pulls: crate::pass::Pulls,
    ) -> CmdResult<(u64, crate::pass::SyncReport)> {
        let _one = self.sync_guard().await;
        let Some(a) = self.current() else {
            return Ok((0, crate::pass::SyncReport::default()));
        };
        let had_session = store::session::load(&a.store).await?.is_some();
        self.recheck_role(&a).await?;
        let mut report = crate::sync::run_pass(self, &a, pulls).await?;
        let n = self.record_pass(&report);
        if report.sign_in {
            self.session_ended(&a).await?;
        }
        // Ended by the role check: said the same way (the window goes back to the login).
        report.sign_in |= had_session && store::session::load(&a.store).await?.is_none();
        if report != crate::pass::SyncReport::default() {
            self.mark_synced();
        }
        Ok((n, report))
    }
}
