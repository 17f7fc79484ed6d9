//! A real server on a free loopback port for tests, as many instances of it as a test
//! wants over one database, and a meter of the upload bytes it is sent.

use std::net::SocketAddr;

use super::state_with;
use crate::AppState;
use crate::config::{Config, Limits};
use crate::mailsink::MailSink;

/// A real server listening on a free loopback port.
pub struct TestServer {
    pub addr: SocketAddr,
    pub state: AppState,
    pub mail: MailSink,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl TestServer {
    pub async fn start() -> TestServer {
        Self::start_with(Limits::default()).await
    }

    pub async fn start_with(limits: Limits) -> TestServer {
        Self::start_wrapped(limits, |r| r).await
    }

    /// A server whose router passes through `wrap` first: tests add layers that act like
    /// the network between the desktop and the office (a slow link, a late answer).
    pub async fn start_wrapped(
        limits: Limits,
        wrap: impl FnOnce(axum::Router) -> axum::Router,
    ) -> TestServer {
        Self::start_custom(limits, |_| {}, wrap).await
    }

    /// A server with settings changed by `configure`, its router passed through `wrap`.
    pub async fn start_custom(
        limits: Limits,
        configure: impl FnOnce(&mut Config),
        wrap: impl FnOnce(axum::Router) -> axum::Router,
    ) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (state, mail) = state_with(limits, &format!("http://{addr}"), configure).await;
        Self::serve_state(listener, state, mail, wrap)
    }

    /// Serves `state` (made by the caller, e.g. over a database of its own) on `listener`.
    pub fn serve_state(
        listener: tokio::net::TcpListener,
        state: AppState,
        mail: MailSink,
        wrap: impl FnOnce(axum::Router) -> axum::Router,
    ) -> TestServer {
        let addr = listener.local_addr().expect("addr");
        let router = wrap(crate::app(state.clone()));
        let (tx, rx) = tokio::sync::oneshot::channel();
        let s = state.clone();
        tokio::spawn(async move {
            crate::serve_router(s, router, listener, async {
                let _ = rx.await;
            })
            .await
            .expect("server stopped with an error");
        });
        TestServer {
            addr,
            state,
            mail,
            shutdown: Some(tx),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Another instance over the same database, settings and file store, on a port of
    /// its own, as behind a load balancer.
    pub async fn second_instance(&self) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let state =
            AppState::new(self.state.db.clone(), (*self.state.config).clone()).expect("state");
        let mail = MailSink::start("127.0.0.1:0", false).expect("start the mail sink");
        Self::serve_state(listener, state, mail, |r| r)
    }

    /// Stops accepting connections (a server that went away).
    pub fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Counts the upload bytes the server is sent (the body of every `PATCH /uploads/…`, as
/// it arrives): what a resumed upload sends twice shows up here.
#[derive(Clone, Default)]
pub struct UploadMeter(std::sync::Arc<std::sync::atomic::AtomicU64>);

impl UploadMeter {
    pub fn bytes(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// `router` with this meter in front of it.
    pub fn wrap(&self, router: axum::Router) -> axum::Router {
        router.layer(axum::middleware::from_fn_with_state(self.clone(), meter))
    }
}

async fn meter(
    axum::extract::State(m): axum::extract::State<UploadMeter>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if req.method() == axum::http::Method::PATCH && req.uri().path().starts_with("/api/v1/uploads/")
    {
        let len: u64 = req
            .headers()
            .get(axum::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse().ok())
            .unwrap_or(0);
        m.0.fetch_add(len, std::sync::atomic::Ordering::SeqCst);
    }
    next.run(req).await
}
