//! Chat, and the live channel it shares with the other feeds: messages are stored in
//! order (seq), paged by their feed position (pos, given at commit) and pushed in real time
//! over the WebSocket to the applicant of the conversation and to every officer
//! connected; REST for sending (idempotent by the sender's id) and for catching up.

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use eptsp_core::Role;
use eptsp_core::chat::{ChatMessage, ChatSend, Conversation};
use eptsp_core::push::Push;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::AppState;
use crate::auth::session::{self, AuthUser, SessionEnd};
use crate::chats::{Row, SELECT, view};
use crate::error::{ApiError, ApiResult, AppJson, AppPath, AppQuery};
use crate::push::Event;
pub use eptsp_core::chat::MessagesQuery;
pub use eptsp_core::chat::ReadRequest;

fn is_officer(role: Role) -> bool {
    matches!(role, Role::Verifikator | Role::Admin | Role::Penandatangan)
}

/// Whether `user` may read conversation `c`.
fn may_read(user: &AuthUser, c: Uuid) -> bool {
    is_officer(user.role) || c == user.user_id
}

pub async fn send(
    State(state): State<AppState>,
    user: AuthUser,
    AppJson(req): AppJson<ChatSend>,
) -> ApiResult<AppJson<ChatMessage>> {
    req.check().map_err(ApiError::field_error)?;
    let id = Uuid::parse_str(&req.id)
        .map_err(|_| ApiError::field("id", "id_format", "Nomor pesan tidak valid"))?;
    let conversation = if is_officer(user.role) {
        req.conversation
            .as_deref()
            .and_then(|c| Uuid::parse_str(c).ok())
            .ok_or_else(|| ApiError::field("conversation", "required", "Pilih percakapan"))?
    } else {
        user.require(&[Role::Pemohon])?;
        user.user_id
    };
    if let Some(a) = &req.attachment {
        let known = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = $1) AS "known!""#,
            a.sha256
        )
        .fetch_one(&state.db)
        .await?;
        if !known {
            return Err(ApiError::field(
                "attachment",
                "not_uploaded",
                "Lampiran belum terunggah; coba kirim lagi",
            ));
        }
    }
    // An officer's message is in the audit log, committed with it.
    let mut tx = state.db.begin().await?;
    let inserted = sqlx::query!(
        "INSERT INTO chat_messages (id, conversation, sender, text, attachment_sha, attachment_name)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
        id,
        conversation,
        user.user_id,
        req.text.trim(),
        req.attachment.as_ref().map(|a| a.sha256.clone()),
        req.attachment.as_ref().map(|a| a.name.clone())
    )
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 1 && is_officer(user.role) {
        crate::lifecycle::audit(
            &mut tx,
            user.user_id,
            "kirim_chat",
            None,
            serde_json::json!({ "conversation": conversation, "message": id }),
        )
        .await?;
    }
    tx.commit().await?;
    let row: Row = sqlx::query_as(&format!("{SELECT} WHERE m.id = $1"))
        .bind(id)
        .fetch_one(&state.db)
        .await?;
    if row.sender != Some(user.user_id) {
        return Err(ApiError::field(
            "id",
            "id_taken",
            "Nomor pesan sudah dipakai",
        ));
    }
    // Outside office hours the office answers at once that a person will answer later.
    if inserted.rows_affected() == 1
        && state.config.chat_auto_reply
        && !is_officer(user.role)
        && !crate::holidays::calendar(&state.db)
            .await?
            .office_open(state.clock.now())
    {
        auto_reply(&state, conversation).await?;
    }
    // The feed trigger announces it to every instance's sockets (see `crate::push`).
    Ok(AppJson(view(row)?))
}

/// What the office answers by itself outside office hours (guide 4.3).
pub fn auto_reply_text() -> String {
    format!(
        "Terima kasih, pesan Anda sudah kami terima. Petugas membalas chat pada jam layanan ({}); pesan Anda akan dijawab pada hari kerja berikutnya. Untuk hal mendesak hubungi telepon (0541) 743235.",
        eptsp_core::calendar::OFFICE_HOURS
    )
}

/// The automatic reply in `conversation`, at most once in twelve hours however many messages
/// arrive (two at once included: one transaction per conversation at a time).
async fn auto_reply(state: &AppState, conversation: Uuid) -> ApiResult<()> {
    let mut tx = state.db.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1::text, 7373))")
        .bind(conversation)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO chat_messages (id, conversation, sender, text, automatic)
         SELECT $1, $2, NULL, $3, true
         WHERE NOT EXISTS (SELECT 1 FROM chat_messages
                           WHERE conversation = $2 AND automatic
                             AND created_at > now() - interval '12 hours')",
    )
    .bind(Uuid::new_v4())
    .bind(conversation)
    .bind(auto_reply_text())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A chat attachment's bytes, for whoever may read a conversation it was sent in: the
