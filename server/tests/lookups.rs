//! The public lookups' cache (`lookups.rs`): Monitoring Izin by resi and the permit page,
//! answered from an instance's memory, never staler than PostgreSQL's announcement of a
//! change made on any instance, emptied when its listener lost PostgreSQL; and what the
//! cache answers costs the address nothing while whatever reaches the database counts.

use std::time::{Duration, Instant};

use eptsp_server::AppState;
use eptsp_server::config::{Limit, Limits};
use eptsp_server::testkit::{Seeded, TestServer, issued_permits};
use reqwest::StatusCode;
use serde_json::Value;

const SETTLE: Duration = Duration::from_secs(10);

async fn get(base: &str, path: &str) -> (StatusCode, String) {
    let r = reqwest::get(format!("{base}{path}"))
        .await
        .expect("request");
    let s = r.status();
    (s, r.text().await.expect("body"))
}

async fn monitoring(base: &str, app: &Seeded) -> (StatusCode, Value) {
    let (s, body) = get(base, &format!("/api/v1/monitoring/{}", app.resi.as_str())).await;
    (s, serde_json::from_str(&body).expect("JSON"))
}

/// Waits until the instance hears PostgreSQL's announcements (its cache is in use then).
async fn hearing(state: &AppState, yes: bool) {
    let deadline = Instant::now() + SETTLE;
    while *state.listening.borrow() != yes {
        assert!(Instant::now() < deadline, "the listener never became {yes}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Asks until `check` holds of the answer, within a few seconds.
async fn until<T>(mut ask: impl AsyncFnMut() -> T, check: impl Fn(&T) -> bool) -> T {
    let deadline = Instant::now() + SETTLE;
    loop {
        let got = ask().await;
        if check(&got) || Instant::now() > deadline {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A status change as the office's flow writes it: a tracking step and the status.
async fn moved(state: &AppState, app: &Seeded, status: &str) {
    let mut tx = state.db.begin().await.unwrap();
    sqlx::query("INSERT INTO tracking (application_id, status, note) VALUES ($1, $2, 'Catatan')")
        .bind(app.id)
        .bind(status)
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("UPDATE applications SET status = $2 WHERE id = $1")
        .bind(app.id)
        .bind(status)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_answer_is_forgotten_when_another_instance_changes_what_it_shows() {
    let a = TestServer::start().await;
    let b = a.second_instance().await;
    hearing(&a.state, true).await;
    let app = issued_permits(&a.state.db, 1).await.unwrap().remove(0);
    let base = a.url();

    let (s, v) = monitoring(&base, &app).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "selesai");
    assert_eq!(v["nama_pemohon"], "B*** S******");
    let (s, page) = get(&base, &app.page).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Izin ini SAH dan diterbitkan"), "{page}");
    assert_eq!(
        a.state.lookups.monitoring.len(),
        1,
        "the answer was not kept"
    );
    assert_eq!(a.state.lookups.permits.len(), 1, "the permit was not kept");

    // Written through the other instance's pool: the first hears it from PostgreSQL.
    moved(&b.state, &app, "ditolak").await;
    let (_, v) = until(
        async || monitoring(&base, &app).await,
        |(_, v)| v["status"] == "ditolak",
    )
    .await;
    assert_eq!(v["status"], "ditolak", "a stale answer: {v}");
    assert_eq!(v["timeline"].as_array().unwrap().len(), 4, "{v}");
    assert_eq!(v["catatan_penolakan"], "Catatan");

    sqlx::query("UPDATE users SET nama = 'Siti Aminah' WHERE id = $1")
        .bind(app.user)
        .execute(&b.state.db)
        .await
        .unwrap();
    let (_, v) = until(
        async || monitoring(&base, &app).await,
        |(_, v)| v["nama_pemohon"] != "B*** S******",
    )
    .await;
    assert_eq!(v["nama_pemohon"], "S*** A*****", "{v}");

    sqlx::query(
        "UPDATE permits SET revoked_at = now(), revoked_reason = 'Uji' WHERE application_id = $1",
    )
    .bind(app.id)
    .execute(&b.state.db)
    .await
    .unwrap();
    let (_, page) = until(
        async || get(&base, &app.page).await,
        |(_, p)| p.contains("DICABUT"),
    )
    .await;
    assert!(
        page.contains("telah DICABUT"),
        "a stale permit page: {page}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_cache_answers_costs_nothing_and_what_reaches_the_database_counts() {
    let server = TestServer::start_with(Limits {
        monitoring_per_address: Limit::new(3, 900),
        ..Limits::default()
    })
    .await;
    hearing(&server.state, true).await;
    let app = issued_permits(&server.state.db, 1).await.unwrap().remove(0);
    let base = server.url();
    // The first lookup reads (one of three); the next twenty are the kept answer.
    for _ in 0..21 {
        assert_eq!(monitoring(&base, &app).await.0, StatusCode::OK);
    }
    // A resi nobody was given reaches the database every time: two more, then refused.
    let unknown = |i: u64| {
        format!(
            "/api/v1/monitoring/{}",
            eptsp_core::resi::Resi::from_random(i).as_str()
        )
    };
    let mut answers = Vec::new();
    for i in 0..3 {
        answers.push(get(&base, &unknown(i)).await.0);
    }
    assert_eq!(
        answers,
        [
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    // The kept answer still costs nothing; once the application changes, the next lookup
    // has to read, and the address has used its three.
    assert_eq!(monitoring(&base, &app).await.0, StatusCode::OK);
    moved(&server.state, &app, "ditolak").await;
    let (s, v) = until(
        async || monitoring(&base, &app).await,
        |(s, _)| *s != StatusCode::OK,
    )
    .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "{v}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listener_that_lost_postgresql_forgets_all_it_kept() {
    let server = TestServer::start().await;
    hearing(&server.state, true).await;
    let app = issued_permits(&server.state.db, 1).await.unwrap().remove(0);
    let base = server.url();
    assert_eq!(monitoring(&base, &app).await.1["status"], "selesai");
    assert_eq!(server.state.lookups.monitoring.len(), 1);

    // The listener's connection dies; what changes meanwhile is announced to nobody.
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    )
    .execute(&server.state.db)
    .await
    .unwrap();
    hearing(&server.state, false).await;
    assert!(server.state.lookups.monitoring.is_empty());
    moved(&server.state, &app, "ditolak").await;
    // Deaf, the instance reads every lookup; back, it starts from nothing.
    assert_eq!(monitoring(&base, &app).await.1["status"], "ditolak");
    if !*server.state.listening.borrow() {
        // (Unless the listener was back already: it reconnects after a second.)
        assert!(
            server.state.lookups.monitoring.is_empty(),
            "kept while deaf"
        );
    }
    hearing(&server.state, true).await;
    assert_eq!(monitoring(&base, &app).await.1["status"], "ditolak");
    assert_eq!(server.state.lookups.monitoring.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookups_racing_changes_settle_on_the_last_change() {
    // Every change sends the readers to the database: no throttle in the way here.
    let a = TestServer::start_with(Limits {
        monitoring_per_address: Limit::new(1_000_000, 60),
        ..Limits::default()
    })
    .await;
    let b = a.second_instance().await;
    hearing(&a.state, true).await;
    hearing(&b.state, true).await;
    let apps = issued_permits(&a.state.db, 4).await.unwrap();
    let (bases, stop) = ([a.url(), b.url()], tokio::sync::watch::channel(false));
    // Eight readers ask all the time on both instances while the statuses move twelve times.
    let readers: Vec<_> = (0..8)
        .map(|i| {
            let (base, apps, mut stop) = (bases[i % 2].clone(), apps.clone(), stop.1.clone());
            tokio::spawn(async move {
                while !*stop.borrow_and_update() {
                    let (s, _) = monitoring(&base, &apps[i % apps.len()]).await;
                    assert_eq!(s, StatusCode::OK);
                }
            })
        })
        .collect();
    let steps = [
        "verifikasi",
        "perlu_perbaikan",
        "diajukan",
        "disetujui",
        "ditolak",
        "selesai",
    ];
    for round in 0..12 {
        for (k, app) in apps.iter().enumerate() {
            moved(
                if round % 2 == 0 { &a.state } else { &b.state },
                app,
                steps[(round + k) % steps.len()],
            )
            .await;
        }
    }
    stop.0.send_replace(true);
    for r in readers {
        r.await.unwrap();
    }
    for (k, app) in apps.iter().enumerate() {
        let last = steps[(11 + k) % steps.len()];
        for base in &bases {
            let (_, v) = until(
                async || monitoring(base, app).await,
                |(_, v)| v["status"] == last,
            )
            .await;
            assert_eq!(
                v["status"], last,
                "an answer read across a change was kept: {v}"
            );
            assert_eq!(v["timeline"].as_array().unwrap().len(), 3 + 12);
        }
    }
}
