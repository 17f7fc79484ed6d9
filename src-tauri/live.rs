//! The live channel and the sync worker's schedule. One WebSocket per signed-in desktop
//! carries what changed ([`Push`]); each push makes the worker pull that feed from its
//! cursor. With the channel up nothing is polled: the only idle traffic is a heartbeat
//! every 30 s. With it down the channel is tried again with jittered backoff (up to a
//! minute) and the worker pulls at most once a minute. What is queued here wakes the
//! worker at once; what failed wakes it when its retry is due (see [`crate::plan`]).

use std::sync::Arc;
use std::time::Duration;

use eptsp_core::push::{HEARTBEAT_SECS, Push, SILENCE_SECS};
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::backend::Backend;
use crate::plan;
use crate::store;
use crate::sync::{Pulls, SyncReport};

/// What the channel tells the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Live {
    /// The channel is up (what came while it was down is being pulled).
    Connected,
    /// A chat message arrived and is kept.
    Chat,
    /// The catalogue changed on the server and was fetched again.
    Catalogue,
    /// The portal's announcements or links, or the holiday table, changed and were
    /// fetched again.
    Portal,
}

/// Why a connection ended.
#[derive(Debug)]
pub enum Closed {
    /// Nobody is signed in (or the account changed): nothing to listen for.
    NoSession,
    /// The server no longer knows the session (401).
    Refused,
    /// The server ended the socket's session as it stood (close code 4001: signed out
    /// elsewhere, blocked, or the role changed).
    SessionEnded,
    /// The channel could not be opened (the network, the server): try again later.
    Lost(String),
    /// The channel was up and went down: reconnect at once.
    Dropped(String),
}

/// How long opening the channel may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The close code the server gives a socket whose session ended.
const CLOSE_SESSION_ENDED: u16 = 4001;

/// Signed out there is no channel: how often the login screen's "Online/Offline" is
/// checked (one small request).
const SIGNED_OUT_CHECK: Duration = Duration::from_secs(10);

impl Backend {
    /// Listens on the live channel until it closes, telling `events` what happened; each
    /// push is handed to the worker as the feeds to pull.
    pub async fn listen(&self, events: &(dyn Fn(Live) + Send + Sync)) -> Closed {
        let mut switched = self.subscribe_account();
        switched.borrow_and_update();
        let Some(a) = self.current() else {
            return Closed::NoSession;
        };
        let session = match store::session::load(&a.store).await {
            Ok(Some(s)) => s,
            Ok(None) => return Closed::NoSession,
            Err(e) => return Closed::Lost(e.to_string()),
        };
        let mut req = match self.api.live_url().into_client_request() {
            Ok(r) => r,
            Err(e) => return Closed::Lost(e.to_string()),
        };
        let Ok(auth) = format!("Bearer {}", session.token).parse() else {
            return Closed::Refused;
        };
        req.headers_mut().insert("authorization", auth);
        let mut socket = match tokio::time::timeout(
            CONNECT_TIMEOUT,
            tokio_tungstenite::connect_async(req),
        )
        .await
        {
            Ok(Ok((s, _))) => s,
            Ok(Err(tokio_tungstenite::tungstenite::Error::Http(r))) if r.status() == 401 => {
                return Closed::Refused;
            }
            Ok(Err(e)) => return Closed::Lost(e.to_string()),
            Err(_) => return Closed::Lost("no answer".to_owned()),
        };
        self.set_channel_up(true);
        self.came_online().await;
        // Whatever came while the channel was down.
        self.want(Pulls::ALL);
        events(Live::Connected);
        let closed = self.read(&mut socket, &a, &mut switched, events).await;
        self.set_channel_up(false);
        match closed {
            Closed::Lost(why) => Closed::Dropped(why),
            other => other,
        }
    }

    async fn read(
        &self,
        socket: &mut tokio_tungstenite::WebSocketStream<
            tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
        >,
        a: &crate::account::Account,
        switched: &mut tokio::sync::watch::Receiver<u64>,
        events: &(dyn Fn(Live) + Send + Sync),
    ) -> Closed {
        let mut heartbeat = tokio::time::interval(Duration::from_secs(HEARTBEAT_SECS));
        heartbeat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        heartbeat.tick().await;
        let silence = Duration::from_secs(SILENCE_SECS);
        let mut heard = tokio::time::Instant::now();
        loop {
            let frame = tokio::select! {
                f = socket.next() => f,
                _ = heartbeat.tick() => {
                    if let Err(e) = socket.send(Message::Ping(Vec::new().into())).await {
                        return Closed::Lost(e.to_string());
                    }
                    continue;
                }
                _ = tokio::time::sleep_until(heard + silence) => {
                    return Closed::Lost("the server fell silent".to_owned());
                }
                _ = switched.changed() => {
                    let _ = socket.close(None).await;
                    return Closed::NoSession;
                }
            };
            heard = tokio::time::Instant::now();
            let text = match frame {
                None => return Closed::Lost("closed".to_owned()),
                Some(Err(e)) => return Closed::Lost(e.to_string()),
                Some(Ok(Message::Close(Some(f)))) if u16::from(f.code) == CLOSE_SESSION_ENDED => {
                    return Closed::SessionEnded;
                }
                Some(Ok(Message::Close(_))) => return Closed::Lost("closed".to_owned()),
                Some(Ok(Message::Text(t))) => t,
                Some(Ok(_)) => continue,
            };
            let Ok(push) = serde_json::from_str::<Push>(&text) else {
                // Something newer than this app: pull everything rather than miss it.
                self.want(Pulls::ALL);
                continue;
            };
            match push {
                Push::Changes => self.want(Pulls {
                    changes: true,
                    ..Pulls::NONE
                }),
                Push::Inbox => self.want(Pulls {
                    inbox: true,
                    ..Pulls::NONE
                }),
                Push::Queue => self.want(Pulls {
                    queue: true,
                    ..Pulls::NONE
                }),
                Push::Chat { message } => {
                    // Shown at once; the cursor moves only with the pull that follows.
                    if let Err(e) = store::chat::apply(&a.store, &[*message], false).await {
                        return Closed::Lost(e.to_string());
                    }
                    events(Live::Chat);
                    self.want(Pulls {
                        chat: true,
                        ..Pulls::NONE
                    });
                }
                Push::Catalogue => {
                    if self.catalogue().await.is_ok() {
                        events(Live::Catalogue);
                    }
                }
                Push::Portal => {
                    if self.portal().await.is_ok() {
                        events(Live::Portal);
                    }
                }
                Push::Holidays => {
                    if self.holidays().await.is_ok() {
                        events(Live::Portal);
                    }
                }
                Push::Resync => self.want(Pulls::ALL),
            }
        }
    }

