//! Chat through the real server between two desktops on real SQLite files: messages typed
//! offline on both sides go in the order they were typed, both desktops end with the same
//! conversation in the server's order, a file goes with a message, and a message sent
//! online reaches the other desktop live over the WebSocket.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{DEAD, applicant, desktop, pdf};
use eptsp_server::testkit::TestServer;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_queued_offline_on_two_desktops_keep_their_order_and_live_ones_arrive_at_once() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ani = applicant(&server, d1.path()).await;
    let siti = desktop(d2.path(), &server.url()).await;
    siti.login(eptsp_core::api::LoginRequest {
        login: "verifikator@dpmptsp.test".into(),
        password: "Verifikator2026".into(),
    })
    .await
    .unwrap();
    let conv = ani.profile().await.unwrap().profile.id;
    let f = ani
        .files()
        .unwrap()
        .import_bytes(
            &ani.store().unwrap(),
            pdf(30_000, 9),
            "tangkapan.pdf",
            "Tangkapan layar",
        )
        .await
        .unwrap();

    // Both offline: typed, kept, shown as waiting.
    for b in [&ani, &siti] {
        b.api.set_base(DEAD);
        b.check_connectivity().await;
    }
    ani.chat_send(None, "A1 resi saya belum muncul", None)
        .await
        .unwrap();
    ani.chat_send(None, "A2 ini tangkapan layarnya <b>", Some(&f.id))
        .await
        .unwrap();
    ani.chat_send(None, "A3 mohon dibantu", None).await.unwrap();
    siti.chat_send(Some(&conv), "S1 selamat pagi", None)
        .await
        .unwrap();
    let shown = siti
        .chat_send(Some(&conv), "S2 kami periksa", None)
        .await
        .unwrap();
    assert!(shown.iter().all(|m| m.pending && m.mine));
    let err = ani.chat_send(None, "   ", None).await.unwrap_err();
    assert_eq!(err.message, "Tulis pesan");
    assert_eq!(ani.chat_list(None).await.unwrap().len(), 3);
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM chat_messages")
            .fetch_one(&server.state.db)
            .await
            .unwrap(),
        0
    );

    // Back online, the officer's desktop first.
    for b in [&siti, &ani] {
        b.api.set_base(&server.url());
        assert!(b.check_connectivity().await);
        eptsp_desktop::sync::sync_chat(b, &b.account().unwrap())
            .await
            .unwrap();
    }
    eptsp_desktop::sync::sync_chat(&siti, &siti.account().unwrap())
        .await
        .unwrap();
    let texts = |items: Vec<eptsp_desktop::store::chat::ChatItem>| {
        items
            .into_iter()
            .map(|m| (m.text[..2].to_owned(), m.pending))
            .collect::<Vec<_>>()
    };
    let on_ani = texts(ani.chat_list(None).await.unwrap());
    let on_siti = texts(siti.chat_list(Some(&conv)).await.unwrap());
    let expected: Vec<(String, bool)> = ["S1", "S2", "A1", "A2", "A3"]
        .iter()
        .map(|t| (t.to_string(), false))
        .collect();
    assert_eq!(on_siti, expected);
    assert_eq!(
        on_ani, expected,
        "the same conversation, in the server's order"
    );
    let items = ani.chat_list(None).await.unwrap();
    let a2 = items.iter().find(|m| m.text.starts_with("A2")).unwrap();
    assert_eq!(a2.text, "A2 ini tangkapan layarnya <b>");
    let att = a2.attachment.clone().unwrap();
    assert_eq!(
        (att.name.as_str(), att.sha256.as_str()),
        ("tangkapan.pdf", f.sha256.as_str())
    );
    assert!(server.state.storage.contains(&f.sha256).await.unwrap());
    assert!(
        items
            .iter()
            .filter(|m| m.from_office)
            .all(|m| m.sender_name == "Siti Rahmawati, S.H.")
    );

    // Live: the officer's desktop listens; the applicant's next message arrives at once.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let listener = Arc::clone(&siti);
    let task = tokio::spawn(async move {
        let arrived = move |_| {
            let _ = tx.send(());
        };
        listener.listen(&arrived).await
    });
    tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("connected");
    ani.chat_send(None, "A4 terima kasih", None).await.unwrap();
    tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("pushed live");
    let last = siti.chat_list(Some(&conv)).await.unwrap().pop().unwrap();
    assert_eq!(last.text, "A4 terima kasih");
    task.abort();
}

/// A file sent in the chat opens on the officer's workstation too: fetched from the office
/// once, checked against its hash, then opened offline from the workstation's own store.
#[tokio::test]
async fn an_attachment_sent_in_the_chat_opens_on_the_officers_workstation() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ani = applicant(&server, d1.path()).await;
    let bytes = pdf(30_000, 21);
    let f = ani
        .files()
        .unwrap()
        .import_bytes(
            &ani.store().unwrap(),
            bytes.clone(),
            "izin lama.pdf",
            "Izin lama",
        )
        .await
        .unwrap();
    ani.chat_send(None, "Ini izin lama saya", Some(&f.id))
        .await
        .unwrap();
    let siti = desktop(d2.path(), &server.url()).await;
    siti.login(eptsp_core::api::LoginRequest {
        login: "verifikator@dpmptsp.test".into(),
        password: "Verifikator2026".into(),
    })
    .await
    .unwrap();
    let path = siti
        .chat_file_open(&f.sha256, "izin lama.pdf")
        .await
        .unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert!(path.extension().is_some_and(|e| e == "pdf"));
    // Offline now: it is kept here.
    siti.api.set_base(DEAD);
    siti.check_connectivity().await;
    let again = siti
        .chat_file_open(&f.sha256, "izin lama.pdf")
        .await
        .unwrap();
    assert_eq!(std::fs::read(again).unwrap(), bytes);
    // The applicant opens her own from File Saya, offline too.
    ani.api.set_base(DEAD);
    ani.check_connectivity().await;
    let own = ani
        .chat_file_open(&f.sha256, "izin lama.pdf")
        .await
        .unwrap();
    assert_eq!(std::fs::read(own).unwrap(), bytes);
}
