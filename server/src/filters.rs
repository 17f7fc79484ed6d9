//! What the office's searchable lists (the audit log, the archive) take from a query
//! alike: a text typed or left empty, and a period of whole days in WITA.

use eptsp_core::calendar::{WITA, parse_date};
use time::OffsetDateTime;

use crate::error::{ApiError, ApiResult};

/// The text typed, trimmed; none when nothing was.
pub fn given(v: Option<&String>) -> Option<&str> {
    v.map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// The days `from` to `to` (YYYY-MM-DD, each optional) as the instants they span: from the
/// first day's first moment, to before the moment after the last day. A day written
/// otherwise, or a period ending before it starts, is refused on its field.
pub fn period(
    from: Option<&String>,
    to: Option<&String>,
) -> ApiResult<(Option<OffsetDateTime>, Option<OffsetDateTime>)> {
    let day = |field: &'static str, v: Option<&String>| -> ApiResult<Option<time::Date>> {
        given(v)
            .map(|s| {
                parse_date(s)
                    .ok_or_else(|| ApiError::field(field, "date", "Tanggal ditulis YYYY-MM-DD"))
            })
            .transpose()
    };
    let from = day("from", from)?;
    let to = day("to", to)?;
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        return Err(ApiError::field(
            "to",
            "period",
            "Tanggal akhir tidak boleh sebelum tanggal awal",
        ));
    }
    Ok((
        from.map(|d| d.midnight().assume_offset(WITA)),
        to.and_then(time::Date::next_day)
            .map(|d| d.midnight().assume_offset(WITA)),
    ))
}
