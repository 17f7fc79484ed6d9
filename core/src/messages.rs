//! The user-facing messages that are not field validation: the wording of the DPMPTSP
//! guide (sections 2.3 and 3) where it gives one, so that the server, the desktop and the
//! tests all say exactly the same thing.

pub const LOGIN_UNKNOWN: &str = "NIK / Email tidak terdaftar";
pub const LOGIN_WRONG_PASSWORD: &str = "Password Salah";
pub const REGISTER_FAILED: &str = "Proses Pendaftaran Gagal";
pub const EMAIL_CODE_WRONG: &str = "Kode Email Yang Anda Inputkan Salah!";
pub const FORGOT_MISMATCH: &str = "No KTP / NPWP, No.Telp dan Email Anda Harus Benar!";
pub const PIN_WRONG: &str = "PIN yang Anda masukkan salah atau sudah kadaluarsa";
pub const PASSWORD_CHANGED: &str = "Password berhasil diubah";
pub const PROFILE_SAVED: &str = "Data berhasil disimpan";
pub const OLD_PASSWORD_WRONG: &str = "Password Lama Salah";
pub const PASSWORD_CONFIRM_MISMATCH: &str = "Ulangi Password Baru tidak sama";
pub const NIK_BIRTH_DATE_MISMATCH: &str = "Tanggal Lahir tidak sesuai dengan NIK";
pub const NIK_GENDER_MISMATCH: &str = "Jenis Kelamin tidak sesuai dengan NIK";
pub const REGION_UNKNOWN: &str = "Wilayah yang dipilih tidak dikenal";
pub const SESSION_EXPIRED: &str = "Sesi Anda telah berakhir, silakan login kembali";
pub const FORBIDDEN: &str = "Anda tidak memiliki akses ke fitur ini";
pub const ACCOUNT_BLOCKED: &str = "Akun Anda diblokir";
pub const BAD_REQUEST: &str = "Permintaan tidak valid";
pub const BODY_TOO_LARGE: &str = "Data yang dikirim terlalu besar";
pub const INTERNAL: &str = "Terjadi kesalahan pada server, silakan coba lagi";
pub const NOT_FOUND: &str = "Data tidak ditemukan";
pub const SERVER_BUSY: &str =
    "Server sedang sibuk melayani banyak permintaan. Silakan coba lagi dalam beberapa detik.";
pub const SERVICE_UNAVAILABLE: &str = "Layanan sedang tidak tersedia karena gangguan pada server. Silakan coba lagi beberapa saat lagi.";
pub const STORAGE_FULL: &str =
    "Ruang penyimpanan server sedang penuh. File tidak disimpan; silakan coba lagi nanti.";
pub const REQUEST_TIMEOUT: &str = "Permintaan terlalu lama diproses. Silakan coba lagi.";
pub const OFFLINE: &str =
    "Tidak dapat terhubung ke server. Periksa koneksi internet Anda lalu coba lagi.";

pub fn nik_taken(nik: &str) -> String {
    format!("NIK {nik} sudah terdaftar di database kami")
}

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
