//! The router: every endpoint under `/api/v1`, the OpenAPI document generated from the
//! handlers' annotations, a body limit and request tracing.

pub mod admin;
pub mod applications;
pub mod auth;
pub mod catalogue;
pub mod catalogue_admin;
pub mod chat;
pub mod complaints;
pub mod inbox;
pub mod monitoring;
pub mod office;
pub mod profile;
pub mod regions;
pub mod reports;
pub mod survey;
pub mod uploads;
pub mod verify;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::AppState;
use crate::error::{ApiError, ApiResult, AppJson};

/// Account forms are small; anything bigger is refused before it is parsed.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    pub status: &'static str,
    pub version: &'static str,
}

/// Liveness: the process answers. Says nothing of the parts it needs (see `/health/ready`).
#[utoipa::path(get, path = "/api/v1/health", tag = "meta", responses((status = 200, body = Health)))]
pub async fn health() -> AppJson<Health> {
    AppJson(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// Readiness: the database answers within a second. A load balancer sends no requests to
/// an instance that is not ready; it becomes ready again by itself.
#[utoipa::path(get, path = "/api/v1/health/ready", tag = "meta",
    responses((status = 200, body = Health), (status = 503, body = eptsp_core::api::ApiErrorBody)))]
pub async fn ready(State(state): State<AppState>) -> ApiResult<AppJson<Health>> {
    let ping = sqlx::query_scalar::<_, i32>("SELECT 1").fetch_one(&state.db);
    match tokio::time::timeout(std::time::Duration::from_secs(1), ping).await {
        Ok(Ok(_)) => Ok(AppJson(Health {
            status: "ready",
            version: env!("CARGO_PKG_VERSION"),
        })),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "not ready: the database does not answer");
            Err(ApiError::database_down())
        }
        Err(_) => Err(ApiError::database_down()),
    }
}

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Adds to every operation the answers it can give besides its own: 503 (a part it needs
/// is down or saturated) and 422 (a NUL in the path or the query) for all; 404 where the
/// path names something; 401 and 403 where a session is needed; 400, 413 and 422 where a
/// body is read; 429 where a limit counts; 507 where bytes are stored. Declared once here instead of on every handler, so
/// the document lists what each route can answer (schemathesis checks it).
struct CommonAnswers;

impl utoipa::Modify for CommonAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::schema::Ref;
        use utoipa::openapi::{ContentBuilder, RefOr, ResponseBuilder};
        let error = |description: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("ApiErrorBody")))
                            .build(),
                    )
                    .build(),
            )
        };
        const THROTTLED: [&str; 10] = [
            "/api/v1/auth/email-code",
            "/api/v1/auth/register",
            "/api/v1/auth/login",
            "/api/v1/auth/forgot-password",
            "/api/v1/auth/reset-password",
            "/api/v1/me/email-code",
            "/api/v1/me/password",
            "/api/v1/me/desktop-key",
            "/api/v1/monitoring/{resi}",
            "/api/v1/office/applications/{id}/sign",
        ];
        for (path, item) in openapi.paths.paths.iter_mut() {
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                let mut add = |code: &str, description: &str| {
                    op.responses
                        .responses
                        .entry(code.to_owned())
                        .or_insert_with(|| error(description));
                };
                add("422", "A field (or the path, or the query) is not valid");
                add(
                    "503",
                    "The database or the password workers are unavailable; see Retry-After",
                );
                if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    add("401", "No valid session");
                    add(
                        "403",
                        "The role may not use this endpoint, or the account is blocked",
                    );
                }
                if op.request_body.is_some() || path.starts_with("/api/v1/uploads/") {
                    add("400", "The body is not what the endpoint takes");
                    add("413", "The body is too large");
                }
                if path.contains('{') {
                    add("404", "Nothing has this id");
                }
                if path.starts_with("/api/v1/admin/users/") {
                    add(
                        "409",
                        "An admin cannot block or change the role of their own account",
                    );
                }
                if THROTTLED.contains(&path.as_str()) {
                    add("429", "Too many attempts; see Retry-After");
                }
                if path.starts_with("/api/v1/uploads") {
                    add("404", "No such upload");
                    add(
                        "409",
                        "Another request is writing this upload, or the offset is wrong",
                    );
                    add("507", "The file store is full");
                }
            }
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "E-PTSP Kalimantan Timur API", description = "Central server of the E-PTSP desktop application"),
    paths(
        health, ready,
        auth::email_code, auth::register, auth::login, auth::logout, auth::forgot_password, auth::reset_password,
        profile::get_profile, profile::update_profile, profile::email_code, profile::change_password, profile::desktop_key,
        regions::provinces, regions::children,
        admin::list_users, admin::block, admin::unblock, admin::set_role,
        catalogue::get_catalogue,
        uploads::start, uploads::status, uploads::patch,
        applications::submit, applications::get_own, applications::changes,
        applications::revise, applications::permits,
        monitoring::by_resi,
        office::queue, office::signing_queue, office::claim, office::release, office::dossier,
        office::file, office::decide, office::sign, office::revoke,
        inbox::list, inbox::read,
        survey::form, survey::submit, survey::report, survey::report_csv,
        complaints::create, complaints::list, complaints::reply,
        chat::send, chat::messages, chat::conversations, chat::read,
        reports::volume,
        catalogue_admin::put_agency, catalogue_admin::put_permit_type, catalogue_admin::add_requirement,
        catalogue_admin::edit_requirement, catalogue_admin::retire_requirement,
        verify::verify_json, verify::office_key,
    ),
    modifiers(&BearerAuth, &CommonAnswers)
)]
pub struct ApiDoc;

