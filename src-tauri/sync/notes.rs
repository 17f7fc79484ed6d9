//! The desktop notifications of a sync pass: what was sent and what moved (from the
//! report), and what else arrived that the user waits for — answers in the inbox, chat
//! replies and, on an officer's workstation, new work in the queue — each announced once,
//! with the screen a click on it opens.

use eptsp_core::endpoint::NoQuery;
use eptsp_core::endpoints as e;
use eptsp_core::lifecycle::Status;
use eptsp_core::office::{QueueItem, QueueQuery};
use eptsp_core::role::Role;

use super::Pulled;
use super::pull::pull_failed;
use crate::account::Account;
use crate::backend::Backend;
use crate::pass::{Note, Open, Screen, SyncReport};
use crate::store::{self, notes};

/// Inbox kinds another notification already tells of: status changes (from the tracking
/// feed) and expiry reminders (reckoned here, offline too).
const TOLD_ELSEWHERE: [&str; 4] = ["status", "revisi", "penolakan", "pengingat"];

/// How much of a message a notification shows.
const BODY_CHARS: usize = 200;

/// The desktop notifications a sync pass calls for, in Bahasa Indonesia.
pub fn notifications(r: &SyncReport) -> Vec<Note> {
    let mut out = Vec::new();
    for resi in &r.received {
        out.push(Note::new(
            "Permohonan terkirim",
            format!("Kantor DPMPTSP telah menerima permohonan Anda. Nomor resi: {resi}"),
            Open::resi(Screen::Saya, resi),
        ));
    }
    for reason in &r.refused {
        out.push(Note::new(
            "Permohonan belum dapat diterima",
            reason,
            Open::screen(Screen::Permohonan),
        ));
    }
    for resi in &r.revised {
        out.push(Note::new(
            "Revisi terkirim",
            format!("Revisi permohonan {resi} diterima dan menunggu verifikasi ulang"),
            Open::resi(Screen::Saya, resi),
        ));
    }
    if r.sign_in {
        out.push(Note::new(
            "Sesi berakhir",
            "Silakan masuk kembali. Yang menunggu dikirim tetap tersimpan dan dikirim setelah Anda masuk.",
            Open::screen(Screen::Login),
        ));
    }
    for (nomor, until) in &r.reminders {
        out.push(Note::new(
            "Izin segera berakhir",
            format!(
                "Izin nomor {nomor} berlaku sampai {until}. Ajukan Perpanjangan sebelum masa berlakunya habis."
            ),
            Open::screen(Screen::Izin),
        ));
    }
    for c in &r.updates {
        out.push(Note::new(
            format!(
                "Status permohonan {}: {}",
                c.resi,
                eptsp_core::submission::status_label(c.status.as_str())
            ),
            c.note.clone(),
            Open::resi(Screen::Saya, &c.resi),
        ));
    }
    out.extend(r.notes.iter().cloned());
    out
}

/// What arrived since the last announcement: inbox messages and chat replies kept here,
/// and, when `queue` asks and the account is an officer's, the queue fetched again (the
/// first one fetched here is what waits, not news). A queue that could not be fetched is
/// noted in `later`.
pub(super) async fn announce(
    b: &Backend,
    a: &Account,
    queue: bool,
    later: &mut bool,
) -> Pulled<Vec<Note>> {
    let mut out: Vec<Note> = notes::take_inbox(&a.store)
        .await?
        .into_iter()
        .filter(|m| !TOLD_ELSEWHERE.contains(&m.kind.as_str()))
        .map(inbox_note)
        .collect();
    let role = a.role();
    out.extend(chat_notes(
        notes::take_chat(&a.store, &a.user_id, role != Role::Pemohon).await?,
    ));
    if queue && let Some(screen) = queue_screen(role) {
        let Some(session) = store::session::load(&a.store).await? else {
            return Ok(out);
        };
        let token = Some(session.token.as_str());
        let fetched = match screen {
            Screen::Ttd => b.api.get::<e::SigningQueue>(token, (), &NoQuery {}).await,
            _ => {
                b.api
                    .get::<e::Queue>(token, (), &QueueQuery::default())
                    .await
            }
        };
        match fetched {
            Ok(items) => {
                let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
                let new = notes::queue_arrivals(&a.store, &ids).await?;
                // A revision whose deadline passed joins the queue by the calendar, not
                // as work that arrived: it is flagged there, not announced.
                let new: Vec<&QueueItem> = items
                    .iter()
                    .filter(|i| new.contains(&i.id) && i.status != Status::PerluPerbaikan)
                    .collect();
                out.extend(queue_note(screen, &new));
            }
            // Tried again later (an ended session is found by the next pass); what was
            // taken above is announced now rather than lost.
            Err(e) => _ = pull_failed(&e, later),
        }
    }
    Ok(out)
}

