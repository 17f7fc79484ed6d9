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
    /// The last day to send it: a closed day moves it to the next working day.
    pub due: Date,
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

/// `d` if the office is open then, else the next working day.
fn working_on_or_after(cal: &Calendar, d: Date) -> Date {
    let mut d = d;
    while !cal.is_working_day(d) {
        d += Duration::days(1);
    }
    d
}

/// The reports a permit issued on `issued` and valid through `valid_until` (none: while
/// the business runs, scheduled up to `horizon`) owes under `period`, oldest first. A period
/// is reported on from the day the permit was issued to its last valid day.
pub fn schedule(
    period: &Period,
    issued: Date,
    valid_until: Option<Date>,
    horizon: Date,
    cal: &Calendar,
) -> Result<Vec<Due>, PeriodError> {
    period.check()?;
    let end = valid_until.unwrap_or(horizon);
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
                out.push(Due {
                    from: month.max(issued),
                    to: last.min(end),
                    due: working_on_or_after(
                        cal,
                        next.replace_day(*due_day).expect("1-28 is in every month"),
                    ),
                });
                month = next;
            }
        }
        Period::EndOfMonths { months } => {
            let mut from = issued;
            let mut month = first_of_month(issued);
            while from <= end {
                let last = last_of_month(month);
                if months.contains(&u8::from(month.month())) || last >= end {
                    // The last report covers the days up to the end, due at that month's end.
                    out.push(Due {
                        from,
                        to: last.min(end),
                        due: working_on_or_after(cal, last),
                    });
                    from = last + Duration::days(1);
                }
                month = last + Duration::days(1);
            }
        }
        Period::AfterExpiry { working_days } => {
            if let Some(v) = valid_until {
                out.push(Due {
                    from: issued,
                    to: v,
                    due: cal.add_working_days(v, *working_days),
                });
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
