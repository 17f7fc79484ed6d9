//! The back office and the revision loop through the desktop backend, each actor on its
//! own real SQLite file against the real server: the verifier claims (the dossier and its
//! files come down), decides with the network off (queued, sent once on reconnection),
//! the applicant revises, a stale revision is refused, the signer signs, and the applicant
//! prints the permit — the PDF read back, its QR code decoded and verified offline.

mod common;

use eptsp_core::endpoints as e;
use std::path::Path;

use common::{DEAD, applicant, complete_draft, officer, pdf};
use eptsp_core::lifecycle::{Action, Status};
use eptsp_core::office::{QueueQuery, ReviewItem};
use eptsp_desktop::office::verify_qr_text;
use eptsp_desktop::sync;
use eptsp_server::testkit::TestServer;
use sha2::Digest;

/// Decodes the QR code of the first image in the PDF at `pdf`.
fn qr_in_pdf(pdf: &Path, work: &Path) -> String {
    let prefix = work.join("img");
    let ok = std::process::Command::new("pdfimages")
        .arg("-png")
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(ok.success());
    // The permit carries two images: the site's map (900 × 500, under the details or on
    // the Lampiran when they leave no room) and the square QR code.
    let (map, qr) = if image::image_dimensions(work.join("img-000.png")).unwrap() == (900, 500) {
        ("img-000.png", "img-001.png")
    } else {
        ("img-001.png", "img-000.png")
    };
    let map = image::open(work.join(map)).unwrap().to_rgb8();
    assert_eq!(map.dimensions(), (900, 500), "the map preview");
    let pin = map.get_pixel(450, 245);
    assert!(
        pin[0] > 180 && pin[1] < 80 && pin[2] < 80,
        "the red pin at the site: {pin:?}"
    );
    let img = image::open(work.join(qr)).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the permit");
    grids[0].decode().unwrap().1
}

