//! Survey IKM: the form for a finished application found by its resi, the answers (once
//! per application), and the admin's report (per period and permit type, JSON or CSV).

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use eptsp_core::calendar::{format_date, parse_date};
use eptsp_core::ikm::{self, IkmReport, PermitIkm, Respondent, SurveyForm, SurveyRequest};
use eptsp_core::resi::Resi;
use uuid::Uuid;

use crate::AppState;
use crate::auth::session::{AuthUser, ClientAddr};
use crate::auth::throttle;
use crate::error::{ApiError, ApiResult, AppJson, AppPath, AppQuery};
pub use eptsp_core::ikm::ReportQuery;
use eptsp_core::portal::{PublicSurveyKey, PublicSurveyRequest};

fn umur(lahir: time::Date, today: time::Date) -> i32 {
    let mut years = today.year() - lahir.year();
    if (u8::from(today.month()), today.day()) < (u8::from(lahir.month()), lahir.day()) {
        years -= 1;
    }
    years
}

struct FormRow {
    id: Uuid,
    resi: String,
    status: String,
    jenis_izin: String,
    nama: String,
    jenis_kelamin: String,
    tanggal_lahir: time::Date,
    pendidikan: String,
    done: bool,
}

/// The form for the caller's application with `resi`, if it is finished.
pub async fn form(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(resi): AppPath<String>,
) -> ApiResult<AppJson<SurveyForm>> {
    let resi =
        Resi::parse(&resi).map_err(|e| ApiError::field("resi", "resi_invalid", &e.to_string()))?;
    form_of(&state, &resi, user.user_id).await.map(AppJson)
}

