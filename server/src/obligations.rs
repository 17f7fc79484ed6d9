//! The reports an issued permit owes (laporan realisasi): scheduled in the transaction that
//! signs it, from its permit type's obligations, on the office's working-day calendar.

use eptsp_core::holidays::Calendar;
use eptsp_core::obligations::{Obligation, schedule};
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
    let horizon = issued
        .replace_year(issued.year() + HORIZON_YEARS)
        .unwrap_or(issued);
    let (mut ids, mut names, mut froms, mut tos, mut dues) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for o in &obligations.0 {
        let owed = schedule(&o.period, issued, valid_until, horizon, cal)
            .map_err(|e| anyhow::anyhow!("obligation {} of {permit_type}: {e}", o.id))?;
        for d in owed {
            ids.push(o.id.clone());
            names.push(o.name.clone());
            froms.push(d.from);
            tos.push(d.to);
            dues.push(d.due);
        }
    }
    sqlx::query(
        "INSERT INTO report_schedules (application_id, obligation, name, period_from, period_to, due_on)
         SELECT $1::uuid, * FROM UNNEST($2::text[], $3::text[], $4::date[], $5::date[], $6::date[])
         ON CONFLICT DO NOTHING",
    )
    .bind(application)
    .bind(&ids)
    .bind(&names)
    .bind(&froms)
    .bind(&tos)
    .bind(&dues)
    .execute(&mut **tx)
    .await?;
    Ok(ids.len())
}
