//! What the desktop does in the back office (verifier, signer) and in the applicant's
//! revision loop and permits. Claimed dossiers and their files are downloaded, so review
//! continues offline; decisions wait in an outbox and reach the server exactly once.

use eptsp_core::catalogue::Saved;
use eptsp_core::endpoint::{NoBody, NoQuery};
use eptsp_core::endpoints as e;

use crate::client::ClientError;
use std::collections::HashMap;

use eptsp_core::api::FieldError;
use eptsp_core::catalogue::ApplicationKind;
use eptsp_core::dossier::{Attachment, DraftData};
use eptsp_core::izin::{self, SignedIzin};
use eptsp_core::lifecycle::{Action, Status};
use eptsp_core::office::{DecisionRequest, Dossier, QueueItem, QueueQuery, ReviewItem};
use serde::Serialize;
use sha2::Digest;
use ts_rs::TS;

use crate::backend::{Backend, CmdResult};
use crate::error::CommandError;
use crate::store::drafts::DraftView;
use crate::store::office::{self, LocalPermit, ReviewCase};
use crate::store::{self, StoreError};

/// The office's public key, shipped with the app: permits are verified offline with it.
pub const OFFICE_PUBLIC_KEY_HEX: &str = include_str!("../keys/office-signing-key.pub.hex");

pub fn office_public_key() -> [u8; 32] {
    let hex = OFFICE_PUBLIC_KEY_HEX.trim();
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("the shipped key is hex");
    }
    out
}

/// The result of checking a permit on this computer, with no network.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OfflineVerification {
    pub valid: bool,
    pub message: String,
    pub izin: Option<SignedIzin>,
}

/// Checks the text of a permit's QR code with the office's public key.
pub fn verify_qr_text(text: &str) -> OfflineVerification {
    match izin::parse_qr(text) {
        Err(e) => OfflineVerification {
            valid: false,
            message: e.to_string(),
            izin: None,
        },
        Ok(i) => match izin::verify(&i, &office_public_key()) {
            Ok(()) => OfflineVerification {
                valid: true,
                message: "Tanda tangan elektronik SAH: izin ini diterbitkan DPMPTSP Provinsi Kalimantan Timur dan isinya tidak berubah.".to_owned(),
                izin: Some(i),
            },
            Err(e) => OfflineVerification {
                valid: false,
                message: e.to_string(),
                izin: Some(i),
            },
        },
    }
}

/// The survey form with its two questionnaires.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SurveyView {
    pub form: eptsp_core::ikm::SurveyForm,
    pub ikm: Vec<eptsp_core::ikm::Question>,
    pub ipk: Vec<eptsp_core::ikm::Question>,
}

