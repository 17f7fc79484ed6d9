//! `eptsp-server [serve|migrate|seed-demo|mailsink ADDR]`. `serve` stops on SIGTERM or
//! Ctrl-C: it takes no new connections, closes its live sockets with "service restart"
//! (the desktops reconnect to another instance) and lets requests under way finish.

#![deny(clippy::unwrap_used)] // Outside tests a failure is an error with a message, not a panic.

use eptsp_server::{AppState, Config, seed};

/// How long a stopping instance waits for the requests under way.
const DRAIN: std::time::Duration = std::time::Duration::from_secs(30);

/// Ctrl-C, or SIGTERM (what systemd and a rolling upgrade send).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "eptsp_server=info,tower_http=info".into()),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cmd = args.first().map_or("serve", String::as_str);
    let config = Config::from_env()?;
    match cmd {
        "serve" => {
            let db = eptsp_server::prepare_database(&config.database_url).await?;
            let listener = tokio::net::TcpListener::bind(config.bind).await?;
            tracing::info!(addr = %listener.local_addr()?, "E-PTSP server listening");
            let state = AppState::new(db, config)?;
            tracing::info!(files = %state.storage.describe(), "files kept in");
            // Set by the server when it begins to stop (see `AppState::closing`).
            let mut closing = state.closing.subscribe();
            let serving = eptsp_server::serve(state, listener, async move {
                stop_signal().await;
                tracing::info!("stopping: finishing the requests under way");
            });
            // Requests under way get a while to finish (an upload chunk over a slow link);
            // what is still open after it is cut, and its client resumes elsewhere.
            let drain = async move {
                let _ = closing.wait_for(|c| *c).await;
                tokio::time::sleep(DRAIN).await;
                tracing::warn!("requests still open after {DRAIN:?}: cut");
            };
            tokio::select! {
                served = serving => served,
                () = drain => Ok(()),
            }
        }
        "migrate" => {
            eptsp_server::prepare_database(&config.database_url).await?;
            println!("migrations applied, reference data loaded");
            Ok(())
        }
        "seed-demo" => {
            let db = eptsp_server::prepare_database(&config.database_url).await?;
            seed::seed_demo(&db).await?;
            println!("Akun demo (satu per peran):");
            for a in &seed::DEMO_ACCOUNTS {
                println!(
                    "  {:<14} NIK {}  email {:<28} password {}",
                    a.role.label(),
                    a.nik,
                    a.email,
                    a.password
                );
            }
            Ok(())
        }
        "mailsink" => {
            let addr = args.get(1).map_or("127.0.0.1:2525", String::as_str);
            let sink = eptsp_server::mailsink::MailSink::start(addr, true)?;
            println!("mail sink listening on {}", sink.addr);
            tokio::signal::ctrl_c().await?;
            Ok(())
        }
        other => {
            anyhow::bail!("unknown command {other}; use serve, migrate, seed-demo or mailsink")
        }
    }
}
