//! One local store per account. Each account that signs in on this desktop (keyed by
//! server and user id) has its own folder `accounts/<dir>/` with its own SQLite database
//! and File Saya, so no query made for one account can reach another account's rows. The
//! device's own database keeps only what every account shares.

mod upgrade;
pub use upgrade::*;

use crate::crypto::DataKey;
use crate::files::FileStore;
use crate::store::accounts::AccountRow;
use crate::store::{self, Store, StoreError};
use eptsp_core::role::Role;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

/// The tables that hold an account's own data (children before parents).
pub const ACCOUNT_TABLES: [&str; 12] = [
    "queue_seen",
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
            .map_or(Role::Pemohon, |s| s.profile.role);
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
        let (submissions, decisions, chat) = crate::store::pending_counts(&self.store).await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::accounts;
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
        // The draft is in the outbox (so not in the drafts list): both moved.
        let out = store::outbox::all(&a.store).await.unwrap();
        assert_eq!(out.len(), 1);
        assert!(
            store::drafts::get(&a.store, &out[0].draft_id)
                .await
                .unwrap()
                .is_some()
        );
        assert_eq!(store::outbox::tracking_cursor(&a.store).await.unwrap(), 41);
        let files = a.files.list(&a.store, "", 1).await.unwrap();
        assert_eq!(files.total, 1);
        let (sha, _) = a.files.sha_of(&a.store, &files.items[0].id).await.unwrap();
        assert_eq!(a.files.read_all(&sha).unwrap(), bytes);
        assert!(store::session::load(device).await.unwrap().is_none());
        let drafts_left: i64 = sqlx::query_scalar("SELECT count(*) FROM drafts")
            .fetch_one(&device.pool)
            .await
            .unwrap();
        assert_eq!(drafts_left, 0);
        assert!(store::outbox::all(device).await.unwrap().is_empty());
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
