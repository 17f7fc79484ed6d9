//! The HTTP client of the central server's API. It tells "the server could not be
//! reached" (offline, the normal case for this app) apart from "the server said no".

use std::sync::RwLock;
use std::time::Duration;

use eptsp_core::api::{
    API_PREFIX, ApiErrorBody, ChangePasswordRequest, EmailCodeRequest, ForgotPasswordRequest,
    LoginRequest, LoginResponse, MessageResponse, Profile, Region, RegisterRequest,
    ResetPasswordRequest, UpdateProfileRequest,
};
use eptsp_core::catalogue::Catalogue;
use eptsp_core::submission::{
    Changes, MonitoringView, SubmitRequest, SubmitResponse, UploadStart, UploadStatus,
};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// No answer: no network, server down, timeout, connection cut.
    #[error("offline: {0}")]
    Offline(String),
    /// The server answered with an error in the API's format.
    #[error("api {status}: {}", body.message)]
    Api { status: u16, body: ApiErrorBody },
    /// The server answered something that is not the API (wrong URL, proxy page).
    #[error("protocol: {0}")]
    Protocol(String),
}

impl ClientError {
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ClientError::Api { status: 401, .. })
    }
}

/// Sends `req` and reads the answer: the value on success, the API's error body on a
/// refusal. No answer, or a gateway's own page for a server that is down (5xx without the
/// API's body), counts as unreachable, so the caller retries later.
async fn execute<T: DeserializeOwned>(
    url: &str,
    req: reqwest::RequestBuilder,
) -> Result<T, ClientError> {
    let res = req
        .send()
        .await
        .map_err(|e| ClientError::Offline(e.to_string()))?;
    let status = res.status();
    let bytes = res
        .bytes()
        .await
        .map_err(|e| ClientError::Offline(e.to_string()))?;
    if status.is_success() {
        return serde_json::from_slice(&bytes)
            .map_err(|e| ClientError::Protocol(format!("{url}: {e}")));
    }
    match serde_json::from_slice::<ApiErrorBody>(&bytes) {
        Ok(body) => Err(ClientError::Api {
            status: status.as_u16(),
            body,
        }),
        Err(_) if status.is_server_error() => Err(ClientError::Offline(format!("{url}: {status}"))),
        Err(_) => Err(ClientError::Protocol(format!("{url}: {status}"))),
    }
}

pub struct ApiClient {
    http: reqwest::Client,
    base: RwLock<String>,
}

