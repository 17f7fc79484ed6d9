//! Mail through an office relay as it is set up in production: STARTTLS with a
//! certificate chained to the office's CA, and AUTH PLAIN. The relay is the project's
//! mail sink speaking real SMTP over real TLS; the server's outbox sends to it.

use std::time::Duration;

use eptsp_server::AppState;
use eptsp_server::config::{Limits, SmtpTls};
use eptsp_server::mailsink::MailSink;
use eptsp_server::testkit;

/// A CA and a certificate for `localhost` signed by it, written to `dir`: (ca, chain, key).
fn certificates(
    dir: &std::path::Path,
) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "CA Uji DPMPTSP");
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .signed_by(&leaf_key, &ca, &ca_key)
        .unwrap();
    let (ca_path, chain, key) = (
        dir.join("ca.pem"),
        dir.join("chain.pem"),
        dir.join("key.pem"),
    );
    std::fs::write(&ca_path, ca.pem()).unwrap();
    std::fs::write(&chain, format!("{}{}", leaf.pem(), ca.pem())).unwrap();
    std::fs::write(&key, leaf_key.serialize_pem()).unwrap();
    (ca_path, chain, key)
}

async fn outbox_row(state: &AppState, to: &str) -> (bool, i32, Option<String>) {
    sqlx::query_as(
        "SELECT sent_at IS NOT NULL, attempts, last_error FROM mail_outbox WHERE recipient = $1",
    )
    .bind(to)
    .fetch_one(&state.db)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_goes_over_starttls_with_credentials_and_a_checked_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, chain, key) = certificates(dir.path());
    let relay =
        MailSink::start_secure("127.0.0.1:0", &chain, &key, "kantor", "Rahasia2026").unwrap();
    let db = testkit::fresh_db().await;
    let instance = |password: &str, trust_ca: bool| {
        let mut c = testkit::test_config(&relay, Limits::default(), "http://127.0.0.1:8787");
        c.smtp_tls = SmtpTls::StartTls;
        c.smtp_tls_domain = Some("localhost".into());
        c.smtp_ca_file = trust_ca.then(|| ca.clone());
        c.smtp_user = Some("kantor".into());
        c.smtp_password = Some(password.into());
        let state = AppState::new(db.clone(), c).unwrap();
        state.start_background();
        state
    };

    // The office's settings: delivered, over TLS, after AUTH.
    let good = instance("Rahasia2026", true);
    eptsp_server::mail::enqueue(&good, "ani@example.co.id", "Kode", "Kode Anda: 123456")
        .await
        .unwrap();
    let mail = relay
        .wait_for("ani@example.co.id", 0, Duration::from_secs(10))
        .await
        .expect("delivered through the TLS relay");
    assert_eq!(mail.code().as_deref(), Some("123456"));
    // Marked sent once the relay's 250 is in (a moment after the relay has it).
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while !outbox_row(&good, "ani@example.co.id").await.0 {
        assert!(std::time::Instant::now() < deadline, "never marked sent");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A relay whose certificate is not trusted, or that refuses the credentials, gets no mail:
/// the message stays in the outbox with the reason, not sent in the clear or lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_untrusted_certificate_or_wrong_credentials_send_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, chain, key) = certificates(dir.path());
    let relay =
        MailSink::start_secure("127.0.0.1:0", &chain, &key, "kantor", "Rahasia2026").unwrap();
    for (to, password, trust_ca, reason) in [
        ("a@example.co.id", "Rahasia2026", false, "certificate"),
        ("b@example.co.id", "Salah", true, "535"),
    ] {
        let mut c = testkit::test_config(&relay, Limits::default(), "http://127.0.0.1:8787");
        c.smtp_tls = SmtpTls::StartTls;
        c.smtp_tls_domain = Some("localhost".into());
        c.smtp_ca_file = trust_ca.then(|| ca.clone());
        c.smtp_user = Some("kantor".into());
        c.smtp_password = Some(password.into());
        let state = AppState::new(testkit::fresh_db().await, c).unwrap();
        state.start_background();
        eptsp_server::mail::enqueue(&state, to, "Kode", "Kode Anda: 654321")
            .await
            .unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let (sent, attempts, error) = loop {
            let row = outbox_row(&state, to).await;
            if row.1 > 0 && row.2.is_some() {
                break row;
            }
            assert!(std::time::Instant::now() < deadline, "no attempt was made");
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        assert!(!sent);
        assert!(attempts >= 1);
        let error = error.unwrap();
        assert!(error.to_lowercase().contains(reason), "{to}: {error}");
    }
    assert!(relay.mails().is_empty());
}
