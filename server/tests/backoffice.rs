//! The back office over real HTTP on loopback (real PostgreSQL, real SMTP sink): the
//! verifier's queue and claims, decisions, the revision loop with stale revisions refused,
//! signing with gap-free permit numbers under concurrency, verification of the permit
//! (tampered content refused), and each role kept to its own endpoints.

use std::collections::BTreeSet;
use std::time::Duration;

use eptsp_core::calendar::{Clock, SystemClock, format_date};
use eptsp_core::holidays::Calendar;

fn add_working_days(d: time::Date, n: u32) -> time::Date {
    // The server starts with the seed table: the deadlines it counts are the seed's.
    Calendar::seed().add_working_days(d, n)
}
use eptsp_core::catalogue::{ApplicationKind, Catalogue};
use eptsp_core::dossier::{DraftData, Lokasi, Titik};
use eptsp_core::izin::{self, SignedIzin};
use eptsp_core::lifecycle::{Action, Status};
use eptsp_core::office::{
    ApplicationView, DecisionRequest, DecisionResult, Dossier, LapseRequest, QueueItem, ReviewItem,
    RevisionLapse, Verdict, VerifyView,
};
use eptsp_core::submission::{SubmitRequest, SubmitResponse, SubmittedFile};
use eptsp_server::testkit::{TestServer, lokasi_samarinda, pdf_bytes};
use reqwest::StatusCode;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

#[derive(Clone)]
struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Client {
    async fn login(server: &TestServer, login: &str, password: &str) -> Client {
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
        Client {
            http,
            base: server.url(),
            token: v["token"]
                .as_str()
                .unwrap_or_else(|| panic!("{v}"))
                .to_owned(),
        }
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }

    async fn post(&self, path: &str, body: &impl Serialize) -> (StatusCode, Value) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap();
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }

    async fn ok<T: DeserializeOwned>(&self, r: (StatusCode, Value)) -> T {
        assert_eq!(r.0, StatusCode::OK, "{}", r.1);
        serde_json::from_value(r.1).unwrap()
    }
}

struct Office {
    server: TestServer,
    pemohon: Client,
    verifikator: Client,
    penandatangan: Client,
    admin: Client,
    sha: String,
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The office's public key as the desktop ships it.
fn shipped_public_key() -> [u8; 32] {
    let hex = include_str!("../../keys/office-signing-key.pub.hex").trim();
    (0..32)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect::<Vec<_>>()
        .try_into()
        .unwrap()
}

fn draft() -> DraftData {
    DraftData {
        lokasi: Lokasi {
            nomor: "12".into(),
            ..lokasi_samarinda()
        },
        ..eptsp_server::testkit::sipa_draft("pemohon@dpmptsp.test")
    }
}

impl Office {
    async fn start() -> Office {
        Office::start_with(|_| {}).await
    }

    /// An office whose server settings are changed by `configure`.
    async fn start_with(configure: impl FnOnce(&mut eptsp_server::config::Config)) -> Office {
        let server =
            TestServer::start_custom(eptsp_server::config::Limits::default(), configure, |r| r)
                .await;
        eptsp_server::seed::seed_demo(&server.state.db)
            .await
            .unwrap();
        let pemohon = Client::login(&server, "pemohon@dpmptsp.test", "Pemohon2026").await;
        let verifikator =
            Client::login(&server, "verifikator@dpmptsp.test", "Verifikator2026").await;
        let penandatangan =
            Client::login(&server, "penandatangan@dpmptsp.test", "Kepala2026").await;
        let admin = Client::login(&server, "admin@dpmptsp.test", "Admin2026").await;
        // One document, uploaded once, answers every requirement.
        let bytes = pdf_bytes(40_000, 77);
        let sha = sha(&bytes);
        let (s, v) = pemohon
            .post(
                "/api/v1/uploads",
                &json!({ "sha256": sha, "size": bytes.len(), "name": "berkas.pdf" }),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let r = pemohon
            .http
            .patch(format!("{}/api/v1/uploads/{sha}", server.url()))
            .bearer_auth(&pemohon.token)
            .header("Upload-Offset", "0")
            .header("Content-Type", "application/offset+octet-stream")
            .body(bytes)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        Office {
            server,
            pemohon,
            verifikator,
            penandatangan,
            admin,
            sha,
        }
    }

    async fn files(&self) -> Vec<SubmittedFile> {
        self.files_for(ApplicationKind::Baru).await
    }

    async fn files_for(&self, kind: ApplicationKind) -> Vec<SubmittedFile> {
        let c: Catalogue = eptsp_server::catalogue::load(&self.server.state.db)
            .await
            .unwrap();
        c.permit_type("sipa")
            .unwrap()
            .1
            .requirements_for(kind)
            .map(|r| SubmittedFile {
                requirement_id: r.id,
                sha256: self.sha.clone(),
            })
            .collect()
    }

    async fn submit(&self) -> SubmitResponse {
        self.submit_data(draft()).await
    }

    async fn submit_data(&self, data: DraftData) -> SubmitResponse {
        let req = SubmitRequest {
            id: Uuid::new_v4().to_string(),
            files: self
                .files_for(data.kind.unwrap_or(ApplicationKind::Baru))
                .await,
            data,
        };
        self.pemohon
            .ok(self.pemohon.post("/api/v1/applications", &req).await)
            .await
    }

    async fn claim(&self, who: &Client, id: &str) -> (StatusCode, Value) {
        who.post(
            &format!("/api/v1/office/applications/{id}/claim"),
            &json!({}),
        )
        .await
    }

    async fn decide(
        &self,
        id: &str,
        version: i32,
        action: Action,
        note: &str,
        checklist: Vec<ReviewItem>,
    ) -> (StatusCode, Value) {
        self.verifikator
            .post(
                &format!("/api/v1/office/applications/{id}/decision"),
                &DecisionRequest {
                    id: Uuid::new_v4().to_string(),
                    version,
                    action,
                    note: note.into(),
                    checklist,
                },
            )
            .await
    }

    async fn approve(&self, id: &str) {
        let d: Dossier = self
            .verifikator
            .ok(self.claim(&self.verifikator, id).await)
            .await;
        let all_ok = d
            .files
            .iter()
            .map(|f| ReviewItem {
                requirement_id: f.requirement_id,
                sesuai: true,
                note: String::new(),
            })
            .collect();
        let r: DecisionResult = self
            .verifikator
            .ok(self
                .decide(id, d.version, Action::Setujui, "", all_ok)
                .await)
            .await;
        assert_eq!(r.status, Status::Disetujui);
    }

    /// A new application, taken and returned for revision (its first document "Buram").
    async fn returned(&self) -> SubmitResponse {
        let app = self.submit().await;
        let d: Dossier = self
            .verifikator
            .ok(self.claim(&self.verifikator, &app.id).await)
            .await;
        let checklist: Vec<ReviewItem> = d
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| ReviewItem {
                requirement_id: f.requirement_id,
                sesuai: i != 0,
                note: if i == 0 {
                    "Buram".into()
                } else {
                    String::new()
                },
            })
            .collect();
        let r: DecisionResult = self
            .verifikator
            .ok(self
                .decide(
                    &app.id,
                    d.version,
                    Action::MintaPerbaikan,
                    "Perbaiki KTP",
                    checklist,
                )
                .await)
            .await;
        assert_eq!(r.status, Status::PerluPerbaikan);
        app
    }

    /// Moves the application's revision deadline to `due`, as the days passing would.
    async fn revision_due_on(&self, id: &str, due: time::Date) {
        sqlx::query("UPDATE applications SET revision_due = $2 WHERE id = $1::uuid")
            .bind(id)
            .bind(due)
            .execute(&self.server.state.db)
            .await
            .unwrap();
    }

    async fn lapse(&self, id: &str, key: Uuid, action: Action) -> (StatusCode, Value) {
        self.verifikator
            .post(
                &format!("/api/v1/office/applications/{id}/lapse"),
                &LapseRequest {
                    id: key.to_string(),
                    action,
                    note: String::new(),
                },
            )
            .await
    }

    async fn queue_item(&self, id: &str) -> QueueItem {
        let q: Vec<QueueItem> = self
            .verifikator
            .ok(self
                .verifikator
                .get("/api/v1/office/queue?status=perlu_perbaikan")
                .await)
            .await;
        q.into_iter().find(|i| i.id == id).expect("in the queue")
    }

    async fn sign(&self, id: &str) -> (StatusCode, Value) {
        self.penandatangan
            .post(
                &format!("/api/v1/office/applications/{id}/sign"),
                &json!({ "passphrase": "Kepala2026" }),
            )
            .await
    }
}

/// The calendar is the table the admin keeps, not a compiled one: two days declared
/// closed move the service deadline of an application received after.
#[tokio::test]
async fn a_closed_day_the_admin_adds_moves_the_deadlines_counted_after_it() {
    let o = Office::start().await;
    let today = SystemClock.today_wita();
    let seed = Calendar::seed();
    let closed = [
        seed.add_working_days(today, 1),
        seed.add_working_days(today, 2),
    ];
    for d in closed {
        let r = o
            .admin
            .http
            .put(format!(
                "{}/api/v1/admin/holidays/{}",
                o.server.url(),
                format_date(d)
            ))
            .bearer_auth(&o.admin.token)
            .json(&json!({ "kind": "libur", "name": "Libur daerah" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
    let _app = o.submit().await;
    let q: Vec<QueueItem> = o
        .verifikator
        .ok(o.verifikator.get("/api/v1/office/queue").await)
        .await;
    let seed_days: Vec<time::Date> =
        eptsp_core::holidays::parse_csv(eptsp_core::holidays::SEED_CSV, None)
            .unwrap()
            .iter()
            .map(|h| eptsp_core::calendar::parse_date(&h.date).unwrap())
            .collect();
    let kept = Calendar::new(seed_days.into_iter().chain(closed));
    assert_eq!(
        q[0].sla_due,
        Some(format_date(kept.add_working_days(today, 12)))
    );
    assert_ne!(q[0].sla_due, Some(format_date(add_working_days(today, 12))));
}

#[tokio::test]
async fn a_return_for_revision_a_revision_an_approval_and_a_signature_issue_a_verifiable_permit() {
    let o = Office::start().await;
    let app = o.submit().await;
    let today = SystemClock.today_wita();

    // In the queue, with its service deadline (SIPA: 12 working days of verification).
    let q: Vec<QueueItem> = o
        .verifikator
        .ok(o.verifikator.get("/api/v1/office/queue").await)
        .await;
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].status, Status::Diajukan);
    assert_eq!(q[0].sla_due, Some(format_date(add_working_days(today, 12))));
    assert!(!q[0].overdue);
    let view: ApplicationView = o
        .pemohon
        .ok(o
            .pemohon
            .get(&format!("/api/v1/applications/{}", app.id))
            .await)
        .await;
    assert_eq!(
        view.expected_completion,
        Some(format_date(add_working_days(today, 14))),
        "verification then two days of signing"
    );

    // Claimed: Verifikasi, held by this verifier.
    let d: Dossier = o
        .verifikator
        .ok(o.claim(&o.verifikator, &app.id).await)
        .await;
    assert_eq!(d.status, Status::Verifikasi);
    assert!(d.claimed_by_me);
    assert_eq!(d.files.len(), 8);
    assert_eq!(d.pemohon_nama, "Budi Santoso");

    // The file itself, for review.
    let r = o
        .verifikator
        .http
        .get(format!("{}/api/v1/office/files/{}", o.server.url(), o.sha))
        .bearer_auth(&o.verifikator.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(sha(&r.bytes().await.unwrap()), o.sha);

    // Returned with a note on one requirement: the office's clock stops, 5 days to fix.
    let bad = d.files[0].requirement_id;
    let checklist: Vec<ReviewItem> = d
        .files
        .iter()
        .map(|f| ReviewItem {
            requirement_id: f.requirement_id,
            sesuai: f.requirement_id != bad,
            note: if f.requirement_id == bad {
                "Foto KTP buram, unggah ulang yang jelas".into()
            } else {
                String::new()
            },
        })
        .collect();
    let r: DecisionResult = o
        .verifikator
        .ok(o
            .decide(
                &app.id,
                d.version,
                Action::MintaPerbaikan,
                "Perbaiki KTP",
                checklist.clone(),
            )
            .await)
        .await;
    assert_eq!(r.status, Status::PerluPerbaikan);
    assert_eq!(r.sla_due, None);
    assert_eq!(
        r.revision_due,
        Some(format_date(add_working_days(today, 5)))
    );
    let mail = o
        .server
        .mail
        .wait_for_subject(
            "pemohon@dpmptsp.test",
            "Perlu Perbaikan",
            Duration::from_secs(5),
        )
        .await
        .expect("a status e-mail");
    assert!(mail.body.contains("Perbaiki KTP"));

    // The applicant sees the notes per requirement.
    let view: ApplicationView = o
        .pemohon
        .ok(o
            .pemohon
            .get(&format!("/api/v1/applications/{}", app.id))
            .await)
        .await;
    assert_eq!(view.status, Status::PerluPerbaikan);
    let review = view.review.clone().unwrap();
    assert_eq!(review.note, "Perbaiki KTP");
    assert_eq!(review.checklist, checklist);

    // A revision answering an older version is refused, never merged.
    let files = o.files().await;
    let stale = json!({ "id": Uuid::new_v4(), "version": view.version - 1, "data": view.data, "files": files });
    let (s, v) = o
        .pemohon
        .post(&format!("/api/v1/applications/{}/revision", app.id), &stale)
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["code"], "stale_version");

    // Submit Revisi: back to verification, version 2, the clock running again.
    let mut data = view.data.clone();
    data.keterangan = "Sumur bor untuk pabrik es balok (KTP diperbarui)".into();
    let rev =
        json!({ "id": Uuid::new_v4(), "version": view.version, "data": data, "files": files });
    let after: ApplicationView = o
        .pemohon
        .ok(o
            .pemohon
            .post(&format!("/api/v1/applications/{}/revision", app.id), &rev)
            .await)
        .await;
    assert_eq!((after.status, after.version), (Status::Verifikasi, 2));
    // The office's clock resumes with the working days it had left (all 12: returned and
    // revised on the same day), then two days of signing.
    assert_eq!(
        after.expected_completion,
        Some(format_date(add_working_days(
            add_working_days(today, 12),
            2
        )))
    );
    // Sent again (a retry): the same result, no second revision.
    let again: ApplicationView = o
        .pemohon
        .ok(o
            .pemohon
            .post(&format!("/api/v1/applications/{}/revision", app.id), &rev)
            .await)
        .await;
    assert_eq!(again.version, 2);

    // A decision on the version before the revision is refused.
    let (s, v) = o.decide(&app.id, 1, Action::Setujui, "", Vec::new()).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["code"], "stale_version");

    // Approved, then signed with the passphrase.
    let d: Dossier = o
        .verifikator
        .ok(o
            .verifikator
            .get(&format!("/api/v1/office/applications/{}", app.id))
            .await)
        .await;
    assert_eq!(d.version, 2);
    assert!(d.claimed_by_me, "the verifier keeps a returned application");
    o.approve(&app.id).await;
    let sq: Vec<QueueItem> = o
        .penandatangan
        .ok(o.penandatangan.get("/api/v1/office/signing-queue").await)
        .await;
    assert_eq!(sq.len(), 1);
    let (s, v) = o
        .penandatangan
        .post(
            &format!("/api/v1/office/applications/{}/sign", app.id),
            &json!({ "passphrase": "salah" }),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        v["message"],
        "Passphrase salah. Tanda tangan elektronik dibatalkan."
    );
    let izin: SignedIzin = o.penandatangan.ok(o.sign(&app.id).await).await;
    let year = today.year();
    assert_eq!(izin.content.nomor, format!("503/0001/DPMPTSP-KT/{year}"));
    assert_eq!(izin.content.pemegang, "Budi Santoso");
    assert_eq!(
        izin.content.lokasi,
        "Jl. Gajah Mada No. 12, Rawa Makmur, Palaran, Kota Samarinda"
    );
    assert_eq!(
        izin.content.berlaku_sampai,
        format_date(today.replace_year(year + 5).unwrap())
    );
    // Signed again (a retry): the same permit, the same number.
    let same: SignedIzin = o.penandatangan.ok(o.sign(&app.id).await).await;
    assert_eq!(same, izin);
    // The applicant is invited to the satisfaction survey once, about this application.
    let invitations: Vec<(String, Option<uuid::Uuid>)> = sqlx::query_as(
        "SELECT body, application_id FROM messages WHERE kind = 'survei' ORDER BY pos",
    )
    .fetch_all(&o.server.state.db)
    .await
    .unwrap();
    assert_eq!(invitations.len(), 1, "{invitations:?}");
    assert_eq!(
        invitations[0].1.map(|u| u.to_string()),
        Some(app.id.clone())
    );
    assert!(
        invitations[0].0.contains("Survei Kepuasan Masyarakat"),
        "{}",
        invitations[0].0
    );

    // Offline, with the key the desktop ships.
    let pk = shipped_public_key();
    assert_eq!(izin::verify(&izin, &pk), Ok(()));

    // Online, as the QR code opens it; and a tampered copy.
    let qr = izin::qr_payload(&izin);
    assert!(qr.starts_with(&format!("{}/v/", o.server.url())));
    let path = qr
        .trim_start_matches(&o.server.url())
        .replacen("/v/", "/api/v1/permits/", 1)
        .replacen('?', "/verify?", 1);
    let v: VerifyView = o.pemohon.ok(o.pemohon.get(&path).await).await;
    assert_eq!(v.verdict, Verdict::Sah);
    let mut forged = izin.clone();
    forged.content.berlaku_sampai = format!("{}-01-01", year + 30);
    assert!(izin::verify(&forged, &pk).is_err());
    let fq = izin::qr_payload(&forged);
    let path = fq
        .trim_start_matches(&o.server.url())
        .replacen("/v/", "/api/v1/permits/", 1)
        .replacen('?', "/verify?", 1);
    let v: VerifyView = o.pemohon.ok(o.pemohon.get(&path).await).await;
    assert_eq!(v.verdict, Verdict::TidakSah);
    // The public page.
    let page = reqwest::get(&qr).await.unwrap().text().await.unwrap();
    assert!(page.contains("Izin ini SAH"), "{page}");
    assert!(page.contains(&izin.content.nomor));
    let page = reqwest::get(&fq).await.unwrap().text().await.unwrap();
    assert!(page.contains("TIDAK SAH"));
    let v: VerifyView = o
        .pemohon
        .ok(o
            .pemohon
            .get(&format!("/api/v1/permits/{}/verify", Uuid::new_v4()))
            .await)
        .await;
    assert_eq!(v.verdict, Verdict::TidakDikenal);

    // The applicant's permits.
    let mine: Vec<eptsp_core::office::PermitView> =
        o.pemohon.ok(o.pemohon.get("/api/v1/permits").await).await;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].izin, izin);
    assert_eq!(mine[0].state, eptsp_core::office::PermitState::Aktif);

