//! The office's catalogue: agencies (Dinas/Badan) → permit types (jenis izin) → the kinds
//! of application they take (Baru, Perpanjangan, Perubahan) → the documents each kind
//! requires. The server owns it; the desktop keeps a copy for offline use.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::files::FileKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ApplicationKind {
    Baru,
    Perpanjangan,
    Perubahan,
}

impl ApplicationKind {
    pub const ALL: [ApplicationKind; 3] = [
        ApplicationKind::Baru,
        ApplicationKind::Perpanjangan,
        ApplicationKind::Perubahan,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationKind::Baru => "baru",
            ApplicationKind::Perpanjangan => "perpanjangan",
            ApplicationKind::Perubahan => "perubahan",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        ApplicationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ApplicationKind::Baru => "Perizinan Baru",
            ApplicationKind::Perpanjangan => "Perpanjangan",
            ApplicationKind::Perubahan => "Perubahan",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Requirement {
    pub id: i32,
    pub name: String,
    pub description: String,
    pub mandatory: bool,
    /// The file kinds accepted for this document.
    pub formats: Vec<FileKind>,
    pub max_mb: i32,
    /// The application kinds that ask for it.
    pub kinds: Vec<ApplicationKind>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct PermitType {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Working days from a complete application to the permit.
    pub sla_days: i32,
    /// How long an issued permit is valid; `None` when it does not expire.
    pub validity_years: Option<i32>,
    pub kinds: Vec<ApplicationKind>,
    pub requirements: Vec<Requirement>,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Agency {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub permit_types: Vec<PermitType>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Catalogue {
    /// Raised on every change; the desktop asks "changed since version N?".
    pub version: i32,
    pub agencies: Vec<Agency>,
}

impl Catalogue {
    pub fn permit_type(&self, id: &str) -> Option<(&Agency, &PermitType)> {
        self.agencies
            .iter()
            .find_map(|a| a.permit_types.iter().find(|p| p.id == id).map(|p| (a, p)))
    }
}
// ---- The admin's edits ----

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct AgencyEdit {
    pub name: String,
    pub short_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct PermitTypeEdit {
    pub agency_id: String,
    pub name: String,
    pub description: String,
    /// Published service time, working days.
    pub sla_days: i32,
    /// Of which for signing (default 2).
    #[serde(default)]
    pub sla_ttd_days: Option<i32>,
    pub validity_years: Option<i32>,
    pub kinds: Vec<ApplicationKind>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct RequirementEdit {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub mandatory: bool,
    pub formats: Vec<FileKind>,
    pub max_mb: i32,
    pub kinds: Vec<ApplicationKind>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Saved {
    /// The id of what was saved (a new requirement version gets a new id).
    pub id: String,
    pub catalogue_version: i32,
}
