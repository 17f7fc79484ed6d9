//! The feed of tracking changes an applicant's desktop pulls to stay in step, paged by
//! commit position.

use axum::extract::State;
use eptsp_core::resi::Resi;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use super::ChangesQuery;
use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::{ApiResult, AppJson, AppQuery};

/// The tracking entries of the caller's applications after `since`, oldest first, at most
/// 500 at a time.
pub async fn changes(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(q): AppQuery<ChangesQuery>,
) -> ApiResult<AppJson<eptsp_core::submission::Changes>> {
    // Paged by the position given at commit (migration 0012), never by the id: a cursor
    // cannot pass a change still being written.
    let rows: Vec<(i64, i64, Uuid, String, String, String, OffsetDateTime)> = sqlx::query!(
        r#"SELECT t.pos AS "pos!", t.id, a.id AS "application_id", a.resi, t.status, t.note, t.at
           FROM tracking t JOIN applications a ON a.id = t.application_id
           WHERE a.user_id = $1 AND t.pos > $2 ORDER BY t.pos LIMIT 500"#,
        user.user_id,
        q.since
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|r| {
        (
            r.pos,
            r.id,
            r.application_id,
            r.resi,
            r.status,
            r.note,
            r.at,
        )
    })
    .collect();
    let cursor = rows.last().map_or(q.since, |r| r.0);
    let changes = rows
        .into_iter()
        .map(|(_, seq, id, resi, status, note, at)| {
            Ok(eptsp_core::submission::Change {
                seq,
                application_id: id.to_string(),
                resi: Resi::parse(&resi)
                    .map_err(|e| anyhow::anyhow!("{e}"))?
                    .to_string(),
                status: crate::lifecycle::stored(&status)?,
                note,
                at: at.format(&Rfc3339).map_err(anyhow::Error::from)?,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(AppJson(eptsp_core::submission::Changes { changes, cursor }))
}
