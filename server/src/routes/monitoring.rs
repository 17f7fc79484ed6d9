//! Monitoring Izin: the status and tracking of an application by its resi, without login.
//! The resi's check character catches a typo before the database is asked. An answer is
//! kept in the instance's cache ([`crate::lookups`], forgotten as soon as PostgreSQL
//! announces a change), and what the cache answers costs nothing and counts nothing: the
//! throttle per client address guards the database, so every lookup that reaches it counts
//! (a mistyped or unknown resi, an application's first lookup or the first after a change).
//! Guessing resis therefore costs what it did; asking again for one's own does not.

use std::sync::Arc;

use axum::extract::State;
use eptsp_core::resi::Resi;
use eptsp_core::submission::{MonitoringView, TrackingEntry, mask_name, status_label};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::AppState;
use crate::auth::session::ClientAddr;
use crate::auth::throttle;
use crate::error::{ApiError, ApiResult, AppJson, AppPath};

fn rfc3339(t: OffsetDateTime) -> ApiResult<String> {
    Ok(t.format(&Rfc3339).map_err(anyhow::Error::from)?)
}

/// The throttle's scope: lookups per client address.
const SCOPE: &str = "monitoring_addr";

pub async fn by_resi(
    State(state): State<AppState>,
    client: ClientAddr,
    AppPath(resi): AppPath<String>,
) -> ApiResult<AppJson<MonitoringView>> {
    let (addr, limit) = (
        client.0.to_string(),
        state.config.limits.monitoring_per_address,
    );
    let resi = match Resi::parse(&resi) {
        Ok(resi) => resi,
        Err(e) => {
            // A mistyped resi counts against the address too, and never reaches the tables.
            throttle::hit(&state.db, SCOPE, &addr, limit).await?;
            return Err(ApiError::field("resi", "resi_invalid", &e.to_string()));
        }
    };
    let view = state
        .lookups
        .monitoring
        .get_or_read(resi.as_str().to_owned(), read(&state, &resi, &addr, limit))
        .await?;
    Ok(AppJson(MonitoringView::clone(&view)))
}

/// The application with resi `resi` and its whole tracking, read for an address that has
/// room in its window (and counted against it).
async fn read(
    state: &AppState,
    resi: &Resi,
    addr: &str,
    limit: crate::config::Limit,
) -> ApiResult<Arc<MonitoringView>> {
    // One statement: the throttle's decision (`throttle_take`) and the application with
    // its whole tracking (not even looked for when refused). A lookup any citizen can
    // make costs one round trip.
    let row = sqlx::query!(
        r#"SELECT t.taken, t.wait_secs, a.submitted_at AS "submitted_at?", u.nama AS "nama?",
                  p.name AS "name?", a.kind AS "kind?", a.status AS "status?",
                  array(SELECT r.status FROM tracking r WHERE r.application_id = a.id ORDER BY r.id)
                      AS "steps!",
                  array(SELECT r.note FROM tracking r WHERE r.application_id = a.id ORDER BY r.id)
                      AS "notes!",
                  array(SELECT r.at FROM tracking r WHERE r.application_id = a.id ORDER BY r.id)
                      AS "times!"
           FROM throttle_take($1, $2, $3, $4, false, 0) t
           LEFT JOIN applications a ON t.taken IS NOT NULL AND a.resi = $5
           LEFT JOIN users u ON u.id = a.user_id
           LEFT JOIN permit_types p ON p.id = a.permit_type_id"#,
        SCOPE,
        addr,
        limit.max,
        limit.window.as_secs_f64(),
        resi.as_str()
    )
    .fetch_one(&state.db)
    .await?;
    if row.taken.is_none() {
        return Err(throttle::refusal(row.wait_secs, limit));
    }
    let found = (row.submitted_at, row.nama, row.name, row.kind, row.status);
    let (Some(submitted_at), Some(nama), Some(jenis_izin), Some(kind), Some(status)) = found else {
        return Err(ApiError::Validation {
            code: "resi_unknown",
            message: "Nomor resi tidak ditemukan".to_owned(),
            fields: vec![eptsp_core::api::FieldError::custom(
                "resi",
                "resi_unknown",
                "Nomor resi tidak ditemukan",
            )],
        });
    };
    let timeline = row
        .steps
        .iter()
        .zip(row.notes)
        .zip(row.times)
        .map(|((step, note), at)| {
            Ok(TrackingEntry {
                status_label: status_label(step).to_owned(),
                status: crate::lifecycle::stored(step)?,
                note,
                at: rfc3339(at)?,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let keterangan = timeline.last().map(|t| t.note.clone()).unwrap_or_default();
    let catatan_penolakan = (status == "ditolak").then(|| keterangan.clone());
    let view = MonitoringView {
        resi: resi.to_string(),
        tanggal: rfc3339(submitted_at)?,
        nama_pemohon: mask_name(&nama),
        jenis_izin,
        jenis_permohonan: eptsp_core::catalogue::ApplicationKind::parse(&kind)
            .map(|k| k.label().to_owned())
            .unwrap_or(kind),
        status_label: status_label(&status).to_owned(),
        status: crate::lifecycle::stored(&status)?,
        keterangan,
        timeline,
        catatan_penolakan,
    };
    Ok(Arc::new(view))
}
