//! Signing in (online, or offline against the account kept here), registering, the forgotten password and signing out: the account's session and data key.

use crate::account::Account;
use crate::client::ClientError;
use crate::crypto::{self, CryptoError, DataKey};
use crate::error::CommandError;
use crate::store;
use eptsp_core::api::{
    EmailCodeRequest, FieldError, ForgotPasswordRequest, LoginRequest, LoginResponse,
    MessageResponse, Profile, RegisterRequest, ResetPasswordRequest, check_new_password,
};
use eptsp_core::endpoint::{NoBody, NoQuery};
use eptsp_core::endpoints as e;
use eptsp_core::validate;
use std::sync::Arc;

use super::{Backend, CmdResult, LogoutView, SessionView, required};

impl Backend {
    pub(super) async fn flush_pending_logouts(&self) {
        let Ok(tokens) = store::session::pending_revokes(&self.device).await else {
            return;
        };
        for t in tokens {
            match self.api.send::<e::Logout>(Some(&t), (), &NoBody {}).await {
                // Revoked now, or already invalid on the server: either way done.
                Ok(_) | Err(ClientError::Api { .. }) => {
                    let _ = store::session::revoked(&self.device, &t).await;
                }
                Err(_) => return,
            }
        }
    }

    /// The data key of the account the server just signed in: unwrapped with the
    /// password, or (the password was changed or reset elsewhere) with the account's
    /// secret on the server and wrapped again with the new password; a new key at the
    /// account's first sign-in here.
    pub(super) async fn account_key(
        &self,
        row: &store::accounts::AccountRow,
        token: &str,
        profile: &Profile,
        password: &str,
    ) -> CmdResult<DataKey> {
        let logins = [
            store::accounts::login_hash(&self.device, &profile.nik).await?,
            store::accounts::login_hash(&self.device, &profile.email).await?,
        ];
        let logins = [logins[0].as_str(), logins[1].as_str()];
        let server_secret = || async {
            match self
                .api
                .send::<e::DesktopKeyOf>(
                    Some(token),
                    (),
                    &eptsp_core::api::DesktopKeyRequest {
                        password: password.to_owned(),
                    },
                )
                .await
            {
                Ok(k) => crypto::secret_from_hex(&k.key),
                Err(e) => {
                    tracing::warn!(error = %e, "the account's desktop secret not fetched");
                    None
                }
            }
        };
        let existing = match &row.key_by_password {
            None => None,
            Some(w) => match DataKey::unwrap_with_password(w, password) {
                Ok(k) => Some(k),
                Err(CryptoError::WrongKey) => {
                    let secret = server_secret().await;
                    let k = row
                        .key_by_server
                        .as_deref()
                        .zip(secret)
                        .and_then(|(w, s)| DataKey::unwrap_with_secret(w, &s).ok())
                        .ok_or_else(|| {
                            CommandError::new(
                                "store_locked",
                                "Data akun ini di komputer ini tidak dapat dibuka dengan password baru. Coba lagi saat terhubung ke server.",
                            )
                        })?;
                    tracing::info!("password changed elsewhere: the data key is wrapped again");
                    Some(k)
                }
                Err(CryptoError::Malformed) => {
                    return Err(CommandError::new(
                        "store_damaged",
                        "Kunci data akun ini di komputer ini rusak.",
                    ));
                }
            },
        };
        let key = existing.unwrap_or_else(DataKey::generate);
        let by_server = if row.key_by_server.is_none() || row.key_by_password.is_none() {
            server_secret().await.map(|s| key.wrap_with_secret(&s))
        } else {
            None
        };
        // Kept before any store is written with it: a crash after this loses nothing.
        store::accounts::set_keys(
            &self.device,
            &row.dir,
            &key.wrap_with_password(password),
            by_server.as_deref(),
            Some(logins),
        )
        .await?;
        Ok(key)
    }

    /// Opens the store of the account the server just signed in (registering it on this
    /// desktop at its first sign-in) and makes it the current one. No sync pass runs
    /// meanwhile, so nothing is sent under the wrong account.
    pub(super) async fn start_session(
        &self,
        r: LoginResponse,
        password: &str,
        stay: bool,
    ) -> CmdResult<SessionView> {
        let _one = self.sync_lock.lock().await;
        let server = self.api.base();
        let row = store::accounts::find_or_register(&self.device, &server, &r.profile.id).await?;
        let key = self
            .account_key(&row, &r.token, &r.profile, password)
            .await?;
        let a = match self.current() {
            Some(a) if a.dir == row.dir => a,
            _ => Arc::new(Account::open(&self.data_dir, row, key).await?),
        };
        store::session::save(&a.store, &r.token, &r.expires_at, &r.profile).await?;
        a.set_role(r.profile.role);
        a.role_checked();
        self.activate(a, stay).await
    }

