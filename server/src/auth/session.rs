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
    sqlx::query!(
        "INSERT INTO sessions (id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)",
        Uuid::new_v4(),
        user_id,
        super::sha256(&[token.as_bytes()]),
        expires_at,
    )
    .execute(db)
    .await?;
    Ok(NewSession { token, expires_at })
}

pub async fn revoke(db: &PgPool, session_id: Uuid) -> Result<(), ApiError> {
    sqlx::query!(
        "UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL",
        session_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Revokes every session of a user except `keep` (after a password change or reset).
pub async fn revoke_all(
    db: impl sqlx::PgExecutor<'_>,
    user_id: Uuid,
    keep: Option<Uuid>,
) -> Result<(), ApiError> {
    sqlx::query!(
        "UPDATE sessions SET revoked_at = now()
         WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2)",
        user_id,
        keep as Option<Uuid>,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A session, or all of a user's, ended (logout, a password change, blocking, a role
/// change): open WebSockets covered by it close at once.
#[derive(Debug, Clone, Copy)]
pub struct SessionEnd {
    pub user_id: Uuid,
    /// Only this session (a logout); none: every session of the user.
    pub session: Option<Uuid>,
    /// Every session but this one (the one that changed the password).
    pub except: Option<Uuid>,
}

impl SessionEnd {
    pub fn all_of(user_id: Uuid) -> Self {
        SessionEnd {
            user_id,
            session: None,
            except: None,
        }
    }

    pub fn covers(&self, user: &AuthUser) -> bool {
        self.user_id == user.user_id
            && self.session.is_none_or(|s| s == user.session_id)
            && self.except != Some(user.session_id)
    }
}

/// Tells every instance's open sockets that `end` happened: this instance's at once, the
/// others' through PostgreSQL's `NOTIFY` (each instance listens, see [`crate::push::listen`]); a socket
/// that misses both finds out at its next periodic check.
pub async fn announce(state: &AppState, end: SessionEnd) {
    let _ = state.sessions.send(end);
    let payload = serde_json::json!({
        "user": end.user_id,
        "session": end.session,
        "except": end.except,
        "from": state.instance,
    });
    if let Err(e) = sqlx::query("SELECT pg_notify('session_end', $1)")
        .bind(payload.to_string())
        .execute(&state.db)
        .await
    {
        tracing::warn!(error = %e, "other instances not told of a session's end");
    }
}

/// Forwards a session end another instance announced to this instance's sockets (the
/// listener is [`crate::push::listen`]).
pub fn forward_end(state: &AppState, payload: &str) {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(payload) else {
        return;
    };
    if v["from"] == serde_json::json!(state.instance) {
        return;
    }
    let id = |k: &str| v[k].as_str().and_then(|s| Uuid::parse_str(s).ok());
    if let Some(user_id) = id("user") {
        let _ = state.sessions.send(SessionEnd {
            user_id,
            session: id("session"),
            except: id("except"),
        });
    }
}

/// Whether `user`'s session still stands as it did when the socket opened: not revoked or
/// expired, the account not blocked, the role unchanged. `None`: the database could not
/// be asked (the caller keeps the socket and asks again later).
pub async fn still_valid(db: &PgPool, user: &AuthUser) -> Option<bool> {
    let row = sqlx::query!(
        "SELECT u.role, u.blocked_reason FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now()",
        user.session_id
    )
    .fetch_optional(db)
    .await;
    match row {
        Ok(Some(r)) => Some(r.blocked_reason.is_none() && Role::parse(&r.role) == Some(user.role)),
        Ok(None) => Some(false),
        Err(_) => None,
    }
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
    /// (The roles an endpoint admits are declared with it and checked before its
    /// handler runs; this is for a handler that admits fewer in some case.)
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::forbidden())
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
        // Found already by the endpoint's gate (`routes::mount`).
        if let Some(user) = parts.extensions.get::<AuthUser>() {
            return Ok(user.clone());
        }
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(expired)?;
        let row = sqlx::query!(
            r#"SELECT s.id AS "session_id", u.id AS "user_id", u.role, u.blocked_reason
               FROM sessions s JOIN users u ON u.id = s.user_id
               WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()"#,
            super::sha256(&[token.trim().as_bytes()])
        )
        .fetch_optional(&state.db)
        .await?
        .map(|r| (r.session_id, r.user_id, r.role, r.blocked_reason));
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
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([127, 0, 0, 1]), |c| c.0.ip());
        if !state.config.trust_forwarded_for {
            return Ok(ClientAddr(peer));
        }
        let hops: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        Ok(ClientAddr(client_of(
            peer,
            &hops,
            &state.config.trusted_proxies,
        )))
    }
}

/// The client behind a chain of proxies: the right-most address of `X-Forwarded-For` that
/// is not one of ours. Each proxy appends the address it was reached from, so entries to
/// the left of the first untrusted hop were written by the client and prove nothing. A
/// request that did not come through a trusted proxy is its own client.
pub fn client_of(peer: IpAddr, forwarded: &[&str], trusted: &[ipnet::IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let mut client = peer;
    for hop in forwarded.iter().rev() {
        let Ok(ip) = hop.trim().parse::<IpAddr>() else {
            // Garbage in the chain: what lies left of it cannot be trusted either.
            break;
        };
        client = ip;
        if !is_trusted(&ip) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::client_of;
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_client_is_the_right_most_hop_that_is_not_a_trusted_proxy() {
        let trusted: Vec<ipnet::IpNet> = vec![
            "127.0.0.1/32".parse().unwrap(),
            "10.0.0.0/8".parse().unwrap(),
        ];
        // The client forged a first entry; nginx appended the real peer.
        assert_eq!(
            client_of(ip("127.0.0.1"), &["6.6.6.6", "203.0.113.9"], &trusted),
            ip("203.0.113.9")
        );
        // Two of our proxies in a row.
        assert_eq!(
            client_of(
                ip("127.0.0.1"),
                &["1.1.1.1", "203.0.113.9", "10.1.2.3"],
                &trusted
            ),
            ip("203.0.113.9")
        );
        // Not through a proxy of ours: the header is the caller's word only.
        assert_eq!(
            client_of(ip("198.51.100.7"), &["203.0.113.9"], &trusted),
            ip("198.51.100.7")
        );
        // Garbage stops the walk at the last good hop.
        assert_eq!(
            client_of(ip("127.0.0.1"), &["203.0.113.9", "bukan-ip"], &trusted),
            ip("127.0.0.1")
        );
        // No header: the proxy itself.
        assert_eq!(client_of(ip("127.0.0.1"), &[], &trusted), ip("127.0.0.1"));
    }
}
