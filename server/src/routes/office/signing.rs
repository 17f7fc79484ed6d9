//! The head of office's electronic signature (TTE): an approved application gets its
//! permit number and signed content, and the permit issued can be read back as signed.

use axum::extract::State;
use eptsp_core::calendar::format_date;
use eptsp_core::izin::{self, IzinContent, SignedIzin, encode_signature, format_number};
use eptsp_core::lifecycle::{Action, Status};
use eptsp_core::office::SignRequest;
use uuid::Uuid;

use super::{parse_id, resi_display};
use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::{ApiError, ApiResult, AppJson, AppPath};
use crate::lifecycle::{self, Move};

/// Signs an approved application: the passphrase again, the next permit number of the
/// year (no gaps, safe under concurrency), the canonical content signed, status Selesai.
pub async fn sign(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
    AppJson(req): AppJson<SignRequest>,
) -> ApiResult<AppJson<SignedIzin>> {
    let id = parse_id(&id)?;
    let signer = sqlx::query!(
        "SELECT password_hash, nama FROM users WHERE id = $1",
        user.user_id
    )
    .fetch_one(&state.db)
    .await?;
    let (hash, signer_name) = (signer.password_hash, signer.nama);
    // The passphrase is the signer's password: its guesses count with the login's.
    let limit = state.config.limits.login_failures_per_account;
    if !crate::auth::check_password(&state.db, user.user_id, limit, req.passphrase, hash).await? {
        let mut tx = state.db.begin().await?;
        lifecycle::audit(
            &mut tx,
            user.user_id,
            "sign_passphrase_wrong",
            // Not as a reference: the id may name no application.
            None,
            serde_json::json!({ "application": id }),
        )
        .await?;
        tx.commit().await?;
        return Err(ApiError::field(
            "passphrase",
            "passphrase_wrong",
            "Passphrase salah. Tanda tangan elektronik dibatalkan.",
        ));
    }
    let mut tx = state.db.begin().await?;
    let app = lifecycle::lock(&mut tx, id).await?;
    if app.status()? == Status::Selesai {
        // Signed already (a retry): the same permit.
        tx.rollback().await?;
        return Ok(AppJson(
            permit_of(&state, id).await?.ok_or(ApiError::NotFound)?,
        ));
    }
    #[derive(sqlx::FromRow)]
    struct Facts {
        jenis_izin: String,
        validity_years: Option<i32>,
        kind: String,
        nama: String,
        data: sqlx::types::Json<eptsp_core::dossier::DraftData>,
    }
    let f: Facts = sqlx::query_as(
        "SELECT t.name AS jenis_izin, t.validity_years, a.kind, u.nama, a.data
         FROM applications a JOIN permit_types t ON t.id = a.permit_type_id JOIN users u ON u.id = a.user_id
         WHERE a.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let today = state.clock.today_wita();
    // Checks the transition before a number is taken.
    eptsp_core::lifecycle::transition(app.status()?, Action::Tandatangani, user.role).map_err(
        |e| ApiError::Conflict {
            code: "transition_refused",
            message: e.to_string(),
            field: "id",
        },
    )?;
    let seq = sqlx::query_scalar!(
        "INSERT INTO izin_sequences (year, last) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last = izin_sequences.last + 1 RETURNING last",
        today.year()
    )
    .fetch_one(&mut *tx)
    .await?;
    let nomor = format_number(&state.config.izin_pattern, i64::from(seq), today.year());
    let valid_until = f
        .validity_years
        .map(|y| today.replace_year(today.year() + y).unwrap_or(today));
    let d = &f.data.0;
    let codes = [
        d.lokasi.kelurahan.clone(),
        d.lokasi.kecamatan.clone(),
        d.lokasi.kabupaten.clone(),
    ];
    let regions: Vec<(String, String)> = sqlx::query!(
        "SELECT code, name FROM regions WHERE code = ANY($1)",
        &codes[..]
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|r| (r.code, r.name))
    .collect();
    let region = |code: &str| {
        regions
            .iter()
            .find(|(c, _)| c == code)
            .map_or(String::new(), |(_, n)| izin::region_display(n))
    };
    let mut lokasi = d.lokasi.jalan.trim().to_owned();
    if !d.lokasi.nomor.trim().is_empty() {
        lokasi.push_str(&format!(" No. {}", d.lokasi.nomor.trim()));
    }
    if !d.lokasi.rt.trim().is_empty() || !d.lokasi.rw.trim().is_empty() {
        lokasi.push_str(&format!(
            " RT {} RW {}",
            d.lokasi.rt.trim(),
            d.lokasi.rw.trim()
        ));
    }
    for code in [
        &d.lokasi.kelurahan,
        &d.lokasi.kecamatan,
        &d.lokasi.kabupaten,
    ] {
        let n = region(code);
        if !n.is_empty() {
            lokasi.push_str(&format!(", {n}"));
        }
    }
    // The Data Detail the permit type prints, in its order, as the applicant gave it.
    let details: Vec<eptsp_core::details::DetailField> =
        crate::catalogue::details_of(&mut tx, &app.permit_type_id).await?;
    let rincian = details
        .iter()
        .filter(|f| f.printed)
        .filter_map(|f| {
            let v = d.detail.get(&f.key).map(|v| v.trim()).unwrap_or_default();
            (!v.is_empty()).then(|| izin::Rincian {
                label: f.label.clone(),
                nilai: f.display(v),
            })
        })
        .collect();
    let content = IzinContent {
        nomor,
        application_id: id.to_string(),
        resi: resi_display(&app.resi),
        pemegang: f.nama,
        perusahaan: d.perusahaan.nama.trim().to_owned(),
        jenis_izin: f.jenis_izin,
        permit_type_id: app.permit_type_id.clone(),
        jenis_permohonan: eptsp_core::catalogue::ApplicationKind::parse(&f.kind)
            .map_or(f.kind.clone(), |k| k.label().to_owned()),
        lokasi,
        lintang: d.lokasi.lintang.trim().to_owned(),
        bujur: d.lokasi.bujur.trim().to_owned(),
        poligon: izin::outline_text(&d.lokasi.poligon),
        rincian,
        terbit: format_date(today),
        berlaku_sampai: valid_until.map(format_date).unwrap_or_default(),
        penandatangan: signer_name,
        jabatan: state.config.signer_title.clone(),
        key_id: state.signer.key_id().to_owned(),
        verifikasi_url: state.config.public_url.trim_end_matches('/').to_owned(),
    };
    let canonical = content.canonical();
    let signature = encode_signature(&state.signer.sign(&canonical));
    sqlx::query!(
        "INSERT INTO permits (application_id, nomor, content, signature, key_id, signed_by,
             issued_on, valid_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        id,
        content.nomor,
        String::from_utf8(canonical).map_err(anyhow::Error::from)?,
        signature,
        content.key_id,
        user.user_id,
        today,
        valid_until
    )
    .execute(&mut *tx)
    .await?;
    // The reports the permit owes, with the permit.
    let cal = crate::holidays::calendar(&mut *tx).await?;
    crate::obligations::schedule_for(&mut tx, &cal, id, &app.permit_type_id, today, valid_until)
        .await?;
    let note = format!(
        "Izin nomor {} telah ditandatangani secara elektronik dan terbit",
        content.nomor
    );
    lifecycle::apply(
        &mut tx,
        &app,
        &Move {
            key: Uuid::new_v4(),
            actor: user.user_id,
            role: user.role,
            action: Action::Tandatangani,
            note: &note,
            checklist: &[],
            today: state.clock.today_wita(),
        },
    )
    .await?;
    lifecycle::mail_applicant(&mut tx, id, Status::Selesai, &note).await?;
    tx.commit().await?;
    state.mail_queued.notify_one();
    Ok(AppJson(SignedIzin { content, signature }))
}

/// The permit issued for `application`, as signed.
pub async fn permit_of(state: &AppState, application: Uuid) -> ApiResult<Option<SignedIzin>> {
    let row: Option<(String, String)> = sqlx::query!(
        "SELECT content, signature FROM permits WHERE application_id = $1",
        application
    )
    .fetch_optional(&state.db)
    .await?
    .map(|r| (r.content, r.signature));
    row.map(|(content, signature)| {
        Ok(SignedIzin {
            content: serde_json::from_str(&content).map_err(anyhow::Error::from)?,
            signature,
        })
    })
    .transpose()
}
