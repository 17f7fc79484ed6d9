//! The TypeScript the UI is written against (`ui/src/bindings`, generated from the Rust
//! types by ts-rs) describes what really arrives: real answers of the server's endpoints,
//! each checked against the binding of the type its declaration names. A field the
//! binding calls `bigint` (JSON has none), a missing or extra field, a status outside its
//! union: each is a failure naming the place.

use std::collections::BTreeMap;
use std::path::PathBuf;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use eptsp_core::endpoint::Declared;
use eptsp_server::config::Limits;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

/// A TypeScript type as ts-rs writes them.
#[derive(Debug, Clone)]
enum Ts {
    String,
    Number,
    Boolean,
    Null,
    Unknown,
    /// `bigint`: never what JSON carries.
    BigInt,
    Literal(Value),
    Named(String),
    Array(Box<Ts>),
    Tuple(Vec<Ts>),
    /// Fields: name → (optional, type).
    Object(BTreeMap<String, (bool, Ts)>),
    /// `{ [key in string]?: T }`.
    Map(Box<Ts>),
    Union(Vec<Ts>),
    Intersection(Vec<Ts>),
}

struct Parser<'a> {
    toks: Vec<&'a str>,
    at: usize,
}

fn tokens(src: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = src.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'"' {
            let end = src[i + 1..].find('"').map_or(src.len(), |j| i + 1 + j + 1);
            out.push(&src[i..end]);
            i = end;
        } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'.' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'-' | b'.'))
            {
                i += 1;
            }
            out.push(&src[start..i]);
        } else {
            out.push(&src[i..=i]);
            i += 1;
        }
    }
    out
}

impl<'a> Parser<'a> {
    fn peek(&self) -> &'a str {
        self.toks.get(self.at).copied().unwrap_or("")
    }
    fn next(&mut self) -> &'a str {
        let t = self.peek();
        self.at += 1;
        t
    }
    fn eat(&mut self, t: &str) {
        assert_eq!(self.next(), t, "at token {}: {:?}", self.at, self.toks);
    }
    fn union(&mut self) -> Ts {
        let mut parts = vec![self.intersection()];
        while self.peek() == "|" {
            self.next();
            parts.push(self.intersection());
        }
        if parts.len() == 1 {
            parts.remove(0)
        } else {
            Ts::Union(parts)
        }
    }
    fn intersection(&mut self) -> Ts {
        let mut parts = vec![self.postfix()];
        while self.peek() == "&" {
            self.next();
            parts.push(self.postfix());
        }
        if parts.len() == 1 {
            parts.remove(0)
        } else {
            Ts::Intersection(parts)
        }
    }
    fn postfix(&mut self) -> Ts {
        let mut t = self.primary();
        while self.peek() == "[" && self.toks.get(self.at + 1) == Some(&"]") {
            self.at += 2;
            t = Ts::Array(Box::new(t));
        }
        t
    }
    fn primary(&mut self) -> Ts {
        let t = self.next();
        match t {
            "string" => Ts::String,
            "number" => Ts::Number,
            "boolean" => Ts::Boolean,
            "null" => Ts::Null,
            "bigint" => Ts::BigInt,
            "unknown" | "any" => Ts::Unknown,
            "true" | "false" => Ts::Literal(json!(t == "true")),
            "(" => {
                let inner = self.union();
                self.eat(")");
                inner
            }
            "Array" => {
                self.eat("<");
                let inner = self.union();
                self.eat(">");
                Ts::Array(Box::new(inner))
            }
            "[" => {
                let mut items = Vec::new();
                while self.peek() != "]" {
                    items.push(self.union());
                    if self.peek() == "," {
                        self.next();
                    }
                }
                self.eat("]");
                Ts::Tuple(items)
            }
            "{" => self.object(),
            _ if t.starts_with('"') => Ts::Literal(json!(t.trim_matches('"'))),
            _ if t.parse::<f64>().is_ok() => Ts::Literal(serde_json::from_str(t).unwrap()),
            _ => Ts::Named(t.to_owned()),
        }
    }
    fn object(&mut self) -> Ts {
        let mut fields = BTreeMap::new();
        if self.peek() == "[" {
            // `{ [key in string]?: T }`
            while self.next() != "]" {}
            if self.peek() == "?" {
                self.next();
            }
            self.eat(":");
            let value = self.union();
            if self.peek() == "," || self.peek() == ";" {
                self.next();
            }
            self.eat("}");
            return Ts::Map(Box::new(value));
        }
        while self.peek() != "}" {
            let key = self.next().trim_matches('"').to_owned();
            let optional = self.peek() == "?";
            if optional {
                self.next();
            }
            self.eat(":");
            let ty = self.union();
            fields.insert(key, (optional, ty));
            if self.peek() == "," || self.peek() == ";" {
                self.next();
            }
        }
        self.eat("}");
        Ts::Object(fields)
    }
}

