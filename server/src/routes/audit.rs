//! The admin's reading of the audit log: a page at a time, or every matching row as CSV
//! (the export is itself audited).

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use eptsp_core::audit::{
    AUDIT_CSV_HEADER, AUDIT_CSV_MAX_ROWS, AuditPage, AuditQuery, audit_csv_record,
};

use crate::AppState;
use crate::audit::{self, Filter};
use crate::auth::session::AuthUser;
use crate::error::{ApiResult, AppJson, AppQuery};

pub async fn list(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<AuditQuery>,
) -> ApiResult<AppJson<AuditPage>> {
    let f = Filter::new(&q)?;
    Ok(AppJson(
        audit::page(&state.db, &f, q.page.unwrap_or(1)).await?,
    ))
}

/// Every row that matches (the newest [`AUDIT_CSV_MAX_ROWS`]), as CSV with `;` between
/// cells, as the IKM export and spreadsheets set to Indonesian read it.
pub async fn csv(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(q): AppQuery<AuditQuery>,
) -> ApiResult<impl IntoResponse> {
    let f = Filter::new(&q)?;
    let rows = audit::rows(&state.db, &f, 0, AUDIT_CSV_MAX_ROWS).await?;
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    out.write_record(AUDIT_CSV_HEADER)
        .map_err(anyhow::Error::from)?;
    for r in &rows {
        out.write_record(audit_csv_record(r))
            .map_err(anyhow::Error::from)?;
    }
    let body = out.into_inner().map_err(anyhow::Error::from)?;
    audit::record(
        &state.db,
        user.user_id,
        "unduh_log_audit",
        None,
        serde_json::json!({ "filter": q, "rows": rows.len() }),
    )
    .await?;
    let day = state.clock.today_wita();
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"log-audit-{}.csv\"",
                    eptsp_core::calendar::format_date(day)
                ),
            ),
        ],
        body,
    ))
}