    // Revoked by the admin (only): the QR code's page says so, and so does the list.
    let revoke = format!("/api/v1/office/permits/{}/revoke", app.id);
    let why = json!({ "reason": "Lokasi tumpang tindih dengan kawasan lindung" });
    assert_eq!(
        o.penandatangan.post(&revoke, &why).await.0,
        StatusCode::FORBIDDEN
    );
    let (s, v) = o.admin.post(&revoke, &json!({ "reason": " " })).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (s, v) = o.admin.post(&revoke, &why).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(o.admin.post(&revoke, &why).await.0, StatusCode::CONFLICT);
    let page = reqwest::get(&qr).await.unwrap().text().await.unwrap();
    assert!(page.contains("telah DICABUT"), "{page}");
    let v: VerifyView = o
        .pemohon
        .ok(o
            .pemohon
            .get(&format!("/api/v1/permits/{}/verify", app.id))
            .await)
        .await;
    assert_eq!(v.verdict, Verdict::Dicabut);
    let mine: Vec<eptsp_core::office::PermitView> =
        o.pemohon.ok(o.pemohon.get("/api/v1/permits").await).await;
    assert_eq!(mine[0].state, eptsp_core::office::PermitState::Dicabut);

    // The whole history in the audit log (the reads it also records, dossiers opened and
    // files downloaded, are the audit test's).
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE action NOT IN ('buka_dossier', 'unduh_berkas') ORDER BY id",
    )
        .fetch_all(&o.server.state.db)
        .await
        .unwrap();
    assert_eq!(
        actions,
        [
            "mulai_verifikasi",
            "ambil",
            "minta_perbaikan",
            "ambil",
            "setujui",
            // The wrong passphrase tried first is on record too.
            "sign_passphrase_wrong",
            "tandatangani",
            "cabut_izin"
        ]
    );
    let statuses: Vec<String> = sqlx::query_scalar(
        "SELECT status FROM tracking WHERE application_id = $1::uuid ORDER BY id",
    )
    .bind(&app.id)
    .fetch_all(&o.server.state.db)
    .await
    .unwrap();
    assert_eq!(
        statuses,
        [
            "diajukan",
            "verifikasi",
            "perlu_perbaikan",
            "verifikasi",
            "disetujui",
            "selesai",
            "selesai"
        ]
    );
}

#[tokio::test]
async fn two_verifiers_claiming_at_once_one_wins_and_the_other_is_told_who() {
    let o = Office::start().await;
    // A second verifier.
    sqlx::query(
        "INSERT INTO users (id, nik, nama, jenis_kelamin, tanggal_lahir, pendidikan, alamat, provinsi, kabupaten,
                            kecamatan, kelurahan, no_hp, kode_pos, email, password_hash, role)
         SELECT gen_random_uuid(), '6472014203850099', 'Rudi Hartono', jenis_kelamin, tanggal_lahir, pendidikan, alamat,
                provinsi, kabupaten, kecamatan, kelurahan, no_hp, kode_pos, 'rudi@dpmptsp.test', password_hash, role
         FROM users WHERE email = 'verifikator@dpmptsp.test'",
    )
    .execute(&o.server.state.db)
    .await
    .unwrap();
    let rudi = Client::login(&o.server, "rudi@dpmptsp.test", "Verifikator2026").await;
    for _ in 0..5 {
        let app = o.submit().await;
        let (a, b) = tokio::join!(o.claim(&o.verifikator, &app.id), o.claim(&rudi, &app.id));
        let codes = [a.0, b.0];
        assert!(
            codes.contains(&StatusCode::OK) && codes.contains(&StatusCode::CONFLICT),
            "{codes:?}"
        );
        let lost = if a.0 == StatusCode::CONFLICT {
            &a.1
        } else {
            &b.1
        };
        let winner = if a.0 == StatusCode::OK {
            "Siti Rahmawati, S.H."
        } else {
            "Rudi Hartono"
        };
        assert_eq!(
            lost["message"],
            format!("Permohonan ini sedang ditangani oleh {winner}")
        );
    }
    // Released, the other may take it.
    let app = o.submit().await;
    o.verifikator
        .ok::<Dossier>(o.claim(&o.verifikator, &app.id).await)
        .await;
    assert_eq!(o.claim(&rudi, &app.id).await.0, StatusCode::CONFLICT);
    let (s, _) = o
        .verifikator
        .post(
            &format!("/api/v1/office/applications/{}/release", app.id),
            &json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let d: Dossier = rudi.ok(o.claim(&rudi, &app.id).await).await;
    assert!(d.claimed_by_me);
    // Deciding needs the claim.
    let (s, v) = o
        .decide(
            &app.id,
            1,
            Action::Tolak,
            "Lokasi di kawasan hutan lindung",
            Vec::new(),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["code"], "not_claimed");
}

#[tokio::test]
async fn an_area_permit_signs_the_outline_it_was_applied_for() {
    let o = Office::start().await;
    // A 200 m square in the middle of Samarinda, drawn with more decimals than are kept.
    let square = [
        (-0.50120049, 117.15280071),
        (-0.50120049, 117.15460071),
        (-0.50300049, 117.15460071),
        (-0.50300049, 117.15280071),
    ]
    .map(|(lat, lng)| Titik { lat, lng });
    let mut data = draft();
    data.lokasi.poligon = square.to_vec();
    let app = o.submit_data(data).await;
    o.approve(&app.id).await;
    let izin: SignedIzin = o.penandatangan.ok(o.sign(&app.id).await).await;
    assert_eq!(
        izin.content.poligon,
        "-0.501200,117.152801 -0.501200,117.154601 -0.503000,117.154601 -0.503000,117.152801"
    );
    let pk = shipped_public_key();
    assert_eq!(izin::verify(&izin, &pk), Ok(()));
    // The stored permit is the same, outline included; a moved vertex does not verify.
    let mine: Vec<eptsp_core::office::PermitView> =
        o.pemohon.ok(o.pemohon.get("/api/v1/permits").await).await;
    assert_eq!(mine[0].izin, izin);
    let mut moved = izin.clone();
    moved.content.poligon = moved.content.poligon.replacen("-0.503000", "-0.513000", 1);
    assert!(izin::verify(&moved, &pk).is_err());
    // The public page the QR code opens shows the outline and its area.
    let page = reqwest::get(&izin::qr_payload(&izin))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Izin ini SAH"), "{page}");
    assert!(page.contains(" m² (3,99 ha)</td>"), "{page}");
    assert!(
        page.contains("4 titik sudut: -0.501200,117.152801; -0.501200,117.154601;"),
        "{page}"
    );
}

#[tokio::test]
async fn fifty_signings_at_once_take_fifty_numbers_without_gaps_or_duplicates() {
    let o = Office::start().await;
    let mut ids = Vec::new();
    for _ in 0..50 {
        let app = o.submit().await;
        o.approve(&app.id).await;
        ids.push(app.id);
    }
    let signings = ids.iter().map(|id| {
        let o = &o;
        async move { o.sign(id).await }
    });
    let results = futures_util::future::join_all(signings).await;
    let mut numbers = BTreeSet::new();
    for (s, v) in results {
        assert_eq!(s, StatusCode::OK, "{v}");
        let izin: SignedIzin = serde_json::from_value(v).unwrap();
        numbers.insert(izin.content.nomor);
    }
    let year = SystemClock.today_wita().year();
    let expected: BTreeSet<String> = (1..=50)
        .map(|n| format!("503/{n:04}/DPMPTSP-KT/{year}"))
        .collect();
    assert_eq!(numbers, expected);
}

#[tokio::test]
async fn a_revision_after_its_deadline_is_refused_and_one_on_the_last_day_is_taken() {
    let o = Office::start().await;
    let app = o.returned().await;
    let view: ApplicationView = o
        .pemohon
        .ok(o
            .pemohon
            .get(&format!("/api/v1/applications/{}", app.id))
            .await)
        .await;
    let files = o.files().await;
    let rev =
        json!({ "id": Uuid::new_v4(), "version": view.version, "data": view.data, "files": files });
    let path = format!("/api/v1/applications/{}/revision", app.id);
    // The deadline was yesterday (as the days go by: the row says when it was due).
    let today = SystemClock.today_wita();
    let yesterday = today.previous_day().unwrap();
    o.revision_due_on(&app.id, yesterday).await;
    let (s, v) = o.pemohon.post(&path, &rev).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["code"], "revision_overdue");
    assert_eq!(
        v["message"],
        format!(
            "Batas waktu perbaikan ({}) telah lewat sehingga revisi tidak dapat diterima. Hubungi kantor DPMPTSP untuk perpanjangan, atau ajukan permohonan baru.",
            eptsp_core::calendar::format_date_long(yesterday)
        )
    );
    let still: ApplicationView = o
        .pemohon
        .ok(o
            .pemohon
            .get(&format!("/api/v1/applications/{}", app.id))
            .await)
        .await;
    assert_eq!((still.status, still.version), (Status::PerluPerbaikan, 1));
    // The office sees it flagged: among the overdue ones, with the day it was due.
    let q: Vec<QueueItem> = o
        .verifikator
        .ok(o
            .verifikator
            .get("/api/v1/office/queue?status=perlu_perbaikan&overdue=true")
            .await)
        .await;
    assert_eq!(q.len(), 1);
    assert_eq!(
        (
            q[0].id.as_str(),
            q[0].revision_due.clone(),
            q[0].overdue,
            q[0].sla_due.clone()
        ),
        (app.id.as_str(), Some(format_date(yesterday)), true, None)
    );
    // Due today: still in time.
    o.revision_due_on(&app.id, today).await;
    let q: Vec<QueueItem> = o
        .verifikator
        .ok(o
            .verifikator
            .get("/api/v1/office/queue?status=perlu_perbaikan")
            .await)
        .await;
    assert!(!q[0].overdue, "due today is not late");
    let after: ApplicationView = o.pemohon.ok(o.pemohon.post(&path, &rev).await).await;
    assert_eq!((after.status, after.version), (Status::Verifikasi, 2));
}

