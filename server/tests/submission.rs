//! Sending an application over real HTTP on loopback to the real server (PostgreSQL; files
//! in a folder, and the upload rules again with files in S3 object storage): resumable
//! deduplicated uploads and the idempotent submission.

use eptsp_core::catalogue::{ApplicationKind, Catalogue};
use eptsp_core::dossier::Perusahaan;
use eptsp_core::resi::Resi;
use eptsp_core::submission::{SubmitRequest, SubmitResponse, SubmittedFile, UploadStatus};
use eptsp_server::config::Limits;
use eptsp_server::testkit::{TestServer, pdf_bytes as pdf, sipa_draft, test_s3};
use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Client {
    /// The demo pemohon, signed in.
    async fn pemohon(server: &TestServer) -> Client {
        eptsp_server::seed::seed_demo(&server.state.db)
            .await
            .unwrap();
        let http = reqwest::Client::new();
        let v: Value = http
            .post(format!("{}/api/v1/auth/login", server.url()))
            .json(&json!({ "login": "pemohon@dpmptsp.test", "password": "Pemohon2026" }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Client {
            http,
            base: server.url(),
            token: v["token"].as_str().unwrap().to_owned(),
        }
    }

    /// The signed-in account's id (the demo pemohon's).
    async fn user_id(&self, server: &TestServer) -> uuid::Uuid {
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'pemohon@dpmptsp.test'")
            .fetch_one(&server.state.db)
            .await
            .unwrap()
    }

    async fn start(&self, bytes: &[u8], name: &str) -> (StatusCode, Value) {
        let res = self
            .http
            .post(format!("{}/api/v1/uploads", self.base))
            .bearer_auth(&self.token)
            .json(&json!({ "sha256": sha(bytes), "size": bytes.len(), "name": name }))
            .send()
            .await
            .unwrap();
        (res.status(), res.json().await.unwrap())
    }

    async fn patch(&self, sha256: &str, offset: usize, chunk: &[u8]) -> (StatusCode, Value) {
        let res = self
            .http
            .patch(format!("{}/api/v1/uploads/{sha256}", self.base))
            .bearer_auth(&self.token)
            .header("Upload-Offset", offset.to_string())
            .header("Content-Type", "application/offset+octet-stream")
            .body(chunk.to_vec())
            .send()
            .await
            .unwrap();
        (res.status(), res.json().await.unwrap())
    }

    /// Uploads `bytes` whole, in 1 MiB chunks, from wherever the server stands.
    async fn upload(&self, bytes: &[u8], name: &str) -> UploadStatus {
        let (s, v) = self.start(bytes, name).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let mut status: UploadStatus = serde_json::from_value(v).unwrap();
        while !status.complete {
            let from = status.offset as usize;
            let to = (from + (1 << 20)).min(bytes.len());
            let (s, v) = self.patch(&status.sha256, from, &bytes[from..to]).await;
            assert_eq!(s, StatusCode::OK, "{v}");
            status = serde_json::from_value(v).unwrap();
        }
        status
    }

    async fn submit(&self, req: &SubmitRequest) -> (StatusCode, Value) {
        let res = self
            .http
            .post(format!("{}/api/v1/applications", self.base))
            .bearer_auth(&self.token)
            .json(req)
            .send()
            .await
            .unwrap();
        (res.status(), res.json().await.unwrap())
    }
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every requirement of SIPA (baru) answered with the file `sha256`.
async fn all_files(server: &TestServer, sha256: &str) -> Vec<SubmittedFile> {
    let c: Catalogue = eptsp_server::catalogue::load(&server.state.db)
        .await
        .unwrap();
    c.permit_type("sipa")
        .unwrap()
        .1
        .requirements_for(ApplicationKind::Baru)
        .map(|r| SubmittedFile {
            requirement_id: r.id,
            sha256: sha256.to_owned(),
        })
        .collect()
}

async fn stored(server: &TestServer, sha256: &str) -> Vec<u8> {
    server.state.storage.read(sha256).await.unwrap().to_vec()
}

/// Where a test server keeps its files: the upload rules hold for both.
#[derive(Clone, Copy, Debug)]
enum Files {
    Folder,
    /// The test S3 server (`EPTSP_TEST_S3`), in a folder of the test's own.
    S3,
}

async fn server_with(files: Files) -> TestServer {
    match files {
        Files::Folder => TestServer::start().await,
        Files::S3 => {
            let s3 = test_s3();
            TestServer::start_custom(Limits::default(), |c| c.s3 = Some(s3), |r| r).await
        }
    }
}

#[rstest]
#[case::folder(Files::Folder)]
#[case::s3(Files::S3)]
#[tokio::test]
async fn an_upload_cut_half_way_resumes_and_the_server_keeps_identical_bytes(#[case] files: Files) {
    let server = server_with(files).await;
    let c = Client::pemohon(&server).await;
    let bytes = pdf(3 * 1024 * 1024 + 123, 7);
    let (s, v) = c.start(&bytes, "peta.pdf").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["offset"], 0);
    let half = bytes.len() / 2;
    let (s, v) = c.patch(&sha(&bytes), 0, &bytes[..half]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["offset"], half);
    // The connection is gone; a new client, sent by the load balancer to another instance,
    // asks where it stands and sends only the rest, there.
    let other = server.second_instance().await;
    let c2 = Client {
        http: reqwest::Client::new(),
        base: other.url(),
        ..c
    };
    let status = c2.upload(&bytes, "peta.pdf").await;
    assert!(status.complete);
    // Both instances serve the same bytes, and nothing of the upload is left over.
    for instance in [&server, &other] {
        assert_eq!(sha(&stored(instance, &status.sha256).await), sha(&bytes));
    }
    let owner = c2.user_id(&server).await;
    assert_eq!(
        server
            .state
            .storage
            .received(&status.sha256, owner)
            .await
            .unwrap(),
        0
    );
}

/// A chunk that stops before its last byte (the cable pulled mid-body): while it is
/// arriving the upload stands where the chunk began; once it broke off, the folder keeps
/// what came (a request's bytes arrive in order) and object storage, where a chunk is one
/// object, nothing. Its lease is given back, and the rest sent from there is kept.
#[rstest]
#[case::folder(Files::Folder)]
#[case::s3(Files::S3)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chunk_cut_mid_body_keeps_what_came_in_the_folder_and_the_rest_follows(
    #[case] files: Files,
) {
    use tokio::io::AsyncWriteExt;
    let server = server_with(files).await;
    let c = Client::pemohon(&server).await;
    let owner = c.user_id(&server).await;
    let bytes = pdf(2 * 1024 * 1024 + 5, 41);
    let hash = sha(&bytes);
    assert_eq!(c.start(&bytes, "denah.pdf").await.0, StatusCode::OK);
    let first = 1024 * 1024;
    assert_eq!(c.patch(&hash, 0, &bytes[..first]).await.0, StatusCode::OK);
    // Promises the rest, sends 600 KiB of it, then the connection is gone.
    let mut tcp = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let head = format!(
        "PATCH /api/v1/uploads/{hash} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\
         Upload-Offset: {first}\r\nContent-Type: application/offset+octet-stream\r\n\
         Content-Length: {}\r\n\r\n",
        c.token,
        bytes.len() - first
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    tcp.write_all(&bytes[first..first + 600 * 1024])
        .await
        .unwrap();
    tcp.flush().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let storage = &server.state.storage;
    assert_eq!(
        storage.received(&hash, owner).await.unwrap(),
        first as u64,
        "a chunk on its way does not count (asked while it still arrives: after 2 s)"
    );
    drop(tcp);
    let kept = match files {
        Files::Folder => first + 600 * 1024,
        Files::S3 => first,
    };
    // Asked at once, before the server may have seen the break: the bytes that came count.
    assert_eq!(storage.received(&hash, owner).await.unwrap(), kept as u64);
    // The lease comes back within moments; until then the rest is refused as busy.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let (s, v) = loop {
        let (s, v) = c.patch(&hash, kept, &bytes[kept..]).await;
        if v["code"] != "upload_busy" || std::time::Instant::now() > deadline {
            break (s, v);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["complete"], true);
    assert_eq!(sha(&stored(&server, &hash).await), hash);
    assert_eq!(storage.received(&hash, owner).await.unwrap(), 0);
}

/// A large file (finished by a multipart write in object storage) whose chunks go to
/// two instances in turn, as a load balancer may send them.
#[rstest]
#[case::folder(Files::Folder)]
#[case::s3(Files::S3)]
#[tokio::test]
async fn a_20_mb_file_whose_chunks_alternate_between_instances_is_kept_whole(#[case] files: Files) {
    let server = server_with(files).await;
    let other = server.second_instance().await;
    let c = Client::pemohon(&server).await;
    let bytes = pdf(20 * 1024 * 1024 + 17, 31);
    let (s, v) = c.start(&bytes, "gambar-teknis.pdf").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let mut offset = 0;
    let mut instances = [server.url(), other.url()].into_iter().cycle();
    while offset < bytes.len() {
        let end = (offset + 4 * 1024 * 1024).min(bytes.len());
        let here = Client {
            http: c.http.clone(),
            base: instances.next().unwrap(),
            token: c.token.clone(),
        };
        let (s, v) = here.patch(&sha(&bytes), offset, &bytes[offset..end]).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["offset"], end);
        assert_eq!(v["complete"], end == bytes.len());
        offset = end;
    }
    assert_eq!(sha(&stored(&other, &sha(&bytes)).await), sha(&bytes));
}

#[rstest]
#[case::folder(Files::Folder)]
#[case::s3(Files::S3)]
#[tokio::test]
async fn a_file_the_server_has_is_never_sent_again(#[case] files: Files) {
    let server = server_with(files).await;
    let c = Client::pemohon(&server).await;
    let bytes = pdf(200_000, 9);
    c.upload(&bytes, "akta.pdf").await;
    let (s, v) = c.start(&bytes, "akta-lagi.pdf").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["complete"], true, "{v}");
    assert_eq!(v["offset"], bytes.len());
}

