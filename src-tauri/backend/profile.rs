//! The profile, and the reference data every screen reads (regions, the catalogue), fresh when online and cached for offline use.

use crate::client::ClientError;
use crate::error::CommandError;
use crate::store;
use eptsp_core::api::{
    ChangePasswordRequest, EmailCodeRequest, FieldError, MessageResponse, Region,
    UpdateProfileRequest, check_new_password,
};
use eptsp_core::endpoint::NoQuery;
use eptsp_core::endpoints as e;
use eptsp_core::validate;

use super::{Backend, CatalogueView, CmdResult, ProfileView, required};

impl Backend {
    /// The profile from the server when reachable, else the copy saved at the last sync.
    pub async fn profile(&self) -> CmdResult<ProfileView> {
        let s = store::session::load(&self.store()?)
            .await?
            .ok_or_else(CommandError::not_logged_in)?;
        match self.api.get::<e::Me>(Some(&s.token), (), &NoQuery {}).await {
            Ok(p) => {
                self.set_online(true);
                store::session::save_profile(&self.store()?, &p).await?;
                let s = store::session::load(&self.store()?)
                    .await?
                    .ok_or_else(CommandError::not_logged_in)?;
                Ok(ProfileView {
                    profile: p,
                    from_cache: false,
                    synced_at: s.synced_at,
                })
            }
            Err(ClientError::Offline(_)) => {
                self.set_online(false);
                Ok(ProfileView {
                    profile: s.profile,
                    from_cache: true,
                    synced_at: s.synced_at,
                })
            }
            Err(e) => self.authed(Err(e)).await,
        }
    }

    pub async fn update_profile(&self, req: UpdateProfileRequest) -> CmdResult<ProfileView> {
        let s = store::session::load(&self.store()?)
            .await?
            .ok_or_else(CommandError::not_logged_in)?;
        req.validate(&s.profile.nik).map_err(CommandError::fields)?;
        let p = self
            .authed(self.api.send::<e::UpdateMe>(Some(&s.token), (), &req).await)
            .await?;
        store::session::save_profile(&self.store()?, &p).await?;
        store::forms::clear(&self.store()?, "profile").await?;
        Ok(ProfileView {
            profile: p,
            from_cache: false,
            synced_at: store::now(),
        })
    }

    pub async fn profile_email_code(&self, req: EmailCodeRequest) -> CmdResult<MessageResponse> {
        validate::email(&req.email)
            .map_err(|e| CommandError::fields(vec![FieldError::new("email", e)]))?;
        let token = self.token().await?;
        self.authed(
            self.api
                .send::<e::ChangeEmailCode>(Some(&token), (), &req)
                .await,
        )
        .await
    }

    pub async fn change_password(&self, req: ChangePasswordRequest) -> CmdResult<MessageResponse> {
        let mut errors: Vec<FieldError> = required("old_password", &req.old_password)
            .into_iter()
            .collect();
        if let Err(e) = check_new_password(&req.new_password, &req.new_password_confirm) {
            errors.extend(e);
        }
        if !errors.is_empty() {
            return Err(CommandError::fields(errors));
        }
        let token = self.token().await?;
        let a = self.account()?;
        let r = self
            .authed(
                self.api
                    .send::<e::ChangePassword>(Some(&token), (), &req)
                    .await,
            )
            .await?;
        // The data key here is wrapped with the new password at once.
        store::accounts::set_keys(
            &self.device,
            &a.dir,
            &a.key().wrap_with_password(&req.new_password),
            None,
            None,
        )
        .await?;
        Ok(r)
    }

    /// Children of `parent` (provinces for `None`): fresh from the server when online and
    /// cached; from the cache when offline.
    pub async fn regions(&self, parent: Option<String>) -> CmdResult<Vec<Region>> {
        let parent = parent.filter(|p| !p.is_empty());
        if let Some(list) = store::regions::cached(&self.device, parent.as_deref()).await? {
            return Ok(list);
        }
        let list = self.seen(match parent.as_deref() {
            None => self.api.get::<e::Provinces>(None, (), &NoQuery {}).await,
            Some(code) => {
                self.api
                    .get::<e::RegionChildren>(None, code.to_owned(), &NoQuery {})
                    .await
            }
        })?;
        store::regions::save(&self.device, parent.as_deref(), &list).await?;
        Ok(list)
    }

    /// The catalogue: refreshed from the server when it is reachable (only downloaded when
    /// it changed), else the copy kept here.
    pub async fn catalogue(&self) -> CmdResult<CatalogueView> {
        let cached = store::catalogue::load(&self.device).await?;
        match self
            .api
            .catalogue(cached.as_ref().map(|c| c.catalogue.version))
            .await
        {
            Ok(Some(fresh)) => {
                self.set_online(true);
                store::catalogue::save(&self.device, &fresh).await?;
            }
            Ok(None) => {
                self.set_online(true);
                store::catalogue::touch(&self.device).await?;
            }
            Err(ClientError::Offline(_)) => {
                self.set_online(false);
                return cached
                    .map(|c| CatalogueView {
                        catalogue: c.catalogue,
                        from_cache: true,
                        fetched_at: c.fetched_at,
                    })
                    .ok_or_else(CommandError::offline);
            }
            Err(e) => return Err(e.into()),
        }
        let c = store::catalogue::load(&self.device)
            .await?
            .ok_or_else(|| CommandError::new("store", "Katalog tidak tersimpan"))?;
        Ok(CatalogueView {
            catalogue: c.catalogue,
            from_cache: false,
            fetched_at: c.fetched_at,
        })
    }
}
