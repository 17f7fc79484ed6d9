//! Issued permits written straight into the database, for the public lookups' tests and
//! benchmark: what the office's flow leaves behind, without the flow.

use eptsp_core::izin::{IzinContent, SignedIzin, encode_signature, qr_payload};
use eptsp_core::resi::Resi;
use sqlx::PgPool;
use uuid::Uuid;

use crate::signing::{Ed25519Signer, Signer};

/// One application written by [`issued_permits`].
#[derive(Debug, Clone)]
pub struct Seeded {
    pub id: Uuid,
    /// The applicant (one for all).
    pub user: Uuid,
    pub resi: Resi,
    /// The permit page as its QR code opens it: `/v/{id}?d=…&s=…`.
    pub page: String,
}

/// Adds `n` applications of one applicant, each with three tracking steps and a permit
/// signed with the development key.
pub async fn issued_permits(db: &PgPool, n: usize) -> anyhow::Result<Vec<Seeded>> {
    let signer = Ed25519Signer::development();
    let user = Uuid::new_v4();
    let nik = format!("6472{:012}", user.as_u128() % 1_000_000_000_000);
    sqlx::query(
        "INSERT INTO users (id, nik, nama, jenis_kelamin, tanggal_lahir, pendidikan, alamat,
             provinsi, kabupaten, kecamatan, kelurahan, no_hp, kode_pos, email, password_hash, role)
         VALUES ($1, $2, 'Budi Santoso', 'L', '1990-01-01', 'S1', 'Jl. Juanda 1',
             '64', '64.72', '64.72.01', '64.72.01.1001', '081234567890', '75117', $3, '-', 'pemohon')",
    )
    .bind(user)
    .bind(&nik)
    .bind(format!("{user}@bench.invalid"))
    .execute(db)
    .await?;
    let (kind, name): (String, String) =
        sqlx::query_as("SELECT id, name FROM permit_types ORDER BY sort LIMIT 1")
            .fetch_one(db)
            .await?;
    let mut seeded = Vec::with_capacity(n);
    for i in 0..n {
        let id = Uuid::new_v4();
        let resi = Resi::from_random(id.as_u128() as u64 >> 14);
        let mut tx = db.begin().await?;
        sqlx::query(
            "INSERT INTO applications (id, user_id, resi, permit_type_id, kind, data, status)
             VALUES ($1, $2, $3, $4, 'baru', '{}', 'selesai')",
        )
        .bind(id)
        .bind(user)
        .bind(resi.as_str())
        .bind(&kind)
        .execute(&mut *tx)
        .await?;
        for (status, note) in [
            ("diajukan", "Permohonan diterima"),
            ("verifikasi", "Berkas sedang diperiksa"),
            ("selesai", "Izin terbit"),
        ] {
            sqlx::query("INSERT INTO tracking (application_id, status, note) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(status)
                .bind(note)
                .execute(&mut *tx)
                .await?;
        }
        let content = IzinContent {
            nomor: format!("503/{i:05}/BENCH/2026"),
            application_id: id.to_string(),
            resi: resi.to_string(),
            pemegang: "Budi Santoso".to_owned(),
            perusahaan: String::new(),
            jenis_izin: name.clone(),
            permit_type_id: kind.clone(),
            jenis_permohonan: "Baru".to_owned(),
            lokasi: "Jl. Juanda 1, Air Hitam, Samarinda Ulu, Kota Samarinda".to_owned(),
            lintang: "-0.4948".to_owned(),
            bujur: "117.1436".to_owned(),
            poligon: String::new(),
            rincian: Vec::new(),
            terbit: "1 Desember 2026".to_owned(),
            berlaku_sampai: "1 Desember 2031".to_owned(),
            penandatangan: "Kepala Dinas".to_owned(),
            jabatan: "Kepala DPMPTSP".to_owned(),
            key_id: signer.key_id().to_owned(),
            verifikasi_url: "http://127.0.0.1".to_owned(),
        };
        let canonical = content.canonical();
        let signature = encode_signature(&signer.sign(&canonical));
        sqlx::query(
            "INSERT INTO permits (application_id, nomor, content, signature, key_id, signed_by, issued_on, valid_until)
             VALUES ($1, $2, $3, $4, $5, $6, CURRENT_DATE, CURRENT_DATE + 1826)",
        )
        .bind(id)
        .bind(&content.nomor)
        .bind(String::from_utf8(canonical)?)
        .bind(&signature)
        .bind(signer.key_id())
        .bind(user)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        let qr = qr_payload(&SignedIzin { signature, content });
        seeded.push(Seeded {
            id,
            user,
            page: qr[qr.find("/v/").unwrap_or(0)..].to_owned(),
            resi,
        });
    }
    Ok(seeded)
}
