//! The sync worker's work: send each queued draft — upload the files the server does not
//! have yet, resuming from the offset it reports, then submit with the application id as
//! the idempotency key — then the decisions and chat messages typed here, then pull the
//! feeds from their cursors. What each answer means is decided once, in [`crate::plan`]:
//! trouble worth retrying waits with jittered backoff, a refusal goes back to the draft
//! (editable, with the office's message), and an ended session keeps the queue and asks
//! the user to sign in again.

use eptsp_core::chat::MessagesQuery;
use eptsp_core::endpoint::{NoBody, NoQuery};
use eptsp_core::endpoints as e;
use eptsp_core::office::InboxQuery;
use eptsp_core::submission::ChangesQuery;
use std::io::{Read, Seek, SeekFrom};

use eptsp_core::submission::{SubmitRequest, SubmittedFile, UploadStart, UploadStatus};
use serde::Serialize;
use ts_rs::TS;

use crate::account::Account;
use crate::backend::Backend;
use crate::client::{ApiClient, ClientError};
use crate::plan::Next;
use crate::store::office;
use crate::store::outbox::{self, LocalApplication, OutboxItem};
use crate::store::{self, StoreError};

/// Days before a permit expires when the applicant is reminded.
pub const REMIND_DAYS: i64 = 30;

/// Bytes per upload request.
pub const CHUNK_BYTES: usize = 4 * 1024 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SyncReport {
    /// Resi of the applications the office received in this run.
    pub received: Vec<String>,
    pub refused: Vec<String>,
    pub pending: usize,
    /// Status changes pulled from the office (beyond the receipt itself).
    pub updates: Vec<eptsp_core::submission::Change>,
    /// Decisions from this workstation the office applied (the status each led to).
    pub decided: Vec<String>,
    /// Revisions the office received (resi).
    pub revised: Vec<String>,
    /// Permits about to expire: (number, last valid day).
    pub reminders: Vec<(String, String)>,
    /// New messages in the inbox.
    pub messages: usize,
    /// New chat messages.
    pub chat: usize,
    /// The session ended on the server: what waits stays queued until the user signs in.
    pub sign_in: bool,
    /// Something could not be done now for a passing reason (a feed not pulled, a chat
    /// message not sent): the worker tries again with backoff.
    pub deferred: bool,
}

impl SyncReport {
    /// Adds what `other` sent (received, refused, revised, decided) to this report's.
    pub fn add_sent(&mut self, other: &SyncReport) {
        self.received.extend(other.received.iter().cloned());
        self.refused.extend(other.refused.iter().cloned());
        self.revised.extend(other.revised.iter().cloned());
        self.decided.extend(other.decided.iter().cloned());
    }
}

/// Which feeds a pass pulls: all of them (start, reconnection, the fallback pull with the
/// live channel down) or the ones a push named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pulls {
    pub changes: bool,
    pub inbox: bool,
    pub chat: bool,
}

impl Pulls {
    pub const ALL: Pulls = Pulls {
        changes: true,
        inbox: true,
        chat: true,
    };
    pub const NONE: Pulls = Pulls {
        changes: false,
        inbox: false,
        chat: false,
    };
}

/// A pull that stopped: `Err(true)` when the session ended.
type Pulled<T> = Result<T, PullStop>;

#[derive(Debug)]
pub enum PullStop {
    SessionEnded,
    Store(StoreError),
}

impl From<StoreError> for PullStop {
    fn from(e: StoreError) -> Self {
        PullStop::Store(e)
    }
}

impl From<sqlx::Error> for PullStop {
    fn from(e: sqlx::Error) -> Self {
        PullStop::Store(e.into())
    }
}

/// A failed pull: an ended session stops the pass; anything else is noted in `later`
/// and tried again with backoff (the cursor has not moved).
fn pull_failed(e: &ClientError, later: &mut bool) -> Option<PullStop> {
    *later = true;
    e.is_unauthorized().then_some(PullStop::SessionEnded)
}

