//! The account endpoints through the real router (`oneshot`, no socket) on a real
//! PostgreSQL database, with mail delivered over SMTP to a local sink. Each error row of
//! the guide's sections 2.3.1–2.3.3 has a test that checks the exact message.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use eptsp_server::config::{Limit, Limits};
use eptsp_server::mailsink::MailSink;
use eptsp_server::{AppState, testkit};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

struct Api {
    state: AppState,
    mail: MailSink,
}

impl Api {
    async fn new() -> Api {
        Self::with_limits(Limits::default()).await
    }

    async fn with_limits(limits: Limits) -> Api {
        let (state, mail) = testkit::state(limits).await;
        Api { state, mail }
    }

    async fn raw(&self, req: Request<Body>) -> (StatusCode, Value) {
        let res = eptsp_server::app(self.state.clone())
            .oneshot(req)
            .await
            .unwrap();
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let v = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
            panic!(
                "{status}: body is not JSON: {}",
                String::from_utf8_lossy(&bytes)
            )
        });
        (status, v)
    }

    async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut b = Request::builder()
            .method(method)
            .uri(format!("/api/v1{path}"));
        if let Some(t) = token {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let req = match body {
            Some(v) => b
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(v.to_string()))
                .unwrap(),
            None => b.body(Body::empty()).unwrap(),
        };
        self.raw(req).await
    }

    async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call("POST", path, None, Some(body)).await
    }

    /// Requests a code for `email` and reads it from the mail that arrived over SMTP.
    async fn email_code(&self, path: &str, token: Option<&str>, email: &str) -> String {
        let before = self.mail.mails().len();
        let (s, v) = self
            .call("POST", path, token, Some(json!({ "email": email })))
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let mail = self
            .mail
            .wait_for(email, before, Duration::from_secs(5))
            .await
            .expect("the code mail arrives");
        mail.code().expect("the mail holds a six-digit code")
    }

    /// Registers a pemohon and returns the login response.
    async fn register(&self, p: &Person) -> Value {
        let code = self.email_code("/auth/email-code", None, p.email).await;
        let (s, v) = self.post("/auth/register", p.form(&code)).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v
    }

    async fn login(&self, login: &str, password: &str) -> (StatusCode, Value) {
        self.post(
            "/auth/login",
            json!({ "login": login, "password": password }),
        )
        .await
    }

    async fn token(&self, login: &str, password: &str) -> String {
        let (s, v) = self.login(login, password).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v["token"].as_str().unwrap().to_owned()
    }
}

struct Person {
    nik: &'static str,
    email: &'static str,
    password: &'static str,
    tanggal_lahir: &'static str,
    jenis_kelamin: &'static str,
}

const ANI: Person = Person {
    nik: "6472015505900011",
    email: "ani@example.co.id",
    password: "Kaltim2026",
    tanggal_lahir: "1990-05-15",
    jenis_kelamin: "P",
};

const BAYU: Person = Person {
    nik: "6471010101850021",
    email: "bayu@example.com",
    password: "Balikpapan1",
    tanggal_lahir: "1985-01-01",
    jenis_kelamin: "L",
};

fn wilayah() -> Value {
    json!({ "provinsi": "64", "kabupaten": "64.72", "kecamatan": "64.72.01", "kelurahan": "64.72.01.1001" })
}

impl Person {
    fn form(&self, code: &str) -> Value {
        json!({
            "nik": self.nik, "npwp": "01.234.567.8-901.000", "password": self.password,
            "nama": "Ani Lestari, S.E.", "jenis_kelamin": self.jenis_kelamin, "tanggal_lahir": self.tanggal_lahir,
            "pendidikan": "S1", "alamat": "Jl. Juanda No. 7", "wilayah": wilayah(),
            "no_hp": "0812-5555-0001", "kode_pos": "75124", "email": self.email, "email_code": code
        })
    }
}

fn message(v: &Value) -> &str {
    v["message"]
        .as_str()
        .unwrap_or_else(|| panic!("no message in {v}"))
}

