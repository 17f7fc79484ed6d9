//! The admin's catalogue: agencies and permit types edited in place, requirements
//! versioned (an edit retires the published row and adds its successor; applications keep
//! the row they were made under). Every change bumps the catalogue version (the ETag the
//! desktops revalidate with) and is audited.

use axum::extract::State;
use sqlx::{Postgres, Transaction};

use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::{ApiError, ApiResult, AppJson, AppPath};

pub use eptsp_core::catalogue::{AgencyEdit, PermitTypeEdit, RequirementEdit, Saved};

/// A code for an agency or permit type: lower-case letters, digits and `-`.
fn check_slug(s: &str) -> ApiResult<()> {
    let ok = !s.is_empty()
        && s.len() <= 40
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(ApiError::field(
            "id",
            "slug",
            "Kode ditulis huruf kecil, angka dan -",
        ))
    }
}

fn required(field: &str, v: &str) -> ApiResult<()> {
    if v.trim().is_empty() {
        return Err(ApiError::field(field, "required", "Wajib diisi"));
    }
    Ok(())
}

async fn bump(
    tx: &mut Transaction<'_, Postgres>,
    user: &AuthUser,
    action: &str,
    detail: serde_json::Value,
) -> ApiResult<i32> {
    let v: i32 =
        sqlx::query_scalar("UPDATE catalogue_meta SET version = version + 1 RETURNING version")
            .fetch_one(&mut **tx)
            .await?;
    crate::lifecycle::audit(tx, user.user_id, action, None, detail).await?;
    // Every instance tells its desktops at commit (see `crate::push`).
    sqlx::query("SELECT pg_notify('eptsp_feed', 'catalogue:' || $1::text)")
        .bind(v)
        .execute(&mut **tx)
        .await?;
    Ok(v)
}

fn check_requirement(r: &RequirementEdit) -> ApiResult<()> {
    required("name", &r.name)?;
    if r.formats.is_empty() {
        return Err(ApiError::field(
            "formats",
            "required",
            "Pilih minimal satu format file",
        ));
    }
    if !(1..=50).contains(&r.max_mb) {
        return Err(ApiError::field(
            "max_mb",
            "range",
            "Ukuran maksimal 1 sampai 50 MB",
        ));
    }
    if r.kinds.is_empty() {
        return Err(ApiError::field(
            "kinds",
            "required",
            "Pilih minimal satu jenis permohonan",
        ));
    }
    Ok(())
}

fn strs<T>(v: &[T], f: impl Fn(&T) -> &'static str) -> Vec<String> {
    v.iter().map(|x| f(x).to_owned()).collect()
}

pub async fn put_agency(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
    AppJson(req): AppJson<AgencyEdit>,
) -> ApiResult<AppJson<Saved>> {
    check_slug(&id)?;
    required("name", &req.name)?;
    required("short_name", &req.short_name)?;
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO agencies (id, name, short_name, sort) VALUES ($1, $2, $3, (SELECT COALESCE(max(sort), 0) + 1 FROM agencies))
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name",
    )
    .bind(&id)
    .bind(req.name.trim())
    .bind(req.short_name.trim())
    .execute(&mut *tx)
    .await?;
    let v = bump(
        &mut tx,
        &user,
        "katalog_dinas",
        serde_json::json!({ "id": id }),
    )
    .await?;
    tx.commit().await?;
    Ok(AppJson(Saved {
        id,
        catalogue_version: v,
    }))
}

pub async fn put_permit_type(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
    AppJson(req): AppJson<PermitTypeEdit>,
) -> ApiResult<AppJson<Saved>> {
    check_slug(&id)?;
    required("name", &req.name)?;
    let ttd = req.sla_ttd_days.unwrap_or(2);
    if req.sla_days <= ttd || ttd < 1 {
        return Err(ApiError::field(
            "sla_days",
            "range",
            "Waktu layanan harus lebih panjang dari waktu penandatanganan",
        ));
    }
    if req.validity_years.is_some_and(|y| !(1..=50).contains(&y)) {
        return Err(ApiError::field(
            "validity_years",
            "range",
            "Masa berlaku 1 sampai 50 tahun",
        ));
    }
    if req.kinds.is_empty() {
        return Err(ApiError::field(
            "kinds",
            "required",
            "Pilih minimal satu jenis permohonan",
        ));
    }
    let mut tx = state.db.begin().await?;
    let agency: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM agencies WHERE id = $1)")
        .bind(&req.agency_id)
        .fetch_one(&mut *tx)
        .await?;
    if !agency {
        return Err(ApiError::field(
            "agency_id",
            "not_found",
            "Dinas/Badan tidak ditemukan",
        ));
    }
    sqlx::query(
        "INSERT INTO permit_types (id, agency_id, name, description, sla_days, sla_ttd_days, sla_verifikasi_days, validity_years, kinds, sort)
         VALUES ($1, $2, $3, $4, $5, $6, $5 - $6, $7, $8, (SELECT COALESCE(max(sort), 0) + 1 FROM permit_types))
         ON CONFLICT (id) DO UPDATE SET agency_id = excluded.agency_id, name = excluded.name,
             description = excluded.description, sla_days = excluded.sla_days, sla_ttd_days = excluded.sla_ttd_days,
             sla_verifikasi_days = excluded.sla_verifikasi_days, validity_years = excluded.validity_years, kinds = excluded.kinds",
    )
    .bind(&id)
    .bind(&req.agency_id)
    .bind(req.name.trim())
    .bind(req.description.trim())
    .bind(req.sla_days)
    .bind(ttd)
    .bind(req.validity_years)
    .bind(strs(&req.kinds, |k| k.as_str()))
    .execute(&mut *tx)
    .await?;
    let v = bump(
        &mut tx,
        &user,
        "katalog_izin",
        serde_json::json!({ "id": id }),
    )
    .await?;
    tx.commit().await?;
    Ok(AppJson(Saved {
        id,
        catalogue_version: v,
    }))
}

