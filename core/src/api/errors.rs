//! The error body every failed request gets, and the per-field errors a form check
//! collects, so that the user sees every invalid field at once.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validate::Invalid;

/// Every error the server sends has this shape; the desktop passes it on unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ApiErrorBody {
    /// Stable machine code (`nik_taken`, `wrong_password`, `validation`, …).
    pub code: String,
    /// Bahasa Indonesia, ready to show.
    pub message: String,
    /// The form field the message belongs to, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    /// Every invalid field at once, for forms.
    #[serde(default)]
    pub fields: Vec<FieldError>,
    /// Seconds to wait before trying again (throttling).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub retry_after_secs: Option<u64>,
}

/// One refused form field: which one, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct FieldError {
    /// The field's name in the request (`nik`, `email_code`, …).
    pub field: String,
    /// Stable machine code (`nik_format`, `required`, …).
    pub code: String,
    /// Bahasa Indonesia, ready to show under the field.
    pub message: String,
}

impl FieldError {
    /// `field` refused by a validator: its code and message come from `why`.
    pub fn new(field: &str, why: Invalid) -> Self {
        FieldError {
            field: field.to_owned(),
            code: why.code().to_owned(),
            message: why.message(),
        }
    }

    /// `field` refused by a rule outside [`Invalid`], with its own code and message.
    pub fn custom(field: &str, code: &str, message: &str) -> Self {
        FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.to_owned(),
        }
    }
}

/// Collects field errors while a form is checked, so the user sees all of them at once.
#[derive(Debug, Default)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub(super) fn check<T>(&mut self, field: &str, r: Result<T, Invalid>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(why) => {
                self.0.push(FieldError::new(field, why));
                None
            }
        }
    }

    pub(super) fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    pub(super) fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self.0)
        }
    }
}
