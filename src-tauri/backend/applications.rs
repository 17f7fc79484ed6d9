//! The applicant's applications: the outbox, tracking, printing the resi and public tracking by resi.

use crate::error::CommandError;
use crate::store;
use eptsp_core::api::FieldError;
use eptsp_core::dossier::DraftData;
use eptsp_core::endpoint::NoQuery;
use eptsp_core::endpoints as e;
use std::path::Path;

use super::{Backend, CmdResult};

impl Backend {
    pub async fn outbox(&self) -> CmdResult<Vec<store::outbox::OutboxItem>> {
        Ok(store::outbox::all(&self.store()?).await?)
    }

    /// The tracking log of one application, as last pulled (readable offline).
    pub async fn application_tracking(
        &self,
        id: &str,
    ) -> CmdResult<Vec<store::outbox::TrackingRow>> {
        Ok(store::outbox::tracking(&self.store()?, id).await?)
    }

    pub async fn applications(&self) -> CmdResult<Vec<store::outbox::LocalApplication>> {
        Ok(store::outbox::applications(&self.store()?).await?)
    }

    /// One page of Permohonan Saya: the applications whose resi or permit type matches
    /// `query`, newest first.
    pub async fn applications_page(
        &self,
        query: &str,
        page: i64,
    ) -> CmdResult<store::applications::ApplicationPage> {
        let catalogue = store::catalogue::load(&self.device).await?;
        let search = store::applications::ApplicationSearch::new(
            query,
            catalogue.as_ref().map(|c| &c.catalogue),
        );
        Ok(store::applications::applications_page(&self.store()?, &search, page).await?)
    }

    /// Cetak Resi straight to the system's default printer; returns the message for the
    /// user (with the print job's id).
    pub async fn print_resi_to_printer(&self, application_id: &str) -> CmdResult<String> {
        let path = self.print_resi(application_id).await?;
        let resi = store::applications::resi(&self.store()?, application_id).await?;
        let title = format!("Resi {resi}");
        let choice = self.printer().await?;
        let job = tokio::task::spawn_blocking(move || {
            crate::print::send_to_printer(Path::new(&path), &title, &choice)
        })
        .await
        .map_err(|e| CommandError::new("internal", e.to_string()))?
        .map_err(|e| CommandError::new("printer", e.to_string()))?;
        Ok(if job.is_empty() {
            "Resi dikirim ke printer.".to_owned()
        } else {
            format!("Resi dikirim ke printer (pekerjaan cetak {job}).")
        })
    }

    /// Cetak Resi: makes the PDF from what is stored here (works offline) and returns its
    /// path under `<data>/cetak/`.
    pub async fn print_resi(&self, application_id: &str) -> CmdResult<String> {
        let row = store::applications::for_resi(&self.store()?, application_id).await?;
        let store::applications::ResiRow {
            resi,
            permit_type_id,
            kind,
            submitted_at,
            data_json,
        } = row.ok_or_else(|| CommandError::new("not_found", "Permohonan tidak ditemukan"))?;
        let data: DraftData = serde_json::from_str(&data_json).map_err(store::StoreError::from)?;
        let profile = store::session::load(&self.store()?)
            .await?
            .ok_or_else(CommandError::not_logged_in)?
            .profile;
        let catalogue = store::catalogue::load(&self.device)
            .await?
            .map(|c| c.catalogue);
        let (instansi, izin, reqs) = match catalogue
            .as_ref()
            .and_then(|c| c.permit_type(&permit_type_id))
        {
            Some((a, p)) => (a.name.clone(), p.name.clone(), p.requirements.clone()),
            None => (String::new(), permit_type_id.clone(), Vec::new()),
        };
        let region = |code: &str| {
            let code = code.to_owned();
            let device = self.device.clone();
            async move {
                store::regions::name(&device, &code)
                    .await
                    .ok()
                    .flatten()
                    .unwrap_or(code)
            }
        };
        let l = &data.lokasi;
        let mut lokasi = l.jalan.clone();
        if !l.nomor.is_empty() {
            lokasi.push_str(&format!(" No. {}", l.nomor));
        }
        if !l.rt.is_empty() || !l.rw.is_empty() {
            lokasi.push_str(&format!(" RT {}/RW {}", l.rt, l.rw));
        }
        lokasi.push_str(&format!(
            ", {}, {}, {} — Koordinat {}, {}",
            region(&l.kelurahan).await,
            region(&l.kecamatan).await,
            region(&l.kabupaten).await,
            l.lintang,
            l.bujur
        ));
        let mut dokumen = Vec::new();
        for a in &data.attachments {
            let req = reqs
                .iter()
                .find(|r| r.id == a.requirement_id)
                .map(|r| r.name.clone())
                .unwrap_or_default();
            let file = store::files::original_name(&self.store()?, &a.file_id).await?;
            dokumen.push(format!(
                "{req} — {}",
                file.unwrap_or_else(|| "(file)".to_owned())
            ));
        }
        let info = crate::print::ResiInfo {
            resi: resi.clone(),
            tanggal: crate::print::tanggal_wita(&submitted_at),
            nama: profile.nama,
            nik: profile.nik,
            jenis_izin: izin,
            instansi,
            jenis_permohonan: eptsp_core::catalogue::ApplicationKind::parse(&kind)
                .map(|k| k.label().to_owned())
                .unwrap_or(kind),
            lokasi,
            dokumen,
        };
        let pdf = tokio::task::spawn_blocking(move || crate::print::resi_pdf(&info))
            .await
            .map_err(|e| CommandError::new("internal", e.to_string()))?
            .map_err(|e| {
                CommandError::new("print_failed", format!("Resi tidak dapat dibuat: {e}"))
            })?;
        let dir = self.print_dir()?;
        let path = dir.join(format!("Resi-{resi}.pdf"));
        std::fs::write(&path, pdf).map_err(store::StoreError::from)?;
        Ok(path.display().to_string())
    }

    /// "Unduh Panduan": the Bantuan guide as a PDF under `<data>/panduan/` (no login needed,
    /// offline too); returns its path.
    pub async fn print_guide(&self) -> CmdResult<String> {
        let pdf = tokio::task::spawn_blocking(crate::print::guide_pdf)
            .await
            .map_err(|e| CommandError::new("internal", e.to_string()))?
            .map_err(|e| {
                CommandError::new("print_failed", format!("Panduan tidak dapat dibuat: {e}"))
            })?;
        let dir = self.data_dir().join("panduan");
        std::fs::create_dir_all(&dir).map_err(store::StoreError::from)?;
        let path = dir.join("Panduan-E-PTSP.pdf");
        std::fs::write(&path, pdf).map_err(store::StoreError::from)?;
        Ok(path.display().to_string())
    }

    /// Monitoring Izin by resi (no login). A typo is caught here, offline too.
    pub async fn monitoring(
        &self,
        resi: &str,
    ) -> CmdResult<eptsp_core::submission::MonitoringView> {
        let resi = eptsp_core::resi::Resi::parse(resi).map_err(|e| {
            CommandError::fields(vec![FieldError::custom(
                "resi",
                "resi_invalid",
                &e.to_string(),
            )])
        })?;
        self.seen(
            self.api
                .get::<e::Monitoring>(None, resi.to_string(), &NoQuery {})
                .await,
        )
    }
}