#[rstest]
#[case::folder(Files::Folder)]
#[case::s3(Files::S3)]
#[tokio::test]
async fn a_wrong_offset_is_answered_with_the_right_one(#[case] files: Files) {
    let server = server_with(files).await;
    let c = Client::pemohon(&server).await;
    let bytes = pdf(100_000, 3);
    c.start(&bytes, "a.pdf").await;
    c.patch(&sha(&bytes), 0, &bytes[..40_000]).await;
    let (s, v) = c.patch(&sha(&bytes), 10_000, &bytes[10_000..50_000]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(
        v["message"],
        "Posisi unggahan tidak sesuai; lanjutkan dari byte 40000"
    );
    let owner = c.user_id(&server).await;
    let kept = server.state.storage.received(&sha(&bytes), owner).await;
    assert_eq!(kept.unwrap(), 40_000, "the refused chunk left nothing");
}

#[rstest]
#[case::folder(Files::Folder)]
#[case::s3(Files::S3)]
#[tokio::test]
async fn bytes_that_do_not_match_their_hash_are_discarded(#[case] files: Files) {
    let server = server_with(files).await;
    let c = Client::pemohon(&server).await;
    let bytes = pdf(50_000, 5);
    c.start(&bytes, "a.pdf").await;
    let mut damaged = bytes.clone();
    damaged[30_000] ^= 0xff;
    let (s, v) = c.patch(&sha(&bytes), 0, &damaged).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["code"], "upload_corrupt");
    let (_, v) = c.start(&bytes, "a.pdf").await;
    assert_eq!(v["offset"], 0, "starts again from the beginning");
}