impl ApiClient {
    pub fn new(base: &str) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(30))
            .user_agent(concat!("eptsp-desktop/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("reqwest client");
        ApiClient {
            http,
            base: RwLock::new(base.trim_end_matches('/').to_owned()),
        }
    }

    pub fn base(&self) -> String {
        self.base.read().expect("lock").clone()
    }

    pub fn set_base(&self, base: &str) {
        *self.base.write().expect("lock") = base.trim_end_matches('/').to_owned();
    }

    async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&B>,
    ) -> Result<T, ClientError> {
        let url = format!("{}{API_PREFIX}{path}", self.base());
        let mut req = self.http.request(method, &url);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        execute(&url, req).await
    }

    pub async fn health(&self) -> Result<(), ClientError> {
        let url = format!("{}{API_PREFIX}/health", self.base());
        let res = self
            .http
            .get(&url)
            .timeout(Duration::from_secs(3))
            .send()
            .await
            .map_err(|e| ClientError::Offline(e.to_string()))?;
        if res.status().is_success() {
            Ok(())
        } else {
            Err(ClientError::Offline(format!("{url}: {}", res.status())))
        }
    }

    pub async fn login(&self, r: &LoginRequest) -> Result<LoginResponse, ClientError> {
        self.send(Method::POST, "/auth/login", None, Some(r)).await
    }

    pub async fn register(&self, r: &RegisterRequest) -> Result<LoginResponse, ClientError> {
        self.send(Method::POST, "/auth/register", None, Some(r))
            .await
    }

    pub async fn email_code(&self, r: &EmailCodeRequest) -> Result<MessageResponse, ClientError> {
        self.send(Method::POST, "/auth/email-code", None, Some(r))
            .await
    }

    pub async fn forgot_password(
        &self,
        r: &ForgotPasswordRequest,
    ) -> Result<MessageResponse, ClientError> {
        self.send(Method::POST, "/auth/forgot-password", None, Some(r))
            .await
    }

    pub async fn reset_password(
        &self,
        r: &ResetPasswordRequest,
    ) -> Result<MessageResponse, ClientError> {
        self.send(Method::POST, "/auth/reset-password", None, Some(r))
            .await
    }

    pub async fn logout(&self, token: &str) -> Result<MessageResponse, ClientError> {
        self.send::<(), _>(Method::POST, "/auth/logout", Some(token), None)
            .await
    }

    pub async fn me(&self, token: &str) -> Result<Profile, ClientError> {
        self.send::<(), _>(Method::GET, "/me", Some(token), None)
            .await
    }

    /// The account's desktop secret (wraps the key of what this desktop keeps for it);
    /// the server checks the password again.
    pub async fn desktop_key(
        &self,
        token: &str,
        password: &str,
    ) -> Result<eptsp_core::api::DesktopKey, ClientError> {
        let req = eptsp_core::api::DesktopKeyRequest {
            password: password.to_owned(),
        };
        self.send(Method::POST, "/me/desktop-key", Some(token), Some(&req))
            .await
    }

    pub async fn update_me(
        &self,
        token: &str,
        r: &UpdateProfileRequest,
    ) -> Result<Profile, ClientError> {
        self.send(Method::PUT, "/me", Some(token), Some(r)).await
    }

    pub async fn change_email_code(
        &self,
        token: &str,
        r: &EmailCodeRequest,
    ) -> Result<MessageResponse, ClientError> {
        self.send(Method::POST, "/me/email-code", Some(token), Some(r))
            .await
    }

    pub async fn change_password(
        &self,
        token: &str,
        r: &ChangePasswordRequest,
    ) -> Result<MessageResponse, ClientError> {
        self.send(Method::POST, "/me/password", Some(token), Some(r))
            .await
    }

    pub async fn monitoring(&self, resi: &str) -> Result<MonitoringView, ClientError> {
        let path = format!(
            "/monitoring/{}",
            percent_encoding::utf8_percent_encode(resi, percent_encoding::NON_ALPHANUMERIC)
        );
        self.send::<(), _>(Method::GET, &path, None, None).await
    }

    /// Tracking entries of the applicant's applications after `since`.
    pub async fn changes(&self, token: &str, since: i64) -> Result<Changes, ClientError> {
        self.send::<(), _>(
            Method::GET,
            &format!("/changes?since={since}"),
            Some(token),
            None,
        )
        .await
    }

    pub async fn upload_start(
        &self,
        token: &str,
        r: &UploadStart,
    ) -> Result<UploadStatus, ClientError> {
        self.send(Method::POST, "/uploads", Some(token), Some(r))
            .await
    }

    /// Sends `chunk` as the bytes from `offset` of the file `sha256`.
    pub async fn upload_patch(
        &self,
        token: &str,
        sha256: &str,
        offset: u64,
        chunk: Vec<u8>,
    ) -> Result<UploadStatus, ClientError> {
        let url = format!("{}{API_PREFIX}/uploads/{sha256}", self.base());
        let req = self
            .http
            .patch(&url)
            .bearer_auth(token)
            .header("Upload-Offset", offset.to_string())
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/offset+octet-stream",
            )
            .body(chunk);
        execute(&url, req).await
    }

    pub async fn submit(
        &self,
        token: &str,
        r: &SubmitRequest,
    ) -> Result<SubmitResponse, ClientError> {
        self.send(Method::POST, "/applications", Some(token), Some(r))
            .await
    }

    /// The catalogue, unless the server says version `have` is still current (`None`).
    pub async fn catalogue(&self, have: Option<i32>) -> Result<Option<Catalogue>, ClientError> {
        let url = format!("{}{API_PREFIX}/catalogue", self.base());
        let mut req = self.http.get(&url);
        if let Some(v) = have {
            req = req.header(reqwest::header::IF_NONE_MATCH, format!("\"{v}\""));
        }
        let res = req
            .send()
            .await
            .map_err(|e| ClientError::Offline(e.to_string()))?;
        if res.status() == StatusCode::NOT_MODIFIED {
            return Ok(None);
        }
        if !res.status().is_success() {
            return Err(ClientError::Protocol(format!("{url}: {}", res.status())));
        }
        let bytes = res
            .bytes()
            .await
            .map_err(|e| ClientError::Offline(e.to_string()))?;
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| ClientError::Protocol(format!("{url}: {e}")))
    }

    pub async fn regions(&self, parent: Option<&str>) -> Result<Vec<Region>, ClientError> {
        let path = match parent {
            None => "/regions".to_owned(),
            Some(code) => format!("/regions/{code}/children"),
        };
        self.send::<(), _>(Method::GET, &path, None, None).await
    }

    // ---- The back office ----

    pub async fn office_queue(
        &self,
        token: &str,
        q: &eptsp_core::office::QueueQuery,
    ) -> Result<Vec<eptsp_core::office::QueueItem>, ClientError> {
        let mut params = Vec::new();
        if let Some(a) = q.agency_id.as_deref().filter(|s| !s.is_empty()) {
            params.push(format!("agency_id={}", enc(a)));
        }
        if let Some(t) = q.permit_type_id.as_deref().filter(|s| !s.is_empty()) {
            params.push(format!("permit_type_id={}", enc(t)));
        }
        if let Some(s) = q.status {
            params.push(format!("status={}", s.as_str()));
        }
        if q.overdue {
            params.push("overdue=true".to_owned());
        }
        let path = if params.is_empty() {
            "/office/queue".to_owned()
        } else {
            format!("/office/queue?{}", params.join("&"))
        };
        self.send::<(), _>(Method::GET, &path, Some(token), None)
            .await
    }

    pub async fn signing_queue(
        &self,
        token: &str,
    ) -> Result<Vec<eptsp_core::office::QueueItem>, ClientError> {
        self.send::<(), _>(Method::GET, "/office/signing-queue", Some(token), None)
            .await
    }

    pub async fn office_claim(
        &self,
        token: &str,
        id: &str,
    ) -> Result<eptsp_core::office::Dossier, ClientError> {
        self.send(
            Method::POST,
            &format!("/office/applications/{}/claim", enc(id)),
            Some(token),
            Some(&serde_json::json!({})),
        )
        .await
    }

    pub async fn office_release(
        &self,
        token: &str,
        id: &str,
    ) -> Result<MessageResponse, ClientError> {
        self.send(
            Method::POST,
            &format!("/office/applications/{}/release", enc(id)),
            Some(token),
            Some(&serde_json::json!({})),
        )
        .await
    }

    pub async fn office_dossier(
        &self,
        token: &str,
        id: &str,
    ) -> Result<eptsp_core::office::Dossier, ClientError> {
        self.send::<(), _>(
            Method::GET,
            &format!("/office/applications/{}", enc(id)),
            Some(token),
            None,
        )
        .await
    }

    /// The bytes of an attached file.
    pub async fn office_file(&self, token: &str, sha256: &str) -> Result<Vec<u8>, ClientError> {
        let url = format!("{}{API_PREFIX}/office/files/{}", self.base(), enc(sha256));
        let res = self
            .http
            .get(&url)
            .bearer_auth(token)
            .timeout(Duration::from_secs(300))
            .send()
            .await
            .map_err(|e| ClientError::Offline(e.to_string()))?;
        let status = res.status();
        let bytes = res
            .bytes()
            .await
            .map_err(|e| ClientError::Offline(e.to_string()))?;
        if status.is_success() {
            return Ok(bytes.to_vec());
        }
        match serde_json::from_slice::<ApiErrorBody>(&bytes) {
            Ok(body) => Err(ClientError::Api {
                status: status.as_u16(),
                body,
            }),
            Err(_) => Err(ClientError::Offline(format!("{url}: {status}"))),
        }
    }

    pub async fn office_decide(
        &self,
        token: &str,
        application_id: &str,
        r: &eptsp_core::office::DecisionRequest,
    ) -> Result<eptsp_core::office::DecisionResult, ClientError> {
        self.send(
            Method::POST,
            &format!("/office/applications/{}/decision", enc(application_id)),
            Some(token),
            Some(r),
        )
        .await
    }

    pub async fn office_sign(
        &self,
        token: &str,
        application_id: &str,
        passphrase: &str,
    ) -> Result<eptsp_core::izin::SignedIzin, ClientError> {
        self.send(
            Method::POST,
            &format!("/office/applications/{}/sign", enc(application_id)),
            Some(token),
            Some(&eptsp_core::office::SignRequest {
                passphrase: passphrase.to_owned(),
            }),
        )
        .await
    }

    // ---- The applicant's side of the loop ----

    pub async fn application(
        &self,
        token: &str,
        id: &str,
    ) -> Result<eptsp_core::office::ApplicationView, ClientError> {
        self.send::<(), _>(
            Method::GET,
            &format!("/applications/{}", enc(id)),
            Some(token),
            None,
        )
        .await
    }

    pub async fn revise(
        &self,
        token: &str,
        application_id: &str,
        r: &eptsp_core::office::RevisionRequest,
    ) -> Result<eptsp_core::office::ApplicationView, ClientError> {
        self.send(
            Method::POST,
            &format!("/applications/{}/revision", enc(application_id)),
            Some(token),
            Some(r),
        )
        .await
    }

    pub async fn inbox(
        &self,
        token: &str,
        since: i64,
    ) -> Result<eptsp_core::office::InboxPage, ClientError> {
        self.send::<(), _>(
            Method::GET,
            &format!("/inbox?since={since}"),
            Some(token),
            None,
        )
        .await
    }

    pub async fn inbox_read(&self, token: &str, id: i64) -> Result<MessageResponse, ClientError> {
        self.send(
            Method::POST,
            &format!("/inbox/{id}/read"),
            Some(token),
            Some(&serde_json::json!({})),
        )
        .await
    }

    pub async fn survey_form(
        &self,
        token: &str,
        resi: &str,
    ) -> Result<eptsp_core::ikm::SurveyForm, ClientError> {
        self.send::<(), _>(
            Method::GET,
            &format!("/surveys/form/{}", enc(resi)),
            Some(token),
            None,
        )
        .await
    }

    pub async fn survey_submit(
        &self,
        token: &str,
        application_id: &str,
        r: &eptsp_core::ikm::SurveyRequest,
    ) -> Result<MessageResponse, ClientError> {
        self.send(
            Method::POST,
            &format!("/applications/{}/survey", enc(application_id)),
            Some(token),
            Some(r),
        )
        .await
    }

    pub async fn ikm_report(
        &self,
        token: &str,
        from: &str,
        to: &str,
        permit_type_id: &str,
    ) -> Result<eptsp_core::ikm::IkmReport, ClientError> {
        self.send::<(), _>(
            Method::GET,
            &format!(
                "/admin/ikm?from={}&to={}&permit_type_id={}",
                enc(from),
                enc(to),
                enc(permit_type_id)
            ),
            Some(token),
            None,
        )
        .await
    }

    pub async fn complaints(
        &self,
        token: &str,
        status: &str,
    ) -> Result<Vec<eptsp_core::complaint::Complaint>, ClientError> {
        self.send::<(), _>(
            Method::GET,
            &format!("/complaints?status={}", enc(status)),
            Some(token),
            None,
        )
        .await
    }

    pub async fn complaint_create(
        &self,
        token: &str,
        r: &eptsp_core::complaint::ComplaintRequest,
    ) -> Result<eptsp_core::complaint::Complaint, ClientError> {
        self.send(Method::POST, "/complaints", Some(token), Some(r))
            .await
    }

    pub async fn complaint_reply(
        &self,
        token: &str,
        id: &str,
        r: &eptsp_core::complaint::ReplyRequest,
    ) -> Result<eptsp_core::complaint::Complaint, ClientError> {
        self.send(
            Method::POST,
            &format!("/complaints/{}/reply", enc(id)),
            Some(token),
            Some(r),
        )
        .await
    }

    pub async fn admin_users(
        &self,
        token: &str,
        q: &str,
    ) -> Result<Vec<eptsp_core::office::UserSummary>, ClientError> {
        self.send::<(), _>(
            Method::GET,
            &format!("/admin/users?q={}", enc(q)),
            Some(token),
            None,
        )
        .await
    }

    pub async fn admin_block(
        &self,
        token: &str,
        id: &str,
        reason: &str,
    ) -> Result<eptsp_core::office::UserSummary, ClientError> {
        self.send(
            Method::POST,
            &format!("/admin/users/{}/block", enc(id)),
            Some(token),
            Some(&serde_json::json!({ "reason": reason })),
        )
        .await
    }

    pub async fn admin_unblock(
        &self,
        token: &str,
        id: &str,
    ) -> Result<eptsp_core::office::UserSummary, ClientError> {
        self.send(
            Method::POST,
            &format!("/admin/users/{}/unblock", enc(id)),
            Some(token),
            Some(&serde_json::json!({})),
        )
        .await
    }

    pub async fn admin_set_role(
        &self,
        token: &str,
        id: &str,
        role: eptsp_core::Role,
    ) -> Result<eptsp_core::office::UserSummary, ClientError> {
        self.send(
            Method::PUT,
            &format!("/admin/users/{}/role", enc(id)),
            Some(token),
            Some(&serde_json::json!({ "role": role })),
        )
        .await
    }

    pub async fn chat_send(
        &self,
        token: &str,
        r: &eptsp_core::chat::ChatSend,
    ) -> Result<eptsp_core::chat::ChatMessage, ClientError> {
        self.send(Method::POST, "/chat/messages", Some(token), Some(r))
            .await
    }

    pub async fn chat_messages(
        &self,
        token: &str,
        since: i64,
    ) -> Result<Vec<eptsp_core::chat::ChatMessage>, ClientError> {
        self.send::<(), _>(
            Method::GET,
            &format!("/chat/messages?since={since}"),
            Some(token),
            None,
        )
        .await
    }

    pub async fn chat_conversations(
        &self,
        token: &str,
    ) -> Result<Vec<eptsp_core::chat::Conversation>, ClientError> {
        self.send::<(), _>(Method::GET, "/chat/conversations", Some(token), None)
            .await
    }

    pub async fn chat_read(
        &self,
        token: &str,
        conversation: &str,
        pos: i64,
    ) -> Result<serde_json::Value, ClientError> {
        self.send(
            Method::POST,
            &format!("/chat/conversations/{}/read", enc(conversation)),
            Some(token),
            Some(&serde_json::json!({ "pos": pos })),
        )
        .await
    }

    /// The live channel's address (ws:// or wss://).
    pub fn live_url(&self) -> String {
        let base = self.base();
        let ws = if let Some(rest) = base.strip_prefix("https://") {
            format!("wss://{rest}")
        } else {
            format!("ws://{}", base.trim_start_matches("http://"))
        };
        format!("{ws}{API_PREFIX}/ws")
    }

    pub async fn admin_volume(
        &self,
        token: &str,
        from: &str,
        to: &str,
    ) -> Result<Vec<eptsp_core::office::VolumeRow>, ClientError> {
        self.send::<(), _>(
            Method::GET,
            &format!("/admin/reports/volume?from={}&to={}", enc(from), enc(to)),
            Some(token),
            None,
        )
        .await
    }

    /// An admin's catalogue edit: `method` and `path` under /admin/catalogue, `body` the
    /// edit (none for a withdrawal).
    pub async fn catalogue_edit(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<eptsp_core::catalogue::Saved, ClientError> {
        self.send(
            method,
            &format!("/admin/catalogue{path}"),
            Some(token),
            body,
        )
        .await
    }

    pub async fn permits(
        &self,
        token: &str,
    ) -> Result<Vec<eptsp_core::office::PermitView>, ClientError> {
        self.send::<(), _>(Method::GET, "/permits", Some(token), None)
            .await
    }
}

/// A path segment or query value, percent-encoded.
fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}
