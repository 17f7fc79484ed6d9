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

const KEPT: &str = "holidays";
const KEPT_AT: &str = "holidays_fetched_at";

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
        match self.api.get::<e::HolidaysOf>(None, (), &NoQuery {}).await {
            Ok(t) => {
                self.set_online(true);
                self.keep_holidays(&t).await?;
                Ok(HolidaysView {
                    table: t,
                    from_cache: false,
                    fetched_at: store::settings::get(&self.device, KEPT_AT).await?,
                })
            }
            Err(ClientError::Offline(_)) => {
                self.set_online(false);
                Ok(HolidaysView {
                    table: store::settings::get(&self.device, KEPT)
                        .await?
                        .and_then(|j| serde_json::from_str(&j).ok())
                        .unwrap_or_default(),
                    from_cache: true,
                    fetched_at: store::settings::get(&self.device, KEPT_AT).await?,
                })
            }
            Err(e) => Err(e.into()),
        }
    }

    async fn keep_holidays(&self, t: &HolidayTable) -> CmdResult<()> {
        let json =
            serde_json::to_string(t).map_err(|e| CommandError::new("store", e.to_string()))?;
        let now = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        store::settings::set(&self.device, KEPT, &json).await?;
        store::settings::set(&self.device, KEPT_AT, &now).await?;
        Ok(())
    }

    async fn kept_after(&self, r: Result<HolidayTable, ClientError>) -> CmdResult<HolidayTable> {
        let t = self.authed(r).await?;
        self.keep_holidays(&t).await?;
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
