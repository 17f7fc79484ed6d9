//! Sending applications: the real server on 127.0.0.1:0, the desktop's outbox and sync
//! worker on a real SQLite file, the network cut and restored.

mod common;

use common::{DEAD, applicant, complete_draft, office_takes_it_unheard, pdf};
use eptsp_core::endpoints as e;
use eptsp_core::resi::Resi;
use eptsp_core::submission::UploadStart;
use eptsp_desktop::store::outbox;
use eptsp_desktop::sync;
use eptsp_server::testkit::TestServer;
use sha2::Digest;

async fn count(server: &TestServer, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
        .fetch_one(&server.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_draft_made_offline_reaches_the_office_once_when_the_network_returns() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    b.api.set_base(DEAD);
    assert!(!b.check_connectivity().await);

    let bytes = pdf(2 * 1024 * 1024 + 77, 21);
    let f = b
        .files()
        .unwrap()
        .import_bytes(&b.store().unwrap(), bytes.clone(), "berkas.pdf", "Berkas")
        .await
        .unwrap();
    let draft = complete_draft(&b, &f.id).await;
    assert!(b.drafts_submit(&draft).await.unwrap().is_empty());
    let r = sync::run_once(&b, &b.account().unwrap()).await.unwrap();
    assert_eq!((r.received.len(), r.pending), (0, 1));
    let item = outbox::get(&b.store().unwrap(), &draft)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        item.last_error.as_deref(),
        Some(eptsp_core::messages::OFFLINE)
    );
    assert_eq!(count(&server, "applications").await, 0);

    b.api.set_base(&server.url());
    assert!(b.check_connectivity().await, "back online wakes the outbox");
    let r = sync::run_once(&b, &b.account().unwrap()).await.unwrap();
    assert_eq!(r.received.len(), 1, "{r:?}");
    assert!(Resi::parse(&r.received[0]).is_ok());
    // Received: kept as an application, the draft and its outbox entry are gone.
    let apps = b.applications().await.unwrap();
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].resi, r.received[0]);
    assert!(b.drafts_list().await.unwrap().is_empty());
    assert!(b.outbox().await.unwrap().is_empty());
    assert_eq!(count(&server, "applications").await, 1);
    let stored = server.state.storage.read(&f.sha256).await.unwrap().to_vec();
    assert_eq!(sha2::Sha256::digest(&stored), sha2::Sha256::digest(&bytes));
    // Nothing more to send.
    assert_eq!(
        sync::run_once(&b, &b.account().unwrap()).await.unwrap(),
        sync::SyncReport::default()
    );
}

#[tokio::test]
async fn a_submission_the_server_already_took_before_a_crash_is_not_made_twice() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    let f = b
        .files()
        .unwrap()
        .import_bytes(&b.store().unwrap(), pdf(40_000, 3), "a.pdf", "A")
        .await
        .unwrap();
    let draft = complete_draft(&b, &f.id).await;
    b.drafts_submit(&draft).await.unwrap();

    // The worker got as far as submitting, and died before it recorded the answer.
    let first = office_takes_it_unheard(&b, &draft, &f.sha256, pdf(40_000, 3)).await;

    let r = sync::run_once(&b, &b.account().unwrap()).await.unwrap();
    assert_eq!(r.received, vec![first.resi]);
    assert_eq!(count(&server, "applications").await, 1);
}

