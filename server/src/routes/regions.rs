//! Reference data for the address selects. Public: registration needs it before login.

use axum::extract::State;
use eptsp_core::api::Region;

use crate::AppState;
use crate::error::{ApiResult, AppJson, AppPath};
use crate::regions;

#[utoipa::path(get, path = "/api/v1/regions", tag = "regions",
    responses((status = 200, body = Vec<Region>, description = "The provinces")))]
pub async fn provinces(State(state): State<AppState>) -> ApiResult<AppJson<Vec<Region>>> {
    Ok(AppJson(regions::provinces(&state.db).await?))
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/children", tag = "regions",
    params(("code" = String, Path, description = "Kemendagri code, e.g. 64 or 64.72")),
    responses((status = 200, body = Vec<Region>)))]
pub async fn children(
    State(state): State<AppState>,
    AppPath(code): AppPath<String>,
) -> ApiResult<AppJson<Vec<Region>>> {
    Ok(AppJson(regions::children_of(&state.db, Some(&code)).await?))
}
