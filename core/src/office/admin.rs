//! What the administrator works with: the accounts (search, blocking, roles) and the
//! volume and service-level report, with the office working days it counts.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An account as the admin manages it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct UserSummary {
    /// The account's id (UUID).
    pub id: String,
    /// The holder's NIK (national ID number, 16 digits).
    pub nik: String,
    /// The holder's full name.
    pub nama: String,
    /// The account's e-mail address.
    pub email: String,
    /// The account's role.
    pub role: crate::Role,
    /// Whether the account is blocked: it cannot sign in and its sessions have ended.
    pub blocked: bool,
    /// Why it is blocked, shown to the user when signing in; none when it is not.
    pub blocked_reason: Option<String>,
}

/// One line of the admin's volume and service-level report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct VolumeRow {
    /// The permit type's code.
    pub permit_type_id: String,
    /// The permit type's name.
    pub jenis_izin: String,
    /// The permit type's service level, in working days.
    pub sla_days: i32,
    /// Of the applications submitted in the period: those still waiting for a verifier.
    #[ts(type = "number")]
    pub diajukan: i64,
    /// Those in the office's hands: under verification, or approved and waiting for signature.
    #[ts(type = "number")]
    pub diproses: i64,
    /// Those returned to the applicant for revision.
    #[ts(type = "number")]
    pub perlu_perbaikan: i64,
    /// Those finished: the permit issued.
    #[ts(type = "number")]
    pub selesai: i64,
    /// Those rejected.
    #[ts(type = "number")]
    pub ditolak: i64,
    /// Open applications past their current stage's deadline.
    #[ts(type = "number")]
    pub terlambat: i64,
    /// Of the finished ones: the office's working days (the applicant's revision time not
    /// counted), on average.
    pub rata_hari_kerja: Option<f64>,
    /// Of the finished ones: how many within `sla_days`.
    #[ts(type = "number")]
    pub tepat_waktu: i64,
}

/// Office working days of an application from its tracking log: the days spent in a
/// status where the office's clock runs (see `Status::office_clock_runs`). `log` is
/// (status, date) in order; `until` closes the last interval.
pub fn office_days(
    calendar: &crate::holidays::Calendar,
    log: &[(crate::lifecycle::Status, time::Date)],
    until: time::Date,
) -> u32 {
    let mut days = 0;
    for (i, (status, from)) in log.iter().enumerate() {
        let to = log.get(i + 1).map_or(until, |(_, d)| *d);
        if status.office_clock_runs() {
            days += calendar.working_days_between(*from, to);
        }
    }
    days
}

/// The admin's account search.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
pub struct UserQuery {
    /// Part of a name, NIK or e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
}

/// Blocks an account.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlockRequest {
    /// Why; required, and shown to the user when they try to sign in.
    pub reason: String,
}

/// Gives an account a role.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleRequest {
    /// The account's new role, in force from its next request.
    pub role: crate::Role,
}

/// A report's period.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
pub struct PeriodQuery {
    /// Applications submitted from this day (YYYY-MM-DD); default: the first of the month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// … up to this day; default: today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}