/// Pulls the tracking entries since the cursor; returns the ones that are news to the
/// applicant (a receipt the desktop itself caused is not).
pub async fn pull(
    b: &Backend,
    a: &Account,
    later: &mut bool,
) -> Pulled<Vec<eptsp_core::submission::Change>> {
    let Some(session) = store::session::load(&a.store).await? else {
        return Ok(Vec::new());
    };
    let mut news = Vec::new();
    // Left from an earlier pass (what still fails waits; the changes are pulled anyway).
    refresh(b, a, &session.token, later).await?;
    loop {
        let since = outbox::tracking_cursor(&a.store).await?;
        let page = match b
            .api
            .get::<e::ChangesSince>(Some(&session.token), (), &ChangesQuery { since })
            .await
        {
            Ok(page) => page,
            Err(e) => return pull_failed(&e, later).map_or(Ok(news), Err),
        };
        if page.changes.is_empty() {
            return Ok(news);
        }
        let fresh = outbox::apply_changes(&a.store, &page.changes, page.cursor).await?;
        refresh(b, a, &session.token, later).await?;
        news.extend(fresh.into_iter().filter(|c| c.status != "diajukan"));
    }
}

/// Fetches what the office now says about each application that moved (version, notes,
/// expected completion) and the permits once one is issued or revoked: what
/// `apply_changes` marked, including what an earlier pass could not fetch.
async fn refresh(b: &Backend, a: &Account, token: &str, later: &mut bool) -> Pulled<()> {
    let (ids, permits) = outbox::to_refresh(&a.store).await?;
    for id in ids {
        match b
            .api
            .get::<e::Application>(Some(token), id.clone(), &NoQuery {})
            .await
            .map_err(Failure::from)
        {
            Ok(view) => office::save_detail(&a.store, &view).await?,
            // Not (or no longer) the caller's to see: nothing to fetch.
            Err(Failure::Refused(_)) => {}
            Err(Failure::SignIn) => return Err(PullStop::SessionEnded),
            Err(Failure::Store(e)) => return Err(e.into()),
            Err(Failure::Retry { .. }) => {
                *later = true;
                return Ok(());
            }
        }
        outbox::refreshed_detail(&a.store, &id).await?;
    }
    if permits {
        match b
            .api
            .get::<e::Permits>(Some(token), (), &NoQuery {})
            .await
            .map_err(Failure::from)
        {
            Ok(list) => {
                office::save_permits(&a.store, &list).await?;
                outbox::refreshed_permits(&a.store).await?;
            }
            Err(Failure::Refused(_)) => outbox::refreshed_permits(&a.store).await?,
            Err(Failure::SignIn) => return Err(PullStop::SessionEnded),
            Err(Failure::Store(e)) => return Err(e.into()),
            Err(Failure::Retry { .. }) => *later = true,
        }
    }
    Ok(())
}

/// Pulls new inbox messages and tells the server of messages read here; returns how
/// many messages were new.
pub async fn pull_inbox(b: &Backend, a: &Account, later: &mut bool) -> Pulled<usize> {
    let Some(session) = store::session::load(&a.store).await? else {
        return Ok(0);
    };
    for id in store::inbox::pending_reads(&a.store).await? {
        match b
            .api
            .send::<e::InboxRead>(Some(&session.token), id, &NoBody {})
            .await
        {
            Ok(_) | Err(ClientError::Api { status: 404, .. }) => {
                store::inbox::read_sent(&a.store, id).await?
            }
            Err(e) => match Failure::from(e) {
                Failure::SignIn => return Err(PullStop::SessionEnded),
                // Marked here, and refused there for good: nothing to retry.
                Failure::Refused(_) => store::inbox::read_sent(&a.store, id).await?,
                _ => break,
            },
        }
    }
    let mut fresh = 0;
    loop {
        let since = store::inbox::cursor(&a.store).await?;
        let page = match b
            .api
            .get::<e::Inbox>(Some(&session.token), (), &InboxQuery { since })
            .await
        {
            Ok(page) => page,
            Err(e) => return pull_failed(&e, later).map_or(Ok(fresh), Err),
        };
        if page.messages.is_empty() {
            return Ok(fresh);
        }
        fresh += store::inbox::apply(&a.store, &page.messages, page.cursor).await?;
    }
}

