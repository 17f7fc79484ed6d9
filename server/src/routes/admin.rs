//! Office-side endpoints. For now: the user list for the admin, which also proves the
//! role checks.

use axum::extract::{Query, State};
use eptsp_core::Role;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::{ApiResult, AppJson};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct UserQuery {
    /// Part of a name, NIK or e-mail.
    pub q: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UserSummary {
    pub id: String,
    pub nik: String,
    pub nama: String,
    pub email: String,
    pub role: Role,
    pub blocked: bool,
}

#[utoipa::path(get, path = "/api/v1/admin/users", tag = "admin", security(("bearer" = [])), params(UserQuery),
    responses((status = 200, body = Vec<UserSummary>), (status = 403, body = eptsp_core::api::ApiErrorBody)))]
pub async fn list_users(
    State(state): State<AppState>,
    user: AuthUser,
    Query(q): Query<UserQuery>,
) -> ApiResult<AppJson<Vec<UserSummary>>> {
    user.require(&[Role::Admin])?;
    let pattern = format!("%{}%", q.q.unwrap_or_default().trim());
    let rows: Vec<(uuid::Uuid, String, String, String, String, bool)> = sqlx::query_as(
        "SELECT id, nik, nama, email, role, blocked_reason IS NOT NULL FROM users
         WHERE nama ILIKE $1 OR nik LIKE $1 OR email ILIKE $1 ORDER BY nama LIMIT 200",
    )
    .bind(pattern)
    .fetch_all(&state.db)
    .await?;
    Ok(AppJson(
        rows.into_iter()
            .filter_map(|(id, nik, nama, email, role, blocked)| {
                Some(UserSummary {
                    id: id.to_string(),
                    nik,
                    nama,
                    email,
                    role: Role::parse(&role)?,
                    blocked,
                })
            })
            .collect(),
    ))
}
