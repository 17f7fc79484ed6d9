//! The portal's public part against the real server and PostgreSQL: announcements shown
//! from their first to their last day, read without login; only an administrator
//! publishes, changes (the same id, concurrently too: one row) and withdraws them; the
//! links checked and set in order; every change audited and announced at commit.

use eptsp_core::portal::{Announcement, Portal};
use eptsp_server::testkit::TestServer;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::postgres::PgListener;
use uuid::Uuid;

struct Caller {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
}

impl Caller {
    async fn admin(server: &TestServer) -> Caller {
        Caller::login(server, "admin@dpmptsp.test", "Admin2026").await
    }

    async fn login(server: &TestServer, login: &str, password: &str) -> Caller {
        let http = reqwest::Client::new();
        let v: Value = http
            .post(format!("{}/api/v1/auth/login", server.url()))
            .json(&json!({ "login": login, "password": password }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Caller {
            http,
            base: server.url(),
            token: Some(v["token"].as_str().expect("a token").to_owned()),
        }
    }

    fn anonymous(server: &TestServer) -> Caller {
        Caller {
            http: reqwest::Client::new(),
            base: server.url(),
            token: None,
        }
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut r = self
            .http
            .request(method, format!("{}/api/v1{path}", self.base));
        if let Some(t) = &self.token {
            r = r.bearer_auth(t);
        }
        if let Some(b) = body {
            r = r.json(&b);
        }
        let r = r.send().await.unwrap();
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }

    async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(reqwest::Method::PUT, path, Some(body)).await
    }

    async fn portal(&self) -> Portal {
        let (s, v) = self.call(reqwest::Method::GET, "/portal", None).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        serde_json::from_value(v).unwrap()
    }
}

fn day(offset: i64) -> String {
    let today = time::OffsetDateTime::now_utc()
        .to_offset(time::UtcOffset::from_hms(8, 0, 0).unwrap())
        .date();
    eptsp_core::calendar::format_date(today + time::Duration::days(offset))
}

#[tokio::test]
async fn announcements_are_published_by_the_admin_and_shown_in_their_days() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let admin = Caller::admin(&server).await;
    let anyone = Caller::anonymous(&server);
    let first = anyone.portal().await;
    assert!(first.announcements.is_empty());
    assert_eq!(first.links[0].url, "https://oss.go.id");

    // The desktops are told at commit.
    let mut told = PgListener::connect_with(&server.state.db).await.unwrap();
    told.listen("eptsp_feed").await.unwrap();

    let now = Uuid::new_v4();
    let libur = json!({ "title": "Libur Natal", "body": "Pelayanan tutup 25 Desember.\nBuka kembali 28 Desember.",
        "starts_on": day(0), "ends_on": day(3) });
    // Not an administrator: refused; without login: refused.
    let budi = Caller::login(&server, "pemohon@dpmptsp.test", "Pemohon2026").await;
    assert_eq!(
        budi.put(&format!("/admin/announcements/{now}"), libur.clone())
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        anyone
            .put(&format!("/admin/announcements/{now}"), libur.clone())
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    // Bad input: every field named at once.
    let (s, v) = admin
        .put(
            &format!("/admin/announcements/{now}"),
            json!({ "title": "", "body": "x", "starts_on": "kemarin", "ends_on": null }),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let fields: Vec<&str> = v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["title", "body", "starts_on"]);

    // Published twice at the same moment under one id (a retried click): one announcement.
    let path = format!("/admin/announcements/{now}");
    let (x, y) = tokio::join!(
        admin.put(&path, libur.clone()),
        admin.put(&path, libur.clone())
    );
    assert_eq!((x.0, y.0), (StatusCode::OK, StatusCode::OK), "{x:?} {y:?}");
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), told.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(n.payload(), "portal:");
    let later = Uuid::new_v4();
    admin
        .put(&format!("/admin/announcements/{later}"), json!({ "title": "Aturan baru retribusi", "body": "Berlaku mulai bulan depan.", "starts_on": day(5) }))
        .await;
    let past = Uuid::new_v4();
    let (s, v) = admin
        .put(&format!("/admin/announcements/{past}"), json!({ "title": "Pemadaman server", "body": "Layanan daring terhenti sejenak.", "starts_on": day(-5), "ends_on": day(-1) }))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");