/// The queue an officer of `role` is told of: verifiers the review queue, signers the
/// signing queue.
fn queue_screen(role: Role) -> Option<Screen> {
    match role {
        Role::Verifikator => Some(Screen::Kantor),
        Role::Penandatangan => Some(Screen::Ttd),
        Role::Pemohon | Role::Admin => None,
    }
}

fn inbox_note(m: notes::InboxNew) -> Note {
    let open = match (m.kind.as_str(), m.resi) {
        ("survei", Some(resi)) => Open::resi(Screen::Survey, resi),
        ("survei", None) => Open::screen(Screen::Survey),
        ("aduan", _) => Open::screen(Screen::Pengaduan),
        _ => Open::screen(Screen::Inbox),
    };
    Note::new(m.subject, shorten(&m.body), open)
}

/// One notification per conversation: the last message, and how many came.
fn chat_notes(messages: Vec<notes::ChatNew>) -> Vec<Note> {
    let mut by_conversation: Vec<(String, Vec<notes::ChatNew>)> = Vec::new();
    for m in messages {
        match by_conversation
            .iter_mut()
            .find(|(c, _)| *c == m.conversation)
        {
            Some((_, list)) => list.push(m),
            None => by_conversation.push((m.conversation.clone(), vec![m])),
        }
    }
    by_conversation
        .into_iter()
        .filter_map(|(conversation, list)| {
            let last = list.last()?;
            let summary = match list.len() {
                1 => format!("Pesan baru dari {}", last.sender_name),
                n => format!("{n} pesan baru dari {}", last.sender_name),
            };
            let body = match (&last.attachment_name, last.text.trim()) {
                (Some(name), "") => format!("Lampiran: {name}"),
                (_, text) => shorten(text),
            };
            Some(Note::new(
                summary,
                body,
                Open {
                    conversation: Some(conversation),
                    ..Open::screen(Screen::Chat)
                },
            ))
        })
        .collect()
}

fn queue_note(screen: Screen, new: &[&QueueItem]) -> Option<Note> {
    let what = if screen == Screen::Ttd {
        "menunggu tanda tangan"
    } else {
        "di antrean verifikasi"
    };
    let (summary, body) = match new {
        [] => return None,
        [one] => (
            format!("Permohonan baru {what}"),
            format!("{} — {}, {}", one.resi, one.jenis_izin, one.pemohon),
        ),
        many => {
            let mut listed: Vec<&str> = many.iter().take(3).map(|i| i.resi.as_str()).collect();
            if many.len() > 3 {
                listed.push("…");
            }
            (
                format!("{} permohonan baru {what}", many.len()),
                listed.join(", "),
            )
        }
    };
    Some(Note::new(summary, body, Open::screen(screen)))
}

