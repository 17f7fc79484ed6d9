//! The API's routes are exactly the endpoints declared in `eptsp_core::endpoints`, and
//! each admits only the roles its declaration names: asked without a session or with a
//! role it does not admit, every one refuses before its handler runs.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use eptsp_core::Role;
use eptsp_core::endpoint::{Access, Declared, Method};
use eptsp_server::config::Limits;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

async fn call(
    state: &eptsp_server::AppState,
    method: Method,
    path: &str,
    token: Option<&str>,
) -> (StatusCode, Value) {
    let mut b = Request::builder()
        .method(method.as_str())
        .uri(format!("{}{path}", eptsp_core::api::API_PREFIX));
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let req = match method {
        Method::Get | Method::Delete => b.body(Body::empty()).unwrap(),
        _ => b
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{}"))
            .unwrap(),
    };
    let res = eptsp_server::app(state.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// `d`'s path with a made-up argument in each placeholder.
fn some_path(d: &Declared) -> String {
    let mut path = d.path.to_owned();
    for (name, kind) in d.placeholders().into_iter().zip((d.path_kinds)()) {
        let arg = if kind == utoipa::openapi::Type::Integer {
            "1"
        } else {
            "tidak-ada"
        };
        path = path.replace(&format!("{{{name}}}"), arg);
    }
    path
}

#[tokio::test]
async fn every_declared_endpoint_is_mounted_once_and_nothing_else_is() {
    let (state, _mail) = eptsp_server::testkit::state(Limits::default()).await;
    let api = eptsp_server::routes::api(state);
    let mounted: Vec<(&str, &str)> = api
        .mounted()
        .iter()
        .map(|(m, p)| (m.as_str(), *p))
        .collect();
    let once: BTreeSet<_> = mounted.iter().copied().collect();
    assert_eq!(once.len(), mounted.len(), "an endpoint is mounted twice");
    let declared: BTreeSet<_> = eptsp_core::endpoints::all()
        .iter()
        .map(|d| (d.method.as_str(), d.path))
        .collect();
    assert_eq!(once, declared);
}

/// A route added with axum's own `.route` would bypass the declarations (and the role
/// check that comes with them): only `routes::mount` adds the API's routes, and the one
/// page outside the API (`/v/{id}`, the QR code's public page) is the only other route.
#[test]
fn no_route_is_added_except_from_a_declaration() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                if line.contains(".route(") && !path.ends_with("routes/mount.rs") {
                    found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains(r#".route("/v/{id}""#), "{found:#?}");
}

#[tokio::test]
async fn each_endpoint_refuses_who_its_declaration_does_not_admit() {
    let (state, _mail) = eptsp_server::testkit::state(Limits::default()).await;
    eptsp_server::seed::seed_demo(&state.db).await.unwrap();
    let mut tokens = Vec::new();
    for (role, login, password) in [
        (Role::Pemohon, "pemohon@dpmptsp.test", "Pemohon2026"),
        (
            Role::Verifikator,
            "verifikator@dpmptsp.test",
            "Verifikator2026",
        ),
        (
            Role::Penandatangan,
            "penandatangan@dpmptsp.test",
            "Kepala2026",
        ),
        (Role::Admin, "admin@dpmptsp.test", "Admin2026"),
    ] {
        let req = Request::post("/api/v1/auth/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({ "login": login, "password": password }).to_string(),
            ))
            .unwrap();
        let res = eptsp_server::app(state.clone()).oneshot(req).await.unwrap();
        let v: Value =
            serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes()).unwrap();
        tokens.push((role, v["token"].as_str().unwrap().to_owned()));
    }
    let mut refused = 0;
    for d in eptsp_core::endpoints::all() {
        let path = some_path(&d);
        let (status, body) = call(&state, d.method, &path, None).await;
        if d.access == Access::Public {
            assert_ne!(
                status,
                StatusCode::UNAUTHORIZED,
                "{} {path} is public: {body}",
                d.method.as_str()
            );
            continue;
        }
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{} {path} without a session: {body}",
            d.method.as_str()
        );
        for (role, token) in &tokens {
            // Logging out would end the session the next endpoints use.
            if d.name == "Logout" {
                continue;
            }
            let (status, body) = call(&state, d.method, &path, Some(token)).await;
            if d.access.admits(*role) {
                assert_ne!(
                    status,
                    StatusCode::UNAUTHORIZED,
                    "{} {path} as {role:?}: {body}",
                    d.method.as_str()
                );
            } else {
                assert_eq!(
                    (status, body["code"].as_str()),
                    (StatusCode::FORBIDDEN, Some("forbidden")),
                    "{} {path} as {role:?} is not admitted: {body}",
                    d.method.as_str()
                );
                refused += 1;
            }
        }
    }
    // Most office and admin endpoints refuse three roles or more.
    assert!(refused >= 60, "{refused} refusals");
}
