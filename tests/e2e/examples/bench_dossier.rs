//! Measures a verifier opening a dossier of 20 attachments offline, in the real window: from
//! the click on "Periksa" in "Berkas di Komputer Ini" to the dossier on screen (its 20
//! documents listed), and from the click on "Lihat" of its first PDF to that PDF's first
//! page drawn. The dossier was claimed (and its files downloaded) beforehand; the app then
//! runs with its server unreachable. Times are taken in the page (a click, then a mutation
//! observer until the element shows), so WebDriver's polling does not count.
//!
//! Run by `scripts/bench.sh` under Xvfb, a release app in `EPTSP_DESKTOP_BIN`, a
//! PostgreSQL in `EPTSP_TEST_PG`. Prints `BENCH {json}` rows.

#[path = "../../../examples/common/report.rs"]
mod report;

use std::path::Path;
use std::time::Duration;

use eptsp_core::api::LoginRequest;
use eptsp_core::catalogue::ApplicationKind;
use eptsp_core::files::FileKind;
use eptsp_desktop::backend::Backend;
use eptsp_e2e::App;
use eptsp_server::testkit::TestServer;

const ATTACHMENTS: usize = 20;
const RUNS: usize = 7;

/// A desktop's backend on `dir`, signed in as `login` with "Tetap masuk".
async fn signed_in(
    dir: &Path,
    server: &TestServer,
    login: &str,
    password: &str,
) -> std::sync::Arc<Backend> {
    let store = eptsp_desktop::store::Store::open(&dir.join("eptsp.sqlite"))
        .await
        .unwrap();
    let b = Backend::open(store).await.unwrap();
    b.api.set_base(&server.url());
    b.login_with(
        LoginRequest {
            login: login.into(),
            password: password.into(),
        },
        true,
    )
    .await
    .unwrap();
    b
}

/// The fixture's two pages, made a scan's size (1.5 MB) and unique by a comment after its
/// end (which PDF readers skip).
fn scan(n: usize) -> Vec<u8> {
    let mut pdf =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/dua-halaman.pdf"))
            .unwrap();
    pdf.extend_from_slice(format!("\n% lampiran {n}\n").as_bytes());
    while pdf.len() < 1_500_000 {
        pdf.extend_from_slice(b"% ............................................................\n");
    }
    pdf
}

/// Clicks `click` and resolves, in milliseconds, once `until` matches an element.
const TIMED_CLICK: &str = r#"
const [click, until, done] = arguments;
const t0 = performance.now();
const seen = () => document.querySelector(until) !== null;
const mo = new MutationObserver(() => { if (seen()) { mo.disconnect(); done(performance.now() - t0); } });
mo.observe(document, { subtree: true, childList: true, attributes: true });
document.querySelector(click).click();
if (seen()) { mo.disconnect(); done(performance.now() - t0); }
"#;

async fn timed_click(app: &App, click: &str, until: &str) -> f64 {
    let v = app
        .c
        .execute_async(TIMED_CLICK, vec![click.into(), until.into()])
        .await
        .unwrap();
    v.as_f64().unwrap()
}

