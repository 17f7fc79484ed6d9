//! SQL for the users aggregate: one row type, its conversion to the API's `Profile`, and
//! the statements that read and write it, each checked against the schema at compile time
//! (`sqlx::query!`; the offline data is in `server/.sqlx`, see `scripts/sqlx.sh`).

use eptsp_core::Role;
use eptsp_core::api::{
    JenisKelamin, Pendidikan, Profile, RegionCodes, ValidProfileUpdate, ValidRegistration,
    format_date,
};
use eptsp_core::office::UserSummary;
use sqlx::{FromRow, PgExecutor, PgPool};
use time::Date;
use uuid::Uuid;

use crate::error::ApiError;
use crate::regions;

#[derive(Debug, Clone, FromRow)]
pub struct UserRow {
    pub id: Uuid,
    pub nik: String,
    pub npwp: Option<String>,
    pub nama: String,
    pub jenis_kelamin: String,
    pub tanggal_lahir: Date,
    pub pendidikan: String,
    pub pekerjaan: Option<String>,
    pub jabatan: Option<String>,
    pub alamat: String,
    pub provinsi: String,
    pub kabupaten: String,
    pub kecamatan: String,
    pub kelurahan: String,
    pub no_hp: String,
    pub kode_pos: String,
    pub email: String,
    pub password_hash: String,
    pub role: String,
    pub blocked_reason: Option<String>,
}

impl UserRow {
    pub fn role(&self) -> anyhow::Result<Role> {
        Role::parse(&self.role).ok_or_else(|| anyhow::anyhow!("unknown role {}", self.role))
    }

    pub fn wilayah(&self) -> RegionCodes {
        RegionCodes {
            provinsi: self.provinsi.clone(),
            kabupaten: self.kabupaten.clone(),
            kecamatan: self.kecamatan.clone(),
            kelurahan: self.kelurahan.clone(),
        }
    }

    pub async fn into_profile(self, db: &PgPool) -> Result<Profile, ApiError> {
        let wilayah = self.wilayah();
        let names = regions::resolve(db, &wilayah)
            .await?
            .ok_or_else(|| anyhow::anyhow!("user {} has an unknown region", self.id))?;
        Ok(Profile {
            id: self.id.to_string(),
            role: self.role()?,
            jenis_kelamin: JenisKelamin::parse(&self.jenis_kelamin)
                .ok_or_else(|| anyhow::anyhow!("bad jenis_kelamin"))?,
            pendidikan: Pendidikan::parse(&self.pendidikan)
                .ok_or_else(|| anyhow::anyhow!("bad pendidikan"))?,
            tanggal_lahir: format_date(self.tanggal_lahir),
            nik: self.nik,
            npwp: self.npwp,
            nama: self.nama,
            pekerjaan: self.pekerjaan,
            jabatan: self.jabatan,
            alamat: self.alamat,
            wilayah,
            wilayah_nama: names,
            no_hp: self.no_hp,
            kode_pos: self.kode_pos,
            email: self.email,
        })
    }
}

pub async fn by_id(db: impl PgExecutor<'_>, id: Uuid) -> Result<Option<UserRow>, ApiError> {
    Ok(sqlx::query_as!(
        UserRow,
        "SELECT id, nik, npwp, nama, jenis_kelamin, tanggal_lahir, pendidikan, pekerjaan, jabatan, alamat, provinsi, kabupaten, kecamatan, kelurahan, no_hp, kode_pos, email, password_hash, role, blocked_reason
         FROM users WHERE id = $1",
        id
    )
    .fetch_optional(db)
    .await?)
}

/// By NIK, or by e-mail when the login contains `@`.
pub async fn by_login(db: &PgPool, login: &str) -> Result<Option<UserRow>, ApiError> {
    let login = login.trim();
    let row = if login.contains('@') {
        sqlx::query_as!(
            UserRow,
            "SELECT id, nik, npwp, nama, jenis_kelamin, tanggal_lahir, pendidikan, pekerjaan, jabatan, alamat, provinsi, kabupaten, kecamatan, kelurahan, no_hp, kode_pos, email, password_hash, role, blocked_reason
             FROM users WHERE email = $1",
            login.to_lowercase()
        )
        .fetch_optional(db)
        .await?
    } else {
        sqlx::query_as!(
            UserRow,
            "SELECT id, nik, npwp, nama, jenis_kelamin, tanggal_lahir, pendidikan, pekerjaan, jabatan, alamat, provinsi, kabupaten, kecamatan, kelurahan, no_hp, kode_pos, email, password_hash, role, blocked_reason
             FROM users WHERE nik = $1",
            login
        )
        .fetch_optional(db)
        .await?
    };
    Ok(row)
}

pub async fn nik_exists(db: &PgPool, nik: &str) -> Result<bool, ApiError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM users WHERE nik = $1) AS "exists!""#,
        nik
    )
    .fetch_one(db)
    .await?)
}

pub async fn email_owner(db: &PgPool, email: &str) -> Result<Option<Uuid>, ApiError> {
    Ok(
        sqlx::query_scalar!("SELECT id FROM users WHERE email = $1", email)
            .fetch_optional(db)
            .await?,
    )
}