/// Sends the chat messages typed here, in the order they were typed (a file attached is
/// uploaded first, resumably), then catches up on the conversation. Returns how many
/// messages came in.
pub async fn sync_chat(b: &Backend, a: &Account) -> Pulled<usize> {
    send_chat(b, a, true, &mut false).await
}

/// [`sync_chat`], catching up only with `pull`; what could not go now is noted in `later`.
async fn send_chat(b: &Backend, a: &Account, pull: bool, later: &mut bool) -> Pulled<usize> {
    let Some(session) = store::session::load(&a.store).await? else {
        return Ok(0);
    };
    for q in store::chat::queued(&a.store).await? {
        let mut attachment = None;
        if let Some(fid) = &q.file_id {
            let row: Option<(String, i64, String)> =
                sqlx::query_as("SELECT sha256, size, original_name FROM files WHERE id = ?")
                    .bind(fid)
                    .fetch_optional(&a.store.pool)
                    .await?;
            let Some((sha, size, name)) = row else {
                store::chat::failed(&a.store, &q.id, "File lampiran tidak ada lagi di File Saya")
                    .await?;
                continue;
            };
            let file = UploadStart {
                sha256: sha.clone(),
                size: size as u64,
                name: name.clone(),
            };
            let uploaded = async {
                let mut up = Upload::start(&b.api, &session.token, file, a.files.clone()).await?;
                while !up.step().await? {}
                Ok::<(), Failure>(())
            }
            .await;
            match uploaded {
                Ok(()) => {}
                Err(Failure::Store(e)) => return Err(e.into()),
                Err(Failure::SignIn) => return Err(PullStop::SessionEnded),
                // Later, in order: nothing typed after it goes first.
                Err(Failure::Retry { .. }) => {
                    *later = true;
                    break;
                }
                Err(Failure::Refused(reason)) => {
                    store::chat::failed(&a.store, &q.id, &reason).await?;
                    break;
                }
            }
            attachment = Some(eptsp_core::chat::ChatAttachment { sha256: sha, name });
        }
        let req = eptsp_core::chat::ChatSend {
            id: q.id.clone(),
            conversation: q.conversation.clone(),
            text: q.text.clone(),
            attachment,
        };
        match b
            .api
            .send::<e::ChatSendOne>(Some(&session.token), (), &req)
            .await
            .map_err(Failure::from)
        {
            Ok(m) => {
                store::chat::apply(&a.store, &[m], false).await?;
            }
            Err(Failure::Refused(reason)) => {
                store::chat::failed(&a.store, &q.id, &reason).await?;
                break;
            }
            Err(Failure::Retry { .. }) => {
                *later = true;
                break;
            }
            Err(Failure::SignIn) => return Err(PullStop::SessionEnded),
            Err(Failure::Store(e)) => return Err(e.into()),
        }
    }
    let mut fresh = 0;
    if !pull {
        return Ok(fresh);
    }
    loop {
        let since = store::chat::cursor(&a.store).await?;
        let list = match b
            .api
            .get::<e::ChatMessages>(
                Some(&session.token),
                (),
                &MessagesQuery {
                    since,
                    conversation: None,
                },
            )
            .await
        {
            Ok(list) => list,
            Err(e) => return pull_failed(&e, later).map_or(Ok(fresh), Err),
        };
        if list.is_empty() {
            return Ok(fresh);
        }
        fresh += store::chat::apply(&a.store, &list, true).await?;
    }
}