fn sha_hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Backend {
    // ---- Verifier ----

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

    async fn download_case(&self, token: &str, d: &Dossier) -> CmdResult<()> {
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
    async fn forget_case(&self, id: &str) -> CmdResult<()> {
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
        req.check()
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

    /// Applications the office returned for revision, with the verifier's notes.
    pub async fn revisions(&self) -> CmdResult<Vec<eptsp_core::office::ApplicationView>> {
        let mut out = Vec::new();
        for a in store::outbox::applications(&self.store()?).await? {
            if a.status == Status::PerluPerbaikan.as_str()
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
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT sha256, id FROM files ORDER BY created_at DESC")
                .fetch_all(&self.store()?.pool)
                .await
                .map_err(StoreError::from)?;
        for (sha, fid) in rows {
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

    pub async fn admin_volume(
        &self,
        from: &str,
        to: &str,
    ) -> CmdResult<Vec<eptsp_core::office::VolumeRow>> {
        let token = self.token().await?;
        self.authed(
            self.api
                .get::<e::Volume>(
                    Some(&token),
                    (),
                    &eptsp_core::office::PeriodQuery {
                        from: Some(from.to_owned()),
                        to: Some(to.to_owned()),
                    },
                )
                .await,
        )
        .await
    }

    // ---- Admin: catalogue ----

    /// An admin's catalogue edit, answered: the new version comes down at once (the ETag
    /// has changed).
    async fn catalogue_saved(&self, answer: Result<Saved, ClientError>) -> CmdResult<Saved> {
        let saved = self.authed(answer).await?;
        self.catalogue().await?;
        Ok(saved)
    }

    /// Saves a requirement: a new one for `permit_type` (id none), or a new version of
    /// requirement `id`.
    pub async fn admin_requirement_save(
        &self,
        permit_type: &str,
        id: Option<i32>,
        edit: eptsp_core::catalogue::RequirementEdit,
    ) -> CmdResult<Saved> {
        let token = Some(self.token().await?);
        let token = token.as_deref();
        let answer = match id {
            Some(id) => self.api.send::<e::EditRequirement>(token, id, &edit).await,
            None => {
                self.api
                    .send::<e::AddRequirement>(token, permit_type.to_owned(), &edit)
                    .await
            }
        };
        self.catalogue_saved(answer).await
    }

    pub async fn admin_requirement_retire(&self, id: i32) -> CmdResult<Saved> {
        let token = self.token().await?;
        let answer = self
            .api
            .get::<e::RetireRequirement>(Some(&token), id, &NoQuery {})
            .await;
        self.catalogue_saved(answer).await
    }

    pub async fn admin_agency_save(
        &self,
        id: &str,
        edit: eptsp_core::catalogue::AgencyEdit,
    ) -> CmdResult<Saved> {
        let token = self.token().await?;
        let answer = self
            .api
            .send::<e::PutAgency>(Some(&token), id.to_owned(), &edit)
            .await;
        self.catalogue_saved(answer).await
    }

    pub async fn admin_permit_type_save(
        &self,
        id: &str,
        edit: eptsp_core::catalogue::PermitTypeEdit,
    ) -> CmdResult<Saved> {
        let token = self.token().await?;
        let answer = self
            .api
            .send::<e::PutPermitType>(Some(&token), id.to_owned(), &edit)
            .await;
        self.catalogue_saved(answer).await
    }

    // ---- Admin: users ----

    pub async fn admin_users(&self, q: &str) -> CmdResult<Vec<eptsp_core::office::UserSummary>> {
        let token = self.token().await?;
        self.authed(
            self.api
                .get::<e::Users>(
                    Some(&token),
                    (),
                    &eptsp_core::office::UserQuery {
                        q: Some(q.to_owned()),
                    },
                )
                .await,
        )
        .await
    }

    pub async fn admin_block(
        &self,
        id: &str,
        reason: &str,
    ) -> CmdResult<eptsp_core::office::UserSummary> {
        if reason.trim().is_empty() {
            return Err(CommandError::fields(vec![FieldError::custom(
                "reason",
                "required",
                "Alasan pemblokiran wajib diisi",
            )]));
        }
        let token = self.token().await?;
        self.authed(
            self.api
                .send::<e::Block>(
                    Some(&token),
                    id.to_owned(),
                    &eptsp_core::office::BlockRequest {
                        reason: reason.trim().to_owned(),
                    },
                )
                .await,
        )
        .await
    }

    pub async fn admin_unblock(&self, id: &str) -> CmdResult<eptsp_core::office::UserSummary> {
        let token = self.token().await?;
        self.authed(
            self.api
                .send::<e::Unblock>(Some(&token), id.to_owned(), &NoBody {})
                .await,
        )
        .await
    }

    pub async fn admin_set_role(
        &self,
        id: &str,
        role: eptsp_core::Role,
    ) -> CmdResult<eptsp_core::office::UserSummary> {
        let token = self.token().await?;
        self.authed(
            self.api
                .send::<e::SetRole>(
                    Some(&token),
                    id.to_owned(),
                    &eptsp_core::office::RoleRequest { role },
                )
                .await,
        )
        .await
    }

    // ---- Applicant: Izin Saya ----

    pub async fn permits(&self) -> CmdResult<Vec<LocalPermit>> {
        Ok(office::permits(&self.store()?).await?)
    }

    /// Perpanjangan: a new draft for the same permit type, prefilled from the permit's
    /// application.
    pub async fn permit_renew(&self, application_id: &str) -> CmdResult<DraftView> {
        let json: Option<String> =
            sqlx::query_scalar("SELECT data_json FROM applications WHERE id = ?")
                .bind(application_id)
                .fetch_optional(&self.store()?.pool)
                .await
                .map_err(StoreError::from)?;
        let json = json.ok_or_else(|| CommandError::new("not_found", "Izin tidak ditemukan"))?;
        let mut data: DraftData = serde_json::from_str(&json).map_err(StoreError::from)?;
        data.kind = Some(ApplicationKind::Perpanjangan);
        data.attachments.clear();
        data.pernyataan = false;
        let d = store::drafts::create(&self.store()?, &data).await?;
        store::drafts::set_current(&self.store()?, Some(&d.id)).await?;
        Ok(d)
    }

    /// Cetak Izin: the permit PDF made here from the signed permit (works offline).
    pub async fn print_izin(&self, application_id: &str) -> CmdResult<String> {
        let p = office::permits(&self.store()?)
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
