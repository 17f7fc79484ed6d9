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
    pub smtp_tls: SmtpTls,
    /// The name the SMTP server's certificate must carry (default: `smtp_host`).
    pub smtp_tls_domain: Option<String>,
    /// A CA certificate (PEM) to trust besides the web's roots (an office's own relay).
    pub smtp_ca_file: Option<std::path::PathBuf>,
    pub smtp_user: Option<String>,
    pub smtp_password: Option<String>,
    /// The wait after a message's first failed attempt; it doubles with each failure.
    pub mail_retry_base: Duration,
    pub mail_from: String,
    pub session_ttl: Duration,
    pub code_ttl: Duration,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    /// The proxies whose `X-Forwarded-For` entries are believed (loopback by default).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    pub limits: Limits,
    /// Where uploaded files live (content-addressed) when `s3` is not set.
    pub blob_dir: std::path::PathBuf,
    /// S3-compatible object storage for the files, shared by every instance
    /// (`EPTSP_S3_URL`, `EPTSP_S3_REGION`); none: the folder `blob_dir`.
    pub s3: Option<crate::storage::S3Config>,
    /// Bytes one account may keep on the server: its uploads under way and the files it
    /// stored first.
    pub upload_quota_bytes: u64,
    /// An upload untouched this long is abandoned: its row and bytes are removed.
    pub upload_ttl: Duration,
    /// How long a request may take, its body included (an upload chunk: `upload_timeout`,
    /// as 4 MiB over a slow rural link takes minutes).
    pub request_timeout: Duration,
    pub upload_timeout: Duration,
    /// How often an open WebSocket asks whether its session still stands.
    pub ws_recheck: Duration,
    /// How often an instance looks whether a periodic job is due (`EPTSP_JOB_WAKE_SECS`,
    /// 60), and the jobs' period when not their own hour (`EPTSP_JOB_PERIOD_SECS`: the
    /// scale test's short periods).
    pub job_wake: Duration,
    pub job_period: Option<Duration>,
    /// The office's signing key (hex seed in a file); none: the development key.
    pub signing_key_file: Option<std::path::PathBuf>,
    /// The address the public reaches this server at, printed in the permits' QR codes.
    pub public_url: String,
    /// The official permit number, e.g. `503/{seq}/DPMPTSP-KT/{year}`.
    pub izin_pattern: String,
    /// Printed on permits as the signer's office.
    pub signer_title: String,
    /// What a revision not sent by its deadline allows (`EPTSP_REVISION_LAPSE`: `tolak` or
    /// `perpanjang`, the default).
    pub revision_lapse: eptsp_core::office::RevisionLapse,
    /// Answer an applicant's chat message outside office hours at once with the hours
    /// (`EPTSP_CHAT_AUTO_REPLY`, on unless `false`).
    pub chat_auto_reply: bool,
}

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain text: only for a relay on the same machine (the development mail sink).
    None,
    /// STARTTLS, required (port 587).
    StartTls,
    /// TLS from the first byte (port 465).
    Implicit,
}

impl SmtpTls {
    pub fn parse(s: &str) -> anyhow::Result<Self> {
        match s {
            "none" => Ok(SmtpTls::None),
            "starttls" => Ok(SmtpTls::StartTls),
            "tls" => Ok(SmtpTls::Implicit),
            other => anyhow::bail!("EPTSP_SMTP_TLS={other}: use none, starttls or tls"),
        }
    }
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
    /// Public resi lookups (Monitoring Izin) per client address.
    pub monitoring_per_address: Limit,
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
            monitoring_per_address: Limit::new(60, 60),
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
            smtp_tls: SmtpTls::parse(&var("EPTSP_SMTP_TLS", "none"))?,
            smtp_tls_domain: std::env::var("EPTSP_SMTP_TLS_DOMAIN").ok(),
            smtp_ca_file: std::env::var_os("EPTSP_SMTP_CA_FILE").map(Into::into),
            smtp_user: std::env::var("EPTSP_SMTP_USER").ok(),
            smtp_password: std::env::var("EPTSP_SMTP_PASSWORD").ok(),
            mail_retry_base: Duration::from_secs(5),
            mail_from: var(
                "EPTSP_MAIL_FROM",
                "DPMPTSP Prov. Kaltim <noreply@dpmptsp.kaltimprov.go.id>",
            ),
            session_ttl: Duration::from_secs(var("EPTSP_SESSION_TTL_SECS", "2592000").parse()?),
            code_ttl: Duration::from_secs(var("EPTSP_CODE_TTL_SECS", "900").parse()?),
            trust_forwarded_for: var("EPTSP_TRUST_FORWARDED_FOR", "false") == "true",
            trusted_proxies: var("EPTSP_TRUSTED_PROXIES", "127.0.0.1/32,::1/128")
                .split(',')
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim().parse())
                .collect::<Result<_, _>>()
                .map_err(|e| anyhow::anyhow!("EPTSP_TRUSTED_PROXIES: {e}"))?,
            limits: Limits::default(),
            blob_dir: var("EPTSP_BLOB_DIR", ".dev/blobs").into(),
            s3: std::env::var("EPTSP_S3_URL")
                .ok()
                .map(|u| crate::storage::S3Config::from_url(&u, &var("EPTSP_S3_REGION", "garage")))
                .transpose()?,
            upload_quota_bytes: var("EPTSP_UPLOAD_QUOTA_MB", "2048").parse::<u64>()? * 1024 * 1024,
            upload_ttl: Duration::from_secs(var("EPTSP_UPLOAD_TTL_SECS", "86400").parse()?),
            request_timeout: Duration::from_secs(var("EPTSP_REQUEST_TIMEOUT_SECS", "30").parse()?),
            upload_timeout: Duration::from_secs(var("EPTSP_UPLOAD_TIMEOUT_SECS", "600").parse()?),
            ws_recheck: Duration::from_secs(var("EPTSP_WS_RECHECK_SECS", "15").parse()?),
            job_wake: Duration::from_secs(var("EPTSP_JOB_WAKE_SECS", "60").parse()?),
            job_period: std::env::var("EPTSP_JOB_PERIOD_SECS")
                .ok()
                .map(|s| s.parse().map(Duration::from_secs))
                .transpose()?,
            signing_key_file: std::env::var_os("EPTSP_SIGNING_KEY_FILE").map(Into::into),
            public_url: var("EPTSP_PUBLIC_URL", "http://127.0.0.1:8787"),
            izin_pattern: var("EPTSP_IZIN_PATTERN", DEFAULT_IZIN_PATTERN),
            signer_title: var("EPTSP_SIGNER_TITLE", DEFAULT_SIGNER_TITLE),
            chat_auto_reply: var("EPTSP_CHAT_AUTO_REPLY", "true") != "false",
            revision_lapse: {
                let v = var("EPTSP_REVISION_LAPSE", "perpanjang");
                eptsp_core::office::RevisionLapse::parse(&v).ok_or_else(|| {
                    anyhow::anyhow!("EPTSP_REVISION_LAPSE: tolak or perpanjang, not {v:?}")
                })?
            },
        })
    }
}
