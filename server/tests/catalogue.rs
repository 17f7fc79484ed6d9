//! The public catalogue on a real PostgreSQL database with the shipped seed.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use eptsp_core::catalogue::{ApplicationKind, Catalogue};
use eptsp_server::config::Limits;
use eptsp_server::testkit;
use http_body_util::BodyExt;
use tower::ServiceExt;

async fn get(
    state: &eptsp_server::AppState,
    etag: Option<&str>,
) -> (StatusCode, Option<String>, Vec<u8>) {
    let mut req = Request::get("/api/v1/catalogue");
    if let Some(e) = etag {
        req = req.header(header::IF_NONE_MATCH, e);
    }
    let res = eptsp_server::app(state.clone())
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let etag = res
        .headers()
        .get(header::ETAG)
        .map(|v| v.to_str().unwrap().to_owned());
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, etag, body)
}

#[tokio::test]
async fn the_seeded_catalogue_is_a_realistic_provincial_one() {
    let (state, _mail) = testkit::state(Limits::default()).await;
    let (status, etag, body) = get(&state, None).await;
    assert_eq!(status, StatusCode::OK);
    let c: Catalogue = serde_json::from_slice(&body).unwrap();
    assert_eq!(etag.as_deref(), Some(format!("\"{}\"", c.version).as_str()));
    assert!(c.agencies.len() >= 5);
    let types: Vec<_> = c.agencies.iter().flat_map(|a| &a.permit_types).collect();
    assert!(types.len() >= 15, "{}", types.len());
    for t in types {
        assert!(!t.kinds.is_empty());
        for kind in &t.kinds {
            let n = t.requirements_for(*kind).count();
            assert!(
                (4..=10).contains(&n),
                "{} {:?}: {n} requirements",
                t.id,
                kind
            );
            assert!(t.requirements_for(*kind).any(|r| r.mandatory));
        }
        // A permit that expires can be renewed; one that does not, cannot.
        assert_eq!(
            t.kinds.contains(&ApplicationKind::Perpanjangan),
            t.validity_years.is_some(),
            "{}",
            t.id
        );
        assert!(
            t.requirements
                .iter()
                .all(|r| !r.formats.is_empty() && r.max_mb <= 50)
        );
    }
    let (_, sipa) = c.permit_type("sipa").unwrap();
    assert!(
        sipa.requirements_for(ApplicationKind::Baru)
            .any(|r| r.name == "Gambar Konstruksi Sumur Bor")
    );
}

#[tokio::test]
async fn a_client_with_the_current_version_gets_304_and_no_body() {
    let (state, _mail) = testkit::state(Limits::default()).await;
    let (_, etag, _) = get(&state, None).await;
    let (status, _, body) = get(&state, etag.as_deref()).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    sqlx::query("UPDATE catalogue_meta SET version = version + 1")
        .execute(&state.db)
        .await
        .unwrap();
    let (status, new_etag, _) = get(&state, etag.as_deref()).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(new_etag, etag);
}
