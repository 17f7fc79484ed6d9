// Bantuan, shipped with the app and readable offline: troubleshooting (guide 4.1), FAQ
// (4.2) and contacts with office hours (4.3), from the E-PTSP Kaltim guide, worded for
// this desktop application.

export interface HelpEntry {
  section: string;
  question: string;
  answer: string[];
}

export const TROUBLESHOOTING: HelpEntry[] = [
  { section: "Login dan Akun", question: "Tidak bisa login", answer: ["Penyebab: password, NIK atau e-mail salah.", "Periksa password yang diketik; gunakan \"Tampilkan Password\" untuk memastikan.", "Periksa NIK atau e-mail yang diketik.", "Setelah beberapa kali gagal, akun dikunci sementara; tunggu sesuai waktu yang disebutkan."] },
  { section: "Login dan Akun", question: "Lupa password", answer: ["Klik \"Lupa Password\" di halaman login.", "Masukkan NIK/NPWP, nomor HP dan e-mail terdaftar, lalu minta PIN.", "Masukkan PIN dari e-mail dan buat password baru."] },
  { section: "Login dan Akun", question: "E-mail sudah terdaftar", answer: ["E-mail sudah dipakai akun lain.", "Gunakan e-mail berbeda, atau login dengan e-mail tersebut.", "Jika lupa password, gunakan fitur \"Lupa Password\"."] },
  { section: "Login dan Akun", question: "NIK sudah terdaftar", answer: ["Satu NIK hanya untuk satu akun.", "Jika Anda pemilik akun, gunakan \"Lupa Password\".", "Hubungi admin jika ada masalah."] },
  { section: "Upload Dokumen", question: "Upload gagal atau terputus", answer: ["Dokumen dikirim bertahap dan dilanjutkan otomatis dari bagian terakhir saat koneksi kembali; tidak perlu mengulang dari awal.", "Periksa indikator Online/Offline di pojok kanan atas."] },
  { section: "Upload Dokumen", question: "File terlalu besar", answer: ["Ukuran maksimal 50 MB per file.", "Kompres PDF atau perkecil resolusi gambar sebelum menambahkannya ke File Saya."] },
  { section: "Upload Dokumen", question: "Format file tidak didukung", answer: ["File Saya menerima PDF, JPG, PNG, GIF dan DWG; jenis file diperiksa dari isinya, bukan dari namanya.", "Konversi file ke format yang didukung."] },
  { section: "Upload Dokumen", question: "Upload sangat lambat", answer: ["Kemajuan pengiriman terlihat di Permohonan Saya.", "Biarkan aplikasi terbuka; pengiriman berlanjut di latar belakang."] },
  { section: "Pengajuan Permohonan", question: "Tidak bisa Kirim", answer: ["Periksa semua isian bertanda (*).", "Pastikan semua dokumen wajib sudah dipilih dari File Saya.", "Centang pernyataan di langkah 5."] },
  { section: "Pengajuan Permohonan", question: "Data tidak tersimpan", answer: ["Setiap isian tersimpan otomatis di komputer ini, juga tanpa internet.", "Jika aplikasi tertutup, buka lagi: draf kembali ke langkah terakhir."] },
  { section: "Pengajuan Permohonan", question: "Nomor resi tidak muncul", answer: ["Permohonan yang dikirim saat offline masuk antrian dan terkirim otomatis saat online; resi muncul di Permohonan Saya setelahnya.", "Jika kantor menolak kiriman, alasannya tampil di draf dan draf tetap dapat diperbaiki."] },
  { section: "Pengajuan Permohonan", question: "Koordinat ditolak", answer: ["Isi koordinat dalam derajat desimal, contoh Lintang -0.502106, Bujur 117.153709.", "Titik harus berada di wilayah Provinsi Kalimantan Timur."] },
  { section: "Monitoring dan Tracking", question: "Nomor resi tidak ditemukan", answer: ["Periksa kembali nomor resi; aplikasi mengenali salah ketik dari karakter pemeriksanya.", "Pastikan permohonan sudah terkirim (bukan masih di antrian)."] },
  { section: "Monitoring dan Tracking", question: "Status tidak berubah", answer: ["Setiap tahap umumnya 1–3 hari kerja; perkiraan selesai tampil di detail permohonan.", "Periksa Inbox untuk catatan verifikator."] },
  { section: "Inbox dan Notifikasi", question: "Tidak menerima e-mail", answer: ["Periksa folder spam/promosi.", "Pastikan e-mail di profil benar (Edit Profile).", "Inbox di aplikasi selalu memuat semua pesan."] },
  { section: "Survey IKM dan Pengaduan", question: "Survey tidak bisa diisi", answer: ["Survey hanya untuk permohonan yang sudah selesai, satu kali per permohonan."] },
  { section: "Survey IKM dan Pengaduan", question: "Pengaduan belum dibalas", answer: ["Umumnya dijawab dalam 1–3 hari kerja.", "Untuk hal mendesak, hubungi telepon kantor."] },
];

