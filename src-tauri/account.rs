//! One local store per account. Each account that signs in on this desktop (keyed by
//! server and user id) has its own folder `accounts/<dir>/` with its own SQLite database
//! and File Saya, so no query made for one account can reach another account's rows. The
//! device's own database keeps only what every account shares.

use std::path::{Path, PathBuf};
use std::sync::RwLock;

use eptsp_core::role::Role;

use crate::crypto::DataKey;
use crate::files::FileStore;
use crate::store::accounts::{self, AccountRow};
use crate::store::{self, Store, StoreError};

/// The tables that hold an account's own data (children before parents).
pub const ACCOUNT_TABLES: [&str; 11] = [
    "chat_outbox",
    "chat_messages",
    "inbox",
    "decision_outbox",
    "review_cases",
    "permits",
    "tracking",
    "outbox",
    "applications",
    "drafts",
    "files",
];

/// Settings that belong to an account (its cursors and the draft left open).
pub const ACCOUNT_SETTINGS: [&str; 4] = [
    "tracking_cursor",
    "inbox_cursor",
    "chat_cursor",
    "open_draft",
];

/// Forms typed before anyone signs in: they stay with the device.
pub const DEVICE_FORMS: [&str; 3] = ["login", "register", "forgot"];

/// The signed-in account's store and files.
pub struct Account {
    pub dir: String,
    pub server: String,
    pub user_id: String,
    pub store: Store,
    pub files: FileStore,
    key: DataKey,
    /// The role the server gave this session, re-checked at each sync.
    role: RwLock<Role>,
    role_checked_at: std::sync::Mutex<Option<std::time::Instant>>,
}

/// How often a sync pass asks the server for the session's role again.
const ROLE_RECHECK: std::time::Duration = std::time::Duration::from_secs(60);

/// `<data>/accounts/<dir>`.
pub fn account_root(data: &Path, dir: &str) -> PathBuf {
    data.join("accounts").join(dir)
}

impl Account {
    /// Opens (creating if needed) the account's store with its data key and brings its
    /// schema up to date; what an older version kept in plain form is encrypted first.
    pub async fn open(data: &Path, row: AccountRow, key: DataKey) -> Result<Account, StoreError> {
        let root = account_root(data, &row.dir);
        let path = root.join("eptsp.sqlite");
        let store = match Store::open_encrypted(&path, &key).await {
            Ok(s) => s,
            Err(e) if e.is_damaged_file() => return Err(set_aside(&path)?),
            Err(e) => return Err(e),
        };
        let files = FileStore::new(&root, key.clone());
        files.adopt(&FileStore::legacy(&root), &store).await?;
        // Plain copies made for a viewer in an earlier session.
        files.clear_viewer_copies();
        let role = store::session::load(&store)
            .await?
            .map(|s| s.profile.role)
            .unwrap_or(Role::Pemohon);
        Ok(Account {
            dir: row.dir,
            server: row.server,
            user_id: row.user_id,
            files,
            store,
            key,
            role: RwLock::new(role),
            role_checked_at: std::sync::Mutex::new(None),
        })
    }

    pub fn key(&self) -> &DataKey {
        &self.key
    }

    pub fn root(&self) -> &Path {
        self.store.path().parent().unwrap_or(Path::new("."))
    }

    pub fn role(&self) -> Role {
        *self.role.read().expect("role lock")
    }

    pub fn set_role(&self, role: Role) {
        *self.role.write().expect("role lock") = role;
    }

    /// True when the role has not been confirmed by the server in the last minute.
    pub fn role_check_due(&self) -> bool {
        self.role_checked_at
            .lock()
            .expect("role check lock")
            .is_none_or(|t| t.elapsed() >= ROLE_RECHECK)
    }

    /// The next sync pass asks the server for the role again (after being offline).
    pub fn recheck_role_soon(&self) {
        *self.role_checked_at.lock().expect("role check lock") = None;
    }

    pub fn role_checked(&self) {
        *self.role_checked_at.lock().expect("role check lock") = Some(std::time::Instant::now());
    }

    /// What this account still has to send: drafts in the outbox (not refused),
    /// decisions and chat messages.
    pub async fn pending(&self) -> Result<Pending, StoreError> {
        let (submissions, decisions, chat): (i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM outbox WHERE state = 'queued'),
                    (SELECT count(*) FROM decision_outbox WHERE state = 'queued'),
                    (SELECT count(*) FROM chat_outbox)",
        )
        .fetch_one(&self.store.pool)
        .await?;
        Ok(Pending {
            submissions,
            decisions,
            chat,
        })
    }
}

/// "Tetap masuk": an account's data key in the system's credential store, so the app
/// opens that account after a restart without the password.
pub mod keychain {
    use super::DataKey;

    const SERVICE: &str = "id.go.kaltimprov.dpmptsp.eptsp-desktop";

