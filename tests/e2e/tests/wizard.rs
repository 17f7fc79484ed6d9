//! The application wizard in the real window: step checks with the guide's kind of
//! messages, autosave, and a killed app reopening on the same draft and step.

use std::time::Duration;

use eptsp_e2e::{ANI, App, register_via_api};
use eptsp_server::testkit::TestServer;

#[tokio::test]
async fn a_draft_survives_a_killed_app_and_reopens_on_its_step() {
    let server = TestServer::start().await;
    register_via_api(&server, &ANI).await;
    let mut app = App::launch(&server.url(), "wizard").await;
    // "Tetap masuk", so that the app started again opens her store by itself.
    app.wait_screen("login").await;
    app.click("#login-stay").await;
    app.sign_in(ANI.nik, ANI.password).await;
    app.wait_screen("dashboard").await;
    app.permohonan_tab("#tab-pengajuan", "pengajuan").await;
    app.click("#draft-new").await;
    app.wait_screen("wizard").await;

    app.click("#wizard-next").await;
    app.wait_text("#wizard-agency_id-error", "Pilih Dinas/Badan")
        .await;
    app.select("#wizard-agency_id", "esdm").await;
    app.select("#wizard-permit_type_id", "sipa").await;
    app.select("#wizard-kind", "baru").await;
    app.wait_text("#wizard-reqs", "Gambar Konstruksi Sumur Bor")
        .await;
    app.shot("step1-jenis-izin").await;
    assert_eq!(app.text("#wizard-next").await, "Proses");
    assert_eq!(app.text("#wizard-back").await, "Batal");
    app.click("#wizard-next").await;

    app.el("#wizard[data-step=\"2\"]").await;
    assert_eq!(
        app.value("#wizard-pemohon-telp").await,
        ANI.no_hp,
        "prefilled from the profile"
    );
    assert!(app.attr("#wizard-nik", "readonly").await.is_some());
    app.click("#wizard-next").await;
    app.el("#wizard[data-step=\"3\"]").await;
    // A company from any province; half of one is refused.
    app.select("#wizard-perusahaan-provinsi", "31").await;
    app.select("#wizard-perusahaan-kabupaten", "31.71").await;
    app.fill("#wizard-perusahaan-nama", "PT Nusantara Jaya")
        .await;
    app.click("#wizard-next").await;
    app.wait_text("#wizard-perusahaan-nib-error", "NIB harus 13 digit angka")
        .await;
    app.shot("step3-perusahaan-setengah").await;
    // The guide's placeholders count as no company.
    for (field, v) in [("nama", "-"), ("nib", "0"), ("npwp", "-")] {
        app.fill(&format!("#wizard-perusahaan-{field}"), v).await;
    }
    app.select("#wizard-perusahaan-provinsi", "").await;
    app.click("#wizard-next").await;
    app.el("#wizard[data-step=\"4\"]").await;
    app.click("#wizard-back").await;
    app.el("#wizard[data-step=\"3\"]").await;
    // Or the step is skipped at once: typed data is emptied only when asked twice.
    app.fill("#wizard-perusahaan-nama", "CV Borneo").await;
    app.click("#wizard-skip").await;
    app.wait_text("#wizard-skip", "Kosongkan data perusahaan")
        .await;
    app.click("#wizard-skip").await;

    app.el("#wizard[data-step=\"4\"]").await;
    app.fill("#wizard-lokasi-jalan", "Jl. Gajah Mada").await;
    app.select("#wizard-lokasi-kabupaten", "64.72").await;
    app.select("#wizard-lokasi-kecamatan", "64.72.01").await;
    app.select("#wizard-lokasi-kelurahan", "64.72.01.1001")
        .await;
    app.fill("#wizard-lokasi-lintang", "-6.2").await;
    app.fill("#wizard-lokasi-bujur", "117.153709").await;
    app.click("#wizard-next").await;
    app.wait_text(
        "#wizard-lokasi-lintang-error",
        "Koordinat berada di luar wilayah Provinsi Kalimantan Timur",
    )
    .await;
    app.shot("step4-coordinate-refused").await;
    app.fill("#wizard-lokasi-lintang", "-0.502106").await;
    // Autosave runs a moment after the last keystroke.
    tokio::time::sleep(Duration::from_millis(800)).await;

    let mut app = app.relaunch(&server.url()).await;
    app.wait_screen("wizard").await;
    app.el("#wizard[data-step=\"4\"]").await;
    assert_eq!(app.value("#wizard-lokasi-lintang").await, "-0.502106");
    assert_eq!(app.value("#wizard-lokasi-jalan").await, "Jl. Gajah Mada");
    app.select("#wizard-lokasi-kelurahan", "64.72.01.1001")
        .await;
    assert_eq!(app.value("#wizard-lokasi-kelurahan").await, "64.72.01.1001");
    app.shot("reopened-on-step4").await;

    app.click("#wizard-next").await;
    app.el("#wizard[data-step=\"5\"]").await;
    app.fill("#wizard-keterangan", "Sumur bor untuk pabrik es balok")
        .await;
    // SIPA's own Data Detail, checked by its kind, then the documents.
    app.fill("#wizard-detail-debit_air", "banyak").await;
    app.click("#wizard-next").await;
    app.wait_text(
        "#wizard-detail-debit_air-error",
        "Debit air yang dimohon harus berupa angka (contoh: 12,5)",
    )
    .await;
    app.wait_text(
        "#wizard-detail-peruntukan-error",
        "Peruntukan air wajib diisi",
    )
    .await;
    app.shot("step5-data-detail-refused").await;
    app.fill_sipa_detail().await;
    app.click("#wizard-next").await;
    app.wait_text("#wizard-alert", "wajib dilampirkan").await;
    app.wait_text("#wizard-pernyataan-error", "Centang pernyataan")
        .await;
    app.wait_text("#wizard", eptsp_core::dossier::PERNYATAAN)
        .await;
    app.shot("step5-documents-missing").await;

    app.click("#wizard-close").await;
    app.wait_screen("pengajuan").await;
    app.wait_text("#drafts-rows", "Izin Pengusahaan Air Tanah (SIPA)")
        .await;
    app.wait_text("#drafts-rows", "5. Data Detail").await;
    app.shot("drafts-list").await;

    // A new application given up at step 1 ("Batal", confirmed) leaves no draft behind.
    app.click("#draft-new").await;
    app.wait_screen("wizard").await;
    app.select("#wizard-agency_id", "esdm").await;
    app.click("#wizard-back").await;
    app.wait_text("#wizard-back", "Ya, batalkan").await;
    app.click("#wizard-back").await;
    app.wait_screen("pengajuan").await;
    app.wait_text("#screen-notice", "Pengajuan dibatalkan")
        .await;
    assert_eq!(app.count("#drafts-rows tr").await, 1);
    app.close().await;
}
