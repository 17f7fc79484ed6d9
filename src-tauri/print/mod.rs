//! Printed documents, made on this computer from the synced data: the resi (Tanda Terima
//! Permohonan) and the permit (Cetak Izin) as PDFs with printpdf, with embedded fonts and
//! QR codes.

mod fonts;
mod guide;
mod ikm;
mod izin;
mod printer;
mod resi;
mod writer;
pub use guide::*;
pub use ikm::*;
pub use izin::*;
pub use printer::*;
pub use resi::*;
pub use writer::*;

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// What the resi shows.
#[derive(Debug, Clone)]
pub struct ResiInfo {
    pub resi: String,
    pub tanggal: String,
    pub nama: String,
    pub nik: String,
    pub jenis_izin: String,
    pub instansi: String,
    pub jenis_permohonan: String,
    pub lokasi: String,
    /// The documents received, as "name — file".
    pub dokumen: Vec<String>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_shown_in_samarinda_time() {
        assert_eq!(
            super::tanggal_wita("2026-11-22T13:56:00Z"),
            "22 November 2026 pukul 21.56 WITA"
        );
        assert_eq!(
            super::tanggal_wita("2026-12-31T20:00:00Z"),
            "1 Januari 2027 pukul 04.00 WITA"
        );
    }

    /// The guide holds every help entry the screen shows, on numbered pages.
    #[test]
    fn the_guide_prints_all_of_bantuan() {
        let pdf = super::guide_pdf().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("panduan.pdf");
        std::fs::write(&path, &pdf).unwrap();
        let out = std::process::Command::new("pdftotext")
            .arg("-layout")
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        // pdftotext keeps each printed line; compare without the breaks.
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let help: serde_json::Value =
            serde_json::from_str(include_str!("../../assets/help.json")).unwrap();
        for list in ["troubleshooting", "faq"] {
            for e in help[list].as_array().unwrap() {
                let q = e["question"].as_str().unwrap();
                assert!(flat.contains(q), "{q} in the guide");
            }
        }
        for needle in [
            "Tips dan Trik",
            "Tracking kosong",
            "dpmptsp@kaltimprov.go.id",
            "Jl. Basuki Rahmat No. 56",
        ] {
            assert!(flat.contains(needle), "{needle}");
        }
        let pages = text.matches('\u{c}').count();
        assert!(pages >= 3, "{pages} pages");
        assert!(
            flat.contains(&format!("halaman {pages} dari {pages}")),
            "numbered pages"
        );
    }

    #[test]
    fn long_text_wraps_at_spaces() {
        assert_eq!(
            super::wrap("satu dua tiga empat", 9),
            vec!["satu dua", "tiga", "empat"]
        );
        assert_eq!(super::wrap("", 9), vec![""]);
    }

    #[test]
    fn a_print_server_is_a_host_with_an_optional_port() {
        for ok in ["cetak.kantor.local", "10.1.2.3:631", "localhost"] {
            assert!(super::valid_print_server(ok), "{ok}");
        }
        for bad in [
            "",
            ":631",
            "a b",
            "host:0",
            "host:99999",
            "-h evil",
            "-x",
            "x;rm",
        ] {
            assert!(!super::valid_print_server(bad), "{bad}");
        }
    }

    #[test]
    fn what_lp_says_becomes_a_message_for_the_user() {
        use super::{PrinterError, printer_failure};
        assert_eq!(
            printer_failure("lp: Error - No default destination.\n", ""),
            PrinterError::NoPrinter
        );
        assert_eq!(
            printer_failure("lp: The printer or class does not exist.\n", "Lantai2"),
            PrinterError::NotFound("Lantai2".into())
        );
        assert_eq!(
            printer_failure("lp: Error - Scheduler is not running.\n", ""),
            PrinterError::NoService
        );
        assert_eq!(
            printer_failure("lp: Destination \"kantor\" is not accepting jobs.\n", ""),
            PrinterError::Refused("Destination \"kantor\" is not accepting jobs.".into())
        );
    }
}
