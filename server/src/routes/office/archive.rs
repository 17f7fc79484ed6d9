//! The officers' archive: every application and permit, searched a page at a time.

use axum::extract::State;
use eptsp_core::archive::{ArchivePage, ArchiveQuery};

use crate::AppState;
use crate::archive::{self, Filter};
use crate::error::{ApiResult, AppJson, AppQuery};

pub async fn archive(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<ArchiveQuery>,
) -> ApiResult<AppJson<ArchivePage>> {
    let f = Filter::new(&q)?;
    Ok(AppJson(
        archive::page(&state.db, &f, q.page.unwrap_or(1)).await?,
    ))
}
