//! The portal's public part on the desktop: the announcements and links, fetched when the
//! server answers and kept on this computer (the shared store, so the login screen shows
//! them before anyone signs in, offline too); the administrator's publishing; and the
//! satisfaction survey without login (by resi and NIK).

use eptsp_core::api::FieldError;
use eptsp_core::endpoint::{NoBody, NoQuery};
use eptsp_core::endpoints as e;
use eptsp_core::portal::{
    Announcement, AnnouncementEdit, Portal, PortalLinks, PublicSurveyKey, PublicSurveyRequest,
};
use serde::Serialize;
use ts_rs::TS;

use super::SurveyView;
use crate::backend::{Backend, CmdResult};
use crate::error::CommandError;
use crate::store;

/// Where the device keeps the portal.
const KEPT: &str = "portal";

/// The portal as the desktop shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PortalView {
    pub portal: Portal,
    /// Shown from what this computer kept (the server did not answer).
    pub from_cache: bool,
    /// When it was last fetched (RFC 3339); none: never.
    pub fetched_at: Option<String>,
}

impl Backend {
    /// The portal: fetched now when the server answers and kept; otherwise what was kept
    /// (nothing yet: empty). Announcements past their last day are not shown offline either.
    pub async fn portal(&self) -> CmdResult<PortalView> {
        let fetched = self.api.get::<e::PortalOf>(None, (), &NoQuery {}).await;
        let mut k = self.fetched_or_kept::<Portal>(KEPT, fetched).await?;
        if k.from_cache {
            let today = eptsp_core::calendar::format_date(self.clock.today_wita());
            k.value.announcements.retain(|a| a.shown_on(&today));
        }
        Ok(PortalView {
            portal: k.value,
            from_cache: k.from_cache,
            fetched_at: k.fetched_at,
        })
    }

    /// Whether `url` is one of the portal's links as this computer keeps them: only those
    /// are opened in the system's browser.
    pub async fn is_portal_link(&self, url: &str) -> CmdResult<bool> {
        let (kept, _) = store::settings::kept_json::<Portal>(&self.device, KEPT).await?;
        Ok(kept.links.iter().any(|l| l.url == url))
    }

    // ---- Admin ----

    /// Every announcement, past and future too.
    pub async fn announcements(&self) -> CmdResult<Vec<Announcement>> {
        let token = self.token().await?;
        self.authed(
            self.api
                .get::<e::Announcements>(Some(&token), (), &NoQuery {})
                .await,
        )
        .await
    }

    /// Publishes an announcement (no `id`) or changes one.
    pub async fn announcement_put(
        &self,
        id: Option<String>,
        edit: AnnouncementEdit,
    ) -> CmdResult<Announcement> {
        edit.check().map_err(CommandError::fields)?;
        let id = id
            .filter(|i| !i.is_empty())
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let token = self.token().await?;
        self.authed(
            self.api
                .send::<e::PutAnnouncement>(Some(&token), id, &edit)
                .await,
        )
        .await
    }

    /// Withdraws an announcement.
    pub async fn announcement_delete(&self, id: &str) -> CmdResult<String> {
        let token = self.token().await?;
        Ok(self
            .authed(
                self.api
                    .send::<e::DeleteAnnouncement>(Some(&token), id.to_owned(), &NoBody {})
                    .await,
            )
            .await?
            .message)
    }

    /// Sets the portal's links; the portal as it now stands is kept.
    pub async fn portal_links_set(&self, links: PortalLinks) -> CmdResult<Portal> {
        links.check().map_err(CommandError::fields)?;
        let token = self.token().await?;
        let p = self
            .authed(
                self.api
                    .send::<e::PutPortalLinks>(Some(&token), (), &links)
                    .await,
            )
            .await?;
        store::settings::keep_json(&self.device, KEPT, &p).await?;
        Ok(p)
    }

    // ---- The survey without login ----

    fn checked_key(key: &PublicSurveyKey) -> CmdResult<PublicSurveyKey> {
        let mut errors = Vec::new();
        let resi = eptsp_core::resi::Resi::parse(&key.resi);
        if let Err(e) = &resi {
            errors.push(FieldError::custom("resi", "resi_invalid", &e.to_string()));
        }
        if let Err(why) = eptsp_core::validate::nik(&key.nik) {
            errors.push(FieldError::new("nik", why));
        }
        match resi {
            Ok(r) if errors.is_empty() => Ok(PublicSurveyKey {
                resi: r.to_string(),
                nik: key.nik.trim().to_owned(),
            }),
            _ => Err(CommandError::fields(errors)),
        }
    }

    /// The survey form of a finished application, by its resi and the applicant's NIK.
    pub async fn survey_public_form(&self, key: PublicSurveyKey) -> CmdResult<SurveyView> {
        let key = Self::checked_key(&key)?;
        let form = self.seen(self.api.send::<e::PublicSurveyForm>(None, (), &key).await)?;
        Ok(SurveyView {
            form,
            ikm: eptsp_core::ikm::IKM_QUESTIONS.to_vec(),
            ipk: eptsp_core::ikm::IPK_QUESTIONS.to_vec(),
        })
    }

    /// Sends the survey without login.
    pub async fn survey_public_submit(&self, req: PublicSurveyRequest) -> CmdResult<String> {
        let key = Self::checked_key(&req.key)?;
        req.survey
            .check()
            .map_err(|e: FieldError| CommandError::fields(vec![e]))?;
        Ok(self
            .seen(
                self.api
                    .send::<e::PublicSurveySubmit>(
                        None,
                        (),
                        &PublicSurveyRequest {
                            key,
                            survey: req.survey,
                        },
                    )
                    .await,
            )?
            .message)
    }
}
