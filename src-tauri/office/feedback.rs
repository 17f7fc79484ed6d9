//! The IKM survey, its report, and complaints (Pengaduan).

use crate::backend::{Backend, CmdResult};
use crate::error::CommandError;
use crate::store::StoreError;
use eptsp_core::api::FieldError;
use eptsp_core::endpoint::NoQuery;
use eptsp_core::endpoints as e;

use super::*;

impl Backend {
    pub async fn survey_form(&self, resi: &str) -> CmdResult<SurveyView> {
        let resi = eptsp_core::resi::Resi::parse(resi).map_err(|e| {
            CommandError::fields(vec![FieldError::custom(
                "resi",
                "resi_invalid",
                &e.to_string(),
            )])
        })?;
        let token = self.token().await?;
        let form = self
            .authed(
                self.api
                    .get::<e::SurveyFormOf>(Some(&token), resi.to_string(), &NoQuery {})
                    .await,
            )
            .await?;
        Ok(SurveyView {
            form,
            ikm: eptsp_core::ikm::IKM_QUESTIONS.to_vec(),
            ipk: eptsp_core::ikm::IPK_QUESTIONS.to_vec(),
        })
    }

    pub async fn survey_submit(
        &self,
        application_id: &str,
        req: eptsp_core::ikm::SurveyRequest,
    ) -> CmdResult<String> {
        req.check()
            .map_err(|e: FieldError| CommandError::fields(vec![e]))?;
        let token = self.token().await?;
        Ok(self
            .authed(
                self.api
                    .send::<e::SurveySubmit>(Some(&token), application_id.to_owned(), &req)
                    .await,
            )
            .await?
            .message)
    }

    pub async fn ikm_report(
        &self,
        from: &str,
        to: &str,
        permit_type_id: &str,
    ) -> CmdResult<eptsp_core::ikm::IkmReport> {
        let token = self.token().await?;
        self.authed(
            self.api
                .get::<e::IkmReportOf>(
                    Some(&token),
                    (),
                    &eptsp_core::ikm::ReportQuery {
                        from: Some(from.to_owned()),
                        to: Some(to.to_owned()),
                        permit_type_id: Some(permit_type_id.to_owned()),
                    },
                )
                .await,
        )
        .await
    }

    /// Writes the report as CSV and as PDF under `<data>/cetak/`; returns both paths.
    pub async fn ikm_export(
        &self,
        from: &str,
        to: &str,
        permit_type_id: &str,
    ) -> CmdResult<Vec<String>> {
        let r = self.ikm_report(from, to, permit_type_id).await?;
        let dir = self.print_dir()?;
        let base = format!("Laporan-IKM-{}-{}", r.from, r.to);
        let csv = dir.join(format!("{base}.csv"));
        std::fs::write(&csv, eptsp_core::ikm::report_csv(&r)).map_err(StoreError::from)?;
        let report = r.clone();
        let pdf = tokio::task::spawn_blocking(move || crate::print::ikm_pdf(&report))
            .await
            .map_err(|e| CommandError::new("internal", e.to_string()))?
            .map_err(|e| {
                CommandError::new("print_failed", format!("Laporan tidak dapat dibuat: {e}"))
            })?;
        let pdf_path = dir.join(format!("{base}.pdf"));
        std::fs::write(&pdf_path, pdf).map_err(StoreError::from)?;
        Ok(vec![
            csv.display().to_string(),
            pdf_path.display().to_string(),
        ])
    }

    // ---- Pengaduan ----

    pub async fn complaints(
        &self,
        status: &str,
    ) -> CmdResult<Vec<eptsp_core::complaint::Complaint>> {
        let token = self.token().await?;
        self.authed(
            self.api
                .get::<e::Complaints>(
                    Some(&token),
                    (),
                    &eptsp_core::complaint::ComplaintListQuery {
                        status: Some(status.to_owned()),
                    },
                )
                .await,
        )
        .await
    }

    pub async fn complaint_create(
        &self,
        application_id: Option<String>,
        kategori: eptsp_core::complaint::Kategori,
        isi: &str,
    ) -> CmdResult<eptsp_core::complaint::Complaint> {
        let req = eptsp_core::complaint::ComplaintRequest {
            id: uuid::Uuid::new_v4().to_string(),
            application_id: application_id.filter(|s| !s.is_empty()),
            kategori,
            isi: isi.trim().to_owned(),
        };
        req.check()
            .map_err(|e: FieldError| CommandError::fields(vec![e]))?;
        let token = self.token().await?;
        self.authed(
            self.api
                .send::<e::ComplaintCreate>(Some(&token), (), &req)
                .await,
        )
        .await
    }

    pub async fn complaint_reply(
        &self,
        id: &str,
        balasan: &str,
        status: eptsp_core::complaint::ComplaintStatus,
    ) -> CmdResult<eptsp_core::complaint::Complaint> {
        let token = self.token().await?;
        self.authed(
            self.api
                .send::<e::ComplaintReply>(
                    Some(&token),
                    id.to_owned(),
                    &eptsp_core::complaint::ReplyRequest {
                        balasan: balasan.to_owned(),
                        status,
                    },
                )
                .await,
        )
        .await
    }

    // ---- Admin: reports ----
}