/// Sends the decisions made on this workstation, oldest first.
async fn send_decisions(
    b: &Backend,
    a: &Account,
    report: &mut SyncReport,
) -> Result<(), StoreError> {
    let due = office::due_decisions(&a.store).await?;
    if due.is_empty() {
        return Ok(());
    }
    let Some(session) = store::session::load(&a.store).await? else {
        return Ok(());
    };
    for d in due {
        match b
            .api
            .send::<e::Decide>(Some(&session.token), d.application_id.clone(), &d.request)
            .await
            .map_err(Failure::from)
        {
            Ok(r) => {
                let shas = office::decision_done(&a.store, &d.id, &d.application_id).await?;
                a.files.remove_unused(&a.store, &shas).await?;
                report.decided.push(r.status.label().to_owned());
            }
            Err(f) => match f.next(d.attempts)? {
                Next::Stopped(reason) => {
                    office::decision_refused(&a.store, &d.id, &reason).await?;
                    report.refused.push(reason);
                }
                Next::RetryIn { secs, reason } => {
                    office::decision_retry(&a.store, &d.id, &reason, secs as i64).await?;
                    report.pending += 1;
                }
                Next::SignIn => {
                    report.sign_in = true;
                    return Ok(());
                }
                Next::Done => {}
            },
        }
    }
    Ok(())
}

/// Live progress of the item being sent, for the UI's progress bar.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Progress {
    pub draft_id: String,
    #[ts(type = "number")]
    pub bytes_sent: i64,
    #[ts(type = "number")]
    pub bytes_total: i64,
    pub files_done: u32,
    pub files_total: u32,
}

/// Why one item did not go through.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Try again later: no network, server trouble.
    #[error("{reason}")]
    Retry {
        reason: String,
        retry_after_secs: Option<u64>,
    },
    /// The office will not take it as it is (the server's message, in Bahasa Indonesia).
    #[error("{0}")]
    Refused(String),
    /// The session ended on the server: the item stays queued until the user signs in.
    #[error("sign in again")]
    SignIn,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Failure {
    fn retry(reason: impl Into<String>) -> Failure {
        Failure::Retry {
            reason: reason.into(),
            retry_after_secs: None,
        }
    }
}

impl Failure {
    /// What becomes of an item tried `attempts` times that failed so (see [`crate::plan::after`]).
    fn next(self, attempts: i64) -> Result<crate::plan::Next, StoreError> {
        use crate::plan::Verdict;
        let verdict = match self {
            Failure::Retry {
                reason,
                retry_after_secs,
            } => Verdict::Retry {
                reason,
                retry_after_secs,
            },
            Failure::Refused(m) => Verdict::Stop(m),
            Failure::SignIn => Verdict::SignIn,
            Failure::Store(e) => return Err(e),
        };
        Ok(crate::plan::after(verdict, attempts, crate::plan::jitter()))
    }
}

impl From<ClientError> for Failure {
    fn from(e: ClientError) -> Self {
        use crate::plan::{Answer, Verdict};
        let answer = match e {
            ClientError::Api { status, body } => Answer::Status {
                status,
                message: body.message,
                retry_after_secs: body.retry_after_secs,
            },
            ClientError::Offline(_) => Answer::Offline,
            // Not the API answering (a proxy's page, a wrong address): not this content's fault.
            ClientError::Protocol(d) => return Failure::retry(d),
        };
        match crate::plan::classify(answer) {
            Verdict::Stop(m) => Failure::Refused(m),
            Verdict::Retry {
                reason,
                retry_after_secs,
            } => Failure::Retry {
                reason,
                retry_after_secs,
            },
            Verdict::SignIn => Failure::SignIn,
            Verdict::Done => Failure::retry("jawaban server tidak dikenali"),
        }
    }
}

/// The desktop notifications a sync pass calls for: (summary, body), in Bahasa Indonesia.
pub fn notifications(r: &SyncReport) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for resi in &r.received {
        out.push((
            "Permohonan terkirim".to_owned(),
            format!("Kantor DPMPTSP telah menerima permohonan Anda. Nomor resi: {resi}"),
        ));
    }
    for reason in &r.refused {
        out.push(("Permohonan belum dapat diterima".to_owned(), reason.clone()));
    }
    for resi in &r.revised {
        out.push((
            "Revisi terkirim".to_owned(),
            format!("Revisi permohonan {resi} diterima dan menunggu verifikasi ulang"),
        ));
    }
    if r.sign_in {
        out.push((
            "Sesi berakhir".to_owned(),
            "Silakan masuk kembali. Yang menunggu dikirim tetap tersimpan dan dikirim setelah Anda masuk."
                .to_owned(),
        ));
    }
    for (nomor, until) in &r.reminders {
        out.push((
            "Izin segera berakhir".to_owned(),
            format!(
                "Izin nomor {nomor} berlaku sampai {until}. Ajukan Perpanjangan sebelum masa berlakunya habis."
            ),
        ));
    }
    for c in &r.updates {
        out.push((
            format!(
                "Status permohonan {}: {}",
                c.resi,
                eptsp_core::submission::status_label(&c.status)
            ),
            c.note.clone(),
        ));
    }
    out
}

