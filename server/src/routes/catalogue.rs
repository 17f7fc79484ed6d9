//! The catalogue, public (the "Persyaratan" pages need no login). The version is the ETag,
//! so a desktop that already has it gets a 304 and no body.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::catalogue;
use crate::error::{ApiResult, AppJson};

pub async fn get_catalogue(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let version = catalogue::version(&state.db).await?;
    let etag = format!("\"{version}\"");
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let etag_value = HeaderValue::from_str(&etag).expect("digits and quotes");
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag_value)]).into_response());
    }
    let c = catalogue::load(&state.db).await?;
    let etag_value =
        HeaderValue::from_str(&format!("\"{}\"", c.version)).expect("digits and quotes");
    Ok(([(header::ETAG, etag_value)], AppJson(c)).into_response())
}
