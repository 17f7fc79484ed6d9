//! The officers' archive, read from the server a page at a time (it is the office's whole
//! record, never copied to a desktop, so it needs a connection), and the admin's revocation
//! of a permit found there.

use crate::backend::{Backend, CmdResult};
use crate::error::CommandError;
use eptsp_core::api::FieldError;
use eptsp_core::archive::{ArchivePage, ArchiveQuery};
use eptsp_core::endpoints as e;

impl Backend {
    pub async fn office_archive(&self, q: &ArchiveQuery) -> CmdResult<ArchivePage> {
        let token = self.token().await?;
        self.authed(self.api.get::<e::Archive>(Some(&token), (), q).await)
            .await
    }

    /// Revokes the permit of application `id`, with the reason (admin); returns what the
    /// server says of it.
    pub async fn office_revoke(&self, id: &str, reason: &str) -> CmdResult<String> {
        if reason.trim().is_empty() {
            return Err(CommandError::fields(vec![FieldError::custom(
                "reason",
                "required",
                "Alasan pencabutan wajib diisi",
            )]));
        }
        let token = self.token().await?;
        let r = self
            .authed(
                self.api
                    .send::<e::Revoke>(
                        Some(&token),
                        id.to_owned(),
                        &eptsp_core::office::RevokeRequest {
                            reason: reason.trim().to_owned(),
                        },
                    )
                    .await,
            )
            .await?;
        Ok(r.message)
    }
}
