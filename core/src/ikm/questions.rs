//! The text of both questionnaires, question by question: long Bahasa Indonesia data that
//! the index rules in `ikm.rs` only read.

use serde::Serialize;
use ts_rs::TS;

/// One question: its code, its text, and its four answers (scores 1 to 4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Question {
    /// Stable code stored with each answer (K1, U1–U9, T1, I1, P01–P10).
    pub code: &'static str,
    /// The question as shown (Bahasa Indonesia).
    pub text: &'static str,
    /// The four answer texts, for scores 1 to 4 in order.
    pub answers: [&'static str; 4],
    /// Counted in the index (U1–U9).
    pub in_index: bool,
}

const fn q(
    code: &'static str,
    text: &'static str,
    answers: [&'static str; 4],
    in_index: bool,
) -> Question {
    Question {
        code,
        text,
        answers,
        in_index,
    }
}

const SETUJU: [&str; 4] = ["Tidak setuju", "Kurang setuju", "Setuju", "Sangat setuju"];

/// The satisfaction questionnaire, in the guide's order.
pub const IKM_QUESTIONS: [Question; 12] = [
    q(
        "K1",
        "Bagaimana pendapat Anda tentang kinerja pelayanan perizinan kami?",
        ["Tidak baik", "Kurang baik", "Baik", "Sangat baik"],
        false,
    ),
    q(
        "U1",
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
        true,
    ),
    q(
        "U2",
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"],
        true,
    ),
    q(
        "U3",
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"],
        true,
    ),
    q(
        "U4",
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        [
            "Sangat mahal",
            "Cukup mahal",
            "Murah",
            "Gratis / sangat murah",
        ],
        true,
    ),
    q(
        "U5",
        "Apakah produk layanan yang diterima sesuai dengan yang diinformasikan?",
        ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
        true,
    ),
    q(
        "U6",
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        [
            "Tidak kompeten",
            "Kurang kompeten",
            "Kompeten",
            "Sangat kompeten",
        ],
        true,
    ),
    q(
        "U7",
        "Bagaimana pendapat Saudara tentang kesopanan dan keramahan petugas dalam pelayanan?",
        [
            "Tidak sopan dan santun",
            "Kurang sopan dan santun",
            "Sopan dan santun",
            "Sangat sopan dan santun",
        ],
        true,
    ),
    q(
        "U9",
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        ["Buruk", "Cukup", "Baik", "Sangat baik"],
        true,
    ),
    q(
        "U8",
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        [
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ],
        true,
    ),
    q(
        "T1",
        "Bagaimana pendapat Saudara tentang transparansi pelayanan (informasi persyaratan, biaya, waktu penyelesaian)?",
        [
            "Tidak transparan",
            "Kurang transparan",
            "Transparan",
            "Sangat transparan",
        ],
        false,
    ),
    q(
        "I1",
        "Bagaimana pendapat Anda tentang integritas petugas pelayanan (suap, pungutan liar, gratifikasi)?",
        [
            "Tidak berintegritas",
            "Kurang berintegritas",
            "Berintegritas",
            "Sangat berintegritas",
        ],
        false,
    ),
];

/// The corruption-perception questionnaire (Survei Persepsi Korupsi).
pub const IPK_QUESTIONS: [Question; 10] = [
    q(
        "P01",
        "Prosedur pelayanan yang ditetapkan sudah memadai dan tidak berpotensi menimbulkan korupsi, kolusi, dan nepotisme (KKN).",
        SETUJU,
        false,
    ),
    q(
        "P02",
        "Petugas pelayanan tidak meminta imbalan barang/jasa atas pelayanan yang diberikan.",
        SETUJU,
        false,
    ),
    q(
        "P03",
        "Petugas pelayanan tidak menerima pemberian barang/jasa atas pelayanan yang diberikan.",
        SETUJU,
        false,
    ),
    q(
        "P04",
        "Tidak terdapat praktik percaloan/perantara tidak resmi pada pelayanan.",
        SETUJU,
        false,
    ),
    q(
        "P05",
        "Petugas pelayanan berlaku adil dan tidak diskriminatif.",
        SETUJU,
        false,
    ),
    q("P06", "Tidak terdapat pungutan liar.", SETUJU, false),
    q(
        "P07",
        "Petugas pelayanan tidak meminta imbalan uang terkait pelayanan yang diberikan.",
        SETUJU,
        false,
    ),
    q(
        "P08",
        "Petugas pelayanan tidak memihak pemohon yang memberi uang/barang.",
        SETUJU,
        false,
    ),
    q(
        "P09",
        "Tidak ada diskriminasi dalam penanganan pengaduan pelayanan.",
        SETUJU,
        false,
    ),
    q(
        "P10",
        "Produk/jasa pelayanan yang diterima sesuai dengan daftar produk/jasa layanan yang tersedia.",
        SETUJU,
        false,
    ),
];
