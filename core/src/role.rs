//! The four roles of the office. Every server endpoint names the roles it admits.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    Pemohon,
    Verifikator,
    Penandatangan,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Pemohon,
        Role::Verifikator,
        Role::Penandatangan,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Pemohon => "pemohon",
            Role::Verifikator => "verifikator",
            Role::Penandatangan => "penandatangan",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Label shown in the UI.
    pub fn label(self) -> &'static str {
        match self {
            Role::Pemohon => "Pemohon",
            Role::Verifikator => "Verifikator",
            Role::Penandatangan => "Penandatangan",
            Role::Admin => "Admin",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
