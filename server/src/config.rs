//! Server settings, read from the environment (`EPTSP_*`) with defaults for a local
//! development machine.

use std::net::SocketAddr;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub bind: SocketAddr,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub mail_from: String,
    pub session_ttl: Duration,
    pub code_ttl: Duration,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    pub limits: Limits,
    /// Where uploaded files live (content-addressed).
    pub blob_dir: std::path::PathBuf,
    /// The office's signing key (hex seed in a file); none: the development key.
    pub signing_key_file: Option<std::path::PathBuf>,
    /// The address the public reaches this server at, printed in the permits' QR codes.
    pub public_url: String,
    /// The official permit number, e.g. `503/{seq}/DPMPTSP-KT/{year}`.
    pub izin_pattern: String,
    /// Printed on permits as the signer's office.
    pub signer_title: String,
}

pub const DEFAULT_IZIN_PATTERN: &str = "503/{seq}/DPMPTSP-KT/{year}";
pub const DEFAULT_SIGNER_TITLE: &str =
    "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Provinsi Kalimantan Timur";

/// A sliding-window limit: at most `max` events per `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: i64,
    pub window: Duration,
}

impl Limit {
    pub const fn new(max: i64, window_secs: u64) -> Self {
        Limit {
            max,
            window: Duration::from_secs(window_secs),
        }
    }
}

/// Throttling in place of reCAPTCHA: a desktop app cannot show one.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Failed logins per account before it is locked for the window.
    pub login_failures_per_account: Limit,
    /// Failed logins per client address.
    pub login_failures_per_address: Limit,
    /// Registration attempts per client address.
    pub register_per_address: Limit,
    /// Codes sent to one e-mail address.
    pub codes_per_email: Limit,
    /// Codes requested from one client address.
    pub codes_per_address: Limit,
    /// Password-reset PIN requests per account and per address.
    pub pin_per_account: Limit,
    pub pin_per_address: Limit,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            login_failures_per_account: Limit::new(5, 15 * 60),
            login_failures_per_address: Limit::new(30, 15 * 60),
            register_per_address: Limit::new(20, 60 * 60),
            codes_per_email: Limit::new(5, 60 * 60),
            codes_per_address: Limit::new(30, 60 * 60),
            pin_per_account: Limit::new(5, 60 * 60),
            pin_per_address: Limit::new(20, 60 * 60),
        }
    }
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let var = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_owned());
        Ok(Config {
            database_url: std::env::var("DATABASE_URL")
                .or_else(|_| std::env::var("EPTSP_DATABASE_URL"))
                .unwrap_or_else(|_| "postgres://eptsp@127.0.0.1:55432/eptsp".to_owned()),
            bind: var("EPTSP_BIND", "127.0.0.1:8787").parse()?,
            smtp_host: var("EPTSP_SMTP_HOST", "127.0.0.1"),
            smtp_port: var("EPTSP_SMTP_PORT", "2525").parse()?,
            mail_from: var(
                "EPTSP_MAIL_FROM",
                "DPMPTSP Prov. Kaltim <noreply@dpmptsp.kaltimprov.go.id>",
            ),
            session_ttl: Duration::from_secs(var("EPTSP_SESSION_TTL_SECS", "2592000").parse()?),
            code_ttl: Duration::from_secs(var("EPTSP_CODE_TTL_SECS", "900").parse()?),
            trust_forwarded_for: var("EPTSP_TRUST_FORWARDED_FOR", "false") == "true",
            limits: Limits::default(),
            blob_dir: var("EPTSP_BLOB_DIR", ".dev/blobs").into(),
            signing_key_file: std::env::var_os("EPTSP_SIGNING_KEY_FILE").map(Into::into),
            public_url: var("EPTSP_PUBLIC_URL", "http://127.0.0.1:8787"),
            izin_pattern: var("EPTSP_IZIN_PATTERN", DEFAULT_IZIN_PATTERN),
            signer_title: var("EPTSP_SIGNER_TITLE", DEFAULT_SIGNER_TITLE),
        })
    }
}