#[rstest]
#[case::folder(Files::Folder)]
#[case::s3(Files::S3)]
#[tokio::test]
async fn a_disguised_program_is_refused_by_the_server_too(#[case] files: Files) {
    let server = server_with(files).await;
    let c = Client::pemohon(&server).await;
    let mut exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0".to_vec();
    exe.resize(10_000, 0);
    c.start(&exe, "surat.pdf").await;
    let (s, v) = c.patch(&sha(&exe), 0, &exe).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["code"], "file_disguised");
}

/// A PNG of `w` × `h` made here (the server has no picture of its own to send).
fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[rstest]
#[case::folder(Files::Folder)]
#[case::s3(Files::S3)]
#[tokio::test]
async fn pictures_too_large_or_cut_short_are_refused_by_the_server_too(#[case] files: Files) {
    let server = server_with(files).await;
    let c = Client::pemohon(&server).await;
    let whole = png(400, 300);
    let cut = whole[..whole.len() / 2].to_vec();
    c.start(&cut, "denah.png").await;
    let (s, v) = c.patch(&sha(&cut), 0, &cut).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["code"], "image_damaged");
    assert_eq!(
        v["message"],
        "Gambar \"denah.png\" rusak atau tidak lengkap sehingga tidak dapat dibuka. Unggah ulang file aslinya."
    );
    // A real PNG whose header declares 40 000 × 40 000 pixels (its checksum made again).
    let mut bomb = png(64, 64);
    bomb[16..20].copy_from_slice(&40_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&40_000u32.to_be_bytes());
    let crc = crc32fast::hash(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    c.start(&bomb, "bom.png").await;
    let (s, v) = c.patch(&sha(&bomb), 0, &bomb).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["code"], "image_too_large");
    // Neither is kept; the whole picture is.
    let blobs: i64 = sqlx::query_scalar("SELECT count(*) FROM blobs")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    assert_eq!(blobs, 0);
    let owner = c.user_id(&server).await;
    for refused in [&cut, &bomb] {
        assert!(!server.state.storage.contains(&sha(refused)).await.unwrap());
        assert_eq!(
            server
                .state
                .storage
                .received(&sha(refused), owner)
                .await
                .unwrap(),
            0
        );
    }
    c.start(&whole, "denah.png").await;
    let (s, v) = c.patch(&sha(&whole), 0, &whole).await;
    assert!(s.is_success(), "{s} {v}");
}

