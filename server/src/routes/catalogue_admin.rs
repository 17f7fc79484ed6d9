//! The admin's catalogue: agencies and permit types edited in place, requirements
//! versioned (an edit retires the published row and adds its successor; applications keep
//! the row they were made under). Every change bumps the catalogue version (the ETag the
//! desktops revalidate with) and is audited.

use axum::extract::State;
use sqlx::{Postgres, Transaction};

use crate::AppState;
use crate::auth::session::AuthUser;
use crate::catalogue_edits as edits;
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
    let v = edits::bump_version(tx).await?;
    crate::lifecycle::audit(tx, user.user_id, action, None, detail).await?;
    crate::push::announce(tx, "catalogue", &v.to_string()).await?;
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
    if r.photo_max_px != 0 && !(640..=8000).contains(&r.photo_max_px) {
        return Err(ApiError::field(
            "photo_max_px",
            "range",
            "Sisi terpanjang foto 640 sampai 8000 piksel, atau 0 untuk mengirim foto asli",
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
    edits::put_agency(&mut tx, &id, &req).await?;
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
    if let Some(details) = &req.details {
        eptsp_core::details::check_fields(details).map_err(ApiError::field_error)?;
    }
    let mut tx = state.db.begin().await?;
    if !edits::agency_exists(&mut tx, &req.agency_id).await? {
        return Err(ApiError::field(
            "agency_id",
            "not_found",
            "Dinas/Badan tidak ditemukan",
        ));
    }
    edits::put_permit_type(&mut tx, &id, &req, ttd).await?;
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

pub async fn add_requirement(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(permit_type): AppPath<String>,
    AppJson(req): AppJson<RequirementEdit>,
) -> ApiResult<AppJson<Saved>> {
    check_requirement(&req)?;
    let mut tx = state.db.begin().await?;
    if !edits::permit_type_exists(&mut tx, &permit_type).await? {
        return Err(ApiError::NotFound);
    }
    let id = edits::insert_requirement(&mut tx, &permit_type, &req, None, None).await?;
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
    let (permit_type, sort) = edits::retire_requirement(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let new = edits::insert_requirement(&mut tx, &permit_type, &req, Some(id), Some(sort)).await?;
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
    if edits::retire_requirement(&mut tx, id).await?.is_none() {
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
