//! Shared set-up for the desktop story tests: a desktop backend on a real SQLite file, a
//! signed-in applicant registered on the real server, and a draft ready to send.

#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use eptsp_core::api::{EmailCodeRequest, JenisKelamin, Pendidikan, RegionCodes, RegisterRequest};
use eptsp_core::catalogue::ApplicationKind;
use eptsp_core::dossier::{Attachment, DraftData};
use eptsp_desktop::backend::Backend;
use eptsp_desktop::store::Store;
use eptsp_server::testkit::TestServer;
// Not every test binary that includes this module uses it.
#[allow(unused_imports)]
pub use eptsp_server::testkit::pdf_bytes as pdf;

/// A port nothing listens on: connections are refused at once, as with no network.
pub const DEAD: &str = "http://127.0.0.1:9";

pub async fn desktop(dir: &Path, server: &str) -> Arc<Backend> {
    let store = Store::open(&dir.join("eptsp.sqlite")).await.unwrap();
    let b = Backend::open(store).await.unwrap();
    b.api.set_base(server);
    b
}

/// Ani's registration form, with the e-mail `code`.
pub fn form(code: &str) -> RegisterRequest {
    RegisterRequest {
        nik: "6472015505900011".into(),
        npwp: String::new(),
        password: "Kaltim2026".into(),
        nama: "Ani Lestari".into(),
        jenis_kelamin: Some(JenisKelamin::Perempuan),
        tanggal_lahir: "1990-05-15".into(),
        pendidikan: Some(Pendidikan::S1),
        alamat: "Jl. Juanda No. 7".into(),
        wilayah: RegionCodes {
            provinsi: "64".into(),
            kabupaten: "64.72".into(),
            kecamatan: "64.72.01".into(),
            kelurahan: "64.72.01.1001".into(),
        },
        no_hp: "081255550001".into(),
        kode_pos: "75124".into(),
        email: "ani@example.co.id".into(),
        email_code: code.into(),
    }
}

/// Registers Ani through the desktop, with the code read from the SMTP sink.
pub async fn register(server: &TestServer, b: &Backend) {
    let before = server.mail.mails().len();
    b.email_code(EmailCodeRequest {
        email: "ani@example.co.id".into(),
    })
    .await
    .unwrap();
    let code = server
        .mail
        .wait_for("ani@example.co.id", before, Duration::from_secs(5))
        .await
        .and_then(|m| m.code())
        .expect("code mail");
    b.register(form(&code)).await.unwrap();
}

/// A registered, signed-in desktop with the catalogue downloaded: ready to work offline.
pub async fn applicant(server: &TestServer, dir: &Path) -> Arc<Backend> {
    let b = desktop(dir, &server.url()).await;
    register(server, &b).await;
    b.catalogue().await.unwrap();
    b
}

/// Ani signs in again with "Tetap masuk": her key goes to the system's credential store
/// (a real Secret Service, `scripts/keyring-session.sh`), so that the next start of the app
/// on this folder, or a headless worker, opens her store without the password.
pub async fn stay_signed_in(b: &Backend) {
    b.login_with(
        eptsp_core::api::LoginRequest {
            login: "6472015505900011".into(),
            password: "Kaltim2026".into(),
        },
        true,
    )
    .await
    .unwrap();
}

pub use eptsp_server::testkit::lokasi_samarinda;

/// A SIPA (baru) draft with every step filled and `file_id` attached to each requirement.
pub async fn complete_draft(b: &Backend, file_id: &str) -> String {
    let d = b.drafts_create().await.unwrap();
    let catalogue = b.catalogue().await.map(|c| c.catalogue).unwrap();
    let (_, sipa) = catalogue.permit_type("sipa").unwrap();
    let data = DraftData {
        agency_id: "esdm".into(),
        permit_type_id: "sipa".into(),
        kind: Some(ApplicationKind::Baru),
        lokasi: lokasi_samarinda(),
        keterangan: "Sumur bor untuk pabrik es balok".into(),
        detail: eptsp_server::testkit::sipa_detail(),
        attachments: sipa
            .requirements_for(ApplicationKind::Baru)
            .map(|r| Attachment {
                requirement_id: r.id,
                file_id: file_id.to_owned(),
            })
            .collect(),
        pernyataan: true,
        ..d.data.clone()
    };
    b.drafts_save(&d.id, 5, &data).await.unwrap();
    d.id
}

/// The text of the PDF at `path`, read back with pdftotext (layout kept).
pub fn pdf_text(path: impl AsRef<Path>) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(path.as_ref())
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// Counts every HTTP request `router` is sent (a WebSocket's upgrade included): for
/// `TestServer::start_wrapped`.
pub fn counting(router: axum::Router, n: Arc<std::sync::atomic::AtomicU64>) -> axum::Router {
    async fn count(
        axum::extract::State(n): axum::extract::State<Arc<std::sync::atomic::AtomicU64>>,
        req: axum::extract::Request,
        next: axum::middleware::Next,
    ) -> axum::response::Response {
        n.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        next.run(req).await
    }
    router.layer(axum::middleware::from_fn_with_state(n, count))
}

