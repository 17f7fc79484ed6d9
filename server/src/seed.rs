//! Demo accounts, one per role, for a development or demonstration server. Idempotent:
//! an existing account keeps its data and gets the demo password back.

use eptsp_core::Role;
use eptsp_core::api::{JenisKelamin, Pendidikan, RegionCodes, ValidRegistration};
use sqlx::PgPool;

use crate::auth::password;

pub struct DemoAccount {
    pub role: Role,
    pub nik: &'static str,
    pub nama: &'static str,
    pub email: &'static str,
    pub password: &'static str,
}

pub const DEMO_ACCOUNTS: [DemoAccount; 4] = [
    DemoAccount {
        role: Role::Pemohon,
        nik: "6472011505900001",
        nama: "Budi Santoso",
        email: "pemohon@dpmptsp.test",
        password: "Pemohon2026",
    },
    DemoAccount {
        role: Role::Verifikator,
        nik: "6472014203850002",
        nama: "Siti Rahmawati, S.H.",
        email: "verifikator@dpmptsp.test",
        password: "Verifikator2026",
    },
    DemoAccount {
        role: Role::Penandatangan,
        nik: "6472011008750003",
        nama: "Dr. H. Ahmad Fauzi, M.Si.",
        email: "penandatangan@dpmptsp.test",
        password: "Kepala2026",
    },
    DemoAccount {
        role: Role::Admin,
        nik: "6472012512800004",
        nama: "Admin Helpdesk",
        email: "admin@dpmptsp.test",
        password: "Admin2026",
    },
];

pub async fn seed_demo(db: &PgPool) -> anyhow::Result<()> {
    for a in &DEMO_ACCOUNTS {
        account(db, a).await?;
    }
    Ok(())
}

/// Creates the account `a` (its birth date and gender taken from the NIK), or gives an
/// existing one its password back; returns its id. Also for tests that need many.
pub async fn account(db: &PgPool, a: &DemoAccount) -> anyhow::Result<uuid::Uuid> {
    {
        let nik = eptsp_core::validate::nik(a.nik)
            .map_err(|e| anyhow::anyhow!("demo NIK {}: {e}", a.nik))?;
        let (d, m) = (&a.nik[6..8], &a.nik[8..10]);
        let day: u8 = d.parse::<u8>()? % 40;
        let year = 1900 + i32::from(a.nik[10..12].parse::<u8>()?);
        let born = time::Date::from_calendar_date(year, m.parse::<u8>()?.try_into()?, day)?;
        debug_assert!(nik.matches_birth_date(born));
        let reg = ValidRegistration {
            nik: a.nik.to_owned(),
            npwp: None,
            nama: a.nama.to_owned(),
            jenis_kelamin: match nik.gender() {
                eptsp_core::validate::Gender::Male => JenisKelamin::LakiLaki,
                eptsp_core::validate::Gender::Female => JenisKelamin::Perempuan,
            },
            tanggal_lahir: born,
            pendidikan: Pendidikan::S1,
            alamat: "Jl. Basuki Rahmat No. 55".to_owned(),
            wilayah: RegionCodes {
                provinsi: "64".into(),
                kabupaten: "64.72".into(),
                kecamatan: "64.72.01".into(),
                kelurahan: "64.72.01.1001".into(),
            },
            no_hp: "081234567890".to_owned(),
            kode_pos: "75121".to_owned(),
            email: a.email.to_owned(),
        };
        let hash = password::hash(a.password.to_owned()).await?;
        let existing: Option<uuid::Uuid> =
            sqlx::query_scalar("SELECT id FROM users WHERE nik = $1")
                .bind(a.nik)
                .fetch_optional(db)
                .await?;
        match existing {
            Some(id) => {
                crate::users::set_password(db, id, &hash).await?;
                Ok(id)
            }
            None => Ok(crate::users::insert(db, &reg, &hash, a.role).await?),
        }
    }
}
