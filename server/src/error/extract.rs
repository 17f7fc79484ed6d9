//! The request extractors the handlers use in place of axum's (`AppJson`, `AppPath`,
//! `AppQuery`): every rejection comes back as an [`ApiError`], and no NUL or oversized text
//! gets through.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use eptsp_core::messages;
use serde::Serialize;

use super::ApiError;

/// `Json` whose rejections (bad JSON, wrong types, unknown fields, oversized bodies) come
/// back as an [`ApiError`] in the API's error format. Before the body is read into `T`, every
/// string in it is checked: no NUL character (PostgreSQL cannot store one), no string over
/// [`MAX_TEXT_CHARS`], no nesting deeper than [`MAX_JSON_DEPTH`]; the field is named.
#[derive(Debug)]
pub struct AppJson<T>(pub T);

/// The longest text one field may carry (the longest form field allows 2 000).
pub const MAX_TEXT_CHARS: usize = 10_000;

/// The deepest nesting of arrays and objects a body may have (the deepest form has 4).
pub const MAX_JSON_DEPTH: usize = 16;

impl<T, S> FromRequest<S> for AppJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        let axum::Json(value) = axum::Json::<serde_json::Value>::from_request(req, state).await?;
        check_json(&value, "", 0)?;
        serde_json::from_value(value)
            .map(AppJson)
            .map_err(|e| ApiError::BadRequest(e.to_string()))
    }
}

fn check_text(path: &str, s: &str) -> Result<(), ApiError> {
    let field = if path.is_empty() { "body" } else { path };
    if s.contains('\0') {
        return Err(ApiError::field(
            field,
            "nul_character",
            "Isian berisi karakter yang tidak diizinkan (NUL)",
        ));
    }
    if s.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::field(
            field,
            "too_long",
            &format!("Isian terlalu panjang (paling banyak {MAX_TEXT_CHARS} karakter)"),
        ));
    }
    Ok(())
}

fn check_json(v: &serde_json::Value, path: &str, depth: usize) -> Result<(), ApiError> {
    use serde_json::Value;
    if depth > MAX_JSON_DEPTH {
        return Err(ApiError::BadRequest(format!(
            "struktur JSON terlalu dalam (lebih dari {MAX_JSON_DEPTH} tingkat)"
        )));
    }
    let join = |path: &str, part: &str| {
        if path.is_empty() {
            part.to_owned()
        } else {
            format!("{path}.{part}")
        }
    };
    match v {
        Value::String(s) => check_text(path, s),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_json(item, &join(path, &i.to_string()), depth + 1)?;
            }
            Ok(())
        }
        Value::Object(map) => {
            for (k, item) in map {
                let p = join(path, k);
                check_text(&p, k)?;
                check_json(item, &p, depth + 1)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

impl<T: Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}

fn nul_in_url() -> ApiError {
    ApiError::field(
        "url",
        "nul_character",
        "Alamat berisi karakter yang tidak diizinkan (NUL)",
    )
}

/// `Path` with its rejections in the API's error format, and no NUL in the segments.
#[derive(Debug)]
pub struct AppPath<T>(pub T);

impl<T, S> FromRequestParts<S> for AppPath<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        if parts.uri.path().to_ascii_lowercase().contains("%00") {
            return Err(nul_in_url());
        }
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(AppPath(v)),
            // A segment of the wrong type (text where a number goes) names nothing
            // that exists.
            Err(PathRejection::FailedToDeserializePathParams(_)) => Err(ApiError::NotFound),
            Err(e) => Err(ApiError::BadRequest(e.body_text())),
        }
    }
}

/// `Query` with its rejections in the API's error format, and no NUL in the values.
#[derive(Debug)]
pub struct AppQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for AppQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        if parts
            .uri
            .query()
            .is_some_and(|q| q.to_ascii_lowercase().contains("%00"))
        {
            return Err(nul_in_url());
        }
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(AppQuery(v)),
            Err(e) => Err(ApiError::field(
                "query",
                "query_invalid",
                &format!("{}: {}", messages::BAD_REQUEST, source_text(&e)),
            )),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return ApiError::PayloadTooLarge;
        }
        match r {
            JsonRejection::JsonDataError(e) => ApiError::BadRequest(source_text(&e)),
            JsonRejection::JsonSyntaxError(e) => ApiError::BadRequest(source_text(&e)),
            JsonRejection::MissingJsonContentType(_) => {
                ApiError::BadRequest("Content-Type harus application/json".to_owned())
            }
            other => ApiError::BadRequest(other.body_text()),
        }
    }
}

/// serde_json's own message ("unknown field `x`, expected one of …", "expected `,` at line
/// 1 column 9"), without axum's wrapper text.
fn source_text(e: &dyn std::error::Error) -> String {
    let mut cur: &dyn std::error::Error = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}
