//! The office's archive: every application and permit ever received, searched by the
//! officers (resi, permit number, the applicant's name, NIK or the company's NIB, permit
//! type, status, the day it was sent) a page at a time, newest first.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::lifecycle::Status;

/// Rows in one page of the archive.
pub const ARCHIVE_PAGE_SIZE: i64 = 25;

/// The archive's filters (`GET /office/archive`). Empty means any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::IntoParams, TS)]
#[ts(export)]
pub struct ArchiveQuery {
    /// A resi (with or without its dashes), part of a permit number, or part of the
    /// applicant's name, NIK or the company's NIB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub q: Option<String>,
    /// Only this permit type (its code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub permit_type_id: Option<String>,
    /// Only this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status: Option<Status>,
    /// Sent from this day (YYYY-MM-DD, WITA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub from: Option<String>,
    /// Sent up to and including this day (YYYY-MM-DD, WITA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub to: Option<String>,
    /// The page, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub page: Option<i64>,
}

/// One application of the archive, with its permit when one was issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ArchiveEntry {
    /// The application's id (UUID).
    pub id: String,
    /// Its resi, formatted `XXXX-XXXX-XXX`.
    pub resi: String,
    /// The permit type's name.
    pub jenis_izin: String,
    /// The application kind by its wire name (`baru`, `perpanjangan`, `perubahan`).
    pub kind: String,
    /// Its current status.
    pub status: Status,
    /// The applicant's name.
    pub pemohon: String,
    /// The applicant's NIK.
    pub nik: String,
    /// The company's NIB, when the dossier names a company.
    pub nib: Option<String>,
    /// When it was sent (RFC 3339, UTC).
    pub submitted_at: String,
    /// The permit's number, once signed.
    pub nomor: Option<String>,
    /// The day the permit was issued (YYYY-MM-DD).
    pub issued_on: Option<String>,
    /// The last day the permit is valid (YYYY-MM-DD); none while the business runs.
    pub valid_until: Option<String>,
    /// The permit was revoked.
    pub revoked: bool,
    /// A renewal (Perpanjangan): the number of the permit it renews.
    pub renews: Option<String>,
    /// The resi of the newest application that renews this one's permit.
    pub renewed_by: Option<String>,
}

/// One page of the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ArchivePage {
    /// The applications of this page, the newest first.
    pub items: Vec<ArchiveEntry>,
    /// This page, from 1.
    #[ts(type = "number")]
    pub page: i64,
    /// How many pages the search has (at least 1).
    #[ts(type = "number")]
    pub pages: i64,
    /// How many applications match.
    #[ts(type = "number")]
    pub total: i64,
}
