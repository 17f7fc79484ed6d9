//! Measures the local searches a busy account waits on, with 10 000 items each: File Saya
//! (the `files_list` command's search and page, newest first) and Permohonan Saya (the
//! `applications_page` command's search by resi or permit type and page, newest first, with
//! the catalogue of 120 permit types it reads), each through the code the command runs, its
//! answer serialised to JSON as the IPC sends it. Beside each: the bare SQL behind it, to
//! show what the layers above cost.
//!
//! Run with `scripts/bench.sh` (or `cargo run --release --example bench_search`).

#[path = "common/report.rs"]
mod report;

use std::time::{Duration, Instant};

use eptsp_desktop::files::FileStore;
use eptsp_desktop::store::Store;
use eptsp_desktop::store::applications::{ApplicationSearch, applications_page};
use eptsp_desktop::store::files::FileRow;

const ITEMS: usize = 10_000;
const DOCS: [&str; 8] = [
    "KTP",
    "NPWP",
    "Akta Pendirian",
    "Surat Keterangan Domisili",
    "Izin Lingkungan",
    "Denah Lokasi",
    "Foto Lokasi",
    "Surat Kuasa",
];
const PEOPLE: [&str; 5] = [
    "Ani Lestari",
    "Budi Santoso",
    "Siti Rahma",
    "Yohanes Lado",
    "Made Ayu",
];

