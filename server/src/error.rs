//! The one error type of the HTTP API. Each variant fixes its status code; internal
//! failures are logged with their detail and answered with a generic message, so nothing
//! of the database or the code leaks to a client.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use eptsp_core::api::{ApiErrorBody, FieldError};
use eptsp_core::messages;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the body is not the JSON the endpoint takes.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// 401: no valid session, or a login that failed.
    #[error("unauthorized: {code}")]
    Unauthorized {
        code: &'static str,
        message: String,
        field: Option<&'static str>,
    },
    /// 403: the role may not use this endpoint, or the account is blocked.
    #[error("forbidden: {code}")]
    Forbidden { code: &'static str, message: String },
    /// 404
    #[error("not found")]
    NotFound,
    /// 405: the path exists, not with this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 409: a unique value is taken (NIK, e-mail).
    #[error("conflict: {code}")]
    Conflict {
        code: &'static str,
        message: String,
        field: &'static str,
    },
    /// 413
    #[error("payload too large")]
    PayloadTooLarge,
    /// 422: fields failed validation (all of them listed), or a code was wrong.
    #[error("validation failed")]
    Validation {
        code: &'static str,
        message: String,
        fields: Vec<FieldError>,
    },
    /// 429: throttled; says how long to wait.
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    /// 503: a part the request needs is down or saturated (the database, the password
    /// workers); says when to come back.
    #[error("unavailable: {code}")]
    Unavailable {
        code: &'static str,
        message: String,
        retry_after_secs: u64,
    },
    /// 507: the file store is full; nothing of the request was kept.
    #[error("insufficient storage")]
    InsufficientStorage,
    /// 500
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            // The database cannot be reached (down, restarting, all connections busy past
            // the pool's short wait): the client is told to come back, not "a bug".
            sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => {
                tracing::warn!(error = %e, "database unavailable");
                ApiError::database_down()
            }
            sqlx::Error::Database(d)
                if d.code().is_some_and(|c| {
                    // 57P01..03: the server is shutting down or starting; 53300: too many
                    // connections; 08xxx: the connection failed.
                    c.starts_with("57P") || c == "53300" || c.starts_with("08")
                }) =>
            {
                tracing::warn!(error = %e, "database unavailable");
                ApiError::database_down()
            }
            _ => ApiError::Internal(e.into()),
        }
    }
}

impl From<std::io::Error> for ApiError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::StorageFull
            || e.kind() == std::io::ErrorKind::QuotaExceeded
        {
            tracing::error!(error = %e, "file store full");
            ApiError::InsufficientStorage
        } else {
            ApiError::Internal(e.into())
        }
    }
}

impl ApiError {
    /// 403: the caller's role may not use this endpoint.
    pub fn forbidden() -> ApiError {
        ApiError::Forbidden {
            code: "forbidden",
            message: eptsp_core::messages::FORBIDDEN.to_owned(),
        }
    }

    pub fn database_down() -> Self {
        ApiError::Unavailable {
            code: "database_unavailable",
            message: messages::SERVICE_UNAVAILABLE.to_owned(),
            retry_after_secs: 5,
        }
    }

    /// Field validation errors; the first one's message is the summary.
    pub fn fields(fields: Vec<FieldError>) -> Self {
        let message = fields
            .first()
            .map(|f| f.message.clone())
            .unwrap_or_else(|| messages::BAD_REQUEST.to_owned());
        ApiError::Validation {
            code: "validation",
            message,
            fields,
        }
    }

    pub fn field(field: &str, code: &'static str, message: &str) -> Self {
        ApiError::Validation {
            code,
            message: message.to_owned(),
            fields: vec![FieldError::custom(field, code, message)],
        }
    }

    /// One field refused by a rule of eptsp-core.
    pub fn field_error(e: FieldError) -> Self {
        ApiError::Validation {
            code: "invalid",
            message: e.message.clone(),
            fields: vec![e],
        }
    }

    fn parts(&self) -> (StatusCode, ApiErrorBody) {
        let body = |code: &str, message: &str| ApiErrorBody {
            code: code.to_owned(),
            message: message.to_owned(),
            field: None,
            fields: Vec::new(),
            retry_after_secs: None,
        };
        match self {
            ApiError::BadRequest(detail) => {
                let mut b = body("bad_request", messages::BAD_REQUEST);
                // serde's message names the offending field or type, never server internals.
                b.message = format!("{}: {detail}", messages::BAD_REQUEST);
                (StatusCode::BAD_REQUEST, b)
            }
            ApiError::Unauthorized {
                code,
                message,
                field,
            } => {
                let mut b = body(code, message);
                b.field = field.map(str::to_owned);
                (StatusCode::UNAUTHORIZED, b)
            }
            ApiError::Forbidden { code, message } => (StatusCode::FORBIDDEN, body(code, message)),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                body("not_found", messages::NOT_FOUND),
            ),
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                body("method_not_allowed", messages::BAD_REQUEST),
            ),
            ApiError::Conflict {
                code,
                message,
                field,
            } => {
                let mut b = body(code, message);
                b.field = Some((*field).to_owned());
                b.fields = vec![FieldError::custom(field, code, message)];
                (StatusCode::CONFLICT, b)
            }
            ApiError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                body("payload_too_large", messages::BODY_TOO_LARGE),
            ),
            ApiError::Validation {
                code,
                message,
                fields,
            } => {
                let mut b = body(code, message);
                b.field = fields.first().map(|f| f.field.clone());
                b.fields = fields.clone();
                (StatusCode::UNPROCESSABLE_ENTITY, b)
            }
            ApiError::TooManyRequests { retry_after_secs } => {
                let mut b = body(
                    "too_many_attempts",
                    &messages::too_many_attempts(*retry_after_secs),
                );
                b.retry_after_secs = Some(*retry_after_secs);
                (StatusCode::TOO_MANY_REQUESTS, b)
            }
            ApiError::Unavailable {
                code,
                message,
                retry_after_secs,
            } => {
                let mut b = body(code, message);
                b.retry_after_secs = Some(*retry_after_secs);
                (StatusCode::SERVICE_UNAVAILABLE, b)
            }
            ApiError::InsufficientStorage => (
                StatusCode::INSUFFICIENT_STORAGE,
                body("storage_full", messages::STORAGE_FULL),
            ),
            ApiError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                body("internal", messages::INTERNAL),
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(e) = &self {
            tracing::error!(error = ?e, "internal error");
        }
        let (status, body) = self.parts();
        let mut res = (status, Json(body)).into_response();
        if let ApiError::TooManyRequests { retry_after_secs }
        | ApiError::Unavailable {
            retry_after_secs, ..
        } = self
        {
            res.headers_mut().insert(
                "retry-after",
                retry_after_secs.to_string().parse().expect("digits"),
            );
        }
        res
    }
}

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

pub type ApiResult<T> = Result<T, ApiError>;