/// Object storage that cannot be reached: an upload is answered 503 with a message (never
/// a 500), and nothing of it is taken.
#[tokio::test]
async fn unreachable_object_storage_is_a_clear_503_and_nothing_is_counted() {
    let mut s3 = test_s3();
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    s3.endpoint = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let server = TestServer::start_custom(Limits::default(), |c| c.s3 = Some(s3), |r| r).await;
    let c = Client::pemohon(&server).await;
    let bytes = pdf(50_000, 41);
    let (s, v) = c.start(&bytes, "a.pdf").await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{v}");
    assert_eq!(v["code"], "storage_unavailable");
    assert_eq!(v["message"], eptsp_core::messages::STORAGE_UNAVAILABLE);
    // The announcement was not taken either: nothing stands for it, nothing is counted
    // against the quota.
    let uploads: i64 = sqlx::query_scalar("SELECT count(*) FROM uploads")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    assert_eq!(uploads, 0);
}

/// An upload nobody finished is removed with every byte of it, wherever they are kept.
#[rstest]
#[case::folder(Files::Folder)]
#[case::s3(Files::S3)]
#[tokio::test]
async fn an_abandoned_upload_is_removed_with_its_bytes(#[case] files: Files) {
    let s3 = matches!(files, Files::S3).then(test_s3);
    let server = TestServer::start_custom(
        Limits::default(),
        |c| {
            c.s3 = s3;
            c.upload_ttl = std::time::Duration::from_secs(1);
        },
        |r| r,
    )
    .await;
    let c = Client::pemohon(&server).await;
    let bytes = pdf(300_000, 21);
    c.start(&bytes, "lama.pdf").await;
    let (s, v) = c.patch(&sha(&bytes), 0, &bytes[..100_000]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let owner = c.user_id(&server).await;
    assert_eq!(
        server
            .state
            .storage
            .received(&sha(&bytes), owner)
            .await
            .unwrap(),
        100_000
    );
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let removed = eptsp_server::routes::uploads::sweep_abandoned(&server.state)
        .await
        .unwrap();
    assert_eq!(removed, 1);
    assert_eq!(
        server
            .state
            .storage
            .received(&sha(&bytes), owner)
            .await
            .unwrap(),
        0
    );
    let (s, _) = c.patch(&sha(&bytes), 100_000, &bytes[100_000..]).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "the upload is gone");
}