#[tokio::test]
async fn an_approval_or_a_return_needs_a_verdict_on_every_document() {
    let o = Office::start().await;
    let app = o.submit().await;
    let d: Dossier = o
        .verifikator
        .ok(o.claim(&o.verifikator, &app.id).await)
        .await;
    assert!(d.files.len() >= 2, "{:?}", d.files);
    let judged = |n: usize, sesuai: bool| -> Vec<ReviewItem> {
        d.files
            .iter()
            .take(n)
            .map(|f| ReviewItem {
                requirement_id: f.requirement_id,
                sesuai,
                note: if sesuai {
                    String::new()
                } else {
                    "Buram".into()
                },
            })
            .collect()
    };
    let all = d.files.len();
    for (action, note, checklist) in [
        (Action::Setujui, "", Vec::new()),
        (Action::Setujui, "", judged(all - 1, true)),
        (Action::MintaPerbaikan, "Perbaiki", judged(1, false)),
    ] {
        let (s, v) = o.decide(&app.id, d.version, action, note, checklist).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["fields"][0]["code"], "checklist_incomplete", "{v}");
        assert!(
            v["message"]
                .as_str()
                .unwrap()
                .starts_with("Periksa semua dokumen: pilih Sesuai atau Tidak sesuai"),
            "{v}"
        );
    }
    // Refused means undone: no decision recorded, the application where it was.
    let decisions: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM decisions WHERE action IN ('setujui', 'minta_perbaikan')",
    )
    .fetch_one(&o.server.state.db)
    .await
    .unwrap();
    assert_eq!(decisions, 0);
    // A rejection needs only its reason; every document judged, the approval goes.
    let r: DecisionResult = o
        .verifikator
        .ok(o
            .decide(&app.id, d.version, Action::Setujui, "", judged(all, true))
            .await)
        .await;
    assert_eq!(r.status, Status::Disetujui);
}

#[tokio::test]
async fn decisions_are_checked_and_applied_once() {
    let o = Office::start().await;
    let app = o.submit().await;
    let d: Dossier = o
        .verifikator
        .ok(o.claim(&o.verifikator, &app.id).await)
        .await;
    // Rejection needs a reason; a return needs at least one requirement marked with a note.
    let (s, v) = o
        .decide(&app.id, d.version, Action::Tolak, " ", Vec::new())
        .await;
    assert_eq!(
        (s, v["message"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("Alasan penolakan wajib diisi")
        )
    );
    let (s, v) = o
        .decide(
            &app.id,
            d.version,
            Action::MintaPerbaikan,
            "Perbaiki",
            Vec::new(),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["fields"][0]["field"], "checklist");
    // Signing is not a verifier's decision.
    let (s, _) = o
        .decide(&app.id, d.version, Action::Tandatangani, "", Vec::new())
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    // The same rejection sent twice (a retry from the outbox) is applied once.
    let req = DecisionRequest {
        id: Uuid::new_v4().to_string(),
        version: d.version,
        action: Action::Tolak,
        note: "Lokasi berada di kawasan hutan lindung".into(),
        checklist: Vec::new(),
    };
    let path = format!("/api/v1/office/applications/{}/decision", app.id);
    let first: DecisionResult = o
        .verifikator
        .ok(o.verifikator.post(&path, &req).await)
        .await;
    let second: DecisionResult = o
        .verifikator
        .ok(o.verifikator.post(&path, &req).await)
        .await;
    assert_eq!(first, second);
    assert_eq!(first.status, Status::Ditolak);
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM decisions WHERE action = 'tolak'")
        .fetch_one(&o.server.state.db)
        .await
        .unwrap();
    assert_eq!(n, 1);
    // Final: nothing more happens to it, and it leaves the queue.
    let (s, v) = o
        .decide(&app.id, d.version, Action::Setujui, "", Vec::new())
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    let q: Vec<QueueItem> = o
        .verifikator
        .ok(o.verifikator.get("/api/v1/office/queue").await)
        .await;
    assert!(q.is_empty());
    // Monitoring shows the rejection note to anyone with the resi.
    let m: eptsp_core::submission::MonitoringView = o
        .pemohon
        .ok(o
            .pemohon
            .get(&format!("/api/v1/monitoring/{}", app.resi))
            .await)
        .await;
    assert_eq!(m.status, eptsp_core::lifecycle::Status::Ditolak);
    assert_eq!(
        m.catatan_penolakan.as_deref(),
        Some("Lokasi berada di kawasan hutan lindung")
    );
}

/// Where the office allows it, a lapsed revision gets one extension (two verifiers at once:
/// one extends, the other is told); then, or instead, the application is rejected as lapsed.
#[tokio::test]
async fn a_lapsed_revision_is_extended_once_then_only_rejected() {
    let o = Office::start().await;
    let app = o.returned().await;
    let today = SystemClock.today_wita();
    // Not before the deadline: the applicant may still send it.
    assert!(o.queue_item(&app.id).await.lapse_actions.is_empty());
    let (s, v) = o.lapse(&app.id, Uuid::new_v4(), Action::Tolak).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::CONFLICT, Some("lapse_refused")),
        "{v}"
    );
    assert!(
        v["message"].as_str().unwrap().contains("belum lewat"),
        "{v}"
    );
    // Neither is the ordinary decision any way around it.
    let (s, v) = o
        .decide(&app.id, 1, Action::Tolak, "Tidak dikirim", vec![])
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");

    o.revision_due_on(&app.id, today.previous_day().unwrap())
        .await;
    let item = o.queue_item(&app.id).await;
    assert!(item.overdue);
    assert_eq!(item.lapse_actions, [Action::PerpanjangBatas, Action::Tolak]);
    // The verifier's default queue shows it, among what waits for the office.
    let q: Vec<QueueItem> = o
        .verifikator
        .ok(o.verifikator.get("/api/v1/office/queue").await)
        .await;
    assert!(q.iter().any(|i| i.id == app.id), "{q:?}");
    // Two extensions at once (two clicks, two workstations): one is made.
    let (a, b) = tokio::join!(
        o.lapse(&app.id, Uuid::new_v4(), Action::PerpanjangBatas),
        o.lapse(&app.id, Uuid::new_v4(), Action::PerpanjangBatas)
    );
    let mut codes = [a.0, b.0];
    codes.sort();
    assert_eq!(codes, [StatusCode::OK, StatusCode::CONFLICT], "{a:?} {b:?}");
    let refused = if a.0 == StatusCode::OK { &b.1 } else { &a.1 };
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("sudah diperpanjang hingga"),
        "{refused}"
    );
    let extended: DecisionResult =
        serde_json::from_value(if a.0 == StatusCode::OK { a.1 } else { b.1 }).unwrap();
    let until = add_working_days(today, eptsp_core::office::REVISION_WORKING_DAYS);
    assert_eq!(
        (extended.status, extended.revision_due),
        (Status::PerluPerbaikan, Some(format_date(until)))
    );
    // The applicant is told, and reads the new deadline.
    let view: ApplicationView = o
        .pemohon
        .ok(o
            .pemohon
            .get(&format!("/api/v1/applications/{}", app.id))
            .await)
        .await;
    assert_eq!(view.revision_due, Some(format_date(until)));
    assert_eq!(
        view.review.unwrap().note,
        "Perbaiki KTP",
        "the verifier's notes stay"
    );
    let inbox: Value = o.pemohon.ok(o.pemohon.get("/api/v1/inbox").await).await;
    let told = format!(
        "Batas perbaikan diperpanjang hingga {}",
        eptsp_core::calendar::format_date_long(until)
    );
    assert!(inbox.to_string().contains(&told), "{inbox}");
    assert!(!o.queue_item(&app.id).await.overdue);
    let q: Vec<QueueItem> = o
        .verifikator
        .ok(o.verifikator.get("/api/v1/office/queue").await)
        .await;
    assert!(
        !q.iter().any(|i| i.id == app.id),
        "in time again: the applicant's turn"
    );

    // Lapsed again: only a rejection is left.
    let yesterday = today.previous_day().unwrap();
    o.revision_due_on(&app.id, yesterday).await;
    assert_eq!(o.queue_item(&app.id).await.lapse_actions, [Action::Tolak]);
    let (s, v) = o
        .lapse(&app.id, Uuid::new_v4(), Action::PerpanjangBatas)
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    let key = Uuid::new_v4();
    let rejected: DecisionResult = o
        .verifikator
        .ok(o.lapse(&app.id, key, Action::Tolak).await)
        .await;
    assert_eq!(rejected.status, Status::Ditolak);
    // Sent again (a lost answer): the same result, nothing done twice.
    let again: DecisionResult = o
        .verifikator
        .ok(o.lapse(&app.id, key, Action::Tolak).await)
        .await;
    assert_eq!(again, rejected);
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM decisions WHERE application_id = $1::uuid AND action = 'tolak'",
    )
    .bind(&app.id)
    .fetch_one(&o.server.state.db)
    .await
    .unwrap();
    assert_eq!(n, 1);
    let view: ApplicationView = o
        .pemohon
        .ok(o
            .pemohon
            .get(&format!("/api/v1/applications/{}", app.id))
            .await)
        .await;
    assert_eq!(view.status, Status::Ditolak);
    assert_eq!(
        view.review.unwrap().note,
        format!(
            "Ditolak karena batas waktu perbaikan ({}) terlewati tanpa revisi",
            eptsp_core::calendar::format_date_long(yesterday)
        )
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE application_id = $1::uuid AND action IN ('perpanjang_batas', 'tolak')",
    )
    .bind(&app.id)
    .fetch_one(&o.server.state.db)
    .await
    .unwrap();
    assert_eq!(audited, 2);
}

/// An office that gives no extensions: a lapsed revision can only be rejected.
#[tokio::test]
async fn where_the_office_gives_no_extension_a_lapsed_revision_is_rejected() {
    let o = Office::start_with(|c| c.revision_lapse = RevisionLapse::Tolak).await;
    let app = o.returned().await;
    o.revision_due_on(&app.id, SystemClock.today_wita().previous_day().unwrap())
        .await;
    assert_eq!(o.queue_item(&app.id).await.lapse_actions, [Action::Tolak]);
    let (s, v) = o
        .lapse(&app.id, Uuid::new_v4(), Action::PerpanjangBatas)
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(
        v["message"],
        "Kantor tidak memberi perpanjangan: revisi yang lewat batas ditolak."
    );
    // Only the two lapse actions are taken here.
    let (s, v) = o.lapse(&app.id, Uuid::new_v4(), Action::Setujui).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let r: DecisionResult = o
        .verifikator
        .ok(o.lapse(&app.id, Uuid::new_v4(), Action::Tolak).await)
        .await;
    assert_eq!(r.status, Status::Ditolak);
}

#[tokio::test]
async fn the_queue_filters_and_flags_overdue_applications() {
    let o = Office::start().await;
    let a = o.submit().await;
    let b = o.submit().await;
    // One of them past its deadline.
    sqlx::query("UPDATE applications SET sla_due = CURRENT_DATE - 3 WHERE id = $1::uuid")
        .bind(&b.id)
        .execute(&o.server.state.db)
        .await
        .unwrap();
    let q: Vec<QueueItem> = o
        .verifikator
        .ok(o.verifikator.get("/api/v1/office/queue").await)
        .await;
    assert_eq!(
        q.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        [b.id.as_str(), a.id.as_str()],
        "closest deadline first"
    );
    assert!(q[0].overdue && !q[1].overdue);
    let q: Vec<QueueItem> = o
        .verifikator
        .ok(o.verifikator.get("/api/v1/office/queue?overdue=true").await)
        .await;
    assert_eq!(q.len(), 1);
    let q: Vec<QueueItem> = o
        .verifikator
        .ok(o
            .verifikator
            .get("/api/v1/office/queue?agency_id=dlh")
            .await)
        .await;
    assert!(q.is_empty());
    let q: Vec<QueueItem> = o
        .verifikator
        .ok(o
            .verifikator
            .get("/api/v1/office/queue?permit_type_id=sipa&status=diajukan")
            .await)
        .await;
    assert_eq!(q.len(), 2);
}

