//! What the desktop does, without Tauri: accounts against the central server, the local
//! store as the source of truth when offline, and connectivity tracking. Tauri commands
//! are thin adapters over these methods, and the story tests drive them directly.

use eptsp_core::endpoint::{NoBody, NoQuery};
use eptsp_core::endpoints as e;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use eptsp_core::api::{
    ChangePasswordRequest, EmailCodeRequest, FieldError, ForgotPasswordRequest, LoginRequest,
    LoginResponse, MessageResponse, Profile, Region, RegisterRequest, ResetPasswordRequest,
    UpdateProfileRequest, check_new_password,
};
use eptsp_core::catalogue::Catalogue;
use eptsp_core::dossier::{DraftData, Pemohon};
use eptsp_core::{Invalid, validate};
use serde::Serialize;
use tokio::sync::watch;
use ts_rs::TS;

use crate::account::Account;
use crate::client::{ApiClient, ClientError};
use crate::crypto::{self, CryptoError, DataKey};
use crate::error::CommandError;
use crate::store::drafts::DraftView;
use crate::store::{self, Store};

pub const DEFAULT_SERVER_URL: &str = "http://127.0.0.1:8787";

pub type CmdResult<T> = Result<T, CommandError>;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SessionView {
    pub profile: Profile,
    /// When the profile was last confirmed by the server (RFC 3339).
    pub synced_at: String,
    pub expires_at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppStatus {
    pub online: bool,
    pub server_url: String,
    pub session: Option<SessionView>,
    pub printer: crate::print::PrinterChoice,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ProfileView {
    pub profile: Profile,
    /// True when the server could not be reached and this is the copy saved locally.
    pub from_cache: bool,
    pub synced_at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CatalogueView {
    pub catalogue: Catalogue,
    /// True when the server could not be asked and this is the copy kept on this computer.
    pub from_cache: bool,
    pub fetched_at: String,
}

/// What signing out left behind: work still waiting to be sent (it goes when the same
/// account signs in again), said in `message`.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[ts(export)]
pub struct LogoutView {
    pub message: Option<String>,
}

pub struct Backend {
    /// What the whole device shares: settings, the catalogue, regions, the account registry.
    pub device: Store,
    data_dir: PathBuf,
    /// The signed-in account's own store and files; `None` when nobody is signed in.
    account: RwLock<Option<Arc<Account>>>,
    pub api: ApiClient,
    online: watch::Sender<bool>,
    /// One sync pass at a time (the background worker, or "Kirim" asking for one now).
    sync_lock: tokio::sync::Mutex<()>,
    synced: watch::Sender<u64>,
    account_changed: watch::Sender<u64>,
    progress: watch::Sender<Option<crate::sync::Progress>>,
    /// Wakes the sync worker: something was queued here, a push named a feed, the
    /// channel came back.
    wake: tokio::sync::Notify,
    /// The feeds the next pass pulls (pushes add to it; a pass takes it).
    wanted: std::sync::Mutex<crate::sync::Pulls>,
    /// Whether the live channel is up (then nothing is polled).
    channel_up: watch::Sender<bool>,
    /// The last passes' reports, numbered: "Kirim" asks for a pass and must hear what a
    /// pass of the worker's that ran just before it sent.
    recent: std::sync::Mutex<std::collections::VecDeque<(u64, crate::sync::SyncReport)>>,
    passes: std::sync::atomic::AtomicU64,
}

fn required(field: &str, value: &str) -> Option<FieldError> {
    value
        .trim()
        .is_empty()
        .then(|| FieldError::new(field, Invalid::Required))
}

impl Backend {
    /// Opens the device's store and picks the server URL: `EPTSP_SERVER_URL`, else the
    /// saved setting, else the local development server. A store from before accounts had
    /// stores of their own is moved into its account's store first; then the account that
    /// was signed in when the app closed is opened.
    pub async fn open(device: Store) -> CmdResult<Arc<Backend>> {
        let mut url = match std::env::var("EPTSP_SERVER_URL") {
            Ok(u) if !u.trim().is_empty() => u,
            _ => store::settings::get(&device, "server_url")
                .await?
                .unwrap_or_else(|| DEFAULT_SERVER_URL.to_owned()),
        };
        if let Err(why) = eptsp_core::api::check_server_url(&url) {
            // Saved before the rule, or set in the environment: not used in clear text.
            tracing::warn!(url = %url, why, "server address refused; using the default");
            url = DEFAULT_SERVER_URL.to_owned();
        }
        let data_dir = device.path().parent().unwrap_or(Path::new(".")).to_owned();
        let api = ApiClient::new(&url);
        crate::account::upgrade_single_store(&device, &data_dir, &api.base()).await?;
        let backend = Arc::new(Backend {
            device,
            data_dir,
            account: RwLock::new(None),
            api,
            online: watch::channel(false).0,
            sync_lock: tokio::sync::Mutex::new(()),
            synced: watch::channel(0).0,
            account_changed: watch::channel(0).0,
            progress: watch::channel(None).0,
            wake: tokio::sync::Notify::new(),
            wanted: std::sync::Mutex::new(crate::sync::Pulls::ALL),
            channel_up: watch::channel(false).0,
            recent: std::sync::Mutex::new(std::collections::VecDeque::new()),
            passes: std::sync::atomic::AtomicU64::new(0),
        });
        // The account signed in when the app closed opens by itself only with "Tetap
        // masuk" (its key in the system's credential store); otherwise its password opens it.
        if let Some(dir) = store::accounts::current(&backend.device).await?
            && let Some(row) = store::accounts::by_dir(&backend.device, &dir).await?
            && row.stay_signed_in
            && let Some(key) = crate::account::keychain::load(&row.dir).await
        {
            let a = Account::open(&backend.data_dir, row, key).await?;
            if store::session::load(&a.store).await?.is_some() {
                *backend.account.write().expect("account lock") = Some(Arc::new(a));
            }
        }
        Ok(backend)
    }

    /// Closes the stores (the app shutting down; tests that play a restart).
    pub async fn close(&self) {
        let a = self.account.write().expect("account lock").take();
        if let Some(a) = a {
            a.store.pool.close().await;
        }
        self.device.pool.close().await;
    }

    /// The data folder (the device's store, and `accounts/` with one folder per account).
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The signed-in account, if any.
    pub fn current(&self) -> Option<Arc<Account>> {
        self.account.read().expect("account lock").clone()
    }

    /// The signed-in account, or "not logged in".
    pub fn account(&self) -> CmdResult<Arc<Account>> {
        self.current().ok_or_else(CommandError::not_logged_in)
    }

    /// The signed-in account's store.
    pub fn store(&self) -> CmdResult<Store> {
        Ok(self.account()?.store.clone())
    }

    /// The signed-in account's File Saya.
    pub fn files(&self) -> CmdResult<crate::files::FileStore> {
        Ok(self.account()?.files.clone())
    }

    /// Connectivity changes, for the UI's indicator.
    pub fn subscribe_online(&self) -> watch::Receiver<bool> {
        self.online.subscribe()
    }

    pub fn is_online(&self) -> bool {
        *self.online.borrow()
    }

    fn set_online(&self, online: bool) {
        self.online.send_if_modified(|v| {
            let changed = *v != online;
            *v = online;
            changed
        });
    }

    /// Records what a server call said about connectivity and converts its error.
    fn seen<T>(&self, r: Result<T, ClientError>) -> CmdResult<T> {
        match r {
            Ok(v) => {
                self.set_online(true);
                Ok(v)
            }
            Err(e @ ClientError::Offline(_)) => {
                self.set_online(false);
                Err(e.into())
            }
            Err(e) => {
                self.set_online(true);
                Err(e.into())
            }
        }
    }

    /// Pings the server; on the way back online, finishes logouts made while offline.
    pub async fn check_connectivity(&self) -> bool {
        let ok = self.api.health().await.is_ok();
        if ok {
            self.came_online().await;
        } else {
            self.set_online(false);
        }
        ok
    }

    /// The server answered (a ping, the live channel): logouts made while offline are
    /// finished, and on the way back online what waits in the outbox goes now, not after
    /// its backoff, and the next pass asks the server for the session's role again.
    pub(crate) async fn came_online(&self) {
        let was = self.is_online();
        self.set_online(true);
        self.flush_pending_logouts().await;
        if !was && let Some(a) = self.current() {
            let _ = store::outbox::wake(&a.store).await;
            let _ = store::office::wake_decisions(&a.store).await;
            a.recheck_role_soon();
            self.wake_worker();
        }
    }

    async fn flush_pending_logouts(&self) {
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

    pub async fn status(&self) -> CmdResult<AppStatus> {
        let session = match self.current() {
            Some(a) => store::session::load(&a.store).await?.map(|s| SessionView {
                // The role the server gave this session, never the stored copy's.
                profile: Profile {
                    role: a.role(),
                    ..s.profile
                },
                synced_at: s.synced_at,
                expires_at: s.expires_at,
            }),
            None => None,
        };
        Ok(AppStatus {
            online: self.is_online(),
            server_url: self.api.base(),
            session,
            printer: self.printer().await?,
        })
    }

    pub(crate) async fn token(&self) -> CmdResult<String> {
        store::session::load(&self.store()?)
            .await?
            .map(|s| s.token)
            .ok_or_else(CommandError::not_logged_in)
    }

    /// The data key of the account the server just signed in: unwrapped with the
    /// password, or (the password was changed or reset elsewhere) with the account's
    /// secret on the server and wrapped again with the new password; a new key at the
    /// account's first sign-in here.
    async fn account_key(
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
    async fn start_session(
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
    async fn activate(&self, a: Arc<Account>, stay: bool) -> CmdResult<SessionView> {
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
        self.want(crate::sync::Pulls::ALL);
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
    async fn unlock_offline(&self, req: &LoginRequest, stay: bool) -> CmdResult<SessionView> {
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

    /// A 401 on an authenticated call means the session is over: forget it locally too.
    pub(crate) async fn authed<T>(&self, r: Result<T, ClientError>) -> CmdResult<T> {
        if matches!(&r, Err(e) if e.is_unauthorized())
            && let Some(a) = self.current()
        {
            store::session::clear(&a.store).await?;
        }
        self.seen(r)
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

    fn draft_gone() -> CommandError {
        CommandError::new("not_found", "Draf permohonan tidak ditemukan")
    }

    /// Opens a draft in the wizard (and remembers it is open).
    pub async fn drafts_open(&self, id: &str) -> CmdResult<DraftView> {
        let d = store::drafts::get(&self.store()?, id)
            .await?
            .ok_or_else(Self::draft_gone)?;
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
            Err(Self::draft_gone())
        }
    }

    pub async fn drafts_delete(&self, id: &str) -> CmdResult<()> {
        if store::drafts::delete(&self.store()?, id).await? {
            Ok(())
        } else {
            Err(Self::draft_gone())
        }
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
        let ids: Vec<String> = d
            .data
            .attachments
            .iter()
            .map(|a| a.file_id.clone())
            .collect();
        let mut kinds = std::collections::HashMap::new();
        for id in ids {
            let row: Option<(String, i64)> =
                sqlx::query_as("SELECT kind, size FROM files WHERE id = ?")
                    .bind(&id)
                    .fetch_optional(&self.store()?.pool)
                    .await
                    .map_err(store::StoreError::from)?;
            if let Some((k, size)) = row
                && let Some(kind) = eptsp_core::files::FileKind::parse(&k)
            {
                let size = size as u64;
                kinds.insert(id, eptsp_core::files::FileInfo { kind, size });
            }
        }
        let mut problems = d
            .data
            .check_step(step, &catalogue, &|id| kinds.get(id).copied());
        // The map checks, once the form's own checks of the coordinates pass.
        if step == 4 && !problems.iter().any(|p| p.field.starts_with("lokasi.")) {
            problems.extend(crate::map::location_errors(&d.data.lokasi));
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

    /// One full pass of the sync worker for the signed-in account (nothing when nobody
    /// is); the UI hears of any change through `subscribe_synced`.
    /// What passes that ran while it waited sent is in its report too (the worker may
    /// have sent the very draft "Kirim" asked for).
    pub async fn sync_now(&self) -> CmdResult<crate::sync::SyncReport> {
        use std::sync::atomic::Ordering;
        let before = self.passes.load(Ordering::SeqCst);
        let r = self.sync_pass(crate::sync::Pulls::ALL).await;
        // What failed here has a new retry time: the worker sets its timer by it.
        self.wake_worker();
        let (mine, mut r) = r?;
        let mut sent = crate::sync::SyncReport::default();
        for (n, other) in self.recent.lock().expect("recent lock").iter() {
            if *n > before && *n < mine {
                sent.add_sent(other);
            }
        }
        sent.add_sent(&r);
        r.received = sent.received;
        r.refused = sent.refused;
        r.revised = sent.revised;
        r.decided = sent.decided;
        Ok(r)
    }

    /// A pass that pulls the feeds pushes named since the last one (and sends what is
    /// due): the worker's, on each wake.
    pub async fn sync_wanted(&self) -> CmdResult<crate::sync::SyncReport> {
        let pulls = std::mem::replace(
            &mut *self.wanted.lock().expect("wanted lock"),
            crate::sync::Pulls::NONE,
        );
        Ok(self.sync_pass(pulls).await?.1)
    }

    /// A pass, and its number (0: none ran, nobody is signed in).
    async fn sync_pass(
        &self,
        pulls: crate::sync::Pulls,
    ) -> CmdResult<(u64, crate::sync::SyncReport)> {
        let _one = self.sync_lock.lock().await;
        let Some(a) = self.current() else {
            return Ok((0, crate::sync::SyncReport::default()));
        };
        let had_session = store::session::load(&a.store).await?.is_some();
        self.recheck_role(&a).await?;
        let mut report = crate::sync::run_pass(self, &a, pulls).await?;
        let n = {
            let n = self
                .passes
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
                + 1;
            let mut recent = self.recent.lock().expect("recent lock");
            recent.push_back((n, report.clone()));
            if recent.len() > 8 {
                recent.pop_front();
            }
            n
        };
        if report.sign_in {
            self.session_ended(&a).await?;
        }
        // Ended by the role check: said the same way (the window goes back to the login).
        report.sign_in |= had_session && store::session::load(&a.store).await?.is_none();
        if report != crate::sync::SyncReport::default() {
            self.synced.send_modify(|n| *n += 1);
        }
        Ok((n, report))
    }

    /// The server no longer knows this session: it is forgotten here (what waits stays
    /// queued for the next sign-in) and the UI asks to sign in again.
    pub(crate) async fn session_ended(&self, a: &Account) -> CmdResult<()> {
        if store::session::load(&a.store).await?.is_some() {
            store::session::clear(&a.store).await?;
            self.account_changed.send_modify(|n| *n += 1);
        }
        Ok(())
    }

    /// Asks the worker for a pass now.
    pub fn wake_worker(&self) {
        self.wake.notify_one();
    }

    /// Asks the worker to pull `feeds` (added to what it pulls next) now.
    pub fn want(&self, feeds: crate::sync::Pulls) {
        self.defer(feeds);
        self.wake_worker();
    }

    /// Waits until something asks the worker for a pass.
    pub async fn woken(&self) {
        self.wake.notified().await;
    }

    pub fn is_channel_up(&self) -> bool {
        *self.channel_up.borrow()
    }

    pub(crate) fn set_channel_up(&self, up: bool) {
        self.channel_up.send_replace(up);
        if !up {
            // The worker's schedule changes: with the channel down it falls back to pulling.
            self.wake_worker();
        }
    }

    /// Puts `feeds` back for the next pass without waking the worker (a pull that failed
    /// for a passing reason: the worker tries again with backoff).
    pub(crate) fn defer(&self, feeds: crate::sync::Pulls) {
        let mut w = self.wanted.lock().expect("wanted lock");
        w.changes |= feeds.changes;
        w.inbox |= feeds.inbox;
        w.chat |= feeds.chat;
    }

    /// One sync pass at a time: held by the worker's passes and by commands that send now.
    pub(crate) async fn sync_guard(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.sync_lock.lock().await
    }

    /// Asks the server who this session is (at most once a minute): the role decides the
    /// screens and commands, and a session ended elsewhere (blocked, expired) ends here.
    async fn recheck_role(&self, a: &Account) -> CmdResult<()> {
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

    /// Ticks whenever the signed-in account changes (sign-in, sign-out, session ended).
    pub fn subscribe_account(&self) -> watch::Receiver<u64> {
        self.account_changed.subscribe()
    }

    /// Live progress of the item the worker is sending.
    pub fn subscribe_progress(&self) -> watch::Receiver<Option<crate::sync::Progress>> {
        self.progress.subscribe()
    }

    pub(crate) fn publish_progress(&self, p: crate::sync::Progress) {
        self.progress.send_replace(Some(p));
    }

    /// Ticks after every sync pass that changed something.
    pub fn subscribe_synced(&self) -> watch::Receiver<u64> {
        self.synced.subscribe()
    }

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

    /// Where the signed-in account's printed documents are written
    /// (`accounts/<dir>/cetak/`), created if needed.
    pub(crate) fn print_dir(&self) -> CmdResult<std::path::PathBuf> {
        let dir = self.account()?.root().join("cetak");
        std::fs::create_dir_all(&dir).map_err(store::StoreError::from)?;
        Ok(dir)
    }

    /// Cetak Resi straight to the system's default printer; returns the message for the
    /// user (with the print job's id).
    pub async fn print_resi_to_printer(&self, application_id: &str) -> CmdResult<String> {
        let path = self.print_resi(application_id).await?;
        let resi: String = sqlx::query_scalar("SELECT resi FROM applications WHERE id = ?")
            .bind(application_id)
            .fetch_one(&self.store()?.pool)
            .await
            .map_err(store::StoreError::from)?;
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
        let row: Option<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT resi, permit_type_id, kind, submitted_at, data_json FROM applications WHERE id = ?",
        )
        .bind(application_id)
        .fetch_optional(&self.store()?.pool)
        .await
        .map_err(store::StoreError::from)?;
        let (resi, permit_type_id, kind, submitted_at, data_json) =
            row.ok_or_else(|| CommandError::new("not_found", "Permohonan tidak ditemukan"))?;
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
            let pool = self.device.pool.clone();
            async move {
                sqlx::query_scalar::<_, String>("SELECT name FROM regions WHERE code = ?")
                    .bind(&code)
                    .fetch_optional(&pool)
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
            let file: Option<String> =
                sqlx::query_scalar("SELECT original_name FROM files WHERE id = ?")
                    .bind(&a.file_id)
                    .fetch_optional(&self.store()?.pool)
                    .await
                    .map_err(store::StoreError::from)?;
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

    /// Points the app at another server; the URL must be http(s).
    pub async fn set_server(&self, url: &str) -> CmdResult<AppStatus> {
        let url = url.trim().trim_end_matches('/');
        let refused = |code, message| {
            Err(CommandError::fields(vec![FieldError::custom(
                "server_url",
                code,
                message,
            )]))
        };
        if !reqwest::Url::parse(url).is_ok_and(|u| u.host().is_some()) {
            return refused(
                "url_format",
                "Alamat server harus berupa URL http:// atau https://",
            );
        }
        if let Err(message) = eptsp_core::api::check_server_url(url) {
            return refused("url_insecure", message);
        }
        store::settings::set(&self.device, "server_url", url).await?;
        self.api.set_base(url);
        self.check_connectivity().await;
        self.status().await
    }

    /// Where Cetak goes: a named printer (empty: the system default) on a print server
    /// (empty: this computer's own spooler).
    pub async fn printer(&self) -> CmdResult<crate::print::PrinterChoice> {
        Ok(crate::print::PrinterChoice {
            name: store::settings::get(&self.device, "printer")
                .await?
                .unwrap_or_default(),
            server: store::settings::get(&self.device, "print_server")
                .await?
                .unwrap_or_default(),
        })
    }

    pub async fn set_printer(&self, p: crate::print::PrinterChoice) -> CmdResult<AppStatus> {
        let p = crate::print::PrinterChoice {
            name: p.name.trim().to_owned(),
            server: p.server.trim().to_owned(),
        };
        let mut bad = Vec::new();
        if p.name.starts_with('-')
            || p.name
                .chars()
                .any(|c| c.is_whitespace() || c == '/' || c == '#')
        {
            bad.push(FieldError::custom(
                "printer",
                "printer_name",
                "Nama printer tidak boleh diawali - atau mengandung spasi, / dan #",
            ));
        }
        if !p.server.is_empty() && !crate::print::valid_print_server(&p.server) {
            bad.push(FieldError::custom(
                "print_server",
                "print_server",
                "Server cetak ditulis sebagai host atau host:port, misalnya 10.1.2.3:631",
            ));
        }
        if !bad.is_empty() {
            return Err(CommandError::fields(bad));
        }
        store::settings::set(&self.device, "printer", &p.name).await?;
        store::settings::set(&self.device, "print_server", &p.server).await?;
        self.status().await
    }

    /// Forms typed before signing in belong to the device; the others to the account.
    fn forms_store(&self, form: &str) -> CmdResult<Store> {
        if crate::account::DEVICE_FORMS.contains(&form) {
            Ok(self.device.clone())
        } else {
            self.store()
        }
    }

    pub async fn forms_load(&self, form: &str) -> CmdResult<Option<serde_json::Value>> {
        Ok(store::forms::load(&self.forms_store(form)?, form).await?)
    }

    pub async fn forms_save(&self, form: &str, data: &serde_json::Value) -> CmdResult<()> {
        Ok(store::forms::save(&self.forms_store(form)?, form, data).await?)
    }

    pub async fn forms_clear(&self, form: &str) -> CmdResult<()> {
        Ok(store::forms::clear(&self.forms_store(form)?, form).await?)
    }
}