#[tokio::test]
async fn a_51_mb_file_is_refused_before_any_byte_is_sent() {
    let server = TestServer::start().await;
    let c = Client::pemohon(&server).await;
    let res = c
        .http
        .post(format!("{}/api/v1/uploads", c.base))
        .bearer_auth(&c.token)
        .json(&json!({ "sha256": "a".repeat(64), "size": 51 * 1024 * 1024, "name": "besar.pdf" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        v["message"],
        "Ukuran file 51,0 MB melebihi batas maksimal 50 MB"
    );
}

#[tokio::test]
async fn the_same_submission_sent_five_times_makes_one_application_with_one_resi() {
    let server = TestServer::start().await;
    let c = Client::pemohon(&server).await;
    let bytes = pdf(80_000, 11);
    let status = c.upload(&bytes, "dokumen.pdf").await;
    let req = SubmitRequest {
        id: uuid::Uuid::new_v4().to_string(),
        data: sipa_draft("pemohon@dpmptsp.test"),
        files: all_files(&server, &status.sha256).await,
    };
    let mut resis = Vec::new();
    for _ in 0..5 {
        let (s, v) = c.submit(&req).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let r: SubmitResponse = serde_json::from_value(v).unwrap();
        assert_eq!(r.status, eptsp_core::lifecycle::Status::Diajukan);
        resis.push(r.resi);
    }
    assert!(resis.windows(2).all(|w| w[0] == w[1]));
    assert!(Resi::parse(&resis[0]).is_ok(), "{}", resis[0]);
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM applications")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    assert_eq!(n, 1);
    let t: i64 = sqlx::query_scalar("SELECT count(*) FROM tracking")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    assert_eq!(t, 1);
}

#[rstest]
#[case::folder(Files::Folder)]
#[case::s3(Files::S3)]
#[tokio::test]
async fn two_applications_share_one_stored_file(#[case] files: Files) {
    let server = server_with(files).await;
    let c = Client::pemohon(&server).await;
    let status = c.upload(&pdf(60_000, 13), "ktp.pdf").await;
    for _ in 0..2 {
        let req = SubmitRequest {
            id: uuid::Uuid::new_v4().to_string(),
            data: sipa_draft("pemohon@dpmptsp.test"),
            files: all_files(&server, &status.sha256).await,
        };
        assert_eq!(c.submit(&req).await.0, StatusCode::OK);
    }
    let blobs: i64 = sqlx::query_scalar("SELECT count(*) FROM blobs")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    let uses: i64 =
        sqlx::query_scalar("SELECT count(DISTINCT application_id) FROM application_files")
            .fetch_one(&server.state.db)
            .await
            .unwrap();
    assert_eq!((blobs, uses), (1, 2));
}

/// The guide lets a person type "0" or "-" in the company step; the office keeps no such
/// company. A company from another province is accepted with its regions.
#[tokio::test]
async fn placeholders_in_the_company_step_are_kept_as_no_company() {
    let server = TestServer::start().await;
    let c = Client::pemohon(&server).await;
    let status = c.upload(&pdf(30_000, 23), "x.pdf").await;
    let files = all_files(&server, &status.sha256).await;
    let stored_company = |id: uuid::Uuid| {
        let db = server.state.db.clone();
        async move {
            let v: Value =
                sqlx::query_scalar("SELECT data->'perusahaan' FROM applications WHERE id = $1")
                    .bind(id)
                    .fetch_one(&db)
                    .await
                    .unwrap();
            serde_json::from_value::<Perusahaan>(v).unwrap()
        }
    };
    let mut data = sipa_draft("pemohon@dpmptsp.test");
    data.perusahaan = Perusahaan {
        nib: "0".into(),
        npwp: "-".into(),
        nama: "-".into(),
        alamat: " 0 ".into(),
        ..Perusahaan::default()
    };
    let id = uuid::Uuid::new_v4();
    let req = SubmitRequest {
        id: id.to_string(),
        data,
        files: files.clone(),
    };
    let (s, v) = c.submit(&req).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(stored_company(id).await, Perusahaan::default());

    let mut data = sipa_draft("pemohon@dpmptsp.test");
    data.perusahaan = Perusahaan {
        nib: "8120000761234".into(),
        npwp: "012345678901000".into(),
        nama: "PT Nusantara Jaya".into(),
        alamat: "Jl. Sudirman Kav. 1".into(),
        provinsi: "31".into(),
        kabupaten: "31.71".into(),
        npwpd: "-".into(),
        ..Perusahaan::default()
    };
    let id = uuid::Uuid::new_v4();
    let req = SubmitRequest {
        id: id.to_string(),
        data,
        files: files.clone(),
    };
    let (s, v) = c.submit(&req).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let kept = stored_company(id).await;
    assert_eq!(
        (
            kept.nama.as_str(),
            kept.provinsi.as_str(),
            kept.npwpd.as_str()
        ),
        ("PT Nusantara Jaya", "31", "")
    );

    // Half a company is refused, as on the desktop.
    let mut data = sipa_draft("pemohon@dpmptsp.test");
    data.perusahaan.nama = "PT Nusantara Jaya".into();
    let req = SubmitRequest {
        id: uuid::Uuid::new_v4().to_string(),
        data,
        files,
    };
    let (s, v) = c.submit(&req).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["fields"][0]["field"], "perusahaan.nib");
}

/// SIPA's own fields (debit, depth, what the water is for) are checked here too, by kind.
#[tokio::test]
async fn the_permit_types_data_detail_is_checked_by_the_server_too() {
    let server = TestServer::start().await;
    let c = Client::pemohon(&server).await;
    let status = c.upload(&pdf(30_000, 29), "x.pdf").await;
    let files = all_files(&server, &status.sha256).await;
    let mut data = sipa_draft("pemohon@dpmptsp.test");
    data.detail.remove("peruntukan");
    data.detail.insert("debit_air".into(), "9000".into());
    data.detail.insert("kapal".into(), "KM Mahakam".into());
    let req = SubmitRequest {
        id: uuid::Uuid::new_v4().to_string(),
        data,
        files: files.clone(),
    };
    let (s, v) = c.submit(&req).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let fields: Vec<(&str, &str)> = v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            (
                "detail.debit_air",
                "Debit air yang dimohon paling banyak 5000 m³/hari"
            ),
            ("detail.peruntukan", "Peruntukan air wajib diisi"),
            (
                "detail.kapal",
                "Isian ini bukan Data Detail jenis izin yang dipilih"
            ),
        ]
    );
    let req = SubmitRequest {
        id: uuid::Uuid::new_v4().to_string(),
        data: sipa_draft("pemohon@dpmptsp.test"),
        files,
    };
    assert_eq!(c.submit(&req).await.0, StatusCode::OK);
}