/// 120 permit types in 12 agencies, named as the office names them.
fn catalogue() -> eptsp_core::catalogue::Catalogue {
    use eptsp_core::catalogue::{Agency, ApplicationKind, Catalogue, PermitType, Requirement};
    use eptsp_core::files::FileKind;
    const KINDS: [&str; 6] = [
        "Izin Usaha",
        "Izin Trayek",
        "Izin Pengusahaan Air Tanah",
        "Persetujuan Bangunan Gedung",
        "Izin Lingkungan",
        "Sertifikat Laik Fungsi",
    ];
    Catalogue {
        version: 1,
        agencies: (0..12)
            .map(|a| Agency {
                id: format!("a{a:02}"),
                name: format!("Dinas {a}"),
                short_name: format!("D{a}"),
                permit_types: (0..10)
                    .map(|k| {
                        let i = a * 10 + k;
                        PermitType {
                            id: format!("P{i:03}"),
                            name: format!("{} {}", KINDS[i % KINDS.len()], i),
                            description: "Izin untuk kegiatan usaha di Kalimantan Timur.".into(),
                            sla_days: 14,
                            validity_years: Some(5),
                            kinds: vec![ApplicationKind::Baru, ApplicationKind::Perpanjangan],
                            requirements: (0..6)
                                .map(|r| Requirement {
                                    id: (i * 6 + r) as i32,
                                    name: DOCS[r % DOCS.len()].into(),
                                    description: "Dokumen asli dipindai berwarna, terbaca jelas."
                                        .into(),
                                    mandatory: r < 4,
                                    formats: vec![FileKind::Pdf, FileKind::Jpg, FileKind::Png],
                                    max_mb: 5,
                                    kinds: vec![ApplicationKind::Baru],
                                    photo_max_px: eptsp_core::catalogue::PHOTO_MAX_PX,
                                })
                                .collect(),
                            details: vec![],
                        }
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The 95th percentile.
fn p95(v: &[Duration]) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    v[(v.len() * 95).div_ceil(100) - 1]
}

async fn fill(store: &Store) {
    let mut tx = store.pool.begin().await.unwrap();
    for i in 0..ITEMS {
        let name = format!(
            "{} {} {:04}",
            DOCS[i % DOCS.len()],
            PEOPLE[i / DOCS.len() % PEOPLE.len()],
            i
        );
        let r = FileRow {
            id: uuid::Uuid::new_v4().to_string(),
            original_name: format!("{}.pdf", name.to_lowercase().replace(' ', "-")),
            name,
            sha256: format!("{i:064x}"),
            size: 150_000 + i as i64,
            kind: "pdf".into(),
            has_thumbnail: false,
            created_at: format!(
                "2026-{:02}-{:02}T08:{:02}:00Z",
                1 + i % 11,
                1 + i % 28,
                i % 60
            ),
        };
        sqlx::query(
            "INSERT INTO files (id, name, original_name, sha256, size, kind, has_thumbnail, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&r.id)
        .bind(&r.name)
        .bind(&r.original_name)
        .bind(&r.sha256)
        .bind(r.size)
        .bind(&r.kind)
        .bind(r.has_thumbnail)
        .bind(&r.created_at)
        .execute(&mut *tx)
        .await
        .unwrap();
        // An application as sync keeps it: its resi, status and the dossier it sent.
        let data = serde_json::json!({
            "permit_type_id": format!("P{:03}", i % 120),
            "pemohon": PEOPLE[i % PEOPLE.len()],
            "lokasi": {"alamat": "Jl. Gajah Mada No. 12", "lintang": "-0.502106", "bujur": "117.153709"},
            "attachments": (0..8).map(|k| serde_json::json!({"requirement": k, "file": format!("{:064x}", i * 8 + k)})).collect::<Vec<_>>(),
        });
        sqlx::query(
            "INSERT INTO applications (id, resi, permit_type_id, kind, status, data_json, submitted_at)
             VALUES (?, ?, ?, 'baru', ?, ?, ?)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(format!("{:04X}-{:04X}-{:03X}", i * 7919 % 65536, i, i % 4096))
        .bind(format!("P{:03}", i % 120))
        .bind(["diajukan", "verifikasi", "selesai", "ditolak"][i % 4])
        .bind(data.to_string())
        .bind(format!("2026-{:02}-{:02}T09:{:02}:00Z", 1 + i % 11, 1 + i % 28, i % 60))
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

#[tokio::main]
async fn main() {
    let work = tempfile::tempdir().unwrap();
    let store = Store::open(&work.path().join("eptsp.sqlite"))
        .await
        .unwrap();
    let files = FileStore::new(work.path(), eptsp_desktop::crypto::DataKey::generate());
    fill(&store).await;

    // What people type: a document, a name, a number, something absent, nothing; first
    // pages and deep ones.
    let queries = [
        ("", 1),
        ("", 40),
        ("ktp", 1),
        ("akta pendirian", 3),
        ("siti", 1),
        ("0420", 1),
        ("Surat", 20),
        ("tidak ada", 1),
    ];
    let (mut ours, mut sql) = (Vec::new(), Vec::new());
    for round in 0..40 {
        for (q, page) in queries {
            let t = Instant::now();
            let found = files.list(&store, q, page).await.unwrap();
            let json = serde_json::to_vec(&found).unwrap();
            ours.push(t.elapsed());
            assert!(!json.is_empty());
            let pattern = format!("%{q}%");
            let t = Instant::now();
            let n = eptsp_desktop::store::files::count_named(&store, &pattern)
                .await
                .unwrap();
            let rows =
                eptsp_desktop::store::files::page_named(&store, &pattern, 10, (page - 1) * 10)
                    .await
                    .unwrap();
            sql.push(t.elapsed());
            if round == 0 {
                assert_eq!(found.total, n, "{q}: the command and the SQL agree");
                assert_eq!(found.items.len(), rows.len());
            }
        }
    }
    println!(
        "File Saya search, {ITEMS} files: p95 {:.2} ms through the command, {:.2} ms the SQL alone",
        p95(&ours).as_secs_f64() * 1e3,
        p95(&sql).as_secs_f64() * 1e3
    );
    report::row_stat(
        "File Saya search and page, 10 000 files",
        "ms",
        &report::ms(&ours),
        Some(("its two SQL statements alone", &report::ms(&sql))),
        "p95 ≤ 20 ms",
        "p95",
    );

    // The catalogue the device keeps: 120 permit types, the names a search may hit.
    let device = Store::open(&work.path().join("device.sqlite"))
        .await
        .unwrap();
    eptsp_desktop::store::catalogue::save(&device, &catalogue())
        .await
        .unwrap();
    let queries = [
        ("", 1),
        ("", 900),
        ("0420", 1),
        ("1f3a-0042", 1),
        ("izin usaha", 1),
        ("trayek", 30),
        ("tidak ada", 1),
    ];
    let (mut ours, mut sql) = (Vec::new(), Vec::new());
    for round in 0..40 {
        for (q, page) in queries {
            let t = Instant::now();
            let c = eptsp_desktop::store::catalogue::load(&device)
                .await
                .unwrap()
                .map(|c| c.catalogue);
            let search = ApplicationSearch::new(q, c.as_ref());
            let found = applications_page(&store, &search, page).await.unwrap();
            let json = serde_json::to_vec(&found).unwrap();
            ours.push(t.elapsed());
            assert!(!json.is_empty());
            let t = Instant::now();
            let pattern = format!("%{}%", q.replace('-', ""));
            let rows: Vec<(String, String)> = sqlx::query_as(
                "SELECT id, resi FROM applications WHERE replace(resi, '-', '') LIKE ?
                 ORDER BY submitted_at DESC, id LIMIT 10 OFFSET ?",
            )
            .bind(&pattern)
            .bind((page - 1) * 10)
            .fetch_all(&store.pool)
            .await
            .unwrap();
            sql.push(t.elapsed());
            if round == 0 {
                println!(
                    "  {q:?} page {page}: {} found, page {} of {}",
                    found.total, found.page, found.pages
                );
                if q.is_empty() {
                    assert_eq!(found.total, ITEMS as i64);
                }
                assert!(rows.len() <= 10);
            }
        }
    }
    println!(
        "Permohonan Saya search and page, {ITEMS} applications: p95 {:.2} ms through the command, {:.2} ms one bare SELECT",
        p95(&ours).as_secs_f64() * 1e3,
        p95(&sql).as_secs_f64() * 1e3
    );
    report::row_stat(
        "Permohonan Saya search and page, 10 000 applications",
        "ms",
        &report::ms(&ours),
        Some((
            "one bare SELECT by resi of the same page",
            &report::ms(&sql),
        )),
        "p95 ≤ 20 ms",
        "p95",
    );
    device.pool.close().await;
    store.pool.close().await;
}
