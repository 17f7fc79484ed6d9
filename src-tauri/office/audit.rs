//! The admin's audit log: pages read from the server, and the CSV export saved under
//! `<data>/cetak/`. Only online: the log is the server's, never copied to a desktop.

use crate::backend::{Backend, CmdResult};
use crate::store::StoreError;
use eptsp_core::audit::{AuditPage, AuditQuery};
use eptsp_core::endpoints as e;

impl Backend {
    pub async fn admin_audit(&self, q: &AuditQuery) -> CmdResult<AuditPage> {
        let token = self.token().await?;
        self.authed(self.api.get::<e::Audit>(Some(&token), (), q).await)
            .await
    }

    /// Downloads every row that matches `q` as CSV and saves it; returns the file's path.
    pub async fn admin_audit_export(&self, q: &AuditQuery) -> CmdResult<String> {
        let token = self.token().await?;
        let bytes = self
            .authed(self.api.csv::<e::AuditCsv>(&token, q).await)
            .await?;
        let now = self.clock.now().to_offset(time::macros::offset!(+8));
        let path = self.print_dir()?.join(format!(
            "Log-Audit-{}-{:02}{:02}{:02}.csv",
            eptsp_core::calendar::format_date(now.date()),
            now.hour(),
            now.minute(),
            now.second()
        ));
        std::fs::write(&path, bytes).map_err(StoreError::from)?;
        Ok(path.display().to_string())
    }
}
