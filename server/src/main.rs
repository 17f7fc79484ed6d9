//! `eptsp-server [serve|migrate|seed-demo|mailsink ADDR]`

#![deny(clippy::unwrap_used)] // Outside tests a failure is an error with a message, not a panic.

use eptsp_server::{AppState, Config, seed};

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
            eptsp_server::serve(state, listener, async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
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
