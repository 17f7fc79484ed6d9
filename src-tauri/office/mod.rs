//! What the desktop does in the back office (verifier, signer) and in the applicant's
//! revision loop and permits. Claimed dossiers and their files are downloaded, so review
//! continues offline; decisions wait in an outbox and reach the server exactly once.
mod admin;
mod applicant;
mod archive;
mod audit;
mod feedback;
mod holidays;
mod portal;
pub use holidays::HolidaysView;
mod review;
pub use portal::PortalView;

use eptsp_core::izin::{self, SignedIzin};
use serde::Serialize;
use sha2::Digest;
use ts_rs::TS;

use crate::backend::{Backend, CmdResult};

/// The office's public key, shipped with the app: permits are verified offline with it.
pub const OFFICE_PUBLIC_KEY_HEX: &str = include_str!("../../keys/office-signing-key.pub.hex");

pub fn office_public_key() -> [u8; 32] {
    let hex = OFFICE_PUBLIC_KEY_HEX.trim();
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("the shipped key is hex");
    }
    out
}

/// The result of checking a permit on this computer, with no network.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OfflineVerification {
    pub valid: bool,
    pub message: String,
    pub izin: Option<SignedIzin>,
}

/// Checks the text of a permit's QR code with the office's public key.
pub fn verify_qr_text(text: &str) -> OfflineVerification {
    match izin::parse_qr(text) {
        Err(e) => OfflineVerification {
            valid: false,
            message: e.to_string(),
            izin: None,
        },
        Ok(i) => match izin::verify(&i, &office_public_key()) {
            Ok(()) => OfflineVerification {
                valid: true,
                message: "Tanda tangan elektronik SAH: izin ini diterbitkan DPMPTSP Provinsi Kalimantan Timur dan isinya tidak berubah.".to_owned(),
                izin: Some(i),
            },
            Err(e) => OfflineVerification {
                valid: false,
                message: e.to_string(),
                izin: Some(i),
            },
        },
    }
}

/// The survey form with its two questionnaires.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SurveyView {
    pub form: eptsp_core::ikm::SurveyForm,
    pub ikm: Vec<eptsp_core::ikm::Question>,
    pub ipk: Vec<eptsp_core::ikm::Question>,
}

pub(crate) fn sha_hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A public document as the desktop shows it: fetched now, or what this computer kept.
pub(crate) struct Kept<T> {
    pub value: T,
    /// Shown from what this computer kept (the server did not answer).
    pub from_cache: bool,
    /// When it was last fetched (RFC 3339); none: never.
    pub fetched_at: Option<String>,
}

impl Backend {
    /// The answer of a public read (`fetched`), kept under `key` in the device's store for
    /// the offline ones; offline, what was kept (nothing yet: the default).
    pub(crate) async fn fetched_or_kept<T>(
        &self,
        key: &str,
        fetched: Result<T, crate::client::ClientError>,
    ) -> CmdResult<Kept<T>>
    where
        T: Serialize + serde::de::DeserializeOwned + Default,
    {
        match fetched {
            Ok(value) => {
                self.set_online(true);
                let at = crate::store::settings::keep_json(&self.device, key, &value).await?;
                Ok(Kept {
                    value,
                    from_cache: false,
                    fetched_at: Some(at),
                })
            }
            Err(crate::client::ClientError::Offline(_)) => {
                self.set_online(false);
                let (value, fetched_at) =
                    crate::store::settings::kept_json(&self.device, key).await?;
                Ok(Kept {
                    value,
                    from_cache: true,
                    fetched_at,
                })
            }
            Err(e) => Err(e.into()),
        }
    }
}
