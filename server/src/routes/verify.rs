//! Public verification of an issued permit: the page its QR code opens (anyone, no
//! login) and the same answer as JSON, plus the office's public key for offline checks.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::response::Html;
use eptsp_core::izin::{self, SignedIzin};
use eptsp_core::office::{OfficeKey, PermitState, Verdict, VerifyView};
use uuid::Uuid;

use crate::AppState;
use crate::error::{ApiResult, AppJson, AppPath, AppQuery};
use crate::lookups::Issued;
use crate::routes::applications::permit_state;
pub use eptsp_core::office::VerifyQuery;

/// Checks permit `id` (and, when given, the content and signature a QR code carries)
/// against what the office issued.
pub async fn check(state: &AppState, id: &str, q: &VerifyQuery) -> ApiResult<VerifyView> {
    let unknown = || VerifyView {
        verdict: Verdict::TidakDikenal,
        message: "Izin ini tidak pernah diterbitkan oleh DPMPTSP Provinsi Kalimantan Timur."
            .to_owned(),
        izin: None,
        state: None,
    };
    let Ok(id) = Uuid::parse_str(id) else {
        return Ok(unknown());
    };
    let Some(issued) = state
        .lookups
        .permits
        .get_or_read(id, read(state, id))
        .await?
    else {
        return Ok(unknown());
    };
    let pstate = permit_state(issued.valid_until, issued.revoked, state.clock.today_wita());
    // A scanned code must carry exactly what was issued, under a valid signature (the
    // stored one's soundness was checked when it was read).
    if let (Some(d), Some(s)) = (&q.d, &q.s) {
        let scanned = izin::parse_qr(&format!("/v/{id}?d={d}&s={s}"));
        let genuine = issued.sound && scanned.is_ok_and(|sc| sc == issued.izin);
        if !genuine {
            return Ok(VerifyView {
                verdict: Verdict::TidakSah,
                message: "TIDAK SAH: isi kode QR berbeda dengan izin yang diterbitkan atau tanda tangannya tidak valid."
                    .to_owned(),
                izin: Some(issued.izin.clone()),
                state: Some(pstate),
            });
        }
    }
    let (verdict, message) = match pstate {
        PermitState::Dicabut => (
            Verdict::Dicabut,
            "Izin ini diterbitkan oleh DPMPTSP Provinsi Kalimantan Timur tetapi telah DICABUT.",
        ),
        PermitState::Kadaluarsa => (
            Verdict::Sah,
            "Izin ini SAH diterbitkan oleh DPMPTSP Provinsi Kalimantan Timur, tetapi masa berlakunya telah habis.",
        ),
        PermitState::Aktif => (
            Verdict::Sah,
            "Izin ini SAH dan diterbitkan oleh DPMPTSP Provinsi Kalimantan Timur.",
        ),
    };
    Ok(VerifyView {
        verdict,
        message: message.to_owned(),
        izin: Some(issued.izin.clone()),
        state: Some(pstate),
    })
}

/// Permit `id` as issued, in one query.
async fn read(state: &AppState, id: Uuid) -> ApiResult<Option<Arc<Issued>>> {
    let row = sqlx::query!(
        r#"SELECT content, signature, valid_until, revoked_at IS NOT NULL AS "revoked!"
             FROM permits WHERE application_id = $1"#,
        id
    )
    .fetch_optional(&state.db)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let izin = SignedIzin {
        content: serde_json::from_str(&row.content).map_err(anyhow::Error::from)?,
        signature: row.signature,
    };
    Ok(Some(Arc::new(Issued {
        sound: izin::verify(&izin, &state.signer.public_key()).is_ok(),
        izin,
        valid_until: row.valid_until,
        revoked: row.revoked,
    })))
}

pub async fn verify_json(
    State(state): State<AppState>,
    AppPath(id): AppPath<String>,
    AppQuery(q): AppQuery<VerifyQuery>,
) -> ApiResult<AppJson<VerifyView>> {
    Ok(AppJson(check(&state, &id, &q).await?))
}

pub async fn office_key(State(state): State<AppState>) -> AppJson<OfficeKey> {
    AppJson(OfficeKey {
        key_id: state.signer.key_id().to_owned(),
        public_key: crate::signing::to_hex(&state.signer.public_key()),
    })
}

fn esc(s: &str) -> String {
    html_escape::encode_text(s).into_owned()
}

/// The page a permit's QR code opens.
pub async fn verify_page(
    State(state): State<AppState>,
    AppPath(id): AppPath<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Html<String>> {
    let q: VerifyQuery =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    let v = check(&state, &id, &q).await?;
    let colour = match v.verdict {
        Verdict::Sah => "#1e7e34",
        Verdict::Dicabut | Verdict::TidakSah => "#b02a37",
        Verdict::TidakDikenal => "#6c757d",
    };
    let mut rows = String::new();
    if let Some(i) = &v.izin {
        let c = &i.content;
        let berlaku = if c.berlaku_sampai.is_empty() {
            "Selama usaha/kegiatan berjalan".to_owned()
        } else {
            c.berlaku_sampai.clone()
        };
        let koordinat = format!("Lintang {}, Bujur {}", c.lintang, c.bujur);
        let mut fields = vec![
            ("Nomor Izin", c.nomor.clone()),
            ("Jenis Izin", c.jenis_izin.clone()),
            ("Pemegang Izin", c.pemegang.clone()),
            ("Perusahaan", c.perusahaan.clone()),
            ("Lokasi", c.lokasi.clone()),
            ("Koordinat", koordinat),
        ];
        // An area permit: its signed outline, vertex by vertex, and the area it encloses.
        let outline = izin::outline_points(&c.poligon);
        if let Some(m2) = eptsp_geo::site::outline_area(&outline) {
            fields.push(("Luas Area", eptsp_geo::atlas::format_area(m2)));
            fields.push((
                "Batas Area",
                format!(
                    "{} titik sudut: {}",
                    outline.len(),
                    c.poligon.replace(' ', "; ")
                ),
            ));
        }
        fields.extend([
            ("Tanggal Terbit", c.terbit.clone()),
            ("Berlaku Sampai", berlaku),
            ("Penandatangan", c.penandatangan.clone()),
        ]);
        for (k, val) in fields {
            rows.push_str(&format!(
                "<tr><th>{}</th><td>{}</td></tr>",
                esc(k),
                esc(&val)
            ));
        }
    }
    Ok(Html(format!(
        "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>Verifikasi Izin — DPMPTSP Kaltim</title>\
         <style>body{{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em}}\
         .v{{color:#fff;background:{colour};padding:1em;border-radius:6px}}th{{text-align:left;padding-right:1em}}</style>\
         </head><body><h1>Verifikasi Izin</h1><p class=\"v\" id=\"verdict\">{}</p><table>{rows}</table>\
         <p><small>DPMPTSP Provinsi Kalimantan Timur · kunci {}</small></p></body></html>",
        esc(&v.message),
        esc(state.signer.key_id()),
    )))
}
