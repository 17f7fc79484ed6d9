//! The admin's user management: the list, roles, and blocking an account with a reason
//! (the user reads it when logging in). Every change is in the audit log.

use axum::extract::State;
use eptsp_core::Role;

use crate::AppState;
use crate::auth::session::{self, AuthUser, SessionEnd};
use crate::error::{ApiError, ApiResult, AppJson, AppPath, AppQuery};
pub use eptsp_core::office::BlockRequest;
pub use eptsp_core::office::RoleRequest;
pub use eptsp_core::office::UserQuery;

pub use eptsp_core::office::UserSummary;

pub async fn list_users(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<UserQuery>,
) -> ApiResult<AppJson<Vec<UserSummary>>> {
    let pattern = format!("%{}%", q.q.unwrap_or_default().trim());
    let rows: Vec<(uuid::Uuid, String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, nik, nama, email, role, blocked_reason FROM users
         WHERE nama ILIKE $1 OR nik LIKE $1 OR email ILIKE $1 ORDER BY nama LIMIT 200",
    )
    .bind(pattern)
    .fetch_all(&state.db)
    .await?;
    Ok(AppJson(
        rows.into_iter()
            .filter_map(|(id, nik, nama, email, role, blocked_reason)| {
                Some(UserSummary {
                    id: id.to_string(),
                    nik,
                    nama,
                    email,
                    role: Role::parse(&role)?,
                    blocked: blocked_reason.is_some(),
                    blocked_reason,
                })
            })
            .collect(),
    ))
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
    let (nik, nama, email, role, blocked_reason): (String, String, String, String, Option<String>) =
        sqlx::query_as("SELECT nik, nama, email, role, blocked_reason FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&state.db)
            .await?
            .ok_or(ApiError::NotFound)?;
    Ok(UserSummary {
        id: id.to_string(),
        nik,
        nama,
        email,
        role: Role::parse(&role).ok_or_else(|| anyhow::anyhow!("role {role}"))?,
        blocked: blocked_reason.is_some(),
        blocked_reason,
    })
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
    let r = sqlx::query("UPDATE users SET blocked_reason = $2, updated_at = now() WHERE id = $1")
        .bind(id)
        .bind(reason)
        .execute(&mut *tx)
        .await?;
    if r.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    sqlx::query("UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(id)
        .execute(&mut *tx)
        .await?;
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
    let r = sqlx::query("UPDATE users SET blocked_reason = NULL, updated_at = now() WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if r.rows_affected() == 0 {
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
    let r = sqlx::query("UPDATE users SET role = $2, updated_at = now() WHERE id = $1")
        .bind(id)
        .bind(req.role.as_str())
        .execute(&mut *tx)
        .await?;
    if r.rows_affected() == 0 {
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
