//! The permits as issued and as the public checks them: the applicant's permits, the
//! verdict on a scanned QR code, the office's public key, and revocation.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::izin::SignedIzin;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PermitState {
    Aktif,
    Kadaluarsa,
    Dicabut,
}

/// A permit the applicant holds, as issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct PermitView {
    pub izin: SignedIzin,
    pub state: PermitState,
}

/// The public answer for a permit's QR code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Verdict {
    /// Issued by the office, unchanged, not revoked.
    Sah,
    /// Issued, but revoked since.
    Dicabut,
    /// The code's content differs from what the office issued, or its signature fails.
    TidakSah,
    /// The office never issued it.
    TidakDikenal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct VerifyView {
    pub verdict: Verdict,
    pub message: String,
    /// The permit as the office issued it (when known).
    pub izin: Option<SignedIzin>,
    pub state: Option<PermitState>,
}

/// The office's signing key, public half.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct OfficeKey {
    pub key_id: String,
    /// 32 bytes, hex.
    pub public_key: String,
}

/// Revokes a permit.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevokeRequest {
    pub reason: String,
}

/// What a scanned QR code carries besides the permit's id.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
pub struct VerifyQuery {
    /// The content carried by the QR code (base64url JSON), if scanned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub d: Option<String>,
    /// The signature carried by the QR code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s: Option<String>,
}