export const FAQ: HelpEntry[] = [
  { section: "Umum", question: "Apa itu E-PTSP?", answer: ["E-PTSP (Elektronik Pelayanan Terpadu Satu Pintu) adalah aplikasi layanan perizinan DPMPTSP Provinsi Kalimantan Timur untuk mengurus perizinan secara digital."] },
  { section: "Umum", question: "Siapa yang bisa menggunakan aplikasi ini?", answer: ["Semua masyarakat dan pelaku usaha yang mengajukan perizinan kewenangan Provinsi Kalimantan Timur."] },
  { section: "Umum", question: "Apakah gratis?", answer: ["Ya. Tidak ada biaya pendaftaran atau penggunaan aplikasi."] },
  { section: "Umum", question: "Berapa lama proses perizinan?", answer: ["Tergantung jenis izin dan kelengkapan dokumen; umumnya 7–14 hari kerja. Hari kerja tidak termasuk Sabtu, Minggu dan hari libur nasional."] },
  { section: "Registrasi dan Akun", question: "Bagaimana cara mendaftar akun?", answer: ["Di halaman login klik \"Daftar Disini\", isi data, minta kode ke e-mail Anda, masukkan kodenya, lalu Daftar."] },
  { section: "Registrasi dan Akun", question: "Bisakah satu orang punya lebih dari satu akun?", answer: ["Tidak. Satu NIK untuk satu akun; data beberapa perusahaan dapat diisi per permohonan."] },
  { section: "Registrasi dan Akun", question: "Bisakah saya mengubah data profil?", answer: ["Ya, melalui menu pengguna (pojok kanan atas) → Edit Profile. NIK dan nama tidak dapat diubah."] },
  { section: "Pengajuan Perizinan", question: "Dokumen apa saja yang diperlukan?", answer: ["Setiap jenis izin berbeda. Lihat menu Persyaratan (juga tanpa login dan tanpa internet) atau langkah 1 wizard."] },
  { section: "Pengajuan Perizinan", question: "Bisakah saya mengerjakan permohonan tanpa internet?", answer: ["Ya. Draf, File Saya dan Kirim bekerja tanpa internet; permohonan terkirim otomatis saat online dan mendapat nomor resi."] },
  { section: "Pengajuan Perizinan", question: "Apakah dokumen yang sudah diupload bisa dipakai lagi?", answer: ["Ya. Dokumen di File Saya dapat dipakai untuk permohonan lain tanpa mengunggah ulang; file yang sama tidak dikirim dua kali."] },
  { section: "Status dan Tracking", question: "Bagaimana mengetahui status permohonan?", answer: ["Dashboard (Berkas Permohonan Saya), Permohonan Saya, Monitoring Izin dengan nomor resi, Inbox, e-mail, dan notifikasi desktop."] },
  { section: "Status dan Tracking", question: "Apa arti status Perlu Perbaikan?", answer: ["Ada data atau dokumen yang perlu diperbaiki. Buka Permohonan Izin › Revisi Saya, baca catatan verifikator, perbaiki, lalu Submit Revisi sebelum batasnya (5 hari kerja)."] },
  { section: "Status dan Tracking", question: "Apa yang terjadi jika permohonan ditolak?", answer: ["Alasannya dikirim ke Inbox dan e-mail. Anda dapat mengajukan permohonan baru dengan perbaikan."] },
  { section: "Status dan Tracking", question: "Kapan saya bisa mencetak izin?", answer: ["Setelah status Selesai, izin muncul di menu Izin Saya dengan tombol Cetak Izin. Keabsahannya dapat diperiksa dari kode QR-nya."] },
  { section: "Survey dan Pengaduan", question: "Apa itu Survey IKM?", answer: ["Indeks Kepuasan Masyarakat: kuesioner penilaian layanan DPMPTSP, diisi setelah permohonan selesai, satu kali per permohonan, tidak wajib."] },
  { section: "Survey dan Pengaduan", question: "Kapan menggunakan Pengaduan?", answer: ["Untuk kendala teknis yang tidak terselesaikan, keluhan pelayanan, pertanyaan yang tidak terjawab lewat chat, dan saran perbaikan."] },
  { section: "Teknis", question: "Apa yang harus dilakukan jika aplikasi error?", answer: ["Tutup dan buka kembali aplikasi; isian Anda tersimpan.", "Periksa alamat server di Pengaturan.", "Hubungi admin jika berlanjut."] },
  { section: "Teknis", question: "Apakah data saya aman?", answer: ["Ya. Password disimpan tersandi di server, sesi dapat dicabut, dan dokumen diperiksa keasliannya. Jaga kerahasiaan password Anda."] },
];

export const CONTACTS = {
  office: "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPMPTSP) Provinsi Kalimantan Timur",
  address: ["Jl. Basuki Rahmat No. 56", "Pelabuhan, Samarinda Kota", "Kota Samarinda, Kalimantan Timur 75112"],
  channels: [
    { media: "Telepon", contact: "(0541) 743235, 743487, 201372", hours: "Senin–Jumat 08.00–16.00 WITA" },
    { media: "Fax", contact: "(0541) 736446", hours: "Senin–Jumat 08.00–16.00 WITA" },
    { media: "E-mail", contact: "dpmptsp@kaltimprov.go.id", hours: "24 jam (dijawab pada hari kerja)" },
    { media: "Chat", contact: "Menu Chat di aplikasi", hours: "Senin–Jumat 08.00–16.00 WITA" },
  ],
  hours: ["Senin–Jumat: 08.00–16.00 WITA", "Sabtu: 08.00–12.00 WITA (layanan terbatas)", "Minggu dan hari libur: tutup"],
};

/** Entries whose question, answer or section contain every word of `query` (any case). */
export function searchHelp(entries: HelpEntry[], query: string): HelpEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return entries;
  return entries.filter((e) => {
    const text = `${e.section} ${e.question} ${e.answer.join(" ")}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