/// A desktop at `dir` signed in as the officer `login` (a verifier, a signer, the admin).
pub async fn officer(server: &TestServer, dir: &Path, login: &str, password: &str) -> Arc<Backend> {
    let b = desktop(dir, &server.url()).await;
    b.login(eptsp_core::api::LoginRequest {
        login: login.into(),
        password: password.into(),
    })
    .await
    .unwrap();
    b
}

/// Signs in over the API at `base` (an officer, say); returns the session token.
pub async fn token(base: &str, login: &str, password: &str) -> String {
    let v: serde_json::Value = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({ "login": login, "password": password }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["token"].as_str().expect("a session token").to_owned()
}

/// The verifier with `token` takes application `id` into verification (a status change
/// and an inbox message for its applicant).
pub async fn claim(base: &str, token: &str, id: &str) {
    let r = reqwest::Client::new()
        .post(format!("{base}/api/v1/office/applications/{id}/claim"))
        .bearer_auth(token)
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "claim: {}", r.status());
}

/// Waits (at most 30 s) until `f` holds.
pub async fn wait_until<F, Fut>(what: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = std::time::Instant::now();
    while !f().await {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The office takes the queued `draft` and its answer never reaches this desktop (the
/// worker died, or the connection dropped, before it heard): its one document (`bytes`,
/// SHA-256 `sha256`, on every requirement) is uploaded and the draft submitted by hand,
/// with the application id of its outbox entry, as the worker would. Returns the answer.
pub async fn office_takes_it_unheard(
    b: &Backend,
    draft: &str,
    sha256: &str,
    bytes: Vec<u8>,
) -> eptsp_core::submission::SubmitResponse {
    use eptsp_core::endpoints as e;
    use eptsp_core::submission::{SubmitRequest, SubmittedFile, UploadStart};
    let store = b.store().unwrap();
    let item = eptsp_desktop::store::outbox::get(&store, draft)
        .await
        .unwrap()
        .expect("the draft is queued");
    let token: String = sqlx::query_scalar("SELECT token FROM session")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    b.api
        .send::<e::UploadBegin>(
            Some(&token),
            (),
            &UploadStart {
                sha256: sha256.to_owned(),
                size: bytes.len() as u64,
                name: "a.pdf".into(),
            },
        )
        .await
        .unwrap();
    b.api.upload_patch(&token, sha256, 0, bytes).await.unwrap();
    // Sent with "Kirim", the draft is read-only: read as the worker reads it.
    let d = eptsp_desktop::store::drafts::get(&store, draft)
        .await
        .unwrap()
        .unwrap();
    let files = d
        .data
        .attachments
        .iter()
        .map(|a| SubmittedFile {
            requirement_id: a.requirement_id,
            sha256: sha256.to_owned(),
        })
        .collect();
    b.api
        .send::<e::Submit>(
            Some(&token),
            (),
            &SubmitRequest {
                id: item.application_id,
                data: d.data,
                files,
            },
        )
        .await
        .unwrap()
}

/// A JPEG whose EXIF says "rotate 90° clockwise to view" (orientation 6), as phones write.
pub fn rotated_jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, _| image::Rgb([(x * 4) as u8, 120, 60]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    with_orientation_6(&out.into_inner())
}

/// `jpeg` with an EXIF block saying orientation 6, as phones write it.
pub fn with_orientation_6(jpeg: &[u8]) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&[0, 1]); // one IFD entry
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]); // Orientation = 6
    tiff.extend_from_slice(&[0, 0, 0, 0]); // no next IFD
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let len = (app1.len() + 2) as u16;
    let mut with_exif = jpeg[..2].to_vec(); // SOI
    with_exif.extend_from_slice(&[0xFF, 0xE1]);
    with_exif.extend_from_slice(&len.to_be_bytes());
    with_exif.extend_from_slice(&app1);
    with_exif.extend_from_slice(&jpeg[2..]);
    with_exif
}

/// A phone-sized photo (`w` × `h`, noisy so that it weighs what a camera's does) whose
/// EXIF says "rotate 90° clockwise to view".
pub fn noisy_rotated_jpeg(w: u32, h: u32) -> Vec<u8> {
    let mut seed = 0x2545_f491_u32;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let n = (seed & 0x3f) as u8;
        image::Rgb([
            ((x / 16) as u8).wrapping_add(n),
            ((y / 16) as u8).wrapping_add(n),
            90 + n,
        ])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 92)
        .encode_image(&img)
        .unwrap();
    with_orientation_6(&jpeg)
}
