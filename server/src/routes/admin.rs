//! The admin's user management: the list, roles, and blocking an account with a reason
//! (the user reads it when logging in). Every change is in the audit log.

use axum::extract::State;

use crate::auth::session::{self, AuthUser, SessionEnd};
use crate::error::{ApiError, ApiResult, AppJson, AppPath, AppQuery};
use crate::{AppState, users};
pub use eptsp_core::office::BlockRequest;
pub use eptsp_core::office::RoleRequest;
pub use eptsp_core::office::UserQuery;

pub use eptsp_core::office::UserSummary;

pub async fn list_users(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<UserQuery>,
) -> ApiResult<AppJson<Vec<UserSummary>>> {
    let part = q.q.unwrap_or_default();
    Ok(AppJson(users::search(&state.db, part.trim()).await?))
}

fn target(id: &str, admin: &AuthUser) -> ApiResult<uuid::Uuid> {
    let id = uuid::Uuid::parse_str(id).map_err(|_| ApiError::NotFound)?;
    if id == admin.user_id {
        return Err(ApiError::Conflict {
            code: "self",
            message: "Admin tidak dapat memblokir atau mengubah peran akunnya sendiri".to_owned(),
            field: "id",
        });
    }
    Ok(id)
}

async fn summary(state: &AppState, id: uuid::Uuid) -> ApiResult<UserSummary> {
    users::summary(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// Blocks an account with a reason: its sessions end, and logging in shows the reason.
pub async fn block(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
    crate::error::AppJson(req): crate::error::AppJson<BlockRequest>,
) -> ApiResult<AppJson<UserSummary>> {
    let id = target(&id, &user)?;
    let reason = req.reason.trim();
    if reason.is_empty() {
        return Err(ApiError::field(
            "reason",
            "required",
            "Alasan pemblokiran wajib diisi",
        ));
    }
    let mut tx = state.db.begin().await?;
    if !users::set_blocked(&mut *tx, id, Some(reason)).await? {
        return Err(ApiError::NotFound);
    }
    session::revoke_all(&mut *tx, id, None).await?;
    crate::lifecycle::audit(
        &mut tx,
        user.user_id,
        "blokir_akun",
        None,
        serde_json::json!({ "user": id, "reason": reason }),
    )
    .await?;
    tx.commit().await?;
    session::announce(&state, SessionEnd::all_of(id)).await;
    Ok(AppJson(summary(&state, id).await?))
}

pub async fn unblock(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
) -> ApiResult<AppJson<UserSummary>> {
    let id = target(&id, &user)?;
    let mut tx = state.db.begin().await?;
    if !users::set_blocked(&mut *tx, id, None).await? {
        return Err(ApiError::NotFound);
    }
    crate::lifecycle::audit(
        &mut tx,
        user.user_id,
        "buka_blokir_akun",
        None,
        serde_json::json!({ "user": id }),
    )
    .await?;
    tx.commit().await?;
    Ok(AppJson(summary(&state, id).await?))
}

/// Changes an account's role (effective on its next request).
pub async fn set_role(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
    crate::error::AppJson(req): crate::error::AppJson<RoleRequest>,
) -> ApiResult<AppJson<UserSummary>> {
    let id = target(&id, &user)?;
    let mut tx = state.db.begin().await?;
    if !users::set_role(&mut *tx, id, req.role).await? {
        return Err(ApiError::NotFound);
    }
    crate::lifecycle::audit(
        &mut tx,
        user.user_id,
        "ubah_peran",
        None,
        serde_json::json!({ "user": id, "role": req.role.as_str() }),
    )
    .await?;
    tx.commit().await?;
    // The sessions stay; what a socket was allowed to see under the old role does not.
    session::announce(&state, SessionEnd::all_of(id)).await;
    Ok(AppJson(summary(&state, id).await?))
}
