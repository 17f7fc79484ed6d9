//! The applications received by the office, as kept here: the reads behind Cetak Resi
//! and Perpanjangan.

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
