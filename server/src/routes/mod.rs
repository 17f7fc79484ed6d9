//! The router: every endpoint under `/api/v1`, mounted from its declaration in
//! `eptsp_core::endpoints` (see `mount`), the OpenAPI document built from the same
//! declarations (`doc`), a body limit, deadlines, security headers and request tracing.

pub mod admin;
pub mod applications;
pub mod audit;
pub mod auth;
pub mod catalogue;
pub mod catalogue_admin;
pub mod chat;
pub mod complaints;
pub mod doc;
pub mod holidays;
pub mod inbox;
pub mod monitoring;
pub mod mount;
pub mod office;
pub mod portal;
pub mod profile;
pub mod regions;
pub mod reports;
pub mod survey;
pub mod uploads;
pub mod verify;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;
use crate::error::{ApiError, ApiResult, AppJson};
use mount::Api;

/// Account forms are small; anything bigger is refused before it is parsed.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

use eptsp_core::api::Health;

/// Liveness: the process answers. Says nothing of the parts it needs (see `/health/ready`).
pub async fn health() -> AppJson<Health> {
    AppJson(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
}

/// Readiness: the database answers within a second. A load balancer sends no requests to
/// an instance that is not ready; it becomes ready again by itself.
pub async fn ready(State(state): State<AppState>) -> ApiResult<AppJson<Health>> {
    let ping = sqlx::query_scalar::<_, i32>("SELECT 1").fetch_one(&state.db);
    match tokio::time::timeout(std::time::Duration::from_secs(1), ping).await {
        Ok(Ok(_)) => Ok(AppJson(Health {
            status: "ready".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        })),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "not ready: the database does not answer");
            Err(ApiError::database_down())
        }
        Err(_) => Err(ApiError::database_down()),
    }
}

pub use doc::ApiDoc;

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
    let api = api(state.clone()).into_router();
    Router::new()
        .nest(eptsp_core::api::API_PREFIX, api)
        // (Outside the API, so not declared with it.)
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

/// Every endpoint of `eptsp_core::endpoints` with its handler.
pub fn api(state: AppState) -> Api {
    use eptsp_core::endpoints as e;
    Api::new(state)
        .mount::<e::Alive, _, _>(health)
        .mount::<e::Ready, _, _>(ready)
        .mount::<e::OpenApiDoc, _, _>(openapi)
        .mount::<e::EmailCode, _, _>(auth::email_code)
        .mount::<e::Register, _, _>(auth::register)
        .mount::<e::Login, _, _>(auth::login)
        .mount::<e::Logout, _, _>(auth::logout)
        .mount::<e::ForgotPassword, _, _>(auth::forgot_password)
        .mount::<e::ResetPassword, _, _>(auth::reset_password)
        .mount::<e::Me, _, _>(profile::get_profile)
        .mount::<e::UpdateMe, _, _>(profile::update_profile)
        .mount::<e::ChangeEmailCode, _, _>(profile::email_code)
        .mount::<e::ChangePassword, _, _>(profile::change_password)
        .mount::<e::DesktopKeyOf, _, _>(profile::desktop_key)
        .mount::<e::Provinces, _, _>(regions::provinces)
        .mount::<e::RegionChildren, _, _>(regions::children)
        .mount::<e::GetCatalogue, _, _>(catalogue::get_catalogue)
        .mount::<e::UploadBegin, _, _>(uploads::start)
        .mount::<e::UploadState, _, _>(uploads::status)
        // Chunks are larger than any form: this handler reads its body as a stream and
        // takes up to 8 MiB (uploads::MAX_CHUNK_BYTES), written as it arrives.
        .mount::<e::UploadChunk, _, _>(uploads::patch)
        .mount::<e::Submit, _, _>(applications::submit)
        .mount::<e::Application, _, _>(applications::get_own)
        .mount::<e::ChangesSince, _, _>(applications::changes)
        .mount::<e::Revise, _, _>(applications::revise)
        .mount::<e::Permits, _, _>(applications::permits)
        .mount::<e::Monitoring, _, _>(monitoring::by_resi)
        .mount::<e::VerifyPermit, _, _>(verify::verify_json)
        .mount::<e::OfficeKeyOf, _, _>(verify::office_key)
        .mount::<e::Queue, _, _>(office::queue)
        .mount::<e::SigningQueue, _, _>(office::signing_queue)
        .mount::<e::OfficeDossier, _, _>(office::dossier)
        .mount::<e::Archive, _, _>(office::archive)
        .mount::<e::Claim, _, _>(office::claim)
        .mount::<e::Release, _, _>(office::release)
        .mount::<e::Lapse, _, _>(office::lapse)
        .mount::<e::Decide, _, _>(office::decide)
        .mount::<e::Sign, _, _>(office::sign)
        .mount::<e::OfficeFile, _, _>(office::file)
        .mount::<e::Revoke, _, _>(office::revoke)
        .mount::<e::Inbox, _, _>(inbox::list)
        .mount::<e::InboxRead, _, _>(inbox::read)
        .mount::<e::SurveyFormOf, _, _>(survey::form)
        .mount::<e::SurveySubmit, _, _>(survey::submit)
        .mount::<e::PublicSurveyForm, _, _>(survey::public_form)
        .mount::<e::PublicSurveySubmit, _, _>(survey::public_submit)
        .mount::<e::IkmReportOf, _, _>(survey::report)
        .mount::<e::IkmCsv, _, _>(survey::report_csv)
        .mount::<e::ComplaintCreate, _, _>(complaints::create)
        .mount::<e::Complaints, _, _>(complaints::list)
        .mount::<e::ComplaintReply, _, _>(complaints::reply)
        .mount::<e::ChatSendOne, _, _>(chat::send)
        .mount::<e::ChatMessages, _, _>(chat::messages)
        .mount::<e::ChatFile, _, _>(chat::file)
        .mount::<e::ChatConversations, _, _>(chat::conversations)
        .mount::<e::ChatRead, _, _>(chat::read)
        .mount::<e::Live, _, _>(chat::ws)
        .mount::<e::LiveChat, _, _>(chat::ws)
        .mount::<e::HolidaysOf, _, _>(holidays::table)
        .mount::<e::PutHoliday, _, _>(holidays::put)
        .mount::<e::DeleteHoliday, _, _>(holidays::delete)
        .mount::<e::ImportHolidays, _, _>(holidays::import)
        .mount::<e::PortalOf, _, _>(portal::portal)
        .mount::<e::Announcements, _, _>(portal::list)
        .mount::<e::PutAnnouncement, _, _>(portal::put)
        .mount::<e::DeleteAnnouncement, _, _>(portal::delete)
        .mount::<e::PutPortalLinks, _, _>(portal::put_links)
        .mount::<e::Users, _, _>(admin::list_users)
        .mount::<e::Block, _, _>(admin::block)
        .mount::<e::Unblock, _, _>(admin::unblock)
        .mount::<e::SetRole, _, _>(admin::set_role)
        .mount::<e::Audit, _, _>(audit::list)
        .mount::<e::AuditCsv, _, _>(audit::csv)
        .mount::<e::Volume, _, _>(reports::volume)
        .mount::<e::PutAgency, _, _>(catalogue_admin::put_agency)
        .mount::<e::PutPermitType, _, _>(catalogue_admin::put_permit_type)
        .mount::<e::AddRequirement, _, _>(catalogue_admin::add_requirement)
        .mount::<e::EditRequirement, _, _>(catalogue_admin::edit_requirement)
        .mount::<e::RetireRequirement, _, _>(catalogue_admin::retire_requirement)
}
