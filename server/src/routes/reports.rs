//! The admin's reports of volumes and service levels per permit type.

use std::collections::BTreeMap;

use axum::extract::State;
use eptsp_core::calendar::{date_wita, parse_date};
use eptsp_core::lifecycle::Status;
use eptsp_core::office::{VolumeRow, office_days};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::AppState;
use crate::error::{ApiError, ApiResult, AppJson, AppQuery};
pub use eptsp_core::office::PeriodQuery;

/// Applications submitted in the period, per permit type: how many in each state, how
/// many late, and for the finished ones the office's working days against the SLA.
pub async fn volume(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<PeriodQuery>,
) -> ApiResult<AppJson<Vec<VolumeRow>>> {
    let today = state.clock.today_wita();
    let cal = crate::holidays::calendar(&state.db).await?;
    let day = |s: &Option<String>, d: time::Date| match s.as_deref().filter(|x| !x.is_empty()) {
        None => Ok(d),
        Some(x) => parse_date(x)
            .ok_or_else(|| ApiError::field("from", "date", "Tanggal ditulis YYYY-MM-DD")),
    };
    let from = day(&q.from, today.replace_day(1).unwrap_or(today))?;
    let to = day(&q.to, today)?;
    struct App {
        id: Uuid,
        permit_type_id: String,
        jenis_izin: String,
        sla_days: i32,
        status: String,
        sla_due: Option<time::Date>,
    }
    let apps = sqlx::query_as!(
        App,
        "SELECT a.id, a.permit_type_id, t.name AS jenis_izin, t.sla_days, a.status, a.sla_due
         FROM applications a JOIN permit_types t ON t.id = a.permit_type_id
         WHERE (a.submitted_at AT TIME ZONE 'Asia/Makassar')::date BETWEEN $1 AND $2
         ORDER BY t.sort, t.name",
        from,
        to
    )
    .fetch_all(&state.db)
    .await?;
    let finished: Vec<Uuid> = apps
        .iter()
        .filter(|a| a.status == "selesai")
        .map(|a| a.id)
        .collect();
    let log: Vec<(Uuid, String, OffsetDateTime)> = sqlx::query!(
        "SELECT application_id, status, at FROM tracking WHERE application_id = ANY($1) ORDER BY id",
        &finished
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|r| (r.application_id, r.status, r.at))
    .collect();
    let mut logs: BTreeMap<Uuid, Vec<(Status, time::Date)>> = BTreeMap::new();
    for (id, status, at) in log {
        if let Some(s) = Status::parse(&status) {
            let l = logs.entry(id).or_default();
            // A revocation note repeats "selesai": the first one ends the count.
            if l.last().is_some_and(|(last, _)| *last == Status::Selesai) {
                continue;
            }
            l.push((s, date_wita(at)));
        }
    }
    let mut rows: Vec<VolumeRow> = Vec::new();
    let mut days: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for a in &apps {
        if rows
            .last()
            .is_none_or(|r| r.permit_type_id != a.permit_type_id)
        {
            rows.push(VolumeRow {
                permit_type_id: a.permit_type_id.clone(),
                jenis_izin: a.jenis_izin.clone(),
                sla_days: a.sla_days,
                diajukan: 0,
                diproses: 0,
                perlu_perbaikan: 0,
                selesai: 0,
                ditolak: 0,
                terlambat: 0,
                rata_hari_kerja: None,
                tepat_waktu: 0,
            });
        }
        let r = rows.last_mut().expect("pushed above");
        match a.status.as_str() {
            "diajukan" => r.diajukan += 1,
            "verifikasi" | "disetujui" => r.diproses += 1,
            "perlu_perbaikan" => r.perlu_perbaikan += 1,
            "selesai" => r.selesai += 1,
            _ => r.ditolak += 1,
        }
        if a.sla_due.is_some_and(|d| d < today) {
            r.terlambat += 1;
        }
        if let Some(l) = logs.get(&a.id) {
            let until = l.last().map_or(today, |(_, d)| *d);
            let n = office_days(&cal, l, until);
            if n <= a.sla_days as u32 {
                r.tepat_waktu += 1;
            }
            days.entry(a.permit_type_id.clone()).or_default().push(n);
        }
    }
    for r in &mut rows {
        if let Some(d) = days.get(&r.permit_type_id).filter(|d| !d.is_empty()) {
            r.rata_hari_kerja = Some(d.iter().map(|x| f64::from(*x)).sum::<f64>() / d.len() as f64);
        }
    }
    Ok(AppJson(rows))
}
