//! The one error type of the HTTP API. Each variant fixes its status code; internal
//! failures are logged with their detail and answered with a generic message, so nothing
//! of the database or the code leaks to a client.

use axum::Json;
use axum::extract::FromRequest;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
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
    /// 502: the mail server refused or could not be reached.
    #[error("mail delivery failed: {0}")]
    Mail(String),
    /// 500
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::Internal(e.into())
    }
}

impl ApiError {
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
            ApiError::Mail(_) => (
                StatusCode::BAD_GATEWAY,
                body(
                    "mail_failed",
                    "Email tidak dapat dikirim saat ini, silakan coba lagi",
                ),
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
        match &self {
            ApiError::Internal(e) => tracing::error!(error = ?e, "internal error"),
            ApiError::Mail(e) => tracing::error!(error = %e, "mail delivery failed"),
            _ => {}
        }
        let (status, body) = self.parts();
        let mut res = (status, Json(body)).into_response();
        if let ApiError::TooManyRequests { retry_after_secs } = self {
            res.headers_mut().insert(
                "retry-after",
                retry_after_secs.to_string().parse().expect("digits"),
            );
        }
        res
    }
}

/// `Json` whose rejections (bad JSON, wrong types, unknown fields, oversized bodies) come
/// back as an [`ApiError`] in the API's error format.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct AppJson<T>(pub T);

impl<T: Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
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
