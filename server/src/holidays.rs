//! SQL for the working-day calendar's closed days: the first content put in once, the
//! calendar the deadlines are counted with (read in the transaction that counts), and the
//! table as the portal and the administrator see it.

use eptsp_core::calendar::{format_date, parse_date};
use eptsp_core::holidays::{
    Calendar, Holiday, HolidayKind, HolidayTable, HolidayYear, SEED_CSV, SEED_SOURCE, parse_csv,
};
use sqlx::{PgExecutor, PgPool};

use crate::error::ApiResult;

/// Puts the reviewed seed table in, once for the database (the first instance to start
/// does it; the others find it done).
pub async fn ensure_seeded(db: &PgPool) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    let first = sqlx::query!("UPDATE holiday_seed SET done = true WHERE NOT done")
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if first {
        let days = parse_csv(SEED_CSV, None)
            .map_err(|e| anyhow::anyhow!("the seed holiday table: {e:?}"))?;
        for h in &days {
            insert(&mut *tx, h).await?;
        }
        sqlx::query!(
            "INSERT INTO holiday_years (year, source) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            SEED_SOURCE.0,
            SEED_SOURCE.1
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Adds or changes one closed day.
pub async fn insert(db: impl PgExecutor<'_>, h: &Holiday) -> anyhow::Result<()> {
    let day = parse_date(&h.date).ok_or_else(|| anyhow::anyhow!("date {}", h.date))?;
    sqlx::query!(
        "INSERT INTO holidays (day, kind, name) VALUES ($1, $2, $3)
         ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name",
        day,
        h.kind.as_str(),
        h.name.trim()
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The calendar deadlines are counted with, as the table stands (in `db`'s transaction
/// when it is one).
pub async fn calendar(db: impl PgExecutor<'_>) -> ApiResult<Calendar> {
    let days = sqlx::query_scalar!("SELECT day FROM holidays")
        .fetch_all(db)
        .await?;
    Ok(Calendar::new(days))
}

/// The whole table, with the loaded years and which of this year and next (from `today`)
/// are missing.
pub async fn table(db: &PgPool, today: time::Date) -> ApiResult<HolidayTable> {
    let days = sqlx::query!("SELECT day, kind, name FROM holidays ORDER BY day")
        .fetch_all(db)
        .await?
        .into_iter()
        .map(|r| Holiday {
            date: format_date(r.day),
            kind: HolidayKind::parse(&r.kind).unwrap_or(HolidayKind::Libur),
            name: r.name,
        })
        .collect();
    let years: Vec<HolidayYear> = sqlx::query_as!(
        HolidayYear,
        "SELECT year, source FROM holiday_years ORDER BY year"
    )
    .fetch_all(db)
    .await?;
    let missing_years = [today.year(), today.year() + 1]
        .into_iter()
        .filter(|y| !years.iter().any(|l| l.year == *y))
        .collect();
    Ok(HolidayTable {
        days,
        missing_years,
        years,
    })
}
