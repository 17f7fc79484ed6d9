//! Pulling what changed on the server (tracking, application views, permits, the inbox, chat) and sending the chat and decisions queued here, each feed page by page from its cursor.

use crate::account::Account;
use crate::backend::Backend;
use crate::client::ClientError;
use crate::plan::Next;
use crate::store::office;
use crate::store::outbox;
use crate::store::{self, StoreError};
use eptsp_core::chat::MessagesQuery;
use eptsp_core::endpoint::{NoBody, NoQuery};
use eptsp_core::endpoints as e;
use eptsp_core::office::InboxQuery;
use eptsp_core::submission::ChangesQuery;
use eptsp_core::submission::UploadStart;

use super::*;

/// A failed pull: an ended session stops the pass; anything else is noted in `later`
/// and tried again with backoff (the cursor has not moved).
pub(super) fn pull_failed(e: &ClientError, later: &mut bool) -> Option<PullStop> {
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
        news.extend(
            fresh
                .into_iter()
                .filter(|c| c.status != eptsp_core::lifecycle::Status::Diajukan),
        );
    }
}

/// Fetches what the office now says about each application that moved (version, notes,
/// expected completion) and the permits once one is issued or revoked: what
/// `apply_changes` marked, including what an earlier pass could not fetch.
pub(super) async fn refresh(b: &Backend, a: &Account, token: &str, later: &mut bool) -> Pulled<()> {
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
                store::inbox::read_sent(&a.store, id).await?;
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
            store::notes::caught_up(&a.store, store::notes::Feed::Inbox).await?;
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
pub(super) async fn send_chat(
    b: &Backend,
    a: &Account,
    pull: bool,
    later: &mut bool,
) -> Pulled<usize> {
    let Some(session) = store::session::load(&a.store).await? else {
        return Ok(0);
    };
    for q in store::chat::queued(&a.store).await? {
        let mut attachment = None;
        if let Some(fid) = &q.file_id {
            let row = store::files::blob(&a.store, fid).await?;
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
            store::notes::caught_up(&a.store, store::notes::Feed::Chat).await?;
            return Ok(fresh);
        }
        fresh += store::chat::apply(&a.store, &list, true).await?;
    }
}

/// Sends the decisions made on this workstation, oldest first.
pub(super) async fn send_decisions(
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
