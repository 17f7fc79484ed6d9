//! A property test over the JSON body of every write endpoint: whatever a client sends, the
//! answer is never a 5xx. Each endpoint's body starts as a well-formed sample made from its
//! schema in the OpenAPI document (so mutations reach the handler, not only the parser);
//! proptest then replaces one part of it (any field, nested or not, or the whole body) with
//! arbitrary JSON: NUL characters, huge or negative numbers, deep nesting, wrong types.
//! The routes and the database are real; the calls go to the router in process.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use eptsp_server::config::{Limit, Limits};
use http_body_util::BodyExt;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};
use tower::ServiceExt;

/// A well-formed value for `schema` (resolving `$ref`s in `doc`).
fn sample(doc: &Value, schema: &Value, depth: usize) -> Value {
    if depth > 8 {
        return Value::Null;
    }
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap();
        return sample(doc, &doc["components"]["schemas"][name], depth + 1);
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(first) = schema[key]
            .as_array()
            .and_then(|v| v.iter().find(|s| s["type"] != "null").or_else(|| v.first()))
        {
            return sample(doc, first, depth + 1);
        }
    }
    if let Some(e) = schema["enum"].as_array().and_then(|e| e.first()) {
        return e.clone();
    }
    let ty = match &schema["type"] {
        Value::Array(types) => types
            .iter()
            .find(|t| *t != "null")
            .cloned()
            .unwrap_or(Value::Null),
        t => t.clone(),
    };
    match ty.as_str() {
        Some("object") | None if schema["properties"].is_object() => Value::Object(
            schema["properties"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, s)| (k.clone(), sample(doc, s, depth + 1)))
                .collect(),
        ),
        Some("object") => json!({}),
        Some("array") => json!([sample(doc, &schema["items"], depth + 1)]),
        Some("string") => json!("contoh"),
        Some("integer") => json!(1),
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        _ => Value::Null,
    }
}

/// Every place in `v` a mutation may replace: the whole value, and each nested part.
fn places(v: &Value, at: Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let mut p = at.clone();
                p.push(k.clone());
                places(x, p, out);
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                let mut p = at.clone();
                p.push(i.to_string());
                places(x, p, out);
            }
        }
        _ => {}
    }
}

