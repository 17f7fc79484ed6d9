//! SQL of the admin's catalogue edits: agencies and permit types written in place,
//! requirements added or retired (an edit retires the published row and adds its
//! successor), and the catalogue's version bumped with each; every statement checked
//! against the schema at compile time (offline data in `server/.sqlx`), all inside the
//! caller's transaction.

use eptsp_core::catalogue::{AgencyEdit, PermitTypeEdit, RequirementEdit};
use sqlx::{Postgres, Transaction};

type Tx<'a, 'c> = &'a mut Transaction<'c, Postgres>;

fn strs<T>(v: &[T], f: impl Fn(&T) -> &'static str) -> Vec<String> {
    v.iter().map(|x| f(x).to_owned()).collect()
}

/// The catalogue's next version (the ETag desktops revalidate with).
pub async fn bump_version(tx: Tx<'_, '_>) -> sqlx::Result<i32> {
    sqlx::query_scalar!("UPDATE catalogue_meta SET version = version + 1 RETURNING version")
        .fetch_one(&mut **tx)
        .await
}

/// Creates agency `id`, or changes its names; a new one goes last.
pub async fn put_agency(tx: Tx<'_, '_>, id: &str, a: &AgencyEdit) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO agencies (id, name, short_name, sort)
         VALUES ($1, $2, $3, (SELECT COALESCE(max(sort), 0) + 1 FROM agencies))
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name",
        id,
        a.name.trim(),
        a.short_name.trim()
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether agency `id` exists.
pub async fn agency_exists(tx: Tx<'_, '_>, id: &str) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM agencies WHERE id = $1) AS "exists!""#,
        id
    )
    .fetch_one(&mut **tx)
    .await
}

/// Whether permit type `id` exists.
pub async fn permit_type_exists(tx: Tx<'_, '_>, id: &str) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM permit_types WHERE id = $1) AS "exists!""#,
        id
    )
    .fetch_one(&mut **tx)
    .await
}

/// Creates permit type `id`, or changes it; `ttd` days of its service level are the
/// signer's, the rest the verifier's. A new one goes last.
pub async fn put_permit_type(
    tx: Tx<'_, '_>,
    id: &str,
    p: &PermitTypeEdit,
    ttd: i32,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO permit_types (id, agency_id, name, description, sla_days, sla_ttd_days,
             sla_verifikasi_days, validity_years, kinds, sort)
         VALUES ($1, $2, $3, $4, $5, $6, $5::int - $6::int, $7, $8,
             (SELECT COALESCE(max(sort), 0) + 1 FROM permit_types))
         ON CONFLICT (id) DO UPDATE SET agency_id = excluded.agency_id, name = excluded.name,
             description = excluded.description, sla_days = excluded.sla_days,
             sla_ttd_days = excluded.sla_ttd_days, sla_verifikasi_days = excluded.sla_verifikasi_days,
             validity_years = excluded.validity_years, kinds = excluded.kinds",
        id,
        p.agency_id,
        p.name.trim(),
        p.description.trim(),
        p.sla_days,
        ttd,
        p.validity_years,
        &strs(&p.kinds, |k| k.as_str())
    )
    .execute(&mut **tx)
    .await?;
    if let Some(details) = &p.details {
        let json = serde_json::to_string(details).expect("plain fields serialise");
        sqlx::query("UPDATE permit_types SET details = $2::text::jsonb WHERE id = $1")
            .bind(id)
            .bind(json)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Adds a requirement to `permit_type` (at `sort`, else last), the successor of
/// `replaces` if given; returns its id.
pub async fn insert_requirement(
    tx: Tx<'_, '_>,
    permit_type: &str,
    r: &RequirementEdit,
    replaces: Option<i32>,
    sort: Option<i32>,
) -> sqlx::Result<i32> {
    sqlx::query_scalar!(
        "INSERT INTO requirements (permit_type_id, name, description, mandatory, formats, max_mb,
             kinds, sort, replaces, photo_max_px)
         VALUES ($1, $2, $3, $4, $5, $6, $7,
             COALESCE($8, (SELECT COALESCE(max(sort), 0) + 1 FROM requirements WHERE permit_type_id = $1)),
             $9, $10)
         RETURNING id",
        permit_type,
        r.name.trim(),
        r.description.trim(),
        r.mandatory,
        &strs(&r.formats, |f| f.as_str()),
        r.max_mb,
        &strs(&r.kinds, |k| k.as_str()),
        sort,
        replaces,
        r.photo_max_px
    )
    .fetch_one(&mut **tx)
    .await
}

/// Retires published requirement `id`; returns its permit type and place (none: no such
/// published requirement).
pub async fn retire_requirement(tx: Tx<'_, '_>, id: i32) -> sqlx::Result<Option<(String, i32)>> {
    Ok(sqlx::query!(
        "UPDATE requirements SET retired_at = now() WHERE id = $1 AND retired_at IS NULL
         RETURNING permit_type_id, sort",
        id
    )
    .fetch_optional(&mut **tx)
    .await?
    .map(|r| (r.permit_type_id, r.sort)))
}
