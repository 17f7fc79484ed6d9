//! Drafts: created, saved step by step, checked, and queued by "Kirim".

use crate::error::CommandError;
use crate::store;
use crate::store::drafts::DraftView;
use eptsp_core::api::FieldError;
use eptsp_core::dossier::{DraftData, Pemohon};

use super::{Backend, CmdResult};

impl Backend {
    /// A new draft, its contact fields filled from the profile.
    pub async fn drafts_create(&self) -> CmdResult<DraftView> {
        let profile = store::session::load(&self.store()?)
            .await?
            .ok_or_else(CommandError::not_logged_in)?
            .profile;
        let data = DraftData {
            pemohon: Pemohon {
                telp: profile.no_hp,
                kode_pos: profile.kode_pos,
                email: profile.email,
            },
            ..DraftData::default()
        };
        let d = store::drafts::create(&self.store()?, &data).await?;
        store::drafts::set_current(&self.store()?, Some(&d.id)).await?;
        Ok(d)
    }

    pub async fn drafts_list(&self) -> CmdResult<Vec<DraftView>> {
        Ok(store::drafts::list(&self.store()?).await?)
    }

    pub(super) fn draft_gone() -> CommandError {
        CommandError::new("not_found", "Draf permohonan tidak ditemukan")
    }

    fn draft_sent() -> CommandError {
        CommandError::new(
            "draft_sent",
            "Permohonan ini sudah dikirim dan menunggu dikirim ke kantor, sehingga tidak dapat diubah atau dihapus. Untuk mengubahnya, batalkan pengiriman di Permohonan Saya.",
        )
    }

    /// Why a draft could not be changed: gone, or read-only in the outbox.
    async fn not_changed(&self, id: &str) -> CommandError {
        match self.store() {
            Ok(s) if store::outbox::is_waiting(&s, id).await.unwrap_or(false) => Self::draft_sent(),
            _ => Self::draft_gone(),
        }
    }

    /// Opens a draft in the wizard (and remembers it is open); not one waiting in the outbox.
    pub async fn drafts_open(&self, id: &str) -> CmdResult<DraftView> {
        let d = store::drafts::get(&self.store()?, id)
            .await?
            .ok_or_else(Self::draft_gone)?;
        if store::outbox::is_waiting(&self.store()?, id).await? {
            return Err(Self::draft_sent());
        }
        store::drafts::set_current(&self.store()?, Some(id)).await?;
        Ok(d)
    }

    /// The draft that was open when the app last closed, if any.
    pub async fn drafts_current(&self) -> CmdResult<Option<DraftView>> {
        match store::drafts::current(&self.store()?).await? {
            Some(id) => Ok(store::drafts::get(&self.store()?, &id).await?),
            None => Ok(None),
        }
    }

    pub async fn drafts_leave(&self) -> CmdResult<()> {
        Ok(store::drafts::set_current(&self.store()?, None).await?)
    }

    pub async fn drafts_save(&self, id: &str, step: u8, data: &DraftData) -> CmdResult<()> {
        if store::drafts::save(&self.store()?, id, step, data).await? {
            Ok(())
        } else {
            Err(self.not_changed(id).await)
        }
    }

    pub async fn drafts_delete(&self, id: &str) -> CmdResult<()> {
        if store::drafts::delete(&self.store()?, id).await? {
            Ok(())
        } else {
            Err(self.not_changed(id).await)
        }
    }

    /// "Batalkan pengiriman": takes a draft sent with "Kirim" back before the office has
    /// received it. Not while a pass is sending (it waits for that pass): then either the
    /// office received it (and it cannot be taken back) or it was not sent at all.
    pub async fn outbox_cancel(&self, id: &str) -> CmdResult<DraftView> {
        let _one = self.sync_guard().await;
        let s = self.store()?;
        if store::outbox::cancel(&s, id).await? {
            tracing::info!(draft = %id, "submission taken back by the applicant");
            return store::drafts::get(&s, id)
                .await?
                .ok_or_else(Self::draft_gone);
        }
        Err(match store::drafts::get(&s, id).await? {
            // Received meanwhile: the draft became the application.
            None => CommandError::new(
                "already_received",
                "Permohonan ini sudah diterima kantor sehingga pengirimannya tidak dapat dibatalkan. Lihat resinya di Permohonan Saya.",
            ),
            Some(_) => CommandError::new(
                "not_waiting",
                "Permohonan ini tidak sedang menunggu dikirim.",
            ),
        })
    }

    /// What keeps `step` of the saved draft from being finished (empty: go on).
    pub async fn drafts_check(&self, id: &str, step: u8) -> CmdResult<Vec<FieldError>> {
        let d = store::drafts::get(&self.store()?, id)
            .await?
            .ok_or_else(Self::draft_gone)?;
        let catalogue = store::catalogue::load(&self.device)
            .await?
            .map(|c| c.catalogue)
            .ok_or_else(CommandError::offline)?;
        // What each attachment will send: a large photo goes downscaled for its requirement,
        // so its size is the smaller file's (made once here and kept).
        let mut sent = std::collections::HashMap::new();
        if step == eptsp_core::dossier::STEPS {
            for a in &d.data.attachments {
                let px = photo_max_px(&catalogue, &d.data.permit_type_id, a.requirement_id);
                if let Some(f) = self
                    .files()?
                    .sent_for(&self.store()?, &a.file_id, px)
                    .await?
                {
                    let info = eptsp_core::files::FileInfo {
                        kind: f.kind,
                        size: f.size as u64,
                    };
                    sent.insert((a.requirement_id, a.file_id.clone()), info);
                }
            }
        }
        let mut problems = d.data.check_step(step, &catalogue, &|a| {
            sent.get(&(a.requirement_id, a.file_id.clone())).copied()
        });
        // The map checks, once the form's own checks of the coordinates pass.
        if step == 4 && !problems.iter().any(|p| p.field.starts_with("lokasi.")) {
            problems.extend(eptsp_map::site::location_errors(&d.data.lokasi));
        }
        Ok(problems)
    }

    /// "Kirim": checks every step here (offline too), then queues the draft for the sync
    /// worker. Returns the problems instead when a step is not finished.
    pub async fn drafts_submit(&self, id: &str) -> CmdResult<Vec<FieldError>> {
        let mut problems = Vec::new();
        for step in 1..=eptsp_core::dossier::STEPS {
            problems.extend(self.drafts_check(id, step).await?);
        }
        if problems.is_empty() {
            store::outbox::enqueue(&self.store()?, id).await?;
            store::drafts::set_current(&self.store()?, None).await?;
            // Not the worker: the window sends it at once with `sync_now` and shows what
            // the office answered (a pass of the worker's own would take that answer).
        }
        Ok(problems)
    }
}

/// The longer side photos are sent at for requirement `requirement_id` of `permit_type_id`.
pub(crate) fn photo_max_px(
    catalogue: &eptsp_core::catalogue::Catalogue,
    permit_type_id: &str,
    requirement_id: i32,
) -> i32 {
    catalogue
        .permit_type(permit_type_id)
        .and_then(|(_, p)| p.requirements.iter().find(|r| r.id == requirement_id))
        .map_or(eptsp_core::catalogue::PHOTO_MAX_PX, |r| r.photo_max_px)
}