    fn entry(dir: &str) -> keyring::Result<keyring::Entry> {
        keyring::Entry::new(SERVICE, &format!("akun-{dir}"))
    }

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    /// Keeps the key; `Err` when the system has no credential store to keep it in.
    pub async fn keep(dir: &str, key: &DataKey) -> Result<(), String> {
        let (dir, secret) = (dir.to_owned(), zeroize::Zeroizing::new(hex(key.as_bytes())));
        tokio::task::spawn_blocking(move || entry(&dir)?.set_password(&secret))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())
    }

    pub async fn load(dir: &str) -> Option<DataKey> {
        let dir = dir.to_owned();
        let got = tokio::task::spawn_blocking(move || entry(&dir)?.get_password())
            .await
            .ok()?;
        match got {
            Ok(s) => {
                crate::crypto::secret_from_hex(&zeroize::Zeroizing::new(s)).map(DataKey::from_bytes)
            }
            Err(e) => {
                tracing::info!(error = %e, "no kept key in the credential store");
                None
            }
        }
    }

    pub async fn forget(dir: &str) {
        let dir = dir.to_owned();
        let _ = tokio::task::spawn_blocking(move || {
            match entry(&dir).and_then(|e| e.delete_credential()) {
                Ok(()) | Err(keyring::Error::NoEntry) => {}
                Err(e) => tracing::warn!(error = %e, "kept key not removed"),
            }
        })
        .await;
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Pending {
    pub submissions: i64,
    pub decisions: i64,
    pub chat: i64,
}

impl Pending {
    pub fn is_empty(&self) -> bool {
        self.submissions == 0 && self.decisions == 0 && self.chat == 0
    }

    /// What the user is told at sign-out when work is still waiting to be sent.
    pub fn message(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.submissions > 0 {
            parts.push(format!("{} permohonan", self.submissions));
        }
        if self.decisions > 0 {
            parts.push(format!("{} keputusan verifikasi", self.decisions));
        }
        if self.chat > 0 {
            parts.push(format!("{} pesan chat", self.chat));
        }
        match parts.len() {
            0 => None,
            _ if self.decisions == 0 && self.chat == 0 => Some(format!(
                "Masih ada {} permohonan yang belum terkirim. Permohonan akan dikirim saat Anda masuk kembali.",
                self.submissions
            )),
            _ => Some(format!(
                "Masih ada {} yang belum terkirim. Semuanya akan dikirim saat Anda masuk kembali.",
                parts.join(", ")
            )),
        }
    }
}

/// Moves a damaged store (with its WAL) aside under a new name; returns the error saying
/// where it went.
fn set_aside(path: &Path) -> Result<StoreError, StoreError> {
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

use crate::store::remove_db_files;

/// Moves `from` to `to` unless that was done already (an upgrade interrupted after it).
fn move_dir(from: &Path, to: &Path) -> std::io::Result<()> {
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
enum Part {
    Account,
    Device,
}

/// Deletes from a copy of a single store the rows of the other part.
async fn split(tx: &mut sqlx::SqliteConnection, keep: Part) -> Result<(), StoreError> {
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

const LAYOUT: &str = "layout";
const LAYOUT_ACCOUNTS: &str = "accounts";

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
async fn upgrade_until(
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
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES (?, ?), ('current_account', ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(LAYOUT)
    .bind(LAYOUT_ACCOUNTS)
    .bind(owner.as_ref().map(|o| o.dir.as_str()).unwrap_or(""))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(dir = %dir, "single store moved into the account's own store");
    Ok(Some(dir))
}

#[cfg(test)]
mod tests {
    use super::*;
    use eptsp_core::dossier::DraftData;

    fn profile() -> eptsp_core::api::Profile {
        serde_json::from_value(serde_json::json!({
            "id": "8d0f7c1e-0000-4000-8000-000000000001",
            "nik": "6472015505900011", "npwp": null, "nama": "Ani Lestari",
            "jenis_kelamin": "P", "tanggal_lahir": "1990-05-15", "pendidikan": "S1",
            "pekerjaan": null, "jabatan": null, "alamat": "Jl. Juanda No. 7",
            "wilayah": { "provinsi": "64", "kabupaten": "64.72", "kecamatan": "64.72.01", "kelurahan": "64.72.01.1001" },
            "wilayah_nama": { "provinsi": "KALIMANTAN TIMUR", "kabupaten": "KOTA SAMARINDA", "kecamatan": "X", "kelurahan": "Y" },
            "no_hp": "081255550001", "kode_pos": "75124", "email": "ani@example.co.id", "role": "pemohon"
        }))
        .expect("a profile")
    }

    /// A single store as an old desktop left it: a session, a draft in the outbox, a file
    /// in File Saya, a cursor.
    async fn old_store(data: &Path) -> (Store, Vec<u8>) {
        let device = Store::open(&data.join("eptsp.sqlite")).await.unwrap();
        store::session::save(&device, "tok", "2099-01-01T00:00:00Z", &profile())
            .await
            .unwrap();
        let bytes = b"%PDF-1.4\n% dokumen Ani\n%%EOF\n".repeat(50);
        let f = FileStore::legacy(data)
            .import_bytes(&device, bytes.clone(), "ktp.pdf", "KTP")
            .await
            .unwrap();
        let d = store::drafts::create(&device, &DraftData::default())
            .await
            .unwrap();
        store::outbox::enqueue(&device, &d.id).await.unwrap();
        store::settings::set(&device, "tracking_cursor", "41")
            .await
            .unwrap();
        assert_eq!(f.size as usize, bytes.len());
        (device, bytes)
    }

    async fn assert_moved(device: &Store, data: &Path, bytes: &[u8]) {
        let dir = accounts::current(device)
            .await
            .unwrap()
            .expect("current account");
        let row = accounts::by_dir(device, &dir).await.unwrap().unwrap();
        let a = Account::open(data, row, DataKey::generate()).await.unwrap();
        assert_eq!(
            store::session::load(&a.store).await.unwrap().unwrap().token,
            "tok"
        );
        assert_eq!(store::drafts::list(&a.store).await.unwrap().len(), 1);
        assert_eq!(store::outbox::all(&a.store).await.unwrap().len(), 1);
        assert_eq!(store::outbox::tracking_cursor(&a.store).await.unwrap(), 41);
        let files = a.files.list(&a.store, "", 1).await.unwrap();
        assert_eq!(files.total, 1);
        let (sha, _) = a.files.sha_of(&a.store, &files.items[0].id).await.unwrap();
        assert_eq!(a.files.read_all(&sha).unwrap(), bytes);
        assert!(store::session::load(device).await.unwrap().is_none());
        assert!(store::drafts::list(device).await.unwrap().is_empty());
        assert_eq!(store::outbox::tracking_cursor(device).await.unwrap(), 0);
        // Nothing left to do at the next start.
        assert_eq!(
            upgrade_single_store(device, data, "http://s")
                .await
                .unwrap(),
            None
        );
    }

    #[tokio::test]
    async fn an_upgrade_interrupted_after_any_step_is_finished_by_the_next_start() {
        for steps in 0..7 {
            let data = tempfile::tempdir().unwrap();
            let (device, bytes) = old_store(data.path()).await;
            assert_eq!(
                upgrade_until(&device, data.path(), "http://s", steps)
                    .await
                    .unwrap(),
                None,
                "interrupted after {steps} steps"
            );
            let dir = upgrade_single_store(&device, data.path(), "http://s")
                .await
                .unwrap_or_else(|e| panic!("after an interruption at step {steps}: {e}"));
            assert!(
                dir.is_some(),
                "finished after an interruption at step {steps}"
            );
            assert_moved(&device, data.path(), &bytes).await;
            assert!(data.path().join("eptsp.pre-accounts.bak.sqlite").exists());
        }
    }

    #[tokio::test]
    async fn a_new_installation_has_nothing_to_move() {
        let data = tempfile::tempdir().unwrap();
        let device = Store::open(&data.path().join("eptsp.sqlite"))
            .await
            .unwrap();
        assert_eq!(
            upgrade_single_store(&device, data.path(), "http://s")
                .await
                .unwrap(),
            None
        );
        assert!(!data.path().join("accounts").exists());
        assert!(!data.path().join("eptsp.pre-accounts.bak.sqlite").exists());
    }

    #[tokio::test]
    async fn a_foreign_file_in_place_of_a_store_is_kept_aside_and_a_new_one_opens_next() {
        let data = tempfile::tempdir().unwrap();
        let row = AccountRow {
            dir: "d1".into(),
            server: "http://s".into(),
            user_id: "u1".into(),
            ..AccountRow::default()
        };
        let path = account_root(data.path(), "d1").join("eptsp.sqlite");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let foreign = b"Bukan basis data: catatan pribadi seseorang.".repeat(200);
        std::fs::write(&path, &foreign).unwrap();
        let Err(StoreError::Damaged(aside)) =
            Account::open(data.path(), row.clone(), DataKey::generate()).await
        else {
            panic!("a foreign file must be refused");
        };
        assert_eq!(
            std::fs::read(&aside).unwrap(),
            foreign,
            "kept aside as it was"
        );
        let e: crate::error::CommandError = StoreError::Damaged(aside.clone()).into();
        assert_eq!(e.code, "store_damaged");
        assert!(e.message.contains(&aside.display().to_string()));
        // The next sign-in starts an empty store; the file aside is untouched.
        let a = Account::open(data.path(), row, DataKey::generate())
            .await
            .unwrap();
        assert!(store::drafts::list(&a.store).await.unwrap().is_empty());
        assert_eq!(std::fs::read(&aside).unwrap(), foreign);
    }

    #[test]
    fn the_sign_out_message_names_what_waits() {
        let p = Pending {
            submissions: 2,
            ..Pending::default()
        };
        assert_eq!(
            p.message().unwrap(),
            "Masih ada 2 permohonan yang belum terkirim. Permohonan akan dikirim saat Anda masuk kembali."
        );
        assert_eq!(Pending::default().message(), None);
    }
}
