//! The portal's public part (guide 2.2): the announcements (pengumuman) the office
//! publishes — service hours, closures, new rules — each shown from its first day to its
//! last, and the links of the portal's menu (OSS, the office's website, the WhatsApp
//! helpdesk) the administrator keeps. Read without login; kept on the desktop for offline
//! reading.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::FieldError;
use crate::calendar::parse_date;

/// Longest announcement title, in characters.
pub const TITLE_MAX: usize = 120;
/// Longest announcement text, in characters.
pub const BODY_MAX: usize = 2000;
/// How many links the menu holds at most.
pub const LINKS_MAX: usize = 8;
/// Longest link label, in characters.
pub const LABEL_MAX: usize = 40;
/// Longest link address, in characters.
pub const URL_MAX: usize = 300;

/// One announcement as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Announcement {
    /// Its id (UUID), chosen by the administrator's desktop.
    pub id: String,
    /// Its title, one line.
    pub title: String,
    /// Its text; line breaks are kept, markup is shown as text.
    pub body: String,
    /// First day shown (`YYYY-MM-DD`, WITA).
    pub starts_on: String,
    /// Last day shown (`YYYY-MM-DD`, WITA); none: until withdrawn.
    pub ends_on: Option<String>,
    /// When it was last published or changed (RFC 3339).
    pub updated_at: String,
}

impl Announcement {
    /// Whether it is shown on `today` (`YYYY-MM-DD`).
    pub fn shown_on(&self, today: &str) -> bool {
        self.starts_on.as_str() <= today && self.ends_on.as_deref().is_none_or(|end| today <= end)
    }
}

/// What an administrator publishes or changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AnnouncementEdit {
    /// Its title, 5 to [`TITLE_MAX`] characters.
    pub title: String,
    /// Its text, 10 to [`BODY_MAX`] characters.
    pub body: String,
    /// First day shown (`YYYY-MM-DD`).
    pub starts_on: String,
    /// Last day shown (`YYYY-MM-DD`), not before the first; none or empty: until withdrawn.
    #[serde(default)]
    pub ends_on: Option<String>,
}

fn length(field: &str, label: &str, value: &str, min: usize, max: usize) -> Option<FieldError> {
    let n = value.trim().chars().count();
    if n < min {
        Some(FieldError::custom(
            field,
            "required",
            &format!("{label} wajib diisi (minimal {min} karakter)"),
        ))
    } else if n > max {
        Some(FieldError::custom(
            field,
            "too_long",
            &format!("{label} terlalu panjang: {n} karakter, maksimal {max}"),
        ))
    } else {
        None
    }
}

impl AnnouncementEdit {
    /// Every field error at once: title and text lengths, the dates real and in order.
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut errors: Vec<FieldError> = [
            length("title", "Judul pengumuman", &self.title, 5, TITLE_MAX),
            length("body", "Isi pengumuman", &self.body, 10, BODY_MAX),
        ]
        .into_iter()
        .flatten()
        .collect();
        let start = parse_date(&self.starts_on);
        if start.is_none() {
            errors.push(FieldError::custom(
                "starts_on",
                "invalid",
                "Tanggal mulai tayang tidak valid",
            ));
        }
        if let Some(end) = self.ends_on.as_deref().filter(|e| !e.trim().is_empty()) {
            match parse_date(end) {
                None => errors.push(FieldError::custom(
                    "ends_on",
                    "invalid",
                    "Tanggal selesai tayang tidak valid",
                )),
                Some(end) if start.is_some_and(|s| end < s) => errors.push(FieldError::custom(
                    "ends_on",
                    "before_start",
                    "Tanggal selesai tayang tidak boleh sebelum tanggal mulai",
                )),
                Some(_) => {}
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The last day, with an empty one meaning none.
    pub fn ends_on(&self) -> Option<&str> {
        self.ends_on
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
    }
}

/// One link of the portal's menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PortalLink {
    /// What the menu says ("OSS", "Website DPMPTSP", "WhatsApp Helpdesk").
    pub label: String,
    /// Where it leads: an `https://` address (or `http://`).
    pub url: String,
}

/// The menu's links as the administrator sets them, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PortalLinks {
    /// The links, in the menu's order.
    pub links: Vec<PortalLink>,
}

