//! A phone photo goes to the office downscaled for its requirement and upright, so that a
//! 12-megapixel KTP photo fits the KTP's 5 MB; a requirement that keeps originals gets the
//! very bytes. The real server on 127.0.0.1:0, the desktop's store on a real SQLite file.

mod common;

use common::{applicant, complete_draft, noisy_rotated_jpeg, pdf};
use eptsp_core::dossier::Attachment;
use eptsp_desktop::sync;
use eptsp_server::testkit::TestServer;
use sha2::Digest;

fn hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn a_phone_photo_reaches_the_office_downscaled_unless_its_requirement_keeps_originals() {
    let server = TestServer::start().await;
    // The office keeps the site photos whole ("Peta Lokasi Titik Pengeboran", 10 MB).
    sqlx::query(
        "UPDATE requirements SET photo_max_px = 0 WHERE permit_type_id = 'sipa' AND sort = 7",
    )
    .execute(&server.state.db)
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    let (store, files) = (b.store().unwrap(), b.files().unwrap());
    let photo = noisy_rotated_jpeg(4000, 3000);
    let mb = photo.len() as f64 / (1024.0 * 1024.0);
    assert!(
        (5.0..10.0).contains(&mb),
        "{mb:.1} MB: over the KTP's 5 MB, under the map's 10 MB"
    );
    let p = files
        .import_bytes(&store, photo.clone(), "IMG_2041.JPG", "Foto KTP")
        .await
        .unwrap();
    let doc = files
        .import_bytes(&store, pdf(40_000, 3), "berkas.pdf", "Berkas")
        .await
        .unwrap();
    let draft = complete_draft(&b, &doc.id).await;
    let mut d = b.drafts_open(&draft).await.unwrap();
    let catalogue = b.catalogue().await.unwrap().catalogue;
    let sipa = &catalogue.permit_type("sipa").unwrap().1;
    let req = |sort: usize| sipa.requirements[sort - 1].id;
    for r in [req(1), req(7)] {
        d.data.attachments.retain(|a| a.requirement_id != r);
        d.data.attachments.push(Attachment {
            requirement_id: r,
            file_id: p.id.clone(),
        });
    }
    b.drafts_save(&draft, 5, &d.data).await.unwrap();
    // Checked as it will be sent: the KTP's smaller photo fits its 5 MB.
    assert_eq!(b.drafts_check(&draft, 5).await.unwrap(), vec![]);
    assert!(b.drafts_submit(&draft).await.unwrap().is_empty());
    let report = sync::run_once(&b, &b.account().unwrap()).await.unwrap();
    assert_eq!(report.received.len(), 1, "{report:?}");

    let sent = |r: i32| {
        let db = server.state.db.clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT sha256 FROM application_files WHERE requirement_id = $1",
            )
            .bind(r)
            .fetch_one(&db)
            .await
            .unwrap()
        }
    };
    let ktp = sent(req(1)).await;
    assert_ne!(ktp, p.sha256, "the KTP got the smaller photo");
    let held = server.state.storage.read(&ktp).await.unwrap().to_vec();
    assert_eq!(hex(&held), ktp);
    let img = image::load_from_memory(&held).unwrap();
    assert_eq!(
        (img.width(), img.height()),
        (1920, 2560),
        "upright, 2560 on the longer side"
    );
    assert!(held.len() < 5 * 1024 * 1024);
    assert_eq!(
        sent(req(7)).await,
        hex(&photo),
        "the map photo went as it was"
    );
}
