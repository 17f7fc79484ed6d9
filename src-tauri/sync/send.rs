//! Sending one outbox item (a submission or a revision) once its attachments are on the server.

use crate::account::Account;
use crate::backend::Backend;
use crate::store::office;
use crate::store::outbox::{self, LocalApplication, OutboxItem};
use crate::store::{self, StoreError};
use eptsp_core::endpoint::NoQuery;
use eptsp_core::endpoints as e;
use eptsp_core::submission::{SubmitRequest, SubmittedFile, UploadStart};

use super::*;

/// What reached the office.
pub(super) enum Sent {
    Application(LocalApplication),
    /// A revision, of the application with this resi.
    Revision(String),
}

pub(super) async fn send(b: &Backend, a: &Account, item: &OutboxItem) -> Result<Sent, Failure> {
    let session = store::session::load(&a.store)
        .await?
        .ok_or(Failure::SignIn)?;
    let draft = store::drafts::get(&a.store, &item.draft_id)
        .await?
        .ok_or_else(|| Failure::Refused("Draf permohonan tidak ditemukan".to_owned()))?;

    // The files behind the attachments, each once: a large photo downscaled for its
    // requirement (as "Kirim" checked it), the rest as they are.
    let catalogue = store::catalogue::load(&b.device)
        .await?
        .map(|c| c.catalogue);
    let mut files: Vec<(String, i64, String)> = Vec::new();
    let mut submitted = Vec::new();
    for att in &draft.data.attachments {
        let px = catalogue
            .as_ref()
            .map_or(eptsp_core::catalogue::PHOTO_MAX_PX, |c| {
                crate::backend::photo_max_px(c, &draft.data.permit_type_id, att.requirement_id)
            });
        let row = a
            .files
            .sent_for(&a.store, &att.file_id, px)
            .await
            .map_err(|e| Failure::Refused(e.message))?;
        let (sha, size, name) = row
            .map(|f| (f.sha256, f.size, f.original_name))
            .ok_or_else(|| {
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
