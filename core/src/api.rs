//! Request and response types of the central server's HTTP API (`/api/v1`), shared by the
//! server and the desktop sync client, with the validation of each form. TypeScript twins
//! are generated into `ui/src/bindings` by ts-rs.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod accounts;
mod errors;
mod person;
mod profile;
mod server_url;

pub use crate::calendar::{format_date, parse_date};
pub use accounts::{
    ChangePasswordRequest, DesktopKey, DesktopKeyRequest, EmailCodeRequest, ForgotPasswordRequest,
    LoginRequest, LoginResponse, RegisterRequest, ResetPasswordRequest, ValidRegistration,
    check_new_password,
};

pub use errors::{ApiErrorBody, FieldError, FieldErrors};
pub use person::{JenisKelamin, Pendidikan, Region, RegionCodes, RegionNames};
pub use profile::{Profile, UpdateProfileRequest, ValidProfileUpdate};
pub use server_url::{SERVER_URL_NOT_HTTPS, check_server_url};

/// The path every endpoint of the central server's API is mounted under.
pub const API_PREFIX: &str = "/api/v1";

/// A success answer that only says something to the user (after logout, a password change,
/// an e-mail code sent, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct MessageResponse {
    /// Bahasa Indonesia, ready to show.
    pub message: String,
}

impl MessageResponse {
    /// An answer carrying message `m`.
    pub fn new(m: impl Into<String>) -> Self {
        MessageResponse { message: m.into() }
    }
}

/// What the health checks answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` (liveness) or `ready` (readiness).
    pub status: String,
    /// The server's version (its crate version).
    pub version: String,
}

#[cfg(test)]
mod tests;
