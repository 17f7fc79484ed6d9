//! Permohonan Saya's search and pages on a real SQLite file: a resi typed with or without
//! its dashes and in any case, a part of a permit type's name (from the catalogue), `%` and
//! `_` taken as typed, newest first, pages of ten kept in range.

use eptsp_core::catalogue::{Agency, ApplicationKind, Catalogue, PermitType};
use eptsp_desktop::store::Store;
use eptsp_desktop::store::applications::{ApplicationSearch, applications_page};

fn permit(id: &str, name: &str) -> PermitType {
    PermitType {
        id: id.into(),
        name: name.into(),
        description: String::new(),
        sla_days: 14,
        validity_years: None,
        kinds: vec![ApplicationKind::Baru],
        requirements: vec![],
        details: vec![],
    }
}

fn catalogue() -> Catalogue {
    Catalogue {
        version: 1,
        agencies: vec![
            Agency {
                id: "esdm".into(),
                name: "Dinas ESDM".into(),
                short_name: "ESDM".into(),
                permit_types: vec![permit("sipa", "Izin Pengusahaan Air Tanah (SIPA)")],
            },
            Agency {
                id: "dishub".into(),
                name: "Dinas Perhubungan".into(),
                short_name: "Dishub".into(),
                permit_types: vec![permit("akdp", "Izin Trayek AKDP")],
            },
        ],
    }
}

/// 23 applications: the i-th is `sipa` when even, `akdp` when odd, sent on day i+1 of
/// January, with resi `R{i:03}-AB_{i%3}` when i is even, `R{i:03}-ABX{i%3}` when odd, except
/// the sixth, `7K3M-Q9X2-H4T`.
async fn filled() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("eptsp.sqlite")).await.unwrap();
    for i in 0..23 {
        let resi = if i == 5 {
            "7K3M-Q9X2-H4T".to_owned()
        } else {
            format!("R{i:03}-AB{}{}", if i % 2 == 0 { '_' } else { 'X' }, i % 3)
        };
        sqlx::query(
            "INSERT INTO applications (id, resi, permit_type_id, kind, status, data_json, submitted_at)
             VALUES (?, ?, ?, 'baru', 'diajukan', '{}', ?)",
        )
        .bind(format!("app-{i:02}"))
        .bind(resi)
        .bind(if i % 2 == 0 { "sipa" } else { "akdp" })
        .bind(format!("2026-01-{:02}T09:00:00Z", i + 1))
        .execute(&store.pool)
        .await
        .unwrap();
    }
    (dir, store)
}

fn ids(p: &eptsp_desktop::store::applications::ApplicationPage) -> Vec<&str> {
    p.items.iter().map(|a| a.id.as_str()).collect()
}

#[tokio::test]
async fn everything_is_listed_newest_first_in_pages_of_ten_kept_in_range() {
    let (_dir, store) = filled().await;
    let c = catalogue();
    let all = ApplicationSearch::new("  ", Some(&c));
    let first = applications_page(&store, &all, 1).await.unwrap();
    assert_eq!((first.total, first.pages, first.page), (23, 3, 1));
    assert_eq!(ids(&first)[..3], ["app-22", "app-21", "app-20"]);
    let last = applications_page(&store, &all, 3).await.unwrap();
    assert_eq!(ids(&last), ["app-02", "app-01", "app-00"]);
    // Past the end gives the last page; before the start, the first.
    assert_eq!(applications_page(&store, &all, 9).await.unwrap(), last);
    assert_eq!(applications_page(&store, &all, 0).await.unwrap(), first);
}

#[tokio::test]
async fn a_resi_is_found_with_or_without_its_dashes_in_any_case() {
    let (_dir, store) = filled().await;
    let c = catalogue();
    for typed in ["7k3mq9", "7K3M-Q9X2", "q9x2 h4t", "7K3MQ9X2H4T"] {
        let p = applications_page(&store, &ApplicationSearch::new(typed, Some(&c)), 1)
            .await
            .unwrap();
        assert_eq!(ids(&p), ["app-05"], "{typed}");
    }
}

#[tokio::test]
async fn a_permit_type_is_found_by_a_part_of_its_name() {
    let (_dir, store) = filled().await;
    let c = catalogue();
    let p = applications_page(&store, &ApplicationSearch::new("trayek", Some(&c)), 2)
        .await
        .unwrap();
    // The odd ones, 11 of them: the second page holds the last one.
    assert_eq!((p.total, p.pages, p.page), (11, 2, 2));
    assert_eq!(ids(&p), ["app-01"]);
    // Without a catalogue (never downloaded) only the resi can match.
    let p = applications_page(&store, &ApplicationSearch::new("trayek", None), 1)
        .await
        .unwrap();
    assert_eq!(p.total, 0);
}

#[tokio::test]
async fn percent_and_underscore_are_taken_as_typed() {
    let (_dir, store) = filled().await;
    let c = catalogue();
    // `_` is a wildcard for LIKE: here it must match only an underscore.
    let p = applications_page(&store, &ApplicationSearch::new("ab_1", Some(&c)), 1)
        .await
        .unwrap();
    assert_eq!(
        ids(&p),
        ["app-22", "app-16", "app-10", "app-04"],
        "not ABX1"
    );
    let p = applications_page(&store, &ApplicationSearch::new("b%", Some(&c)), 1)
        .await
        .unwrap();
    assert_eq!((p.total, p.items.len(), p.pages), (0, 0, 1));
}