impl PortalLinks {
    /// At most [`LINKS_MAX`] links, each labelled, each a web address without spaces.
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.links.len() > LINKS_MAX {
            errors.push(FieldError::custom(
                "links",
                "too_many",
                &format!("Paling banyak {LINKS_MAX} tautan"),
            ));
        }
        for (i, l) in self.links.iter().enumerate() {
            let n = i + 1;
            errors.extend(length(
                &format!("links.{i}.label"),
                &format!("Nama tautan {n}"),
                &l.label,
                2,
                LABEL_MAX,
            ));
            let url = l.url.trim();
            let scheme = url
                .strip_prefix("https://")
                .or_else(|| url.strip_prefix("http://"));
            let host_ok = scheme.is_some_and(|rest| {
                let host = rest.split(['/', '?', '#']).next().unwrap_or("");
                host.contains('.') || host.starts_with("localhost")
            });
            if !host_ok || url.chars().any(char::is_whitespace) || url.chars().count() > URL_MAX {
                errors.push(FieldError::custom(
                    &format!("links.{i}.url"),
                    "invalid",
                    &format!(
                        "Alamat tautan {n} tidak valid: tulis alamat web lengkap, contoh https://oss.go.id (maksimal {URL_MAX} karakter)"
                    ),
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// What the portal shows: the announcements shown today, newest first, and the links.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Portal {
    /// The announcements shown today, the most recently published first.
    pub announcements: Vec<Announcement>,
    /// The menu's links, in order.
    pub links: Vec<PortalLink>,
}

/// The survey without login (the portal's "Survey Kepuasan"): a finished application's
/// resi and its applicant's NIK, which together only the applicant holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PublicSurveyKey {
    /// The application's resi, as printed on the receipt.
    pub resi: String,
    /// The applicant's NIK (16 digits).
    pub nik: String,
}

/// The answers of a survey sent without login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PublicSurveyRequest {
    /// Which application, and the proof of being its applicant.
    pub key: PublicSurveyKey,
    /// The answers, as the signed-in survey sends them.
    pub survey: crate::ikm::SurveyRequest,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(title: &str, body: &str, start: &str, end: Option<&str>) -> AnnouncementEdit {
        AnnouncementEdit {
            title: title.into(),
            body: body.into(),
            starts_on: start.into(),
            ends_on: end.map(str::to_owned),
        }
    }

    fn fields(r: Result<(), Vec<FieldError>>) -> Vec<(String, String)> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn an_announcement_is_checked_all_at_once() {
        let ok = edit(
            "Libur Natal",
            "Pelayanan tutup 25 Desember 2026.",
            "2026-12-20",
            Some("2026-12-26"),
        );
        assert_eq!(ok.check(), Ok(()));
        assert_eq!(
            fields(edit("Hai", "pendek", "2026-13-01", Some("x")).check()),
            [
                ("title".to_owned(), "required".to_owned()),
                ("body".to_owned(), "required".to_owned()),
                ("starts_on".to_owned(), "invalid".to_owned()),
                ("ends_on".to_owned(), "invalid".to_owned()),
            ]
        );
        let late = edit(
            "Judul ok",
            "Isi yang cukup panjang",
            "2026-12-20",
            Some("2026-12-19"),
        );
        assert_eq!(
            fields(late.check()),
            [("ends_on".to_owned(), "before_start".to_owned())]
        );
        let long = edit(
            &"x".repeat(TITLE_MAX + 1),
            "Isi yang cukup panjang",
            "2026-12-20",
            None,
        );
        let e = long.check().unwrap_err();
        assert_eq!(
            e[0].message,
            format!("Judul pengumuman terlalu panjang: 121 karakter, maksimal {TITLE_MAX}")
        );
        assert_eq!(
            edit("Judul", "Isi cukup panjang", "2026-12-01", Some(" ")).ends_on(),
            None
        );
    }

    #[test]
    fn an_announcement_is_shown_from_its_first_to_its_last_day() {
        let a = Announcement {
            id: "a".into(),
            title: "t".into(),
            body: "b".into(),
            starts_on: "2026-12-20".into(),
            ends_on: Some("2026-12-26".into()),
            updated_at: String::new(),
        };
        assert!(!a.shown_on("2026-12-19"));
        assert!(a.shown_on("2026-12-20"));
        assert!(a.shown_on("2026-12-26"));
        assert!(!a.shown_on("2026-12-27"));
        let open = Announcement { ends_on: None, ..a };
        assert!(open.shown_on("2030-01-01"));
    }

    #[test]
    fn links_are_web_addresses_with_labels() {
        let link = |label: &str, url: &str| PortalLink {
            label: label.into(),
            url: url.into(),
        };
        let ok = PortalLinks {
            links: vec![
                link("OSS", "https://oss.go.id"),
                link("WhatsApp Helpdesk", "https://wa.me/6281234567890"),
            ],
        };
        assert_eq!(ok.check(), Ok(()));
        let bad = PortalLinks {
            links: vec![
                link("", "https://oss.go.id"),
                link("Situs", "javascript:alert(1)"),
                link("Situs", "https://nohost"),
                link("Situs", "https://a.id/x y"),
            ],
        };
        assert_eq!(
            fields(bad.check()),
            [
                ("links.0.label".to_owned(), "required".to_owned()),
                ("links.1.url".to_owned(), "invalid".to_owned()),
                ("links.2.url".to_owned(), "invalid".to_owned()),
                ("links.3.url".to_owned(), "invalid".to_owned()),
            ]
        );
        let many = PortalLinks {
            links: vec![link("OSS", "https://oss.go.id"); LINKS_MAX + 1],
        };
        assert_eq!(fields(many.check())[0].1, "too_many");
    }
}
