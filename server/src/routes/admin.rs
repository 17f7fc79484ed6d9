//! The admin's user management: the list, roles, and blocking an account with a reason
//! (the user reads it when logging in). Every change is in the audit log.

use axum::extract::State;
use eptsp_core::Role;
use serde::Deserialize;

use crate::AppState;
use crate::auth::session::{self, AuthUser, SessionEnd};
use crate::error::{ApiError, ApiResult, AppJson, AppPath, AppQuery};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct UserQuery {
    /// Part of a name, NIK or e-mail.
    pub q: Option<String>,
}

pub use eptsp_core::office::UserSummary;

#[utoipa::path(get, path = "/api/v1/admin/users", tag = "admin", security(("bearer" = [])), params(UserQuery),
    responses((status = 200, body = Vec<UserSummary>), (status = 403, body = eptsp_core::api::ApiErrorBody)))]
pub async fn list_users(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(q): AppQuery<UserQuery>,
) -> ApiResult<AppJson<Vec<UserSummary>>> {
    user.require(&[Role::Admin])?;
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

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlockRequest {
    pub reason: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleRequest {
    pub role: Role,
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
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/block", tag = "admin", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = BlockRequest, responses((status = 200, body = UserSummary), (status = 403), (status = 404)))]
pub async fn block(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
    crate::error::AppJson(req): crate::error::AppJson<BlockRequest>,
) -> ApiResult<AppJson<UserSummary>> {
    user.require(&[Role::Admin])?;
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

#[utoipa::path(post, path = "/api/v1/admin/users/{id}/unblock", tag = "admin", security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 200, body = UserSummary), (status = 403), (status = 404)))]
pub async fn unblock(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
) -> ApiResult<AppJson<UserSummary>> {
    user.require(&[Role::Admin])?;
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
#[utoipa::path(put, path = "/api/v1/admin/users/{id}/role", tag = "admin", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = RoleRequest, responses((status = 200, body = UserSummary), (status = 403), (status = 404)))]
pub async fn set_role(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
    crate::error::AppJson(req): crate::error::AppJson<RoleRequest>,
) -> ApiResult<AppJson<UserSummary>> {
    user.require(&[Role::Admin])?;
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
