//! The four roles of the office. Every server endpoint names the roles it admits.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What an account may do in the office; every account has exactly one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    /// An applicant (a person, for themselves or for a company): submits applications, sends
    /// revisions, holds the permits issued.
    Pemohon,
    /// A verifier: takes applications from the queue, checks their documents, and approves,
    /// returns (for revision) or rejects them.
    Verifikator,
    /// The signer (head of office): signs the permits of approved applications (TTE).
    Penandatangan,
    /// An administrator: manages accounts, the catalogue and the reports, sees the queues and
    /// revokes permits.
    Admin,
}

impl Role {
    /// Every role, applicant first.
    pub const ALL: [Role; 4] = [
        Role::Pemohon,
        Role::Verifikator,
        Role::Penandatangan,
        Role::Admin,
    ];

    /// The role's name on the wire and in the database (`pemohon`, `verifikator`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Pemohon => "pemohon",
            Role::Verifikator => "verifikator",
            Role::Penandatangan => "penandatangan",
            Role::Admin => "admin",
        }
    }

    /// The role named `s` in [`as_str`](Self::as_str)'s form; none for any other text.
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