/// The e-mail address and name of user `id`, to write to them.
pub async fn contact(db: &PgPool, id: Uuid) -> Result<Option<(String, String)>, ApiError> {
    Ok(
        sqlx::query!("SELECT email, nama FROM users WHERE id = $1", id)
            .fetch_optional(db)
            .await?
            .map(|r| (r.email, r.nama)),
    )
}

pub async fn insert(
    db: impl PgExecutor<'_>,
    r: &ValidRegistration,
    password_hash: &str,
    role: Role,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO users (id, nik, npwp, nama, jenis_kelamin, tanggal_lahir, pendidikan, alamat,
            provinsi, kabupaten, kecamatan, kelurahan, no_hp, kode_pos, email, password_hash, role)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        id,
        r.nik,
        r.npwp,
        r.nama,
        r.jenis_kelamin.as_str(),
        r.tanggal_lahir,
        r.pendidikan.as_str(),
        r.alamat,
        r.wilayah.provinsi,
        r.wilayah.kabupaten,
        r.wilayah.kecamatan,
        r.wilayah.kelurahan,
        r.no_hp,
        r.kode_pos,
        r.email,
        password_hash,
        role.as_str(),
    )
    .execute(db)
    .await?;
    Ok(id)
}

pub async fn update_profile(
    db: impl PgExecutor<'_>,
    id: Uuid,
    u: &ValidProfileUpdate,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE users SET npwp = $2, jenis_kelamin = $3, tanggal_lahir = $4, pendidikan = $5, pekerjaan = $6,
            jabatan = $7, alamat = $8, provinsi = $9, kabupaten = $10, kecamatan = $11, kelurahan = $12,
            no_hp = $13, kode_pos = $14, email = $15, updated_at = now()
         WHERE id = $1",
        id,
        u.npwp,
        u.jenis_kelamin.as_str(),
        u.tanggal_lahir,
        u.pendidikan.as_str(),
        u.pekerjaan,
        u.jabatan,
        u.alamat,
        u.wilayah.provinsi,
        u.wilayah.kabupaten,
        u.wilayah.kecamatan,
        u.wilayah.kelurahan,
        u.no_hp,
        u.kode_pos,
        u.email,
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_password(
    db: impl PgExecutor<'_>,
    id: Uuid,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1",
        id,
        hash
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Accounts whose name, NIK or e-mail contains `part` (any case), by name, at most 200.
pub async fn search(db: &PgPool, part: &str) -> Result<Vec<UserSummary>, ApiError> {
    let pattern = format!("%{part}%");
    let rows = sqlx::query!(
        "SELECT id, nik, nama, email, role, blocked_reason FROM users
         WHERE nama ILIKE $1 OR nik LIKE $1 OR email ILIKE $1 ORDER BY nama LIMIT 200",
        pattern
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(UserSummary {
                id: r.id.to_string(),
                nik: r.nik,
                nama: r.nama,
                email: r.email,
                role: Role::parse(&r.role)?,
                blocked: r.blocked_reason.is_some(),
                blocked_reason: r.blocked_reason,
            })
        })
        .collect())
}

/// The admin's view of account `id`; none when there is no such account.
pub async fn summary(db: &PgPool, id: Uuid) -> Result<Option<UserSummary>, ApiError> {
    let Some(r) = sqlx::query!(
        "SELECT nik, nama, email, role, blocked_reason FROM users WHERE id = $1",
        id
    )
    .fetch_optional(db)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(UserSummary {
        id: id.to_string(),
        nik: r.nik,
        nama: r.nama,
        email: r.email,
        role: Role::parse(&r.role).ok_or_else(|| anyhow::anyhow!("role {}", r.role))?,
        blocked: r.blocked_reason.is_some(),
        blocked_reason: r.blocked_reason,
    }))
}

/// Blocks account `id` with `reason`, or unblocks it (none); false when there is no such
/// account.
pub async fn set_blocked(
    db: impl PgExecutor<'_>,
    id: Uuid,
    reason: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "UPDATE users SET blocked_reason = $2, updated_at = now() WHERE id = $1",
        id,
        reason as Option<&str>,
    )
    .execute(db)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Gives account `id` `role`; false when there is no such account.
pub async fn set_role(db: impl PgExecutor<'_>, id: Uuid, role: Role) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "UPDATE users SET role = $2, updated_at = now() WHERE id = $1",
        id,
        role.as_str()
    )
    .execute(db)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Maps a unique violation on `users` to the guide's "already registered" messages.
pub fn unique_violation(e: &sqlx::Error, nik: &str, email: &str) -> Option<ApiError> {
    let db = e.as_database_error()?;
    if !db.is_unique_violation() {
        return None;
    }
    match db.constraint() {
        Some("users_nik_key") => Some(ApiError::Conflict {
            code: "nik_taken",
            message: eptsp_core::messages::nik_taken(nik),
            field: "nik",
        }),
        Some("users_email_key") => Some(ApiError::Conflict {
            code: "email_taken",
            message: eptsp_core::messages::email_taken(email),
            field: "email",
        }),
        _ => None,
    }
}
