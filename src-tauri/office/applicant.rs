//! The applicant's side of the loop: revisions asked for, the office's view of an application, the inbox and Izin Saya.

use crate::backend::{Backend, CmdResult};
use crate::error::CommandError;
use crate::store::drafts::DraftView;
use crate::store::office::{self, LocalPermit};
use crate::store::{self, StoreError};
use eptsp_core::catalogue::ApplicationKind;
use eptsp_core::dossier::{Attachment, DraftData};
use eptsp_core::endpoint::NoBody;
use eptsp_core::endpoints as e;
use eptsp_core::lifecycle::Status;
use std::collections::HashMap;

impl Backend {
    /// Applications the office returned for revision, with the verifier's notes.
    pub async fn revisions(&self) -> CmdResult<Vec<eptsp_core::office::ApplicationView>> {
        let mut out = Vec::new();
        for a in store::outbox::applications(&self.store()?).await? {
            if a.status == Status::PerluPerbaikan
                && let Some(v) = office::detail(&self.store()?, &a.id).await?
            {
                out.push(v);
            }
        }
        Ok(out)
    }

    /// Opens the revision form for application `id`, prefilled with what the office has,
    /// each attachment taken from File Saya by its content.
    pub async fn revision_start(&self, id: &str) -> CmdResult<DraftView> {
        let v = office::detail(&self.store()?, id)
            .await?
            .ok_or_else(|| CommandError::new("not_found", "Permohonan tidak ditemukan"))?;
        if v.status != Status::PerluPerbaikan {
            return Err(CommandError::new(
                "not_in_revision",
                format!(
                    "Permohonan ini berstatus {} dan tidak sedang diminta perbaikan",
                    v.status.label()
                ),
            ));
        }
        let mut by_sha: HashMap<String, String> = HashMap::new();
        let rows = store::files::sha_ids_newest(&self.store()?).await?;
        for (sha, fid) in rows {
            by_sha.entry(sha).or_insert(fid);
        }
        // A photo sent downscaled is found again as the entry it was made from.
        for (sha, fid) in store::files::variant_sha_ids(&self.store()?).await? {
            by_sha.entry(sha).or_insert(fid);
        }
        let mut data: DraftData = v.data.clone();
        data.attachments = v
            .files
            .iter()
            .filter_map(|f| {
                by_sha.get(&f.sha256).map(|fid| Attachment {
                    requirement_id: f.requirement_id,
                    file_id: fid.clone(),
                })
            })
            .collect();
        data.pernyataan = false;
        let d = store::drafts::create_revision(&self.store()?, &data, id, v.version).await?;
        store::drafts::set_current(&self.store()?, Some(&d.id)).await?;
        Ok(d)
    }

    /// The application as the office last described it (offline).
    pub async fn application_detail(
        &self,
        id: &str,
    ) -> CmdResult<Option<eptsp_core::office::ApplicationView>> {
        Ok(office::detail(&self.store()?, id).await?)
    }

    // ---- Inbox ----

    pub async fn inbox(&self, query: &str, page: i64) -> CmdResult<store::inbox::InboxList> {
        Ok(store::inbox::list(&self.store()?, query, page).await?)
    }

    /// Opens a message: read here at once, the server told now or on the next sync.
    pub async fn inbox_open(&self, id: i64) -> CmdResult<eptsp_core::office::InboxMessage> {
        let m = store::inbox::mark_read(&self.store()?, id)
            .await?
            .ok_or_else(|| CommandError::new("not_found", "Pesan tidak ditemukan"))?;
        if self.is_online()
            && let Ok(token) = self.token().await
            && self
                .api
                .send::<e::InboxRead>(Some(&token), id, &NoBody {})
                .await
                .is_ok()
        {
            store::inbox::read_sent(&self.store()?, id).await?;
        }
        Ok(m)
    }

    // ---- Survey IKM ----

    pub async fn permits(&self) -> CmdResult<Vec<LocalPermit>> {
        Ok(office::permits(&self.store()?, self.clock.today_wita()).await?)
    }

    /// Perpanjangan: a new draft for the same permit type, prefilled from the permit's
    /// application.
    pub async fn permit_renew(&self, application_id: &str) -> CmdResult<DraftView> {
        let json = store::applications::data_json(&self.store()?, application_id).await?;
        let json = json.ok_or_else(|| CommandError::new("not_found", "Izin tidak ditemukan"))?;
        let mut data: DraftData = serde_json::from_str(&json).map_err(StoreError::from)?;
        data.kind = Some(ApplicationKind::Perpanjangan);
        data.renews = Some(application_id.to_owned());
        data.attachments.clear();
        data.pernyataan = false;
        let d = store::drafts::create(&self.store()?, &data).await?;
        store::drafts::set_current(&self.store()?, Some(&d.id)).await?;
        Ok(d)
    }

    /// Cetak Izin: the permit PDF made here from the signed permit (works offline).
    pub async fn print_izin(&self, application_id: &str) -> CmdResult<String> {
        let p = office::permits(&self.store()?, self.clock.today_wita())
            .await?
            .into_iter()
            .find(|p| p.izin.content.application_id == application_id)
            .ok_or_else(|| CommandError::new("not_found", "Izin tidak ditemukan"))?;
        let izin = p.izin.clone();
        // The site's map from the offline tiles: the outline of an area permit, or the point.
        let site = eptsp_core::dossier::Lokasi {
            lintang: izin.content.lintang.clone(),
            bujur: izin.content.bujur.clone(),
            poligon: eptsp_core::izin::outline_points(&izin.content.poligon),
            ..Default::default()
        };
        let map = self
            .map_preview_png(&site, 900, 500)
            .await
            .ok()
            .flatten()
            .map(|(png, _, _)| png);
        let pdf =
            tokio::task::spawn_blocking(move || crate::print::izin_pdf(&izin, map.as_deref()))
                .await
                .map_err(|e| CommandError::new("internal", e.to_string()))?
                .map_err(|e| {
                    CommandError::new("print_failed", format!("Izin tidak dapat dibuat: {e}"))
                })?;
        let dir = self.print_dir()?;
        let safe: String = p
            .izin
            .content
            .nomor
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = dir.join(format!("Izin-{safe}.pdf"));
        std::fs::write(&path, pdf).map_err(StoreError::from)?;
        Ok(path.display().to_string())
    }
}