#[tokio::test]
async fn a_permit_goes_from_return_through_revision_and_signature_to_a_verified_print() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();

    // Ani sends an application.
    let ani = applicant(&server, dirs[0].path()).await;
    let f = ani
        .files()
        .unwrap()
        .import_bytes(
            &ani.store().unwrap(),
            pdf(60_000, 31),
            "dokumen.pdf",
            "Dokumen",
        )
        .await
        .unwrap();
    let draft = complete_draft(&ani, &f.id).await;
    ani.drafts_submit(&draft).await.unwrap();
    let resi = sync::run_once(&ani, &ani.account().unwrap())
        .await
        .unwrap()
        .received
        .remove(0);
    let app_id = ani.applications().await.unwrap()[0].id.clone();

    // The verifier's workstation: the queue, a claim, the dossier and files on disk.
    let siti = officer(
        &server,
        dirs[1].path(),
        "verifikator@dpmptsp.test",
        "Verifikator2026",
    )
    .await;
    let q = siti.office_queue(QueueQuery::default()).await.unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].resi, resi);
    let case = siti.office_claim(&app_id).await.unwrap();
    assert_eq!(case.dossier.status, Status::Verifikasi);
    let downloaded = siti.office_file_store(&f.sha256).unwrap();
    assert_eq!(
        format!(
            "{:x}",
            sha2::Sha256::digest(downloaded.read_all(&f.sha256).unwrap())
        ),
        f.sha256
    );
    // Kept encrypted in the verifier's own store, not as the plain file.
    let raw = std::fs::read(downloaded.blob_path(&f.sha256)).unwrap();
    assert_ne!(format!("{:x}", sha2::Sha256::digest(&raw)), f.sha256);

    // The network goes; the review goes on, and the decision waits.
    siti.api.set_base(DEAD);
    siti.check_connectivity().await;
    let case = siti.office_case(&app_id).await.unwrap();
    let first = case.dossier.files[0].requirement_id;
    let checklist: Vec<ReviewItem> = case
        .dossier
        .files
        .iter()
        .map(|x| ReviewItem {
            requirement_id: x.requirement_id,
            sesuai: x.requirement_id != first,
            note: if x.requirement_id == first {
                "Foto KTP buram".into()
            } else {
                String::new()
            },
        })
        .collect();
    siti.office_case_save(&app_id, &checklist, "Perbaiki KTP")
        .await
        .unwrap();
    // A return without any requirement marked is refused here already.
    let err = siti
        .office_decide(&app_id, Action::MintaPerbaikan, "Perbaiki", Vec::new())
        .await
        .unwrap_err();
    assert_eq!(err.fields[0].field, "checklist");
    let held = siti
        .office_decide(
            &app_id,
            Action::MintaPerbaikan,
            "Perbaiki KTP",
            checklist.clone(),
        )
        .await
        .unwrap();
    assert_eq!(held.pending.as_ref().unwrap().state, "queued");
    assert_eq!(held.checklist, checklist);
    let status: String = sqlx::query_scalar("SELECT status FROM applications")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    assert_eq!(status, "verifikasi", "nothing reached the server yet");
    // Back online: sent once.
    siti.api.set_base(&server.url());
    assert!(siti.check_connectivity().await);
    let r = siti.sync_now().await.unwrap();
    assert_eq!(r.decided, vec!["Perlu Perbaikan".to_owned()]);
    assert!(siti.office_cases().await.unwrap().is_empty());
    // The decision reached the server: the dossier's files leave the workstation.
    assert!(
        !downloaded.has(&f.sha256),
        "the downloaded attachment was removed"
    );
    assert_eq!(siti.sync_now().await.unwrap().decided.len(), 0);

    // Ani hears of it, with the notes.
    let r = sync::run_once(&ani, &ani.account().unwrap()).await.unwrap();
    let statuses: Vec<&str> = r.updates.iter().map(|c| c.status.as_str()).collect();
    assert_eq!(statuses, ["verifikasi", "perlu_perbaikan"]);
    assert!(
        sync::notifications(&r)
            .iter()
            .any(|n| n.summary.contains("Perlu Perbaikan") && n.body.contains("Perbaiki KTP"))
    );
    // The inbox has both messages, readable offline; a message read offline is marked
    // read at the office on the next sync.
    let inbox = ani.inbox("", 1).await.unwrap();
    assert_eq!((inbox.total, inbox.unread, inbox.pages), (2, 2, 1));
    assert_eq!(
        inbox.items[0].subject,
        format!("Status permohonan {resi}: Perlu Perbaikan")
    );
    let found = ani.inbox("perbaiki ktp", 1).await.unwrap();
    assert_eq!(found.total, 1);
    ani.api.set_base(DEAD);
    ani.check_connectivity().await;
    let opened = ani.inbox_open(found.items[0].id).await.unwrap();
    assert!(opened.read);
    assert!(opened.body.contains("Catatan verifikator: Perbaiki KTP"));
    assert_eq!(ani.inbox("", 1).await.unwrap().unread, 1);
    let read_at: Option<time::OffsetDateTime> =
        sqlx::query_scalar("SELECT read_at FROM messages WHERE id = $1")
            .bind(opened.id)
            .fetch_one(&server.state.db)
            .await
            .unwrap();
    assert!(read_at.is_none(), "offline: the office does not know yet");
    ani.api.set_base(&server.url());
    assert!(ani.check_connectivity().await);
    sync::run_once(&ani, &ani.account().unwrap()).await.unwrap();
    let read_at: Option<time::OffsetDateTime> =
        sqlx::query_scalar("SELECT read_at FROM messages WHERE id = $1")
            .bind(opened.id)
            .fetch_one(&server.state.db)
            .await
            .unwrap();
    assert!(read_at.is_some());

    let revisi = ani.revisions().await.unwrap();
    assert_eq!(revisi.len(), 1);
    let review = revisi[0].review.as_ref().unwrap();
    assert_eq!(review.checklist, checklist);
    assert!(revisi[0].revision_due.is_some());

    // A revision made from an older version (another device answered first) is refused.
    let d = ani.revision_start(&app_id).await.unwrap();
    assert_eq!(d.revision_of.as_deref(), Some(app_id.as_str()));
    assert_eq!(d.step, 2);
    assert_eq!(
        d.data.attachments.len(),
        8,
        "every file found again in File Saya"
    );
    let token: String = sqlx::query_scalar("SELECT token FROM session")
        .fetch_one(&ani.store().unwrap().pool)
        .await
        .unwrap();
    let other = eptsp_core::office::RevisionRequest {
        id: uuid::Uuid::new_v4().to_string(),
        version: 1,
        data: revisi[0].data.clone(),
        files: revisi[0].files.clone(),
    };
    // The other device's answer comes first …
    ani.api
        .send::<e::Revise>(Some(&token), app_id.clone(), &other)
        .await
        .unwrap();
    let mut data = d.data.clone();
    data.keterangan = "KTP diganti dengan pindaian yang jelas".into();
    data.pernyataan = true;
    ani.drafts_save(&d.id, 5, &data).await.unwrap();
    assert!(ani.drafts_submit(&d.id).await.unwrap().is_empty());
    let r = sync::run_once(&ani, &ani.account().unwrap()).await.unwrap();
    assert_eq!(r.refused.len(), 1, "{r:?}");
    assert!(r.refused[0].contains("versi 1"), "{}", r.refused[0]);
    assert_eq!(
        ani.drafts_open(&d.id).await.unwrap().refusal.as_deref(),
        Some(r.refused[0].as_str()),
        "the draft keeps what was typed, with the reason"
    );
    ani.drafts_delete(&d.id).await.unwrap();

    // The verifier approves the revised version (online this time).
    let case = siti.office_claim(&app_id).await.unwrap();
    assert_eq!(case.dossier.version, 2);
    let all_ok = case
        .dossier
        .files
        .iter()
        .map(|x| ReviewItem {
            requirement_id: x.requirement_id,
            sesuai: true,
            note: String::new(),
        })
        .collect();
    siti.office_decide(&app_id, Action::Setujui, "", all_ok)
        .await
        .unwrap();
    assert!(
        siti.office_cases().await.unwrap().is_empty(),
        "sent at once"
    );

    // The head of office signs.
    let kepala = officer(
        &server,
        dirs[2].path(),
        "penandatangan@dpmptsp.test",
        "Kepala2026",
    )
    .await;
    let sq = kepala.signing_queue().await.unwrap();
    assert_eq!(sq.len(), 1);
    kepala.office_dossier(&app_id).await.unwrap();
    let err = kepala.office_sign(&app_id, "salah").await.unwrap_err();
    assert_eq!(
        err.message,
        "Passphrase salah. Tanda tangan elektronik dibatalkan."
    );
    let izin = kepala.office_sign(&app_id, "Kepala2026").await.unwrap();
    assert!(izin.content.nomor.starts_with("503/0001/DPMPTSP-KT/"));

    // Ani: the permit arrives, prints, and its QR code verifies offline.
    let r = sync::run_once(&ani, &ani.account().unwrap()).await.unwrap();
    assert!(
        r.updates
            .iter()
            .any(|c| c.status == eptsp_core::lifecycle::Status::Selesai)
    );
    let permits = ani.permits().await.unwrap();
    assert_eq!(permits.len(), 1);
    assert_eq!(permits[0].state, "aktif");
    assert_eq!(permits[0].izin, izin);
    ani.api.set_base(DEAD);
    let path = ani.print_izin(&app_id).await.unwrap();
    let text = common::pdf_text(&path);
    for expected in [
        "SURAT IZIN",
        izin.content.nomor.as_str(),
        "Ani Lestari",
        "DITANDATANGANI SECARA ELEKTRONIK",
        "Lintang -0.502106, Bujur 117.153709",
        "Peta lokasi izin: titik merah",
        "Dr. H. Ahmad Fauzi, M.Si.",
        // SIPA's printed Data Detail, signed with the rest.
        "Debit air yang dimohon",
        "120 m³/hari",
        "Kedalaman sumur",
        "80 meter",
        "Peruntukan air",
        "Industri",
    ] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
    assert!(
        !text.contains("Jumlah sumur"),
        "a field not printed stays off the permit"
    );
    assert_eq!(izin.content.rincian.len(), 3);
    let work = tempfile::tempdir().unwrap();
    let qr = qr_in_pdf(Path::new(&path), work.path());
    assert!(
        qr.starts_with(&format!("{}/v/{app_id}?d=", server.url())),
        "{qr}"
    );
    let v = verify_qr_text(&qr);
    assert!(v.valid, "{}", v.message);
    assert_eq!(v.izin.unwrap(), izin);
    // A forged code (content changed, signature kept) fails.
    let mut forged = izin.clone();
    forged.content.pemegang = "Orang Lain".into();
    let v = verify_qr_text(&eptsp_core::izin::qr_payload(&forged));
    assert!(!v.valid);
    assert_eq!(
        v.message,
        "Tanda tangan elektronik tidak sah: isi izin telah diubah atau bukan diterbitkan kantor ini"
    );
    assert!(!verify_qr_text("7K3M-Q9X2-H4T").valid);

    // Survey IKM for the finished application, once; the admin's report, exported.
    ani.api.set_base(&server.url());
    assert!(ani.check_connectivity().await);
    let err = ani.survey_form("7K3M-Q9X2-H4X").await.unwrap_err();
    assert_eq!(
        err.fields[0].field, "resi",
        "a mistyped resi is caught here"
    );
    let sv = ani.survey_form(&resi).await.unwrap();
    assert_eq!(sv.form.respondent.nama, "Ani Lestari");
    assert_eq!(sv.form.respondent.jenis_kelamin, "Perempuan");
    assert_eq!((sv.ikm.len(), sv.ipk.len()), (12, 10));
    let req = |score: u8| eptsp_core::ikm::SurveyRequest {
        answers: sv
            .ikm
            .iter()
            .chain(sv.ipk.iter())
            .map(|q| eptsp_core::ikm::Answer {
                code: q.code.into(),
                score,
            })
            .collect(),
        masukan: "Pelayanan cepat".into(),
        komentar: String::new(),
        pernyataan: true,
    };
    assert_eq!(
        ani.survey_submit(&app_id, req(4)).await.unwrap(),
        "Survey berhasil dikirim"
    );
    let again = ani.survey_submit(&app_id, req(3)).await.unwrap_err();
    assert_eq!(again.message, "Survey untuk permohonan ini sudah diisi");
    let admin_dir = tempfile::tempdir().unwrap();
    let admin = officer(&server, admin_dir.path(), "admin@dpmptsp.test", "Admin2026").await;
    let report = admin.ikm_report("", "", "").await.unwrap();
    assert_eq!(report.overall.as_ref().unwrap().converted, 100.0);
    let paths = admin.ikm_export("", "", "sipa").await.unwrap();
    let csv = std::fs::read_to_string(&paths[0]).unwrap();
    assert!(csv.contains(";100,00;A;Sangat Baik"), "{csv}");
    let text = common::pdf_text(&paths[1]);
    assert!(
        text.contains("LAPORAN INDEKS KEPUASAN MASYARAKAT"),
        "{text}"
    );
    assert!(
        text.contains("IKM 100,00 (mutu A, Sangat Baik) dari 1 responden"),
        "{text}"
    );
    assert!(text.contains("Izin Pengusahaan Air Tanah (SIPA)"), "{text}");

    // Perpanjangan starts from the permit's application.
    let renewal = ani.permit_renew(&app_id).await.unwrap();
    assert_eq!(
        renewal.data.kind,
        Some(eptsp_core::catalogue::ApplicationKind::Perpanjangan)
    );
    assert_eq!(renewal.data.lokasi.lintang, "-0.502106");
    assert!(renewal.data.attachments.is_empty());
    assert_eq!(renewal.data.renews.as_deref(), Some(app_id.as_str()));
    // Sent with its documents, it reaches the office naming the permit; Izin Saya names it.
    let catalogue = ani.catalogue().await.map(|c| c.catalogue).unwrap();
    let (_, sipa) = catalogue.permit_type("sipa").unwrap();
    let data = eptsp_core::dossier::DraftData {
        attachments: sipa
            .requirements_for(eptsp_core::catalogue::ApplicationKind::Perpanjangan)
            .map(|r| eptsp_core::dossier::Attachment {
                requirement_id: r.id,
                file_id: f.id.clone(),
            })
            .collect(),
        pernyataan: true,
        ..renewal.data.clone()
    };
    ani.drafts_save(&renewal.id, 5, &data).await.unwrap();
    assert!(ani.drafts_submit(&renewal.id).await.unwrap().is_empty());
    let renewal_resi = sync::run_once(&ani, &ani.account().unwrap())
        .await
        .unwrap()
        .received
        .remove(0);
    let held = ani.permits().await.unwrap();
    assert_eq!(
        held.iter()
            .find(|p| p.izin.content.application_id == app_id)
            .and_then(|p| p.renewed_by.as_deref()),
        Some(renewal_resi.as_str())
    );
    let archive = admin
        .office_archive(&eptsp_core::archive::ArchiveQuery {
            q: Some(renewal_resi.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(archive.total, 1);
    assert!(
        archive.items[0]
            .renews
            .as_deref()
            .is_some_and(|n| n.starts_with("503/0001/"))
    );
}

#[tokio::test]
async fn a_permit_close_to_expiry_is_announced_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = eptsp_desktop::store::Store::open(&dir.path().join("eptsp.sqlite"))
        .await
        .unwrap();
    let today = eptsp_core::calendar::Clock::today_wita(&eptsp_core::calendar::SystemClock);
    let izin = |nomor: &str, id: &str, days: i64| eptsp_core::office::PermitView {
        izin: eptsp_core::izin::SignedIzin {
            content: eptsp_core::izin::IzinContent {
                nomor: nomor.into(),
                application_id: id.into(),
                resi: "7K3M-Q9X2-H4T".into(),
                pemegang: "Ani Lestari".into(),
                perusahaan: String::new(),
                jenis_izin: "SIPA".into(),
                permit_type_id: "sipa".into(),
                jenis_permohonan: "Baru".into(),
                lokasi: "Samarinda".into(),
                lintang: "-0.5".into(),
                bujur: "117.1".into(),
                poligon: String::new(),
                rincian: Vec::new(),
                terbit: "2021-12-01".into(),
                berlaku_sampai: eptsp_core::calendar::format_date(
                    today + time::Duration::days(days),
                ),
                penandatangan: "Kepala".into(),
                jabatan: "Kepala Dinas".into(),
                key_id: "k".into(),
                verifikasi_url: "https://eptsp.kaltimprov.go.id".into(),
            },
            signature: String::new(),
        },
        state: eptsp_core::office::PermitState::Aktif,
    };
    eptsp_desktop::store::office::save_permits(
        &store,
        &[
            izin("503/0001", "a", 20),
            izin("503/0002", "b", 200),
            izin("503/0003", "c", -3),
        ],
    )
    .await
    .unwrap();
    let today = eptsp_core::calendar::Clock::today_wita(&eptsp_core::calendar::SystemClock);
    let due = eptsp_desktop::store::office::due_reminders(&store, 30, today)
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].izin.content.nomor, "503/0001");
    assert_eq!(due[0].days_left, Some(20));
    assert!(
        eptsp_desktop::store::office::due_reminders(&store, 30, today)
            .await
            .unwrap()
            .is_empty(),
        "once"
    );
    let states: Vec<String> = eptsp_desktop::store::office::permits(&store, today)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.state)
        .collect();
    assert_eq!(states, ["kadaluarsa", "aktif", "aktif"]);
    let msgs = sync::notifications(&sync::SyncReport {
        reminders: vec![("503/0001".into(), "2026-12-13".into())],
        ..Default::default()
    });
    let msgs: Vec<(&str, &str)> = msgs
        .iter()
        .map(|n| (n.summary.as_str(), n.body.as_str()))
        .collect();
    assert_eq!(
        msgs,
        vec![(
            "Izin segera berakhir",
            "Izin nomor 503/0001 berlaku sampai 2026-12-13. Ajukan Perpanjangan sebelum masa berlakunya habis."
        )]
    );
}

