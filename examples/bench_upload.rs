//! Measures the resumable upload of a 50 MB file over loopback, with the connection cut
//! at about half way and the upload resumed, against one plain HTTP PUT of the same
//! bytes, and counts the bytes sent twice after the cut (as they leave the desktop). The server is the real one over
//! a real PostgreSQL (`EPTSP_TEST_PG`, started by `scripts/bench.sh`); the cut is made by
//! a TCP relay between the client and the server that drops both sockets once half the
//! file has gone through it.
//!
//! Run with `scripts/bench.sh`.

use eptsp_core::endpoints as e;
#[path = "common/report.rs"]
mod report;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::routing::put;
use eptsp_core::api::LoginRequest;
use eptsp_core::submission::UploadStart;
use eptsp_desktop::client::ApiClient;
use eptsp_desktop::sync::Upload;
use eptsp_server::config::Limits;
use eptsp_server::testkit::{TestServer, UploadMeter, pdf_bytes};
use futures_util::StreamExt;
use sha2::Digest;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const SIZE: usize = 50 * 1024 * 1024;

const RUNS: u64 = 3;

/// A TCP relay to `upstream` that cuts every connection once `cut_after` bytes have gone
/// from the client to the server (then lets new connections through untouched).
#[derive(Clone)]
struct Relay {
    addr: SocketAddr,
    cut_after: Arc<AtomicU64>,
    forwarded: Arc<AtomicU64>,
}

impl Relay {
    async fn start(upstream: SocketAddr) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let relay = Relay {
            addr: listener.local_addr().unwrap(),
            cut_after: Arc::new(AtomicU64::new(u64::MAX)),
            forwarded: Arc::new(AtomicU64::new(0)),
        };
        let r = relay.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let server = TcpStream::connect(upstream).await.unwrap();
                // A cable, not a buffer: no hop of its own delays small writes (Nagle).
                client.set_nodelay(true).unwrap();
                server.set_nodelay(true).unwrap();
                tokio::spawn(r.clone().pipe(client, server));
            }
        });
        relay
    }

    async fn pipe(self, client: TcpStream, server: TcpStream) {
        let (mut cr, mut cw) = client.into_split();
        let (mut sr, mut sw) = server.into_split();
        let down = tokio::spawn(async move {
            let _ = tokio::io::copy(&mut sr, &mut cw).await;
        });
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match cr.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let total = self.forwarded.fetch_add(n as u64, Ordering::SeqCst) + n as u64;
            if total >= self.cut_after.load(Ordering::SeqCst) {
                // The cable is pulled: both directions drop, once.
                self.cut_after.store(u64::MAX, Ordering::SeqCst);
                down.abort();
                return;
            }
            if sw.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
        let _ = down.await;
    }
}

/// Streams `body` into the file at `path`, flushed to the disk first when `durable`.
async fn put_to(path: std::path::PathBuf, body: Body, durable: bool) {
    let mut f = tokio::fs::File::create(&path).await.unwrap();
    let mut s = body.into_data_stream();
    while let Some(chunk) = s.next().await {
        f.write_all(&chunk.unwrap()).await.unwrap();
    }
    f.flush().await.unwrap();
    if durable {
        f.sync_data().await.unwrap();
    }
}

fn mbps(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64()
}

/// Uploads until done or cut; returns whether it finished.
async fn upload(up: &mut Upload<'_>) -> bool {
    loop {
        match up.step().await {
            Ok(true) => return true,
            Ok(false) => {}
            Err(_) => return false,
        }
    }
}