fn read_chunk(
    files: &crate::files::FileStore,
    sha256: &str,
    offset: u64,
    len: usize,
) -> std::io::Result<Vec<u8>> {
    let mut f = files.open(sha256)?;
    f.seek(SeekFrom::Start(offset))?;
    let mut buf = Vec::with_capacity(len);
    f.take(len as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

/// One file on its way to the office, resumable: it starts where the server says it
/// holds the file up to (nothing to send when the server has it whole), and each
/// [`Upload::step`] sends one chunk from there.
pub struct Upload<'a> {
    api: &'a ApiClient,
    token: &'a str,
    file: UploadStart,
    files: crate::files::FileStore,
    status: UploadStatus,
}

impl<'a> Upload<'a> {
    /// Asks the server how much of `file` it holds.
    pub async fn start(
        api: &'a ApiClient,
        token: &'a str,
        file: UploadStart,
        files: crate::files::FileStore,
    ) -> Result<Upload<'a>, Failure> {
        let status = api.send::<e::UploadBegin>(Some(token), (), &file).await?;
        Ok(Upload {
            api,
            token,
            file,
            files,
            status,
        })
    }

    /// Bytes the server holds.
    pub fn offset(&self) -> u64 {
        self.status.offset
    }

    pub fn complete(&self) -> bool {
        self.status.complete
    }

    /// Sends the next chunk; returns whether the server now holds the whole file.
    pub async fn step(&mut self) -> Result<bool, Failure> {
        if self.status.complete {
            return Ok(true);
        }
        let (files, sha, off) = (
            self.files.clone(),
            self.file.sha256.clone(),
            self.status.offset,
        );
        let chunk = tokio::task::spawn_blocking(move || read_chunk(&files, &sha, off, CHUNK_BYTES))
            .await
            .map_err(|e| Failure::retry(e.to_string()))?
            .map_err(|e| Failure::Refused(format!("File lampiran tidak dapat dibaca: {e}")))?;
        self.status = match self
            .api
            .upload_patch(self.token, &self.file.sha256, off, chunk)
            .await
        {
            Ok(s) => s,
            // Out of step (another attempt got further): ask where it stands.
            Err(ClientError::Api { status: 409, .. }) => {
                self.api
                    .send::<e::UploadBegin>(Some(self.token), (), &self.file)
                    .await?
            }
            Err(e) => return Err(e.into()),
        };
        Ok(self.status.complete)
    }
}

/// What reached the office.
enum Sent {
    Application(LocalApplication),
    /// A revision, of the application with this resi.
    Revision(String),
}

