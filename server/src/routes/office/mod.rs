//! The office's workstation: the verifier's queue (claim, release), the dossier with its
//! files, decisions, and the signer's queue and signing (TTE).

mod archive;
mod decisions;
mod dossiers;
mod queues;
mod revocation;
mod signing;

use eptsp_core::resi::Resi;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
pub use archive::archive;
pub use decisions::{decide, lapse};
pub use dossiers::{blob_response, decisions_of, dossier, file, tracking_of};
pub use eptsp_core::office::RevokeRequest;
pub use queues::{claim, queue, release, signing_queue};
pub use revocation::revoke;
pub use signing::{permit_of, sign};

fn rfc3339(t: OffsetDateTime) -> ApiResult<String> {
    Ok(t.format(&Rfc3339).map_err(anyhow::Error::from)?)
}

fn resi_display(stored: &str) -> String {
    Resi::parse(stored).map_or_else(|_| stored.to_owned(), |r| r.to_string())
}

fn parse_id(id: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(id).map_err(|_| ApiError::NotFound)
}
