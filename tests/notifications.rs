//! Desktop notifications for what people wait for, through the desktop backend against the
//! real server, each desktop on its own store: a verifier running the app (its live
//! channel and worker) is told of a new application in the queue by push; a chat message
//! is announced on the other side of the counter and never to its writer; an answer to a
//! complaint is announced to the applicant; each once, and each opening its screen.

mod common;

use std::sync::{Arc, Mutex};

use common::{applicant, complete_draft, officer, pdf, wait_until};
use eptsp_core::complaint::{ComplaintStatus, Kategori};
use eptsp_desktop::backend::Backend;
use eptsp_desktop::pass::{Note, Screen};
use eptsp_desktop::sync;
use eptsp_server::testkit::TestServer;

async fn notes(b: &Backend) -> Vec<Note> {
    sync::notifications(&sync::run_once(b, &b.account().unwrap()).await.unwrap())
}

async fn verifier(server: &TestServer, dir: &std::path::Path) -> Arc<Backend> {
    officer(server, dir, "verifikator@dpmptsp.test", "Verifikator2026").await
}

fn summaries(notes: &[Note]) -> Vec<&str> {
    notes.iter().map(|n| n.summary.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_each_side_waits_for_is_announced_once_with_its_screen() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let dirs: Vec<_> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let ani = applicant(&server, dirs[0].path()).await;
    let siti = verifier(&server, dirs[1].path()).await;

    // One application already waits when the verifier first signs in here: that is what
    // the queue holds, not news.
    let f = ani
        .files()
        .unwrap()
        .import_bytes(
            &ani.store().unwrap(),
            pdf(40_000, 5),
            "berkas.pdf",
            "Berkas",
        )
        .await
        .unwrap();
    let waiting = complete_draft(&ani, &f.id).await;
    ani.drafts_submit(&waiting).await.unwrap();
    sync::run_once(&ani, &ani.account().unwrap()).await.unwrap();
    assert!(
        !summaries(&notes(&siti).await)
            .iter()
            .any(|s| s.contains("antrean")),
        "what waited before is not announced"
    );

    // The verifier's workstation runs as the app does; what it would show is kept.
    let shown: Arc<Mutex<Vec<Note>>> = Arc::default();
    let seen = shown.clone();
    let channel = tokio::spawn(siti.clone().run_channel(|_| {}));
    let worker = tokio::spawn(
        siti.clone()
            .run_worker(move |r| seen.lock().unwrap().extend(sync::notifications(&r))),
    );
    wait_until("the verifier's channel", || {
        let s = siti.clone();
        async move { s.is_channel_up() }
    })
    .await;

    // Ani sends another: the queue's push reaches the workstation, which says so.
    let draft = complete_draft(&ani, &f.id).await;
    ani.drafts_submit(&draft).await.unwrap();
    let resi = sync::run_once(&ani, &ani.account().unwrap())
        .await
        .unwrap()
        .received
        .remove(0);
    wait_until("the queue notification", || {
        let shown = shown.clone();
        async move {
            shown
                .lock()
                .unwrap()
                .iter()
                .any(|n| n.summary == "Permohonan baru di antrean verifikasi")
        }
    })
    .await;
    channel.abort();
    worker.abort();
    let queue: Vec<Note> = shown
        .lock()
        .unwrap()
        .iter()
        .filter(|n| n.summary.contains("antrean"))
        .cloned()
        .collect();
    assert_eq!(queue.len(), 1, "announced once: {queue:?}");
    assert!(queue[0].body.starts_with(&resi), "{:?}", queue[0].body);
    assert!(queue[0].body.contains("Ani Lestari"), "{:?}", queue[0].body);
    assert_eq!(queue[0].open.screen, Screen::Kantor);
    // Fetched again, the same queue has nothing new.
    assert!(
        !summaries(&notes(&siti).await)
            .iter()
            .any(|s| s.contains("antrean"))
    );

    // Ani asks in the chat: the officer is told, Ani is not told of her own message.
    ani.chat_send(None, "Apakah berkas saya sudah lengkap?", None)
        .await
        .unwrap();
    assert!(notes(&ani).await.is_empty());
    let told = notes(&siti).await;
    assert_eq!(summaries(&told), ["Pesan baru dari Ani Lestari"]);
    assert_eq!(told[0].body, "Apakah berkas saya sudah lengkap?");
    assert_eq!(told[0].open.screen, Screen::Chat);
    let conversation = told[0].open.conversation.clone().expect("its conversation");
    assert!(notes(&siti).await.is_empty(), "announced once");

    // The officer answers: Ani is told, on the chat screen.
    siti.chat_send(
        Some(&conversation),
        "Sudah lengkap, sedang kami periksa.",
        None,
    )
    .await
    .unwrap();
    let told = notes(&ani).await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].summary.starts_with("Pesan baru dari "), "{told:?}");
    assert_eq!(told[0].body, "Sudah lengkap, sedang kami periksa.");
    assert_eq!(told[0].open.screen, Screen::Chat);
    assert!(notes(&siti).await.is_empty(), "the writer is not told");

    // A complaint answered: Ani is told, on Pengaduan.
    let c = ani
        .complaint_create(
            None,
            Kategori::Pelayanan,
            "Antrean di loket terlalu lama sekali.",
        )
        .await
        .unwrap();
    siti.complaint_reply(
        &c.id,
        "Mohon maaf, loket kedua sudah kami buka.",
        ComplaintStatus::Selesai,
    )
    .await
    .unwrap();
    let told = notes(&ani).await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(
        told[0].summary.starts_with("Balasan pengaduan Anda"),
        "{told:?}"
    );
    assert_eq!(told[0].body, "Mohon maaf, loket kedua sudah kami buka.");
    assert_eq!(told[0].open.screen, Screen::Pengaduan);
    assert!(notes(&ani).await.is_empty(), "announced once");
}

/// A desktop where an account signs in for the first time brings that account's history
/// (inbox, chat): none of it pops up; what arrives afterwards does.
#[tokio::test]
async fn the_history_a_new_desktop_catches_up_on_is_not_announced() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let ani = applicant(&server, dirs[0].path()).await;
    let siti = verifier(&server, dirs[1].path()).await;
    // Signed in, the workstation catches up (nothing yet) as the app does at once.
    assert!(notes(&siti).await.is_empty());
    ani.chat_send(None, "Halo, saya ingin bertanya.", None)
        .await
        .unwrap();
    let told = notes(&siti).await;
    let conversation = told[0].open.conversation.clone().unwrap();
    siti.chat_send(Some(&conversation), "Silakan, Bu.", None)
        .await
        .unwrap();

    // The same verifier on a second workstation: the history arrives, silently.
    let other = verifier(&server, dirs[2].path()).await;
    assert!(notes(&other).await.is_empty());
    assert_eq!(
        other.chat_list(Some(&conversation)).await.unwrap().len(),
        2,
        "the history is there"
    );
    ani.chat_send(None, "Terima kasih.", None).await.unwrap();
    assert_eq!(
        summaries(&notes(&other).await),
        ["Pesan baru dari Ani Lestari"]
    );
}
