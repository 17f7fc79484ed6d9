//! The working-day calendar's closed days on the desktop: fetched when the server answers
//! and kept in the shared store (Bantuan shows them offline too); the administrator's
//! changes, one day or a year's SKB table at once.

use eptsp_core::endpoint::{NoBody, NoQuery};
use eptsp_core::endpoints as e;
use eptsp_core::holidays::{HolidayEdit, HolidayImport, HolidayTable};
use serde::Serialize;
use ts_rs::TS;

use crate::backend::{Backend, CmdResult};
use crate::client::ClientError;
use crate::error::CommandError;
use crate::store;

/// Where the device keeps the table.
const KEPT: &str = "holidays";

/// The holiday table as the desktop shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct HolidaysView {
    pub table: HolidayTable,
    /// Shown from what this computer kept (the server did not answer).
    pub from_cache: bool,
    /// When it was last fetched (RFC 3339); none: never.
    pub fetched_at: Option<String>,
}

impl Backend {
    /// The table: fetched now when the server answers and kept; otherwise what was kept
    /// (nothing yet: empty).
    pub async fn holidays(&self) -> CmdResult<HolidaysView> {
        let fetched = self.api.get::<e::HolidaysOf>(None, (), &NoQuery {}).await;
        let k = self.fetched_or_kept(KEPT, fetched).await?;
        Ok(HolidaysView {
            table: k.value,
            from_cache: k.from_cache,
            fetched_at: k.fetched_at,
        })
    }

    /// An administrator's change answered with the table as it now stands, kept.
    async fn kept_after(&self, r: Result<HolidayTable, ClientError>) -> CmdResult<HolidayTable> {
        let t = self.authed(r).await?;
        store::settings::keep_json(&self.device, KEPT, &t).await?;
        Ok(t)
    }

    /// Adds or changes the closed day `date` (`YYYY-MM-DD`).
    pub async fn holiday_put(&self, date: &str, edit: HolidayEdit) -> CmdResult<HolidayTable> {
        edit.check().map_err(|e| CommandError::fields(vec![e]))?;
        let token = self.token().await?;
        self.kept_after(
            self.api
                .send::<e::PutHoliday>(Some(&token), date.trim().to_owned(), &edit)
                .await,
        )
        .await
    }

    /// Removes the closed day `date`.
    pub async fn holiday_delete(&self, date: &str) -> CmdResult<HolidayTable> {
        let token = self.token().await?;
        self.kept_after(
            self.api
                .send::<e::DeleteHoliday>(Some(&token), date.to_owned(), &NoBody {})
                .await,
        )
        .await
    }

    /// Loads year `year`'s SKB table whole (checked here first, every bad line named).
    pub async fn holidays_import(&self, year: i32, req: HolidayImport) -> CmdResult<HolidayTable> {
        eptsp_core::holidays::parse_csv(&req.csv, Some(year)).map_err(CommandError::fields)?;
        let token = self.token().await?;
        self.kept_after(
            self.api
                .send::<e::ImportHolidays>(Some(&token), year, &req)
                .await,
        )
        .await
    }
}
