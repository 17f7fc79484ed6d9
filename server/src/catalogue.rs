//! Reads the catalogue (agencies → permit types → requirements) from PostgreSQL, each
//! statement checked against the schema at compile time (offline data in `server/.sqlx`).

use eptsp_core::catalogue::{Agency, ApplicationKind, Catalogue, PermitType, Requirement};
use eptsp_core::files::FileKind;
use sqlx::PgPool;

use crate::error::ApiError;

struct AgencyRow {
    id: String,
    name: String,
    short_name: String,
}

struct PermitTypeRow {
    id: String,
    agency_id: String,
    name: String,
    description: String,
    sla_days: i32,
    validity_years: Option<i32>,
    kinds: Vec<String>,
    details: String,
}

struct RequirementRow {
    id: i32,
    permit_type_id: String,
    name: String,
    description: String,
    mandatory: bool,
    formats: Vec<String>,
    max_mb: i32,
    kinds: Vec<String>,
    photo_max_px: i32,
}

fn kinds(v: &[String]) -> Result<Vec<ApplicationKind>, ApiError> {
    v.iter()
        .map(|k| {
            ApplicationKind::parse(k)
                .ok_or_else(|| anyhow::anyhow!("unknown application kind {k}").into())
        })
        .collect()
}

pub async fn version(db: &PgPool) -> Result<i32, ApiError> {
    Ok(sqlx::query_scalar!("SELECT version FROM catalogue_meta")
        .fetch_one(db)
        .await?)
}

pub async fn load(db: &PgPool) -> Result<Catalogue, ApiError> {
    let mut tx = db.begin().await?;
    // One snapshot, so the version matches the rows.
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .execute(&mut *tx)
        .await?;
    let version = sqlx::query_scalar!("SELECT version FROM catalogue_meta")
        .fetch_one(&mut *tx)
        .await?;
    let agencies = sqlx::query_as!(
        AgencyRow,
        "SELECT id, name, short_name FROM agencies ORDER BY sort, name"
    )
    .fetch_all(&mut *tx)
    .await?;
    let types = sqlx::query_as!(
        PermitTypeRow,
        r#"SELECT id, agency_id, name, description, sla_days, validity_years, kinds,
                details::text AS "details!"
         FROM permit_types ORDER BY sort, name"#
    )
    .fetch_all(&mut *tx)
    .await?;
    let reqs = sqlx::query_as!(
        RequirementRow,
        "SELECT id, permit_type_id, name, description, mandatory, formats, max_mb, kinds, photo_max_px
         FROM requirements WHERE retired_at IS NULL ORDER BY permit_type_id, sort, id"
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;

    let mut out = Vec::with_capacity(agencies.len());
    for a in agencies {
        let mut permit_types = Vec::new();
        for t in types.iter().filter(|t| t.agency_id == a.id) {
            let mut requirements = Vec::new();
            for r in reqs.iter().filter(|r| r.permit_type_id == t.id) {
                requirements.push(Requirement {
                    id: r.id,
                    name: r.name.clone(),
                    description: r.description.clone(),
                    mandatory: r.mandatory,
                    formats: r
                        .formats
                        .iter()
                        .map(|f| {
                            FileKind::parse(f)
                                .ok_or_else(|| anyhow::anyhow!("unknown format {f}").into())
                        })
                        .collect::<Result<_, ApiError>>()?,
                    max_mb: r.max_mb,
                    kinds: kinds(&r.kinds)?,
                    photo_max_px: r.photo_max_px,
                });
            }
            permit_types.push(PermitType {
                id: t.id.clone(),
                name: t.name.clone(),
                description: t.description.clone(),
                sla_days: t.sla_days,
                validity_years: t.validity_years,
                kinds: kinds(&t.kinds)?,
                requirements,
                details: serde_json::from_str(&t.details)
                    .map_err(|e| anyhow::anyhow!("details of {}: {e}", t.id))?,
            });
        }
        out.push(Agency {
            id: a.id,
            name: a.name,
            short_name: a.short_name,
            permit_types,
        });
    }
    Ok(Catalogue {
        version,
        agencies: out,
    })
}

/// The Data Detail fields of `permit_type`, read in `tx` (none for an unknown type).
pub async fn details_of(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    permit_type: &str,
) -> Result<Vec<eptsp_core::details::DetailField>, ApiError> {
    let text: Option<String> = sqlx::query_scalar!(
        r#"SELECT details::text AS "details!" FROM permit_types WHERE id = $1"#,
        permit_type
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(match text {
        Some(t) => serde_json::from_str(&t).map_err(|e| anyhow::anyhow!("details: {e}"))?,
        None => Vec::new(),
    })
}
