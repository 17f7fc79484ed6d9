//! Izin Saya as kept here: the permits pulled from the server and the reminders due before they expire.

use super::{Store, StoreError, now};
use eptsp_core::office::PermitView;
use serde::Serialize;
use ts_rs::TS;

/// Replaces the local copy of the applicant's permits, keeping when each was reminded.
pub async fn save_permits(store: &Store, list: &[PermitView]) -> Result<(), StoreError> {
    let t = now();
    let mut tx = store.pool.begin().await?;
    for p in list {
        let state = serde_json::to_value(p.state)?
            .as_str()
            .unwrap_or("aktif")
            .to_owned();
        let json = serde_json::to_string(&p.izin)?;
        sqlx::query!(
            "INSERT INTO permits (application_id, nomor, izin_json, state, valid_until, fetched_at)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (application_id) DO UPDATE SET nomor = excluded.nomor, izin_json = excluded.izin_json,
                 state = excluded.state, valid_until = excluded.valid_until, fetched_at = excluded.fetched_at",
            p.izin.content.application_id,
            p.izin.content.nomor,
            json,
            state,
            p.izin.content.berlaku_sampai,
            t
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A permit held here, with its state worked out for today.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LocalPermit {
    pub izin: eptsp_core::izin::SignedIzin,
    /// aktif, kadaluarsa or dicabut.
    pub state: String,
    /// Days until it expires (negative: expired); none: no expiry.
    #[ts(type = "number | null")]
    pub days_left: Option<i64>,
    /// The resi of the newest application sent from here that renews it (Perpanjangan).
    pub renewed_by: Option<String>,
}

/// Izin Saya, newest first, each with its state and the days left on `today` (in WITA).
pub async fn permits(store: &Store, today: time::Date) -> Result<Vec<LocalPermit>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT p.izin_json, p.state,
                  (SELECT a.resi FROM applications a
                   WHERE json_extract(a.data_json, '$.renews') = p.application_id
                     AND a.kind = 'perpanjangan'
                   ORDER BY a.submitted_at DESC LIMIT 1) AS "renewed_by?: String"
           FROM permits p ORDER BY p.nomor DESC"#
    )
    .fetch_all(&store.pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            let state = r.state;
            let izin: eptsp_core::izin::SignedIzin = serde_json::from_str(&r.izin_json)?;
            let days_left = eptsp_core::calendar::parse_date(&izin.content.berlaku_sampai)
                .map(|d| (d - today).whole_days());
            let state = if state == "dicabut" {
                state
            } else if days_left.is_some_and(|d| d < 0) {
                "kadaluarsa".to_owned()
            } else {
                "aktif".to_owned()
            };
            Ok(LocalPermit {
                izin,
                state,
                days_left,
                renewed_by: r
                    .renewed_by
                    .map(|r| eptsp_core::resi::Resi::parse(&r).map_or(r, |x| x.to_string())),
            })
        })
        .collect()
}

/// Active permits within `days` of expiry on `today` that have not been announced yet;
/// marks them.
pub async fn due_reminders(
    store: &Store,
    days: i64,
    today: time::Date,
) -> Result<Vec<LocalPermit>, StoreError> {
    let mut out = Vec::new();
    for p in permits(store, today).await? {
        if p.state != "aktif" || p.days_left.is_none_or(|d| d > days) {
            continue;
        }
        let at = now();
        let r = sqlx::query!(
            "UPDATE permits SET reminded_at = ? WHERE application_id = ? AND reminded_at IS NULL",
            at,
            p.izin.content.application_id
        )
        .execute(&store.pool)
        .await?;
        if r.rows_affected() == 1 {
            out.push(p);
        }
    }
    Ok(out)
}