/// applicant of that conversation, or an officer. Anything else is "not found", so that a
/// file's existence is not told to someone who may not see it.
pub async fn file(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(sha256): AppPath<String>,
) -> ApiResult<Response> {
    if !eptsp_core::submission::is_sha256(&sha256) {
        return Err(ApiError::NotFound);
    }
    let only: Option<Uuid> = (!is_officer(user.role)).then_some(user.user_id);
    let kind: String = sqlx::query_scalar(
        "SELECT b.kind FROM blobs b WHERE b.sha256 = $1
           AND EXISTS (SELECT 1 FROM chat_messages m
                       WHERE m.attachment_sha = b.sha256
                         AND ($2::uuid IS NULL OR m.conversation = $2))",
    )
    .bind(&sha256)
    .bind(only)
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound)?;
    if is_officer(user.role) {
        crate::audit::record(
            &state.db,
            user.user_id,
            "unduh_lampiran_chat",
            None,
            serde_json::json!({ "sha256": sha256 }),
        )
        .await?;
    }
    crate::routes::office::blob_response(&state, &sha256, &kind).await
}

/// Messages whose `pos` is after `since`, in the order they were committed, at most 500.
pub async fn messages(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(q): AppQuery<MessagesQuery>,
) -> ApiResult<AppJson<Vec<ChatMessage>>> {
    let only: Option<Uuid> = if is_officer(user.role) {
        q.conversation
            .as_deref()
            .and_then(|c| Uuid::parse_str(c).ok())
    } else {
        Some(user.user_id)
    };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE m.pos > $1 AND ($2::uuid IS NULL OR m.conversation = $2) ORDER BY m.pos LIMIT 500"
    ))
    .bind(q.since)
    .bind(only)
    .fetch_all(&state.db)
    .await?;
    rows.into_iter()
        .map(view)
        .collect::<ApiResult<Vec<_>>>()
        .map(AppJson)
}

