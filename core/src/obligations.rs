//! Reporting obligations (laporan realisasi): what a permit type's holders must report and
//! when, as the INATRADE guide sets them — monthly by a day of the next month, at the end of
//! given months, or a number of working days after the permit expires — and the schedule of
//! reports one issued permit owes, on the office's working-day calendar.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};
use ts_rs::TS;

use crate::holidays::Calendar;

/// How often, and by when, a report is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Period {
    /// Each calendar month, reported by day `due_day` (1–28) of the month after.
    Monthly {
        /// The day of the next month the report is due.
        due_day: u8,
    },
    /// The time since the last report, due on the last day of each of `months` (1–12).
    EndOfMonths {
        /// The months whose end a report is due, in any order.
        months: Vec<u8>,
    },
    /// One report on the whole validity, `working_days` working days after it expires.
    AfterExpiry {
        /// Working days after the last valid day.
        working_days: u32,
    },
}

/// One reporting obligation of a permit type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Obligation {
    /// Its code, unique within the permit type (`realisasi_bulanan`).
    pub id: String,
    /// Its name as holders read it ("Laporan Realisasi Pengambilan Air Tanah").
    pub name: String,
    /// When reports are due.
    pub period: Period,
}

/// One report owed: the days it covers and the day it is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    /// The first day reported on.
    pub from: Date,
    /// The last day reported on.
    pub to: Date,
    /// The last day to send it, on the calendar given: [`due_on`] of the two below.
    pub due: Date,
    /// The day the rule names (the 15th of the next month, a month's end, the last valid day).
    pub nominal: Date,
    /// Working days counted after `nominal`; 0: `nominal` itself, or the next working day.
    pub working_days: u32,
}

/// The day a report is due on `cal`: `working_days` working days after `nominal`, or with
/// none, `nominal` moved on to a working day. Kept apart so that the days can be worked
/// out again when the holiday table changes (it covers a year or two ahead; schedules run
/// for the whole validity).
pub fn due_on(cal: &Calendar, nominal: Date, working_days: u32) -> Date {
    if working_days > 0 {
        return cal.add_working_days(nominal, working_days);
    }
    let mut d = nominal;
    while !cal.is_working_day(d) {
        d += Duration::days(1);
    }
    d
}

/// Why an obligation cannot be scheduled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// A monthly due day outside 1–28 (every month has it).
    #[error("Tanggal batas laporan bulanan harus 1 sampai 28")]
    DueDay,
    /// No months, or a month outside 1–12.
    #[error("Bulan laporan harus 1 sampai 12")]
    Months,
}

impl Period {
    /// Checks the period's numbers.
    pub fn check(&self) -> Result<(), PeriodError> {
        match self {
            Period::Monthly { due_day } if !(1..=28).contains(due_day) => Err(PeriodError::DueDay),
            Period::EndOfMonths { months }
                if months.is_empty() || months.iter().any(|m| !(1..=12).contains(m)) =>
            {
                Err(PeriodError::Months)
            }
            _ => Ok(()),
        }
    }
}

fn first_of_month(d: Date) -> Date {
    d.replace_day(1).expect("every month has a first day")
}

fn last_of_month(d: Date) -> Date {
    let next = first_of_month(d) + Duration::days(32);
    first_of_month(next) - Duration::days(1)
}

/// The reports a permit issued on `issued` and valid through `valid_until` (none: while
/// the business runs, scheduled through the end of `horizon`'s month) owes under `period`,
/// oldest first. A period is reported on from the day the permit was issued to its last
/// valid day; a permit without expiry has no last, partial period.
pub fn schedule(
    period: &Period,
    issued: Date,
    valid_until: Option<Date>,
    horizon: Date,
    cal: &Calendar,
) -> Result<Vec<Due>, PeriodError> {
    period.check()?;
    let end = valid_until.unwrap_or_else(|| last_of_month(horizon));
    let due = |from: Date, to: Date, nominal: Date, working_days: u32| Due {
        from,
        to,
        due: due_on(cal, nominal, working_days),
        nominal,
        working_days,
    };
    if end < issued {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    match period {
        Period::Monthly { due_day } => {
            let mut month = first_of_month(issued);
            while month <= end {
                let last = last_of_month(month);
                let next = last + Duration::days(1);
                out.push(due(
                    month.max(issued),
                    last.min(end),
                    next.replace_day(*due_day).expect("1-28 is in every month"),
                    0,
                ));
                month = next;
            }
        }
        Period::EndOfMonths { months } => {
            let mut from = issued;
            let mut month = first_of_month(issued);
            while from <= end {
                let last = last_of_month(month);
                let closing = valid_until.is_some() && last >= end;
                if months.contains(&u8::from(month.month())) || closing {
                    // The last report of a permit that expires covers the days up to its
                    // end, due at that month's end.
                    out.push(due(from, last.min(end), last, 0));
                    from = last + Duration::days(1);
                } else if last >= end {
                    break;
                }
                month = last + Duration::days(1);
            }
        }
        Period::AfterExpiry { working_days } => {
            if let Some(v) = valid_until {
                out.push(due(issued, v, v, *working_days));
            }
        }
    }
    Ok(out)
}

/// The month `m` (1–12) by its Indonesian name, for a period's description.
pub fn month_label(m: u8) -> &'static str {
    Month::try_from(m).map_or("?", crate::calendar::month_name)
}

#[cfg(test)]
mod tests;
