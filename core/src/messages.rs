//! The user-facing messages that are not field validation: the wording of the DPMPTSP
//! guide (sections 2.3 and 3) where it gives one, so that the server, the desktop and the
//! tests all say exactly the same thing.

/// Login: no account has the NIK or e-mail typed.
pub const LOGIN_UNKNOWN: &str = "NIK / Email tidak terdaftar";

/// Login, or asking for the desktop secret: the password does not match the account.
pub const LOGIN_WRONG_PASSWORD: &str = "Password Salah";

/// Registration: the summary above a form with invalid fields (each carries its own message).
pub const REGISTER_FAILED: &str = "Proses Pendaftaran Gagal";

/// Registration or an e-mail change: the e-mail code is missing, wrong, used or expired.
pub const EMAIL_CODE_WRONG: &str = "Kode Email Yang Anda Inputkan Salah!";

/// Lupa Password (forgotten password): the NIK/NPWP, phone and e-mail do not all match one
/// account.
pub const FORGOT_MISMATCH: &str = "No KTP / NPWP, No.Telp dan Email Anda Harus Benar!";

/// Lupa Password, step 2: the reset PIN is wrong, used or expired.
pub const PIN_WRONG: &str = "PIN yang Anda masukkan salah atau sudah kadaluarsa";

/// After Edit Password, or a reset with the PIN, succeeds.
pub const PASSWORD_CHANGED: &str = "Password berhasil diubah";

/// After Edit Profile is saved.
pub const PROFILE_SAVED: &str = "Data berhasil disimpan";

/// Edit Password: the current password typed is wrong.
pub const OLD_PASSWORD_WRONG: &str = "Password Lama Salah";

/// Edit Password or Lupa Password: the repeated new password differs from the first.
pub const PASSWORD_CONFIRM_MISMATCH: &str = "Ulangi Password Baru tidak sama";

/// Registration or Edit Profile: the birth date is not the one the NIK encodes.
pub const NIK_BIRTH_DATE_MISMATCH: &str = "Tanggal Lahir tidak sesuai dengan NIK";

/// Registration or Edit Profile: the gender is not the one the NIK encodes.
pub const NIK_GENDER_MISMATCH: &str = "Jenis Kelamin tidak sesuai dengan NIK";

/// Registration or Edit Profile: a region code is malformed, does not extend its parent or
/// is not in the region list.
pub const REGION_UNKNOWN: &str = "Wilayah yang dipilih tidak dikenal";

/// A request without a valid session (absent, expired or revoked): log in again.
pub const SESSION_EXPIRED: &str = "Sesi Anda telah berakhir, silakan login kembali";

/// The caller's role may not use the endpoint (HTTP 403).
pub const FORBIDDEN: &str = "Anda tidak memiliki akses ke fitur ini";

/// Login, or any request, of a blocked account; `: ` and the admin's reason follow.
pub const ACCOUNT_BLOCKED: &str = "Akun Anda diblokir";

/// A request the server cannot read (body, query or path); often `: ` and the detail follow.
pub const BAD_REQUEST: &str = "Permintaan tidak valid";

/// A request body over the server's size limit (HTTP 413).
pub const BODY_TOO_LARGE: &str = "Data yang dikirim terlalu besar";

/// An unexpected server error (HTTP 500).
pub const INTERNAL: &str = "Terjadi kesalahan pada server, silakan coba lagi";

/// The record or path asked for does not exist (HTTP 404).
pub const NOT_FOUND: &str = "Data tidak ditemukan";

/// Every password-hashing worker is busy (HTTP 503, retry after 2 seconds).
pub const SERVER_BUSY: &str =
    "Server sedang sibuk melayani banyak permintaan. Silakan coba lagi dalam beberapa detik.";
/// The database does not answer (HTTP 503).
pub const SERVICE_UNAVAILABLE: &str = "Layanan sedang tidak tersedia karena gangguan pada server. Silakan coba lagi beberapa saat lagi.";

/// The server's file store is full, so an upload was not kept (HTTP 507).
pub const STORAGE_FULL: &str =
    "Ruang penyimpanan server sedang penuh. File tidak disimpan; silakan coba lagi nanti.";
/// The server's file store cannot be reached now; nothing of the request was kept (HTTP
/// 503).
pub const STORAGE_UNAVAILABLE: &str = "Penyimpanan file server sedang tidak dapat dihubungi. File tidak disimpan; silakan coba lagi beberapa saat lagi.";
/// A request took longer than the server's time limit (HTTP 503).
pub const REQUEST_TIMEOUT: &str = "Permintaan terlalu lama diproses. Silakan coba lagi.";

/// Desktop: the server cannot be reached (no network, or the server is down).
pub const OFFLINE: &str =
    "Tidak dapat terhubung ke server. Periksa koneksi internet Anda lalu coba lagi.";

/// Registration: the NIK already belongs to an account.
pub fn nik_taken(nik: &str) -> String {
    format!("NIK {nik} sudah terdaftar di database kami")
}

/// Registration or Edit Profile: the e-mail address already belongs to another account.
pub fn email_taken(email: &str) -> String {
    format!("Email {email} sudah terdaftar di database kami")
}

/// Lockout after too many attempts, with the wait in words.
pub fn too_many_attempts(wait_secs: u64) -> String {
    let minutes = wait_secs.div_ceil(60).max(1);
    format!("Terlalu banyak percobaan. Silakan coba lagi dalam {minutes} menit.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taken_messages_name_the_value() {
        assert_eq!(
            nik_taken("6472011505900001"),
            "NIK 6472011505900001 sudah terdaftar di database kami"
        );
        assert_eq!(
            email_taken("a@b.id"),
            "Email a@b.id sudah terdaftar di database kami"
        );
    }

    #[test]
    fn lockout_wait_rounds_up_to_whole_minutes() {
        assert_eq!(
            too_many_attempts(61),
            "Terlalu banyak percobaan. Silakan coba lagi dalam 2 menit."
        );
        assert_eq!(
            too_many_attempts(5),
            "Terlalu banyak percobaan. Silakan coba lagi dalam 1 menit."
        );
    }
}
