//! Pengaduan: what an applicant sends and what an officer answers.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Kategori {
    TeknisAplikasi,
    ProsesPerizinan,
    Dokumen,
    Pelayanan,
    Lainnya,
}

impl Kategori {
    pub const ALL: [Kategori; 5] = [
        Kategori::TeknisAplikasi,
        Kategori::ProsesPerizinan,
        Kategori::Dokumen,
        Kategori::Pelayanan,
        Kategori::Lainnya,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kategori::TeknisAplikasi => "teknis_aplikasi",
            Kategori::ProsesPerizinan => "proses_perizinan",
            Kategori::Dokumen => "dokumen",
            Kategori::Pelayanan => "pelayanan",
            Kategori::Lainnya => "lainnya",
        }
    }

    pub fn parse(s: &str) -> Option<Kategori> {
        Kategori::ALL.into_iter().find(|k| k.as_str() == s)
    }

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ComplaintStatus {
    Baru,
    Diproses,
    Selesai,
}

impl ComplaintStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ComplaintStatus::Baru => "baru",
            ComplaintStatus::Diproses => "diproses",
            ComplaintStatus::Selesai => "selesai",
        }
    }

    pub fn parse(s: &str) -> Option<ComplaintStatus> {
        [
            ComplaintStatus::Baru,
            ComplaintStatus::Diproses,
            ComplaintStatus::Selesai,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

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
    pub id: String,
    /// One of the applicant's applications, or none (Lainnya).
    #[serde(default)]
    pub application_id: Option<String>,
    pub kategori: Kategori,
    pub isi: String,
}

impl ComplaintRequest {
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
    pub balasan: String,
    pub status: ComplaintStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Complaint {
    pub id: String,
    pub resi: Option<String>,
    pub kategori: Kategori,
    pub isi: String,
    pub status: ComplaintStatus,
    pub created_at: String,
    pub balasan: Option<String>,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}
