//! The applications received by the office, as kept here: the reads behind Permohonan
//! Saya's search, Cetak Resi and Perpanjangan.

use serde::Serialize;
use ts_rs::TS;

use super::outbox::LocalApplication;
use super::{Store, StoreError};

/// What Cetak Resi prints of an application.
pub struct ResiRow {
    pub resi: String,
    pub permit_type_id: String,
    pub kind: String,
    pub submitted_at: String,
    pub data_json: String,
}

/// The receipt number of an application (`RowNotFound` when there is none).
pub async fn resi(store: &Store, id: &str) -> Result<String, StoreError> {
    Ok(
        sqlx::query_scalar!("SELECT resi FROM applications WHERE id = ?", id)
            .fetch_one(&store.pool)
            .await?,
    )
}

/// The fields Cetak Resi prints.
pub async fn for_resi(store: &Store, id: &str) -> Result<Option<ResiRow>, StoreError> {
    Ok(sqlx::query_as!(
        ResiRow,
        "SELECT resi, permit_type_id, kind, submitted_at, data_json FROM applications WHERE id = ?",
        id
    )
    .fetch_optional(&store.pool)
    .await?)
}

/// The wizard's data of an application (the local copy).
pub async fn data_json(store: &Store, id: &str) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar!("SELECT data_json FROM applications WHERE id = ?", id)
            .fetch_optional(&store.pool)
            .await?,
    )
}

/// The applications listed on one page of Permohonan Saya.
pub const PAGE_SIZE: i64 = 10;

/// One page of Permohonan Saya: the applications that match, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ApplicationPage {
    pub items: Vec<LocalApplication>,
    #[ts(type = "number")]
    pub page: i64,
    #[ts(type = "number")]
    pub pages: i64,
    #[ts(type = "number")]
    pub total: i64,
}

/// What Permohonan Saya's search box asks for: a resi typed with or without its dashes, or
/// a part of a permit type's name (the permit types come from the catalogue, so their
/// names are matched here and their ids handed to SQL).
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicationSearch {
    /// A LIKE pattern over the resi without its dashes.
    resi: String,
    /// The permit types whose name contains the query, as a JSON array.
    permit_types: String,
}

impl ApplicationSearch {
    pub fn new(query: &str, catalogue: Option<&eptsp_core::catalogue::Catalogue>) -> Self {
        let q = query.trim().to_lowercase();
        let bare: String = q
            .chars()
            .filter(|c| *c != '-' && !c.is_whitespace())
            .collect();
        let ids: Vec<&str> = if q.is_empty() {
            Vec::new()
        } else {
            catalogue
                .into_iter()
                .flat_map(|c| c.agencies.iter())
                .flat_map(|a| a.permit_types.iter())
                .filter(|t| t.name.to_lowercase().contains(&q))
                .map(|t| t.id.as_str())
                .collect()
        };
        ApplicationSearch {
            resi: super::contains_pattern(&bare),
            permit_types: serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into()),
        }
    }
}

/// Page `page` (from 1; past the end gives the last) of the applications `search` finds.
pub async fn applications_page(
    store: &Store,
    search: &ApplicationSearch,
    page: i64,
) -> Result<ApplicationPage, StoreError> {
    let (resi, types) = (&search.resi, &search.permit_types);
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!: i64" FROM applications
         WHERE replace(resi, '-', '') LIKE ?1 ESCAPE '\'
            OR permit_type_id IN (SELECT value FROM json_each(?2))"#,
        resi,
        types
    )
    .fetch_one(&store.pool)
    .await?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let offset = (page - 1) * PAGE_SIZE;
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", resi, permit_type_id, kind, status, submitted_at
         FROM applications
         WHERE replace(resi, '-', '') LIKE ?1 ESCAPE '\'
            OR permit_type_id IN (SELECT value FROM json_each(?2))
         ORDER BY submitted_at DESC, id LIMIT ?3 OFFSET ?4"#,
        resi,
        types,
        PAGE_SIZE,
        offset
    )
    .fetch_all(&store.pool)
    .await?;
    let items = rows
        .into_iter()
        .map(|r| {
            Ok(LocalApplication {
                id: r.id,
                resi: r.resi,
                permit_type_id: r.permit_type_id,
                kind: r.kind,
                status: super::status(r.status)?,
                submitted_at: r.submitted_at,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(ApplicationPage {
        items,
        page,
        pages,
        total,
    })
}
