//! The verifier's review (claim, the dossier and its files offline, decisions queued when offline) and the signer's signature.

use crate::backend::{Backend, CmdResult};
use crate::error::CommandError;
use crate::store::StoreError;
use crate::store::office::{self, ReviewCase};
use eptsp_core::api::FieldError;
use eptsp_core::endpoint::{NoBody, NoQuery};
use eptsp_core::endpoints as e;
use eptsp_core::izin::SignedIzin;
use eptsp_core::lifecycle::Action;
use eptsp_core::office::{
    DecisionRequest, DecisionResult, Dossier, LapseRequest, QueueItem, QueueQuery, ReviewItem,
};
use std::path::PathBuf;

use super::*;

impl Backend {
    pub async fn office_queue(&self, q: QueueQuery) -> CmdResult<Vec<QueueItem>> {
        let token = self.token().await?;
        self.authed(self.api.get::<e::Queue>(Some(&token), (), &q).await)
            .await
    }

    /// Claims an application and downloads its dossier and every attachment, so the
    /// review can go on offline.
    pub async fn office_claim(&self, id: &str) -> CmdResult<ReviewCase> {
        let token = self.token().await?;
        let d = self
            .authed(
                self.api
                    .send::<e::Claim>(Some(&token), id.to_owned(), &NoBody {})
                    .await,
            )
            .await?;
        self.download_case(&token, &d).await?;
        office::case(&self.store()?, id)
            .await?
            .ok_or_else(|| CommandError::new("not_found", "Berkas tidak ditemukan"))
    }

    pub(super) async fn download_case(&self, token: &str, d: &Dossier) -> CmdResult<()> {
        let files = self.files()?;
        for f in &d.files {
            if files.has(&f.sha256) {
                continue;
            }
            let bytes = self
                .authed(self.api.office_file(token, &f.sha256).await)
                .await?;
            if sha_hex(&bytes) != f.sha256 {
                return Err(CommandError::new(
                    "corrupt",
                    format!(
                        "Dokumen \"{}\" rusak saat diunduh; coba lagi",
                        f.requirement
                    ),
                ));
            }
            files
                .store_bytes(&f.sha256, &bytes)
                .map_err(StoreError::from)?;
        }
        office::save_case(&self.store()?, d).await?;
        Ok(())
    }

    /// A dossier's review is over here (released, signed): it and its files leave this
    /// computer (files that are also in File Saya stay).
    pub(super) async fn forget_case(&self, id: &str) -> CmdResult<()> {
        let a = self.account()?;
        let shas = office::case_files(&a.store, Some(id)).await?;
        office::remove_case(&a.store, id).await?;
        a.files.remove_unused(&a.store, &shas).await?;
        Ok(())
    }

    /// At sign-out: every downloaded dossier without a decision still to send is removed
    /// with its files.
    pub(crate) async fn purge_review_cases(&self, a: &crate::account::Account) -> CmdResult<()> {
        let shas = office::remove_settled_cases(&a.store).await?;
        a.files.remove_unused(&a.store, &shas).await?;
        Ok(())
    }

    /// The dossiers held on this workstation (readable offline).
    pub async fn office_cases(&self) -> CmdResult<Vec<ReviewCase>> {
        Ok(office::cases(&self.store()?).await?)
    }

    pub async fn office_case(&self, id: &str) -> CmdResult<ReviewCase> {
        office::case(&self.store()?, id).await?.ok_or_else(|| {
            CommandError::new(
                "not_found",
                "Berkas ini tidak ada di komputer ini; ambil dari antrian terlebih dahulu",
            )
        })
    }

    /// Keeps the checklist and note as they are typed.
    pub async fn office_case_save(
        &self,
        id: &str,
        checklist: &[ReviewItem],
        note: &str,
    ) -> CmdResult<()> {
        if office::save_progress(&self.store()?, id, checklist, note).await? {
            Ok(())
        } else {
            Err(CommandError::new("not_found", "Berkas tidak ditemukan"))
        }
    }

    /// The store holding an attachment of a held dossier, checked to hold it.
    pub fn office_file_store(&self, sha256: &str) -> CmdResult<crate::files::FileStore> {
        if !eptsp_core::submission::is_sha256(sha256) {
            return Err(CommandError::new("not_found", "Dokumen tidak ditemukan"));
        }
        let files = self.files()?;
        if files.has(sha256) {
            Ok(files)
        } else {
            Err(CommandError::new(
                "not_found",
                "Dokumen belum diunduh ke komputer ini",
            ))
        }
    }

    /// The bytes of a downloaded attachment, decrypted, for the viewer.
    pub async fn office_file_bytes(&self, sha256: &str) -> CmdResult<Vec<u8>> {
        let files = self.office_file_store(sha256)?;
        let sha256 = sha256.to_owned();
        tokio::task::spawn_blocking(move || files.read_all(&sha256))
            .await
            .map_err(|e| CommandError::new("internal", e.to_string()))?
            .map_err(|e| CommandError::new("io", format!("Dokumen tidak dapat dibaca: {e}")))
    }

