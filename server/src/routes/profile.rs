//! The signed-in user's own account: Edit Profile and Edit Password (guide section 3).

use axum::extract::State;
use eptsp_core::api::{
    ChangePasswordRequest, EmailCodeRequest, MessageResponse, Profile, UpdateProfileRequest,
    check_new_password,
};
use eptsp_core::{messages, validate};

use crate::AppState;
use crate::auth::codes::{self, Purpose};
use crate::auth::password;
use crate::auth::session::{self, AuthUser, ClientAddr};
use crate::error::{ApiError, ApiResult, AppJson};
use crate::{regions, users};

pub async fn get_profile(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<AppJson<Profile>> {
    let row = users::by_id(&state.db, user.user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(AppJson(row.into_profile(&state.db).await?))
}

/// The account's desktop secret, made at the first request (see `DesktopKey`). The
/// password is checked (and throttled) as at login.
pub async fn desktop_key(
    State(state): State<AppState>,
    user: AuthUser,
    AppJson(req): AppJson<eptsp_core::api::DesktopKeyRequest>,
) -> ApiResult<AppJson<eptsp_core::api::DesktopKey>> {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let limit = state.config.limits.login_failures_per_account;
    let current = users::by_id(&state.db, user.user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !crate::auth::check_password(
        &state.db,
        user.user_id,
        limit,
        req.password,
        current.password_hash,
    )
    .await?
    {
        return Err(ApiError::Unauthorized {
            code: "wrong_password",
            message: messages::LOGIN_WRONG_PASSWORD.to_owned(),
            field: Some("password"),
        });
    }
    let mut fresh = [0u8; 32];
    OsRng.fill_bytes(&mut fresh);
    // One statement: concurrent first requests agree on the same secret.
    let secret: Vec<u8> = sqlx::query_scalar(
        "UPDATE users SET desktop_key = COALESCE(desktop_key, $2) WHERE id = $1 RETURNING desktop_key",
    )
    .bind(user.user_id)
    .bind(fresh.as_slice())
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound)?;
    Ok(AppJson(eptsp_core::api::DesktopKey {
        key: secret.iter().map(|b| format!("{b:02x}")).collect(),
    }))
}

/// NIK and Nama are locked. A changed e-mail must carry the code sent to the new address.
pub async fn update_profile(
    State(state): State<AppState>,
    user: AuthUser,
    AppJson(req): AppJson<UpdateProfileRequest>,
) -> ApiResult<AppJson<Profile>> {
    let current = users::by_id(&state.db, user.user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let update = req.validate(&current.nik).map_err(ApiError::fields)?;
    if regions::resolve(&state.db, &update.wilayah)
        .await?
        .is_none()
    {
        return Err(ApiError::field(
            "kelurahan",
            "region",
            messages::REGION_UNKNOWN,
        ));
    }
    let mut tx = state.db.begin().await?;
    if update.email != current.email {
        if users::email_owner(&state.db, &update.email)
            .await?
            .is_some()
        {
            return Err(ApiError::Conflict {
                code: "email_taken",
                message: messages::email_taken(&update.email),
                field: "email",
            });
        }
        codes::require_email_code(
            &state.db,
            &mut tx,
            Purpose::ChangeEmail,
            &update.email,
            &req.email_code,
        )
        .await?;
    }
    if let Err(e) = users::update_profile(&mut *tx, user.user_id, &update).await {
        return Err(
            users::unique_violation(&e, &current.nik, &update.email).unwrap_or_else(|| e.into())
        );
    }
    tx.commit().await?;
    let row = users::by_id(&state.db, user.user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(AppJson(row.into_profile(&state.db).await?))
}

/// Code for a new e-mail address on Edit Profile.
pub async fn email_code(
    State(state): State<AppState>,
    user: AuthUser,
    client: ClientAddr,
    AppJson(req): AppJson<EmailCodeRequest>,
) -> ApiResult<AppJson<MessageResponse>> {
    let email = validate::email(&req.email)
        .map_err(|e| ApiError::field("email", e.code(), &e.message()))?;
    if users::email_owner(&state.db, &email).await?.is_some() {
        return Err(ApiError::Conflict {
            code: "email_taken",
            message: messages::email_taken(&email),
            field: "email",
        });
    }
    super::auth::send_code(
        &state,
        client,
        Purpose::ChangeEmail,
        &email,
        Some(user.user_id),
    )
    .await?;
    Ok(AppJson(MessageResponse::new(format!(
        "Kode verifikasi telah dikirim ke {email}"
    ))))
}

/// Edit Password: the old password is required; other sessions are signed out.
pub async fn change_password(
    State(state): State<AppState>,
    user: AuthUser,
    AppJson(req): AppJson<ChangePasswordRequest>,
) -> ApiResult<AppJson<MessageResponse>> {
    let limit = state.config.limits.login_failures_per_account;
    let current = users::by_id(&state.db, user.user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !crate::auth::check_password(
        &state.db,
        user.user_id,
        limit,
        req.old_password,
        current.password_hash,
    )
    .await?
    {
        return Err(ApiError::field(
            "old_password",
            "old_password_wrong",
            messages::OLD_PASSWORD_WRONG,
        ));
    }
    check_new_password(&req.new_password, &req.new_password_confirm).map_err(ApiError::fields)?;
    let hash = password::hash(req.new_password).await?;
    // One transaction: the new password and the end of the other sessions go together.
    let mut tx = state.db.begin().await?;
    users::set_password(&mut *tx, user.user_id, &hash).await?;
    session::revoke_all(&mut *tx, user.user_id, Some(user.session_id)).await?;
    tx.commit().await?;
    session::announce(
        &state,
        session::SessionEnd {
            user_id: user.user_id,
            session: None,
            except: Some(user.session_id),
        },
    )
    .await;
    Ok(AppJson(MessageResponse::new(messages::PASSWORD_CHANGED)))
}
