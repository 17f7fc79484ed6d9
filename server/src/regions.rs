//! Provinsi → Kab/Kota → Kecamatan → Kelurahan with Kemendagri codes, loaded from the
//! `idn-area-data` CSVs shipped in `server/data/idn-area` and served to the desktop.

use std::io::Read;

use eptsp_core::api::{Region, RegionCodes, RegionNames};
use sqlx::PgPool;

use crate::error::ApiError;

const FILES: [(&str, i16, &[u8]); 4] = [
    (
        "provinces",
        1,
        include_bytes!("../data/idn-area/provinces.csv.gz"),
    ),
    (
        "regencies",
        2,
        include_bytes!("../data/idn-area/regencies.csv.gz"),
    ),
    (
        "districts",
        3,
        include_bytes!("../data/idn-area/districts.csv.gz"),
    ),
    (
        "villages",
        4,
        include_bytes!("../data/idn-area/villages.csv.gz"),
    ),
];

struct Row {
    code: String,
    parent: Option<String>,
    name: String,
}

fn parse(gz: &[u8], level: i16) -> anyhow::Result<Vec<Row>> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(gz).read_to_string(&mut text)?;
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec?;
        let row = if level == 1 {
            Row {
                code: rec[0].to_owned(),
                parent: None,
                name: rec[1].to_owned(),
            }
        } else {
            Row {
                code: rec[0].to_owned(),
                parent: Some(rec[1].to_owned()),
                name: rec[2].to_owned(),
            }
        };
        rows.push(row);
    }
    Ok(rows)
}

/// Loads every level when the table does not hold them all yet; a no-op afterwards.
/// Returns the number of regions in the table.
pub async fn ensure_loaded(db: &PgPool) -> anyhow::Result<i64> {
    let levels: Vec<(i16, Vec<Row>)> = FILES
        .iter()
        .map(|(_, level, gz)| Ok((*level, parse(gz, *level)?)))
        .collect::<anyhow::Result<_>>()?;
    let expected: i64 = levels.iter().map(|(_, r)| r.len() as i64).sum();
    let have = sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM regions"#)
        .fetch_one(db)
        .await?;
    if have >= expected {
        return Ok(have);
    }
    let mut tx = db.begin().await?;
    for (level, rows) in &levels {
        for chunk in rows.chunks(5000) {
            let codes: Vec<&str> = chunk.iter().map(|r| r.code.as_str()).collect();
            let parents: Vec<Option<&str>> = chunk.iter().map(|r| r.parent.as_deref()).collect();
            let names: Vec<&str> = chunk.iter().map(|r| r.name.as_str()).collect();
            sqlx::query!(
                "INSERT INTO regions (code, parent_code, level, name)
                 SELECT c, p, $4, n FROM UNNEST($1::text[], $2::text[], $3::text[]) AS t(c, p, n)
                 ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, parent_code = EXCLUDED.parent_code",
                &codes[..] as &[&str],
                &parents[..] as &[Option<&str>],
                &names[..] as &[&str],
                level,
            )
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(expected)
}

pub async fn provinces(db: &PgPool) -> Result<Vec<Region>, ApiError> {
    children_of(db, None).await
}

pub async fn children_of(db: &PgPool, parent: Option<&str>) -> Result<Vec<Region>, ApiError> {
    let rows = sqlx::query!(
        "SELECT code, name FROM regions
         WHERE ($1::text IS NULL AND parent_code IS NULL) OR parent_code = $1 ORDER BY name",
        parent as Option<&str>,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Region {
            code: r.code,
            name: r.name,
        })
        .collect())
}

/// The names of an address's four levels, or `None` unless each code exists and is the
/// child of the one before.
pub async fn resolve(db: &PgPool, w: &RegionCodes) -> Result<Option<RegionNames>, ApiError> {
    let codes = [
        w.provinsi.as_str(),
        w.kabupaten.as_str(),
        w.kecamatan.as_str(),
        w.kelurahan.as_str(),
    ];
    let rows: Vec<(String, Option<String>, String)> = sqlx::query!(
        "SELECT code, parent_code, name FROM regions WHERE code = ANY($1)",
        &codes[..] as &[&str]
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.code, r.parent_code, r.name))
    .collect();
    let find = |code: &str, parent: Option<&str>| {
        rows.iter()
            .find(|(c, p, _)| c == code && p.as_deref() == parent)
            .map(|(_, _, n)| n.clone())
    };
    Ok((|| {
        Some(RegionNames {
            provinsi: find(&w.provinsi, None)?,
            kabupaten: find(&w.kabupaten, Some(&w.provinsi))?,
            kecamatan: find(&w.kecamatan, Some(&w.kabupaten))?,
            kelurahan: find(&w.kelurahan, Some(&w.kecamatan))?,
        })
    })())
}