#[tokio::test]
async fn registration_with_the_emailed_code_logs_the_applicant_in() {
    let api = Api::new().await;
    let v = api.register(&ANI).await;
    assert_eq!(v["profile"]["nik"], ANI.nik);
    assert_eq!(v["profile"]["role"], "pemohon");
    assert_eq!(v["profile"]["no_hp"], "081255550001");
    assert_eq!(v["profile"]["wilayah_nama"]["kabupaten"], "KOTA SAMARINDA");
    let (s, me) = api.call("GET", "/me", v["token"].as_str(), None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["email"], ANI.email);
}

#[tokio::test]
async fn login_works_with_nik_or_email() {
    let api = Api::new().await;
    api.register(&ANI).await;
    let (s, _) = api.login(ANI.nik, ANI.password).await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = api.login("ANI@example.co.id", ANI.password).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["profile"]["nik"], ANI.nik);
}

#[tokio::test]
async fn login_with_an_unregistered_nik_says_so() {
    let api = Api::new().await;
    let (s, v) = api.login("6472011505900099", "Kaltim2026").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(message(&v), "NIK / Email tidak terdaftar");
    assert_eq!(v["field"], "login");
}

#[tokio::test]
async fn login_with_a_wrong_password_says_so() {
    let api = Api::new().await;
    api.register(&ANI).await;
    let (s, v) = api.login(ANI.nik, "Salah2026").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(message(&v), "Password Salah");
    assert_eq!(v["field"], "password");
}