/// The first `BODY_CHARS` characters of `text`, cut at a word where one is near.
fn shorten(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= BODY_CHARS {
        return text.to_owned();
    }
    let cut: String = text.chars().take(BODY_CHARS).collect();
    let at = cut
        .rfind(char::is_whitespace)
        .filter(|&i| i > BODY_CHARS / 2);
    format!("{}…", cut[..at.unwrap_or(cut.len())].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use eptsp_core::submission::Change;

    fn said(notes: &[Note]) -> Vec<(&str, &str, Screen)> {
        notes
            .iter()
            .map(|n| (n.summary.as_str(), n.body.as_str(), n.open.screen))
            .collect()
    }

    #[test]
    fn each_receipt_refusal_and_status_change_is_announced() {
        let r = SyncReport {
            received: vec!["7K3M-Q9X2-H4T".into()],
            refused: vec!["Dokumen \"KTP\" wajib dilampirkan".into()],
            pending: 1,
            updates: vec![Change {
                seq: 9,
                application_id: "a".into(),
                resi: "7K3M-Q9X2-H4T".into(),
                status: eptsp_core::lifecycle::Status::PerluPerbaikan,
                note: "Foto KTP buram".into(),
                at: String::new(),
            }],
            ..Default::default()
        };
        let notes = notifications(&r);
        assert_eq!(
            said(&notes),
            vec![
                (
                    "Permohonan terkirim",
                    "Kantor DPMPTSP telah menerima permohonan Anda. Nomor resi: 7K3M-Q9X2-H4T",
                    Screen::Saya
                ),
                (
                    "Permohonan belum dapat diterima",
                    "Dokumen \"KTP\" wajib dilampirkan",
                    Screen::Permohonan
                ),
                (
                    "Status permohonan 7K3M-Q9X2-H4T: Perlu Perbaikan",
                    "Foto KTP buram",
                    Screen::Saya
                ),
            ]
        );
        assert_eq!(notes[2].open.resi.as_deref(), Some("7K3M-Q9X2-H4T"));
        assert!(notifications(&SyncReport::default()).is_empty());
    }

    #[test]
    fn an_inbox_message_opens_where_it_is_answered() {
        let m = |kind: &str, resi: Option<&str>| notes::InboxNew {
            kind: kind.into(),
            subject: "S".into(),
            body: "B".into(),
            resi: resi.map(str::to_owned),
        };
        let survey = inbox_note(m("survei", Some("7K3M-Q9X2-H4T")));
        assert_eq!(
            (survey.open.screen, survey.open.resi.as_deref()),
            (Screen::Survey, Some("7K3M-Q9X2-H4T"))
        );
        assert_eq!(inbox_note(m("aduan", None)).open.screen, Screen::Pengaduan);
        assert_eq!(inbox_note(m("pengumuman", None)).open.screen, Screen::Inbox);
    }

    #[test]
    fn chat_replies_are_one_notification_per_conversation() {
        let m = |c: &str, who: &str, text: &str, file: Option<&str>| notes::ChatNew {
            conversation: c.into(),
            sender_name: who.into(),
            text: text.into(),
            attachment_name: file.map(str::to_owned),
        };
        let notes = chat_notes(vec![
            m("c1", "Siti", "Selamat pagi", None),
            m("c2", "Budi", "", Some("ktp.pdf")),
            m("c1", "Siti", "Dokumen sudah kami terima", None),
        ]);
        assert_eq!(
            said(&notes),
            vec![
                (
                    "2 pesan baru dari Siti",
                    "Dokumen sudah kami terima",
                    Screen::Chat
                ),
                ("Pesan baru dari Budi", "Lampiran: ktp.pdf", Screen::Chat),
            ]
        );
        assert_eq!(notes[1].open.conversation.as_deref(), Some("c2"));
        assert!(chat_notes(vec![]).is_empty());
    }

    #[test]
    fn new_queue_items_are_counted_and_listed() {
        let item = |resi: &str| QueueItem {
            id: resi.into(),
            resi: resi.into(),
            agency_id: "dlh".into(),
            permit_type_id: "sipa".into(),
            jenis_izin: "SIPA".into(),
            kind: "baru".into(),
            status: eptsp_core::lifecycle::Status::Diajukan,
            pemohon: "Ani".into(),
            submitted_at: String::new(),
            sla_due: None,
            revision_due: None,
            overdue: false,
            lapse_actions: vec![],
            claimed_by_me: false,
            claimed_by: None,
            version: 1,
        };
        let (a, b, c, d) = (item("A"), item("B"), item("C"), item("D"));
        assert_eq!(queue_note(Screen::Kantor, &[]), None);
        let one = queue_note(Screen::Kantor, &[&a]).unwrap();
        assert_eq!(
            (one.summary.as_str(), one.body.as_str()),
            ("Permohonan baru di antrean verifikasi", "A — SIPA, Ani")
        );
        let many = queue_note(Screen::Ttd, &[&a, &b, &c, &d]).unwrap();
        assert_eq!(
            (many.summary.as_str(), many.body.as_str(), many.open.screen),
            (
                "4 permohonan baru menunggu tanda tangan",
                "A, B, C, …",
                Screen::Ttd
            )
        );
    }

    #[test]
    fn a_long_message_is_cut_at_a_word() {
        let long = "kata ".repeat(100);
        let short = shorten(&long);
        assert!(short.ends_with("kata…"), "{short}");
        assert!(short.chars().count() <= BODY_CHARS + 1);
        assert_eq!(shorten("  pendek "), "pendek");
    }
}
