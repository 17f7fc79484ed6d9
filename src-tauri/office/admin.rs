//! The admin's tools: the volume report, catalogue edits and accounts.

use crate::backend::{Backend, CmdResult};
use crate::client::ClientError;
use crate::error::CommandError;
use eptsp_core::api::FieldError;
use eptsp_core::catalogue::Saved;
use eptsp_core::endpoint::{NoBody, NoQuery};
use eptsp_core::endpoints as e;

impl Backend {
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
    pub(super) async fn catalogue_saved(
        &self,
        answer: Result<Saved, ClientError>,
    ) -> CmdResult<Saved> {
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
}
