//! Outgoing e-mail (verification codes, reset PINs, status changes, reminders) through an
//! outbox in PostgreSQL. A request queues its message ([`enqueue`]) and answers; a sender
//! task on every instance takes due messages ([`deliver_due`]) and hands them to the SMTP
//! server, retrying with backoff while it is down or refuses, so no message is lost when
//! the mail server is away.
//!
//! Sent once: a message is claimed with a lease (`FOR UPDATE SKIP LOCKED`, so two
//! instances never take the same one) and marked sent as soon as the SMTP server has
//! accepted it. Only a process killed between the server's "250 OK" and that mark can send
//! a message again after the lease; its `Message-ID` is the same both times, so mail
//! systems drop the copy.
//!
//! SMTP with STARTTLS or implicit TLS (certificates checked against the web's roots, or a
//! CA file of the office's own) and credentials.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::PgPool;

use crate::AppState;
use crate::config::{Config, SmtpTls};

/// How long a sender may hold a message before another may try it.
const CLAIM_SECS: f64 = 120.0;
/// After this many refusals a message is given up (kept, with its last error).
pub const MAX_ATTEMPTS: i32 = 25;

/// Wait before the next attempt after `attempts` failures: `base`, twice that, four times
/// … at most 15 minutes (with the default base of 5 s: 5 s, 10 s, 20 s …).
pub fn backoff(base: Duration, attempts: i32) -> Duration {
    let factor = 1u32 << (attempts - 1).clamp(0, 10) as u32;
    (base * factor).min(Duration::from_secs(900))
}

#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: lettre::message::Mailbox,
    /// The domain of `Message-ID`s.
    domain: String,
}

impl Mailer {
    pub fn new(config: &Config) -> anyhow::Result<Self> {
        let host = config.smtp_host.as_str();
        let tls = match config.smtp_tls {
            SmtpTls::None => Tls::None,
            mode => {
                let domain = config.smtp_tls_domain.as_deref().unwrap_or(host);
                let mut params = TlsParameters::builder(domain.to_owned());
                if let Some(path) = &config.smtp_ca_file {
                    let pem = std::fs::read(path).map_err(|e| {
                        anyhow::anyhow!("cannot read the SMTP CA file {}: {e}", path.display())
                    })?;
                    params = params.add_root_certificate(Certificate::from_pem(&pem)?);
                }
                let params = params.build()?;
                if mode == SmtpTls::Implicit {
                    Tls::Wrapper(params)
                } else {
                    Tls::Required(params)
                }
            }
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(config.smtp_port)
            .tls(tls)
            .timeout(Some(Duration::from_secs(10)));
        if let Some(user) = &config.smtp_user {
            builder = builder.credentials(Credentials::new(
                user.clone(),
                config.smtp_password.clone().unwrap_or_default(),
            ));
        }
        let from: lettre::message::Mailbox = config.mail_from.parse()?;
        let domain = from.email.domain().to_owned();
        Ok(Mailer {
            transport: builder.build(),
            from,
            domain,
        })
    }

    async fn send(&self, id: i64, to: &str, subject: &str, body: String) -> Result<(), SendError> {
        let msg = Message::builder()
            .from(self.from.clone())
            .to(to
                .parse()
                .map_err(|e| SendError::Permanent(format!("bad recipient: {e}")))?)
            .subject(subject)
            .message_id(Some(format!("<outbox-{id}@{}>", self.domain)))
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| SendError::Permanent(e.to_string()))?;
        self.transport.send(msg).await.map(|_| ()).map_err(|e| {
            if e.is_permanent() {
                SendError::Permanent(e.to_string())
            } else {
                SendError::Transient(e.to_string())
            }
        })
    }
}

enum SendError {
    /// Down, refused for now (4xx), a timeout: try again later.
    Transient(String),
    /// Refused for good (5xx, a malformed address): retried a few times only.
    Permanent(String),
}

/// Queues a message and wakes the sender.
pub async fn enqueue(state: &AppState, to: &str, subject: &str, body: &str) -> sqlx::Result<i64> {
    let id = enqueue_on(&state.db, to, subject, body).await?;
    state.mail_queued.notify_one();
    Ok(id)
}