/// The finished application with the public key's resi whose applicant has its NIK:
/// (application, applicant). Lookups are throttled per client address, as Monitoring's
/// are, and wrong pairs per resi as wrong passwords per account are: a resi's NIK cannot
/// be guessed. A wrong pair and an unfinished application get the same answer.
async fn by_key(
    state: &AppState,
    client: &ClientAddr,
    key: &PublicSurveyKey,
) -> ApiResult<(Resi, Uuid, Uuid)> {
    throttle::hit(
        &state.db,
        "survey_addr",
        &client.0.to_string(),
        state.config.limits.monitoring_per_address,
    )
    .await?;
    let resi =
        Resi::parse(&key.resi).map_err(|e| ApiError::field("resi", "resi_invalid", &e.to_string()));
    let nik = eptsp_core::validate::nik(&key.nik)
        .map_err(|why| ApiError::field_error(eptsp_core::api::FieldError::new("nik", why)));
    let (resi, nik) = match (resi, nik) {
        (Ok(r), Ok(n)) => (r, n),
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let attempt = throttle::attempt(
        &state.db,
        "survey_resi",
        resi.as_str(),
        state.config.limits.login_failures_per_account,
    )
    .await?;
    let row = sqlx::query!(
        "SELECT a.id, a.user_id FROM applications a JOIN users u ON u.id = a.user_id
         WHERE a.resi = $1 AND u.nik = $2 AND a.status = 'selesai'",
        resi.as_str(),
        nik.as_str()
    )
    .fetch_optional(&state.db)
    .await?;
    let Some(row) = row else {
        attempt.failed(&state.db).await?;
        return Err(ApiError::field("resi", "not_found", PUBLIC_NOT_FOUND));
    };
    attempt.succeeded(&state.db).await?;
    Ok((resi, row.id, row.user_id))
}

/// What a wrong resi and NIK pair, or an unfinished application, is told.
pub const PUBLIC_NOT_FOUND: &str = "Tidak ada permohonan selesai dengan nomor resi dan NIK ini. Survey hanya dapat diisi untuk permohonan yang sudah selesai.";

/// The form without login: by resi and the applicant's NIK. Whoever holds both may be
/// someone else than the applicant: the name is masked and the birth date left out.
pub async fn public_form(
    State(state): State<AppState>,
    client: ClientAddr,
    AppJson(key): AppJson<PublicSurveyKey>,
) -> ApiResult<AppJson<SurveyForm>> {
    let (resi, _, user) = by_key(&state, &client, &key).await?;
    let mut form = form_of(&state, &resi, user).await?;
    form.respondent.nama = eptsp_core::submission::mask_name(&form.respondent.nama);
    form.respondent.tanggal_lahir = String::new();
    Ok(AppJson(form))
}

/// Answers without login, by resi and the applicant's NIK.
pub async fn public_submit(
    State(state): State<AppState>,
    client: ClientAddr,
    AppJson(req): AppJson<PublicSurveyRequest>,
) -> ApiResult<AppJson<eptsp_core::api::MessageResponse>> {
    let (_, id, user) = by_key(&state, &client, &req.key).await?;
    submit_of(&state, id, user, &req.survey).await.map(AppJson)
}

/// The form of `user`'s application with `resi`, if it is finished.
async fn form_of(state: &AppState, resi: &Resi, user: Uuid) -> ApiResult<SurveyForm> {
    let r = sqlx::query_as!(
        FormRow,
        r#"SELECT a.id, a.resi, a.status, t.name AS jenis_izin, u.nama, u.jenis_kelamin,
                  u.tanggal_lahir, u.pendidikan,
                  EXISTS (SELECT 1 FROM surveys s WHERE s.application_id = a.id) AS "done!"
           FROM applications a JOIN permit_types t ON t.id = a.permit_type_id
           JOIN users u ON u.id = a.user_id
           WHERE a.resi = $1 AND a.user_id = $2"#,
        resi.as_str(),
        user
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(|| {
        ApiError::field(
            "resi",
            "not_found",
            "Nomor resi tidak ditemukan di antara permohonan Anda",
        )
    })?;
    if r.status != "selesai" {
        return Err(ApiError::Conflict {
            code: "not_finished",
            message: "Survey hanya dapat diisi untuk permohonan yang sudah selesai".to_owned(),
            field: "resi",
        });
    }
    Ok(SurveyForm {
        application_id: r.id.to_string(),
        resi: Resi::parse(&r.resi).map_or(r.resi.clone(), |x| x.to_string()),
        jenis_izin: r.jenis_izin,
        respondent: Respondent {
            nama: r.nama,
            jenis_kelamin: if r.jenis_kelamin == "P" {
                "Perempuan"
            } else {
                "Laki-laki"
            }
            .to_owned(),
            tanggal_lahir: format_date(r.tanggal_lahir),
            umur: umur(r.tanggal_lahir, state.clock.today_wita()),
            pendidikan: r.pendidikan,
        },
        done: r.done,
    })
}

/// Sends the answers for application `id`; a second survey of the same application is
/// refused.
pub async fn submit(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
    AppJson(req): AppJson<SurveyRequest>,
) -> ApiResult<AppJson<eptsp_core::api::MessageResponse>> {
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
    submit_of(&state, id, user.user_id, &req).await.map(AppJson)
}

/// Keeps `user`'s answers for application `id`, once.
async fn submit_of(
    state: &AppState,
    id: Uuid,
    user: Uuid,
    req: &SurveyRequest,
) -> ApiResult<eptsp_core::api::MessageResponse> {
    req.check().map_err(ApiError::field_error)?;
    let row = sqlx::query!(
        "SELECT a.status, a.permit_type_id, u.nama, u.jenis_kelamin, u.tanggal_lahir, u.pendidikan
         FROM applications a JOIN users u ON u.id = a.user_id WHERE a.id = $1 AND a.user_id = $2",
        id,
        user
    )
    .fetch_optional(&state.db)
    .await?
    .map(|r| {
        (
            r.status,
            r.permit_type_id,
            r.nama,
            r.jenis_kelamin,
            r.tanggal_lahir,
            r.pendidikan,
        )
    });
    let (status, permit_type_id, nama, jk, lahir, pendidikan) = row.ok_or(ApiError::NotFound)?;
    if status != "selesai" {
        return Err(ApiError::Conflict {
            code: "not_finished",
            message: "Survey hanya dapat diisi untuk permohonan yang sudah selesai".to_owned(),
            field: "id",
        });
    }
    let mut tx = state.db.begin().await?;
    let survey = Uuid::new_v4();
    let inserted = sqlx::query!(
        "INSERT INTO surveys (id, application_id, user_id, permit_type_id, nama, jenis_kelamin, umur,
             pendidikan, masukan, komentar)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (application_id) DO NOTHING",
        survey,
        id,
        user,
        permit_type_id,
        nama,
        jk,
        umur(lahir, state.clock.today_wita()),
        pendidikan,
        req.masukan.trim(),
        req.komentar.trim()
    )
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(ApiError::Conflict {
            code: "survey_done",
            message: "Survey untuk permohonan ini sudah diisi".to_owned(),
            field: "id",
        });
    }
    for a in &req.answers {
        sqlx::query!(
            "INSERT INTO survey_answers (survey_id, code, score) VALUES ($1, $2, $3)",
            survey,
            a.code,
            i16::from(a.score)
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(eptsp_core::api::MessageResponse {
        message: "Survey berhasil dikirim".to_owned(),
    })
}

/// One survey's answers: (survey, permit type, permit name, [(code, score)]).
type Answered = (Uuid, String, String, Vec<(String, u8)>);

async fn build_report(state: &AppState, q: &ReportQuery) -> ApiResult<IkmReport> {
    let today = state.clock.today_wita();
    let day = |s: &Option<String>, d: time::Date| -> ApiResult<time::Date> {
        match s.as_deref().filter(|x| !x.is_empty()) {
            None => Ok(d),
            Some(x) => parse_date(x)
                .ok_or_else(|| ApiError::field("from", "date", "Tanggal ditulis YYYY-MM-DD")),
        }
    };
    let from = day(&q.from, today.replace_day(1).unwrap_or(today))?;
    let to = day(&q.to, today)?;
    // Answers in the period, in WITA days.
    let rows: Vec<(Uuid, String, String, String, i16)> = sqlx::query!(
        "SELECT s.id, s.permit_type_id, t.name, a.code, a.score
         FROM surveys s JOIN survey_answers a ON a.survey_id = s.id
         JOIN permit_types t ON t.id = s.permit_type_id
         WHERE (s.submitted_at AT TIME ZONE 'Asia/Makassar')::date BETWEEN $1 AND $2
           AND ($3::text IS NULL OR s.permit_type_id = $3)
         ORDER BY t.sort, t.name, s.id",
        from,
        to,
        q.permit_type_id.as_deref().filter(|s| !s.is_empty()) as Option<&str>,
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|r| (r.id, r.permit_type_id, r.name, r.code, r.score))
    .collect();
    let mut by_survey: Vec<Answered> = Vec::new();
    for (sid, pt, name, code, score) in rows {
        match by_survey.last_mut() {
            Some(last) if last.0 == sid => last.3.push((code, score as u8)),
            _ => by_survey.push((sid, pt, name, vec![(code, score as u8)])),
        }
    }
    let result_of = |list: &[&Answered]| {
        ikm::compute(
            list.iter()
                .map(|s| s.3.iter().map(|(c, v)| (c.as_str(), *v))),
        )
    };
    let all: Vec<_> = by_survey.iter().collect();
    let mut per_permit_type = Vec::new();
    let mut types: Vec<(String, String)> = by_survey
        .iter()
        .map(|s| (s.1.clone(), s.2.clone()))
        .collect();
    types.dedup();
    for (pt, name) in types {
        let of: Vec<_> = by_survey.iter().filter(|s| s.1 == pt).collect();
        if let Some(result) = result_of(&of) {
            per_permit_type.push(PermitIkm {
                permit_type_id: pt,
                jenis_izin: name,
                result,
            });
        }
    }
    let p: Vec<u8> = by_survey
        .iter()
        .flat_map(|s| {
            s.3.iter()
                .filter(|(c, _)| c.starts_with('P'))
                .map(|(_, v)| *v)
        })
        .collect();
    Ok(IkmReport {
        from: format_date(from),
        to: format_date(to),
        overall: result_of(&all),
        per_permit_type,
        persepsi_korupsi: (!p.is_empty())
            .then(|| p.iter().map(|v| f64::from(*v)).sum::<f64>() / p.len() as f64 * 25.0),
    })
}

pub async fn report(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<ReportQuery>,
) -> ApiResult<AppJson<IkmReport>> {
    Ok(AppJson(build_report(&state, &q).await?))
}

pub async fn report_csv(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<ReportQuery>,
) -> ApiResult<impl IntoResponse> {
    let r = build_report(&state, &q).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"ikm-{}-{}.csv\"", r.from, r.to),
            ),
        ],
        ikm::report_csv(&r),
    ))
}