#[tokio::test]
async fn an_account_is_locked_after_repeated_wrong_passwords_and_told_the_wait() {
    let api = Api::new().await;
    api.register(&ANI).await;
    for _ in 0..5 {
        let (s, _) = api.login(ANI.nik, "Salah2026").await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
    // Even the right password is refused while locked.
    let (s, v) = api.login(ANI.nik, ANI.password).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        message(&v),
        "Terlalu banyak percobaan. Silakan coba lagi dalam 15 menit."
    );
    assert!(v["retry_after_secs"].as_u64().unwrap() > 800);
    // Another account from the same address is not locked.
    api.register(&BAYU).await;
    let (s, _) = api.login(BAYU.email, BAYU.password).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn a_client_address_is_throttled_across_accounts() {
    let api = Api::with_limits(Limits {
        login_failures_per_address: Limit::new(3, 600),
        ..Limits::default()
    })
    .await;
    for nik in ["6472011505900091", "6472011505900092", "6472011505900093"] {
        let (s, _) = api.login(nik, "Kaltim2026").await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
    let (s, v) = api.login("6472011505900094", "Kaltim2026").await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(v["code"], "too_many_attempts");
}

#[tokio::test]
async fn registration_attempts_are_throttled_per_client_address() {
    let api = Api::with_limits(Limits {
        register_per_address: Limit::new(2, 3600),
        ..Limits::default()
    })
    .await;
    for _ in 0..2 {
        let (s, _) = api.post("/auth/register", ANI.form("000000")).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let (s, v) = api.post("/auth/register", ANI.form("000000")).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        message(&v),
        "Terlalu banyak percobaan. Silakan coba lagi dalam 60 menit."
    );
}

#[tokio::test]
async fn a_registered_nik_is_refused_with_the_guides_message() {
    let api = Api::new().await;
    api.register(&ANI).await;
    let code = api
        .email_code("/auth/email-code", None, "lain@example.com")
        .await;
    let mut form = ANI.form(&code);
    form["email"] = json!("lain@example.com");
    let (s, v) = api.post("/auth/register", form).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(
        message(&v),
        "NIK 6472015505900011 sudah terdaftar di database kami"
    );
    assert_eq!(v["field"], "nik");
}

#[tokio::test]
async fn a_registered_email_is_refused_when_asking_for_a_code() {
    let api = Api::new().await;
    api.register(&ANI).await;
    let (s, v) = api
        .post("/auth/email-code", json!({ "email": "Ani@Example.co.id" }))
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(
        message(&v),
        "Email ani@example.co.id sudah terdaftar di database kami"
    );
}

#[tokio::test]
async fn a_wrong_email_code_is_refused_and_nothing_is_created() {
    let api = Api::new().await;
    let code = api.email_code("/auth/email-code", None, ANI.email).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (s, v) = api.post("/auth/register", ANI.form(wrong)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message(&v), "Kode Email Yang Anda Inputkan Salah!");
    assert_eq!(v["field"], "email_code");
    let (s, _) = api.login(ANI.nik, ANI.password).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // The right code still works after one wrong guess.
    let (s, _) = api.post("/auth/register", ANI.form(&code)).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn an_email_code_dies_after_five_wrong_guesses() {
    let api = Api::new().await;
    let code = api.email_code("/auth/email-code", None, ANI.email).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        api.post("/auth/register", ANI.form(wrong)).await;
    }
    let (s, v) = api.post("/auth/register", ANI.form(&code)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message(&v), "Kode Email Yang Anda Inputkan Salah!");
}

#[tokio::test]
async fn an_email_code_works_only_once() {
    let api = Api::new().await;
    let code = api
        .email_code("/auth/email-code", None, "sekali@example.com")
        .await;
    let mut tx = api.state.db.begin().await.unwrap();
    use eptsp_server::auth::codes::{Purpose, consume};
    let first = consume(
        &api.state.db,
        &mut tx,
        Purpose::Register,
        "sekali@example.com",
        &code,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert!(first.is_some());
    let mut tx = api.state.db.begin().await.unwrap();
    let second = consume(
        &api.state.db,
        &mut tx,
        Purpose::Register,
        "sekali@example.com",
        &code,
    )
    .await
    .unwrap();
    assert!(second.is_none());
}

#[tokio::test]
async fn an_expired_email_code_is_refused() {
    let api = Api::new().await;
    let code = api.email_code("/auth/email-code", None, ANI.email).await;
    sqlx::query("UPDATE one_time_codes SET expires_at = now() - interval '1 second'")
        .execute(&api.state.db)
        .await
        .unwrap();
    let (s, v) = api.post("/auth/register", ANI.form(&code)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message(&v), "Kode Email Yang Anda Inputkan Salah!");
}

#[tokio::test]
async fn a_malformed_nik_and_a_weak_password_are_listed_together() {
    let api = Api::new().await;
    let mut form = ANI.form("123456");
    form["nik"] = json!("64720155059");
    form["password"] = json!("kaltimku");
    let (s, v) = api.post("/auth/register", form).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message(&v), "Proses Pendaftaran Gagal");
    let fields: Vec<(&str, &str)> = v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert!(
        fields.contains(&("nik", "No NIK hanya boleh Angka 16 digit")),
        "{fields:?}"
    );
    assert!(
        fields.contains(&(
            "password",
            "Password harus berisi setidaknya satu Huruf Kapital"
        )),
        "{fields:?}"
    );
}

#[tokio::test]
async fn an_unknown_kelurahan_is_refused() {
    let api = Api::new().await;
    let code = api.email_code("/auth/email-code", None, ANI.email).await;
    let mut form = ANI.form(&code);
    form["wilayah"]["kelurahan"] = json!("64.72.01.9999");
    let (s, v) = api.post("/auth/register", form).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message(&v), "Wilayah yang dipilih tidak dikenal");
}

#[tokio::test]
async fn logout_revokes_the_session() {
    let api = Api::new().await;
    let v = api.register(&ANI).await;
    let token = v["token"].as_str().unwrap();
    let (s, _) = api.call("POST", "/auth/logout", Some(token), None).await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = api.call("GET", "/me", Some(token), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(
        message(&v),
        "Sesi Anda telah berakhir, silakan login kembali"
    );
}

#[tokio::test]
async fn an_expired_session_is_refused() {
    let api = Api::new().await;
    let token = api.register(&ANI).await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    sqlx::query("UPDATE sessions SET expires_at = now() - interval '1 second'")
        .execute(&api.state.db)
        .await
        .unwrap();
    let (s, _) = api.call("GET", "/me", Some(&token), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sessions_are_stored_only_as_hashes() {
    let api = Api::new().await;
    let token = api.register(&ANI).await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let stored: Vec<Vec<u8>> = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_all(&api.state.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].len(), 32);
    assert!(
        !stored[0]
            .windows(token.len().min(16))
            .any(|w| w == &token.as_bytes()[..16])
    );
}

#[tokio::test]
async fn forgot_password_needs_nik_phone_and_email_to_match() {
    let api = Api::new().await;
    api.register(&ANI).await;
    let (s, v) = api
        .post(
            "/auth/forgot-password",
            json!({ "identitas": ANI.nik, "no_hp": "081299999999", "email": ANI.email }),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        message(&v),
        "No KTP / NPWP, No.Telp dan Email Anda Harus Benar!"
    );
    assert!(api.mail.mails().iter().all(|m| !m.subject.contains("PIN")));
}

#[tokio::test]
async fn forgot_password_emails_a_pin_that_sets_a_new_password() {
    let api = Api::new().await;
    let old_token = api.register(&ANI).await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = api.mail.mails().len();
    // NPWP works as identity too, and the phone may be typed in another form.
    let (s, v) = api
        .post(
            "/auth/forgot-password",
            json!({ "identitas": "012345678901000", "no_hp": "+62 812 5555 0001", "email": ANI.email }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let mail = api
        .mail
        .wait_for(ANI.email, before, Duration::from_secs(5))
        .await
        .unwrap();
    assert!(mail.subject.contains("PIN"));
    let pin = mail.code().unwrap();
    let (s, v) = api
        .post(
            "/auth/reset-password",
            json!({ "email": ANI.email, "pin": pin, "new_password": "Samarinda2027", "new_password_confirm": "Samarinda2027" }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(message(&v), "Password berhasil diubah");
    assert_eq!(
        api.login(ANI.nik, ANI.password).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(api.login(ANI.nik, "Samarinda2027").await.0, StatusCode::OK);
    // Sessions opened with the old password are gone.
    assert_eq!(
        api.call("GET", "/me", Some(&old_token), None).await.0,
        StatusCode::UNAUTHORIZED
    );
    // The PIN was single use.
    let (s, _) = api
        .post(
            "/auth/reset-password",
            json!({ "email": ANI.email, "pin": pin, "new_password": "Samarinda2028", "new_password_confirm": "Samarinda2028" }),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_wrong_pin_or_a_weak_new_password_is_refused() {
    let api = Api::new().await;
    api.register(&ANI).await;
    let (s, v) = api
        .post(
            "/auth/reset-password",
            json!({ "email": ANI.email, "pin": "123456", "new_password": "Samarinda2027", "new_password_confirm": "Samarinda2027" }),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        message(&v),
        "PIN yang Anda masukkan salah atau sudah kadaluarsa"
    );
    let (s, v) = api
        .post(
            "/auth/reset-password",
            json!({ "email": ANI.email, "pin": "123456", "new_password": "samarinda", "new_password_confirm": "samarinda" }),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        message(&v),
        "Password harus berisi setidaknya satu Huruf Kapital"
    );
}

#[tokio::test]
async fn pin_requests_are_throttled_per_account() {
    let api = Api::with_limits(Limits {
        pin_per_account: Limit::new(2, 3600),
        ..Limits::default()
    })
    .await;
    api.register(&ANI).await;
    let body = json!({ "identitas": ANI.nik, "no_hp": "081255550001", "email": ANI.email });
    assert_eq!(
        api.post("/auth/forgot-password", body.clone()).await.0,
        StatusCode::OK
    );
    assert_eq!(
        api.post("/auth/forgot-password", body.clone()).await.0,
        StatusCode::OK
    );
    let (s, v) = api.post("/auth/forgot-password", body).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert!(message(&v).starts_with("Terlalu banyak percobaan"));
}

#[tokio::test]
async fn profile_update_keeps_nik_and_name_locked() {
    let api = Api::new().await;
    let token = api.register(&ANI).await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let update = json!({
        "npwp": "", "jenis_kelamin": "P", "tanggal_lahir": "1990-05-15", "pendidikan": "S2",
        "pekerjaan": "Wiraswasta", "jabatan": "Direktur", "alamat": "Jl. Pahlawan No. 3",
        "wilayah": { "provinsi": "64", "kabupaten": "64.71", "kecamatan": "64.71.01", "kelurahan": "64.71.01.1001" },
        "no_hp": "081300000002", "kode_pos": "76115", "email": ANI.email
    });
    let (s, v) = api
        .call("PUT", "/me", Some(&token), Some(update.clone()))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["pendidikan"], "S2");
    assert_eq!(v["npwp"], Value::Null);
    assert_eq!(v["wilayah_nama"]["kabupaten"], "KOTA BALIKPAPAN");
    assert_eq!(v["wilayah_nama"]["kelurahan"], "Manggar");
    // The name is not a field of the update at all.
    let mut with_name = update;
    with_name["nama"] = json!("Orang Lain");
    let (s, v) = api.call("PUT", "/me", Some(&token), Some(with_name)).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(message(&v).contains("unknown field `nama`"), "{v}");
    let (_, me) = api.call("GET", "/me", Some(&token), None).await;
    assert_eq!(me["nama"], "Ani Lestari, S.E.");
    assert_eq!(me["nik"], ANI.nik);
}

#[tokio::test]
async fn a_new_email_on_the_profile_needs_its_code() {
    let api = Api::new().await;
    let token = api.register(&ANI).await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, me) = api.call("GET", "/me", Some(&token), None).await;
    let mut update = json!({
        "npwp": "", "jenis_kelamin": me["jenis_kelamin"], "tanggal_lahir": me["tanggal_lahir"],
        "pendidikan": me["pendidikan"], "alamat": me["alamat"], "wilayah": me["wilayah"],
        "no_hp": me["no_hp"], "kode_pos": me["kode_pos"], "email": "ani.baru@example.com"
    });
    let (s, v) = api
        .call("PUT", "/me", Some(&token), Some(update.clone()))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["field"], "email_code");
    let code = api
        .email_code("/me/email-code", Some(&token), "ani.baru@example.com")
        .await;
    update["email_code"] = json!(code);
    let (s, v) = api.call("PUT", "/me", Some(&token), Some(update)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["email"], "ani.baru@example.com");
    assert_eq!(
        api.login("ani.baru@example.com", ANI.password).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn change_password_needs_the_old_one_and_signs_out_other_sessions() {
    let api = Api::new().await;
    api.register(&ANI).await;
    let here = api.token(ANI.nik, ANI.password).await;
    let elsewhere = api.token(ANI.email, ANI.password).await;
    let body = |old: &str| json!({ "old_password": old, "new_password": "Mahakam2027", "new_password_confirm": "Mahakam2027" });
    let (s, v) = api
        .call("POST", "/me/password", Some(&here), Some(body("Salah2026")))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message(&v), "Password Lama Salah");
    let (s, v) = api
        .call(
            "POST",
            "/me/password",
            Some(&here),
            Some(body(ANI.password)),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(message(&v), "Password berhasil diubah");
    assert_eq!(
        api.call("GET", "/me", Some(&here), None).await.0,
        StatusCode::OK
    );
    assert_eq!(
        api.call("GET", "/me", Some(&elsewhere), None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(api.login(ANI.nik, "Mahakam2027").await.0, StatusCode::OK);
}

#[tokio::test]
async fn every_role_is_checked_on_the_admin_endpoint() {
    let api = Api::new().await;
    eptsp_server::seed::seed_demo(&api.state.db).await.unwrap();
    let (s, _) = api.call("GET", "/admin/users", None, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    for a in &eptsp_server::seed::DEMO_ACCOUNTS {
        let token = api.token(a.email, a.password).await;
        let (s, v) = api
            .call("GET", "/admin/users?q=dpmptsp", Some(&token), None)
            .await;
        if a.role == eptsp_core::Role::Admin {
            assert_eq!(s, StatusCode::OK);
            assert_eq!(v.as_array().unwrap().len(), 4);
        } else {
            assert_eq!(s, StatusCode::FORBIDDEN, "{:?}", a.role);
            assert_eq!(message(&v), "Anda tidak memiliki akses ke fitur ini");
        }
    }
}

#[tokio::test]
async fn a_blocked_account_is_told_why_on_login() {
    let api = Api::new().await;
    api.register(&ANI).await;
    sqlx::query("UPDATE users SET blocked_reason = 'Dokumen identitas palsu'")
        .execute(&api.state.db)
        .await
        .unwrap();
    let (s, v) = api.login(ANI.nik, ANI.password).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(message(&v), "Akun Anda diblokir: Dokumen identitas palsu");
}

#[tokio::test]
async fn regions_cascade_from_province_to_village() {
    let api = Api::new().await;
    let (_, provinces) = api.call("GET", "/regions", None, None).await;
    assert_eq!(provinces.as_array().unwrap().len(), 38);
    let (_, kaltim) = api.call("GET", "/regions/64/children", None, None).await;
    let names: Vec<&str> = kaltim
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 10);
    assert!(names.contains(&"KOTA SAMARINDA"));
    let (_, kel) = api
        .call("GET", "/regions/64.72.01/children", None, None)
        .await;
    assert!(
        kel.as_array()
            .unwrap()
            .iter()
            .any(|r| r["code"] == "64.72.01.1001")
    );
}

#[tokio::test]
async fn malformed_json_gets_a_structured_400() {
    let api = Api::new().await;
    let req = Request::post("/api/v1/auth/login")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"login\": \"x\", "))
        .unwrap();
    let (s, v) = api.raw(req).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(v["code"], "bad_request");
    assert!(message(&v).starts_with("Permintaan tidak valid"));
}

#[tokio::test]
async fn wrong_types_and_unknown_fields_get_a_structured_400() {
    let api = Api::new().await;
    let (s, v) = api
        .post("/auth/login", json!({ "login": 6472, "password": "x" }))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(v["code"], "bad_request");
    let (s, v) = api
        .post(
            "/auth/login",
            json!({ "login": "a", "password": "b", "role": "admin" }),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(message(&v).contains("unknown field `role`"));
}

#[tokio::test]
async fn an_oversized_body_gets_a_structured_413() {
    let api = Api::new().await;
    let big = json!({ "login": "x".repeat(200_000), "password": "y" });
    let (s, v) = api.post("/auth/login", big).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(message(&v), "Data yang dikirim terlalu besar");
}

#[tokio::test]
async fn a_missing_content_type_and_an_unknown_path_are_structured() {
    let api = Api::new().await;
    let req = Request::post("/api/v1/auth/login")
        .body(Body::from("{}"))
        .unwrap();
    let (s, v) = api.raw(req).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(v["code"], "bad_request");
    let (s, v) = api.call("GET", "/tidak-ada", None, None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(v["code"], "not_found");
}

/// The mail server refuses for a while: the request is answered at once, the code waits
/// in the outbox and is retried with backoff, and arrives exactly once when the server
/// accepts again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_waits_while_the_mail_server_refuses_and_arrives_once_after() {
    let api = Api::new().await;
    api.mail.refuse(true);
    let (s, v) = api
        .post("/auth/email-code", json!({ "email": "tunda@example.com" }))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // Refused at least twice (a first try and a retry), nothing delivered.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while api.mail.refused() < 2 {
        assert!(std::time::Instant::now() < deadline, "no retry came");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(api.mail.mails().is_empty());
    let (attempts, error): (i32, Option<String>) =
        sqlx::query_as("SELECT attempts, last_error FROM mail_outbox WHERE recipient = $1")
            .bind("tunda@example.com")
            .fetch_one(&api.state.db)
            .await
            .unwrap();
    assert!(attempts >= 2, "{attempts}");
    assert!(error.is_some());
    api.mail.refuse(false);
    let mail = api
        .mail
        .wait_for("tunda@example.com", 0, Duration::from_secs(15))
        .await
        .expect("the code arrives once the server accepts");
    assert!(mail.code().is_some());
    // Give a duplicate every chance to show up: none does.
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(api.mail.mails().len(), 1);
    let sent: bool =
        sqlx::query_scalar("SELECT sent_at IS NOT NULL FROM mail_outbox WHERE recipient = $1")
            .bind("tunda@example.com")
            .fetch_one(&api.state.db)
            .await
            .unwrap();
    assert!(sent);
}

/// Two instances on one database send the outbox's messages between them, each once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_senders_deliver_every_message_exactly_once() {
    let api = Api::new().await;
    // A second instance's state on the same database and mail server.
    let second = AppState::new(api.state.db.clone(), (*api.state.config).clone()).unwrap();
    second.start_background();
    for i in 0..30 {
        let to = format!("warga{i}@example.com");
        eptsp_server::mail::enqueue(
            if i % 2 == 0 { &api.state } else { &second },
            &to,
            "Uji",
            "Isi",
        )
        .await
        .unwrap();
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while api.mail.mails().len() < 30 {
        assert!(
            std::time::Instant::now() < deadline,
            "{} of 30 arrived",
            api.mail.mails().len()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    let mut to: Vec<String> = api.mail.mails().into_iter().flat_map(|m| m.to).collect();
    to.sort();
    to.dedup();
    assert_eq!(api.mail.mails().len(), 30);
    assert_eq!(to.len(), 30);
}

#[tokio::test]
async fn the_openapi_document_lists_the_endpoints() {
    let api = Api::new().await;
    let (s, v) = api.call("GET", "/openapi.json", None, None).await;
    assert_eq!(s, StatusCode::OK);
    for path in [
        "/api/v1/auth/login",
        "/api/v1/auth/register",
        "/api/v1/me",
        "/api/v1/regions",
    ] {
        assert!(v["paths"].get(path).is_some(), "{path} missing");
    }
    assert!(v["components"]["schemas"].get("RegisterRequest").is_some());
}

#[tokio::test]
async fn the_desktop_secret_needs_the_password_and_is_one_per_account() {
    let api = Api::new().await;
    api.register(&ANI).await;
    let token = api.token(ANI.nik, ANI.password).await;
    let (s, v) = api
        .call(
            "POST",
            "/me/desktop-key",
            Some(&token),
            Some(json!({ "password": "Salah2026" })),
        )
        .await;
    assert_eq!(
        s,
        StatusCode::UNAUTHORIZED,
        "a session token alone is not enough"
    );
    assert_eq!(message(&v), "Password Salah");
    assert_eq!(
        api.call(
            "POST",
            "/me/desktop-key",
            None,
            Some(json!({ "password": ANI.password }))
        )
        .await
        .0,
        StatusCode::UNAUTHORIZED
    );
    // Concurrent first requests agree on one secret, and it stays the same.
    let ask = || {
        api.call(
            "POST",
            "/me/desktop-key",
            Some(&token),
            Some(json!({ "password": ANI.password })),
        )
    };
    let (a, b) = tokio::join!(ask(), ask());
    assert_eq!(
        (a.0, b.0),
        (StatusCode::OK, StatusCode::OK),
        "{} {}",
        a.1,
        b.1
    );
    let key = a.1["key"].as_str().unwrap().to_owned();
    assert_eq!(key.len(), 64);
    assert!(key.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(b.1["key"], a.1["key"]);
    assert_eq!(ask().await.1["key"].as_str(), Some(key.as_str()));
}
