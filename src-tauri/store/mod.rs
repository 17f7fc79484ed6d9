//! The local SQLite store (WAL, foreign keys, busy timeout). Migrations run at start-up;
//! an existing database is copied aside with `VACUUM INTO` before any migration touches it.

pub mod accounts;
pub mod applications;
pub mod catalogue;
pub mod chat;
pub mod drafts;
pub mod files;
pub mod forms;
pub mod inbox;
pub mod notes;
pub mod office;
pub mod outbox;
pub mod regions;
pub mod session;
pub mod settings;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, SqlitePool};

use crate::crypto::DataKey;

pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Sql(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The file is not a database of this app's (damaged, or another program's): it was
    /// moved aside to this path, never overwritten.
    #[error("damaged store kept aside at {0}")]
    Damaged(PathBuf),
}

impl StoreError {
    /// SQLite's "file is not a database" and "database disk image is malformed".
    pub fn is_damaged_file(&self) -> bool {
        match self {
            StoreError::Sql(sqlx::Error::Database(e)) => {
                matches!(e.code().as_deref(), Some("26" | "11"))
            }
            StoreError::Migrate(sqlx::migrate::MigrateError::Execute(sqlx::Error::Database(e))) => {
                matches!(e.code().as_deref(), Some("26" | "11"))
            }
            _ => false,
        }
    }

    /// SQLite's "database is locked" (another connection still holds the file).
    fn is_busy(&self) -> bool {
        matches!(self, StoreError::Sql(sqlx::Error::Database(e))
            if e.code().as_deref().and_then(|c| c.parse::<i32>().ok()).is_some_and(|c| c & 0xff == 5))
    }
}

#[derive(Clone)]
pub struct Store {
    pub pool: SqlitePool,
    path: PathBuf,
}

/// The instant `delay_secs` from now, as stored (RFC 3339): when to try again.
pub fn later(delay_secs: i64) -> String {
    (time::OffsetDateTime::now_utc() + time::Duration::seconds(delay_secs))
        .format(&time::format_description::well_known::Rfc3339)
        .expect("formats")
}

pub use eptsp_core::search::contains_pattern;

/// A stored status decoded as `#[sqlx(try_from = "String")]` would (a column decode error).
pub(crate) fn status(name: String) -> Result<eptsp_core::lifecycle::Status, StoreError> {
    eptsp_core::lifecycle::Status::try_from(name).map_err(|e| {
        StoreError::Sql(sqlx::Error::ColumnDecode {
            index: "\"status\"".into(),
            source: e.into(),
        })
    })
}

/// What waits to be sent: queued submissions, queued decisions and chat messages.
pub async fn pending_counts(store: &Store) -> Result<(i64, i64, i64), StoreError> {
    let r = sqlx::query!(
        r#"SELECT (SELECT count(*) FROM outbox WHERE state = 'queued') AS "s!: i64",
                (SELECT count(*) FROM decision_outbox WHERE state = 'queued') AS "d!: i64",
                (SELECT count(*) FROM chat_outbox) AS "c!: i64""#
    )
    .fetch_one(&store.pool)
    .await?;
    Ok((r.s, r.d, r.c))
}

/// The earliest next attempt of a queued submission or decision.
pub async fn next_attempt(store: &Store) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT min(t) AS "t?: String" FROM (SELECT next_attempt AS t FROM outbox WHERE state = 'queued'
                             UNION ALL SELECT next_attempt FROM decision_outbox WHERE state = 'queued')"#
    )
    .fetch_one(&store.pool)
    .await?)
}

pub fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .expect("now formats")
}