async fn insert_requirement(
    tx: &mut Transaction<'_, Postgres>,
    permit_type: &str,
    r: &RequirementEdit,
    replaces: Option<i32>,
    sort: Option<i32>,
) -> ApiResult<i32> {
    Ok(sqlx::query_scalar(
        "INSERT INTO requirements (permit_type_id, name, description, mandatory, formats, max_mb, kinds, sort, replaces)
         VALUES ($1, $2, $3, $4, $5, $6, $7,
                 COALESCE($8, (SELECT COALESCE(max(sort), 0) + 1 FROM requirements WHERE permit_type_id = $1)), $9)
         RETURNING id",
    )
    .bind(permit_type)
    .bind(r.name.trim())
    .bind(r.description.trim())
    .bind(r.mandatory)
    .bind(strs(&r.formats, |f| f.as_str()))
    .bind(r.max_mb)
    .bind(strs(&r.kinds, |k| k.as_str()))
    .bind(sort)
    .bind(replaces)
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn add_requirement(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(permit_type): AppPath<String>,
    AppJson(req): AppJson<RequirementEdit>,
) -> ApiResult<AppJson<Saved>> {
    check_requirement(&req)?;
    let mut tx = state.db.begin().await?;
    let known: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM permit_types WHERE id = $1)")
            .bind(&permit_type)
            .fetch_one(&mut *tx)
            .await?;
    if !known {
        return Err(ApiError::NotFound);
    }
    let id = insert_requirement(&mut tx, &permit_type, &req, None, None).await?;
    let v = bump(
        &mut tx,
        &user,
        "katalog_persyaratan",
        serde_json::json!({ "id": id, "baru": true }),
    )
    .await?;
    tx.commit().await?;
    Ok(AppJson(Saved {
        id: id.to_string(),
        catalogue_version: v,
    }))
}

/// A new version of a requirement: the published row is retired, its successor added.
pub async fn edit_requirement(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<i32>,
    AppJson(req): AppJson<RequirementEdit>,
) -> ApiResult<AppJson<Saved>> {
    check_requirement(&req)?;
    let mut tx = state.db.begin().await?;
    let (permit_type, sort): (String, i32) = sqlx::query_as(
        "UPDATE requirements SET retired_at = now() WHERE id = $1 AND retired_at IS NULL RETURNING permit_type_id, sort",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ApiError::NotFound)?;
    let new = insert_requirement(&mut tx, &permit_type, &req, Some(id), Some(sort)).await?;
    let v = bump(
        &mut tx,
        &user,
        "katalog_persyaratan",
        serde_json::json!({ "id": new, "menggantikan": id }),
    )
    .await?;
    tx.commit().await?;
    Ok(AppJson(Saved {
        id: new.to_string(),
        catalogue_version: v,
    }))
}

/// Withdraws a requirement from new applications (the row stays for the old ones).
pub async fn retire_requirement(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<i32>,
) -> ApiResult<AppJson<Saved>> {
    let mut tx = state.db.begin().await?;
    let r = sqlx::query(
        "UPDATE requirements SET retired_at = now() WHERE id = $1 AND retired_at IS NULL",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if r.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    let v = bump(
        &mut tx,
        &user,
        "katalog_persyaratan",
        serde_json::json!({ "id": id, "dicabut": true }),
    )
    .await?;
    tx.commit().await?;
    Ok(AppJson(Saved {
        id: id.to_string(),
        catalogue_version: v,
    }))
}