    /// Keeps the live channel up for whoever is signed in, for as long as the app runs.
    /// Signed out, it only checks every 10 s that the server answers.
    pub async fn run_channel(self: Arc<Self>, events: impl Fn(Live) + Send + Sync) {
        let mut failures = 0u32;
        let mut switched = self.subscribe_account();
        loop {
            switched.borrow_and_update();
            let wait = match self.listen(&events).await {
                Closed::NoSession => {
                    self.check_connectivity().await;
                    failures = 0;
                    SIGNED_OUT_CHECK
                }
                Closed::Refused => {
                    if let Some(a) = self.current()
                        && let Err(e) = self.session_ended(&a).await
                    {
                        tracing::warn!(error = %e.message, "session not cleared");
                    }
                    failures = 0;
                    Duration::from_secs(1)
                }
                Closed::SessionEnded => {
                    // The next pass asks who this session is: a role changed, or it ended.
                    if let Some(a) = self.current() {
                        a.recheck_role_soon();
                    }
                    self.want(Pulls::ALL);
                    failures = 0;
                    Duration::from_secs(1)
                }
                Closed::Dropped(why) => {
                    // Up and cut: try again at once.
                    tracing::debug!(why, "live channel dropped");
                    failures = 0;
                    plan::reconnect_in(0, plan::jitter())
                }
                Closed::Lost(why) => {
                    // Never came up: the server is away; back off.
                    tracing::debug!(why, "live channel not opened");
                    self.check_connectivity().await;
                    failures = failures.saturating_add(1);
                    plan::reconnect_in(failures, plan::jitter())
                }
            };
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = switched.changed() => {}
            }
        }
    }

    /// The sync worker: a pass whenever something asks for one (a push, "Kirim", the
    /// channel coming back), when a retry falls due, and once a minute while the channel
    /// is down; never on a timer while it is up.
    pub async fn run_worker(self: Arc<Self>, reports: impl Fn(SyncReport) + Send + Sync) {
        let mut pulled_without_channel = tokio::time::Instant::now();
        // Work left for later by the last passes (a pull or a chat message that failed for
        // a passing reason): tried again with backoff.
        let mut deferred: Option<(u32, tokio::time::Instant)> = None;
        loop {
            // Retries fall due only for a session that can send them.
            let due = match self.current() {
                Some(a) if matches!(store::session::load(&a.store).await, Ok(Some(_))) => {
                    crate::sync::next_due_in(&a).await.ok().flatten()
                }
                _ => None,
            };
            let mut wait = due.map(|s| Duration::from_secs(s.max(0) as u64));
            if let Some((_, at)) = deferred {
                let d = at.saturating_duration_since(tokio::time::Instant::now());
                wait = Some(wait.map_or(d, |w| w.min(d)));
            }
            if !self.is_channel_up() {
                let fallback =
                    plan::PULL_WITHOUT_CHANNEL.saturating_sub(pulled_without_channel.elapsed());
                wait = Some(wait.map_or(fallback, |w| w.min(fallback)));
            }
            let timed_out = match wait {
                Some(w) => tokio::select! {
                    _ = self.woken() => false,
                    _ = tokio::time::sleep(w) => true,
                },
                None => {
                    self.woken().await;
                    false
                }
            };
            // The fallback pull, at most once a minute (a retry falling due sooner sends
            // only what is due).
            if timed_out
                && !self.is_channel_up()
                && pulled_without_channel.elapsed() >= plan::PULL_WITHOUT_CHANNEL
            {
                pulled_without_channel = tokio::time::Instant::now();
                self.want(Pulls::ALL);
            }
            let later = match self.sync_wanted().await {
                Ok(r) => {
                    let later = r.deferred;
                    reports(r);
                    later
                }
                Err(e) => {
                    tracing::warn!(error = %e.message, "sync pass failed");
                    true
                }
            };
            deferred = later.then(|| {
                let n = deferred.map_or(0, |(n, _)| n + 1);
                let wait = plan::retry_in(i64::from(n), None, plan::jitter());
                (n, tokio::time::Instant::now() + Duration::from_secs(wait))
            });
            // However due things are, passes never follow each other without a breath.
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}
