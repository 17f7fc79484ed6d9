//! The office's catalogue: agencies (Dinas/Badan) → permit types (jenis izin) → the kinds
//! of application they take (Baru, Perpanjangan, Perubahan) → the documents each kind
//! requires. The server owns it; the desktop keeps a copy for offline use.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::files::FileKind;

/// The kind of an application (jenis permohonan): a first permit, a renewal, or a change to
/// a permit already held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ApplicationKind {
    /// A new permit (Perizinan Baru).
    Baru,
    /// A renewal of a permit held, to extend its validity.
    Perpanjangan,
    /// A change to the data of a permit already issued.
    Perubahan,
}

impl ApplicationKind {
    /// Every kind, in the order the forms list them.
    pub const ALL: [ApplicationKind; 3] = [
        ApplicationKind::Baru,
        ApplicationKind::Perpanjangan,
        ApplicationKind::Perubahan,
    ];

    /// The kind's name on the wire and in the database (`baru`, `perpanjangan`, `perubahan`).
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationKind::Baru => "baru",
            ApplicationKind::Perpanjangan => "perpanjangan",
            ApplicationKind::Perubahan => "perubahan",
        }
    }

    /// The kind named `s` in [`as_str`](Self::as_str)'s form; none for any other text.
    pub fn parse(s: &str) -> Option<Self> {
        ApplicationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kind as users read it ("Perizinan Baru", "Perpanjangan", "Perubahan").
    pub fn label(self) -> &'static str {
        match self {
            ApplicationKind::Baru => "Perizinan Baru",
            ApplicationKind::Perpanjangan => "Perpanjangan",
            ApplicationKind::Perubahan => "Perubahan",
        }
    }
}

/// A document (persyaratan) a permit type asks for: the published version of it, as
/// applicants see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Requirement {
    /// The requirement's id (a database serial). An edit publishes a new version under a new
    /// id, so an application keeps the version it was made under.
    pub id: i32,
    /// The document's name, e.g. "Nomor Induk Berusaha (NIB)".
    pub name: String,
    /// What the document must be or contain (the "Keterangan" column); may be empty.
    pub description: String,
    /// Whether an application cannot be sent without it (Wajib) or may leave it out (Opsional).
    pub mandatory: bool,
    /// The file kinds accepted for this document.
    pub formats: Vec<FileKind>,
    /// The largest file accepted for it, in MB (1 to 50).
    pub max_mb: i32,
    /// The application kinds that ask for it.
    pub kinds: Vec<ApplicationKind>,
    /// Photos (JPEG) larger than this many pixels on their longer side are sent downscaled
    /// to it, upright; `0`: the original is sent as it is (a requirement that needs every
    /// detail, e.g. a survey drawing photographed).
    #[serde(default = "default_photo_max_px")]
    pub photo_max_px: i32,
}

/// The longer side photos are sent at unless a requirement says otherwise: enough to read a
/// KTP or a site photo, a fraction of a phone camera's 12 to 50 megapixels.
pub const PHOTO_MAX_PX: i32 = 2560;

fn default_photo_max_px() -> i32 {
    PHOTO_MAX_PX
}

/// A permit type (jenis izin) an agency issues, with what applying for it takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct PermitType {
    /// The permit type's code: lower-case letters, digits and `-` (e.g. `sipa`).
    pub id: String,
    /// The permit type's name, e.g. "Izin Pengusahaan Air Tanah (SIPA)".
    pub name: String,
    /// What the permit allows, in a sentence.
    pub description: String,
    /// Working days from a complete application to the permit.
    pub sla_days: i32,
    /// How long an issued permit is valid; `None` when it does not expire.
    pub validity_years: Option<i32>,
    /// The application kinds it takes.
    pub kinds: Vec<ApplicationKind>,
    /// The documents it asks for, of every kind, in display order (see
    /// [`requirements_for`](Self::requirements_for)).
    pub requirements: Vec<Requirement>,
    /// Its Data Detail: the fields the wizard asks besides the documents, in order.
    #[serde(default)]
    pub details: Vec<crate::details::DetailField>,
}