#[tokio::main]
async fn main() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    // SIPA asks for 20 documents: its own and optional "Lampiran" PDFs.
    let have: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM requirements WHERE permit_type_id = 'sipa' AND retired_at IS NULL AND 'baru' = ANY (kinds)",
    )
    .fetch_one(&server.state.db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO requirements (permit_type_id, name, description, mandatory, formats, max_mb, kinds, sort)
         SELECT 'sipa', 'Lampiran ' || g, 'Dokumen pendukung', false, '{pdf}', 10, '{baru}', 100 + g
         FROM generate_series(1, $1) g",
    )
    .bind(ATTACHMENTS as i64 - have)
    .execute(&server.state.db)
    .await
    .unwrap();
    sqlx::query("UPDATE catalogue_meta SET version = version + 1")
        .execute(&server.state.db)
        .await
        .unwrap();

    // Budi sends the application with a PDF (or, where only pictures are taken, a photo)
    // for each of the 20.
    let budi_dir = tempfile::tempdir().unwrap();
    let budi = signed_in(
        budi_dir.path(),
        &server,
        "pemohon@dpmptsp.test",
        "Pemohon2026",
    )
    .await;
    let catalogue = budi.catalogue().await.unwrap().catalogue;
    let (_, sipa) = catalogue.permit_type("sipa").unwrap();
    let reqs: Vec<_> = sipa
        .requirements_for(ApplicationKind::Baru)
        .cloned()
        .collect();
    assert_eq!(
        reqs.len(),
        ATTACHMENTS,
        "the catalogue holds the added requirements"
    );
    let a = budi.account().unwrap();
    let mut attachments = Vec::new();
    let mut first_pdf = None;
    for (i, r) in reqs.iter().enumerate() {
        let (bytes, name) = if r.formats.contains(&FileKind::Pdf) {
            first_pdf.get_or_insert(i + 1);
            (scan(i), format!("lampiran-{i}.pdf"))
        } else {
            let mut png = std::io::Cursor::new(Vec::new());
            image::RgbImage::from_fn(1600, 1000, |x, y| {
                image::Rgb([(x % 256) as u8, (y % 256) as u8, i as u8])
            })
            .write_to(&mut png, image::ImageFormat::Png)
            .unwrap();
            (png.into_inner(), format!("foto-{i}.png"))
        };
        let f = a
            .files
            .import_bytes(&a.store, bytes, &name, &name)
            .await
            .unwrap();
        attachments.push(eptsp_core::dossier::Attachment {
            requirement_id: r.id,
            file_id: f.id,
        });
    }
    let first_pdf = first_pdf.expect("a requirement taking a PDF");
    let d = budi.drafts_create().await.unwrap();
    let data = eptsp_core::dossier::DraftData {
        agency_id: "esdm".into(),
        permit_type_id: "sipa".into(),
        kind: Some(ApplicationKind::Baru),
        lokasi: eptsp_core::dossier::Lokasi {
            nomor: "12".into(),
            ..eptsp_server::testkit::lokasi_samarinda()
        },
        keterangan: "Sumur bor untuk pabrik es balok".into(),
        detail: eptsp_server::testkit::sipa_detail(),
        attachments,
        pernyataan: true,
        ..d.data.clone()
    };
    budi.drafts_save(&d.id, 5, &data).await.unwrap();
    assert!(budi.drafts_submit(&d.id).await.unwrap().is_empty());
    let r = budi.sync_now().await.unwrap();
    assert_eq!(r.received.len(), 1, "{r:?}");
    drop(a);
    budi.close().await;

    // Siti claims it on her workstation (the dossier and its 20 files come down).
    let siti_dir = tempfile::tempdir().unwrap();
    let siti = signed_in(
        siti_dir.path(),
        &server,
        "verifikator@dpmptsp.test",
        "Verifikator2026",
    )
    .await;
    let id: uuid::Uuid = sqlx::query_scalar("SELECT id FROM applications")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    let case = siti.office_claim(&id.to_string()).await.unwrap();
    assert_eq!(case.dossier.files.len(), ATTACHMENTS);
    siti.close().await;

    // Offline: the app is pointed at an address where nothing answers.
    let app = App::launch_in("http://127.0.0.1:9", "bench-dossier", siti_dir).await;
    app.click("#nav-kantor").await;
    app.wait_screen("kantor").await;
    app.el("#kantor-cases .open-case").await;
    let (mut opened, mut first_page) = (Vec::new(), Vec::new());
    let view = format!("#periksa-files tbody tr:nth-child({first_pdf}) .view-file");
    for run in 0..RUNS {
        let t = timed_click(
            &app,
            "#kantor-cases .open-case",
            &format!("#periksa-files tbody tr:nth-child({ATTACHMENTS}) .view-file"),
        )
        .await;
        let p = timed_click(&app, &view, "#viewer-canvas[data-page=\"1\"]").await;
        println!("  run {run}: dossier shown {t:.1} ms, its first PDF's first page {p:.1} ms");
        opened.push(t);
        first_page.push(p);
        app.click("#nav-kantor").await;
        app.wait_screen("kantor").await;
        app.el("#kantor-cases .open-case").await;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    report::row(
        "verifier's dossier of 20 attachments, offline: click to the dossier shown",
        "ms",
        &opened,
        None,
        "—",
    );
    report::row(
        "the same: click on its first PDF to its first page drawn (the first run loads pdf.js)",
        "ms",
        &first_page,
        None,
        "—",
    );
    app.close().await;
}
