//! SQL of the office's archive: every application received, with its permit once issued,
//! searched by what an officer knows of it (a resi, a permit number, a name, a NIK or NIB)
//! and narrowed by permit type, status and the days it was sent.

use eptsp_core::archive::{ARCHIVE_PAGE_SIZE, ArchiveEntry, ArchivePage, ArchiveQuery};
use eptsp_core::calendar::format_date;
use eptsp_core::lifecycle::Status;
use eptsp_core::search::{contains_pattern, pages_of};
use sqlx::PgPool;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::filters::{given, period};

/// The filters of an [`ArchiveQuery`], checked and in the shape the SQL takes.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The text searched for, compact, when it is a resi.
    resi: Option<String>,
    /// A pattern over the permit number, the applicant's name and NIK, the company's NIB.
    text: Option<String>,
    permit_type: Option<String>,
    status: Option<&'static str>,
    /// Sent from this instant (a day's first moment in WITA).
    from: Option<OffsetDateTime>,
    /// Sent before this instant (the first moment after the last day).
    until: Option<OffsetDateTime>,
}

impl Filter {
    /// Checks `q`: a day must be YYYY-MM-DD, and the period must not end before it starts.
    pub fn new(q: &ArchiveQuery) -> ApiResult<Filter> {
        let (from, until) = period(q.from.as_ref(), q.to.as_ref())?;
        let text = given(q.q.as_ref());
        Ok(Filter {
            resi: text
                .and_then(|t| eptsp_core::resi::Resi::parse(t).ok())
                .map(|r| r.as_str().to_owned()),
            text: text.map(contains_pattern),
            permit_type: given(q.permit_type_id.as_ref()).map(str::to_owned),
            status: q.status.map(Status::as_str),
            from,
            until,
        })
    }
}

fn resi_display(stored: &str) -> String {
    eptsp_core::resi::Resi::parse(stored).map_or_else(|_| stored.to_owned(), |r| r.to_string())
}

struct Row {
    id: Uuid,
    resi: String,
    jenis_izin: String,
    kind: String,
    status: String,
    pemohon: String,
    nik: String,
    nib: Option<String>,
    submitted_at: OffsetDateTime,
    nomor: Option<String>,
    issued_on: Option<time::Date>,
    valid_until: Option<time::Date>,
    revoked: bool,
    renews: Option<String>,
    renewed_by: Option<String>,
}

impl Row {
    fn entry(self) -> ApiResult<ArchiveEntry> {
        Ok(ArchiveEntry {
            id: self.id.to_string(),
            resi: resi_display(&self.resi),
            jenis_izin: self.jenis_izin,
            kind: self.kind,
            status: Status::parse(&self.status)
                .ok_or_else(|| anyhow::anyhow!("status {}", self.status))?,
            pemohon: self.pemohon,
            nik: self.nik,
            nib: self.nib.filter(|n| !n.is_empty()),
            submitted_at: self
                .submitted_at
                .format(&Rfc3339)
                .map_err(anyhow::Error::from)?,
            nomor: self.nomor,
            issued_on: self.issued_on.map(format_date),
            valid_until: self.valid_until.map(format_date),
            revoked: self.revoked,
            renews: self.renews,
            renewed_by: self.renewed_by.map(|r| resi_display(&r)),
        })
    }
}

/// How many applications match `f`.
pub async fn count(db: &PgPool, f: &Filter) -> ApiResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM applications a
           JOIN users u ON u.id = a.user_id
           LEFT JOIN permits p ON p.application_id = a.id
           WHERE ($2::text IS NULL OR a.resi = $1 OR p.nomor ILIKE $2 OR u.nama ILIKE $2
                  OR u.nik LIKE $2 OR a.data->'perusahaan'->>'nib' LIKE $2)
             AND ($3::text IS NULL OR a.permit_type_id = $3)
             AND ($4::text IS NULL OR a.status = $4)
             AND ($5::timestamptz IS NULL OR a.submitted_at >= $5)
             AND ($6::timestamptz IS NULL OR a.submitted_at < $6)"#,
        f.resi,
        f.text,
        f.permit_type,
        f.status,
        f.from,
        f.until
    )
    .fetch_one(db)
    .await?)
}

/// The applications that match `f`, the newest first: `limit` of them after `offset`.
pub async fn rows(
    db: &PgPool,
    f: &Filter,
    offset: i64,
    limit: i64,
) -> ApiResult<Vec<ArchiveEntry>> {
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT a.id, a.resi, t.name AS jenis_izin, a.kind, a.status, u.nama AS pemohon, u.nik,
                  a.data->'perusahaan'->>'nib' AS "nib?", a.submitted_at,
                  p.nomor AS "nomor?", p.issued_on AS "issued_on?", p.valid_until AS "valid_until?",
                  p.revoked_at IS NOT NULL AS "revoked!", rp.nomor AS "renews?",
                  (SELECT r.resi FROM applications r WHERE r.renews = a.id
                   ORDER BY r.submitted_at DESC LIMIT 1) AS "renewed_by?"
           FROM applications a
           JOIN permit_types t ON t.id = a.permit_type_id
           JOIN users u ON u.id = a.user_id
           LEFT JOIN permits p ON p.application_id = a.id
           LEFT JOIN permits rp ON rp.application_id = a.renews
           WHERE ($2::text IS NULL OR a.resi = $1 OR p.nomor ILIKE $2 OR u.nama ILIKE $2
                  OR u.nik LIKE $2 OR a.data->'perusahaan'->>'nib' LIKE $2)
             AND ($3::text IS NULL OR a.permit_type_id = $3)
             AND ($4::text IS NULL OR a.status = $4)
             AND ($5::timestamptz IS NULL OR a.submitted_at >= $5)
             AND ($6::timestamptz IS NULL OR a.submitted_at < $6)
           ORDER BY a.submitted_at DESC, a.id DESC OFFSET $7 LIMIT $8"#,
        f.resi,
        f.text,
        f.permit_type,
        f.status,
        f.from,
        f.until,
        offset,
        limit
    )
    .fetch_all(db)
    .await?;
    rows.into_iter().map(Row::entry).collect()
}

/// Page `page` (from 1; past the last, the last) of the applications that match `f`.
pub async fn page(db: &PgPool, f: &Filter, page: i64) -> ApiResult<ArchivePage> {
    let total = count(db, f).await?;
    let pages = pages_of(total, ARCHIVE_PAGE_SIZE);
    let page = page.clamp(1, pages);
    let items = rows(db, f, (page - 1) * ARCHIVE_PAGE_SIZE, ARCHIVE_PAGE_SIZE).await?;
    Ok(ArchivePage {
        items,
        page,
        pages,
        total,
    })
}
