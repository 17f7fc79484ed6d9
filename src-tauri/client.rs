//! The HTTP client of the central server's API, derived from the endpoints' declarations
//! (`eptsp_core::endpoints`): `call::<E>` sends endpoint `E`'s request and reads its
//! answer; only the few endpoints that are not JSON in and out have their own method. It
//! tells "the server could not be reached" (offline, the normal case for this app) apart
//! from "the server said no".

use std::sync::RwLock;
use std::time::Duration;

use eptsp_core::api::{API_PREFIX, ApiErrorBody};
use eptsp_core::catalogue::Catalogue;
use eptsp_core::endpoint::{self, Endpoint, NoBody, NoQuery, fill};
use eptsp_core::endpoints as e;
use eptsp_core::submission::UploadStatus;
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

    /// Sends a request to endpoint `E` (see `eptsp_core::endpoints`): `path` fills its
    /// placeholders, `query` its query string, `body` its JSON body (`{}` for `NoBody` on a
    /// method that carries one).
    pub async fn call<E>(
        &self,
        token: Option<&str>,
        path: E::Path,
        query: &E::Query,
        body: &E::Body,
    ) -> Result<E::Response, ClientError>
    where
        E: Endpoint,
        E::Body: Serialize,
        E::Response: DeserializeOwned,
    {
        let url = format!("{}{API_PREFIX}{}", self.base(), fill::<E>(&path));
        let method = match E::METHOD {
            endpoint::Method::Get => Method::GET,
            endpoint::Method::Post => Method::POST,
            endpoint::Method::Put => Method::PUT,
            endpoint::Method::Patch => Method::PATCH,
            endpoint::Method::Delete => Method::DELETE,
        };
        let mut req = self.http.request(method, &url).query(query);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if !matches!(E::METHOD, endpoint::Method::Get | endpoint::Method::Delete) {
            req = req.json(body);
        }
        execute(&url, req).await
    }

    /// A GET (or DELETE) of endpoint `E`, which takes no body.
    pub async fn get<E>(
        &self,
        token: Option<&str>,
        path: E::Path,
        query: &E::Query,
    ) -> Result<E::Response, ClientError>
    where
        E: Endpoint<Body = NoBody>,
        E::Response: DeserializeOwned,
    {
        self.call::<E>(token, path, query, &NoBody {}).await
    }

    /// A request with a body to endpoint `E`, which takes no query.
    pub async fn send<E>(
        &self,
        token: Option<&str>,
        path: E::Path,
        body: &E::Body,
    ) -> Result<E::Response, ClientError>
    where
        E: Endpoint<Query = NoQuery>,
        E::Body: Serialize,
        E::Response: DeserializeOwned,
    {
        self.call::<E>(token, path, &NoQuery {}, body).await
    }

    /// Whether the server answers, within 3 s.
    pub async fn health(&self) -> Result<(), ClientError> {
        let url = format!("{}{API_PREFIX}{}", self.base(), e::Alive::PATH);
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

    /// The catalogue, unless the server says version `have` is still current (`None`).
    pub async fn catalogue(&self, have: Option<i32>) -> Result<Option<Catalogue>, ClientError> {
        let url = format!("{}{API_PREFIX}{}", self.base(), e::GetCatalogue::PATH);
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

    /// Sends `chunk` as the bytes from `offset` of the file `sha256`.
    pub async fn upload_patch(
        &self,
        token: &str,
        sha256: &str,
        offset: u64,
        chunk: Vec<u8>,
    ) -> Result<UploadStatus, ClientError> {
        let url = format!(
            "{}{API_PREFIX}{}",
            self.base(),
            fill::<e::UploadChunk>(&sha256.to_owned())
        );
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

    /// The bytes of an attached file.
    pub async fn office_file(&self, token: &str, sha256: &str) -> Result<Vec<u8>, ClientError> {
        self.octets(token, fill::<e::OfficeFile>(&sha256.to_owned()))
            .await
    }

    /// The bytes of a chat attachment.
    pub async fn chat_file(&self, token: &str, sha256: &str) -> Result<Vec<u8>, ClientError> {
        self.octets(token, fill::<e::ChatFile>(&sha256.to_owned()))
            .await
    }

    /// The CSV export endpoint `E` answers to `query`.
    pub async fn csv<E>(&self, token: &str, query: &E::Query) -> Result<Vec<u8>, ClientError>
    where
        E: Endpoint<Path = (), Body = NoBody, Response = endpoint::Csv>,
    {
        self.download(token, fill::<E>(&()), query).await
    }

    /// The bytes a download endpoint at `path` answers.
    async fn octets(&self, token: &str, path: String) -> Result<Vec<u8>, ClientError> {
        self.download(token, path, &NoQuery {}).await
    }

    /// The bytes a download endpoint at `path` answers to `query`.
    async fn download(
        &self,
        token: &str,
        path: String,
        query: &impl Serialize,
    ) -> Result<Vec<u8>, ClientError> {
        let url = format!("{}{API_PREFIX}{path}", self.base());
        let res = self
            .http
            .get(&url)
            .query(query)
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

    /// The live channel's address (ws:// or wss://).
    pub fn live_url(&self) -> String {
        let base = self.base();
        let ws = if let Some(rest) = base.strip_prefix("https://") {
            format!("wss://{rest}")
        } else {
            format!("ws://{}", base.trim_start_matches("http://"))
        };
        format!("{ws}{API_PREFIX}{}", e::Live::PATH)
    }
}