async fn send(b: &Backend, a: &Account, item: &OutboxItem) -> Result<Sent, Failure> {
    let session = store::session::load(&a.store)
        .await?
        .ok_or(Failure::SignIn)?;
    let draft = store::drafts::get(&a.store, &item.draft_id)
        .await?
        .ok_or_else(|| Failure::Refused("Draf permohonan tidak ditemukan".to_owned()))?;

    // The files behind the attachments, each once.
    let mut files: Vec<(String, i64, String)> = Vec::new();
    let mut submitted = Vec::new();
    for att in &draft.data.attachments {
        let row: Option<(String, i64, String)> =
            sqlx::query_as("SELECT sha256, size, original_name FROM files WHERE id = ?")
                .bind(&att.file_id)
                .fetch_optional(&a.store.pool)
                .await
                .map_err(StoreError::from)?;
        let (sha, size, name) = row.ok_or_else(|| {
            Failure::Refused("Dokumen lampiran tidak ada lagi di File Saya".to_owned())
        })?;
        submitted.push(SubmittedFile {
            requirement_id: att.requirement_id,
            sha256: sha.clone(),
        });
        if !files.iter().any(|(s, _, _)| *s == sha) {
            files.push((sha, size, name));
        }
    }
    let total: i64 = files.iter().map(|(_, s, _)| s).sum();
    let mut sent_before = 0i64;
    for (i, (sha, size, name)) in files.iter().enumerate() {
        let file = UploadStart {
            sha256: sha.clone(),
            size: *size as u64,
            name: name.clone(),
        };
        let mut up = Upload::start(&b.api, &session.token, file, a.files.clone()).await?;
        loop {
            let sent = sent_before + up.offset() as i64;
            b.publish_progress(Progress {
                draft_id: item.draft_id.clone(),
                bytes_sent: sent,
                bytes_total: total,
                files_done: i as u32,
                files_total: files.len() as u32,
            });
            outbox::progress(&a.store, &item.draft_id, sent, total).await?;
            if up.step().await? {
                break;
            }
        }
        sent_before += size;
        outbox::progress(&a.store, &item.draft_id, sent_before, total).await?;
    }
    b.publish_progress(Progress {
        draft_id: item.draft_id.clone(),
        bytes_sent: total,
        bytes_total: total,
        files_done: files.len() as u32,
        files_total: files.len() as u32,
    });

    if let Some(of) = &draft.revision_of {
        let req = eptsp_core::office::RevisionRequest {
            id: item.application_id.clone(),
            version: draft.revision_version.unwrap_or(1),
            data: draft.data.clone(),
            files: submitted,
        };
        let view = b
            .api
            .send::<e::Revise>(Some(&session.token), of.to_owned(), &req)
            .await?;
        outbox::revised(
            &a.store,
            &item.draft_id,
            &view,
            &serde_json::to_string(&draft.data).map_err(StoreError::from)?,
        )
        .await?;
        return Ok(Sent::Revision(view.resi));
    }
    let req = SubmitRequest {
        id: item.application_id.clone(),
        data: draft.data.clone(),
        files: submitted,
    };
    let r = b
        .api
        .send::<e::Submit>(Some(&session.token), (), &req)
        .await?;
    let app = LocalApplication {
        id: r.id,
        resi: r.resi,
        permit_type_id: r.permit_type_id,
        kind: r.kind.as_str().to_owned(),
        status: r.status,
        submitted_at: r.submitted_at,
    };
    outbox::received(
        &a.store,
        &item.draft_id,
        &app,
        &serde_json::to_string(&draft.data).map_err(StoreError::from)?,
    )
    .await?;
    // What the office expects (completion date); best effort, the pull brings it later.
    if let Ok(view) = b
        .api
        .get::<e::Application>(Some(&session.token), app.id.clone(), &NoQuery {})
        .await
    {
        office::save_detail(&a.store, &view).await?;
    }
    Ok(Sent::Application(app))
}

/// One full pass: everything waiting goes, every feed is pulled.
pub async fn run_once(b: &Backend, a: &Account) -> Result<SyncReport, StoreError> {
    run_pass(b, a, Pulls::ALL).await
}

