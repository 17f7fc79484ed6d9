//! Public account endpoints: e-mail code, registration, login, logout, forgotten password.
//! Messages follow the guide's section 2.3 word for word.

use axum::extract::State;
use eptsp_core::Role;
use eptsp_core::api::{
    EmailCodeRequest, ForgotPasswordRequest, LoginRequest, LoginResponse, MessageResponse,
    RegisterRequest, ResetPasswordRequest, check_new_password,
};
use eptsp_core::{messages, validate};
use time::format_description::well_known::Rfc3339;

use crate::AppState;
use crate::auth::codes::{self, Purpose};
use crate::auth::session::{self, AuthUser, ClientAddr};
use crate::auth::{password, throttle};
use crate::error::{ApiError, ApiResult, AppJson};
use crate::{regions, users};

pub(crate) async fn login_response(
    state: &AppState,
    user: users::UserRow,
) -> ApiResult<LoginResponse> {
    let s = session::create(&state.db, user.id, state.config.session_ttl).await?;
    Ok(LoginResponse {
        token: s.token,
        expires_at: s.expires_at.format(&Rfc3339).map_err(anyhow::Error::from)?,
        profile: user.into_profile(&state.db).await?,
    })
}

/// Sends a code to `email` for `purpose`, throttled per address and per client.
pub(crate) async fn send_code(
    state: &AppState,
    client: ClientAddr,
    purpose: Purpose,
    email: &str,
    user_id: Option<uuid::Uuid>,
) -> ApiResult<()> {
    let limits = state.config.limits;
    let per_email = throttle::hit(&state.db, "code_email", email, limits.codes_per_email).await?;
    if let Err(e) = throttle::hit(
        &state.db,
        "code_addr",
        &client.0.to_string(),
        limits.codes_per_address,
    )
    .await
    {
        // No code leaves: the address's limit must not use up the e-mail's.
        per_email.release(&state.db).await?;
        return Err(e);
    }
    let code = codes::issue(&state.db, purpose, email, user_id, state.config.code_ttl).await?;
    let minutes = state.config.code_ttl.as_secs() / 60;
    let (subject, body) = match purpose {
        Purpose::ResetPassword => (
            "PIN Reset Password E-PTSP Prov. Kaltim",
            format!(
                "Yth. Pemohon,\n\nPIN untuk mengatur ulang password akun E-PTSP Anda: {code}\n\n\
                 PIN berlaku {minutes} menit dan hanya dapat digunakan sekali.\n\
                 Jika Anda tidak meminta reset password, abaikan email ini.\n\n\
                 DPMPTSP Provinsi Kalimantan Timur\n"
            ),
        ),
        Purpose::Register | Purpose::ChangeEmail => (
            "Kode Verifikasi Email E-PTSP Prov. Kaltim",
            format!(
                "Yth. Pemohon,\n\nKode verifikasi email Anda: {code}\n\n\
                 Masukkan kode ini pada kolom \"Kode dari Email\". Kode berlaku {minutes} menit.\n\n\
                 DPMPTSP Provinsi Kalimantan Timur\n"
            ),
        ),
    };
    crate::mail::enqueue(state, email, subject, &body).await?;
    Ok(())
}

/// "Generate Code": e-mail a verification code before registering.
pub async fn email_code(
    State(state): State<AppState>,
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
    send_code(&state, client, Purpose::Register, &email, None).await?;
    Ok(AppJson(MessageResponse::new(format!(
        "Kode verifikasi telah dikirim ke {email}"
    ))))
}

