//! Application drafts on a real SQLite file: prefilled from the profile, saved as typed,
//! reopened on the same step after the app is killed, checked step by step against the
//! catalogue and File Saya, several at once, deleted.

mod common;

use common::{DEAD, applicant, desktop};
use eptsp_core::catalogue::ApplicationKind;
use eptsp_core::dossier::Attachment;
use eptsp_server::testkit::TestServer;

#[tokio::test]
async fn a_draft_is_prefilled_and_reopens_on_its_step_after_a_kill() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    b.api.set_base(DEAD);
    let d = b.drafts_create().await.unwrap();
    assert_eq!(d.step, 1);
    assert_eq!(d.data.pemohon.telp, "081255550001");
    assert_eq!(d.data.pemohon.email, "ani@example.co.id");

    let mut data = d.data.clone();
    data.agency_id = "esdm".into();
    data.permit_type_id = "sipa".into();
    data.kind = Some(ApplicationKind::Baru);
    data.lokasi.jalan = "Jl. Gajah Mada".into();
    data.lokasi.lintang = "-0.50".into();
    b.drafts_save(&d.id, 4, &data).await.unwrap();

    // The process dies without closing anything: reopen the same file, and sign in with
    // the password (no network needed).
    drop(b);
    let b = desktop(dir.path(), DEAD).await;
    b.login(eptsp_core::api::LoginRequest {
        login: "6472015505900011".into(),
        password: "Kaltim2026".into(),
    })
    .await
    .unwrap();
    let open = b
        .drafts_current()
        .await
        .unwrap()
        .expect("the draft that was open");
    assert_eq!(open.id, d.id);
    assert_eq!(open.step, 4);
    assert_eq!(open.data, data);
}

#[tokio::test]
async fn several_drafts_live_side_by_side_and_one_can_be_deleted() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    b.api.set_base(DEAD);
    let a = b.drafts_create().await.unwrap();
    let c = b.drafts_create().await.unwrap();
    assert_eq!(b.drafts_list().await.unwrap().len(), 2);
    b.drafts_delete(&c.id).await.unwrap();
    let left = b.drafts_list().await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].id, a.id);
    // The deleted one was open: nothing is open now.
    assert!(b.drafts_current().await.unwrap().is_none());
    assert_eq!(
        b.drafts_save(&c.id, 1, &c.data).await.unwrap_err().code,
        "not_found"
    );
}

#[tokio::test]
async fn the_last_step_is_checked_against_the_catalogue_and_file_saya_offline() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    b.api.set_base(DEAD);
    let d = b.drafts_create().await.unwrap();
    let mut data = d.data.clone();
    data.agency_id = "esdm".into();
    data.permit_type_id = "sipa".into();
    data.kind = Some(ApplicationKind::Baru);
    data.keterangan = "Sumur bor untuk pabrik es balok".into();
    b.drafts_save(&d.id, 5, &data).await.unwrap();
    let missing = b.drafts_check(&d.id, 5).await.unwrap();
    let mandatory = missing
        .iter()
        .filter(|e| e.code == "required" && e.field.starts_with("req."))
        .count();
    assert_eq!(mandatory, 7, "{missing:?}");

    // Attach one PDF for every requirement.
    let pdf = b"%PDF-1.4\n% dokumen\ntrailer << >>\n%%EOF\n".to_vec();
    let f = b
        .files()
        .unwrap()
        .import_bytes(&b.store().unwrap(), pdf, "dokumen.pdf", "Dokumen")
        .await
        .unwrap();
    let catalogue = b.catalogue().await.unwrap().catalogue;
    let (_, sipa) = catalogue.permit_type("sipa").unwrap();
    data.attachments = sipa
        .requirements_for(ApplicationKind::Baru)
        .map(|r| Attachment {
            requirement_id: r.id,
            file_id: f.id.clone(),
        })
        .collect();
    data.pernyataan = true;
    data.detail = eptsp_server::testkit::sipa_detail();
    b.drafts_save(&d.id, 5, &data).await.unwrap();
    let left = b.drafts_check(&d.id, 5).await.unwrap();
    // KTP takes JPG/PNG/PDF, the drawing DWG/PDF: a PDF fits them all.
    assert!(left.is_empty(), "{left:?}");

    // A document removed from File Saya is noticed.
    b.files()
        .unwrap()
        .delete(&b.store().unwrap(), &f.id)
        .await
        .unwrap();
    let gone = b.drafts_check(&d.id, 5).await.unwrap();
    assert!(gone.iter().all(|e| e.code == "missing"));
    assert_eq!(gone.len(), data.attachments.len());
}
