//! Sessions as opaque bearer tokens: 32 random bytes given to the client once, only their
//! SHA-256 kept, with an expiry and revocation. `AuthUser` is the extractor every
//! protected handler takes; it then names the roles it admits.

use std::net::{IpAddr, SocketAddr};

use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use eptsp_core::{Role, messages};
use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::AppState;
use crate::error::ApiError;

pub struct NewSession {
    pub token: String,
    pub expires_at: OffsetDateTime,
}

pub async fn create(
    db: &PgPool,
    user_id: Uuid,
    ttl: std::time::Duration,
) -> Result<NewSession, ApiError> {
    let mut raw = [0u8; 32];
    OsRng.fill_bytes(&mut raw);
    let token = URL_SAFE_NO_PAD.encode(raw);
    let expires_at = OffsetDateTime::now_utc() + ttl;
    sqlx::query(
        "INSERT INTO sessions (id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(Uuid::new_v4())
    .bind(user_id)
    .bind(super::sha256(&[token.as_bytes()]))
    .bind(expires_at)
    .execute(db)
    .await?;
    Ok(NewSession { token, expires_at })
}

pub async fn revoke(db: &PgPool, session_id: Uuid) -> Result<(), ApiError> {
    sqlx::query("UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL")
        .bind(session_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Revokes every session of a user except `keep` (after a password change or reset).
pub async fn revoke_all(db: &PgPool, user_id: Uuid, keep: Option<Uuid>) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE sessions SET revoked_at = now()
         WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2)",
    )
    .bind(user_id)
    .bind(keep)
    .execute(db)
    .await?;
    Ok(())
}

/// The caller of a protected endpoint.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub user_id: Uuid,
    pub session_id: Uuid,
    pub role: Role,
}

impl AuthUser {
    /// Refuses with 403 unless the caller has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::Forbidden {
                code: "forbidden",
                message: messages::FORBIDDEN.to_owned(),
            })
        }
    }
}

fn expired() -> ApiError {
    ApiError::Unauthorized {
        code: "session_expired",
        message: messages::SESSION_EXPIRED.to_owned(),
        field: None,
    }
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(expired)?;
        let row: Option<(Uuid, Uuid, String, Option<String>)> = sqlx::query_as(
            "SELECT s.id, u.id, u.role, u.blocked_reason FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()",
        )
        .bind(super::sha256(&[token.trim().as_bytes()]))
        .fetch_optional(&state.db)
        .await?;
        let (session_id, user_id, role, blocked) = row.ok_or_else(expired)?;
        if let Some(reason) = blocked {
            return Err(ApiError::Forbidden {
                code: "account_blocked",
                message: format!("{}: {reason}", messages::ACCOUNT_BLOCKED),
            });
        }
        let role =
            Role::parse(&role).ok_or_else(|| anyhow::anyhow!("unknown role {role} in database"))?;
        Ok(AuthUser {
            user_id,
            session_id,
            role,
        })
    }
}

/// The client's address, for per-address throttling.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if state.config.trust_forwarded_for {
            let forwarded = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse().ok());
            if let Some(ip) = forwarded {
                return Ok(ClientAddr(ip));
            }
        }
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::from([127, 0, 0, 1]));
        Ok(ClientAddr(ip))
    }
}
