//! The desktop talks to a server beyond this computer only over https, and checks its
//! certificate as usual: a server whose certificate no trusted authority signed is not
//! reached (the handshake is refused), although the server itself answers fine to a client
//! that skips the check.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// An https server on loopback with a self-signed certificate for `localhost`, answering
/// every request with the health JSON; returns its port and the count of completed
/// handshakes.
async fn self_signed_server() -> (u16, Arc<AtomicUsize>) {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(cert.key_pair.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![cert.cert.der().clone()], key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let handshakes = Arc::new(AtomicUsize::new(0));
    let done = handshakes.clone();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let (acceptor, done) = (acceptor.clone(), done.clone());
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                done.fetch_add(1, Ordering::SeqCst);
                let mut buf = [0u8; 4096];
                let _ = tls.read(&mut buf).await;
                let body = r#"{"status":"ok","version":"0.1.0"}"#;
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (port, handshakes)
}

#[tokio::test]
async fn an_https_server_with_an_untrusted_certificate_is_not_reached() {
    let (port, handshakes) = self_signed_server().await;
    let url = format!("https://localhost:{port}");
    // The server works: a client that skips the certificate check gets its answer.
    let careless = reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    let r = careless
        .get(format!("{url}/api/v1/health"))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    assert_eq!(handshakes.load(Ordering::SeqCst), 1);

    // The desktop does not skip it: no handshake completes, the app stays offline.
    let dir = tempfile::tempdir().unwrap();
    let b = common::desktop(dir.path(), common::DEAD).await;
    let s = b.set_server(&url).await.unwrap();
    assert_eq!(s.server_url, url);
    assert!(!s.online);
    assert!(!b.check_connectivity().await);
    assert_eq!(
        handshakes.load(Ordering::SeqCst),
        1,
        "the desktop completed a handshake"
    );
}