    /// A plain copy of a downloaded attachment for the system's application, named with
    /// the extension of its `kind` (the viewer chooses by it); it lives in the account's
    /// folder and is removed at sign-out.
    pub async fn office_file_copy(&self, sha256: &str, kind: &str) -> CmdResult<PathBuf> {
        let files = self.office_file_store(sha256)?;
        let ext = match kind {
            "pdf" | "jpg" | "png" | "gif" | "dwg" => kind.to_owned(),
            _ => "bin".to_owned(),
        };
        let sha256 = sha256.to_owned();
        tokio::task::spawn_blocking(move || files.export_for_viewer(&sha256, &ext))
            .await
            .map_err(|e| CommandError::new("internal", e.to_string()))?
            .map_err(|e| CommandError::new("io", e.to_string()))
    }

    /// Decides on a held dossier: checked here, queued, and sent now if the server
    /// answers (later otherwise, exactly once).
    pub async fn office_decide(
        &self,
        id: &str,
        action: Action,
        note: &str,
        checklist: Vec<ReviewItem>,
    ) -> CmdResult<ReviewCase> {
        let case = self.office_case(id).await?;
        if case.pending.as_ref().is_some_and(|p| p.state == "queued") {
            return Err(CommandError::new(
                "pending",
                "Keputusan untuk berkas ini sedang menunggu terkirim",
            ));
        }
        let req = DecisionRequest {
            id: uuid::Uuid::new_v4().to_string(),
            version: case.dossier.version,
            action,
            note: note.trim().to_owned(),
            checklist,
        };
        let attached: Vec<i32> = case
            .dossier
            .files
            .iter()
            .map(|f| f.requirement_id)
            .collect();
        req.check()
            .and_then(|()| req.check_covers(&attached))
            .map_err(|e: FieldError| CommandError::fields(vec![e]))?;
        office::save_progress(&self.store()?, id, &req.checklist, &req.note).await?;
        office::enqueue_decision(&self.store()?, id, &req).await?;
        if self.is_online() {
            let _ = self.sync_now().await;
        }
        // Still held here until the server has it.
        Ok(office::case(&self.store()?, id).await?.unwrap_or(case))
    }

    /// Gives a dossier back to the queue (online).
    pub async fn office_release(&self, id: &str) -> CmdResult<()> {
        let token = self.token().await?;
        self.authed(
            self.api
                .send::<e::Release>(Some(&token), id.to_owned(), &NoBody {})
                .await,
        )
        .await?;
        self.forget_case(id).await?;
        Ok(())
    }

    /// A revision the applicant let lapse (online): its deadline extended once, or the
    /// application rejected as lapsed, as the office's rule allows.
    pub async fn office_lapse(&self, id: &str, action: Action) -> CmdResult<DecisionResult> {
        let token = self.token().await?;
        let req = LapseRequest {
            id: uuid::Uuid::new_v4().to_string(),
            action,
            note: String::new(),
        };
        self.authed(
            self.api
                .send::<e::Lapse>(Some(&token), id.to_owned(), &req)
                .await,
        )
        .await
    }

    // ---- Signer ----

    pub async fn signing_queue(&self) -> CmdResult<Vec<QueueItem>> {
        let token = self.token().await?;
        self.authed(
            self.api
                .get::<e::SigningQueue>(Some(&token), (), &NoQuery {})
                .await,
        )
        .await
    }

    /// A dossier to read before signing (with its files downloaded for viewing).
    pub async fn office_dossier(&self, id: &str) -> CmdResult<ReviewCase> {
        let token = self.token().await?;
        let d = self
            .authed(
                self.api
                    .get::<e::OfficeDossier>(Some(&token), id.to_owned(), &NoQuery {})
                    .await,
            )
            .await?;
        self.download_case(&token, &d).await?;
        self.office_case(id).await
    }

    /// TTE: signs with the passphrase; the permit comes back signed and numbered.
    pub async fn office_sign(&self, id: &str, passphrase: &str) -> CmdResult<SignedIzin> {
        if passphrase.is_empty() {
            return Err(CommandError::fields(vec![FieldError::custom(
                "passphrase",
                "required",
                "Masukkan passphrase untuk menandatangani",
            )]));
        }
        let token = self.token().await?;
        let izin = self
            .authed(
                self.api
                    .send::<e::Sign>(
                        Some(&token),
                        id.to_owned(),
                        &eptsp_core::office::SignRequest {
                            passphrase: passphrase.to_owned(),
                        },
                    )
                    .await,
            )
            .await?;
        self.forget_case(id).await?;
        Ok(izin)
    }

    // ---- Applicant: Revisi Saya ----
}