impl Requirement {
    /// The requirement's "Ukuran Maks" in bytes.
    pub fn max_bytes(&self) -> u64 {
        self.max_mb.max(0) as u64 * 1024 * 1024
    }
}

impl PermitType {
    /// The documents an application of `kind` must or may carry, in order.
    pub fn requirements_for(&self, kind: ApplicationKind) -> impl Iterator<Item = &Requirement> {
        self.requirements
            .iter()
            .filter(move |r| r.kinds.contains(&kind))
    }
}

/// An agency (Dinas/Badan) whose permits the office issues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Agency {
    /// The agency's code: lower-case letters, digits and `-` (e.g. `esdm`).
    pub id: String,
    /// The agency's full name, e.g. "Dinas Energi dan Sumber Daya Mineral".
    pub name: String,
    /// The agency's short name for lists and headings, e.g. "Dinas ESDM".
    pub short_name: String,
    /// The permit types it issues, in display order.
    pub permit_types: Vec<PermitType>,
}

/// The whole published catalogue, as `GET /catalogue` serves it (its version is the ETag).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Catalogue {
    /// Raised on every change; the desktop asks "changed since version N?".
    pub version: i32,
    /// The agencies, in display order, each with its permit types and their requirements.
    pub agencies: Vec<Agency>,
}

impl Catalogue {
    /// The permit type with code `id` and the agency it belongs to; none when there is none.
    pub fn permit_type(&self, id: &str) -> Option<(&Agency, &PermitType)> {
        self.agencies
            .iter()
            .find_map(|a| a.permit_types.iter().find(|p| p.id == id).map(|p| (a, p)))
    }
}
// ---- The admin's edits ----

/// An agency as the admin writes it, new or changed; its code is the `{id}` of
/// `PUT /admin/catalogue/agencies/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct AgencyEdit {
    /// The agency's full name; required.
    pub name: String,
    /// The agency's short name; required.
    pub short_name: String,
}

/// A permit type as the admin writes it, new or changed; its code is the `{id}` of
/// `PUT /admin/catalogue/permit-types/{id}`. Its requirements are edited on their own.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct PermitTypeEdit {
    /// The code of the agency that issues it; the agency must exist.
    pub agency_id: String,
    /// The permit type's name; required.
    pub name: String,
    /// What the permit allows, in a sentence.
    pub description: String,
    /// Published service time, working days.
    pub sla_days: i32,
    /// Of which for signing (default 2).
    #[serde(default)]
    pub sla_ttd_days: Option<i32>,
    /// Years an issued permit is valid (1 to 50); `None` when it does not expire.
    pub validity_years: Option<i32>,
    /// The application kinds it takes; at least one.
    pub kinds: Vec<ApplicationKind>,
    /// Its Data Detail fields, replacing the published ones (checked by
    /// [`details::check_fields`](crate::details::check_fields)); none keeps them as they are.
    #[serde(default)]
    pub details: Option<Vec<crate::details::DetailField>>,
}

/// A requirement as the admin writes it: a new one of a permit type, or the next
/// version of a published one (which retires it).
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct RequirementEdit {
    /// The document's name; required.
    pub name: String,
    /// What the document must be or contain; may be left out.
    #[serde(default)]
    pub description: String,
    /// Whether applications must carry it.
    pub mandatory: bool,
    /// The file kinds accepted for it; at least one.
    pub formats: Vec<FileKind>,
    /// The largest file accepted, in MB (1 to 50).
    pub max_mb: i32,
    /// The application kinds that ask for it; at least one.
    pub kinds: Vec<ApplicationKind>,
    /// Photos sent downscaled to this longer side (640 to 8000), or `0` for the original.
    #[serde(default = "default_photo_max_px")]
    pub photo_max_px: i32,
}

/// What an admin's catalogue edit answers.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Saved {
    /// The id of what was saved (a new requirement version gets a new id).
    pub id: String,
    /// The catalogue's version after the change (every change raises it).
    pub catalogue_version: i32,
}