    /// Makes `a` the signed-in account (and keeps or forgets its key for "Tetap masuk").
    pub(super) async fn activate(&self, a: Arc<Account>, stay: bool) -> CmdResult<SessionView> {
        let stay = stay && {
            match crate::account::keychain::keep(&a.dir, a.key()).await {
                Ok(()) => true,
                Err(e) => {
                    tracing::warn!(error = %e, "no credential store: not staying signed in");
                    false
                }
            }
        };
        if !stay {
            crate::account::keychain::forget(&a.dir).await;
        }
        store::accounts::set_stay_signed_in(&self.device, &a.dir, stay).await?;
        store::accounts::set_current(&self.device, Some(&a.dir)).await?;
        // What this account queued before it signed out goes now.
        store::outbox::wake(&a.store).await?;
        store::office::wake_decisions(&a.store).await?;
        let previous = self
            .account
            .write()
            .expect("account lock")
            .replace(a.clone());
        if let Some(p) = previous
            && p.dir != a.dir
        {
            tracing::info!(from = %p.dir, to = %a.dir, "account switched");
        }
        self.account_changed.send_modify(|n| *n += 1);
        self.want(crate::pass::Pulls::ALL);
        let s = store::session::load(&a.store)
            .await?
            .ok_or_else(CommandError::not_logged_in)?;
        Ok(SessionView {
            profile: Profile {
                role: a.role(),
                ..s.profile
            },
            synced_at: s.synced_at,
            expires_at: s.expires_at,
        })
    }

    /// Without the server: opens the store of the account this login belongs to if the
    /// password unwraps its key ("Password Salah" otherwise) and it was still signed in
    /// when the app closed. An account that signed out needs the server to sign in.
    pub(super) async fn unlock_offline(
        &self,
        req: &LoginRequest,
        stay: bool,
    ) -> CmdResult<SessionView> {
        let _one = self.sync_lock.lock().await;
        let hash = store::accounts::login_hash(&self.device, &req.login).await?;
        let Some(row) = store::accounts::by_login(&self.device, &hash).await? else {
            return Err(CommandError::offline());
        };
        let Some(wrapped) = row.key_by_password.clone() else {
            return Err(CommandError::offline());
        };
        let password = req.password.clone();
        let key =
            tokio::task::spawn_blocking(move || DataKey::unwrap_with_password(&wrapped, &password))
                .await
                .map_err(|e| CommandError::new("internal", e.to_string()))?
                .map_err(|_| CommandError {
                    field: Some("password".to_owned()),
                    ..CommandError::new(
                        "wrong_password",
                        eptsp_core::messages::LOGIN_WRONG_PASSWORD,
                    )
                })?;
        let a = match self.current() {
            Some(a) if a.dir == row.dir => a,
            _ => Arc::new(Account::open(&self.data_dir, row, key).await?),
        };
        if store::session::load(&a.store).await?.is_none() {
            return Err(CommandError::offline());
        }
        self.activate(a, stay).await
    }

    pub async fn login(&self, req: LoginRequest) -> CmdResult<SessionView> {
        self.login_with(req, false).await
    }