/// Queues a message on `db` (a pool or a transaction, so a message can be queued in the
/// same transaction as the change it tells of).
pub async fn enqueue_on<'e>(
    db: impl sqlx::PgExecutor<'e>,
    to: &str,
    subject: &str,
    body: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        "INSERT INTO mail_outbox (recipient, subject, body) VALUES ($1, $2, $3) RETURNING id",
        to,
        subject,
        body
    )
    .fetch_one(db)
    .await
}

/// Sends what is due, one message at a time (each claimed just before it is sent, so a
/// slow relay never lets a claim run out on messages still waiting their turn); returns
/// how many were sent. Stops at the first transient failure: the relay is down or
/// refusing, and the rest would only burn their attempts.
pub async fn deliver_due(db: &PgPool, mailer: &Mailer, base: Duration) -> sqlx::Result<usize> {
    let mut sent = 0;
    loop {
        let next = sqlx::query!(
            "UPDATE mail_outbox SET claimed_until = now() + make_interval(secs => $1),
                    attempts = attempts + 1
             WHERE id = (SELECT id FROM mail_outbox
                         WHERE sent_at IS NULL AND attempts < $2 AND next_try_at <= now()
                           AND (claimed_until IS NULL OR claimed_until < now())
                         ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
             RETURNING id, recipient, subject, body, attempts",
            CLAIM_SECS,
            MAX_ATTEMPTS
        )
        .fetch_optional(db)
        .await?
        .map(|r| (r.id, r.recipient, r.subject, r.body, r.attempts));
        let Some((id, to, subject, body, attempts)) = next else {
            return Ok(sent);
        };
        match mailer.send(id, &to, &subject, body).await {
            Ok(()) => {
                sqlx::query!(
                    "UPDATE mail_outbox SET sent_at = now(), claimed_until = NULL, last_error = NULL
                     WHERE id = $1",
                    id
                )
                .execute(db)
                .await?;
                sent += 1;
            }
            Err(e) => {
                let (error, attempts, transient) = match e {
                    SendError::Transient(e) => (e, attempts, true),
                    // A refusal for good is tried again only a few times (a relay that
                    // answers 5xx while misconfigured), not 25; the others go on.
                    SendError::Permanent(e) => (e, attempts.max(MAX_ATTEMPTS - 3), false),
                };
                tracing::warn!(mail = id, attempts, error = %error, "mail not sent; will retry");
                sqlx::query!(
                    "UPDATE mail_outbox SET claimed_until = NULL, last_error = $2, attempts = $3,
                            next_try_at = now() + make_interval(secs => $4)
                     WHERE id = $1",
                    id,
                    error,
                    attempts,
                    backoff(base, attempts).as_secs_f64()
                )
                .execute(db)
                .await?;
                if transient {
                    return Ok(sent);
                }
            }
        }
    }
}

/// The sender: runs until the process ends, woken by new messages and by the next
/// message's due time.
pub async fn run_sender(state: AppState) {
    loop {
        if let Err(e) = deliver_due(&state.db, &state.mailer, state.config.mail_retry_base).await {
            tracing::warn!(error = %e, "mail outbox unavailable");
        }
        let next: Option<f64> = sqlx::query_scalar!(
            "SELECT EXTRACT(EPOCH FROM (min(greatest(next_try_at, coalesce(claimed_until, next_try_at))) - now()))::float8
             FROM mail_outbox WHERE sent_at IS NULL AND attempts < $1",
            MAX_ATTEMPTS
        )
        .fetch_one(&state.db)
        .await
        .ok()
        .flatten();
        let wait = next.map_or(30.0, |s| s.clamp(0.02, 30.0));
        tokio::select! {
            _ = state.mail_queued.notified() => {}
            _ = tokio::time::sleep(Duration::from_secs_f64(wait)) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    #[test]
    fn retries_back_off_by_doubling_up_to_a_quarter_hour() {
        let b = Duration::from_secs(5);
        let waits: Vec<u64> = (1..=10).map(|a| super::backoff(b, a).as_secs()).collect();
        assert_eq!(waits, vec![5, 10, 20, 40, 80, 160, 320, 640, 900, 900]);
    }
}
