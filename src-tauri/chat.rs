//! Chat: what the desktop does with it. Messages typed here go through the outbox (see
//! `sync::sync_chat`), in order; new ones arrive in real time over the server's WebSocket
//! while online, and by catching up over REST otherwise.

use eptsp_core::api::FieldError;
use futures_util::StreamExt;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::backend::{Backend, CmdResult};
use crate::error::CommandError;
use crate::store::{self, StoreError};

impl Backend {
    /// The conversation as kept here (an applicant's own; an officer's chosen one).
    pub async fn chat_list(
        &self,
        conversation: Option<&str>,
    ) -> CmdResult<Vec<store::chat::ChatItem>> {
        let me = store::session::load(&self.store()?)
            .await?
            .map(|s| s.profile.id)
            .unwrap_or_default();
        Ok(store::chat::list(&self.store()?, conversation, &me).await?)
    }

    /// Queues a message (offline too) and sends it now when the server answers.
    pub async fn chat_send(
        &self,
        conversation: Option<&str>,
        text: &str,
        file_id: Option<&str>,
    ) -> CmdResult<Vec<store::chat::ChatItem>> {
        let check = eptsp_core::chat::ChatSend {
            id: String::new(),
            conversation: conversation.map(str::to_owned),
            text: text.to_owned(),
            attachment: file_id.map(|_| eptsp_core::chat::ChatAttachment {
                sha256: String::new(),
                name: String::new(),
            }),
        };
        check
            .check()
            .map_err(|e: FieldError| CommandError::fields(vec![e]))?;
        if let Some(fid) = file_id {
            let known: Option<String> = sqlx::query_scalar("SELECT id FROM files WHERE id = ?")
                .bind(fid)
                .fetch_optional(&self.store()?.pool)
                .await
                .map_err(StoreError::from)?;
            if known.is_none() {
                return Err(CommandError::new(
                    "not_found",
                    "File tidak ditemukan di File Saya",
                ));
            }
        }
        store::chat::enqueue(&self.store()?, conversation, text.trim(), file_id).await?;
        if self.is_online() {
            crate::sync::sync_chat(self, &*self.account()?).await?;
        }
        self.chat_list(conversation).await
    }

    pub async fn chat_conversations(&self) -> CmdResult<Vec<eptsp_core::chat::Conversation>> {
        let token = self.token().await?;
        self.authed(self.api.chat_conversations(&token).await).await
    }

    pub async fn chat_read(&self, conversation: &str, seq: i64) -> CmdResult<()> {
        let token = self.token().await?;
        self.authed(self.api.chat_read(&token, conversation, seq).await)
            .await?;
        Ok(())
    }

    /// Listens on the server's live channel until it closes: each message is kept and
    /// `arrived` told. Returns why it stopped.
    pub async fn chat_listen(&self, arrived: &(dyn Fn() + Send + Sync)) -> Result<(), String> {
        // The channel belongs to the account signed in now; it closes when that changes.
        let mut switched = self.subscribe_account();
        switched.borrow_and_update();
        let Some(a) = self.current() else {
            return Err("not signed in".to_owned());
        };
        let Some(session) = store::session::load(&a.store)
            .await
            .map_err(|e| e.to_string())?
        else {
            return Err("not signed in".to_owned());
        };
        let mut req = self
            .api
            .chat_ws_url()
            .into_client_request()
            .map_err(|e| e.to_string())?;
        req.headers_mut().insert(
            "authorization",
            format!("Bearer {}", session.token)
                .parse()
                .map_err(|_| "bad token".to_owned())?,
        );
        let (mut socket, _) = tokio_tungstenite::connect_async(req)
            .await
            .map_err(|e| e.to_string())?;
        // Whatever came while the channel was down.
        crate::sync::sync_chat(self, &a)
            .await
            .map_err(|e| e.to_string())?;
        arrived();
        loop {
            let frame = tokio::select! {
                f = socket.next() => f,
                _ = switched.changed() => {
                    let _ = socket.close(None).await;
                    return Ok(());
                }
            };
            let Some(frame) = frame else { break };
            match frame.map_err(|e| e.to_string())? {
                Message::Text(t) => {
                    if let Ok(m) = serde_json::from_str::<eptsp_core::chat::ChatMessage>(&t) {
                        store::chat::apply(&a.store, &[m], false)
                            .await
                            .map_err(|e| e.to_string())?;
                        arrived();
                    }
                }
                Message::Close(_) => break,
                _ => {}
            }
        }
        Ok(())
    }
}