/// A revision the applicant let lapse, handled from the verifier's workstation: the queue
/// flags it with what may be done, the extension reaches the applicant's desktop; offline,
/// the workstation says it needs the office.
#[tokio::test]
async fn a_lapsed_revision_is_extended_from_the_workstation() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let dirs: Vec<_> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let ani = applicant(&server, dirs[0].path()).await;
    let f = ani
        .files()
        .unwrap()
        .import_bytes(
            &ani.store().unwrap(),
            pdf(50_000, 41),
            "dokumen.pdf",
            "Dokumen",
        )
        .await
        .unwrap();
    let draft = complete_draft(&ani, &f.id).await;
    ani.drafts_submit(&draft).await.unwrap();
    sync::run_once(&ani, &ani.account().unwrap()).await.unwrap();
    let app_id = ani.applications().await.unwrap()[0].id.clone();

    let siti = officer(
        &server,
        dirs[1].path(),
        "verifikator@dpmptsp.test",
        "Verifikator2026",
    )
    .await;
    let case = siti.office_claim(&app_id).await.unwrap();
    let first = case.dossier.files[0].requirement_id;
    let checklist: Vec<ReviewItem> = case
        .dossier
        .files
        .iter()
        .map(|x| ReviewItem {
            requirement_id: x.requirement_id,
            sesuai: x.requirement_id != first,
            note: if x.requirement_id == first {
                "Buram".into()
            } else {
                String::new()
            },
        })
        .collect();
    siti.office_decide(&app_id, Action::MintaPerbaikan, "Perbaiki KTP", checklist)
        .await
        .unwrap();
    // Online, the decision went at once.
    siti.sync_now().await.unwrap();
    let status: String = sqlx::query_scalar("SELECT status FROM applications")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    assert_eq!(status, "perlu_perbaikan");

    // The deadline passes without a revision.
    let today = eptsp_core::calendar::Clock::today_wita(&eptsp_core::calendar::SystemClock);
    sqlx::query("UPDATE applications SET revision_due = $1")
        .bind(today.previous_day().unwrap())
        .execute(&server.state.db)
        .await
        .unwrap();
    let q = siti.office_queue(QueueQuery::default()).await.unwrap();
    assert_eq!(q.len(), 1, "a lapsed revision waits for the office");
    assert!(q[0].overdue);
    assert_eq!(q[0].lapse_actions, [Action::PerpanjangBatas, Action::Tolak]);

    // Offline the workstation cannot decide it, and says why.
    siti.api.set_base(DEAD);
    siti.check_connectivity().await;
    let err = siti
        .office_lapse(&app_id, Action::PerpanjangBatas)
        .await
        .unwrap_err();
    assert!(
        !err.message.is_empty() && !err.message.contains("500"),
        "{err:?}"
    );
    siti.api.set_base(&server.url());
    assert!(siti.check_connectivity().await);

    let r = siti
        .office_lapse(&app_id, Action::PerpanjangBatas)
        .await
        .unwrap();
    let until = eptsp_core::calendar::format_date(
        eptsp_core::holidays::Calendar::seed()
            .add_working_days(today, eptsp_core::office::REVISION_WORKING_DAYS),
    );
    assert_eq!(
        (r.status, r.revision_due.as_deref()),
        (Status::PerluPerbaikan, Some(until.as_str()))
    );
    let again = siti
        .office_lapse(&app_id, Action::PerpanjangBatas)
        .await
        .unwrap_err();
    assert!(again.message.contains("sudah diperpanjang"), "{again:?}");

    // Ani's desktop hears of it: the new deadline in Revisi Saya, the notes unchanged.
    let r = sync::run_once(&ani, &ani.account().unwrap()).await.unwrap();
    assert!(
        sync::notifications(&r)
            .iter()
            .any(|n| n.body.contains("Batas perbaikan diperpanjang")),
        "{r:?}"
    );
    let revisi = ani.revisions().await.unwrap();
    assert_eq!(revisi[0].revision_due.as_deref(), Some(until.as_str()));
    assert_eq!(revisi[0].review.as_ref().unwrap().note, "Perbaiki KTP");
}
