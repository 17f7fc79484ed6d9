//! The permits issued to an applicant, each with its state (active, expired, revoked),
//! which the public verification reads the same way.

use axum::extract::State;
use eptsp_core::izin::SignedIzin;
use eptsp_core::office::{PermitState, PermitView};

use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::{ApiResult, AppJson};

/// The permits issued to the caller (Izin Aktif / Izin Kadaluarsa), as signed.
pub async fn permits(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<AppJson<Vec<PermitView>>> {
    let rows: Vec<(String, String, Option<time::Date>, bool)> = sqlx::query!(
        r#"SELECT p.content, p.signature, p.valid_until, p.revoked_at IS NOT NULL AS "revoked!"
           FROM permits p JOIN applications a ON a.id = p.application_id
           WHERE a.user_id = $1 ORDER BY p.issued_on DESC, p.nomor DESC"#,
        user.user_id
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|r| (r.content, r.signature, r.valid_until, r.revoked))
    .collect();
    let today = state.clock.today_wita();
    rows.into_iter()
        .map(|(content, signature, valid_until, revoked)| {
            Ok(PermitView {
                izin: SignedIzin {
                    content: serde_json::from_str(&content).map_err(anyhow::Error::from)?,
                    signature,
                },
                state: permit_state(valid_until, revoked, today),
            })
        })
        .collect::<ApiResult<Vec<_>>>()
        .map(AppJson)
}

pub fn permit_state(
    valid_until: Option<time::Date>,
    revoked: bool,
    today: time::Date,
) -> PermitState {
    if revoked {
        PermitState::Dicabut
    } else if valid_until.is_some_and(|d| d < today) {
        PermitState::Kadaluarsa
    } else {
        PermitState::Aktif
    }
}