#[tokio::test]
async fn an_application_missing_a_document_is_refused_with_the_reason() {
    let server = TestServer::start().await;
    let c = Client::pemohon(&server).await;
    let status = c.upload(&pdf(30_000, 17), "x.pdf").await;
    let mut files = all_files(&server, &status.sha256).await;
    files.remove(0);
    let req = SubmitRequest {
        id: uuid::Uuid::new_v4().to_string(),
        data: sipa_draft("pemohon@dpmptsp.test"),
        files,
    };
    let (s, v) = c.submit(&req).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        v["message"],
        "Permohonan belum dapat diterima: Dokumen \"Kartu Tanda Penduduk (KTP) Penanggung Jawab\" wajib dilampirkan"
    );
    // A file the server does not hold counts as missing too.
    let mut req = req;
    req.files = all_files(&server, &"0".repeat(64)).await;
    let (s, v) = c.submit(&req).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["fields"][0]["code"], "missing");
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM applications")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    assert_eq!(n, 0);
}

/// A client that skips the desktop's checks still cannot send a site outside its Kab/Kota,
/// nor an outline that crosses itself.
#[tokio::test]
async fn a_site_outside_its_kab_kota_is_refused_by_the_server_too() {
    let server = TestServer::start().await;
    let c = Client::pemohon(&server).await;
    let status = c.upload(&pdf(30_000, 19), "x.pdf").await;
    let files = all_files(&server, &status.sha256).await;
    let request = |data| SubmitRequest {
        id: uuid::Uuid::new_v4().to_string(),
        data,
        files: files.clone(),
    };
    let mut data = sipa_draft("pemohon@dpmptsp.test");
    data.lokasi.lintang = "-0.4167".into(); // Tenggarong, Kutai Kartanegara
    data.lokasi.bujur = "116.9833".into();
    let (s, v) = c.submit(&request(data)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["fields"][0]["field"], "lokasi.lintang");
    assert_eq!(
        v["message"],
        "Permohonan belum dapat diterima: Titik berada di Kec. Tenggarong, Kabupaten Kutai Kartanegara, bukan di Kota Samarinda. Pindahkan titik ke dalam Kota Samarinda atau ubah Kab/Kota pada formulir."
    );
    let mut data = sipa_draft("pemohon@dpmptsp.test");
    let (lat, lng, d) = (-0.502106, 117.153709, 0.0005);
    data.lokasi.poligon = [
        (lat + d, lng - d),
        (lat - d, lng + d),
        (lat + d, lng + d),
        (lat - d, lng - d),
    ]
    .into_iter()
    .map(|(lat, lng)| eptsp_core::dossier::Titik { lat, lng })
    .collect();
    let (s, v) = c.submit(&request(data)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["fields"][0]["field"], "lokasi.poligon");
    // An outline with more vertices than the permit's QR code can carry.
    let mut data = sipa_draft("pemohon@dpmptsp.test");
    data.lokasi.poligon = (0..41)
        .map(|i| {
            let t = f64::from(i) / 41.0 * std::f64::consts::TAU;
            eptsp_core::dossier::Titik {
                lat: lat + 0.002 * t.sin(),
                lng: lng + 0.002 * t.cos(),
            }
        })
        .collect();
    let (s, v) = c.submit(&request(data)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["fields"][0]["field"], "lokasi.poligon");
    assert!(
        v["fields"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Poligon paling banyak 40 titik sudut"),
        "{v}"
    );
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM applications")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    assert_eq!(n, 0);
}

/// An officer may upload (a file for a chat answer) but never submit an application.
#[tokio::test]
async fn an_officer_may_upload_for_the_chat_but_only_an_applicant_may_submit() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let v: Value = http
        .post(format!("{}/api/v1/auth/login", server.url()))
        .json(&json!({ "login": "verifikator@dpmptsp.test", "password": "Verifikator2026" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let officer = Client {
        http,
        base: server.url(),
        token: v["token"].as_str().unwrap().to_owned(),
    };
    let bytes = pdf(20_000, 31);
    let status = officer.upload(&bytes, "jam layanan.pdf").await;
    assert!(status.complete);
    let req = SubmitRequest {
        id: uuid::Uuid::new_v4().to_string(),
        data: sipa_draft("pemohon@dpmptsp.test"),
        files: all_files(&server, &status.sha256).await,
    };
    assert_eq!(officer.submit(&req).await.0, StatusCode::FORBIDDEN);
    // Without a session nothing is uploaded.
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/uploads", server.url()))
        .json(&json!({ "sha256": "a".repeat(64), "size": 10, "name": "a.pdf" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn anyone_with_the_resi_sees_the_status_with_the_name_masked() {
    let server = TestServer::start().await;
    let c = Client::pemohon(&server).await;
    let status = c.upload(&pdf(30_000, 19), "x.pdf").await;
    let req = SubmitRequest {
        id: uuid::Uuid::new_v4().to_string(),
        data: sipa_draft("pemohon@dpmptsp.test"),
        files: all_files(&server, &status.sha256).await,
    };
    let (_, v) = c.submit(&req).await;
    let resi = v["resi"].as_str().unwrap().to_owned();
    let public = reqwest::Client::new();
    let v: Value = public
        .get(format!(
            "{}/api/v1/monitoring/{}",
            server.url(),
            resi.to_lowercase().replace('-', "")
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["resi"], resi.as_str());
    assert_eq!(v["nama_pemohon"], "B*** S******");
    assert_eq!(v["jenis_izin"], "Izin Pengusahaan Air Tanah (SIPA)");
    assert_eq!(v["status_label"], "Menunggu Verifikasi");
    assert_eq!(
        v["timeline"][0]["note"],
        "Permohonan diterima dan menunggu verifikasi"
    );
    assert_eq!(v["catatan_penolakan"], Value::Null);

    // One character mistyped: the check character catches it.
    let mut typo: Vec<char> = resi.chars().collect();
    typo[0] = if typo[0] == '7' { '8' } else { '7' };
    let res = public
        .get(format!(
            "{}/api/v1/monitoring/{}",
            server.url(),
            typo.iter().collect::<String>()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        v["message"],
        "Nomor resi tidak valid. Periksa kembali ketikan Anda."
    );
    // A well-formed resi that was never issued.
    let unknown = Resi::from_random(42).to_string();
    let v: Value = public
        .get(format!("{}/api/v1/monitoring/{unknown}", server.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["message"], "Nomor resi tidak ditemukan");
}

/// The service deadline counts the office's working days from the clock's today, not the
/// machine's: submitted on Wednesday 23 December 2026 with 3 days for verification, it is
/// due on Wednesday the 30th (the 24th is joint leave, the 25th Christmas, then a weekend).
#[tokio::test]
async fn the_service_deadline_counts_working_days_from_the_clocks_today() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (mut state, mail) =
        eptsp_server::testkit::state_at(eptsp_server::config::Limits::default(), &url).await;
    state.clock = std::sync::Arc::new(eptsp_core::calendar::FixedClock(
        time::macros::datetime!(2026-12-23 10:00 +8),
    ));
    let server = TestServer::serve_state(listener, state, mail, |r| r);
    let c = Client::pemohon(&server).await;
    sqlx::query("UPDATE permit_types SET sla_verifikasi_days = 3 WHERE id = 'sipa'")
        .execute(&server.state.db)
        .await
        .unwrap();
    let status = c.upload(&pdf(40_000, 23), "dokumen.pdf").await;
    let req = SubmitRequest {
        id: uuid::Uuid::new_v4().to_string(),
        data: sipa_draft("pemohon@dpmptsp.test"),
        files: all_files(&server, &status.sha256).await,
    };
    let (s, v) = c.submit(&req).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let due: Option<time::Date> = sqlx::query_scalar("SELECT sla_due FROM applications")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    assert_eq!(due, Some(time::macros::date!(2026 - 12 - 30)));
}

/// Outside office hours an applicant's chat message is answered at once with the hours, once
/// however many follow (two at the same moment included); during office hours nothing is.
#[tokio::test]
async fn a_chat_message_at_night_is_answered_once_with_the_office_hours() {
    let at = |t: time::OffsetDateTime| async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (mut state, mail) =
            eptsp_server::testkit::state_with(eptsp_server::config::Limits::default(), &url, |c| {
                c.chat_auto_reply = true;
            })
            .await;
        state.clock = std::sync::Arc::new(eptsp_core::calendar::FixedClock(t));
        TestServer::serve_state(listener, state, mail, |r| r)
    };
    let send = |c: &Client, text: &str| {
        let req = c
            .http
            .post(format!("{}/api/v1/chat/messages", c.base))
            .bearer_auth(&c.token)
            .json(&json!({ "id": uuid::Uuid::new_v4(), "text": text }));
        async move { req.send().await.unwrap().status() }
    };
    let texts = |server: &TestServer| {
        let db = server.state.db.clone();
        async move {
            sqlx::query_as::<_, (Option<uuid::Uuid>, String)>(
                "SELECT sender, text FROM chat_messages ORDER BY seq",
            )
            .fetch_all(&db)
            .await
            .unwrap()
        }
    };

    // Tuesday 1 December 2026, 21.00 WITA.
    let night = at(time::macros::datetime!(2026-12-01 21:00 +8)).await;
    let c = Client::pemohon(&night).await;
    let (a, b) = tokio::join!(
        send(&c, "Selamat malam, resi saya?"),
        send(&c, "Mohon dibantu")
    );
    assert_eq!((a, b), (StatusCode::OK, StatusCode::OK));
    assert_eq!(send(&c, "Satu lagi").await, StatusCode::OK);
    let got = texts(&night).await;
    let auto: Vec<_> = got.iter().filter(|(sender, _)| sender.is_none()).collect();
    assert_eq!(auto.len(), 1, "{got:?}");
    assert_eq!(auto[0].1, eptsp_server::routes::chat::auto_reply_text());
    assert!(auto[0].1.contains("Senin–Jumat 08.00–16.00 WITA"));
    // The applicant reads it as the office's.
    let list: Value = c
        .http
        .get(format!("{}/api/v1/chat/messages?since=0", c.base))
        .bearer_auth(&c.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let auto = list
        .as_array()
        .unwrap()
        .iter()
        .find(|m| {
            m["text"].as_str() == Some(eptsp_server::routes::chat::auto_reply_text().as_str())
        })
        .expect("the automatic reply is in the conversation");
    assert_eq!(auto["from_office"], true);
    assert_eq!(auto["sender_name"], "DPMPTSP Kaltim (balasan otomatis)");

    // Wednesday 10.00 WITA: no automatic reply.
    let day = at(time::macros::datetime!(2026-12-02 10:00 +8)).await;
    let c = Client::pemohon(&day).await;
    assert_eq!(send(&c, "Selamat pagi").await, StatusCode::OK);
    assert!(texts(&day).await.iter().all(|(sender, _)| sender.is_some()));
}