impl Store {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        Self::open_with(path, &MIGRATOR).await
    }

    pub async fn open_with(path: &Path, migrator: &Migrator) -> Result<Store, StoreError> {
        Self::open_keyed(path, migrator, None).await
    }

    /// Opens an account's store, encrypted with `key` (SQLCipher). A store still in
    /// plain SQLite (written by an older version) is encrypted first, in a copy that
    /// replaces it only when complete.
    pub async fn open_encrypted(path: &Path, key: &DataKey) -> Result<Store, StoreError> {
        encrypt_if_plain(path, key).await?;
        Self::open_keyed(path, &MIGRATOR, Some(key)).await
    }

    async fn open_keyed(
        path: &Path,
        migrator: &Migrator,
        key: Option<&DataKey>,
    ) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut opts = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?;
        if let Some(k) = key {
            // sqlx sends `key` first, before anything reads the file.
            opts = opts.pragma("key", k.sqlcipher_pragma().to_string());
        }
        let opts = opts
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(opts)
            .await?;
        let store = Store {
            pool,
            path: path.to_owned(),
        };
        store.backup_if_migrating(migrator).await?;
        migrator.run(&store.pool).await?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The versions applied so far (none for a new file).
    async fn applied(&self) -> Result<Vec<i64>, StoreError> {
        let exists: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
        )
        .fetch_one(&self.pool)
        .await?;
        if !exists {
            return Ok(Vec::new());
        }
        Ok(
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Copies the database aside when it holds data and a migration is about to run.
    /// Returns the backup's path.
    async fn backup_if_migrating(
        &self,
        migrator: &Migrator,
    ) -> Result<Option<PathBuf>, StoreError> {
        let applied = self.applied().await?;
        let pending = migrator.iter().any(|m| !applied.contains(&m.version));
        if applied.is_empty() || !pending {
            return Ok(None);
        }
        let version = applied.iter().max().copied().unwrap_or_default();
        let stamp = now().replace([':', '-'], "");
        let backup = self
            .path
            .with_extension(format!("v{version}-{stamp}.bak.sqlite"));
        // VACUUM INTO writes a consistent copy that includes what is still in the WAL.
        sqlx::query("VACUUM INTO ?")
            .bind(backup.display().to_string())
            .execute(&self.pool)
            .await?;
        tracing::info!(backup = %backup.display(), "local store backed up before migrating");
        Ok(Some(backup))
    }
}

/// Removes a database file with its WAL and shared-memory files.
pub fn remove_db_files(path: &Path) -> std::io::Result<()> {
    for ext in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{ext}", path.display()));
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// True when the file at `path` is a plain (unencrypted) SQLite database.
pub fn is_plain_sqlite(path: &Path) -> bool {
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok()
        && &head == b"SQLite format 3\0"
}

/// Encrypts a plain store in place: made self-contained (no WAL), exported with
/// SQLCipher into a copy beside it, which then replaces it. Interrupted, it leaves either
/// the plain store or the encrypted one, never half of either.
async fn encrypt_if_plain(path: &Path, key: &DataKey) -> Result<(), StoreError> {
    // A pool closed just before may still hold a connection for a moment (sqlx's
    // `Pool::close` can return before its last connection is closed), and changing the
    // journal mode needs the file alone: wait for it rather than fail the sign-in. Each
    // try starts from the file as it is, so a try cut short leaves nothing to undo.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        match encrypt_once(path, key).await {
            Err(e) if e.is_busy() && std::time::Instant::now() < deadline => {
                tracing::debug!(store = %path.display(), "store still held by a closing connection");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            r => return r,
        }
    }
}

async fn encrypt_once(path: &Path, key: &DataKey) -> Result<(), StoreError> {
    let part = PathBuf::from(format!("{}.enc-part", path.display()));
    remove_db_files(&part)?;
    if !is_plain_sqlite(path) {
        return Ok(());
    }
    {
        // The plain store made self-contained first (its WAL folded in and removed).
        let mut plain =
            sqlx::SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(path))
                .await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut plain)
            .await?;
        sqlx::query("PRAGMA journal_mode = DELETE")
            .execute(&mut plain)
            .await?;
        plain.close().await?;
    }
    // A new encrypted database that reads the plain one in (an empty key: not encrypted).
    let mut conn = sqlx::SqliteConnection::connect_with(
        &SqliteConnectOptions::new()
            .filename(&part)
            .create_if_missing(true)
            .pragma("key", key.sqlcipher_pragma().to_string()),
    )
    .await?;
    sqlx::query(&format!(
        "ATTACH DATABASE '{}' AS plain KEY ''",
        path.display().to_string().replace('\'', "''")
    ))
    .execute(&mut conn)
    .await?;
    sqlx::query("SELECT sqlcipher_export('main', 'plain')")
        .execute(&mut conn)
        .await?;
    sqlx::query("DETACH DATABASE plain")
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    std::fs::File::open(&part)?.sync_all()?;
    remove_db_files(&PathBuf::from(format!("{}-journal", path.display())))?;
    std::fs::rename(&part, path)?;
    tracing::info!(store = %path.display(), "plain account store encrypted");
    Ok(())
}

#[cfg(test)]
mod tests;
