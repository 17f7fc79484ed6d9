//! A local SMTP server that keeps what it receives: the development mailbox for
//! `scripts/run.sh` and the real SMTP peer of the tests (the server talks real SMTP to it;
//! tests read the codes from what arrived).

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mailin_embedded::{Handler, Response, Server, SslConfig};

#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
}

impl ReceivedMail {
    /// The first run of exactly six digits in the body: the code or PIN.
    pub fn code(&self) -> Option<String> {
        let b = self.body.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i].is_ascii_digit() {
                let start = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                if i - start == 6 {
                    return Some(self.body[start..i].to_owned());
                }
            } else {
                i += 1;
            }
        }
        None
    }
}

type Inbox = Arc<Mutex<Vec<ReceivedMail>>>;

/// Whether the sink refuses mail for now, and how many it refused.
#[derive(Default)]
struct Refusal {
    on: std::sync::atomic::AtomicBool,
    count: std::sync::atomic::AtomicUsize,
}

#[derive(Clone)]
struct Collector {
    inbox: Inbox,
    refusal: Arc<Refusal>,
    echo: bool,
    /// The user and password AUTH PLAIN must give, when the sink asks for them.
    credentials: Option<(String, String)>,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Collector {
    fn auth_plain(&mut self, _authorization_id: &str, user: &str, password: &str) -> Response {
        match &self.credentials {
            Some((u, p)) if u == user && p == password => mailin_embedded::response::AUTH_OK,
            _ => mailin_embedded::response::INVALID_CREDENTIALS,
        }
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        use std::sync::atomic::Ordering::SeqCst;
        if self.refusal.on.load(SeqCst) {
            self.refusal.count.fetch_add(1, SeqCst);
            // A transient refusal, as a busy or overloaded relay gives.
            return mailin_embedded::response::INTERNAL_ERROR;
        }
        self.to = to.to_vec();
        self.data.clear();
        mailin_embedded::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let parsed = mail_parser::MessageParser::default().parse(&self.data);
        let (subject, body) = parsed
            .map(|m| {
                (
                    m.subject().unwrap_or_default().to_owned(),
                    m.body_text(0)
                        .map(std::borrow::Cow::into_owned)
                        .unwrap_or_default(),
                )
            })
            .unwrap_or_default();
        let mail = ReceivedMail {
            to: std::mem::take(&mut self.to),
            subject,
            body,
        };
        if self.echo {
            println!(
                "--- mail to {} ---\nSubject: {}\n{}\n",
                mail.to.join(", "),
                mail.subject,
                mail.body
            );
        }
        self.inbox.lock().expect("inbox lock").push(mail);
        mailin_embedded::response::OK
    }
}

struct Tls {
    cert_path: String,
    key_path: String,
    credentials: (String, String),
}

/// A running sink. It lives until the process ends.
#[derive(Clone)]
pub struct MailSink {
    pub addr: SocketAddr,
    inbox: Inbox,
    refusal: Arc<Refusal>,
}

impl MailSink {
    /// Listens on `addr` (`127.0.0.1:0` for any free port); `echo` prints each mail.
    pub fn start(addr: &str, echo: bool) -> anyhow::Result<Self> {
        Self::start_with(addr, echo, None)
    }

    /// A sink as an office's relay is set up: STARTTLS with the certificate (and its chain)
    /// in `cert_path` and the key in `key_path`, and AUTH PLAIN (allowed only after
    /// STARTTLS) with `user` and `password` required before any mail.
    pub fn start_secure(
        addr: &str,
        cert_path: &std::path::Path,
        key_path: &std::path::Path,
        user: &str,
        password: &str,
    ) -> anyhow::Result<Self> {
        // mailin's TLS asks rustls for the process's provider; with two compiled in (as in a
        // test binary that also has reqwest's), one must be chosen.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let tls = Tls {
            cert_path: cert_path.to_string_lossy().into_owned(),
            key_path: key_path.to_string_lossy().into_owned(),
            credentials: (user.to_owned(), password.to_owned()),
        };
        Self::start_with(addr, false, Some(tls))
    }

    fn start_with(addr: &str, echo: bool, tls: Option<Tls>) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let inbox: Inbox = Arc::default();
        let refusal: Arc<Refusal> = Arc::default();
        let handler = Collector {
            inbox: inbox.clone(),
            refusal: refusal.clone(),
            echo,
            credentials: tls.as_ref().map(|t| t.credentials.clone()),
            to: Vec::new(),
            data: Vec::new(),
        };
        let mut server = Server::new(handler);
        let ssl = match &tls {
            None => SslConfig::None,
            Some(t) => SslConfig::SelfSigned {
                cert_path: t.cert_path.clone(),
                key_path: t.key_path.clone(),
            },
        };
        server
            .with_name("mailsink.local")
            .with_ssl(ssl)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if tls.is_some() {
            server.with_auth(mailin_embedded::AuthMechanism::Plain);
        }
        server.with_tcp_listener(listener);
        std::thread::spawn(move || {
            if let Err(e) = server.serve() {
                eprintln!("mail sink stopped: {e}");
            }
        });
        Ok(MailSink {
            addr,
            inbox,
            refusal,
        })
    }

    /// The first mail to `to` whose subject holds `subject`, waiting up to `timeout` for it
    /// (mail leaves through the outbox, so an earlier message may land after a later
    /// request: match on what the mail says, not on its place).
    pub async fn wait_for_subject(
        &self,
        to: &str,
        subject: &str,
        timeout: Duration,
    ) -> Option<ReceivedMail> {
        let deadline = Instant::now() + timeout;
        loop {
            let found = self.mails().into_iter().find(|m| {
                m.subject.contains(subject) && m.to.iter().any(|t| t.eq_ignore_ascii_case(to))
            });
            if found.is_some() || Instant::now() >= deadline {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// From now on, answer every message "451, try again later" (`true`), or accept again.
    pub fn refuse(&self, on: bool) {
        self.refusal
            .on
            .store(on, std::sync::atomic::Ordering::SeqCst);
    }

    /// How many messages were refused so far.
    pub fn refused(&self) -> usize {
        self.refusal.count.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub fn mails(&self) -> Vec<ReceivedMail> {
        self.inbox.lock().expect("inbox lock").clone()
    }

    /// The newest mail to `to` that arrived after the first `after` mails, waiting up to
    /// `timeout` for it (asynchronously: the server's mail sender may share the runtime).
    pub async fn wait_for(
        &self,
        to: &str,
        after: usize,
        timeout: Duration,
    ) -> Option<ReceivedMail> {
        let deadline = Instant::now() + timeout;
        loop {
            let found = self
                .mails()
                .into_iter()
                .skip(after)
                .rfind(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(to)));
            if found.is_some() || Instant::now() >= deadline {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ReceivedMail;

    #[test]
    fn the_code_is_the_first_six_digit_run() {
        let m = ReceivedMail {
            to: vec![],
            subject: String::new(),
            body: "Berlaku 15 menit. Kode: 042917, telp 0541123456".into(),
        };
        assert_eq!(m.code().as_deref(), Some("042917"));
    }
}
