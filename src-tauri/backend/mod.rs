//! What the desktop does, without Tauri: accounts against the central server, the local
//! store as the source of truth when offline, and connectivity tracking. Tauri commands
//! are thin adapters over these methods, and the story tests drive them directly.
//!
//! Here: the state every area shares (the device's store, the signed-in account, the
//! server client, connectivity). The methods of each area are in a submodule: `session`
//! (sign-in and out), `profile` (and the reference data), `drafts`, `applications`,
//! `worker` (the sync worker's glue) and `settings`; the back office, the map and chat
//! add theirs in `crate::office`, `crate::map` and `crate::chat`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use eptsp_core::Invalid;
use eptsp_core::api::{FieldError, Profile};
use eptsp_core::catalogue::Catalogue;
use serde::Serialize;
use tokio::sync::watch;
use ts_rs::TS;

use crate::account::Account;
use crate::client::{ApiClient, ClientError};
use crate::error::CommandError;
use crate::store::{self, Store};

mod applications;
mod drafts;
pub(crate) use drafts::photo_max_px;
mod profile;
mod session;
mod settings;
mod worker;

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
    progress: watch::Sender<Option<crate::pass::Progress>>,
    /// Wakes the sync worker: something was queued here, a push named a feed, the
    /// channel came back.
    wake: tokio::sync::Notify,
    /// The feeds the next pass pulls (pushes add to it; a pass takes it).
    wanted: std::sync::Mutex<crate::pass::Pulls>,
    /// Whether the live channel is up (then nothing is polled).
    channel_up: watch::Sender<bool>,
    /// The last passes' reports, numbered: "Kirim" asks for a pass and must hear what a
    /// pass of the worker's that ran just before it sent.
    recent: std::sync::Mutex<std::collections::VecDeque<(u64, crate::pass::SyncReport)>>,
    passes: std::sync::atomic::AtomicU64,
    /// Where today's date comes from (the days left on a permit count from it).
    pub(crate) clock: Arc<dyn eptsp_core::calendar::Clock>,
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
            wanted: std::sync::Mutex::new(crate::pass::Pulls::ALL),
            channel_up: watch::channel(false).0,
            recent: std::sync::Mutex::new(std::collections::VecDeque::new()),
            passes: std::sync::atomic::AtomicU64::new(0),
            clock: Arc::new(eptsp_core::calendar::SystemClock),
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

    pub(crate) fn set_online(&self, online: bool) {
        self.online.send_if_modified(|v| {
            let changed = *v != online;
            *v = online;
            changed
        });
    }

    /// Records what a server call said about connectivity and converts its error.
    pub(crate) fn seen<T>(&self, r: Result<T, ClientError>) -> CmdResult<T> {
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

    /// A 401 on an authenticated call means the session is over: forget it locally too.
    pub(crate) async fn authed<T>(&self, r: Result<T, ClientError>) -> CmdResult<T> {
        if matches!(&r, Err(e) if e.is_unauthorized())
            && let Some(a) = self.current()
        {
            store::session::clear(&a.store).await?;
        }
        self.seen(r)
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

    pub(crate) fn publish_progress(&self, p: crate::pass::Progress) {
        self.progress.send_replace(Some(p));
    }

    /// Where the signed-in account's printed documents are written
    /// (`accounts/<dir>/cetak/`), created if needed.
    pub(crate) fn print_dir(&self) -> CmdResult<std::path::PathBuf> {
        let dir = self.account()?.root().join("cetak");
        std::fs::create_dir_all(&dir).map_err(store::StoreError::from)?;
        Ok(dir)
    }
}
