//! Chat: what the desktop does with it. Messages typed here go through the outbox (see
//! `sync::sync_chat`), in order; new ones arrive in real time over the live channel
//! (`live`) while online, and by catching up over REST from the cursor.

use eptsp_core::api::FieldError;
use eptsp_core::endpoint::NoQuery;
use eptsp_core::endpoints as e;

use crate::backend::{Backend, CmdResult};
use crate::error::CommandError;
use crate::store;

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
        if let Some(fid) = file_id
            && !store::files::exists(&self.store()?, fid).await?
        {
            return Err(CommandError::new(
                "not_found",
                "File tidak ditemukan di File Saya",
            ));
        }
        store::chat::enqueue(&self.store()?, conversation, text.trim(), file_id).await?;
        if self.is_online() {
            let a = self.account()?;
            // Not at the same time as the worker's pass (which sends the same queue).
            let sent = {
                let _one = self.sync_guard().await;
                crate::sync::sync_chat(self, &a).await
            };
            // Whatever could not go now, the worker sends with backoff.
            self.wake_worker();
            match sent {
                Ok(_) => {}
                Err(crate::sync::PullStop::SessionEnded) => self.session_ended(&a).await?,
                Err(crate::sync::PullStop::Store(e)) => return Err(e.into()),
            }
        }
        self.chat_list(conversation).await
    }

    pub async fn chat_conversations(&self) -> CmdResult<Vec<eptsp_core::chat::Conversation>> {
        let token = self.token().await?;
        self.authed(
            self.api
                .get::<e::ChatConversations>(Some(&token), (), &NoQuery {})
                .await,
        )
        .await
    }

    /// Marks the conversation read up to the message `seq` shown, by that message's feed
    /// position (the server counts unread messages by position).
    pub async fn chat_read(&self, conversation: &str, seq: i64) -> CmdResult<()> {
        let token = self.token().await?;
        let pos = store::chat::read_pos(&self.store()?, conversation, seq).await?;
        self.authed(
            self.api
                .send::<e::ChatRead>(
                    Some(&token),
                    conversation.to_owned(),
                    &eptsp_core::chat::ReadRequest {
                        pos: pos.unwrap_or(seq),
                    },
                )
                .await,
        )
        .await?;
        Ok(())
    }
}

impl Backend {
    /// Opens a chat attachment with the system's viewer: from File Saya when this computer
    /// has it (the applicant's own), else fetched from the office (which lets only the
    /// conversation's applicant and the officers have it) and kept in this account's
    /// store, so that it opens offline the next time. Returns the viewer copy's path.
    pub async fn chat_file_open(&self, sha256: &str, name: &str) -> CmdResult<std::path::PathBuf> {
        if !eptsp_core::submission::is_sha256(sha256) {
            return Err(CommandError::new("not_found", "Lampiran tidak ditemukan"));
        }
        let files = self.files()?;
        if !files.has(sha256) {
            let token = self.token().await?;
            let bytes = self
                .authed(self.api.chat_file(&token, sha256).await)
                .await?;
            if crate::office::sha_hex(&bytes) != sha256 {
                return Err(CommandError::new(
                    "corrupt",
                    "Lampiran rusak saat diunduh; coba lagi",
                ));
            }
            files
                .store_bytes(sha256, &bytes)
                .map_err(crate::store::StoreError::from)?;
        }
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .filter(|e| ["pdf", "jpg", "jpeg", "png", "gif", "dwg"].contains(&e.as_str()))
            .unwrap_or_else(|| "bin".to_owned());
        let sha = sha256.to_owned();
        tokio::task::spawn_blocking(move || files.export_for_viewer(&sha, &ext))
            .await
            .map_err(|e| CommandError::new("internal", e.to_string()))?
            .map_err(|e| CommandError::new("io", e.to_string()))
    }
}