#[tokio::test]
async fn an_upload_cut_part_way_resumes_from_the_servers_offset() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    let bytes = pdf(3 * 1024 * 1024, 5);
    let f = b
        .files()
        .unwrap()
        .import_bytes(&b.store().unwrap(), bytes.clone(), "besar.pdf", "Besar")
        .await
        .unwrap();
    let token: String = sqlx::query_scalar("SELECT token FROM session")
        .fetch_one(&b.store().unwrap().pool)
        .await
        .unwrap();
    // An earlier attempt sent 1.25 MB and the connection dropped.
    b.api
        .send::<e::UploadBegin>(
            Some(&token),
            (),
            &UploadStart {
                sha256: f.sha256.clone(),
                size: f.size as u64,
                name: "besar.pdf".into(),
            },
        )
        .await
        .unwrap();
    let cut = 1_310_720;
    b.api
        .upload_patch(&token, &f.sha256, 0, bytes[..cut].to_vec())
        .await
        .unwrap();

    let draft = complete_draft(&b, &f.id).await;
    b.drafts_submit(&draft).await.unwrap();
    let r = sync::run_once(&b, &b.account().unwrap()).await.unwrap();
    assert_eq!(r.received.len(), 1, "{r:?}");
    let stored = server.state.storage.read(&f.sha256).await.unwrap().to_vec();
    assert_eq!(stored, bytes);
}

#[tokio::test]
async fn a_file_shared_by_two_applications_is_stored_once_on_the_server() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    let f = b
        .files()
        .unwrap()
        .import_bytes(&b.store().unwrap(), pdf(500_000, 8), "ktp.pdf", "KTP")
        .await
        .unwrap();
    let first = complete_draft(&b, &f.id).await;
    let second = complete_draft(&b, &f.id).await;
    b.drafts_submit(&first).await.unwrap();
    b.drafts_submit(&second).await.unwrap();
    let r = sync::run_once(&b, &b.account().unwrap()).await.unwrap();
    assert_eq!(r.received.len(), 2);
    assert_ne!(r.received[0], r.received[1]);
    assert_eq!(count(&server, "blobs").await, 1);
    assert_eq!(count(&server, "applications").await, 2);
}

#[tokio::test]
async fn a_refusal_comes_back_to_the_draft_which_stays_editable() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    let f = b
        .files()
        .unwrap()
        .import_bytes(&b.store().unwrap(), pdf(20_000, 2), "a.pdf", "A")
        .await
        .unwrap();
    let draft = complete_draft(&b, &f.id).await;
    // The office added a mandatory document after this desktop downloaded the catalogue.
    sqlx::query(
        "INSERT INTO requirements (permit_type_id, name, description, mandatory, formats, max_mb, kinds, sort)
         VALUES ('sipa', 'Surat Rekomendasi Bupati', 'Baru', TRUE, '{pdf}', 10, '{baru}', 99)",
    )
    .execute(&server.state.db)
    .await
    .unwrap();
    assert!(
        b.drafts_submit(&draft).await.unwrap().is_empty(),
        "the local copy of the catalogue is older"
    );
    let r = sync::run_once(&b, &b.account().unwrap()).await.unwrap();
    assert_eq!(
        r.refused,
        vec!["Permohonan belum dapat diterima: Dokumen \"Surat Rekomendasi Bupati\" wajib dilampirkan".to_owned()]
    );
    let item = outbox::get(&b.store().unwrap(), &draft)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(item.state, "refused");
    // The wizard reopens the draft with the reason.
    let d = b.drafts_open(&draft).await.unwrap();
    assert_eq!(d.refusal.as_deref(), Some(r.refused[0].as_str()));
    b.drafts_save(&draft, 5, &d.data).await.unwrap();
    assert_eq!(count(&server, "applications").await, 0);
    // A refused item is not retried by itself.
    assert!(
        sync::run_once(&b, &b.account().unwrap())
            .await
            .unwrap()
            .refused
            .is_empty()
    );
    // Sent again, it waits (read-only) without the old reason.
    b.drafts_submit(&draft).await.unwrap();
    let waiting = eptsp_desktop::store::drafts::get(&b.store().unwrap(), &draft)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(waiting.refusal, None);
}

#[tokio::test]
async fn kirim_refuses_an_unfinished_draft_locally() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    let d = b.drafts_create().await.unwrap();
    let problems = b.drafts_submit(&d.id).await.unwrap();
    assert!(problems.iter().any(|p| p.field == "agency_id"));
    assert!(b.outbox().await.unwrap().is_empty());
}

