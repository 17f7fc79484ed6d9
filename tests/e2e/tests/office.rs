//! The back office in the real window, four desktops against one real server: the
//! verifier returns an application (the PDF attachment viewed page by page), the applicant
//! revises it in the revision form, the verifier approves, the head of office signs with
//! the passphrase, and the applicant prints the permit — the PDF read back, its QR code
//! decoded and verified, in the test and in the app's offline check.

use std::path::Path;
use std::time::Duration;

use eptsp_core::dossier::Lokasi;
use eptsp_e2e::App;
use eptsp_server::testkit::{TestServer, lokasi_samarinda};

/// Marks every document of the open dossier "Sesuai".
async fn judge_all_sesuai(app: &App) {
    let n = app
        .c
        .find_all(fantoccini::Locator::Css("#periksa-files .sesuai"))
        .await
        .unwrap()
        .len();
    assert!(n > 0);
    for i in 1..=n {
        app.click(&format!("#periksa-files tbody tr:nth-child({i}) .sesuai"))
            .await;
    }
    assert_eq!(checked_verdicts(app).await, n);
}

/// How many documents have a verdict (either radio chosen).
async fn checked_verdicts(app: &App) -> usize {
    app.c
        .find_all(fantoccini::Locator::Css(
            "#periksa-files input[type=radio]:checked",
        ))
        .await
        .unwrap()
        .len()
}

/// Budi's desktop, prepared through the app's own backend: signed in, an application
/// sent (resi issued) with one real PDF for every requirement.
async fn applicant_desktop(server: &TestServer) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let store = eptsp_desktop::store::Store::open(&dir.path().join("eptsp.sqlite"))
        .await
        .unwrap();
    let b = eptsp_desktop::backend::Backend::open(store).await.unwrap();
    b.api.set_base(&server.url());
    // "Tetap masuk": the app started on this folder opens Budi's store by itself (its key
    // in the session's Secret Service).
    b.login_with(
        eptsp_core::api::LoginRequest {
            login: "pemohon@dpmptsp.test".into(),
            password: "Pemohon2026".into(),
        },
        true,
    )
    .await
    .unwrap();
    let catalogue = b.catalogue().await.unwrap().catalogue;
    // A real two-page PDF, so the viewer has pages to turn.
    let pdf = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/dua-halaman.pdf"))
        .unwrap();
    let a = b.account().unwrap();
    let f = a
        .files
        .import_bytes(&a.store, pdf, "ktp-budi.pdf", "KTP Budi")
        .await
        .unwrap();
    // The KTP as a photo, so the image viewer has something to turn.
    let mut png = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_fn(640, 400, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 180])
    })
    .write_to(&mut png, image::ImageFormat::Png)
    .unwrap();
    let ktp = a
        .files
        .import_bytes(&a.store, png.into_inner(), "ktp-budi.png", "Foto KTP")
        .await
        .unwrap();
    let d = b.drafts_create().await.unwrap();
    let (_, sipa) = catalogue.permit_type("sipa").unwrap();
    let data = eptsp_core::dossier::DraftData {
        agency_id: "esdm".into(),
        permit_type_id: "sipa".into(),
        kind: Some(eptsp_core::catalogue::ApplicationKind::Baru),
        lokasi: Lokasi {
            nomor: "12".into(),
            ..lokasi_samarinda()
        },
        keterangan: "Sumur bor untuk pabrik es balok".into(),
        detail: eptsp_server::testkit::sipa_detail(),
        attachments: sipa
            .requirements_for(eptsp_core::catalogue::ApplicationKind::Baru)
            .map(|r| eptsp_core::dossier::Attachment {
                requirement_id: r.id,
                file_id: if r.name.starts_with("Kartu Tanda Penduduk") {
                    ktp.id.clone()
                } else {
                    f.id.clone()
                },
            })
            .collect(),
        pernyataan: true,
        ..d.data.clone()
    };
    b.drafts_save(&d.id, 5, &data).await.unwrap();
    assert!(b.drafts_submit(&d.id).await.unwrap().is_empty());
    let r = b.sync_now().await.unwrap();
    assert_eq!(r.received.len(), 1, "{r:?}");
    drop(a);
    b.close().await;
    dir
}

