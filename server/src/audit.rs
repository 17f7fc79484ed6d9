//! SQL of the audit log: rows are written by `lifecycle::audit` (inside the transaction of
//! what they record) or [`record`] (for a read, such as a download), and read here by the
//! admin's filters. The database refuses any UPDATE, DELETE or TRUNCATE of the table
//! (migration 0024).

use eptsp_core::audit::{AUDIT_PAGE_SIZE, AuditEntry, AuditQuery, audit_pages};
use eptsp_core::search::contains_pattern;
use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::filters::{given, period};

/// The filters of an [`AuditQuery`], checked and in the shape the SQL takes.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// A pattern over the actor's name, NIK and e-mail.
    actor: Option<String>,
    action: Option<String>,
    /// A resi, compact, when the object is one.
    resi: Option<String>,
    /// A pattern over the detail's text.
    detail: Option<String>,
    /// From this instant (a day's first moment in WITA).
    from: Option<OffsetDateTime>,
    /// Before this instant (the first moment after the last day).
    until: Option<OffsetDateTime>,
}

impl Filter {
    /// Checks `q`: a day must be YYYY-MM-DD, and the period must not end before it starts.
    pub fn new(q: &AuditQuery) -> ApiResult<Filter> {
        let (from, until) = period(q.from.as_ref(), q.to.as_ref())?;
        let object = given(q.object.as_ref());
        Ok(Filter {
            actor: given(q.actor.as_ref()).map(contains_pattern),
            action: given(q.action.as_ref()).map(str::to_owned),
            resi: object
                .and_then(|o| eptsp_core::resi::Resi::parse(o).ok())
                .map(|r| r.as_str().to_owned()),
            detail: object.map(contains_pattern),
            from,
            until,
        })
    }
}

struct Row {
    id: i64,
    at: OffsetDateTime,
    actor_id: Uuid,
    actor: String,
    actor_email: String,
    action: String,
    resi: Option<String>,
    account: Option<String>,
    detail: String,
}

impl Row {
    fn entry(self) -> ApiResult<AuditEntry> {
        Ok(AuditEntry {
            id: self.id,
            at: self
                .at
                .format(&time::format_description::well_known::Rfc3339)
                .map_err(anyhow::Error::from)?,
            actor_id: self.actor_id.to_string(),
            actor: self.actor,
            actor_email: self.actor_email,
            label: eptsp_core::audit::action_label(&self.action).to_owned(),
            action: self.action,
            resi: self
                .resi
                .map(|r| eptsp_core::resi::Resi::parse(&r).map_or(r, |x| x.to_string())),
            account: self.account,
            detail: self.detail,
        })
    }
}

/// How many rows match `f`.
pub async fn count(db: &PgPool, f: &Filter) -> ApiResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM audit_log l
           JOIN users u ON u.id = l.actor
           LEFT JOIN applications a ON a.id = l.application_id
           LEFT JOIN users s ON s.id = (l.detail->>'user')::uuid
           WHERE ($1::text IS NULL OR u.nama ILIKE $1 OR u.nik LIKE $1 OR u.email ILIKE $1)
             AND ($2::text IS NULL OR l.action = $2)
             AND ($4::text IS NULL OR a.resi = $3 OR s.nama ILIKE $4
                  OR l.detail::text ILIKE $4)
             AND ($5::timestamptz IS NULL OR l.at >= $5)
             AND ($6::timestamptz IS NULL OR l.at < $6)"#,
        f.actor,
        f.action,
        f.resi,
        f.detail,
        f.from,
        f.until
    )
    .fetch_one(db)
    .await?)
}

/// The rows that match `f`, newest first: `limit` of them after skipping `offset`.
pub async fn rows(db: &PgPool, f: &Filter, offset: i64, limit: i64) -> ApiResult<Vec<AuditEntry>> {
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT l.id, l.at, u.id AS actor_id, u.nama AS actor, u.email AS actor_email,
                  l.action, a.resi AS "resi?", s.nama AS "account?",
                  l.detail::text AS "detail!"
           FROM audit_log l
           JOIN users u ON u.id = l.actor
           LEFT JOIN applications a ON a.id = l.application_id
           LEFT JOIN users s ON s.id = (l.detail->>'user')::uuid
           WHERE ($1::text IS NULL OR u.nama ILIKE $1 OR u.nik LIKE $1 OR u.email ILIKE $1)
             AND ($2::text IS NULL OR l.action = $2)
             AND ($4::text IS NULL OR a.resi = $3 OR s.nama ILIKE $4
                  OR l.detail::text ILIKE $4)
             AND ($5::timestamptz IS NULL OR l.at >= $5)
             AND ($6::timestamptz IS NULL OR l.at < $6)
           ORDER BY l.id DESC OFFSET $7 LIMIT $8"#,
        f.actor,
        f.action,
        f.resi,
        f.detail,
        f.from,
        f.until,
        offset,
        limit
    )
    .fetch_all(db)
    .await?;
    rows.into_iter().map(Row::entry).collect()
}

/// Page `page` (from 1; past the last, the last) of the rows that match `f`.
pub async fn page(db: &PgPool, f: &Filter, page: i64) -> ApiResult<eptsp_core::audit::AuditPage> {
    let total = count(db, f).await?;
    let pages = audit_pages(total);
    let page = page.clamp(1, pages);
    let items = rows(db, f, (page - 1) * AUDIT_PAGE_SIZE, AUDIT_PAGE_SIZE).await?;
    Ok(eptsp_core::audit::AuditPage {
        items,
        page,
        pages,
        total,
    })
}

/// Records `action` by `actor` outside any other transaction: for what only reads (a
/// dossier opened, a file downloaded), which has nothing of its own to commit with.
pub async fn record(
    db: &PgPool,
    actor: Uuid,
    action: &str,
    application: Option<Uuid>,
    detail: serde_json::Value,
) -> ApiResult<()> {
    let mut tx = db.begin().await?;
    crate::lifecycle::audit(&mut tx, actor, action, application, detail).await?;
    tx.commit().await?;
    Ok(())
}
