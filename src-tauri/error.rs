//! The error every command returns: `{ code, message, field?, fields, retry_after_secs? }`
//! with a stable code the UI branches on and a message in Bahasa Indonesia.

use eptsp_core::api::{ApiErrorBody, FieldError};
use eptsp_core::messages;
use serde::Serialize;
use ts_rs::TS;

use crate::client::ClientError;
use crate::store::StoreError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{code}: {message}")]
#[ts(export)]
pub struct CommandError {
    pub code: String,
    pub message: String,
    pub field: Option<String>,
    pub fields: Vec<FieldError>,
    /// A number in JSON (ts-rs would say bigint).
    #[ts(type = "number | null")]
    pub retry_after_secs: Option<u64>,
}

impl CommandError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        CommandError {
            code: code.to_owned(),
            message: message.into(),
            field: None,
            fields: Vec::new(),
            retry_after_secs: None,
        }
    }

    pub fn offline() -> Self {
        Self::new("offline", messages::OFFLINE)
    }

    pub fn not_logged_in() -> Self {
        Self::new("session_expired", messages::SESSION_EXPIRED)
    }

    pub fn fields(fields: Vec<FieldError>) -> Self {
        let mut e = Self::new(
            "validation",
            fields
                .first()
                .map(|f| f.message.clone())
                .unwrap_or_default(),
        );
        e.field = fields.first().map(|f| f.field.clone());
        e.fields = fields;
        e
    }
}

impl From<ApiErrorBody> for CommandError {
    fn from(b: ApiErrorBody) -> Self {
        CommandError {
            code: b.code,
            message: b.message,
            field: b.field,
            fields: b.fields,
            retry_after_secs: b.retry_after_secs,
        }
    }
}

impl From<ClientError> for CommandError {
    fn from(e: ClientError) -> Self {
        match e {
            ClientError::Offline(detail) => {
                tracing::info!(%detail, "server unreachable");
                CommandError::offline()
            }
            ClientError::Api { body, .. } => body.into(),
            ClientError::Protocol(detail) => {
                tracing::error!(%detail, "unexpected answer from the server");
                CommandError::new(
                    "protocol",
                    "Jawaban server tidak dikenali. Periksa alamat server di Pengaturan.",
                )
            }
        }
    }
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "local store");
        if let StoreError::Damaged(aside) = &e {
            return CommandError::new(
                "store_damaged",
                format!(
                    "Data akun ini di komputer ini rusak atau bukan milik aplikasi E-PTSP, sehingga tidak dibuka. Berkasnya disimpan terpisah di {} dan tidak ditimpa. Silakan login kembali untuk memulai data baru; data yang sudah terkirim tetap ada di server.",
                    aside.display()
                ),
            );
        }
        CommandError::new(
            "store",
            "Penyimpanan lokal tidak dapat dibaca atau ditulis. Data Anda belum hilang; coba lagi.",
        )
    }
}