#[tokio::main]
async fn main() {
    let meter = UploadMeter::default();
    let m = meter.clone();
    let plain_dir = tempfile::tempdir().unwrap();
    let plain_file = plain_dir.path().join("plain.bin");
    let pf = plain_file.clone();
    // The plain PUT: the body streamed to a file, as a bare upload endpoint would; and the
    // same PUT flushing the file to the disk before it answers, as the resumable upload
    // does before it reports a file complete.
    let pf2 = plain_file.clone();
    let server = TestServer::start_wrapped(Limits::default(), move |r| {
        m.wrap(r)
            .route("/plain", put(move |body: Body| put_to(pf, body, false)))
            .route("/durable", put(move |body: Body| put_to(pf2, body, true)))
    })
    .await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let relay = Relay::start(server.addr).await;
    let api = ApiClient::new(&format!("http://{}", relay.addr));
    let token = api
        .send::<e::Login>(
            None,
            (),
            &LoginRequest {
                login: "pemohon@dpmptsp.test".into(),
                password: "Pemohon2026".into(),
            },
        )
        .await
        .expect("demo login")
        .token;
    let work = tempfile::tempdir().unwrap();

    let mut resumed = Vec::new();
    let mut resent = Vec::new();
    let mut whole = Vec::new();
    let mut plain = Vec::new();
    let mut durable = Vec::new();
    // The files are read from an account's File Saya, encrypted as in the app.
    let files = eptsp_desktop::files::FileStore::new(
        work.path(),
        eptsp_desktop::crypto::DataKey::generate(),
    );
    for run in 0..RUNS {
        // Resumable, cut at half way and resumed at once.
        let bytes = pdf_bytes(SIZE, 10_001 + 2 * run);
        let sha = hex(&sha2::Sha256::digest(&bytes));
        files.store_bytes(&sha, &bytes).unwrap();
        let file = UploadStart {
            sha256: sha.clone(),
            size: SIZE as u64,
            name: "besar.pdf".into(),
        };
        // What the desktop sends, counted where it leaves it (the relay), headers included.
        let before = relay.forwarded.load(Ordering::SeqCst);
        relay
            .cut_after
            .store(before + SIZE as u64 / 2, Ordering::SeqCst);
        let t = Instant::now();
        let mut up = Upload::start(&api, &token, file.clone(), files.clone())
            .await
            .unwrap();
        assert!(!upload(&mut up).await, "the relay cut the upload");
        let owner: uuid::Uuid =
            sqlx::query_scalar("SELECT started_by FROM uploads WHERE sha256 = $1")
                .bind(&sha)
                .fetch_one(&server.state.db)
                .await
                .unwrap();
        let cut_at = server.state.storage.received(&sha, owner).await.unwrap();
        let mut up = Upload::start(&api, &token, file, files.clone())
            .await
            .unwrap();
        // Where the server stands (what came of the chunk cut is kept once it is written).
        assert!(up.offset() >= cut_at, "resumes from the server's offset");
        assert!(upload(&mut up).await);
        resumed.push(t.elapsed());
        resent.push(relay.forwarded.load(Ordering::SeqCst) - before - SIZE as u64);
        let stored = server.state.storage.read(&sha).await.unwrap();
        assert_eq!(hex(&sha2::Sha256::digest(&stored)), sha);

        // Resumable, not cut.
        let bytes = pdf_bytes(SIZE, 20_001 + 2 * run);
        let sha = hex(&sha2::Sha256::digest(&bytes));
        files.store_bytes(&sha, &bytes).unwrap();
        let file = UploadStart {
            sha256: sha,
            size: SIZE as u64,
            name: "besar.pdf".into(),
        };
        let t = Instant::now();
        let mut up = Upload::start(&api, &token, file, files.clone())
            .await
            .unwrap();
        assert!(upload(&mut up).await);
        whole.push(t.elapsed());

        // One plain PUT of the same size, then one that flushes.
        let http = reqwest::Client::new();
        for (path, times) in [("plain", &mut plain), ("durable", &mut durable)] {
            let t = Instant::now();
            let r = http
                .put(format!("http://{}/{path}", relay.addr))
                .body(bytes.clone())
                .send()
                .await
                .unwrap();
            assert!(r.status().is_success());
            times.push(t.elapsed());
            assert_eq!(std::fs::metadata(&plain_file).unwrap().len(), SIZE as u64);
        }
    }

    // The work the resumable upload does and the plain PUT does not, each alone on one
    // core: reading the file out of the encrypted File Saya, and the server's SHA-256 check
    // of what it received. On two cores shared by the desktop, the relay and the server,
    // this is what keeps the upload from a PUT of bytes already in memory.
    let bytes = pdf_bytes(SIZE, 99_999);
    let sha = hex(&sha2::Sha256::digest(&bytes));
    files.store_bytes(&sha, &bytes).unwrap();
    let (mut decrypt, mut hash) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let t = Instant::now();
        let plain = files.read_all(&sha).unwrap();
        decrypt.push(t.elapsed());
        assert_eq!(plain.len(), SIZE);
        let t = Instant::now();
        let h = sha2::Sha256::digest(&plain);
        hash.push(t.elapsed());
        assert_eq!(hex(&h), sha);
    }
    report::row(
        "CPU the PUT does not spend: 50 MB read out of the encrypted File Saya",
        "ms",
        &report::ms(&decrypt),
        None,
        "—",
    );
    report::row(
        "CPU the PUT does not spend: the server's SHA-256 of 50 MB",
        "ms",
        &report::ms(&hash),
        None,
        "—",
    );

    let med = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let put = report::ms(&plain);
    let goal = "≤ 1.43 (≥ 0.7× the PUT's throughput)";
    report::row(
        "upload 50 MB, cut at half and resumed",
        "ms",
        &report::ms(&resumed),
        Some(("one plain HTTP PUT of the same bytes", &put)),
        goal,
    );
    report::row(
        "upload 50 MB, resumable, not cut",
        "ms",
        &report::ms(&whole),
        Some(("one plain HTTP PUT of the same bytes", &put)),
        goal,
    );
    report::row(
        "upload 50 MB, cut at half and resumed",
        "ms",
        &report::ms(&resumed),
        Some((
            "the same PUT, flushed to the disk before it answers",
            &report::ms(&durable),
        )),
        goal,
    );
    let kib = |n: u64| n as f64 / 1024.0;
    report::row(
        "bytes sent twice after the cut",
        "KiB",
        &resent.iter().map(|n| kib(*n)).collect::<Vec<_>>(),
        Some((
            "one chunk (the largest)",
            &[kib(eptsp_core::submission::MAX_CHUNK_BYTES as u64)],
        )),
        "≤ 1",
    );
    let (r, w, p) = (med(resumed), med(whole), med(plain));
    println!(
        "upload 50 MB over loopback, median of {RUNS} runs (chunks from {} KiB, sized to the line):",
        eptsp_desktop::sync::CHUNK_BYTES / 1024
    );
    println!(
        "  cut at ~50 % and resumed: {:>7.1} ms  {:>6.1} MB/s",
        r.as_secs_f64() * 1e3,
        mbps(SIZE, r)
    );
    println!(
        "  resumable, not cut:       {:>7.1} ms  {:>6.1} MB/s",
        w.as_secs_f64() * 1e3,
        mbps(SIZE, w)
    );
    println!(
        "  plain HTTP PUT:           {:>7.1} ms  {:>6.1} MB/s",
        p.as_secs_f64() * 1e3,
        mbps(SIZE, p)
    );
    let d = med(durable);
    println!(
        "  PUT, flushed before it answers: {:>7.1} ms  {:>6.1} MB/s",
        d.as_secs_f64() * 1e3,
        mbps(SIZE, d)
    );
    println!(
        "  throughput ratio (cut and resumed / plain PUT): {:.2}",
        p.as_secs_f64() / r.as_secs_f64()
    );
    println!("  bytes sent twice after the cut: {resent:?} (at most one chunk)");
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
