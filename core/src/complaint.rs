//! Pengaduan: what an applicant sends and what an officer answers.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a complaint (Pengaduan) is about: the form's category list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Kategori {
    /// A technical problem with the E-PTSP software itself.
    TeknisAplikasi,
    /// The processing of a permit application.
    ProsesPerizinan,
    /// Documents: requirements, uploaded files, issued permits.
    Dokumen,
    /// The service and the officers who give it.
    Pelayanan,
    /// Anything else.
    Lainnya,
}

impl Kategori {
    /// Every category, in the form's order.
    pub const ALL: [Kategori; 5] = [
        Kategori::TeknisAplikasi,
        Kategori::ProsesPerizinan,
        Kategori::Dokumen,
        Kategori::Pelayanan,
        Kategori::Lainnya,
    ];

    /// The code stored and sent (`teknis_aplikasi`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Kategori::TeknisAplikasi => "teknis_aplikasi",
            Kategori::ProsesPerizinan => "proses_perizinan",
            Kategori::Dokumen => "dokumen",
            Kategori::Pelayanan => "pelayanan",
            Kategori::Lainnya => "lainnya",
        }
    }

    /// The category of a code; `None` for an unknown one.
    pub fn parse(s: &str) -> Option<Kategori> {
        Kategori::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The name shown in the form and the lists.
    pub fn label(self) -> &'static str {
        match self {
            Kategori::TeknisAplikasi => "Teknis Aplikasi",
            Kategori::ProsesPerizinan => "Proses Perizinan",
            Kategori::Dokumen => "Dokumen",
            Kategori::Pelayanan => "Pelayanan",
            Kategori::Lainnya => "Lainnya",
        }
    }
}

/// Where a complaint stands; an officer sets it with each reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ComplaintStatus {
    /// New: waiting for an officer's answer.
    Baru,
    /// Being worked on.
    Diproses,
    /// Resolved.
    Selesai,
}

impl ComplaintStatus {
    /// The code stored and sent (`baru`, `diproses`, `selesai`).
    pub fn as_str(self) -> &'static str {
        match self {
            ComplaintStatus::Baru => "baru",
            ComplaintStatus::Diproses => "diproses",
            ComplaintStatus::Selesai => "selesai",
        }
    }

    /// The status of a code; `None` for an unknown one.
    pub fn parse(s: &str) -> Option<ComplaintStatus> {
        [
            ComplaintStatus::Baru,
            ComplaintStatus::Diproses,
            ComplaintStatus::Selesai,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// The name shown to users (a new complaint reads "Menunggu Tanggapan", awaiting reply).
    pub fn label(self) -> &'static str {
        match self {
            ComplaintStatus::Baru => "Menunggu Tanggapan",
            ComplaintStatus::Diproses => "Diproses",
            ComplaintStatus::Selesai => "Selesai",
        }
    }
}

/// Longest complaint or reply, in characters.
pub const MAX_TEXT: usize = 4000;

/// "Kirim Aduan". `id` is the idempotency key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ComplaintRequest {
    /// A UUID the client chooses: sending the same one again files nothing new.
    pub id: String,
    /// One of the applicant's applications, or none (Lainnya).
    #[serde(default)]
    pub application_id: Option<String>,
    /// What it is about.
    pub kategori: Kategori,
    /// The complaint's text, 10 to [`MAX_TEXT`] characters.
    pub isi: String,
}

impl ComplaintRequest {
    /// Refuses a text shorter than 10 or longer than [`MAX_TEXT`] characters (once trimmed).
    pub fn check(&self) -> Result<(), crate::api::FieldError> {
        let isi = self.isi.trim();
        if isi.chars().count() < 10 {
            return Err(crate::api::FieldError::custom(
                "isi",
                "too_short",
                "Tulis isi pengaduan minimal 10 karakter",
            ));
        }
        if isi.chars().count() > MAX_TEXT {
            return Err(crate::api::FieldError::custom(
                "isi",
                "too_long",
                "Isi pengaduan paling banyak 4000 karakter",
            ));
        }
        Ok(())
    }
}

/// An officer's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ReplyRequest {
    /// The answer to the applicant (at most [`MAX_TEXT`] characters); it reaches their inbox.
    pub balasan: String,
    /// The status the complaint moves to.
    pub status: ComplaintStatus,
}

/// A complaint as listed to its applicant and to officers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Complaint {
    /// Its id (the UUID it was filed with).
    pub id: String,
    /// The resi (receipt number) of the application it concerns, if any.
    pub resi: Option<String>,
    /// What it is about.
    pub kategori: Kategori,
    /// The complaint's text.
    pub isi: String,
    /// Where it stands.
    pub status: ComplaintStatus,
    /// When it was filed (RFC 3339).
    pub created_at: String,
    /// The officer's latest answer, if any.
    pub balasan: Option<String>,
    /// When that answer was given (RFC 3339).
    pub replied_at: Option<String>,
    /// For officers: who complained.
    pub pemohon: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_complaint_says_enough_and_not_too_much() {
        let r = |isi: &str| ComplaintRequest {
            id: "x".into(),
            application_id: None,
            kategori: Kategori::Lainnya,
            isi: isi.into(),
        };
        assert_eq!(r("  pendek  ").check().unwrap_err().code, "too_short");
        assert!(r("Resi tidak muncul setelah kirim").check().is_ok());
        assert_eq!(r(&"a".repeat(4001)).check().unwrap_err().code, "too_long");
        for k in Kategori::ALL {
            assert_eq!(Kategori::parse(k.as_str()), Some(k));
        }
    }
}

/// The query of the complaint list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
pub struct ComplaintListQuery {
    /// Only complaints with this status code (`baru`, `diproses`, `selesai`); default: all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}
