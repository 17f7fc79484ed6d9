use super::*;
use sqlx::migrate::Migrator;

fn backups(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".bak.sqlite"))
        .collect()
}

#[tokio::test]
async fn a_new_store_is_migrated_in_wal_mode_without_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("eptsp.sqlite")).await.unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    assert_eq!(fk, 1);
    assert!(backups(dir.path()).is_empty());
}

#[tokio::test]
async fn an_existing_store_is_backed_up_before_a_pending_migration() {
    let dir = tempfile::tempdir().unwrap();
    let migs = dir.path().join("migs");
    std::fs::create_dir(&migs).unwrap();
    std::fs::write(migs.join("0001_a.sql"), "CREATE TABLE a (x TEXT);").unwrap();
    let path = dir.path().join("eptsp.sqlite");
    let store = Store::open_with(&path, &Migrator::new(migs.as_path()).await.unwrap())
        .await
        .unwrap();
    sqlx::query("INSERT INTO a VALUES ('sebelum')")
        .execute(&store.pool)
        .await
        .unwrap();
    store.pool.close().await;
    // Reopening with nothing new makes no backup.
    let store = Store::open_with(&path, &Migrator::new(migs.as_path()).await.unwrap())
        .await
        .unwrap();
    store.pool.close().await;
    assert!(backups(dir.path()).is_empty());

    std::fs::write(
        migs.join("0002_b.sql"),
        "DROP TABLE a; CREATE TABLE b (y TEXT);",
    )
    .unwrap();
    let store = Store::open_with(&path, &Migrator::new(migs.as_path()).await.unwrap())
        .await
        .unwrap();
    let found = backups(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    let old = SqlitePool::connect(&format!("sqlite://{}", found[0].display()))
        .await
        .unwrap();
    let x: String = sqlx::query_scalar("SELECT x FROM a")
        .fetch_one(&old)
        .await
        .unwrap();
    assert_eq!(x, "sebelum");
    let b: i64 = sqlx::query_scalar("SELECT count(*) FROM b")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    assert_eq!(b, 0);
}

/// Whether the file at `path` holds `needle`. A file gone by the time it is read (the
/// WAL or shared-memory file SQLite removes as its last connection closes, on its own
/// thread) holds nothing.
fn holds(path: &Path, needle: &[u8]) -> bool {
    match std::fs::read(path) {
        Ok(bytes) => bytes.windows(needle.len()).any(|w| w == needle),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

#[tokio::test]
async fn an_encrypted_store_and_its_backup_hold_nothing_in_clear() {
    let dir = tempfile::tempdir().unwrap();
    let migs = dir.path().join("migs");
    std::fs::create_dir(&migs).unwrap();
    std::fs::write(migs.join("0001_a.sql"), "CREATE TABLE a (x TEXT);").unwrap();
    let key = DataKey::generate();
    let path = dir.path().join("akun.sqlite");
    let m = Migrator::new(migs.as_path()).await.unwrap();
    let store = Store::open_keyed(&path, &m, Some(&key)).await.unwrap();
    sqlx::query("INSERT INTO a VALUES ('rahasia-ani-6472015505900011')")
        .execute(&store.pool)
        .await
        .unwrap();
    store.pool.close().await;
    assert!(!is_plain_sqlite(&path));
    assert!(!holds(&path, b"rahasia-ani"));
    std::fs::write(migs.join("0002_b.sql"), "CREATE TABLE b (y TEXT);").unwrap();
    let m = Migrator::new(migs.as_path()).await.unwrap();
    let store = Store::open_keyed(&path, &m, Some(&key)).await.unwrap();
    store.pool.close().await;
    let found = backups(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        !holds(&found[0], b"rahasia-ani"),
        "the backup is encrypted too"
    );
    // The backup opens with the same key; the wrong key opens nothing.
    let m1 = Migrator::new(migs.as_path()).await.unwrap();
    assert!(
        Store::open_keyed(&found[0], &m1, Some(&DataKey::generate()))
            .await
            .is_err()
    );
    let old = Store::open_keyed(&found[0], &m1, Some(&key)).await.unwrap();
    let x: String = sqlx::query_scalar("SELECT x FROM a")
        .fetch_one(&old.pool)
        .await
        .unwrap();
    assert_eq!(x, "rahasia-ani-6472015505900011");
}

#[tokio::test]
async fn a_plain_store_is_encrypted_in_place_with_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("eptsp.sqlite");
    let plain = Store::open(&path).await.unwrap();
    settings::set(&plain, "tracking_cursor", "rahasia-77")
        .await
        .unwrap();
    plain.pool.close().await;
    // Dropped as the app drops a store it closed: a connection sqlx's close may leave
    // behind goes with the pool (the encryption waits for it, see encrypt_if_plain).
    drop(plain);
    assert!(is_plain_sqlite(&path));
    // What a run killed half way through the copy left beside it.
    std::fs::write(
        PathBuf::from(format!("{}.enc-part", path.display())),
        b"half a copy",
    )
    .unwrap();
    let key = DataKey::generate();
    let store = Store::open_encrypted(&path, &key).await.unwrap();
    assert_eq!(
        settings::get(&store, "tracking_cursor")
            .await
            .unwrap()
            .as_deref(),
        Some("rahasia-77")
    );
    store.pool.close().await;
    assert!(!is_plain_sqlite(&path));
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let p = entry.unwrap().path();
        assert!(!holds(&p, b"rahasia-77"), "{} in clear", p.display());
    }
}
