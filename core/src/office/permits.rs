//! The permits as issued and as the public checks them: the applicant's permits, the
//! verdict on a scanned QR code, the office's public key, and revocation.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::izin::SignedIzin;

/// Where an issued permit stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PermitState {
    /// In force: not revoked, and not past its last day (or it does not expire).
    Aktif,
    /// Expired: past its last day (`berlaku_sampai`).
    Kadaluarsa,
    /// Revoked by the office, whatever its date.
    Dicabut,
}

/// A permit the applicant holds, as issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct PermitView {
    /// The permit as signed.
    pub izin: SignedIzin,
    /// Its state today.
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

/// The public answer on a permit (`GET /permits/{id}/verify`), also shown on the page its
/// QR code opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct VerifyView {
    /// The verdict: genuine, revoked, altered or unknown.
    pub verdict: Verdict,
    /// The verdict as a sentence for the reader (Indonesian).
    pub message: String,
    /// The permit as the office issued it (when known).
    pub izin: Option<SignedIzin>,
    /// The permit's state today, when the office issued it.
    pub state: Option<PermitState>,
}

/// The office's signing key, public half.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct OfficeKey {
    /// The key's name, as the `key_id` of the permits it signs.
    pub key_id: String,
    /// 32 bytes, hex.
    pub public_key: String,
}

/// Revokes a permit.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevokeRequest {
    /// Why; required. Recorded in the application's tracking and told to the holder.
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