/// The bindings, each type by name, read from `ui/src/bindings`.
struct Bindings {
    dir: PathBuf,
    types: std::cell::RefCell<BTreeMap<String, Ts>>,
}

impl Bindings {
    fn new() -> Self {
        Bindings {
            dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings"),
            types: Default::default(),
        }
    }

    fn get(&self, name: &str) -> Ts {
        if let Some(t) = self.types.borrow().get(name) {
            return t.clone();
        }
        let path = self.dir.join(format!("{name}.ts"));
        let src = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("no binding for {name} ({}): {e}", path.display()));
        // Comments out, then the text after `export type Name =` up to its `;`.
        let mut text = String::new();
        let mut rest = src.as_str();
        while let Some(i) = rest.find("/*") {
            text.push_str(&rest[..i]);
            rest = rest[i..].find("*/").map_or("", |j| &rest[i + j + 2..]);
        }
        text.push_str(rest);
        let text: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//") && !l.starts_with("import "))
            .collect::<Vec<_>>()
            .join("\n");
        let start = text
            .find(&format!("export type {name} ="))
            .unwrap_or_else(|| panic!("{name}.ts does not export type {name}"))
            + format!("export type {name} =").len();
        let body = text[start..].trim().trim_end_matches(';');
        let mut p = Parser {
            toks: tokens(body),
            at: 0,
        };
        let t = p.union();
        self.types.borrow_mut().insert(name.to_owned(), t.clone());
        t
    }

    /// Where `v` does not fit `t` (empty when it does).
    fn check(&self, t: &Ts, v: &Value, at: &str, out: &mut Vec<String>) {
        let mut fail = |what: &str| out.push(format!("{at}: {what}, got {v}"));
        match t {
            Ts::String if !v.is_string() => fail("a string"),
            Ts::Number if !v.is_number() => fail("a number"),
            Ts::Boolean if !v.is_boolean() => fail("a boolean"),
            Ts::Null if !v.is_null() => fail("null"),
            Ts::BigInt => fail("bigint, which JSON never carries"),
            Ts::Literal(l) if l != v => fail(&format!("the literal {l}")),
            Ts::Named(n) => {
                let t = self.get(n);
                self.check(&t, v, &format!("{at}<{n}>"), out);
            }
            Ts::Array(item) => match v.as_array() {
                None => fail("an array"),
                Some(items) => {
                    for (i, x) in items.iter().enumerate() {
                        self.check(item, x, &format!("{at}[{i}]"), out);
                    }
                }
            },
            Ts::Tuple(items) => match v.as_array() {
                Some(xs) if xs.len() == items.len() => {
                    for (i, (t, x)) in items.iter().zip(xs).enumerate() {
                        self.check(t, x, &format!("{at}[{i}]"), out);
                    }
                }
                _ => fail(&format!("a tuple of {}", items.len())),
            },
            Ts::Map(value) => match v.as_object() {
                None => fail("an object"),
                Some(m) => {
                    for (k, x) in m {
                        self.check(value, x, &format!("{at}.{k}"), out);
                    }
                }
            },
            Ts::Object(fields) => match v.as_object() {
                None => fail("an object"),
                Some(m) => {
                    for (k, (optional, t)) in fields {
                        match m.get(k) {
                            Some(x) => self.check(t, x, &format!("{at}.{k}"), out),
                            None if *optional => {}
                            None => out.push(format!("{at}.{k}: missing")),
                        }
                    }
                    for k in m.keys().filter(|k| !fields.contains_key(*k)) {
                        out.push(format!("{at}.{k}: not in the binding"));
                    }
                }
            },
            Ts::Union(ts) => {
                let fits = ts.iter().any(|t| {
                    let mut e = Vec::new();
                    self.check(t, v, at, &mut e);
                    e.is_empty()
                });
                if !fits {
                    fail("one of the union's types");
                }
            }
            Ts::Intersection(ts) => {
                // Each side checked for its own fields (the others' are extra to it).
                for t in ts {
                    let mut e = Vec::new();
                    self.check(t, v, at, &mut e);
                    out.extend(e.into_iter().filter(|m| !m.ends_with("not in the binding")));
                }
            }
            _ => {}
        }
    }
}

/// The TypeScript type of a Rust type name: `alloc::vec::Vec<a::B>` → `Array<B>`.
fn ts_of(rust: &str) -> Ts {
    if let Some(inner) = rust
        .strip_prefix("alloc::vec::Vec<")
        .and_then(|s| s.strip_suffix('>'))
    {
        return Ts::Array(Box::new(ts_of(inner)));
    }
    Ts::Named(rust.rsplit("::").next().unwrap_or(rust).to_owned())
}

