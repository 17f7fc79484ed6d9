//! Moving a store from before accounts had stores of their own into its account's store, step by step so that a killed upgrade resumes where it stopped.

use crate::store::accounts;
use crate::store::remove_db_files;
use crate::store::{self, Store, StoreError};
use std::path::{Path, PathBuf};

use super::*;

/// Settings that belong to an account (its cursors, what it has caught up with and the
/// draft left open).
pub const ACCOUNT_SETTINGS: [&str; 7] = [
    "tracking_cursor",
    "inbox_cursor",
    "chat_cursor",
    "inbox_caught_up",
    "chat_caught_up",
    "queue_caught_up",
    "open_draft",
];

/// Moves a damaged store (with its WAL) aside under a new name; returns the error saying
/// where it went.
pub(super) fn set_aside(path: &Path) -> Result<StoreError, StoreError> {
    let stamp = store::now().replace([':', '-'], "");
    let aside = PathBuf::from(format!("{}.rusak-{stamp}", path.display()));
    for ext in ["-wal", "-shm", ""] {
        let from = PathBuf::from(format!("{}{ext}", path.display()));
        if from.exists() {
            std::fs::rename(&from, PathBuf::from(format!("{}{ext}", aside.display())))?;
        }
    }
    tracing::warn!(aside = %aside.display(), "damaged account store set aside");
    Ok(StoreError::Damaged(aside))
}

/// Moves `from` to `to` unless that was done already (an upgrade interrupted after it).
pub(super) fn move_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    if !from.exists() {
        return Ok(());
    }
    if to.exists() {
        // Both exist only if the folder was recreated after an interrupted move: merge.
        for e in std::fs::read_dir(from)? {
            let e = e?;
            move_dir(&e.path(), &to.join(e.file_name()))?;
        }
        return std::fs::remove_dir_all(from);
    }
    if let Some(p) = to.parent() {
        std::fs::create_dir_all(p)?;
    }
    std::fs::rename(from, to)
}

/// Which part of a single store's rows a copy of it keeps.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Part {
    Account,
    Device,
}