/// Step 5 holds each document to its requirement's "Ukuran Maks" (the KTP's is 5 MB),
/// offline, with the slot's message; Kirim queues nothing.
#[tokio::test]
async fn a_document_over_its_requirements_size_is_refused_at_step_five() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    let f = b
        .files()
        .unwrap()
        .import_bytes(
            &b.store().unwrap(),
            pdf(5 * 1024 * 1024 + 100_000, 5),
            "ktp-pindaian.pdf",
            "KTP",
        )
        .await
        .unwrap();
    let draft = complete_draft(&b, &f.id).await;
    b.api.set_base(DEAD);
    let problems = b.drafts_check(&draft, 5).await.unwrap();
    let too_large: Vec<_> = problems.iter().filter(|p| p.code == "too_large").collect();
    assert_eq!(too_large.len(), 1, "{problems:?}");
    assert_eq!(
        too_large[0].message,
        "Ukuran file 5,1 MB melebihi batas 5 MB untuk dokumen \"Kartu Tanda Penduduk (KTP) Penanggung Jawab\""
    );
    assert!(!b.drafts_submit(&draft).await.unwrap().is_empty());
    assert!(b.outbox().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_resi_pdf_reads_back_with_the_resi_applicant_permit_and_documents() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    let f = b
        .files()
        .unwrap()
        .import_bytes(
            &b.store().unwrap(),
            pdf(10_000, 4),
            "berkas sipa.pdf",
            "Berkas",
        )
        .await
        .unwrap();
    let draft = complete_draft(&b, &f.id).await;
    b.drafts_submit(&draft).await.unwrap();
    let resi = sync::run_once(&b, &b.account().unwrap())
        .await
        .unwrap()
        .received
        .remove(0);
    let app = b.applications().await.unwrap().remove(0);
    // The lists the wizard's address selects loaded (and cached) while online.
    for parent in ["64", "64.72", "64.72.01"] {
        b.regions(Some(parent.into())).await.unwrap();
    }

    // Printing needs no network.
    b.api.set_base(DEAD);
    let path = b.print_resi(&app.id).await.unwrap();
    assert!(path.ends_with(&format!("cetak/Resi-{resi}.pdf")), "{path}");
    let text = common::pdf_text(&path);
    for expected in [
        "TANDA TERIMA PERMOHONAN IZIN",
        resi.as_str(),
        "Ani Lestari",
        "6472015505900011",
        "Izin Pengusahaan Air Tanah (SIPA)",
        "Dinas Energi dan Sumber Daya Mineral",
        "Perizinan Baru",
        "Jl. Gajah Mada",
        "KOTA SAMARINDA",
        "Gambar Konstruksi Sumur Bor — berkas sipa.pdf",
        "WITA",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    // The QR code is there as an image.
    let images = std::process::Command::new("pdfimages")
        .args(["-list", &path])
        .output()
        .unwrap();
    let list = String::from_utf8(images.stdout).unwrap();
    assert_eq!(list.lines().skip(2).count(), 1, "{list}");
}

#[tokio::test]
async fn status_changes_at_the_office_are_pulled_once_and_readable_offline() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    let f = b
        .files()
        .unwrap()
        .import_bytes(&b.store().unwrap(), pdf(10_000, 6), "a.pdf", "A")
        .await
        .unwrap();
    let draft = complete_draft(&b, &f.id).await;
    b.drafts_submit(&draft).await.unwrap();
    let first = sync::run_once(&b, &b.account().unwrap()).await.unwrap();
    assert_eq!(first.received.len(), 1);
    assert!(
        first.updates.is_empty(),
        "the receipt itself is no news: {:?}",
        first.updates
    );

    // A verifier takes it up (the back office arrives with its own issue; here, by SQL).
    sqlx::query(
        "WITH a AS (UPDATE applications SET status = 'verifikasi' RETURNING id)
         INSERT INTO tracking (application_id, status, note) SELECT id, 'verifikasi', 'Berkas sedang diperiksa verifikator' FROM a",
    )
    .execute(&server.state.db)
    .await
    .unwrap();
    let r = sync::run_once(&b, &b.account().unwrap()).await.unwrap();
    assert_eq!(r.updates.len(), 1);
    assert_eq!(
        r.updates[0].status,
        eptsp_core::lifecycle::Status::Verifikasi
    );
    assert_eq!(r.updates[0].note, "Berkas sedang diperiksa verifikator");
    assert!(
        sync::run_once(&b, &b.account().unwrap())
            .await
            .unwrap()
            .updates
            .is_empty(),
        "pulled once"
    );

    b.api.set_base(DEAD);
    let app = b.applications().await.unwrap().remove(0);
    assert_eq!(app.status, eptsp_core::lifecycle::Status::Verifikasi);
    let log = outbox::tracking(&b.store().unwrap(), &app.id)
        .await
        .unwrap();
    let statuses: Vec<&str> = log.iter().map(|t| t.status.as_str()).collect();
    assert_eq!(statuses, vec!["diajukan", "verifikasi"]);
}