fn replace(v: &mut Value, at: &[String], with: Value) {
    match at.split_first() {
        None => *v = with,
        Some((k, rest)) => {
            let next = match v {
                Value::Object(m) => m.get_mut(k),
                Value::Array(a) => k.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
                _ => None,
            };
            if let Some(n) = next {
                replace(n, rest, with);
            }
        }
    }
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        Just(json!(u64::MAX)),
        Just(json!(-1)),
        Just(json!(0)),
        (-1e300f64..1e300).prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        "[a-z0-9\\u{0}\\u{1f}'\"\\\\<>%-]{0,12}".prop_map(Value::from),
        Just(json!("6472011505900001")),
        Just(json!("00000000-0000-0000-0000-000000000000")),
        Just(json!("9".repeat(400))),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

struct Ctx {
    state: eptsp_server::AppState,
    tokens: std::collections::HashMap<&'static str, String>,
    app_id: String,
    resi: String,
    sha: String,
    victim: String,
}

async fn login(state: &eptsp_server::AppState, login: &str, password: &str) -> String {
    let (_, v) = call(
        state,
        "POST",
        "/api/v1/auth/login",
        None,
        Some(json!({ "login": login, "password": password })),
    )
    .await;
    v["token"]
        .as_str()
        .unwrap_or_else(|| panic!("{v}"))
        .to_owned()
}

async fn call(
    state: &eptsp_server::AppState,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut b = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let req = match body {
        Some(v) => b
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(v.to_string()))
            .unwrap(),
        None => b.body(Body::empty()).unwrap(),
    };
    let res = eptsp_server::app(state.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

impl Ctx {
    async fn new() -> Ctx {
        let wide = Limit::new(1_000_000, 60);
        let (state, _mail) = eptsp_server::testkit::state(Limits {
            login_failures_per_account: wide,
            login_failures_per_address: wide,
            register_per_address: wide,
            codes_per_email: wide,
            codes_per_address: wide,
            pin_per_account: wide,
            pin_per_address: wide,
            monitoring_per_address: wide,
        })
        .await;
        eptsp_server::seed::seed_demo(&state.db).await.unwrap();
        let mut tokens = std::collections::HashMap::new();
        for (role, email, password) in [
            ("pemohon", "pemohon@dpmptsp.test", "Pemohon2026"),
            ("verifikator", "verifikator@dpmptsp.test", "Verifikator2026"),
            ("penandatangan", "penandatangan@dpmptsp.test", "Kepala2026"),
            ("admin", "admin@dpmptsp.test", "Admin2026"),
        ] {
            tokens.insert(role, login(&state, email, password).await);
        }
        // One stored file and one submitted application, so that ids in paths name
        // something real and mutations reach the handlers' own checks.
        let pdf = eptsp_server::testkit::pdf_bytes(30_000, 1);
        let sha: String = {
            use sha2::Digest;
            sha2::Sha256::digest(&pdf)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect()
        };
        let t = tokens["pemohon"].clone();
        call(
            &state,
            "POST",
            "/api/v1/uploads",
            Some(&t),
            Some(json!({ "sha256": sha, "size": pdf.len(), "name": "a.pdf" })),
        )
        .await;
        let req = Request::patch(format!("/api/v1/uploads/{sha}"))
            .header(header::AUTHORIZATION, format!("Bearer {t}"))
            .header("Upload-Offset", "0")
            .body(Body::from(pdf))
            .unwrap();
        let r = eptsp_server::app(state.clone()).oneshot(req).await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let cat = eptsp_server::catalogue::load(&state.db).await.unwrap();
        let files: Vec<Value> = cat
            .permit_type("sipa")
            .unwrap()
            .1
            .requirements_for(eptsp_core::catalogue::ApplicationKind::Baru)
            .map(|r| json!({ "requirement_id": r.id, "sha256": sha }))
            .collect();
        let data = eptsp_server::testkit::sipa_draft("pemohon@dpmptsp.test");
        let id = uuid::Uuid::new_v4().to_string();
        let (s, v) = call(
            &state,
            "POST",
            "/api/v1/applications",
            Some(&t),
            Some(json!({ "id": id, "data": data, "files": files })),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let victim: uuid::Uuid =
            sqlx::query_scalar("SELECT id FROM users WHERE email = 'verifikator@dpmptsp.test'")
                .fetch_one(&state.db)
                .await
                .unwrap();
        Ctx {
            resi: v["resi"].as_str().unwrap().to_owned(),
            state,
            tokens,
            app_id: id,
            sha,
            victim: victim.to_string(),
        }
    }

    /// `template` with its parameters filled with things that exist.
    fn path(&self, template: &str) -> String {
        let filled = template
            .replace("{sha256}", &self.sha)
            .replace("{resi}", &self.resi)
            .replace("{code}", "64");
        let id = if template.starts_with("/api/v1/admin/users/") {
            self.victim.clone()
        } else if template.contains("/agencies/") {
            "esdm".into()
        } else if template.contains("/permit-types/") {
            "sipa".into()
        } else if template.contains("/requirements/") || template.contains("/inbox/") {
            "1".into()
        } else {
            self.app_id.clone()
        };
        filled.replace("{id}", &id)
    }

    fn token(&self, path: &str) -> &str {
        let role = if path.ends_with("/sign") {
            "penandatangan"
        } else if path.starts_with("/api/v1/admin") || path.contains("/revoke") {
            "admin"
        } else if path.starts_with("/api/v1/office") {
            "verifikator"
        } else {
            "pemohon"
        };
        &self.tokens[role]
    }
}

#[test]
fn no_body_sent_to_a_write_endpoint_gets_a_5xx() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let ctx = rt.block_on(Ctx::new());
    let doc = serde_json::to_value(eptsp_server::routes::ApiDoc::openapi()).unwrap();
    let mut endpoints = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["post", "put", "patch", "delete"] {
            let op = &item[method];
            if op.is_null() || path.ends_with("/auth/logout") {
                continue; // a logout would end the session the other cases use
            }
            let schema = &op["requestBody"]["content"]["application/json"]["schema"];
            let body = if schema.is_null() {
                json!({})
            } else {
                sample(&doc, schema, 0)
            };
            endpoints.push((method.to_uppercase(), path.clone(), body));
        }
    }
    assert!(endpoints.len() >= 30, "{} write endpoints", endpoints.len());
    let cases = std::env::var("EPTSP_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(24);
    let mut sent = 0usize;
    let seen = std::cell::RefCell::new(std::collections::BTreeMap::<u16, usize>::new());
    for (method, template, sample_body) in &endpoints {
        let mut all = Vec::new();
        places(sample_body, Vec::new(), &mut all);
        let strategy = (0..all.len(), arbitrary_json(), 0..4u8);
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        let path = ctx.path(template);
        let token = ctx.token(&path).to_owned();
        runner
            .run(&strategy, |(place, value, keep)| {
                let mut body = sample_body.clone();
                // A quarter of the cases send the sample as it is.
                if keep != 0 {
                    replace(&mut body, &all[place], value);
                }
                let (status, answer) = rt.block_on(call(
                    &ctx.state,
                    method,
                    &path,
                    Some(&token),
                    Some(body.clone()),
                ));
                *seen.borrow_mut().entry(status.as_u16()).or_default() += 1;
                prop_assert!(
                    !status.is_server_error(),
                    "{method} {path} answered {status} to {body}: {answer}"
                );
                Ok(())
            })
            .unwrap();
        sent += cases as usize;
    }
    let seen = seen.into_inner();
    println!(
        "{} write endpoints, {sent} bodies, no 5xx; answers by status: {seen:?}",
        endpoints.len()
    );
    // The samples are well-formed enough to get past the parser to the handlers.
    assert!(seen.get(&200).is_some_and(|&n| n > 0), "{seen:?}");
}