/// Deletes from a copy of a single store the rows of the other part.
pub(super) async fn split(tx: &mut sqlx::SqliteConnection, keep: Part) -> Result<(), StoreError> {
    let quoted = |names: &[&str]| {
        names
            .iter()
            .map(|k| format!("'{k}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (tables, not): (Vec<&str>, &str) = match keep {
        Part::Account => (
            vec!["catalogue", "regions", "region_lists", "pending_logout"],
            "NOT",
        ),
        Part::Device => (
            ACCOUNT_TABLES.iter().copied().chain(["session"]).collect(),
            "",
        ),
    };
    for t in tables {
        sqlx::query(&format!("DELETE FROM {t}"))
            .execute(&mut *tx)
            .await?;
    }
    // The account keeps its settings and its forms; the device the others.
    let forms_not = if keep == Part::Account { "" } else { "NOT" };
    sqlx::query(&format!(
        "DELETE FROM settings WHERE key {not} IN ({})",
        quoted(&ACCOUNT_SETTINGS)
    ))
    .execute(&mut *tx)
    .await?;
    sqlx::query(&format!(
        "DELETE FROM form_drafts WHERE form {forms_not} IN ({})",
        quoted(&DEVICE_FORMS)
    ))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

pub(super) const LAYOUT: &str = "layout";

pub(super) const LAYOUT_ACCOUNTS: &str = "accounts";

/// A desktop from before accounts had stores of their own kept everything in the
/// device's database. Its data moves into the store of the account whose session it
/// holds (registered for `server`), or, with no session, aside into a folder of its own
/// that no account opens. Safe to interrupt at any point: it runs again from the start
/// until the device's layout is marked done, and the account's store is never opened
/// before that. Returns the folder the data went to.
pub async fn upgrade_single_store(
    device: &Store,
    data: &Path,
    server: &str,
) -> Result<Option<String>, StoreError> {
    upgrade_until(device, data, server, usize::MAX).await
}

/// The upgrade, stopping after `steps` of its steps (the tests' way of interrupting it).
pub(super) async fn upgrade_until(
    device: &Store,
    data: &Path,
    server: &str,
    steps: usize,
) -> Result<Option<String>, StoreError> {
    let mut step = 0;
    let mut interrupted = || {
        step += 1;
        step > steps
    };
    if store::settings::get(device, LAYOUT).await?.as_deref() == Some(LAYOUT_ACCOUNTS) {
        return Ok(None);
    }
    let session = store::session::load(device).await?;
    let mut rows = 0i64;
    for t in ACCOUNT_TABLES {
        rows += sqlx::query_scalar::<_, i64>(&format!("SELECT count(*) FROM {t}"))
            .fetch_one(&device.pool)
            .await?;
    }
    if session.is_none() && rows == 0 {
        store::settings::set(device, LAYOUT, LAYOUT_ACCOUNTS).await?;
        return Ok(None);
    }
    // A copy of everything as it was, kept whatever happens next.
    let backup = device.path().with_extension("pre-accounts.bak.sqlite");
    if !backup.exists() {
        let part = backup.with_extension("part");
        let _ = std::fs::remove_file(&part);
        sqlx::query("VACUUM INTO ?")
            .persistent(false)
            .bind(part.display().to_string())
            .execute(&device.pool)
            .await?;
        std::fs::rename(&part, &backup)?;
        tracing::info!(backup = %backup.display(), "single store backed up before moving it into an account's store");
    }
    if interrupted() {
        return Ok(None);
    }
    let owner = match &session {
        Some(s) => Some(accounts::find_or_register(device, server, &s.profile.id).await?),
        None => None,
    };
    let dir = match &owner {
        Some(o) => o.dir.clone(),
        None => match store::settings::get(device, "unclaimed_dir").await? {
            Some(d) => d,
            None => {
                let d = format!("unclaimed-{}", uuid::Uuid::new_v4().simple());
                store::settings::set(device, "unclaimed_dir", &d).await?;
                d
            }
        },
    };
    if interrupted() {
        return Ok(None);
    }
    let root = account_root(data, &dir);
    std::fs::create_dir_all(&root)?;
    let target = root.join("eptsp.sqlite");
    let part = root.join("eptsp.sqlite.part");
    // Left by an interrupted run: never opened, since the layout is not marked done.
    remove_db_files(&target)?;
    remove_db_files(&part)?;
    sqlx::query("VACUUM INTO ?")
        .persistent(false)
        .bind(part.display().to_string())
        .execute(&device.pool)
        .await?;
    if interrupted() {
        return Ok(None);
    }
    // The copy keeps only the account's part.
    {
        let copy = Store::open(&part).await?;
        let mut tx = copy.pool.begin().await?;
        split(&mut tx, Part::Account).await?;
        tx.commit().await?;
        // Checkpoint so that the single file holds everything before it is renamed (the
        // last connection to close removes the empty WAL).
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&copy.pool)
            .await?;
        copy.pool.close().await;
    }
    if interrupted() {
        return Ok(None);
    }
    // A WAL left beside the copy goes with it (SQLite names it after the database). It was
    // checkpointed empty, and SQLite may still be removing it as the pool closes.
    // (The shared-memory index is rebuilt from the WAL: not moved.)
    let side = |ext: &str, of: &Path| PathBuf::from(format!("{}{ext}", of.display()));
    match std::fs::rename(side("-wal", &part), side("-wal", &target)) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e.into()),
    }
    let _ = std::fs::remove_file(side("-shm", &part));
    std::fs::rename(&part, &target)?;
    if interrupted() {
        return Ok(None);
    }
    for folder in ["files", "cetak"] {
        move_dir(&data.join(folder), &root.join(folder))?;
        if interrupted() {
            return Ok(None);
        }
    }
    // Done: the device keeps only what it shares, and the account opens next.
    let mut tx = device.pool.begin().await?;
    split(&mut tx, Part::Device).await?;
    let current = owner.as_ref().map_or("", |o| o.dir.as_str());
    crate::store::settings::set_with_current_in(&mut tx, LAYOUT, LAYOUT_ACCOUNTS, current).await?;
    tx.commit().await?;
    tracing::info!(dir = %dir, "single store moved into the account's own store");
    Ok(Some(dir))
}