#[tokio::test]
async fn each_role_is_kept_to_its_own_endpoints() {
    let o = Office::start().await;
    let app = o.submit().await;
    let id = &app.id;
    let forbidden = StatusCode::FORBIDDEN;
    let body = json!({ "id": Uuid::new_v4(), "version": 1, "action": "setujui" });
    let revision = json!({ "id": Uuid::new_v4(), "version": 1, "data": draft(), "files": [] });
    // The applicant may not act as the office.
    assert_eq!(o.pemohon.get("/api/v1/office/queue").await.0, forbidden);
    assert_eq!(
        o.pemohon.get("/api/v1/office/signing-queue").await.0,
        forbidden
    );
    assert_eq!(
        o.pemohon
            .get(&format!("/api/v1/office/applications/{id}"))
            .await
            .0,
        forbidden
    );
    assert_eq!(
        o.pemohon
            .get(&format!("/api/v1/office/files/{}", o.sha))
            .await
            .0,
        forbidden
    );
    assert_eq!(o.claim(&o.pemohon, id).await.0, forbidden);
    assert_eq!(
        o.pemohon
            .post(&format!("/api/v1/office/applications/{id}/decision"), &body)
            .await
            .0,
        forbidden
    );
    assert_eq!(
        o.pemohon
            .post(
                &format!("/api/v1/office/applications/{id}/sign"),
                &json!({"passphrase": "x"})
            )
            .await
            .0,
        forbidden
    );
    // The verifier may not sign; the signer may not claim or decide.
    assert_eq!(
        o.verifikator
            .post(
                &format!("/api/v1/office/applications/{id}/sign"),
                &json!({"passphrase": "x"})
            )
            .await
            .0,
        forbidden
    );
    assert_eq!(
        o.verifikator.get("/api/v1/office/signing-queue").await.0,
        forbidden
    );
    assert_eq!(o.claim(&o.penandatangan, id).await.0, forbidden);
    assert_eq!(
        o.penandatangan.get("/api/v1/office/queue").await.0,
        forbidden
    );
    // Officers do not submit or revise applications.
    assert_eq!(
        o.verifikator
            .post(&format!("/api/v1/applications/{id}/revision"), &revision)
            .await
            .0,
        forbidden
    );
    assert_eq!(o.claim(&o.admin, id).await.0, forbidden);
    // Without a session: 401.
    let anon = Client {
        token: String::new(),
        ..o.pemohon.clone()
    };
    assert_eq!(
        anon.get("/api/v1/office/queue").await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_applicant_finds_every_decision_and_reminder_in_the_inbox() {
    let o = Office::start().await;
    let app = o.submit().await;
    let d: Dossier = o
        .verifikator
        .ok(o.claim(&o.verifikator, &app.id).await)
        .await;
    let note = "<img src=x onerror=alert(1)> Lokasi di kawasan hutan lindung";
    let r: DecisionResult = o
        .verifikator
        .ok(o
            .decide(&app.id, d.version, Action::Tolak, note, Vec::new())
            .await)
        .await;
    assert_eq!(r.status, Status::Ditolak);
    let page: eptsp_core::office::InboxPage = o
        .pemohon
        .ok(o.pemohon.get("/api/v1/inbox?since=0").await)
        .await;
    let kinds: Vec<&str> = page.messages.iter().map(|m| m.kind.as_str()).collect();
    assert_eq!(kinds, ["status", "penolakan"]);
    let rejected = &page.messages[1];
    assert_eq!(
        rejected.subject,
        format!("Status permohonan {}: Ditolak", app.resi)
    );
    assert!(
        rejected.body.contains(&format!("Alasan: {note}")),
        "kept as plain text"
    );
    assert!(!rejected.read);
    assert_eq!(page.cursor, rejected.id);
    // Nothing new after the cursor; read marks stick; another user's message is not found.
    let later: eptsp_core::office::InboxPage = o
        .pemohon
        .ok(o
            .pemohon
            .get(&format!("/api/v1/inbox?since={}", page.cursor))
            .await)
        .await;
    assert!(later.messages.is_empty());
    let (s, _) = o
        .pemohon
        .post(&format!("/api/v1/inbox/{}/read", rejected.id), &json!({}))
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = o
        .verifikator
        .post(&format!("/api/v1/inbox/{}/read", rejected.id), &json!({}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let again: eptsp_core::office::InboxPage = o
        .pemohon
        .ok(o.pemohon.get("/api/v1/inbox?since=0").await)
        .await;
    assert!(again.messages[1].read);

    // A permit that expires in 20 days: one reminder, in the inbox and by e-mail.
    let b = o.submit().await;
    o.approve(&b.id).await;
    o.penandatangan.ok::<SignedIzin>(o.sign(&b.id).await).await;
    sqlx::query(
        "UPDATE permits SET valid_until = CURRENT_DATE + 20 WHERE application_id = $1::uuid",
    )
    .bind(&b.id)
    .execute(&o.server.state.db)
    .await
    .unwrap();
    let before = o.server.mail.mails().len();
    assert_eq!(
        eptsp_server::lifecycle::remind_expiring(&o.server.state)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        eptsp_server::lifecycle::remind_expiring(&o.server.state)
            .await
            .unwrap(),
        0,
        "once"
    );
    let mail = o
        .server
        .mail
        .wait_for_subject(
            "pemohon@dpmptsp.test",
            "segera berakhir",
            Duration::from_secs(5),
        )
        .await
        .expect("a reminder e-mail");
    assert!(mail.body.contains("Ajukan Perpanjangan"), "{}", mail.body);
    // Once: a second pass queued nothing.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let reminders = o.server.mail.mails()[before..]
        .iter()
        .filter(|m| m.subject.contains("segera berakhir"))
        .count();
    assert_eq!(reminders, 1);
    let all: eptsp_core::office::InboxPage = o
        .pemohon
        .ok(o.pemohon.get("/api/v1/inbox?since=0").await)
        .await;
    let last = all.messages.last().unwrap();
    assert_eq!(last.kind, "pengingat");
    assert!(last.body.contains("Ajukan Perpanjangan"));
}

fn answers(u: [u8; 9], others: u8) -> Vec<eptsp_core::ikm::Answer> {
    use eptsp_core::ikm::{Answer, ELEMENTS, IKM_QUESTIONS, IPK_QUESTIONS};
    IKM_QUESTIONS
        .iter()
        .chain(IPK_QUESTIONS.iter())
        .map(|q| Answer {
            code: q.code.into(),
            score: ELEMENTS
                .iter()
                .position(|e| *e == q.code)
                .map_or(others, |i| u[i]),
        })
        .collect()
}

/// The portal's "Survey Kepuasan": without login, by the resi and the applicant's NIK;
/// once per application, two answers at the same moment included.
#[tokio::test]
async fn a_finished_application_is_surveyed_without_login_by_resi_and_nik() {
    use eptsp_server::routes::survey::PUBLIC_NOT_FOUND;
    let o = Office::start().await;
    let public = reqwest::Client::new();
    let post = |path: &'static str, body: Value| {
        let (public, base) = (public.clone(), o.server.url());
        async move {
            let r = public
                .post(format!("{base}/api/v1/public/surveys{path}"))
                .json(&body)
                .send()
                .await
                .unwrap();
            (r.status(), r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let budi = "6472011505900001";
    // Not finished yet: told as a wrong pair is (the pair is not confirmed either way).
    let unfinished = o.submit().await;
    let (s, v) = post("/form", json!({ "resi": unfinished.resi, "nik": budi })).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["fields"][0]["message"], PUBLIC_NOT_FOUND);
    let a = o.submit().await;
    o.approve(&a.id).await;
    o.penandatangan.ok::<SignedIzin>(o.sign(&a.id).await).await;
    // Someone else's NIK, a malformed NIK, a mistyped resi: refused, each with its reason.
    let (s, v) = post(
        "/form",
        json!({ "resi": a.resi, "nik": "6472014203850002" }),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["fields"][0]["message"], PUBLIC_NOT_FOUND);
    let (s, v) = post("/form", json!({ "resi": a.resi, "nik": "12345" })).await;
    assert_eq!(
        (s, v["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("nik"))
    );
    let (s, v) = post("/form", json!({ "resi": "XXXX", "nik": budi })).await;
    assert_eq!(
        (s, v["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("resi"))
    );
    let (s, v) = post("/form", json!({ "resi": a.resi, "nik": budi })).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let form: eptsp_core::ikm::SurveyForm = serde_json::from_value(v).unwrap();
    // Whoever holds the resi and NIK sees the name masked and no birth date.
    assert_eq!(
        (form.respondent.nama.as_str(), form.done),
        ("B*** S******", false)
    );
    assert_eq!(form.respondent.tanggal_lahir, "");
    // Two answers sent at once: one is kept, the other told it is done already.
    let body = json!({ "key": { "resi": a.resi, "nik": budi },
        "survey": { "answers": answers([4; 9], 4), "pernyataan": true } });
    let (x, y) = tokio::join!(post("", body.clone()), post("", body.clone()));
    let mut codes = [x.0, y.0];
    codes.sort();
    assert_eq!(codes, [StatusCode::OK, StatusCode::CONFLICT], "{x:?} {y:?}");
    // Guessing a resi's NIK: after five wrong pairs that resi is refused for a while, the
    // right NIK included.
    let b = o.submit().await;
    o.approve(&b.id).await;
    o.penandatangan.ok::<SignedIzin>(o.sign(&b.id).await).await;
    for n in 2..=6 {
        let (s, v) = post(
            "/form",
            json!({ "resi": b.resi, "nik": format!("647201150590000{n}") }),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    }
    let (s, v) = post("/form", json!({ "resi": b.resi, "nik": budi })).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "{v}");
    let kept: i64 = sqlx::query_scalar("SELECT count(*) FROM surveys")
        .fetch_one(&o.server.state.db)
        .await
        .unwrap();
    assert_eq!(kept, 1);
    // The applicant signed in sees it answered.
    let form: eptsp_core::ikm::SurveyForm = o
        .pemohon
        .ok(o
            .pemohon
            .get(&format!("/api/v1/surveys/form/{}", a.resi))
            .await)
        .await;
    assert!(form.done);
}

#[tokio::test]
async fn a_finished_application_is_surveyed_once_and_the_index_is_reported() {
    let o = Office::start().await;
    let unfinished = o.submit().await;
    let (s, v) = o
        .pemohon
        .get(&format!("/api/v1/surveys/form/{}", unfinished.resi))
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(
        v["message"],
        "Survey hanya dapat diisi untuk permohonan yang sudah selesai"
    );
    let mut finished = Vec::new();
    for _ in 0..2 {
        let a = o.submit().await;
        o.approve(&a.id).await;
        o.penandatangan.ok::<SignedIzin>(o.sign(&a.id).await).await;
        finished.push(a);
    }
    let form: eptsp_core::ikm::SurveyForm = o
        .pemohon
        .ok(o
            .pemohon
            .get(&format!("/api/v1/surveys/form/{}", finished[0].resi))
            .await)
        .await;
    assert_eq!(form.respondent.nama, "Budi Santoso");
    assert_eq!(form.respondent.jenis_kelamin, "Laki-laki");
    assert_eq!(form.respondent.tanggal_lahir, "1990-05-15");
    assert!(form.respondent.umur >= 36);
    assert!(!form.done);
    // Incomplete answers are refused with the question named.
    let mut partial = answers([3; 9], 3);
    partial.retain(|a| a.code != "U3");
    let (s, v) = o
        .pemohon
        .post(
            &format!("/api/v1/applications/{}/survey", finished[0].id),
            &json!({ "answers": partial, "pernyataan": true }),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["fields"][0]["field"], "U3");
    // Two surveys: U1..U9 = 4 3 3 4 3 4 4 2 3 and 3 3 2 4 3 3 4 3 3.
    for (a, u) in finished
        .iter()
        .zip([[4, 3, 3, 4, 3, 4, 4, 2, 3], [3, 3, 2, 4, 3, 3, 4, 3, 3]])
    {
        let (s, v) = o
            .pemohon
            .post(
                &format!("/api/v1/applications/{}/survey", a.id),
                &json!({ "answers": answers(u, 2), "masukan": "Cepat", "komentar": "", "pernyataan": true }),
            )
            .await;
        assert_eq!(
            (s, v["message"].as_str()),
            (StatusCode::OK, Some("Survey berhasil dikirim"))
        );
    }
    // Once per application.
    let (s, v) = o
        .pemohon
        .post(
            &format!("/api/v1/applications/{}/survey", finished[0].id),
            &json!({ "answers": answers([4; 9], 4), "pernyataan": true }),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(v["message"], "Survey untuk permohonan ini sudah diisi");
    let form: eptsp_core::ikm::SurveyForm = o
        .pemohon
        .ok(o
            .pemohon
            .get(&format!("/api/v1/surveys/form/{}", finished[0].resi))
            .await)
        .await;
    assert!(form.done);

    // The report: NRR 3.5 3 2.5 4 3 3.5 4 2.5 3 → Σ 29 → IKM 3.2222 → 80.56 → B.
    assert_eq!(
        o.pemohon.get("/api/v1/admin/ikm").await.0,
        StatusCode::FORBIDDEN
    );
    let r: eptsp_core::ikm::IkmReport = o.admin.ok(o.admin.get("/api/v1/admin/ikm").await).await;
    let all = r.overall.unwrap();
    assert_eq!(all.respondents, 2);
    assert_eq!(all.nrr, vec![3.5, 3.0, 2.5, 4.0, 3.0, 3.5, 4.0, 2.5, 3.0]);
    assert!((all.converted - 80.555_555).abs() < 1e-5);
    assert_eq!(all.mutu, eptsp_core::ikm::Mutu::B);
    assert_eq!(r.per_permit_type.len(), 1);
    assert_eq!(r.per_permit_type[0].permit_type_id, "sipa");
    assert_eq!(r.persepsi_korupsi, Some(50.0));
    let csv = o
        .admin
        .http
        .get(format!(
            "{}/api/v1/admin/ikm.csv?permit_type_id=sipa",
            o.server.url()
        ))
        .bearer_auth(&o.admin.token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with("Jenis Izin;Responden;U1;"), "{csv}");
    assert!(csv.contains(";80,56;B;Baik"), "{csv}");
    // Another period has nothing.
    let r: eptsp_core::ikm::IkmReport = o
        .admin
        .ok(o
            .admin
            .get("/api/v1/admin/ikm?from=2020-01-01&to=2020-12-31")
            .await)
        .await;
    assert!(r.overall.is_none());
}

#[tokio::test]
async fn a_complaint_is_filed_once_answered_by_an_officer_and_lands_in_the_inbox() {
    let o = Office::start().await;
    let app = o.submit().await;
    let id = Uuid::new_v4().to_string();
    let body = json!({ "id": id, "application_id": app.id, "kategori": "proses_perizinan",
                       "isi": "Status tidak berubah sejak seminggu <script>alert(1)</script>" });
    let c: eptsp_core::complaint::Complaint = o
        .pemohon
        .ok(o.pemohon.post("/api/v1/complaints", &body).await)
        .await;
    assert_eq!(c.resi.as_deref(), Some(app.resi.as_str()));
    assert_eq!(c.status, eptsp_core::complaint::ComplaintStatus::Baru);
    // Sent again (a retry): the same complaint.
    let again: eptsp_core::complaint::Complaint = o
        .pemohon
        .ok(o.pemohon.post("/api/v1/complaints", &body).await)
        .await;
    assert_eq!(again, c);
    let (s, v) = o
        .pemohon
        .post(
            "/api/v1/complaints",
            &json!({ "id": Uuid::new_v4(), "kategori": "lainnya", "isi": "pendek" }),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["message"], "Tulis isi pengaduan minimal 10 karakter");
    // Officers see it; the signer may not answer.
    let all: Vec<eptsp_core::complaint::Complaint> = o
        .verifikator
        .ok(o.verifikator.get("/api/v1/complaints?status=baru").await)
        .await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].pemohon, "Budi Santoso");
    let reply = json!({ "balasan": "Berkas Anda sedang diverifikasi, mohon ditunggu.", "status": "selesai" });
    let path = format!("/api/v1/complaints/{}/reply", c.id);
    assert_eq!(
        o.penandatangan.post(&path, &reply).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(o.pemohon.post(&path, &reply).await.0, StatusCode::FORBIDDEN);
    let answered: eptsp_core::complaint::Complaint = o
        .verifikator
        .ok(o.verifikator.post(&path, &reply).await)
        .await;
    assert_eq!(
        answered.status,
        eptsp_core::complaint::ComplaintStatus::Selesai
    );
    assert!(answered.replied_at.is_some());
    let mine: Vec<eptsp_core::complaint::Complaint> = o
        .pemohon
        .ok(o.pemohon.get("/api/v1/complaints").await)
        .await;
    assert_eq!(
        mine[0].balasan.as_deref(),
        Some("Berkas Anda sedang diverifikasi, mohon ditunggu.")
    );
    let inbox: eptsp_core::office::InboxPage = o
        .pemohon
        .ok(o.pemohon.get("/api/v1/inbox?since=0").await)
        .await;
    let last = inbox.messages.last().unwrap();
    assert_eq!(
        (last.kind.as_str(), last.subject.as_str()),
        ("aduan", "Balasan pengaduan Anda (Selesai)")
    );
}

#[tokio::test]
async fn the_admin_blocks_with_a_reason_unblocks_and_changes_roles() {
    let o = Office::start().await;
    let users: Vec<eptsp_core::office::UserSummary> = o
        .admin
        .ok(o.admin.get("/api/v1/admin/users?q=Budi").await)
        .await;
    let budi = users[0].id.clone();
    let admin_id: String =
        sqlx::query_scalar("SELECT id::text FROM users WHERE email = 'admin@dpmptsp.test'")
            .fetch_one(&o.server.state.db)
            .await
            .unwrap();
    let why = json!({ "reason": "Dokumen palsu pada permohonan sebelumnya" });
    assert_eq!(
        o.verifikator
            .post(&format!("/api/v1/admin/users/{budi}/block"), &why)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (s, v) = o
        .admin
        .post(&format!("/api/v1/admin/users/{admin_id}/block"), &why)
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    let u: eptsp_core::office::UserSummary = o
        .admin
        .ok(o
            .admin
            .post(&format!("/api/v1/admin/users/{budi}/block"), &why)
            .await)
        .await;
    assert!(u.blocked);
    // The open session ends, and logging in shows the reason.
    let (s, v) = o.pemohon.get("/api/v1/me").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{v}");
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/login", o.server.url()))
        .json(&json!({ "login": "pemohon@dpmptsp.test", "password": "Pemohon2026" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let v: Value = r.json().await.unwrap();
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .ends_with(": Dokumen palsu pada permohonan sebelumnya"),
        "{v}"
    );
    let u: eptsp_core::office::UserSummary = o
        .admin
        .ok(o
            .admin
            .post(&format!("/api/v1/admin/users/{budi}/unblock"), &json!({}))
            .await)
        .await;
    assert!(!u.blocked);
    let budi_again = Client::login(&o.server, "pemohon@dpmptsp.test", "Pemohon2026").await;
    // A new role takes effect on the next request.
    let r = o
        .admin
        .http
        .put(format!("{}/api/v1/admin/users/{budi}/role", o.server.url()))
        .bearer_auth(&o.admin.token)
        .json(&json!({ "role": "verifikator" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        budi_again.get("/api/v1/office/queue").await.0,
        StatusCode::OK
    );
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE action IN ('blokir_akun', 'buka_blokir_akun', 'ubah_peran') ORDER BY id",
    )
    .fetch_all(&o.server.state.db)
    .await
    .unwrap();
    assert_eq!(actions, ["blokir_akun", "buka_blokir_akun", "ubah_peran"]);
}

/// A chat attachment opens for the conversation's applicant and for the officers; another
/// applicant, or a file never sent in a chat, is "not found".
#[tokio::test]
async fn a_chat_attachment_is_read_by_its_conversation_only() {
    let o = Office::start().await;
    let path = format!("/api/v1/chat/files/{}", o.sha);
    let download = |c: &Client| {
        let (c, path) = (c.clone(), path.clone());
        async move {
            let r = c
                .http
                .get(format!("{}{path}", c.base))
                .bearer_auth(&c.token)
                .send()
                .await
                .unwrap();
            (r.status(), r.bytes().await.unwrap().to_vec())
        }
    };
    // Uploaded, but not sent in a chat yet.
    assert_eq!(download(&o.pemohon).await.0, StatusCode::NOT_FOUND);
    let msg = json!({ "id": Uuid::new_v4(), "text": "Berkas saya",
                      "attachment": { "sha256": o.sha, "name": "berkas.pdf" } });
    let _: eptsp_core::chat::ChatMessage = o
        .pemohon
        .ok(o.pemohon.post("/api/v1/chat/messages", &msg).await)
        .await;
    for c in [&o.pemohon, &o.verifikator, &o.admin] {
        let (s, bytes) = download(c).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(sha(&bytes), o.sha);
    }
    eptsp_server::seed::account(
        &o.server.state.db,
        &eptsp_server::seed::DemoAccount {
            role: eptsp_core::Role::Pemohon,
            nik: "6472015505900011",
            nama: "Ani Lestari",
            email: "ani@example.co.id",
            password: "Kaltim2026",
        },
    )
    .await
    .unwrap();
    let ani = Client::login(&o.server, "ani@example.co.id", "Kaltim2026").await;
    assert_eq!(download(&ani).await.0, StatusCode::NOT_FOUND);
    let (s, _) = o.pemohon.get("/api/v1/chat/files/not-a-hash").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn chat_messages_are_ordered_pushed_live_and_sent_once() {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;

    let o = Office::start().await;
    // The officer's live channel.
    let mut req = format!(
        "{}/api/v1/chat/ws",
        o.server.url().replacen("http", "ws", 1)
    )
    .into_client_request()
    .unwrap();
    req.headers_mut().insert(
        "authorization",
        format!("Bearer {}", o.verifikator.token).parse().unwrap(),
    );
    let (mut live, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    // Without a session: refused.
    let anon = format!(
        "{}/api/v1/chat/ws",
        o.server.url().replacen("http", "ws", 1)
    );
    assert!(tokio_tungstenite::connect_async(anon).await.is_err());

    let first =
        json!({ "id": Uuid::new_v4(), "text": "Selamat pagi, resi saya belum muncul <b>?</b>" });
    let m1: eptsp_core::chat::ChatMessage = o
        .pemohon
        .ok(o.pemohon.post("/api/v1/chat/messages", &first).await)
        .await;
    assert!(!m1.from_office);
    // Sent again (a retry from the queue): one message.
    let again: eptsp_core::chat::ChatMessage = o
        .pemohon
        .ok(o.pemohon.post("/api/v1/chat/messages", &first).await)
        .await;
    assert_eq!(again.seq, m1.seq);
    let pushed = tokio::time::timeout(Duration::from_secs(5), live.next())
        .await
        .expect("pushed in real time")
        .unwrap()
        .unwrap();
    let pushed: eptsp_core::push::Push = serde_json::from_str(pushed.to_text().unwrap()).unwrap();
    assert_eq!(
        pushed,
        eptsp_core::push::Push::Chat {
            message: Box::new(m1.clone())
        }
    );

    let list: Vec<eptsp_core::chat::Conversation> = o
        .verifikator
        .ok(o.verifikator.get("/api/v1/chat/conversations").await)
        .await;
    assert_eq!((list.len(), list[0].unread), (1, 1));
    assert_eq!(list[0].pemohon, "Budi Santoso");
    let conv = list[0].conversation.clone();
    // An officer must name the conversation.
    let (s, _) = o
        .verifikator
        .post(
            "/api/v1/chat/messages",
            &json!({ "id": Uuid::new_v4(), "text": "Halo" }),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let reply: eptsp_core::chat::ChatMessage = o
        .verifikator
        .ok(
            o.verifikator
                .post(
                    "/api/v1/chat/messages",
                    &json!({ "id": Uuid::new_v4(), "conversation": conv, "text": "Pagi, Pak Budi. Kami cek." }),
                )
                .await,
        )
        .await;
    assert!(reply.from_office && reply.seq > m1.seq);
    o.verifikator
        .ok::<Value>(
            o.verifikator
                .post(
                    &format!("/api/v1/chat/conversations/{conv}/read"),
                    &json!({ "seq": reply.seq }),
                )
                .await,
        )
        .await;
    let list: Vec<eptsp_core::chat::Conversation> = o
        .verifikator
        .ok(o.verifikator.get("/api/v1/chat/conversations").await)
        .await;
    assert_eq!(list[0].unread, 0);
    // The applicant catches up in order; the text is stored as typed.
    let mine: Vec<eptsp_core::chat::ChatMessage> = o
        .pemohon
        .ok(o.pemohon.get("/api/v1/chat/messages?since=0").await)
        .await;
    assert_eq!(
        mine.iter().map(|m| m.seq).collect::<Vec<_>>(),
        [m1.seq, reply.seq]
    );
    assert_eq!(
        mine[0].text,
        "Selamat pagi, resi saya belum muncul <b>?</b>"
    );
    let later: Vec<eptsp_core::chat::ChatMessage> = o
        .pemohon
        .ok(o
            .pemohon
            .get(&format!("/api/v1/chat/messages?since={}", reply.seq))
            .await)
        .await;
    assert!(later.is_empty());
    live.close(None).await.unwrap();
}

#[tokio::test]
async fn the_admin_sees_volumes_and_service_levels_per_permit_type() {
    let o = Office::start().await;
    let done = o.submit().await;
    o.approve(&done.id).await;
    o.penandatangan
        .ok::<SignedIzin>(o.sign(&done.id).await)
        .await;
    let _waiting = o.submit().await;
    let late = o.submit().await;
    sqlx::query("UPDATE applications SET sla_due = CURRENT_DATE - 1 WHERE id = $1::uuid")
        .bind(&late.id)
        .execute(&o.server.state.db)
        .await
        .unwrap();
    assert_eq!(
        o.verifikator.get("/api/v1/admin/reports/volume").await.0,
        StatusCode::FORBIDDEN
    );
    let rows: Vec<eptsp_core::office::VolumeRow> = o
        .admin
        .ok(o.admin.get("/api/v1/admin/reports/volume").await)
        .await;
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!((r.permit_type_id.as_str(), r.sla_days), ("sipa", 14));
    assert_eq!((r.diajukan, r.selesai, r.terlambat), (2, 1, 1));
    // Finished the same day: no working day spent, within the SLA.
    assert_eq!((r.rata_hari_kerja, r.tepat_waktu), (Some(0.0), 1));
    let rows: Vec<eptsp_core::office::VolumeRow> = o
        .admin
        .ok(o
            .admin
            .get("/api/v1/admin/reports/volume?from=2020-01-01&to=2020-01-31")
            .await)
        .await;
    assert!(rows.is_empty());
}

/// The admin edits a permit type's Data Detail: bad definitions are refused with the field
/// named; a good set replaces the published one; a save without it keeps it.
#[tokio::test]
async fn the_admin_edits_a_permit_types_data_detail() {
    let o = Office::start().await;
    let put = |body: Value| {
        let c = o.admin.clone();
        async move {
            let r = c
                .http
                .put(format!(
                    "{}/api/v1/admin/catalogue/permit-types/rumija",
                    c.base
                ))
                .bearer_auth(&c.token)
                .json(&body)
                .send()
                .await
                .unwrap();
            (r.status(), r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let base = json!({ "agency_id": "pupr", "name": "Izin Pemanfaatan Ruang Milik Jalan Provinsi",
                       "description": "Pemanfaatan rumija.", "sla_days": 10, "validity_years": 5,
                       "kinds": ["baru", "perpanjangan"] });
    let with = |details: Value| {
        let mut b = base.clone();
        b["details"] = details;
        b
    };
    let (s, v) = put(with(json!([
        { "key": "panjang", "label": "Panjang", "kind": "number", "required": true },
        { "key": "panjang", "label": "Lagi", "kind": "text", "required": false }
    ])))
    .await;
    assert_eq!(
        (s, v["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("details.1.key")),
        "{v}"
    );
    let (s, v) = put(with(json!([
        { "key": "lebar", "label": "Lebar bahu jalan", "kind": "number", "required": true, "unit": "meter", "min": 1, "max": 20, "printed": true },
        { "key": "sisi", "label": "Sisi jalan", "kind": "choice", "required": false, "options": ["Kiri", "Kanan"] }
    ])))
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let details = |cat: &eptsp_core::catalogue::Catalogue| {
        cat.permit_type("rumija")
            .unwrap()
            .1
            .details
            .iter()
            .map(|f| f.key.clone())
            .collect::<Vec<_>>()
    };
    let cat: eptsp_core::catalogue::Catalogue =
        o.pemohon.ok(o.pemohon.get("/api/v1/catalogue").await).await;
    assert_eq!(details(&cat), ["lebar", "sisi"]);
    // Saved without details (an older workstation): they stay.
    let (s, v) = put(base.clone()).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let cat: eptsp_core::catalogue::Catalogue =
        o.pemohon.ok(o.pemohon.get("/api/v1/catalogue").await).await;
    assert_eq!(details(&cat), ["lebar", "sisi"]);
}

#[tokio::test]
async fn requirement_edits_are_new_versions_and_old_applications_keep_theirs() {
    let o = Office::start().await;
    let before = o.submit().await;
    let cat: eptsp_core::catalogue::Catalogue =
        o.pemohon.ok(o.pemohon.get("/api/v1/catalogue").await).await;
    let (_, sipa) = cat.permit_type("sipa").unwrap();
    let ktp = sipa.requirements[0].clone();
    assert!(ktp.name.starts_with("Kartu Tanda Penduduk"));
    assert_eq!(
        ktp.photo_max_px,
        eptsp_core::catalogue::PHOTO_MAX_PX,
        "photos downscaled by default"
    );
    let edit = json!({ "name": "KTP Elektronik Penanggung Jawab", "description": "KTP-el yang masih berlaku.",
                       "mandatory": true, "formats": ["pdf", "jpg"], "max_mb": 2, "kinds": ["baru", "perpanjangan", "perubahan"],
                       "photo_max_px": 0 });
    let path = format!("/api/v1/admin/catalogue/requirements/{}", ktp.id);
    let put = |c: &Client, body: Value| {
        let c = c.clone();
        let path = path.clone();
        async move {
            let r = c
                .http
                .put(format!("{}{path}", c.base))
                .bearer_auth(&c.token)
                .json(&body)
                .send()
                .await
                .unwrap();
            (r.status(), r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    assert_eq!(
        put(&o.verifikator, edit.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    let (s, v) = put(
        &o.admin,
        json!({ "name": "x", "mandatory": true, "formats": [], "max_mb": 2, "kinds": ["baru"] }),
    )
    .await;
    assert_eq!(
        (s, v["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("formats"))
    );
    let (s, v) = put(
        &o.admin,
        json!({ "name": "x", "mandatory": true, "formats": ["jpg"], "max_mb": 2, "kinds": ["baru"], "photo_max_px": 100 }),
    )
    .await;
    assert_eq!(
        (s, v["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("photo_max_px"))
    );
    let (s, saved) = put(&o.admin, edit.clone()).await;
    assert_eq!(s, StatusCode::OK, "{saved}");
    assert_eq!(
        saved["catalogue_version"].as_i64(),
        Some(i64::from(cat.version) + 1)
    );
    // Editing the old version again: it is retired.
    assert_eq!(put(&o.admin, edit).await.0, StatusCode::NOT_FOUND);

    let cat2: eptsp_core::catalogue::Catalogue =
        o.pemohon.ok(o.pemohon.get("/api/v1/catalogue").await).await;
    let (_, sipa2) = cat2.permit_type("sipa").unwrap();
    let new_ktp = &sipa2.requirements[0];
    assert_eq!(new_ktp.name, "KTP Elektronik Penanggung Jawab");
    assert_eq!(
        (new_ktp.max_mb, new_ktp.photo_max_px),
        (2, 0),
        "this one keeps originals"
    );
    assert_ne!(new_ktp.id, ktp.id);
    assert!(!sipa2.requirements.iter().any(|r| r.id == ktp.id));
    // The application made before keeps the version it was made under.
    let d: Dossier = o
        .verifikator
        .ok(o.claim(&o.verifikator, &before.id).await)
        .await;
    assert!(
        d.files.iter().any(
            |f| f.requirement_id == ktp.id && f.requirement.starts_with("Kartu Tanda Penduduk")
        )
    );
    // A new application answering the retired version is refused.
    let stale_files: Vec<SubmittedFile> = o
        .files()
        .await
        .into_iter()
        .map(|f| SubmittedFile {
            requirement_id: if f.requirement_id == new_ktp.id {
                ktp.id
            } else {
                f.requirement_id
            },
            ..f
        })
        .collect();
    let req = SubmitRequest {
        id: Uuid::new_v4().to_string(),
        data: draft(),
        files: stale_files,
    };
    let (s, v) = o.pemohon.post("/api/v1/applications", &req).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("KTP Elektronik Penanggung Jawab"),
        "{v}"
    );

    // A new optional requirement, then withdrawn; a permit type's service time.
    let (s, v) = o
        .admin
        .post(
            "/api/v1/admin/catalogue/permit-types/sipa/requirements",
            &json!({ "name": "Foto Lokasi", "mandatory": false, "formats": ["jpg", "png"], "max_mb": 5, "kinds": ["baru"] }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let added: i32 = v["id"].as_str().unwrap().parse().unwrap();
    let r = o
        .admin
        .http
        .delete(format!(
            "{}/api/v1/admin/catalogue/requirements/{added}",
            o.server.url()
        ))
        .bearer_auth(&o.admin.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = o
        .admin
        .http
        .put(format!("{}/api/v1/admin/catalogue/permit-types/sipa", o.server.url()))
        .bearer_auth(&o.admin.token)
        .json(&json!({ "agency_id": "esdm", "name": "Izin Pengusahaan Air Tanah (SIPA)", "description": "Air tanah untuk usaha.",
                        "sla_days": 10, "validity_years": 3, "kinds": ["baru", "perpanjangan", "perubahan"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let cat3: eptsp_core::catalogue::Catalogue =
        o.pemohon.ok(o.pemohon.get("/api/v1/catalogue").await).await;
    let (_, sipa3) = cat3.permit_type("sipa").unwrap();
    assert_eq!((sipa3.sla_days, sipa3.validity_years), (10, Some(3)));
    assert!(!sipa3.requirements.iter().any(|r| r.name == "Foto Lokasi"));
    let ver: i32 =
        sqlx::query_scalar("SELECT sla_verifikasi_days FROM permit_types WHERE id = 'sipa'")
            .fetch_one(&o.server.state.db)
            .await
            .unwrap();
    assert_eq!(ver, 8);
    let (s, _) = o
        .admin
        .http
        .put(format!(
            "{}/api/v1/admin/catalogue/agencies/Bad%20Id",
            o.server.url()
        ))
        .bearer_auth(&o.admin.token)
        .json(&json!({ "name": "X", "short_name": "X" }))
        .send()
        .await
        .map(|r| (r.status(), ()))
        .unwrap();
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
}

impl Office {
    /// Announces and sends `bytes` whole as the applicant.
    async fn upload(&self, bytes: Vec<u8>, name: &str) -> String {
        let sha = sha(&bytes);
        let (s, v) = self
            .pemohon
            .post(
                "/api/v1/uploads",
                &json!({ "sha256": sha, "size": bytes.len(), "name": name }),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let r = self
            .pemohon
            .http
            .patch(format!("{}/api/v1/uploads/{sha}", self.server.url()))
            .bearer_auth(&self.pemohon.token)
            .header("Upload-Offset", "0")
            .header("Content-Type", "application/offset+octet-stream")
            .body(bytes)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        sha
    }
}

fn fields(v: &Value) -> Vec<(String, String)> {
    v["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_owned(),
                f["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Unknown, duplicate and foreign requirement ids in a submission and in a decision's
/// checklist are refused with 422 naming the line, never a 500 or a silent attachment.
#[tokio::test]
async fn requirement_ids_must_belong_to_the_permit_once() {
    let o = Office::start().await;
    let good = o.files().await;
    let submit = |files: Vec<SubmittedFile>| SubmitRequest {
        id: Uuid::new_v4().to_string(),
        data: draft(),
        files,
    };
    // A requirement id that exists nowhere.
    let mut unknown = good.clone();
    unknown.push(SubmittedFile {
        requirement_id: 999_999,
        sha256: o.sha.clone(),
    });
    let (s, v) = o
        .pemohon
        .post("/api/v1/applications", &submit(unknown))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(fields(&v).contains(&("req.999999".into(), "requirement_unknown".into())));
    // The same requirement twice.
    let mut twice = good.clone();
    twice.push(good[0].clone());
    let (s, v) = o.pemohon.post("/api/v1/applications", &submit(twice)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let dup = format!("req.{}", good[0].requirement_id);
    assert!(
        fields(&v).contains(&(dup, "requirement_duplicate".into())),
        "{v}"
    );
    // A requirement of another permit type.
    let foreign: i32 = sqlx::query_scalar(
        "SELECT id FROM requirements WHERE permit_type_id <> 'sipa' ORDER BY id LIMIT 1",
    )
    .fetch_one(&o.server.state.db)
    .await
    .unwrap();
    let mut other = good.clone();
    other.push(SubmittedFile {
        requirement_id: foreign,
        sha256: o.sha.clone(),
    });
    let (s, v) = o.pemohon.post("/api/v1/applications", &submit(other)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(fields(&v).contains(&(format!("req.{foreign}"), "requirement_unknown".into())));
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM applications")
        .fetch_one(&o.server.state.db)
        .await
        .unwrap();
    assert_eq!(n, 0, "nothing was accepted");

    // The decision's checklist.
    let app = o.submit().await;
    let d: Dossier = o
        .verifikator
        .ok(o.claim(&o.verifikator, &app.id).await)
        .await;
    let item = |requirement_id| ReviewItem {
        requirement_id,
        sesuai: true,
        note: String::new(),
    };
    let first = d.files[0].requirement_id;
    for (checklist, field, code) in [
        (
            vec![item(first), item(first)],
            "checklist.1.requirement_id",
            "requirement_duplicate",
        ),
        (
            vec![item(first), item(999_999)],
            "checklist.1.requirement_id",
            "requirement_unknown",
        ),
        (
            vec![item(foreign)],
            "checklist.0.requirement_id",
            "requirement_unknown",
        ),
    ] {
        let (s, v) = o
            .decide(&app.id, d.version, Action::Setujui, "", checklist)
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(fields(&v), vec![(field.to_owned(), code.to_owned())]);
    }
    // Nothing was decided.
    o.approve(&app.id).await;
}

/// A file over its requirement's "Ukuran Maks" is refused, naming the requirement, even
/// though it is under the 50 MB limit of any file.
#[tokio::test]
async fn each_requirement_holds_files_to_its_own_size_limit() {
    let o = Office::start().await;
    let big = o
        .upload(pdf_bytes(5 * 1024 * 1024 + 100_000, 5), "ktp-besar.pdf")
        .await;
    let cat: Catalogue = eptsp_server::catalogue::load(&o.server.state.db)
        .await
        .unwrap();
    let ktp = cat.permit_type("sipa").unwrap().1.requirements[0].clone();
    assert_eq!(ktp.max_mb, 5);
    let files: Vec<SubmittedFile> = o
        .files()
        .await
        .into_iter()
        .map(|f| SubmittedFile {
            sha256: if f.requirement_id == ktp.id {
                big.clone()
            } else {
                f.sha256
            },
            ..f
        })
        .collect();
    let req = SubmitRequest {
        id: Uuid::new_v4().to_string(),
        data: draft(),
        files,
    };
    let (s, v) = o.pemohon.post("/api/v1/applications", &req).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        fields(&v),
        vec![(format!("req.{}", ktp.id), "too_large".to_owned())]
    );
    assert_eq!(
        v["fields"][0]["message"],
        format!(
            "Ukuran file 5,1 MB melebihi batas 5 MB untuk dokumen \"{}\"",
            ktp.name
        )
    );
}

/// 25 wrong passphrases at once: exactly five are checked (the account's limit, shared
/// with the login), each on the audit log; the rest wait out the lock, and so does the
/// right passphrase until then.
#[tokio::test]
async fn wrong_tte_passphrases_are_throttled_and_audited_like_logins() {
    let o = Office::start().await;
    let app = o.submit().await;
    o.approve(&app.id).await;
    let path = format!("/api/v1/office/applications/{}/sign", app.id);
    let tries = (0..25).map(|_| {
        let (c, path) = (o.penandatangan.clone(), path.clone());
        async move { c.post(&path, &json!({ "passphrase": "salah" })).await }
    });
    let results = futures_util::future::join_all(tries).await;
    let wrong = results
        .iter()
        .filter(|(s, v)| *s == StatusCode::UNPROCESSABLE_ENTITY && v["code"] == "passphrase_wrong")
        .count();
    let throttled = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    println!("25 wrong passphrases at once: {wrong} checked, {throttled} throttled");
    assert_eq!((wrong, throttled), (5, 20), "{results:?}");
    let audited: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'sign_passphrase_wrong'")
            .fetch_one(&o.server.state.db)
            .await
            .unwrap();
    assert_eq!(audited, 5);
    assert_eq!(o.sign(&app.id).await.0, StatusCode::TOO_MANY_REQUESTS);
}

/// Files for officers are attachments with their own policy; pages carry theirs.
#[tokio::test]
async fn files_and_pages_carry_security_headers() {
    let o = Office::start().await;
    o.submit().await;
    let r = o
        .verifikator
        .http
        .get(format!("{}/api/v1/office/files/{}", o.server.url(), o.sha))
        .bearer_auth(&o.verifikator.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let h = r.headers();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(
        h["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    let r = reqwest::get(format!("{}/api/v1/catalogue", o.server.url()))
        .await
        .unwrap();
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    assert!(
        r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'")
    );
    let r = reqwest::get(format!("{}/v/{}", o.server.url(), Uuid::new_v4()))
        .await
        .unwrap();
    assert!(r.headers().contains_key("content-security-policy"));
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
}

/// Pulls a feed (`/changes`, `/inbox`) from `since` until it is empty; returns every
/// entry's key (`note`, `subject`) in the order pulled and the final cursor.
async fn pull_all(
    c: &Client,
    path: &str,
    list: &str,
    key: &str,
    mut since: i64,
) -> (Vec<String>, i64) {
    let mut seen = Vec::new();
    loop {
        let (s, v) = c.get(&format!("{path}?since={since}")).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let page = v[list].as_array().unwrap().clone();
        if page.is_empty() {
            return (seen, since);
        }
        seen.extend(page.iter().map(|e| e[key].as_str().unwrap().to_owned()));
        since = v["cursor"].as_i64().unwrap();
    }
}

/// Today's skip, reproduced: a transaction takes the lower id but commits after one with a
/// higher id was already pulled. Paged by id the entry would never reach the desktop; paged
/// by the position given at commit it comes with the next pull. The same for the inbox and
/// the chat.
#[tokio::test]
async fn a_change_committed_late_is_still_pulled() {
    let o = Office::start().await;
    let app = o.submit().await;
    let me: Uuid = sqlx::query_scalar("SELECT user_id FROM applications WHERE id = $1::uuid")
        .bind(&app.id)
        .fetch_one(&o.server.state.db)
        .await
        .unwrap();
    let db = &o.server.state.db;
    let (_, c0) = pull_all(&o.pemohon, "/api/v1/changes", "changes", "note", 0).await;
    let (_, i0) = pull_all(&o.pemohon, "/api/v1/inbox", "messages", "subject", 0).await;
    let (chat0, _) = (chat_pull(&o.pemohon, 0).await, ());

    // The slow transaction takes its ids first…
    let mut slow = db.begin().await.unwrap();
    let slow_id: i64 = sqlx::query_scalar(
        "INSERT INTO tracking (application_id, status, note) VALUES ($1::uuid, 'verifikasi', 'lambat') RETURNING id",
    )
    .bind(&app.id)
    .fetch_one(&mut *slow)
    .await
    .unwrap();
    let slow_msg: i64 = sqlx::query_scalar(
        "INSERT INTO messages (user_id, kind, subject, body) VALUES ($1, 'status', 'lambat', '') RETURNING id",
    )
    .bind(me)
    .fetch_one(&mut *slow)
    .await
    .unwrap();
    let slow_chat: i64 = sqlx::query_scalar(
        "INSERT INTO chat_messages (id, conversation, sender, text) VALUES ($1, $2, $2, 'lambat') RETURNING seq",
    )
    .bind(Uuid::new_v4())
    .bind(me)
    .fetch_one(&mut *slow)
    .await
    .unwrap();
    // …a quick one takes higher ids and commits…
    let mut quick = db.begin().await.unwrap();
    let quick_id: i64 = sqlx::query_scalar(
        "INSERT INTO tracking (application_id, status, note) VALUES ($1::uuid, 'verifikasi', 'cepat') RETURNING id",
    )
    .bind(&app.id)
    .fetch_one(&mut *quick)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO messages (user_id, kind, subject, body) VALUES ($1, 'status', 'cepat', '')",
    )
    .bind(me)
    .execute(&mut *quick)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO chat_messages (id, conversation, sender, text) VALUES ($1, $2, $2, 'cepat')",
    )
    .bind(Uuid::new_v4())
    .bind(me)
    .execute(&mut *quick)
    .await
    .unwrap();
    quick.commit().await.unwrap();
    assert!(
        slow_id < quick_id && slow_msg > 0 && slow_chat > 0,
        "the ids are out of commit order"
    );

    // …and is pulled while the slow one is still open.
    let (t1, c1) = pull_all(&o.pemohon, "/api/v1/changes", "changes", "note", c0).await;
    let (m1, i1) = pull_all(&o.pemohon, "/api/v1/inbox", "messages", "subject", i0).await;
    let chat1 = chat_pull(&o.pemohon, chat0.1).await;
    assert_eq!(
        (t1, m1, chat1.0),
        (
            vec!["cepat".to_owned()],
            vec!["cepat".to_owned()],
            vec!["cepat".to_owned()]
        )
    );

    slow.commit().await.unwrap();
    let (t2, _) = pull_all(&o.pemohon, "/api/v1/changes", "changes", "note", c1).await;
    let (m2, _) = pull_all(&o.pemohon, "/api/v1/inbox", "messages", "subject", i1).await;
    let chat2 = chat_pull(&o.pemohon, chat1.1).await;
    assert_eq!(
        (t2, m2, chat2.0),
        (
            vec!["lambat".to_owned()],
            vec!["lambat".to_owned()],
            vec!["lambat".to_owned()]
        )
    );
}

/// The applicant's chat from `since`: the texts and the cursor after them.
async fn chat_pull(c: &Client, mut since: i64) -> (Vec<String>, i64) {
    let mut seen = Vec::new();
    loop {
        let page: Vec<eptsp_core::chat::ChatMessage> = c
            .ok(c.get(&format!("/api/v1/chat/messages?since={since}")).await)
            .await;
        let Some(last) = page.last() else {
            return (seen, since);
        };
        since = last.pos;
        seen.extend(page.into_iter().map(|m| m.text));
    }
}

/// Many writers committing in random order while a reader pulls all along: the reader ends
/// with every entry exactly once.
#[tokio::test]
async fn a_reader_pulling_during_many_writers_gets_every_change_once() {
    let o = Office::start().await;
    let app = o.submit().await;
    let (_, start) = pull_all(&o.pemohon, "/api/v1/changes", "changes", "note", 0).await;
    let (writers, each) = (8, 20);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for w in 0..writers {
        let (db, app, done) = (o.server.state.db.clone(), app.id.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            for i in 0..each {
                let mut tx = db.begin().await.unwrap();
                sqlx::query("INSERT INTO tracking (application_id, status, note) VALUES ($1::uuid, 'verifikasi', $2)")
                    .bind(&app)
                    .bind(format!("{w}-{i}"))
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                // Hold the id a while before committing, longer for some.
                tokio::time::sleep(Duration::from_millis(((w * 7 + i * 13) % 11) as u64)).await;
                tx.commit().await.unwrap();
            }
            done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }));
    }
    let mut seen = Vec::new();
    let mut cursor = start;
    let mut pulls = 0;
    loop {
        let finished = done.load(std::sync::atomic::Ordering::SeqCst) == writers;
        let (got, next) = pull_all(&o.pemohon, "/api/v1/changes", "changes", "note", cursor).await;
        seen.extend(got);
        cursor = next;
        pulls += 1;
        if finished {
            break;
        }
    }
    for t in tasks {
        t.await.unwrap();
    }
    let unique: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "nothing twice");
    assert_eq!(
        seen.len(),
        writers * each,
        "nothing skipped over {pulls} pulls"
    );
}

/// The live channel tells the applicant where to pull when an officer decides, and tells
/// everyone to pull everything when the server lost its link to the announcements.
#[tokio::test]
async fn the_live_channel_says_what_to_pull() {
    use eptsp_core::push::Push;
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;

    let o = Office::start().await;
    let app = o.submit().await;
    let mut req = format!("{}/api/v1/ws", o.server.url().replacen("http", "ws", 1))
        .into_client_request()
        .unwrap();
    req.headers_mut().insert(
        "authorization",
        format!("Bearer {}", o.pemohon.token).parse().unwrap(),
    );
    let (mut live, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    let mut next = async || -> Push {
        loop {
            let f = tokio::time::timeout(Duration::from_secs(10), live.next())
                .await
                .expect("a push")
                .unwrap()
                .unwrap();
            if f.is_text() {
                return serde_json::from_str(f.to_text().unwrap()).unwrap();
            }
        }
    };
    let (s, v) = o.claim(&o.verifikator, &app.id).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let mut got = BTreeSet::new();
    while !(got.contains("changes") && got.contains("inbox")) {
        match next().await {
            Push::Changes => got.insert("changes"),
            Push::Inbox => got.insert("inbox"),
            other => panic!("unexpected {other:?}"),
        };
    }
    // The admin changes the catalogue: every desktop fetches it again.
    let (s, v) = o
        .admin
        .post(
            "/api/v1/admin/catalogue/permit-types/sipa/requirements",
            &json!({ "name": "Foto Lokasi", "mandatory": false, "formats": ["jpg"], "max_mb": 5, "kinds": ["baru"] }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    loop {
        match next().await {
            Push::Catalogue => break,
            Push::Changes | Push::Inbox => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    // Cut the server's listening connection: once it listens again, everyone pulls.
    let cut: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE 'LISTEN%') t",
    )
    .fetch_one(&o.server.state.db)
    .await
    .unwrap();
    assert_eq!(cut, 1);
    loop {
        match next().await {
            Push::Resync => break,
            Push::Changes | Push::Inbox => {}
            other => panic!("unexpected {other:?}"),
        }
    }
}

/// A server shutting down closes its live sockets with 1012 ("service restart"): the
/// desktops reconnect (to another instance) instead of holding a dying one open.
#[tokio::test]
async fn a_server_shutting_down_closes_its_live_sockets() {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;

    let mut o = Office::start().await;
    let mut req = format!("{}/api/v1/ws", o.server.url().replacen("http", "ws", 1))
        .into_client_request()
        .unwrap();
    req.headers_mut().insert(
        "authorization",
        format!("Bearer {}", o.pemohon.token).parse().unwrap(),
    );
    let (mut live, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    o.server.stop();
    let code = loop {
        match tokio::time::timeout(Duration::from_secs(5), live.next())
            .await
            .expect("closed by the server")
        {
            Some(Ok(Message::Close(Some(f)))) => break u16::from(f.code),
            Some(Ok(_)) => continue,
            other => panic!("no close frame: {other:?}"),
        }
    };
    assert_eq!(code, 1012);
}

/// The audit log as the admin reads it: reads are in it too (a dossier opened, each of 60
/// downloads at once, an officer's chat message), filtered by actor, action, object (a
/// resi with its dashes) and day, fifty rows to a page, and exported whole as CSV (the
/// export itself recorded). The database refuses to change or remove a row.
#[tokio::test]
async fn the_audit_log_is_read_filtered_paged_and_exported_and_cannot_be_changed() {
    let o = Office::start().await;
    let app = o.submit().await;
    assert_eq!(o.claim(&o.verifikator, &app.id).await.0, StatusCode::OK);
    let _: Dossier = o
        .verifikator
        .ok(o
            .verifikator
            .get(&format!("/api/v1/office/applications/{}", app.id))
            .await)
        .await;
    let downloads = (0..60).map(|_| {
        let v = o.verifikator.clone();
        let url = format!("{}/api/v1/office/files/{}", o.server.url(), o.sha);
        async move {
            let r = v.http.get(url).bearer_auth(&v.token).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            r.bytes().await.unwrap().len()
        }
    });
    assert!(
        futures_util::future::join_all(downloads)
            .await
            .iter()
            .all(|n| *n == 40_000)
    );
    let pemohon: Uuid =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'pemohon@dpmptsp.test'")
            .fetch_one(&o.server.state.db)
            .await
            .unwrap();
    let msg = json!({ "id": Uuid::new_v4(), "conversation": pemohon, "text": "Berkas Bapak kami periksa." });
    let _: Value = o
        .verifikator
        .ok(o.verifikator.post("/api/v1/chat/messages", &msg).await)
        .await;
    // The same message sent again (a retry) is one message and one row.
    let _: Value = o
        .verifikator
        .ok(o.verifikator.post("/api/v1/chat/messages", &msg).await)
        .await;

    let audit = |q: &str| {
        let path = format!("/api/v1/admin/audit{q}");
        let admin = &o.admin;
        async move { admin.get(&path).await }
    };
    let page = |r: (StatusCode, Value)| {
        assert_eq!(r.0, StatusCode::OK, "{}", r.1);
        serde_json::from_value::<eptsp_core::audit::AuditPage>(r.1).unwrap()
    };
    // mulai_verifikasi, ambil, buka_dossier, 60 × unduh_berkas, kirim_chat.
    let all = page(audit("").await);
    assert_eq!(
        (all.total, all.pages, all.page, all.items.len()),
        (64, 2, 1, 50)
    );
    assert_eq!(all.items[0].action, "kirim_chat", "newest first");
    assert!(all.items.windows(2).all(|w| w[0].id > w[1].id));
    assert_eq!(all.items[0].actor, "Siti Rahmawati, S.H.");
    let last = page(audit("?page=2").await);
    assert_eq!((last.page, last.items.len()), (2, 14));
    assert_eq!(last.items.last().unwrap().action, "mulai_verifikasi");
    assert_eq!(
        page(audit("?page=9").await).page,
        2,
        "past the last page: the last"
    );

    let only = page(audit("?action=unduh_berkas").await);
    assert_eq!(only.total, 60);
    assert!(
        only.items
            .iter()
            .all(|e| e.resi.as_deref() == Some(app.resi.as_str()) && e.detail.contains(&o.sha))
    );
    let resi = eptsp_core::resi::Resi::parse(&app.resi)
        .unwrap()
        .to_string();
    assert!(resi.contains('-'));
    let of_app = page(audit(&format!("?object={resi}")).await);
    assert_eq!(
        of_app.total, 63,
        "all but the chat message name the application"
    );
    assert_eq!(
        page(audit(&format!("?object={}", &o.sha[..12])).await).total,
        60
    );
    assert_eq!(page(audit("?actor=verifikator%40dpmptsp").await).total, 64);
    assert_eq!(page(audit("?actor=Budi").await).total, 0);
    assert_eq!(page(audit("?actor=%25").await).total, 0, "% is a character");
    let today = format_date(SystemClock.today_wita());
    let yesterday = format_date(SystemClock.today_wita().previous_day().unwrap());
    assert_eq!(
        page(audit(&format!("?from={today}&to={today}")).await).total,
        64
    );
    assert_eq!(page(audit(&format!("?to={yesterday}")).await).total, 0);
    let (s, v) = audit("?from=kemarin").await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("from"))
    );
    let (s, v) = audit(&format!("?from={today}&to={yesterday}")).await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("to"))
    );
    assert_eq!(
        o.verifikator.get("/api/v1/admin/audit").await.0,
        StatusCode::FORBIDDEN
    );

    // The CSV: every matching row, `;` between cells, the action named.
    let r = o
        .admin
        .http
        .get(format!(
            "{}/api/v1/admin/audit.csv?action=kirim_chat",
            o.server.url()
        ))
        .bearer_auth(&o.admin.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = r.text().await.unwrap();
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    assert_eq!(
        csv.headers().unwrap().iter().collect::<Vec<_>>(),
        eptsp_core::audit::AUDIT_CSV_HEADER
    );
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "{text}");
    assert_eq!(&rows[0][2], "Siti Rahmawati, S.H.");
    assert_eq!(&rows[0][5], "Mengirim pesan chat");
    assert!(rows[0][8].contains(&pemohon.to_string()), "{text}");
    let export = page(audit("?action=unduh_log_audit").await);
    assert_eq!(export.total, 1, "the export is on record");
    assert_eq!(export.items[0].actor_email, "admin@dpmptsp.test");

    // An action on an account names its holder, and the holder's name finds it.
    let (s, v) = o
        .admin
        .post(
            &format!("/api/v1/admin/users/{pemohon}/block"),
            &json!({ "reason": "Uji log audit" }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let on_budi = page(audit("?object=budi").await);
    assert_eq!(on_budi.total, 1);
    let e = &on_budi.items[0];
    assert_eq!(
        (e.action.as_str(), e.account.as_deref(), e.resi.as_deref()),
        ("blokir_akun", Some("Budi Santoso"), None)
    );
    assert!(all.items.iter().all(|e| e.account.is_none()));

    // Append-only, whoever asks.
    let db = &o.server.state.db;
    for sql in [
        "UPDATE audit_log SET action = 'lain'",
        "DELETE FROM audit_log WHERE action = 'unduh_berkas'",
        "TRUNCATE audit_log",
    ] {
        let e = sqlx::query(sql).execute(db).await.unwrap_err();
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log")
        .fetch_one(db)
        .await
        .unwrap();
    assert_eq!(n, 66, "nothing changed: the 64, the export and the block");
}

/// The archive: every application an officer may look up, found by resi, permit number,
/// name, NIK or NIB, narrowed by type, status and WITA days, 25 to a page.
#[tokio::test]
async fn the_archive_finds_applications_and_permits_by_what_an_officer_knows() {
    use eptsp_core::archive::ArchivePage;
    let o = Office::start().await;
    let signed = o.submit().await;
    o.approve(&signed.id).await;
    let (s, izin) = o.sign(&signed.id).await;
    assert_eq!(s, StatusCode::OK, "{izin}");
    let nomor = izin["content"]["nomor"].as_str().unwrap().to_owned();
    let company = o.submit().await;
    sqlx::query(
        "UPDATE applications SET data = jsonb_set(data, '{perusahaan,nib}', '\"8120000761234\"')
         WHERE id = $1::uuid",
    )
    .bind(&company.id)
    .execute(&o.server.state.db)
    .await
    .unwrap();
    // Sent just after midnight in Samarinda: 16:30 UTC on the 15th is 00:30 WITA on the 16th.
    let january = o.submit().await;
    sqlx::query(
        "UPDATE applications SET submitted_at = '2026-01-15T16:30:00Z' WHERE id = $1::uuid",
    )
    .bind(&january.id)
    .execute(&o.server.state.db)
    .await
    .unwrap();
    // 27 more, sent at once: 30 in all, two pages.
    futures_util::future::join_all((0..27).map(|_| o.submit())).await;

    let get = |who: &Client, q: &str| {
        let (who, path) = (who.clone(), format!("/api/v1/office/archive{q}"));
        async move { who.get(&path).await }
    };
    let page = |r: (StatusCode, Value)| {
        assert_eq!(r.0, StatusCode::OK, "{}", r.1);
        serde_json::from_value::<ArchivePage>(r.1).unwrap()
    };
    let all = page(get(&o.verifikator, "").await);
    assert_eq!(
        (all.total, all.pages, all.page, all.items.len()),
        (30, 2, 1, 25)
    );
    assert!(
        all.items
            .windows(2)
            .all(|w| w[0].submitted_at >= w[1].submitted_at),
        "newest first"
    );
    let last = page(get(&o.verifikator, "?page=2").await);
    assert_eq!((last.page, last.items.len()), (2, 5));
    assert_eq!(last.items.last().unwrap().id, january.id, "the oldest last");
    assert_eq!(page(get(&o.verifikator, "?page=40").await).page, 2);
    let mut seen: BTreeSet<String> = all.items.iter().map(|e| e.id.clone()).collect();
    seen.extend(last.items.iter().map(|e| e.id.clone()));
    assert_eq!(seen.len(), 30, "the two pages hold every application once");

    // By resi, with or without its dashes, and by part of the permit number.
    let compact = signed.resi.replace('-', "");
    for q in [signed.resi.as_str(), compact.as_str(), &nomor[..8]] {
        let p = page(get(&o.penandatangan, &format!("?q={}", q.replace('/', "%2F"))).await);
        assert_eq!(p.total, 1, "{q}");
        let e = &p.items[0];
        assert_eq!(
            (e.id.as_str(), e.status, e.nomor.as_deref(), e.revoked),
            (
                signed.id.as_str(),
                Status::Selesai,
                Some(nomor.as_str()),
                false
            )
        );
        assert!(e.issued_on.is_some() && e.valid_until.is_some(), "{e:?}");
    }
    let by_nib = page(get(&o.admin, "?q=81200007612").await);
    assert_eq!(by_nib.total, 1);
    assert_eq!(
        (by_nib.items[0].id.as_str(), by_nib.items[0].nib.as_deref()),
        (company.id.as_str(), Some("8120000761234"))
    );
    assert!(
        all.items
            .iter()
            .all(|e| e.id == company.id || e.nib.is_none())
    );
    // The applicant, by name and by NIK.
    assert_eq!(
        page(get(&o.verifikator, "?q=budi%20santoso").await).total,
        30
    );
    assert_eq!(
        page(get(&o.verifikator, "?q=6472011505900001").await).total,
        30
    );
    assert_eq!(all.items[0].nik, "6472011505900001");
    assert_eq!(page(get(&o.verifikator, "?q=Rahmawati").await).total, 0);
    assert_eq!(
        page(get(&o.verifikator, "?q=%25").await).total,
        0,
        "% is a character"
    );
    // Type and status.
    assert_eq!(page(get(&o.verifikator, "?status=selesai").await).total, 1);
    assert_eq!(
        page(get(&o.verifikator, "?permit_type_id=sipa&status=diajukan").await).total,
        29
    );
    assert_eq!(
        page(get(&o.verifikator, "?permit_type_id=amdal").await).total,
        0
    );
    // Days in WITA.
    let one_day = page(get(&o.verifikator, "?from=2026-01-16&to=2026-01-16").await);
    assert_eq!(
        one_day
            .items
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>(),
        [january.id.as_str()]
    );
    assert_eq!(
        page(get(&o.verifikator, "?from=2026-01-01&to=2026-01-15").await).total,
        0
    );
    assert_eq!(
        page(get(&o.verifikator, "?from=2026-01-17&to=2026-01-31").await).total,
        0
    );
    assert_eq!(
        page(get(&o.verifikator, "?from=2026-01-17").await).total,
        29
    );
    for (q, field) in [
        ("?from=15-01-2026", "from"),
        ("?from=2026-02-01&to=2026-01-31", "to"),
    ] {
        let (s, v) = get(&o.verifikator, q).await;
        assert_eq!(
            (s, v["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
            "{q}: {v}"
        );
        assert!(v["message"].as_str().unwrap().contains("Tanggal"), "{v}");
    }
    // A revoked permit says so.
    let (s, v) = o
        .admin
        .post(
            &format!("/api/v1/office/permits/{}/revoke", signed.id),
            &json!({ "reason": "Tidak melaporkan realisasi" }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(page(get(&o.verifikator, "?status=selesai").await).items[0].revoked);
    // Officers only; twenty searches at once all answer the same.
    assert_eq!(get(&o.pemohon, "").await.0, StatusCode::FORBIDDEN);
    let many = futures_util::future::join_all(
        (0..20).map(|_| get(&o.verifikator, "?q=budi&permit_type_id=sipa")),
    )
    .await;
    assert!(
        many.into_iter()
            .map(page)
            .all(|p| p.total == 30 && p.items.len() == 25)
    );
}

/// A Perpanjangan made from a permit names it: the office reads which permit it renews and
/// the old permit which application renews it; only the applicant's own permit of the same
/// type, not revoked, may be named.
#[tokio::test]
async fn a_renewal_names_the_permit_it_renews_and_is_named_by_it() {
    use eptsp_core::archive::ArchivePage;
    let o = Office::start().await;
    let first = o.submit().await;
    o.approve(&first.id).await;
    let (s, izin) = o.sign(&first.id).await;
    assert_eq!(s, StatusCode::OK, "{izin}");
    let nomor = izin["content"]["nomor"].as_str().unwrap().to_owned();
    let renewal = |renews: Option<String>, kind: ApplicationKind| DraftData {
        kind: Some(kind),
        renews,
        ..draft()
    };
    let send = |data: DraftData| {
        let o = &o;
        async move {
            let req = SubmitRequest {
                id: Uuid::new_v4().to_string(),
                files: o.files_for(data.kind.unwrap()).await,
                data,
            };
            o.pemohon.post("/api/v1/applications", &req).await
        }
    };
    // Naming nothing known, or garbage: refused on the field, nothing kept.
    for bad in [Uuid::new_v4().to_string(), "bukan-id".to_owned()] {
        let (s, v) = send(renewal(Some(bad), ApplicationKind::Perpanjangan)).await;
        assert_eq!(
            (s, v["field"].as_str(), v["code"].as_str()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("renews"),
                Some("renews_unknown")
            ),
            "{v}"
        );
    }
    // An application without a permit yet renews nothing.
    let pending = o.submit().await;
    let (s, _) = send(renewal(
        Some(pending.id.clone()),
        ApplicationKind::Perpanjangan,
    ))
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // A new permit (Baru) naming one renews nothing: the link is dropped.
    let (s, v) = send(renewal(Some(first.id.clone()), ApplicationKind::Baru)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let baru = v["id"].as_str().unwrap().to_owned();
    // The renewal, sent twice at once (a retry racing the first): one application.
    let data = renewal(Some(first.id.clone()), ApplicationKind::Perpanjangan);
    let req = SubmitRequest {
        id: Uuid::new_v4().to_string(),
        files: o.files_for(ApplicationKind::Perpanjangan).await,
        data,
    };
    let (a, b) = tokio::join!(
        o.pemohon.post("/api/v1/applications", &req),
        o.pemohon.post("/api/v1/applications", &req)
    );
    assert_eq!(
        (a.0, b.0),
        (StatusCode::OK, StatusCode::OK),
        "{} {}",
        a.1,
        b.1
    );
    assert_eq!(a.1["resi"], b.1["resi"]);
    let resi = a.1["resi"].as_str().unwrap().to_owned();

    let archive = |q: String| {
        let v = o.verifikator.clone();
        async move {
            let (s, body) = v.get(&format!("/api/v1/office/archive{q}")).await;
            assert_eq!(s, StatusCode::OK, "{body}");
            serde_json::from_value::<ArchivePage>(body).unwrap()
        }
    };
    let of = archive(format!("?q={resi}")).await;
    assert_eq!(of.total, 1);
    assert_eq!(
        (of.items[0].kind.as_str(), of.items[0].renews.as_deref()),
        ("perpanjangan", Some(nomor.as_str()))
    );
    let old = archive(format!("?q={}", first.resi)).await;
    assert_eq!(old.items[0].renewed_by.as_deref(), Some(resi.as_str()));
    let all = archive(String::new()).await;
    let baru_row = all.items.iter().find(|e| e.id == baru).unwrap();
    assert_eq!(baru_row.renews, None);
    // The officer's dossier of the renewal says which permit it renews.
    let d: Dossier = o
        .verifikator
        .ok(o
            .verifikator
            .get(&format!(
                "/api/v1/office/applications/{}",
                a.1["id"].as_str().unwrap()
            ))
            .await)
        .await;
    assert_eq!(d.renews.as_deref(), Some(nomor.as_str()));
    // Someone else's permit, or a revoked one, cannot be renewed.
    let (s, v) = o
        .admin
        .post(
            &format!("/api/v1/office/permits/{}/revoke", first.id),
            &json!({ "reason": "Tidak melaporkan realisasi" }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = send(renewal(
        Some(first.id.clone()),
        ApplicationKind::Perpanjangan,
    ))
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("renews_revoked")),
        "{v}"
    );
    sqlx::query("UPDATE applications SET user_id = (SELECT id FROM users WHERE email = 'admin@dpmptsp.test') WHERE id = $1::uuid")
        .bind(&first.id)
        .execute(&o.server.state.db)
        .await
        .unwrap();
    let (s, v) = send(renewal(
        Some(first.id.clone()),
        ApplicationKind::Perpanjangan,
    ))
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("renews_unknown")),
        "{v}"
    );
}

/// Signing a permit schedules the reports its type asks for: SIPA's monthly realisation,
/// due by the 15th of the next month (a closed day moves it on), over the whole validity;
/// a signature sent twice at once schedules them once.
#[tokio::test]
async fn a_signed_permit_owes_the_reports_of_its_type_on_working_days() {
    let o = Office::start().await;
    let app = o.submit().await;
    o.approve(&app.id).await;
    let (a, b) = tokio::join!(o.sign(&app.id), o.sign(&app.id));
    assert_eq!(
        (a.0, b.0),
        (StatusCode::OK, StatusCode::OK),
        "{} {}",
        a.1,
        b.1
    );
    assert_eq!(a.1["content"]["nomor"], b.1["content"]["nomor"]);
    let issued = time::Date::parse(
        a.1["content"]["terbit"].as_str().unwrap(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap();
    let until = time::Date::parse(
        a.1["content"]["berlaku_sampai"].as_str().unwrap(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap();
    let rows: Vec<(String, String, time::Date, time::Date, time::Date)> = sqlx::query_as(
        "SELECT obligation, name, period_from, period_to, due_on FROM report_schedules
         WHERE application_id = $1::uuid ORDER BY period_from",
    )
    .bind(&app.id)
    .fetch_all(&o.server.state.db)
    .await
    .unwrap();
    // Five years from the day issued: this month's remainder, 59 whole months, and the
    // days of the last month up to the last valid day.
    assert_eq!(rows.len(), 61);
    assert!(rows.iter().all(|r| r.0 == "realisasi_bulanan"
        && r.1 == "Laporan Realisasi Pengambilan Air Tanah"));
    assert_eq!(rows[0].2, issued);
    assert_eq!(rows.last().unwrap().3, until);
    let cal = eptsp_server::holidays::calendar(&o.server.state.db)
        .await
        .unwrap();
    for (i, r) in rows.iter().enumerate() {
        let next_month = (r.2.replace_day(1).unwrap() + time::Duration::days(32))
            .replace_day(1)
            .unwrap();
        assert_eq!(r.2.month(), r.3.month(), "one month each: {r:?}");
        if i > 0 {
            assert_eq!(r.2, rows[i - 1].3 + time::Duration::days(1), "no gaps");
        }
        // Due on the 15th of the next month, or the first working day after it.
        let fifteenth = next_month.replace_day(15).unwrap();
        let due = r.4;
        assert!(due >= fifteenth && cal.is_working_day(due), "{r:?}");
        let mut d = fifteenth;
        while d < due {
            assert!(!cal.is_working_day(d), "{d} was open before {due}");
            d += time::Duration::days(1);
        }
    }

    // The admin closes the day the first report is due: it moves to the next working day;
    // what the rule names stays. The day opened again, it moves back.
    let first_due = rows[0].4;
    let put = |path: String| {
        let admin = o.admin.clone();
        async move {
            let r = admin
                .http
                .put(format!("{}{path}", admin.base))
                .bearer_auth(&admin.token)
                .json(&json!({ "kind": "cuti", "name": "Cuti bersama daerah" }))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK);
        }
    };
    put(format!("/api/v1/admin/holidays/{}", format_date(first_due))).await;
    let due_now = |nominal_first: bool| {
        let db = o.server.state.db.clone();
        let id = app.id.clone();
        async move {
            sqlx::query_as::<_, (time::Date, time::Date)>(
                "SELECT due_on, nominal_due FROM report_schedules WHERE application_id = $1::uuid
                 ORDER BY period_from LIMIT 1",
            )
            .bind(id)
            .fetch_one(&db)
            .await
            .map(|(due, nominal)| if nominal_first { nominal } else { due })
            .unwrap()
        }
    };
    let moved = due_now(false).await;
    assert!(moved > first_due, "{moved} after {first_due}");
    let mut d = first_due + time::Duration::days(1);
    while d < moved {
        assert!(!cal.is_working_day(d));
        d += time::Duration::days(1);
    }
    assert_eq!(due_now(true).await.day(), 15);
    let r = o
        .admin
        .http
        .delete(format!(
            "{}/api/v1/admin/holidays/{}",
            o.admin.base,
            format_date(first_due)
        ))
        .bearer_auth(&o.admin.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(due_now(false).await, first_due);

    // A type without obligations owes nothing.
    sqlx::query("UPDATE permit_types SET obligations = '[]' WHERE id = 'sipa'")
        .execute(&o.server.state.db)
        .await
        .unwrap();
    let plain = o.submit().await;
    o.approve(&plain.id).await;
    assert_eq!(o.sign(&plain.id).await.0, StatusCode::OK);
    let none: i64 =
        sqlx::query_scalar("SELECT count(*) FROM report_schedules WHERE application_id = $1::uuid")
            .bind(&plain.id)
            .fetch_one(&o.server.state.db)
            .await
            .unwrap();
    assert_eq!(none, 0);
}

/// Every permit type's obligations, as the migrations ship them, read as core's types and
/// pass their checks.
#[tokio::test]
async fn the_shipped_obligations_are_well_formed() {
    use eptsp_core::obligations::{Obligation, Period};
    let o = Office::start().await;
    let rows: Vec<(String, sqlx::types::Json<Vec<Obligation>>)> =
        sqlx::query_as("SELECT id, obligations FROM permit_types ORDER BY id")
            .fetch_all(&o.server.state.db)
            .await
            .unwrap();
    for (id, list) in &rows {
        for ob in &list.0 {
            assert!(ob.period.check().is_ok(), "{id}: {ob:?}");
        }
    }
    let of = |id: &str| rows.iter().find(|r| r.0 == id).unwrap().1.0.clone();
    assert_eq!(
        of("iup-batuan")
            .iter()
            .map(|o| &o.period)
            .collect::<Vec<_>>(),
        [
            &Period::EndOfMonths {
                months: vec![1, 4, 7, 10, 12]
            },
            &Period::AfterExpiry { working_days: 15 }
        ]
    );
    assert_eq!(of("sipa")[0].period, Period::Monthly { due_day: 15 });
}