async fn openapi() -> AppJson<utoipa::openapi::OpenApi> {
    AppJson(ApiDoc::openapi())
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// Every request within its time (`Config::request_timeout`, upload chunks
/// `Config::upload_timeout`), body included: a client that sends slowly or never finishes
/// gets 503 and frees what it held.
async fn deadline(
    State(state): State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let upload = req.method() == axum::http::Method::PATCH;
    let limit = if upload {
        state.config.upload_timeout
    } else {
        state.config.request_timeout
    };
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => ApiError::Unavailable {
            code: "timeout",
            message: eptsp_core::messages::REQUEST_TIMEOUT.to_owned(),
            retry_after_secs: 5,
        }
        .into_response(),
    }
}

/// Headers on every answer: nothing is sniffed into another type, framed, or given a
/// referrer; JSON may load nothing, the verification page only its own inline style.
async fn security_headers(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    use axum::http::{HeaderValue, header};
    let mut res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(if html {
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
            } else {
                "default-src 'none'; frame-ancestors 'none'"
            }),
        );
    }
    res
}

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/health", get(health))
        .route("/health/ready", get(ready))
        .route("/openapi.json", get(openapi))
        .route("/auth/email-code", post(auth::email_code))
        .route("/auth/register", post(auth::register))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/forgot-password", post(auth::forgot_password))
        .route("/auth/reset-password", post(auth::reset_password))
        .route(
            "/me",
            get(profile::get_profile).put(profile::update_profile),
        )
        .route("/me/email-code", post(profile::email_code))
        .route("/me/password", post(profile::change_password))
        .route("/me/desktop-key", post(profile::desktop_key))
        .route("/regions", get(regions::provinces))
        .route("/regions/{code}/children", get(regions::children))
        .route("/admin/users", get(admin::list_users))
        .route("/admin/users/{id}/block", post(admin::block))
        .route("/admin/users/{id}/unblock", post(admin::unblock))
        .route(
            "/admin/users/{id}/role",
            axum::routing::put(admin::set_role),
        )
        .route("/catalogue", get(catalogue::get_catalogue))
        .route("/uploads", post(uploads::start))
        .route(
            "/uploads/{sha256}",
            get(uploads::status)
                .patch(uploads::patch)
                // Chunks are larger than any form: this route alone takes up to 8 MiB.
                .layer(DefaultBodyLimit::max(uploads::MAX_CHUNK_BYTES)),
        )
        .route("/applications", post(applications::submit))
        .route("/applications/{id}", get(applications::get_own))
        .route("/monitoring/{resi}", get(monitoring::by_resi))
        .route("/changes", get(applications::changes))
        .route("/applications/{id}/revision", post(applications::revise))
        .route("/permits", get(applications::permits))
        .route("/permits/{id}/verify", get(verify::verify_json))
        .route("/office-key", get(verify::office_key))
        .route("/office/queue", get(office::queue))
        .route("/office/signing-queue", get(office::signing_queue))
        .route("/office/applications/{id}", get(office::dossier))
        .route("/office/applications/{id}/claim", post(office::claim))
        .route("/office/applications/{id}/release", post(office::release))
        .route("/office/applications/{id}/decision", post(office::decide))
        .route("/office/applications/{id}/sign", post(office::sign))
        .route("/office/files/{sha256}", get(office::file))
        .route("/office/permits/{id}/revoke", post(office::revoke))
        .route("/inbox", get(inbox::list))
        .route("/inbox/{id}/read", post(inbox::read))
        .route("/surveys/form/{resi}", get(survey::form))
        .route("/applications/{id}/survey", post(survey::submit))
        .route("/admin/ikm", get(survey::report))
        .route("/admin/ikm.csv", get(survey::report_csv))
        .route(
            "/complaints",
            get(complaints::list).post(complaints::create),
        )
        .route("/complaints/{id}/reply", post(complaints::reply))
        .route("/chat/messages", get(chat::messages).post(chat::send))
        .route("/chat/conversations", get(chat::conversations))
        .route("/chat/conversations/{id}/read", post(chat::read))
        .route("/ws", get(chat::ws))
        .route("/chat/ws", get(chat::ws))
        .route("/admin/reports/volume", get(reports::volume))
        .route(
            "/admin/catalogue/agencies/{id}",
            axum::routing::put(catalogue_admin::put_agency),
        )
        .route(
            "/admin/catalogue/permit-types/{id}",
            axum::routing::put(catalogue_admin::put_permit_type),
        )
        .route(
            "/admin/catalogue/permit-types/{id}/requirements",
            post(catalogue_admin::add_requirement),
        )
        .route(
            "/admin/catalogue/requirements/{id}",
            axum::routing::put(catalogue_admin::edit_requirement)
                .delete(catalogue_admin::retire_requirement),
        );
    Router::new()
        .nest(eptsp_core::api::API_PREFIX, api)
        // The page a permit's QR code opens, for anyone with a phone.
        .route("/v/{id}", get(verify::verify_page))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            deadline,
        ))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}