/// One pass: the outbox, the decisions, the chat typed here, then the feeds `pulls` names.
/// Without a session nothing is sent or pulled (what waits stays queued).
pub async fn run_pass(b: &Backend, a: &Account, pulls: Pulls) -> Result<SyncReport, StoreError> {
    let mut report = SyncReport::default();
    if store::session::load(&a.store).await?.is_none() {
        return Ok(report);
    }
    for item in outbox::due(&a.store).await? {
        match send(b, a, &item).await {
            Ok(Sent::Application(app)) => {
                tracing::info!(resi = %app.resi, "application received by the office");
                report.received.push(app.resi);
            }
            Ok(Sent::Revision(resi)) => {
                tracing::info!(resi = %resi, "revision received by the office");
                report.revised.push(resi);
            }
            Err(f) => match f.next(item.attempts)? {
                Next::Stopped(reason) => {
                    outbox::refuse(&a.store, &item.draft_id, &reason).await?;
                    report.refused.push(reason);
                }
                Next::RetryIn { secs, reason } => {
                    outbox::retry_later(&a.store, &item.draft_id, &reason, secs as i64).await?;
                    report.pending += 1;
                }
                Next::SignIn => {
                    report.sign_in = true;
                    return Ok(report);
                }
                Next::Done => {}
            },
        }
    }
    send_decisions(b, a, &mut report).await?;
    if report.sign_in {
        return Ok(report);
    }
    // A feed that could not be pulled now is put back for the worker's next try.
    let pulled = async {
        let mut later = Pulls::NONE;
        if pulls.changes {
            report.updates = pull(b, a, &mut later.changes).await?;
        }
        if pulls.inbox {
            report.messages = pull_inbox(b, a, &mut later.inbox).await?;
        }
        report.chat = send_chat(b, a, pulls.chat, &mut later.chat).await?;
        if later != Pulls::NONE {
            report.deferred = true;
            // A chat message not sent is sent by any next pass; the chat is pulled again
            // only when this pass was to pull it.
            later.chat &= pulls.chat;
            b.defer(later);
        }
        Ok::<(), PullStop>(())
    }
    .await;
    match pulled {
        Ok(()) => {}
        Err(PullStop::SessionEnded) => {
            report.sign_in = true;
            return Ok(report);
        }
        Err(PullStop::Store(e)) => return Err(e),
    }
    report.reminders = office::due_reminders(&a.store, REMIND_DAYS)
        .await?
        .into_iter()
        .map(|p| (p.izin.content.nomor, p.izin.content.berlaku_sampai))
        .collect();
    Ok(report)
}

/// When the next item waiting for a retry is due (seconds from now; 0 when one is due
/// already), or `None` when nothing waits for a time.
pub async fn next_due_in(a: &Account) -> Result<Option<i64>, StoreError> {
    let next: Option<String> = sqlx::query_scalar(
        "SELECT min(t) FROM (SELECT next_attempt AS t FROM outbox WHERE state = 'queued'
                             UNION ALL SELECT next_attempt FROM decision_outbox WHERE state = 'queued')",
    )
    .fetch_one(&a.store.pool)
    .await?;
    let Some(next) = next else {
        return Ok(None);
    };
    // An unreadable time is due now rather than never; a part of a second counts whole
    // (a pass woken early finds nothing due and would only be woken again).
    let in_ms = time::OffsetDateTime::parse(&next, &time::format_description::well_known::Rfc3339)
        .map_or(0, |at| {
            (at - time::OffsetDateTime::now_utc()).whole_milliseconds()
        });
    Ok(Some((in_ms.max(0) as i64 + 999) / 1000))
}

#[cfg(test)]
mod tests {
    use eptsp_core::submission::Change;

    #[test]
    fn each_receipt_refusal_and_status_change_is_announced() {
        let r = super::SyncReport {
            received: vec!["7K3M-Q9X2-H4T".into()],
            refused: vec!["Dokumen \"KTP\" wajib dilampirkan".into()],
            pending: 1,
            updates: vec![Change {
                seq: 9,
                application_id: "a".into(),
                resi: "7K3M-Q9X2-H4T".into(),
                status: "perlu_perbaikan".into(),
                note: "Foto KTP buram".into(),
                at: String::new(),
            }],
            ..Default::default()
        };
        assert_eq!(
            super::notifications(&r),
            vec![
                (
                    "Permohonan terkirim".to_owned(),
                    "Kantor DPMPTSP telah menerima permohonan Anda. Nomor resi: 7K3M-Q9X2-H4T"
                        .to_owned()
                ),
                (
                    "Permohonan belum dapat diterima".to_owned(),
                    "Dokumen \"KTP\" wajib dilampirkan".to_owned()
                ),
                (
                    "Status permohonan 7K3M-Q9X2-H4T: Perlu Perbaikan".to_owned(),
                    "Foto KTP buram".to_owned()
                ),
            ]
        );
        assert!(super::notifications(&super::SyncReport::default()).is_empty());
    }
}