async fn get(state: &eptsp_server::AppState, path: &str, token: Option<&str>) -> Value {
    let mut b = Request::get(format!("/api/v1{path}"));
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let res = eptsp_server::app(state.clone())
        .oneshot(b.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(
        status,
        StatusCode::OK,
        "{path}: {}",
        String::from_utf8_lossy(&bytes)
    );
    serde_json::from_slice(&bytes).unwrap()
}

async fn send(
    state: &eptsp_server::AppState,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Value,
) -> Value {
    let mut b = Request::builder()
        .method(method)
        .uri(format!("/api/v1{path}"))
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let res = eptsp_server::app(state.clone())
        .oneshot(b.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    assert!(
        status.is_success(),
        "{path}: {}",
        String::from_utf8_lossy(&bytes)
    );
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn the_checker_catches_a_bigint_and_a_wrong_status() {
    let b = Bindings::new();
    b.types.borrow_mut().insert(
        "Probe".into(),
        Parser {
            toks: tokens(r#"{ n: bigint, status: Status, note?: string | null, }"#),
            at: 0,
        }
        .union(),
    );
    let mut e = Vec::new();
    b.check(
        &Ts::Named("Probe".into()),
        &json!({ "n": 1, "status": "dibatalkan", "extra": true }),
        "$",
        &mut e,
    );
    assert_eq!(e.len(), 3, "{e:#?}");
    let mut ok = Vec::new();
    b.check(
        &Ts::Named("Status".into()),
        &json!("perlu_perbaikan"),
        "$",
        &mut ok,
    );
    assert!(ok.is_empty(), "{ok:#?}");
}

#[tokio::test]
async fn real_answers_match_their_typescript_bindings() {
    let (state, _mail) = eptsp_server::testkit::state(Limits::default()).await;
    eptsp_server::seed::seed_demo(&state.db).await.unwrap();
    let mut tokens = BTreeMap::new();
    for (role, login, password) in [
        ("pemohon", "pemohon@dpmptsp.test", "Pemohon2026"),
        ("verifikator", "verifikator@dpmptsp.test", "Verifikator2026"),
        ("admin", "admin@dpmptsp.test", "Admin2026"),
    ] {
        let v = send(
            &state,
            "POST",
            "/auth/login",
            None,
            json!({ "login": login, "password": password }),
        )
        .await;
        tokens.insert(role, v["token"].as_str().unwrap().to_owned());
    }
    // An application, so that the feeds and the office's views have something in them.
    let pdf = eptsp_server::testkit::pdf_bytes(20_000, 5);
    let sha: String = {
        use sha2::Digest;
        sha2::Sha256::digest(&pdf)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let t = tokens["pemohon"].clone();
    send(
        &state,
        "POST",
        "/uploads",
        Some(&t),
        json!({ "sha256": sha, "size": pdf.len(), "name": "a.pdf" }),
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
    let data =
        serde_json::to_value(eptsp_server::testkit::sipa_draft("pemohon@dpmptsp.test")).unwrap();
    let app_id = uuid::Uuid::new_v4().to_string();
    let submitted = send(
        &state,
        "POST",
        "/applications",
        Some(&t),
        json!({ "id": app_id, "data": data, "files": files }),
    )
    .await;
    let resi = submitted["resi"].as_str().unwrap().to_owned();

    let declared: BTreeMap<&str, Declared> = eptsp_core::endpoints::all()
        .into_iter()
        .map(|d| (d.name, d))
        .collect();
    let b = Bindings::new();
    let mut problems = Vec::new();
    let mut checked = 0;
    for (endpoint, path, role) in [
        ("GetCatalogue", "/catalogue".to_owned(), None),
        ("Provinces", "/regions".to_owned(), None),
        ("RegionChildren", "/regions/64/children".to_owned(), None),
        ("Monitoring", format!("/monitoring/{resi}"), None),
        ("OfficeKeyOf", "/office-key".to_owned(), None),
        ("Me", "/me".to_owned(), Some("pemohon")),
        (
            "ChangesSince",
            "/changes?since=0".to_owned(),
            Some("pemohon"),
        ),
        (
            "Application",
            format!("/applications/{app_id}"),
            Some("pemohon"),
        ),
        ("Permits", "/permits".to_owned(), Some("pemohon")),
        ("Inbox", "/inbox?since=0".to_owned(), Some("pemohon")),
        ("Queue", "/office/queue".to_owned(), Some("verifikator")),
        (
            "OfficeDossier",
            format!("/office/applications/{app_id}"),
            Some("verifikator"),
        ),
        ("Archive", "/office/archive".to_owned(), Some("verifikator")),
        ("Users", "/admin/users?q=".to_owned(), Some("admin")),
        ("Volume", "/admin/reports/volume".to_owned(), Some("admin")),
    ] {
        let d = declared[endpoint];
        let v = get(&state, &path, role.map(|r| tokens[r].as_str())).await;
        b.check(&ts_of(d.response_type), &v, endpoint, &mut problems);
        checked += 1;
    }
    // The submission's own answer too.
    b.check(
        &ts_of(declared["Submit"].response_type),
        &submitted,
        "Submit",
        &mut problems,
    );
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(checked, 15);
}