/// The office's view of an application that moved is fetched after its change: when that
/// fetch fails (the server busy for that one request), the change is kept and the view is
/// fetched by a later pass, though nothing new happened meanwhile.
#[tokio::test]
async fn a_view_that_could_not_be_fetched_after_a_change_is_fetched_later() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use axum::extract::{Request, State};
    use axum::middleware::{self, Next};
    use eptsp_core::lifecycle::Status;

    async fn busy(
        State(on): State<Arc<AtomicBool>>,
        req: Request,
        next: Next,
    ) -> axum::response::Response {
        let p = req.uri().path().to_owned();
        if on.load(Ordering::SeqCst)
            && req.method() == axum::http::Method::GET
            && p.starts_with("/api/v1/applications/")
        {
            return axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
        next.run(req).await
    }
    use axum::response::IntoResponse;

    let busy_now = Arc::new(AtomicBool::new(false));
    let flag = busy_now.clone();
    let server = TestServer::start_wrapped(eptsp_server::config::Limits::default(), move |r| {
        r.layer(middleware::from_fn_with_state(flag, busy))
    })
    .await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    let f = b
        .files()
        .unwrap()
        .import_bytes(&b.store().unwrap(), pdf(40_000, 5), "berkas.pdf", "Berkas")
        .await
        .unwrap();
    let draft = complete_draft(&b, &f.id).await;
    assert!(b.drafts_submit(&draft).await.unwrap().is_empty());
    assert_eq!(
        sync::run_once(&b, &b.account().unwrap())
            .await
            .unwrap()
            .received
            .len(),
        1
    );
    let app = b.applications().await.unwrap()[0].id.clone();
    let store = b.store().unwrap();
    let view = |store: eptsp_desktop::store::Store, app: String| async move {
        eptsp_desktop::store::office::detail(&store, &app)
            .await
            .unwrap()
            .map(|v| v.status)
    };
    assert_eq!(
        view(store.clone(), app.clone()).await,
        Some(Status::Diajukan)
    );

    // The officer takes it; the applicant's desktop pulls the change while the view
    // cannot be had.
    let officer = common::token(&server.url(), "verifikator@dpmptsp.test", "Verifikator2026").await;
    common::claim(&server.url(), &officer, &app).await;
    busy_now.store(true, Ordering::SeqCst);
    let r = sync::run_once(&b, &b.account().unwrap()).await.unwrap();
    assert_eq!(r.updates.len(), 1, "{r:?}");
    assert!(r.deferred, "the view is left for later");
    assert_eq!(
        b.applications().await.unwrap()[0].status,
        eptsp_core::lifecycle::Status::Verifikasi
    );
    assert_eq!(
        view(store.clone(), app.clone()).await,
        Some(Status::Diajukan)
    );

    // Nothing new happens at the office; the next pass fetches the view all the same.
    busy_now.store(false, Ordering::SeqCst);
    let r = sync::run_once(&b, &b.account().unwrap()).await.unwrap();
    assert!(r.updates.is_empty() && !r.deferred, "{r:?}");
    assert_eq!(view(store, app).await, Some(Status::Verifikasi));
}