/// Officers: every conversation, the latest first, with unread counts.
pub async fn conversations(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<AppJson<Vec<Conversation>>> {
    let rows: Vec<(Uuid, String, String, OffsetDateTime, i64)> = sqlx::query!(
        r#"SELECT c.conversation AS "conversation!", u.nama, last.text, last.created_at,
                (SELECT count(*) FROM chat_messages x JOIN users s ON s.id = x.sender
                  WHERE x.conversation = c.conversation AND s.role = 'pemohon'
                    AND x.pos > COALESCE((SELECT last_seq FROM chat_reads r
                                          WHERE r.user_id = $1 AND r.conversation = c.conversation), 0))
                  AS "unread!"
           FROM (SELECT conversation, max(seq) AS seq FROM chat_messages GROUP BY conversation) c
           JOIN chat_messages last ON last.seq = c.seq JOIN users u ON u.id = c.conversation
           ORDER BY c.seq DESC"#,
        user.user_id
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|r| (r.conversation, r.nama, r.text, r.created_at, r.unread))
    .collect();
    rows.into_iter()
        .map(|(c, pemohon, last_text, at, unread)| {
            Ok(Conversation {
                conversation: c.to_string(),
                pemohon,
                last_text,
                last_at: at.format(&Rfc3339).map_err(anyhow::Error::from)?,
                unread,
            })
        })
        .collect::<ApiResult<Vec<_>>>()
        .map(AppJson)
}

/// Marks a conversation read up to `seq`.
pub async fn read(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<String>,
    AppJson(req): AppJson<ReadRequest>,
) -> ApiResult<AppJson<eptsp_core::api::MessageResponse>> {
    let c = Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
    if !may_read(&user, c) {
        return Err(ApiError::NotFound);
    }
    sqlx::query!(
        "INSERT INTO chat_reads (user_id, conversation, last_seq) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, conversation)
         DO UPDATE SET last_seq = GREATEST(chat_reads.last_seq, excluded.last_seq)",
        user.user_id,
        c,
        req.pos
    )
    .execute(&state.db)
    .await?;
    Ok(AppJson(eptsp_core::api::MessageResponse {
        message: "Dibaca".to_owned(),
    }))
}

/// How long one frame may take to leave before the socket is given up.
const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The close code a socket gets when its session ended (in the 4000-4999 range left to
/// applications): the client signs in again instead of reconnecting.
pub const CLOSE_SESSION_ENDED: u16 = 4001;

/// The live channel: what the caller may see that changed ([`Push`] frames, JSON text),
/// until the session ends or the client falls silent. Also served at the old
/// `/chat/ws` path.
pub async fn ws(
    State(state): State<AppState>,
    user: AuthUser,
    upgrade: WebSocketUpgrade,
) -> Response {
    let rx = state.events.subscribe();
    let ends = state.sessions.subscribe();
    // The frames are small and rare: buffers sized for them (tungstenite's 128 KiB default
    // read buffer made an idle desktop cost the server ~150 KiB).
    upgrade
        .read_buffer_size(4 * 1024)
        .write_buffer_size(4 * 1024)
        .max_message_size(64 * 1024)
        .on_upgrade(move |socket| push(socket, rx, ends, state, user))
}

/// The frame `event` calls for on `user`'s socket, if any.
fn frame_for(event: Event, user: &AuthUser) -> Option<Push> {
    match event {
        Event::Changes(u) if u == user.user_id => Some(Push::Changes),
        Event::Inbox(u) if u == user.user_id => Some(Push::Inbox),
        Event::Chat(m) => {
            let c = Uuid::parse_str(&m.conversation).unwrap_or_default();
            may_read(user, c).then_some(Push::Chat { message: m })
        }
        Event::Catalogue => Some(Push::Catalogue),
        Event::Portal => Some(Push::Portal),
        Event::Holidays => Some(Push::Holidays),
        Event::Queue(s) => crate::push::works_on(user.role, s).then_some(Push::Queue),
        Event::Resync => Some(Push::Resync),
        _ => None,
    }
}

async fn push(
    mut socket: WebSocket,
    mut rx: tokio::sync::broadcast::Receiver<Event>,
    mut ends: tokio::sync::broadcast::Receiver<SessionEnd>,
    state: AppState,
    user: AuthUser,
) {
    // Ends announced on any instance close the socket at once; the periodic check catches
    // what no announcement covers (an expiry, a notification lost while PostgreSQL was away).
    let mut recheck = tokio::time::interval(
        state
            .config
            .ws_recheck
            .max(std::time::Duration::from_millis(100)),
    );
    recheck.tick().await;
    // A client that sends nothing (not even its heartbeat) for this long is gone.
    let silence = std::time::Duration::from_secs(eptsp_core::push::SILENCE_SECS);
    let mut heard = tokio::time::Instant::now();
    let mut closing = state.closing.subscribe();
    loop {
        let frame = tokio::select! {
            _ = async { let _ = closing.wait_for(|c| *c).await; } => {
                return close_with(socket, CLOSE_RESTART, "Server dimulai ulang").await;
            }
            e = rx.recv() => match e {
                Ok(e) => frame_for(e, &user),
                // Fell behind: the client pulls everything.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => Some(Push::Resync),
                Err(_) => return,
            },
            end = ends.recv() => match end {
                Ok(e) if e.covers(&user) => return close_ended(socket).await,
                Ok(_) => None,
                // Missed some: ask the database rather than guess.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    if session::still_valid(&state.db, &user).await == Some(false) {
                        return close_ended(socket).await;
                    }
                    None
                }
                Err(_) => return,
            },
            _ = recheck.tick() => {
                if session::still_valid(&state.db, &user).await == Some(false) {
                    return close_ended(socket).await;
                }
                None
            },
            _ = tokio::time::sleep_until(heard + silence) => return,
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_)) | Err(_)) | None => return,
                // Pings are answered by the socket itself.
                Some(Ok(_)) => {
                    heard = tokio::time::Instant::now();
                    None
                }
            },
        };
        let Some(frame) = frame else { continue };
        let Ok(text) = serde_json::to_string(&frame) else {
            continue;
        };
        // A client that stops reading must not hold the socket (and its session checks)
        // forever.
        let sent = tokio::time::timeout(SEND_TIMEOUT, socket.send(Message::Text(text.into())));
        if !matches!(sent.await, Ok(Ok(()))) {
            return;
        }
    }
}

async fn close_ended(socket: WebSocket) {
    close_with(socket, CLOSE_SESSION_ENDED, "Sesi berakhir").await;
}

/// The standard close code for a server going away to restart: reconnect.
const CLOSE_RESTART: u16 = 1012;

async fn close_with(mut socket: WebSocket, code: u16, reason: &'static str) {
    let frame = axum::extract::ws::CloseFrame {
        code,
        reason: reason.into(),
    };
    let _ = tokio::time::timeout(SEND_TIMEOUT, socket.send(Message::Close(Some(frame)))).await;
}
