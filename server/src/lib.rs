//! eptsp-server: the central server the desktop app syncs with. Stateless; PostgreSQL
//! holds the data. `app()` builds the router for tests and for `serve()`.

#![deny(clippy::unwrap_used)] // Outside tests a failure is an error with a message, not a panic.

pub mod archive;
pub mod audit;
pub mod auth;
pub mod catalogue;
pub mod catalogue_edits;
pub mod chats;
pub mod complaints;
pub mod config;
pub mod error;
pub mod filters;
pub mod holidays;
pub mod inbox;
pub mod jobs;
pub mod lifecycle;
pub mod lookups;
pub mod mail;
pub mod mailsink;
pub mod obligations;
pub mod push;
pub mod regions;
pub mod routes;
pub mod seed;
pub mod signing;
pub mod storage;
pub mod testkit;
pub mod users;

use std::net::SocketAddr;
use std::sync::Arc;

use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

pub use config::Config;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub mailer: mail::Mailer,
    pub config: Arc<Config>,
    pub signer: Arc<dyn signing::Signer>,
    /// Where uploaded files are kept (a folder, or object storage shared by instances).
    pub storage: storage::Storage,
    /// Changes announced by any instance, for the live channels of this one.
    pub events: tokio::sync::broadcast::Sender<push::Event>,
    /// Sessions that ended, for the WebSockets of this instance to close.
    pub sessions: tokio::sync::broadcast::Sender<auth::session::SessionEnd>,
    /// Set when the instance shuts down: its live sockets close (code 1012, "service
    /// restart"), so that the desktops reconnect elsewhere instead of holding it open.
    pub closing: Arc<tokio::sync::watch::Sender<bool>>,
    /// Whether this instance hears the announcements of PostgreSQL now (see [`push`]).
    pub listening: Arc<tokio::sync::watch::Sender<bool>>,
    /// Wakes the mail outbox's sender when a message is queued.
    pub mail_queued: Arc<tokio::sync::Notify>,
    background: Arc<std::sync::Once>,
    /// This instance's id, so that it can tell its own notifications from the others'.
    pub instance: uuid::Uuid,
    /// Where today's date comes from (a fixed one in tests of date rules).
    pub clock: Arc<dyn eptsp_core::calendar::Clock>,
    /// The public lookups' answers, kept while announcements are heard ([`lookups`]).
    pub lookups: Arc<lookups::Lookups>,
}

impl AppState {
    pub fn new(db: PgPool, config: Config) -> anyhow::Result<Self> {
        let mailer = mail::Mailer::new(&config)?;
        let signer: Arc<dyn signing::Signer> = match &config.signing_key_file {
            Some(path) => {
                let hex = std::fs::read_to_string(path).map_err(|e| {
                    anyhow::anyhow!("cannot read the signing key {}: {e}", path.display())
                })?;
                Arc::new(signing::Ed25519Signer::from_hex_seed_named(&hex)?)
            }
            None => {
                tracing::warn!(
                    "EPTSP_SIGNING_KEY_FILE is not set: permits are signed with the development key"
                );
                Arc::new(signing::Ed25519Signer::development())
            }
        };
        let storage = storage::Storage::open(&config.blob_dir, config.s3.as_ref())?;
        Ok(AppState {
            lookups: Arc::new(lookups::Lookups::default()),
            db,
            storage,
            mailer,
            config: Arc::new(config),
            signer,
            events: tokio::sync::broadcast::channel(4096).0,
            sessions: tokio::sync::broadcast::channel(256).0,
            listening: Arc::new(tokio::sync::watch::channel(false).0),
            closing: Arc::new(tokio::sync::watch::channel(false).0),
            mail_queued: Arc::new(tokio::sync::Notify::new()),
            background: Arc::new(std::sync::Once::new()),
            instance: uuid::Uuid::new_v4(),
            clock: Arc::new(eptsp_core::calendar::SystemClock),
        })
    }

    /// Starts the instance's background work, once per state: the mail sender, the
    /// listener for other instances' announcements, and the periodic jobs ([`jobs`]: each
    /// runs once per period across all instances).
    pub fn start_background(&self) {
        self.background.call_once(|| {
            tokio::spawn(mail::run_sender(self.clone()));
            tokio::spawn(push::listen(self.clone()));
            tokio::spawn(jobs::run(self.clone()));
        });
    }
}

/// The pool's settings: a request waits at most two seconds for a connection, so when
/// PostgreSQL is down it is answered 503 at once instead of hanging.
pub fn pool_options() -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(std::time::Duration::from_secs(2))
}

pub fn app(state: AppState) -> axum::Router {
    routes::router(state)
}

/// Connects, migrates and loads the reference data.
pub async fn prepare_database(url: &str) -> anyhow::Result<PgPool> {
    let db = pool_options().connect(url).await?;
    MIGRATOR.run(&db).await?;
    let n = regions::ensure_loaded(&db).await?;
    holidays::ensure_seeded(&db).await?;
    tracing::info!(regions = n, "database ready");
    Ok(db)
}

/// Serves on `listener` until the future `shutdown` completes.
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let router = app(state.clone());
    serve_router(state, router, listener, shutdown).await
}

/// Serves `router` (built over `state`) until `shutdown` completes; tests wrap the
/// router in extra layers, such as a slow network.
pub async fn serve_router(
    state: AppState,
    router: axum::Router,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    state.start_background();
    let closing = state.closing.clone();
    // Answers go out as soon as they are written: a small JSON answer after a chunk is
    // not held back waiting for the client's acknowledgement of the previous segment.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY not set");
        }
    });
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown.await;
        closing.send_replace(true);
    })
    .await?;
    Ok(())
}