    /// Signs in with the server, or offline with the password that opens this desktop's
    /// store of the account; with `stay`, the app opens this account by itself next time.
    pub async fn login_with(&self, req: LoginRequest, stay: bool) -> CmdResult<SessionView> {
        let missing: Vec<FieldError> = [
            required("login", &req.login),
            required("password", &req.password),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !missing.is_empty() {
            return Err(CommandError::fields(missing));
        }
        let r = match self.api.send::<e::Login>(None, (), &req).await {
            Err(ClientError::Offline(_)) => {
                self.set_online(false);
                return self.unlock_offline(&req, stay).await;
            }
            r => self.seen(r)?,
        };
        store::forms::clear(&self.device, "login").await?;
        self.start_session(r, &req.password, stay).await
    }

    /// Checks the whole form locally first (works offline, same rules as the server).
    pub async fn register(&self, req: RegisterRequest) -> CmdResult<SessionView> {
        req.validate().map_err(|fields| CommandError {
            message: eptsp_core::messages::REGISTER_FAILED.to_owned(),
            ..CommandError::fields(fields)
        })?;
        let r = self.seen(self.api.send::<e::Register>(None, (), &req).await)?;
        store::forms::clear(&self.device, "register").await?;
        self.start_session(r, &req.password, false).await
    }

    pub async fn email_code(&self, req: EmailCodeRequest) -> CmdResult<MessageResponse> {
        validate::email(&req.email)
            .map_err(|e| CommandError::fields(vec![FieldError::new("email", e)]))?;
        self.seen(self.api.send::<e::EmailCode>(None, (), &req).await)
    }

    pub async fn forgot_password(&self, req: ForgotPasswordRequest) -> CmdResult<MessageResponse> {
        let missing: Vec<FieldError> = [
            required("identitas", &req.identitas),
            required("no_hp", &req.no_hp),
            required("email", &req.email),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !missing.is_empty() {
            return Err(CommandError::fields(missing));
        }
        self.seen(self.api.send::<e::ForgotPassword>(None, (), &req).await)
    }

    pub async fn reset_password(&self, req: ResetPasswordRequest) -> CmdResult<MessageResponse> {
        let mut errors: Vec<FieldError> = required("pin", &req.pin).into_iter().collect();
        if let Err(e) = check_new_password(&req.new_password, &req.new_password_confirm) {
            errors.extend(e);
        }
        if !errors.is_empty() {
            return Err(CommandError::fields(errors));
        }
        let r = self.seen(self.api.send::<e::ResetPassword>(None, (), &req).await)?;
        store::forms::clear(&self.device, "forgot").await?;
        Ok(r)
    }

    /// Signs out locally at once (the server-side revocation waits for the network if
    /// need be) and closes the account's store. Work still queued stays in it and goes
    /// when the same account signs in again; with nothing queued, the dossiers an officer
    /// downloaded for review are removed from this computer.
    pub async fn logout(&self) -> CmdResult<LogoutView> {
        let Some(a) = self.current() else {
            return Ok(LogoutView::default());
        };
        if let Some(s) = store::session::load(&a.store).await? {
            match self
                .api
                .send::<e::Logout>(Some(&s.token), (), &NoBody {})
                .await
            {
                Ok(_) | Err(ClientError::Api { .. }) => {}
                Err(_) => {
                    self.set_online(false);
                    store::session::remember_revoke(&self.device, &s.token).await?;
                }
            }
            store::session::clear(&a.store).await?;
        }
        // A pass under way keeps its own handle on the store: it ends with this account's
        // token (now revoked), never with the next account's.
        self.account.write().expect("account lock").take();
        crate::account::keychain::forget(&a.dir).await;
        store::accounts::set_stay_signed_in(&self.device, &a.dir, false).await?;
        // Plain copies made for viewers and printers leave with the account.
        a.files.clear_viewer_copies();
        let _ = std::fs::remove_dir_all(a.root().join("cetak"));
        self.account_changed.send_modify(|n| *n += 1);
        store::accounts::set_current(&self.device, None).await?;
        let pending = a.pending().await?;
        if pending.decisions == 0 {
            self.purge_review_cases(&a).await?;
        }
        Ok(LogoutView {
            message: pending.message(),
        })
    }

    /// Asks the server who this session is (at most once a minute): the role decides the
    /// screens and commands, and a session ended elsewhere (blocked, expired) ends here.
    pub(crate) async fn recheck_role(&self, a: &Account) -> CmdResult<()> {
        if !a.role_check_due() {
            return Ok(());
        }
        let Some(s) = store::session::load(&a.store).await? else {
            return Ok(());
        };
        match self.api.get::<e::Me>(Some(&s.token), (), &NoQuery {}).await {
            Ok(p) => {
                self.set_online(true);
                if p.role != a.role() {
                    tracing::info!(role = ?p.role, "role changed on the server");
                }
                a.set_role(p.role);
                store::session::save_profile(&a.store, &p).await?;
                a.role_checked();
            }
            Err(e) if e.is_unauthorized() => {
                store::session::clear(&a.store).await?;
                self.account_changed.send_modify(|n| *n += 1);
            }
            // Offline or server trouble: the role as last confirmed stands.
            Err(_) => {}
        }
        Ok(())
    }
}
