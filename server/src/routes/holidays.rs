//! The working-day calendar's closed days: read by everyone (desktops keep them), kept by
//! the administrator one day at a time or a year's SKB table at once. Every change is
//! audited and announced to the desktops at commit; the deadlines counted after it use it.

use axum::extract::State;
use eptsp_core::calendar::{format_date, parse_date};
use eptsp_core::holidays::{Holiday, HolidayEdit, HolidayImport, HolidayTable, parse_csv};
use sqlx::{Postgres, Transaction};

use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::{ApiError, ApiResult, AppJson, AppPath};
use crate::holidays;

/// The table as it stands.
pub async fn table(State(state): State<AppState>) -> ApiResult<AppJson<HolidayTable>> {
    Ok(AppJson(
        holidays::table(&state.db, state.clock.today_wita()).await?,
    ))
}

/// Changes to one year's days take turns: a load replaces the year whole, and a day
/// changed meanwhile is neither lost in it nor half applied.
async fn year_lock(tx: &mut Transaction<'_, Postgres>, year: i32) -> ApiResult<()> {
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtext('holiday_year'), $1)",
        year
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn day(date: &str) -> ApiResult<time::Date> {
    parse_date(date).ok_or_else(|| ApiError::field("date", "invalid", "Tanggal ditulis YYYY-MM-DD"))
}

/// Adds or changes the closed day `date`.
pub async fn put(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(date): AppPath<String>,
    AppJson(req): AppJson<HolidayEdit>,
) -> ApiResult<AppJson<HolidayTable>> {
    let d = day(&date)?;
    req.check().map_err(ApiError::field_error)?;
    let mut tx = state.db.begin().await?;
    year_lock(&mut tx, d.year()).await?;
    let h = Holiday {
        date: format_date(d),
        kind: req.kind,
        name: req.name.trim().to_owned(),
    };
    holidays::insert(&mut *tx, &h).await?;
    // The reports due on a day that closed, or counted over it, move.
    crate::obligations::reschedule(&mut tx, state.clock.today_wita()).await?;
    crate::push::admin_changed(
        &mut tx,
        user.user_id,
        "hari_libur",
        serde_json::json!({ "date": h.date, "kind": h.kind.as_str(), "name": h.name }),
        "holidays",
    )
    .await?;
    tx.commit().await?;
    table(State(state)).await
}

/// Removes the closed day `date` (the office works on it after all).
pub async fn delete(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(date): AppPath<String>,
) -> ApiResult<AppJson<HolidayTable>> {
    let d = day(&date)?;
    let mut tx = state.db.begin().await?;
    year_lock(&mut tx, d.year()).await?;
    let gone = sqlx::query!("DELETE FROM holidays WHERE day = $1", d)
        .execute(&mut *tx)
        .await?;
    if gone.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    // The reports due on a day that closed, or counted over it, move.
    crate::obligations::reschedule(&mut tx, state.clock.today_wita()).await?;
    crate::push::admin_changed(
        &mut tx,
        user.user_id,
        "hapus_hari_libur",
        serde_json::json!({ "date": format_date(d) }),
        "holidays",
    )
    .await?;
    tx.commit().await?;
    table(State(state)).await
}

/// Loads year `year`'s SKB table whole: that year's days are replaced by the table's, and
/// the year is recorded with its decree. Nothing changes when a line is wrong.
pub async fn import(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(year): AppPath<i32>,
    AppJson(req): AppJson<HolidayImport>,
) -> ApiResult<AppJson<HolidayTable>> {
    if !(2000..=2100).contains(&year) {
        return Err(ApiError::field("year", "invalid", "Tahun tidak valid"));
    }
    let source = req.source.trim();
    if source.chars().count() < 5 {
        return Err(ApiError::field(
            "source",
            "required",
            "Tulis dasar hukumnya, contoh SKB 3 Menteri No. … Tahun …",
        ));
    }
    let days = parse_csv(&req.csv, Some(year)).map_err(ApiError::fields)?;
    if days.is_empty() {
        return Err(ApiError::field(
            "csv",
            "required",
            "Tabel kosong: tulis satu baris per hari libur",
        ));
    }
    let mut tx = state.db.begin().await?;
    year_lock(&mut tx, year).await?;
    sqlx::query!(
        "DELETE FROM holidays WHERE day >= make_date($1, 1, 1) AND day < make_date($1 + 1, 1, 1)",
        year
    )
    .execute(&mut *tx)
    .await?;
    for h in &days {
        holidays::insert(&mut *tx, h).await?;
    }
    sqlx::query!(
        "INSERT INTO holiday_years (year, source) VALUES ($1, $2)
         ON CONFLICT (year) DO UPDATE SET source = excluded.source, loaded_at = now()",
        year,
        source
    )
    .execute(&mut *tx)
    .await?;
    // The reports due on a day that closed, or counted over it, move.
    crate::obligations::reschedule(&mut tx, state.clock.today_wita()).await?;
    crate::push::admin_changed(
        &mut tx,
        user.user_id,
        "tabel_hari_libur",
        serde_json::json!({ "year": year, "days": days.len(), "source": source }),
        "holidays",
    )
    .await?;
    tx.commit().await?;
    table(State(state)).await
}
