//! Reference data for the address selects. Public: registration needs it before login.

use axum::extract::State;
use eptsp_core::api::Region;

use crate::AppState;
use crate::error::{ApiResult, AppJson, AppPath};
use crate::regions;

pub async fn provinces(State(state): State<AppState>) -> ApiResult<AppJson<Vec<Region>>> {
    Ok(AppJson(regions::provinces(&state.db).await?))
}

pub async fn children(
    State(state): State<AppState>,
    AppPath(code): AppPath<String>,
) -> ApiResult<AppJson<Vec<Region>>> {
    Ok(AppJson(regions::children_of(&state.db, Some(&code)).await?))
}
