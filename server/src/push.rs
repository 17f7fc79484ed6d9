//! The live channel's server side. Every change a user may see is announced by
//! PostgreSQL itself (the feed trigger of migration 0012 NOTIFYs at commit), so every
//! instance hears every change whichever instance made it; each instance's listener turns
//! the announcements into [`Event`]s for its own sockets. Session ends travel the same
//! way (see [`crate::auth::session::announce`]).

use eptsp_core::Role;
use eptsp_core::chat::ChatMessage;
use eptsp_core::lifecycle::Status;
use sqlx::postgres::PgListener;
use uuid::Uuid;

use crate::AppState;

/// What this instance's sockets are told.
#[derive(Debug, Clone)]
pub enum Event {
    /// The tracking of an application of this user moved.
    Changes(Uuid),
    /// A message arrived in this user's inbox.
    Inbox(Uuid),
    Chat(Box<ChatMessage>),
    /// The catalogue has a new version.
    Catalogue,
    /// The portal's announcements or links changed.
    Portal,
    /// The holiday table changed.
    Holidays,
    /// An application took this status: the queue that holds it changed.
    Queue(Status),
    /// Announcements may have been missed (the listener lost PostgreSQL): everyone pulls.
    Resync,
}

/// Announces at commit of `tx`, to every instance's desktops, that `kind` changed
/// (`eptsp_feed` `kind:arg`, read back by [`listen`]).
pub async fn announce(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    kind: &str,
    arg: &str,
) -> crate::error::ApiResult<()> {
    sqlx::query("SELECT pg_notify('eptsp_feed', $1)")
        .bind(format!("{kind}:{arg}"))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// An administrator's change of what every desktop keeps (the portal, the holiday
/// table): audited as `action`, and announced as `kind` at commit.
pub async fn admin_changed(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    actor: Uuid,
    action: &str,
    detail: serde_json::Value,
    kind: &str,
) -> crate::error::ApiResult<()> {
    crate::lifecycle::audit(tx, actor, action, None, detail).await?;
    announce(tx, kind, "").await
}

/// Listens for the announcements of every instance until the process ends, reconnecting
/// when the database goes away, and tells this instance's sockets to pull everything once
/// it is back (what was announced meanwhile is lost with the connection).
pub async fn listen(state: AppState) {
    loop {
        match PgListener::connect_with(&state.db).await {
            Ok(mut l) => {
                if let Err(e) = l
                    .listen_all(["session_end", "eptsp_feed", "eptsp_lookup"])
                    .await
                {
                    tracing::warn!(error = %e, "listening for announcements failed; retrying");
                } else {
                    // Sockets opened before the listener was (back) in place may have
                    // missed announcements: they pull everything once.
                    let _ = state.events.send(Event::Resync);
                    state.lookups.heard_again();
                    state.listening.send_replace(true);
                    forward(&state, &mut l).await;
                    state.lookups.deaf();
                    state.listening.send_replace(false);
                }
            }
            Err(e) => tracing::warn!(error = %e, "listening for announcements failed; retrying"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}

/// Forwards notifications until the connection is lost.
async fn forward(state: &AppState, l: &mut PgListener) {
    loop {
        let n = match l.try_recv().await {
            Ok(Some(n)) => n,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(error = %e, "announcements lost");
                return;
            }
        };
        match n.channel() {
            "session_end" => crate::auth::session::forward_end(state, n.payload()),
            "eptsp_feed" => feed(state, n.payload()).await,
            "eptsp_lookup" => state.lookups.announced(n.payload()),
            _ => {}
        }
    }
}

async fn feed(state: &AppState, payload: &str) {
    let Some((kind, arg)) = payload.split_once(':') else {
        return;
    };
    let event = match kind {
        "changes" => Uuid::parse_str(arg).ok().map(Event::Changes),
        "inbox" => Uuid::parse_str(arg).ok().map(Event::Inbox),
        "catalogue" => Some(Event::Catalogue),
        "portal" => Some(Event::Portal),
        "holidays" => Some(Event::Holidays),
        "queue" => Status::parse(arg).map(Event::Queue),
        "chat" => match arg.parse::<i64>() {
            // Read once per instance, not once per socket.
            Ok(seq) => match crate::chats::by_seq(state, seq).await {
                Ok(Some(m)) => Some(Event::Chat(Box::new(m))),
                Ok(None) => None,
                // The sockets pull what they could not be shown.
                Err(_) => Some(Event::Resync),
            },
            Err(_) => None,
        },
        _ => None,
    };
    if let Some(e) = event {
        // Nobody listening is fine.
        let _ = state.events.send(e);
    }
}

/// Whether an officer of `role` works from the queue that holds applications in `status`:
/// verifiers the review queue (new, under review), signers the signing queue.
pub fn works_on(role: Role, status: Status) -> bool {
    match role {
        Role::Verifikator => matches!(status, Status::Diajukan | Status::Verifikasi),
        Role::Penandatangan => status == Status::Disetujui,
        Role::Pemohon | Role::Admin => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_queue_is_announced_only_to_the_officers_working_from_it() {
        let told = |role| {
            Status::ALL
                .into_iter()
                .filter(|s| works_on(role, *s))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            told(Role::Verifikator),
            [Status::Diajukan, Status::Verifikasi]
        );
        assert_eq!(told(Role::Penandatangan), [Status::Disetujui]);
        assert!(told(Role::Pemohon).is_empty());
        assert!(told(Role::Admin).is_empty());
    }
}
