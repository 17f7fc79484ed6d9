//! File Saya's entries as kept here (the bytes live in the encrypted file store, by
//! SHA-256): the statements behind the library, the wizard and the senders.

use super::{Store, StoreError};

/// One entry of File Saya as stored.
#[derive(Debug)]
pub struct FileRow {
    pub id: String,
    pub name: String,
    pub original_name: String,
    pub sha256: String,
    pub size: i64,
    pub kind: String,
    pub has_thumbnail: bool,
    pub created_at: String,
}

/// Adds an entry.
pub async fn insert(store: &Store, r: &FileRow) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT INTO files (id, name, original_name, sha256, size, kind, has_thumbnail, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        r.id,
        r.name,
        r.original_name,
        r.sha256,
        r.size,
        r.kind,
        r.has_thumbnail,
        r.created_at
    )
    .execute(&store.pool)
    .await?;
    Ok(())
}

/// How many entries have a name matching the LIKE `pattern` (escaped with `\`).
pub async fn count_named(store: &Store, pattern: &str) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!: i64" FROM files WHERE name LIKE ? ESCAPE '\'"#,
        pattern
    )
    .fetch_one(&store.pool)
    .await?)
}

/// A page of the entries whose name matches `pattern`, newest first.
pub async fn page_named(
    store: &Store,
    pattern: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<FileRow>, StoreError> {
    Ok(sqlx::query_as!(
        FileRow,
        r#"SELECT id AS "id!", name, original_name, sha256, size, kind,
            has_thumbnail AS "has_thumbnail: bool", created_at FROM files
         WHERE name LIKE ? ESCAPE '\' ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?"#,
        pattern,
        limit,
        offset
    )
    .fetch_all(&store.pool)
    .await?)
}

/// Removes an entry inside `tx`; its content (SHA-256), if it was there.
pub async fn delete_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    id: &str,
) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar!(
        r#"DELETE FROM files WHERE id = ? RETURNING sha256 AS "sha256!""#,
        id
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// Whether an entry holds the content `sha`, read inside `tx`.
pub async fn sha_used_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    sha: &str,
) -> Result<bool, StoreError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM files WHERE sha256 = ?) AS "e!: bool""#,
        sha
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Whether an entry holds the content `sha`.
pub async fn sha_used(store: &Store, sha: &str) -> Result<bool, StoreError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM files WHERE sha256 = ?) AS "e!: bool""#,
        sha
    )
    .fetch_one(&store.pool)
    .await?)
}

/// The content (SHA-256) and type of an entry.
pub async fn sha_kind(store: &Store, id: &str) -> Result<Option<(String, String)>, StoreError> {
    Ok(
        sqlx::query!("SELECT sha256, kind FROM files WHERE id = ?", id)
            .fetch_optional(&store.pool)
            .await?
            .map(|r| (r.sha256, r.kind)),
    )
}

/// Each content held (SHA-256) with its type.
pub async fn distinct_sha_kinds(store: &Store) -> Result<Vec<(String, String)>, StoreError> {
    Ok(
        sqlx::query!(r#"SELECT DISTINCT sha256 AS "sha256!", kind AS "kind!" FROM files"#)
            .fetch_all(&store.pool)
            .await?
            .into_iter()
            .map(|r| (r.sha256, r.kind))
            .collect(),
    )
}

/// The type and size of an entry.
pub async fn kind_size(store: &Store, id: &str) -> Result<Option<(String, i64)>, StoreError> {
    Ok(
        sqlx::query!("SELECT kind, size FROM files WHERE id = ?", id)
            .fetch_optional(&store.pool)
            .await?
            .map(|r| (r.kind, r.size)),
    )
}

/// The content (SHA-256), size and original name of an entry.
pub async fn blob(store: &Store, id: &str) -> Result<Option<(String, i64, String)>, StoreError> {
    Ok(sqlx::query!(
        "SELECT sha256, size, original_name FROM files WHERE id = ?",
        id
    )
    .fetch_optional(&store.pool)
    .await?
    .map(|r| (r.sha256, r.size, r.original_name)))
}

/// The content (SHA-256), size, original name and type of an entry, in one read.
pub async fn blob_kind(
    store: &Store,
    id: &str,
) -> Result<Option<(String, i64, String, String)>, StoreError> {
    Ok(sqlx::query!(
        "SELECT sha256, size, original_name, kind FROM files WHERE id = ?",
        id
    )
    .fetch_optional(&store.pool)
    .await?
    .map(|r| (r.sha256, r.size, r.original_name, r.kind)))
}

/// The original name of an entry.
pub async fn original_name(store: &Store, id: &str) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar!("SELECT original_name FROM files WHERE id = ?", id)
            .fetch_optional(&store.pool)
            .await?,
    )
}

/// Whether the entry `id` exists.
pub async fn exists(store: &Store, id: &str) -> Result<bool, StoreError> {
    Ok(sqlx::query_scalar!("SELECT id FROM files WHERE id = ?", id)
        .fetch_optional(&store.pool)
        .await?
        .is_some())
}

/// Every entry's content (SHA-256) and id, newest first.
pub async fn sha_ids_newest(store: &Store) -> Result<Vec<(String, String)>, StoreError> {
    Ok(
        sqlx::query!(r#"SELECT sha256, id AS "id!" FROM files ORDER BY created_at DESC"#)
            .fetch_all(&store.pool)
            .await?
            .into_iter()
            .map(|r| (r.sha256, r.id))
            .collect(),
    )
}

/// What `sha256` is sent as at `max_px` (its SHA-256 and size), if made before.
pub async fn variant(
    store: &Store,
    sha256: &str,
    max_px: i64,
) -> Result<Option<(String, i64)>, StoreError> {
    Ok(sqlx::query!(
        "SELECT variant_sha256, variant_size FROM file_variants WHERE sha256 = ? AND max_px = ?",
        sha256,
        max_px
    )
    .fetch_optional(&store.pool)
    .await?
    .map(|r| (r.variant_sha256, r.variant_size)))
}

/// Remembers what `sha256` is sent as at `max_px`.
pub async fn save_variant(
    store: &Store,
    sha256: &str,
    max_px: i64,
    variant_sha256: &str,
    variant_size: i64,
) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT OR REPLACE INTO file_variants (sha256, max_px, variant_sha256, variant_size)
         VALUES (?, ?, ?, ?)",
        sha256,
        max_px,
        variant_sha256,
        variant_size
    )
    .execute(&store.pool)
    .await?;
    Ok(())
}

/// Forgets the variants of `sha256` (its entry is gone); returns their contents.
pub async fn delete_variants_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    sha256: &str,
) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar!(
        "DELETE FROM file_variants WHERE sha256 = ? RETURNING variant_sha256",
        sha256
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// The contents sent for entries (a downscaled photo) with the entry each stands for.
pub async fn variant_sha_ids(store: &Store) -> Result<Vec<(String, String)>, StoreError> {
    Ok(sqlx::query!(
        r#"SELECT v.variant_sha256, f.id AS "id!" FROM file_variants v
           JOIN files f ON f.sha256 = v.sha256 ORDER BY f.created_at DESC"#
    )
    .fetch_all(&store.pool)
    .await?
    .into_iter()
    .map(|r| (r.variant_sha256, r.id))
    .collect())
}
