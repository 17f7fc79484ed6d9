//! Monitoring Izin: the status and tracking of an application by its resi, without login.
//! The resi's check character catches a typo before the database is asked; lookups are
//! throttled per client address.

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

pub async fn by_resi(
    State(state): State<AppState>,
    client: ClientAddr,
    AppPath(resi): AppPath<String>,
) -> ApiResult<AppJson<MonitoringView>> {
    throttle::hit(
        &state.db,
        "monitoring_addr",
        &client.0.to_string(),
        state.config.limits.monitoring_per_address,
    )
    .await?;
    let resi =
        Resi::parse(&resi).map_err(|e| ApiError::field("resi", "resi_invalid", &e.to_string()))?;
    // One query: the application with its whole tracking (a lookup any citizen can make
    // is kept cheap: this and the throttle's one statement).
    let row = sqlx::query!(
        r#"SELECT a.submitted_at, u.nama, p.name, a.kind, a.status,
                  array(SELECT t.status FROM tracking t WHERE t.application_id = a.id ORDER BY t.id)
                      AS "steps!",
                  array(SELECT t.note FROM tracking t WHERE t.application_id = a.id ORDER BY t.id)
                      AS "notes!",
                  array(SELECT t.at FROM tracking t WHERE t.application_id = a.id ORDER BY t.id)
                      AS "times!"
           FROM applications a JOIN users u ON u.id = a.user_id
           JOIN permit_types p ON p.id = a.permit_type_id
           WHERE a.resi = $1"#,
        resi.as_str()
    )
    .fetch_optional(&state.db)
    .await?;
    let Some(row) = row else {
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
    let (submitted_at, nama, jenis_izin, kind, status) =
        (row.submitted_at, row.nama, row.name, row.kind, row.status);
    let keterangan = timeline.last().map(|t| t.note.clone()).unwrap_or_default();
    let catatan_penolakan = (status == "ditolak").then(|| keterangan.clone());
    Ok(AppJson(MonitoringView {
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
    }))
}