fn qr_of(pdf: &str, work: &Path) -> String {
    let prefix = work.join("img");
    assert!(
        std::process::Command::new("pdfimages")
            .arg("-png")
            .arg(pdf)
            .arg(&prefix)
            .status()
            .unwrap()
            .success()
    );
    // The site's map (900 × 500, under the details or on the Lampiran) and the QR code.
    let (map, qr) = if image::image_dimensions(work.join("img-000.png")).unwrap() == (900, 500) {
        ("img-000.png", "img-001.png")
    } else {
        ("img-001.png", "img-000.png")
    };
    let map = image::open(work.join(map)).unwrap();
    assert_eq!((map.width(), map.height()), (900, 500), "the site's map");
    let img = image::open(work.join(qr)).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1);
    grids[0].decode().unwrap().1
}

#[tokio::test]
async fn returned_revised_approved_signed_and_printed_in_the_real_window() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let budi_data = applicant_desktop(&server).await;
    let resi: String = sqlx::query_scalar("SELECT resi FROM applications")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    let resi = eptsp_core::resi::Resi::parse(&resi).unwrap().to_string();

    // The verifier: the queue, the claim, the PDF viewer, the return with a note.
    let mut siti = App::launch(&server.url(), "office-verifikator").await;
    siti.sign_in("verifikator@dpmptsp.test", "Verifikator2026")
        .await;
    siti.wait_screen("kantor").await;
    siti.wait_text("#kantor-table", &resi).await;
    siti.shot("queue").await;
    siti.click("#kantor-table .claim").await;
    siti.wait_screen("periksa").await;
    siti.wait_text("#periksa-resi", &resi).await;
    siti.wait_text("#periksa-koordinat", "Lintang -0.502106, Bujur 117.153709")
        .await;
    // The site on the map, drawn from this workstation's offline tiles, with the check.
    siti.wait_text(
        "#periksa-peta-status",
        "✔ Lokasi: Kec. Samarinda Ilir, Kota Samarinda",
    )
    .await;
    eptsp_e2e::eventually(
        "the site's map in the review",
        std::time::Duration::from_secs(20),
        || async {
            siti.attr("#periksa-peta-preview", "hidden")
                .await
                .is_none()
                .then_some(())
        },
    )
    .await;
    siti.scroll_to("#periksa-peta").await;
    siti.shot("site-map").await;
    // The KTP photo: zoom in, turn, fit.
    siti.click("#periksa-files tbody tr:first-child .view-file")
        .await;
    siti.el("#viewer-image[data-rotation=\"0\"]").await;
    let fitted = siti.attr("#viewer-image", "data-zoom").await.unwrap();
    siti.click("#viewer-zoom-in").await;
    let zoomed = siti.attr("#viewer-image", "data-zoom").await.unwrap();
    assert!(
        zoomed.parse::<f64>().unwrap() > fitted.parse::<f64>().unwrap(),
        "{fitted} → {zoomed}"
    );
    siti.click("#viewer-rotate").await;
    siti.el("#viewer-image[data-rotation=\"90\"]").await;
    siti.shot("image-turned").await;
    // A PDF, page by page.
    siti.click("#periksa-files tbody tr:nth-child(2) .view-file")
        .await;
    siti.el("#viewer-canvas[data-page=\"1\"]").await;
    siti.wait_text("#viewer-page", "Halaman 1 dari 2").await;
    siti.click("#viewer-next").await;
    siti.el("#viewer-canvas[data-page=\"2\"]").await;
    siti.shot("pdf-page-2").await;
    // Regions by name, not by code.
    siti.wait_text("#periksa-wilayah", "KOTA SAMARINDA").await;
    // SIPA's Data Detail, labelled from the catalogue.
    siti.wait_text("#periksa-detail", "Debit air yang dimohon")
        .await;
    siti.wait_text("#periksa-detail", "120 m³/hari").await;
    // Nothing is judged before the verifier judges it: an approval now is refused.
    assert_eq!(checked_verdicts(&siti).await, 0);
    siti.click("#decide-setujui").await;
    siti.wait_text("#periksa-alert", "Periksa semua dokumen")
        .await;
    siti.shot("checklist-unset-refused").await;
    judge_all_sesuai(&siti).await;
    siti.click("#periksa-files tbody tr:first-child .tidak-sesuai")
        .await;
    siti.fill(
        "#periksa-files tbody tr:first-child .verdict-note",
        "Foto KTP buram, unggah ulang yang jelas",
    )
    .await;
    // Markup in a note is text wherever it is shown.
    siti.fill("#periksa-note", "Perbaiki KTP <img src=x onerror=alert(1)>")
        .await;
    siti.shot("checklist").await;
    siti.click("#decide-perbaikan").await;
    siti.wait_screen("kantor").await;
    siti.wait_text(
        "#screen-notice",
        &format!("Keputusan untuk {resi} terkirim"),
    )
    .await;

    // Budi: Revisi Saya with the notes, the revision form, Submit Revisi.
    let mut budi = App::launch_in(&server.url(), "office-pemohon", budi_data).await;
    budi.wait_screen("dashboard").await;
    budi.click("#nav-permohonan").await;
    budi.reopen_until(
        "#tab-revisi",
        "#content",
        "Foto KTP buram, unggah ulang yang jelas",
    )
    .await;
    budi.shot("revisi-saya").await;
    // Pencarian by resi, typed any way; a resi not there says so.
    budi.fill("#revisi-search", "ZZZZ").await;
    budi.el("#revisi-none:not([hidden])").await;
    budi.el(".revisi-item[hidden]").await;
    budi.fill("#revisi-search", &resi.replace('-', "").to_lowercase())
        .await;
    budi.click("#revisi-cari").await;
    budi.el(".revisi-item:not([hidden])").await;
    budi.el("#revisi-none[hidden]").await;
    let due: String = sqlx::query_scalar("SELECT revision_due::text FROM applications")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    assert_eq!(
        budi.text(".revisi-item .revisi-due").await,
        eptsp_core::calendar::format_date_long(eptsp_core::calendar::parse_date(&due).unwrap()),
        "the deadline as the office writes dates"
    );
    // The inbox has the note, as text.
    budi.reopen_until("#nav-inbox", "#inbox-rows", "Perlu Perbaikan")
        .await;
    budi.shot("inbox").await;
    budi.click("#inbox-rows tr.unread td.subject").await;
    budi.wait_text(
        "#inbox-body",
        "Catatan verifikator: Perbaiki KTP <img src=x onerror=alert(1)>",
    )
    .await;
    assert!(
        budi.c
            .find(fantoccini::Locator::Css("#inbox-body img"))
            .await
            .is_err(),
        "no element made from the note"
    );
    budi.shot("inbox-message").await;
    budi.permohonan_tab("#tab-revisi", "revisi").await;
    budi.click(".revisi-start").await;
    budi.wait_screen("wizard").await;
    budi.el("#wizard[data-step=\"2\"]").await;
    budi.wait_text("#wizard-review", "Perbaiki KTP").await;
    for step in 3..=5 {
        budi.click("#wizard-next").await;
        budi.el(&format!("#wizard[data-step=\"{step}\"]")).await;
    }
    budi.wait_text(".fix-note", "Catatan verifikator: Foto KTP buram")
        .await;
    budi.fill(
        "#wizard-keterangan",
        "Sumur bor untuk pabrik es balok; KTP dipindai ulang",
    )
    .await;
    budi.click("#wizard-pernyataan").await;
    budi.shot("revision-step5").await;
    budi.wait_text("#wizard-next", "Submit Revisi").await;
    budi.click("#wizard-next").await;
    budi.wait_screen("saya").await;
    budi.wait_text(
        "#screen-notice",
        &format!("Revisi terkirim untuk resi {resi}"),
    )
    .await;

    // The verifier takes the revision (version 2) and approves it.
    siti.click("#kantor-show").await;
    siti.wait_text("#kantor-table", "Lanjutkan").await;
    siti.click("#kantor-table .claim").await;
    siti.wait_screen("periksa").await;
    siti.wait_text("#periksa-version", "2").await;
    judge_all_sesuai(&siti).await;
    siti.click("#decide-setujui").await;
    siti.wait_screen("kantor").await;
    siti.wait_text("#screen-notice", "terkirim").await;

    // The head of office signs: a wrong passphrase first.
    let mut kepala = App::launch(&server.url(), "office-penandatangan").await;
    kepala
        .sign_in("penandatangan@dpmptsp.test", "Kepala2026")
        .await;
    kepala.wait_screen("ttd").await;
    kepala.wait_text("#ttd-table", &resi).await;
    kepala.click("#ttd-table .open-sign").await;
    kepala.fill("#ttd-passphrase", "salah").await;
    kepala.click("#ttd-sign").await;
    kepala.wait_text("#ttd-error", "Passphrase salah").await;
    kepala.fill("#ttd-passphrase", "Kepala2026").await;
    kepala.shot("tte").await;
    kepala.click("#ttd-sign").await;
    let notice = kepala
        .wait_text("#screen-notice", "telah ditandatangani")
        .await;
    assert!(notice.contains("503/0001/DPMPTSP-KT/"), "{notice}");
    // The archive finds it by part of its permit number, and by the applicant's NIK.
    kepala.click("#nav-arsip").await;
    kepala.wait_screen("arsip").await;
    kepala.fill("#arsip-q", "503/0001").await;
    kepala.wait_text("#arsip-total", "1 permohonan").await;
    kepala
        .wait_text("#arsip-rows .arsip-nomor", "503/0001/DPMPTSP-KT/")
        .await;
    kepala
        .wait_text("#arsip-rows .arsip-status", "Selesai")
        .await;
    kepala.fill("#arsip-q", "6472011505900001").await;
    kepala.wait_text("#arsip-rows", &resi).await;
    kepala.fill("#arsip-from", "31/02/2026").await;
    // Leaving the field is what a change is.
    kepala.click("#arsip-q").await;
    kepala
        .wait_text("#arsip-alert", "Tanggal ditulis HH/BB/TTTT")
        .await;
    kepala.shot("arsip").await;
    kepala.close().await;

    // Budi: Izin Saya, Cetak Izin, the QR code read back and verified.
    let row = budi
        .reopen_until("#nav-izin", "#izin-rows", "503/0001/DPMPTSP-KT/")
        .await;
    assert!(row.contains("Izin Pengusahaan Air Tanah"), "{row}");
    budi.click("#izin-rows .print-izin").await;
    let saved = budi.wait_text("#izin-result", "Izin tersimpan di ").await;
    let path = saved
        .trim_start_matches("Izin tersimpan di ")
        .trim()
        .to_owned();
    budi.shot("izin-printed").await;
    let text = std::process::Command::new("pdftotext")
        .args(["-layout", &path, "-"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    for expected in [
        "SURAT IZIN",
        "503/0001/DPMPTSP-KT/",
        "Budi Santoso",
        "DITANDATANGANI SECARA ELEKTRONIK",
        "120 m³/hari",
    ] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
    let work = tempfile::tempdir().unwrap();
    let qr = qr_of(&path, work.path());
    let izin = eptsp_core::izin::parse_qr(&qr).unwrap();
    assert_eq!(
        eptsp_core::izin::verify(&izin, &eptsp_desktop::office::office_public_key()),
        Ok(())
    );
    assert_eq!(izin.content.pemegang, "Budi Santoso");
    // The app's own offline check of the scanned text, and of a forged one.
    budi.fill("#verify-text", &qr).await;
    budi.click("#verify-submit").await;
    budi.wait_text("#verify-result", "SAH.").await;
    budi.shot("verified").await;
    let mut forged = izin.clone();
    forged.content.berlaku_sampai = "2099-12-31".into();
    budi.fill("#verify-text", &eptsp_core::izin::qr_payload(&forged))
        .await;
    budi.click("#verify-submit").await;
    budi.wait_text("#verify-result", "TIDAK SAH.").await;
    // Cetak Dokumen: every permit, narrowed by status and type.
    budi.click("#tab-cetak").await;
    budi.select("#izin-state", "dicabut").await;
    budi.wait_text("#izin-empty", "Tidak ada izin yang cocok")
        .await;
    budi.select("#izin-state", "aktif").await;
    budi.select("#izin-jenis", "Izin Pengusahaan Air Tanah (SIPA)")
        .await;
    budi.wait_text("#izin-rows .nomor", "503/0001/DPMPTSP-KT/")
        .await;
    budi.shot("cetak-dokumen").await;

    // The admin revokes it from the archive, with the reason; the row says so.
    let mut admin = App::launch(&server.url(), "office-admin").await;
    admin.sign_in("admin@dpmptsp.test", "Admin2026").await;
    admin.wait_screen("kantor").await;
    admin.click("#nav-arsip").await;
    admin.wait_screen("arsip").await;
    admin.fill("#arsip-q", &resi).await;
    admin.wait_text("#arsip-total", "1 permohonan").await;
    admin.click("#arsip-rows .arsip-revoke-start").await;
    admin.click("#arsip-rows .arsip-revoke-send").await;
    admin
        .wait_text("#arsip-alert", "Alasan pencabutan wajib diisi")
        .await;
    admin
        .fill("#arsip-rows .arsip-reason", "Tidak melaporkan realisasi")
        .await;
    admin.click("#arsip-rows .arsip-revoke-send").await;
    admin
        .wait_text("#arsip-alert", "dicabut: Tidak melaporkan realisasi")
        .await;
    admin.wait_text("#arsip-rows .arsip-nomor", "Dicabut").await;
    admin.shot("arsip-dicabut").await;
    admin.close().await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    budi.close().await;
    siti.close().await;
}