/// Pendaftaran Akun. On success the applicant is logged in (the guide sends them to the
/// dashboard).
pub async fn register(
    State(state): State<AppState>,
    client: ClientAddr,
    AppJson(req): AppJson<RegisterRequest>,
) -> ApiResult<AppJson<LoginResponse>> {
    throttle::hit(
        &state.db,
        "register_addr",
        &client.0.to_string(),
        state.config.limits.register_per_address,
    )
    .await?;
    // The guide's summary for a form with errors; each field carries its own message.
    let reg = req.validate().map_err(|fields| ApiError::Validation {
        code: "validation",
        message: messages::REGISTER_FAILED.to_owned(),
        fields,
    })?;
    if users::nik_exists(&state.db, &reg.nik).await? {
        return Err(ApiError::Conflict {
            code: "nik_taken",
            message: messages::nik_taken(&reg.nik),
            field: "nik",
        });
    }
    if users::email_owner(&state.db, &reg.email).await?.is_some() {
        return Err(ApiError::Conflict {
            code: "email_taken",
            message: messages::email_taken(&reg.email),
            field: "email",
        });
    }
    if regions::resolve(&state.db, &reg.wilayah).await?.is_none() {
        return Err(ApiError::field(
            "kelurahan",
            "region",
            messages::REGION_UNKNOWN,
        ));
    }
    let hash = password::hash(req.password.clone()).await?;
    let mut tx = state.db.begin().await?;
    codes::require_email_code(
        &state.db,
        &mut tx,
        Purpose::Register,
        &reg.email,
        &req.email_code,
    )
    .await?;
    let id = match users::insert(&mut *tx, &reg, &hash, Role::Pemohon).await {
        Ok(id) => id,
        Err(e) => {
            return Err(
                users::unique_violation(&e, &reg.nik, &reg.email).unwrap_or_else(|| e.into())
            );
        }
    };
    tx.commit().await?;
    tracing::info!(user = %id, "account registered");
    let user = users::by_id(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(AppJson(login_response(&state, user).await?))
}

/// Login with NIK or e-mail. Failures are counted per account and per client address; a
/// locked account is told how long to wait.
pub async fn login(
    State(state): State<AppState>,
    client: ClientAddr,
    AppJson(req): AppJson<LoginRequest>,
) -> ApiResult<AppJson<LoginResponse>> {
    let limits = state.config.limits;
    let addr = client.0.to_string();
    // Every attempt takes a place in the address's window before anything is checked, and
    // gives it back when it succeeds: concurrent guesses get no more than the limit.
    let by_addr = throttle::attempt(
        &state.db,
        "login_addr",
        &addr,
        limits.login_failures_per_address,
    )
    .await?;
    let user = match users::by_login(&state.db, &req.login).await {
        Ok(Some(user)) => user,
        Ok(None) => {
            by_addr.failed(&state.db).await?;
            return Err(ApiError::Unauthorized {
                code: "login_unknown",
                message: messages::LOGIN_UNKNOWN.to_owned(),
                field: Some("login"),
            });
        }
        Err(e) => return Err(e),
    };
    // Counted per account (its id), whether the NIK or the e-mail was typed.
    let account_key = user.id.to_string();
    let by_account = match throttle::attempt(
        &state.db,
        throttle::PASSWORD_SCOPE,
        &account_key,
        limits.login_failures_per_account,
    )
    .await
    {
        Ok(a) => a,
        Err(e) => {
            // No password was checked: the address's place is given back.
            by_addr.succeeded(&state.db).await?;
            return Err(e);
        }
    };
    let right = match password::verify(req.password, user.password_hash.clone()).await {
        Ok(right) => right,
        Err(e) => {
            // Not checked (the workers are busy): neither place counts.
            by_addr.succeeded(&state.db).await?;
            by_account.succeeded(&state.db).await?;
            return Err(e);
        }
    };
    if !right {
        by_addr.failed(&state.db).await?;
        by_account.failed(&state.db).await?;
        return Err(ApiError::Unauthorized {
            code: "wrong_password",
            message: messages::LOGIN_WRONG_PASSWORD.to_owned(),
            field: Some("password"),
        });
    }
    by_addr.succeeded(&state.db).await?;
    by_account.succeeded(&state.db).await?;
    throttle::clear(&state.db, throttle::PASSWORD_SCOPE, &account_key).await?;
    if let Some(reason) = &user.blocked_reason {
        return Err(ApiError::Forbidden {
            code: "account_blocked",
            message: format!("{}: {reason}", messages::ACCOUNT_BLOCKED),
        });
    }
    Ok(AppJson(login_response(&state, user).await?))
}

/// Revokes the caller's session.
pub async fn logout(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<AppJson<MessageResponse>> {
    session::revoke(&state.db, user.session_id).await?;
    session::announce(
        &state,
        session::SessionEnd {
            user_id: user.user_id,
            session: Some(user.session_id),
            except: None,
        },
    )
    .await;
    Ok(AppJson(MessageResponse::new("Anda telah keluar")))
}

/// Lupa Password, step 1: NIK or NPWP, phone and e-mail must all match one account; a PIN
/// is e-mailed.
pub async fn forgot_password(
    State(state): State<AppState>,
    client: ClientAddr,
    AppJson(req): AppJson<ForgotPasswordRequest>,
) -> ApiResult<AppJson<MessageResponse>> {
    let limits = state.config.limits;
    throttle::hit(
        &state.db,
        "pin_addr",
        &client.0.to_string(),
        limits.pin_per_address,
    )
    .await?;
    let mismatch = || ApiError::field("identitas", "forgot_mismatch", messages::FORGOT_MISMATCH);
    let identitas: String = req.identitas.chars().filter(char::is_ascii_digit).collect();
    let (Ok(phone), Ok(email)) = (validate::phone(&req.no_hp), validate::email(&req.email)) else {
        return Err(mismatch());
    };
    let user: Option<(uuid::Uuid,)> = sqlx::query_as(
        "SELECT id FROM users WHERE (nik = $1 OR npwp = $1) AND no_hp = $2 AND email = $3",
    )
    .bind(&identitas)
    .bind(&phone)
    .bind(&email)
    .fetch_optional(&state.db)
    .await?;
    let Some((user_id,)) = user else {
        return Err(mismatch());
    };
    let per_account = throttle::hit(
        &state.db,
        "pin_account",
        &user_id.to_string(),
        limits.pin_per_account,
    )
    .await?;
    if let Err(e) = send_code(
        &state,
        client,
        Purpose::ResetPassword,
        &email,
        Some(user_id),
    )
    .await
    {
        // No PIN left: the account's count is given back.
        per_account.release(&state.db).await?;
        return Err(e);
    }
    Ok(AppJson(MessageResponse::new(format!(
        "PIN telah dikirim ke {email}. Jangan tutup halaman ini."
    ))))
}

/// Lupa Password, step 2: PIN and the new password twice. Every session of the account is
/// revoked.
pub async fn reset_password(
    State(state): State<AppState>,
    client: ClientAddr,
    AppJson(req): AppJson<ResetPasswordRequest>,
) -> ApiResult<AppJson<MessageResponse>> {
    throttle::hit(
        &state.db,
        "pin_addr",
        &client.0.to_string(),
        state.config.limits.pin_per_address,
    )
    .await?;
    check_new_password(&req.new_password, &req.new_password_confirm).map_err(ApiError::fields)?;
    let email = validate::email(&req.email).unwrap_or_default();
    let hash = password::hash(req.new_password.clone()).await?;
    let mut tx = state.db.begin().await?;
    let Some(Some(user_id)) =
        codes::consume(&state.db, &mut tx, Purpose::ResetPassword, &email, &req.pin).await?
    else {
        return Err(ApiError::field("pin", "pin_wrong", messages::PIN_WRONG));
    };
    users::set_password(&mut *tx, user_id, &hash).await?;
    session::revoke_all(&mut *tx, user_id, None).await?;
    tx.commit().await?;
    session::announce(&state, session::SessionEnd::all_of(user_id)).await;
    Ok(AppJson(MessageResponse::new(messages::PASSWORD_CHANGED)))
}