    // Shown today: only the one in its days, its text as written.
    let shown = anyone.portal().await.announcements;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].id, now.to_string());
    assert_eq!(
        shown[0].body,
        "Pelayanan tutup 25 Desember.\nBuka kembali 28 Desember."
    );
    // The admin sees all three.
    let (s, v) = admin
        .call(reqwest::Method::GET, "/admin/announcements", None)
        .await;
    assert_eq!(s, StatusCode::OK);
    let all: Vec<Announcement> = serde_json::from_value(v).unwrap();
    assert_eq!(all.len(), 3);

    // Changed under its id; then withdrawn.
    let (s, _) = admin
        .put(&format!("/admin/announcements/{now}"), json!({ "title": "Libur Natal dan Tahun Baru", "body": "Pelayanan tutup 25 Desember dan 1 Januari.", "starts_on": day(0) }))
        .await;
    assert_eq!(s, StatusCode::OK);
    let shown = anyone.portal().await.announcements;
    assert_eq!(
        (shown[0].title.as_str(), shown[0].ends_on.as_deref()),
        ("Libur Natal dan Tahun Baru", None)
    );
    let (s, _) = admin
        .call(
            reqwest::Method::DELETE,
            &format!("/admin/announcements/{now}"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(anyone.portal().await.announcements.is_empty());
    let (s, _) = admin
        .call(
            reqwest::Method::DELETE,
            &format!("/admin/announcements/{now}"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action IN ('pengumuman', 'hapus_pengumuman')",
    )
    .fetch_one(&server.state.db)
    .await
    .unwrap();
    assert_eq!(audited, 6);
}

#[tokio::test]
async fn the_links_are_checked_and_kept_in_order() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let admin = Caller::admin(&server).await;
    let (s, v) = admin
        .put(
            "/admin/portal-links",
            json!({ "links": [{ "label": "OSS", "url": "javascript:alert(1)" }] }),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["fields"][0]["field"], "links.0.url");
    assert_eq!(
        Caller::anonymous(&server).portal().await.links.len(),
        2,
        "nothing changed"
    );
    let links = json!({ "links": [
        { "label": "WhatsApp Helpdesk", "url": "https://wa.me/6281200000000" },
        { "label": "OSS", "url": "https://oss.go.id" },
        { "label": "Website DPMPTSP", "url": "https://dpmptsp.kaltimprov.go.id" }
    ] });
    // Set from two desks at once: the same three, in order, not six.
    let (x, y) = tokio::join!(
        admin.put("/admin/portal-links", links.clone()),
        admin.put("/admin/portal-links", links.clone())
    );
    assert_eq!((x.0, y.0), (StatusCode::OK, StatusCode::OK), "{x:?} {y:?}");
    let got: Vec<String> = Caller::anonymous(&server)
        .portal()
        .await
        .links
        .into_iter()
        .map(|l| l.label)
        .collect();
    assert_eq!(got, ["WhatsApp Helpdesk", "OSS", "Website DPMPTSP"]);
}

#[tokio::test]
async fn the_holiday_table_is_kept_by_the_admin_and_a_years_skb_loaded_whole() {
    let server = TestServer::start().await;
    eptsp_server::seed::seed_demo(&server.state.db)
        .await
        .unwrap();
    let admin = Caller::admin(&server).await;
    let anyone = Caller::anonymous(&server);
    let table = |c: &Caller| {
        let c = Caller {
            http: c.http.clone(),
            base: c.base.clone(),
            token: c.token.clone(),
        };
        async move {
            let (s, v) = c.call(reqwest::Method::GET, "/holidays", None).await;
            assert_eq!(s, StatusCode::OK, "{v}");
            serde_json::from_value::<eptsp_core::holidays::HolidayTable>(v).unwrap()
        }
    };
    // The seed: SKB 2026 (25 days) and 2027's days fixed by law; 2027's SKB missing.
    let first = table(&anyone).await;
    let next: i32 = day(0)[..4].parse::<i32>().unwrap() + 1;
    assert_eq!(
        first
            .days
            .iter()
            .filter(|d| d.date.starts_with("2026"))
            .count(),
        25
    );
    assert_eq!(
        first.years.iter().map(|y| y.year).collect::<Vec<_>>(),
        [2026]
    );
    // The years without a table among this one and the next: at least next year.
    assert!(
        first.missing_years.contains(&next),
        "{:?}",
        first.missing_years
    );
    assert!(
        first
            .missing_years
            .iter()
            .all(|y| *y == next || *y == next - 1)
    );

    let budi = Caller::login(&server, "pemohon@dpmptsp.test", "Pemohon2026").await;
    let skb = json!({ "source": "SKB 3 Menteri tentang Hari Libur Nasional dan Cuti Bersama Tahun 2027",
        "csv": "# tanggal,jenis,keterangan\n2027-01-01,libur,Tahun Baru 2027 Masehi\n2027-02-06,libur,Tahun Baru Imlek\n2027-02-05,cuti,Cuti Bersama Imlek\n2027-12-25,libur,Hari Raya Natal\n2027-12-24,cuti,Cuti Bersama Natal\n" });
    assert_eq!(
        budi.put("/admin/holidays/years/2027", skb.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    // A wrong line: every one named, nothing changed.
    let (s, v) = admin
        .put("/admin/holidays/years/2027", json!({ "source": "SKB 2027", "csv": "2027-13-01,libur,Salah\n2026-05-01,libur,Tahun lain\n" }))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["fields"].as_array().unwrap().len(), 2, "{v}");
    assert_eq!(table(&anyone).await, first);

    // Loaded twice at the same moment (two desks): the year holds the table once.
    let mut told = PgListener::connect_with(&server.state.db).await.unwrap();
    told.listen("eptsp_feed").await.unwrap();
    let (x, y) = tokio::join!(
        admin.put("/admin/holidays/years/2027", skb.clone()),
        admin.put("/admin/holidays/years/2027", skb.clone())
    );
    assert_eq!((x.0, y.0), (StatusCode::OK, StatusCode::OK), "{x:?} {y:?}");
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), told.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(n.payload(), "holidays:");
    let after = table(&anyone).await;
    let y2027: Vec<&str> = after
        .days
        .iter()
        .filter(|d| d.date.starts_with("2027"))
        .map(|d| d.date.as_str())
        .collect();
    assert_eq!(
        y2027,
        [
            "2027-01-01",
            "2027-02-05",
            "2027-02-06",
            "2027-12-24",
            "2027-12-25"
        ]
    );
    assert!(after.years.iter().any(|y| y.year == 2027));
    assert!(
        !after.missing_years.contains(&2027),
        "{:?}",
        after.missing_years
    );
    // The calendar the deadlines use sees it.
    let cal = eptsp_server::holidays::calendar(&server.state.db)
        .await
        .unwrap();
    assert!(!cal.is_working_day(eptsp_core::calendar::parse_date("2027-02-05").unwrap()));

    // One day changed, one removed; a bad one refused.
    let (s, v) = admin
        .put(
            "/admin/holidays/2027-02-05",
            json!({ "kind": "cuti", "name": "" }),
        )
        .await;
    assert_eq!(
        (s, v["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("name"))
    );
    let (s, _) = admin
        .put(
            "/admin/holidays/2027-13-40",
            json!({ "kind": "libur", "name": "Salah" }),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = admin
        .call(reqwest::Method::DELETE, "/admin/holidays/2027-02-05", None)
        .await;
    assert_eq!(s, StatusCode::OK);
    let cal = eptsp_server::holidays::calendar(&server.state.db)
        .await
        .unwrap();
    assert!(cal.is_working_day(eptsp_core::calendar::parse_date("2027-02-05").unwrap()));
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action IN ('tabel_hari_libur', 'hapus_hari_libur')",
    )
    .fetch_one(&server.state.db)
    .await
    .unwrap();
    assert_eq!(audited, 3);
}
