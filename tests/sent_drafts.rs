//! "Kirim" is final: a sent draft leaves the drafts, is read-only while it waits in the
//! outbox, and comes back only through "Batalkan pengiriman", which keeps its application
//! id so that nothing the office already took is made twice. The real server on
//! 127.0.0.1:0, the desktop's store on a real SQLite file.

mod common;

use common::{DEAD, applicant, complete_draft, office_takes_it_unheard, pdf};
use eptsp_desktop::backend::Backend;
use eptsp_desktop::store::{drafts, outbox};
use eptsp_desktop::sync;
use eptsp_server::testkit::TestServer;

async fn applications_at_the_office(server: &TestServer) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM applications")
        .fetch_one(&server.state.db)
        .await
        .unwrap()
}

/// A 30 kB PDF in File Saya: its id and SHA-256.
async fn a_file(b: &Backend, seed: u64) -> (String, String) {
    let f = b
        .files()
        .unwrap()
        .import_bytes(&b.store().unwrap(), pdf(30_000, seed), "a.pdf", "A")
        .await
        .unwrap();
    (f.id, f.sha256)
}

#[tokio::test]
async fn a_sent_draft_is_read_only_until_taken_back_and_then_goes_once() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    b.api.set_base(DEAD);
    let (f, _) = a_file(&b, 1).await;
    let draft = complete_draft(&b, &f).await;
    assert!(b.drafts_submit(&draft).await.unwrap().is_empty());
    let first = outbox::get(&b.store().unwrap(), &draft)
        .await
        .unwrap()
        .unwrap();

    // Waiting: not among the drafts, in the outbox with its permit, and nothing changes it.
    assert!(b.drafts_list().await.unwrap().is_empty());
    let waiting = b.outbox().await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        (
            waiting[0].state.as_str(),
            waiting[0].permit_type_id.as_str()
        ),
        ("queued", "sipa")
    );
    let mut changed = drafts::get(&b.store().unwrap(), &draft)
        .await
        .unwrap()
        .unwrap()
        .data;
    changed.keterangan = "Diubah setelah Kirim".into();
    let refused = b.drafts_save(&draft, 5, &changed).await.unwrap_err();
    assert_eq!(refused.code, "draft_sent");
    assert!(
        refused.message.contains("Batalkan pengiriman")
            || refused.message.contains("batalkan pengiriman")
    );
    assert_eq!(
        b.drafts_delete(&draft).await.unwrap_err().code,
        "draft_sent"
    );
    assert_eq!(b.drafts_open(&draft).await.unwrap_err().code, "draft_sent");
    let kept = drafts::get(&b.store().unwrap(), &draft)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.data.keterangan, "Sumur bor untuk pabrik es balok");

    // Taken back: a draft again, editable; the outbox no longer shows it and sends nothing.
    let back = b.outbox_cancel(&draft).await.unwrap();
    assert_eq!(back.id, draft);
    assert_eq!(b.drafts_list().await.unwrap().len(), 1);
    assert!(b.outbox().await.unwrap().is_empty());
    b.drafts_open(&draft).await.unwrap();
    b.drafts_save(&draft, 5, &changed).await.unwrap();
    b.api.set_base(&server.url());
    let r = sync::run_once(&b, &b.account().unwrap()).await.unwrap();
    assert!(r.received.is_empty(), "a cancelled submission went: {r:?}");
    assert_eq!(applications_at_the_office(&server).await, 0);
    assert_eq!(
        b.outbox_cancel(&draft).await.unwrap_err().code,
        "not_waiting"
    );

    // Sent again: the same application id, the edited data, one application.
    assert!(b.drafts_submit(&draft).await.unwrap().is_empty());
    let again = outbox::get(&b.store().unwrap(), &draft)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.application_id, first.application_id);
    let r = b.sync_now().await.unwrap();
    assert_eq!(r.received.len(), 1, "{r:?}");
    assert_eq!(applications_at_the_office(&server).await, 1);
    let keterangan: String =
        sqlx::query_scalar("SELECT data->>'keterangan' FROM applications WHERE id::text = $1")
            .bind(&first.application_id)
            .fetch_one(&server.state.db)
            .await
            .unwrap();
    assert_eq!(keterangan, "Diubah setelah Kirim");

    // Received: there is nothing left to take back.
    let late = b.outbox_cancel(&draft).await.unwrap_err();
    assert_eq!(late.code, "already_received");
    assert!(late.message.contains("sudah diterima kantor"));
}

#[tokio::test]
async fn taken_back_after_the_office_took_it_unheard_and_sent_again_it_is_one_application() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    let (f, sha) = a_file(&b, 2).await;
    let draft = complete_draft(&b, &f).await;
    b.drafts_submit(&draft).await.unwrap();
    // The office took it; the answer never reached this desktop (the connection dropped).
    let took = office_takes_it_unheard(&b, &draft, &sha, pdf(30_000, 2)).await;

    b.outbox_cancel(&draft).await.unwrap();
    assert!(b.drafts_submit(&draft).await.unwrap().is_empty());
    let r = b.sync_now().await.unwrap();
    assert_eq!(r.received, vec![took.resi]);
    assert_eq!(applications_at_the_office(&server).await, 1);
}

#[tokio::test]
async fn taking_back_while_a_pass_sends_ends_one_way_or_the_other_never_both() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    let mut received = 0;
    let mut taken_back = 0;
    for round in 0..6u64 {
        let (f, _) = a_file(&b, 10 + round).await;
        let draft = complete_draft(&b, &f).await;
        b.drafts_submit(&draft).await.unwrap();
        // Both orders: whichever takes the sync lock first decides.
        let (pass, cancel) = if round % 2 == 0 {
            tokio::join!(b.sync_now(), b.outbox_cancel(&draft))
        } else {
            let (c, p) = tokio::join!(b.outbox_cancel(&draft), b.sync_now());
            (p, c)
        };
        let pass = pass.unwrap();
        match cancel {
            Ok(_) => {
                taken_back += 1;
                assert!(pass.received.is_empty(), "round {round}: both: {pass:?}");
                assert!(b.drafts_list().await.unwrap().iter().any(|d| d.id == draft));
                b.drafts_delete(&draft).await.unwrap();
            }
            Err(e) => {
                received += 1;
                assert_eq!(e.code, "already_received", "round {round}");
                assert_eq!(pass.received.len(), 1, "round {round}: {pass:?}");
            }
        }
        assert_eq!(applications_at_the_office(&server).await, received);
    }
    assert_eq!(received + taken_back, 6);
    assert!(
        received > 0 && taken_back > 0,
        "{received} received, {taken_back} taken back"
    );
    assert!(b.outbox().await.unwrap().is_empty());
    assert!(b.drafts_list().await.unwrap().is_empty());
}
