//! The reports an issued permit owes (laporan realisasi): scheduled in the transaction that
//! signs it, from its permit type's obligations, on the office's working-day calendar.

use eptsp_core::holidays::Calendar;
use eptsp_core::obligations::{Obligation, due_on, schedule};
use time::Date;
use uuid::Uuid;

use crate::error::ApiResult;

/// How far ahead the reports of a permit that never expires are scheduled.
pub const HORIZON_YEARS: i32 = 2;

/// Schedules every report the permit of `application` (of `permit_type`, issued on
/// `issued`, valid through `valid_until`) owes; returns how many.
pub async fn schedule_for(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    cal: &Calendar,
    application: Uuid,
    permit_type: &str,
    issued: Date,
    valid_until: Option<Date>,
) -> ApiResult<usize> {
    let obligations: sqlx::types::Json<Vec<Obligation>> =
        sqlx::query_scalar("SELECT obligations FROM permit_types WHERE id = $1")
            .bind(permit_type)
            .fetch_one(&mut **tx)
            .await?;
    // (29 February has no twin two years on: the 28th.)
    let horizon = issued
        .replace_year(issued.year() + HORIZON_YEARS)
        .or_else(|_| Date::from_calendar_date(issued.year() + HORIZON_YEARS, issued.month(), 28))
        .map_err(anyhow::Error::from)?;
    let (mut ids, mut names, mut froms, mut tos, mut dues, mut nominals, mut counts) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    for o in &obligations.0 {
        let owed = schedule(&o.period, issued, valid_until, horizon, cal)
            .map_err(|e| anyhow::anyhow!("obligation {} of {permit_type}: {e}", o.id))?;
        for d in owed {
            ids.push(o.id.clone());
            names.push(o.name.clone());
            froms.push(d.from);
            tos.push(d.to);
            dues.push(d.due);
            nominals.push(d.nominal);
            counts.push(i32::try_from(d.working_days).map_err(anyhow::Error::from)?);
        }
    }
    sqlx::query(
        "INSERT INTO report_schedules (application_id, obligation, name, period_from, period_to, due_on,
                                       nominal_due, due_working_days)
         SELECT $1::uuid, * FROM UNNEST($2::text[], $3::text[], $4::date[], $5::date[], $6::date[],
                                        $7::date[], $8::int[])
         ON CONFLICT DO NOTHING",
    )
    .bind(application)
    .bind(&ids)
    .bind(&names)
    .bind(&froms)
    .bind(&tos)
    .bind(&dues)
    .bind(&nominals)
    .bind(&counts)
    .execute(&mut **tx)
    .await?;
    Ok(ids.len())
}

/// Works out again, on the holiday table as `tx` sees it, the due day of every report not
/// yet due on `today`; returns how many moved. Called in the transaction that changes the
/// table.
pub async fn reschedule(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    today: Date,
) -> ApiResult<u64> {
    // One at a time: a second change of the table waits, then reads the first one's too.
    sqlx::query("SELECT pg_advisory_xact_lock(727275)")
        .execute(&mut **tx)
        .await?;
    let cal = crate::holidays::calendar(&mut **tx).await?;
    let rows: Vec<(i64, Date, i32, Date)> = sqlx::query_as(
        "SELECT id, nominal_due, due_working_days, due_on FROM report_schedules
         WHERE due_on >= $1 OR nominal_due >= $1",
    )
    .bind(today)
    .fetch_all(&mut **tx)
    .await?;
    let (mut ids, mut days) = (Vec::new(), Vec::new());
    for (id, nominal, n, was) in rows {
        let now = due_on(&cal, nominal, u32::try_from(n).unwrap_or(0));
        if now != was {
            ids.push(id);
            days.push(now);
        }
    }
    let moved = sqlx::query(
        "UPDATE report_schedules s SET due_on = m.due
         FROM UNNEST($1::bigint[], $2::date[]) AS m(id, due) WHERE s.id = m.id",
    )
    .bind(&ids)
    .bind(&days)
    .execute(&mut **tx)
    .await?;
    Ok(moved.rows_affected())
}
