//! The audit log as the admin reads it: every officer action, newest first, filtered by
//! who, what, on which object and when, a page at a time or whole as CSV.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Rows in one page of the audit log.
pub const AUDIT_PAGE_SIZE: i64 = 50;

/// Rows at most in one CSV export (the newest that match).
pub const AUDIT_CSV_MAX_ROWS: i64 = 100_000;

/// The audit log's filters (`GET /admin/audit`, `/admin/audit.csv`). Empty means any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::IntoParams, TS)]
#[ts(export)]
pub struct AuditQuery {
    /// Part of the actor's name, NIK or e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub actor: Option<String>,
    /// The action exactly (`ambil`, `setujui`, `unduh_berkas`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub action: Option<String>,
    /// The object: a resi (with or without its dashes), part of the name of the account it
    /// was done to, or part of the row's detail (a permit number, a file's SHA-256).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub object: Option<String>,
    /// From this day (YYYY-MM-DD, WITA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub from: Option<String>,
    /// Up to and including this day (YYYY-MM-DD, WITA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub to: Option<String>,
    /// The page, from 1 (JSON only; the CSV holds every page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub page: Option<i64>,
}

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct AuditEntry {
    /// The row's number: rows are only ever added, in this order.
    #[ts(type = "number")]
    pub id: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// The actor's account id (UUID).
    pub actor_id: String,
    /// The actor's name.
    pub actor: String,
    /// The actor's e-mail address.
    pub actor_email: String,
    /// What was done (its code).
    pub action: String,
    /// What was done, in words ([`action_label`]).
    pub label: String,
    /// The application it was done to, by its resi (formatted `XXXX-XXXX-XXX`); none when
    /// it was not one.
    pub resi: Option<String>,
    /// The account it was done to (blocked, unblocked, given a role), by its holder's name;
    /// none when it was not one.
    pub account: Option<String>,
    /// The rest of what was recorded, as JSON text.
    pub detail: String,
}

/// One page of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct AuditPage {
    /// The rows of this page, newest first.
    pub items: Vec<AuditEntry>,
    /// This page, from 1.
    #[ts(type = "number")]
    pub page: i64,
    /// How many pages there are (at least 1).
    #[ts(type = "number")]
    pub pages: i64,
    /// How many rows match.
    #[ts(type = "number")]
    pub total: i64,
}

/// What the admin screen calls an action, in Bahasa Indonesia; the code itself for one it
/// does not know.
pub fn action_label(action: &str) -> &str {
    match action {
        "ambil" => "Mengambil berkas untuk diverifikasi",
        "lepas" => "Melepas berkas",
        "setujui" => "Menyetujui",
        "tolak" => "Menolak",
        "minta_perbaikan" => "Meminta perbaikan",
        "perpanjang_batas" => "Memperpanjang batas perbaikan",
        "tandatangani" => "Menandatangani izin",
        "sign_passphrase_wrong" => "Gagal menandatangani (passphrase salah)",
        "cabut_izin" => "Mencabut izin",
        "balas_aduan" => "Membalas pengaduan",
        "blokir_akun" => "Memblokir akun",
        "buka_blokir_akun" => "Membuka blokir akun",
        "ubah_peran" => "Mengubah peran",
        "katalog_dinas" => "Mengubah dinas di katalog",
        "katalog_izin" => "Mengubah jenis izin di katalog",
        "katalog_persyaratan" => "Mengubah persyaratan di katalog",
        "pengumuman" => "Menyimpan pengumuman",
        "hapus_pengumuman" => "Menghapus pengumuman",
        "tautan_portal" => "Mengubah tautan portal",
        "hari_libur" => "Menyimpan hari libur",
        "hapus_hari_libur" => "Menghapus hari libur",
        "tabel_hari_libur" => "Mengimpor tabel hari libur",
        "kirim_chat" => "Mengirim pesan chat",
        "buka_dossier" => "Membuka dossier",
        "unduh_berkas" => "Mengunduh berkas lampiran",
        "unduh_lampiran_chat" => "Mengunduh lampiran chat",
        "unduh_log_audit" => "Mengunduh log audit",
        other => other,
    }
}

/// The pages `total` rows fill (at least one, so that an empty result is page 1 of 1).
pub fn audit_pages(total: i64) -> i64 {
    crate::search::pages_of(total, AUDIT_PAGE_SIZE)
}

/// The CSV header of an export, in the order of [`audit_csv_record`].
pub const AUDIT_CSV_HEADER: [&str; 9] = [
    "No",
    "Waktu",
    "Pelaku",
    "E-mail",
    "Id Pelaku",
    "Aksi",
    "Resi",
    "Akun",
    "Rincian",
];

/// One row of an export, as the cells of [`AUDIT_CSV_HEADER`] (the action as a label).
pub fn audit_csv_record(e: &AuditEntry) -> [String; 9] {
    [
        e.id.to_string(),
        e.at.clone(),
        e.actor.clone(),
        e.actor_email.clone(),
        e.actor_id.clone(),
        e.label.clone(),
        e.resi.clone().unwrap_or_default(),
        e.account.clone().unwrap_or_default(),
        e.detail.clone(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_log_is_one_page_and_a_full_page_does_not_start_another() {
        assert_eq!(audit_pages(0), 1);
        assert_eq!(audit_pages(AUDIT_PAGE_SIZE), 1);
        assert_eq!(audit_pages(AUDIT_PAGE_SIZE + 1), 2);
    }

    #[test]
    fn a_known_action_reads_as_indonesian_and_an_unknown_one_as_itself() {
        assert_eq!(action_label("unduh_berkas"), "Mengunduh berkas lampiran");
        assert_eq!(action_label("sesuatu_baru"), "sesuatu_baru");
    }
}
