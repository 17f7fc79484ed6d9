//! The one error type of the HTTP API. Each variant fixes its status code; internal
//! failures are logged with their detail and answered with a generic message, so nothing
//! of the database or the code leaks to a client.

mod extract;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use eptsp_core::api::{ApiErrorBody, FieldError};
use eptsp_core::messages;

pub use extract::{AppJson, AppPath, AppQuery, MAX_JSON_DEPTH, MAX_TEXT_CHARS};

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
        } else if e.kind() == std::io::ErrorKind::NotConnected {
            ApiError::Unavailable {
                code: "storage_unavailable",
                message: messages::STORAGE_UNAVAILABLE.to_owned(),
                retry_after_secs: 10,
            }
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
            .map_or_else(|| messages::BAD_REQUEST.to_owned(), |f| f.message.clone());
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

pub type ApiResult<T> = Result<T, ApiError>;
