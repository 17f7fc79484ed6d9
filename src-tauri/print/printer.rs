//! Sending a PDF to the system printer (CUPS lp) or a chosen print server.

use ts_rs::TS;

/// Why a document did not reach the printer, in words for the user.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PrinterError {
    #[error(
        "Layanan printer tidak tersedia di komputer ini. Buka PDF-nya lalu cetak dari penampil PDF."
    )]
    NoService,
    #[error("Belum ada printer bawaan. Atur printer bawaan di pengaturan sistem, lalu coba lagi.")]
    NoPrinter,
    #[error("Printer \"{0}\" tidak ditemukan. Periksa nama printer di Pengaturan.")]
    NotFound(String),
    #[error("Printer menolak dokumen: {0}")]
    Refused(String),
}

/// Where printing goes (Pengaturan): empty fields mean the system's own choice.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, TS)]
#[ts(export)]
pub struct PrinterChoice {
    /// A printer (CUPS destination) name; empty: the default printer.
    pub name: String,
    /// A CUPS print server as host or host:port; empty: this computer.
    pub server: String,
}

/// `host` or `host:port`, nothing else (it goes on `lp`'s command line).
pub fn valid_print_server(s: &str) -> bool {
    let (host, port) = match s.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (s, None),
    };
    !host.is_empty()
        && !host.starts_with('-')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && port.is_none_or(|p| p.parse::<u16>().is_ok_and(|n| n > 0))
}

/// Sends the PDF at `path` to a printer: CUPS `lp` on Linux and macOS, the shell's Print
/// verb (default printer) on Windows. Returns the print job's id when the spooler gives
/// one.
pub fn send_to_printer(
    path: &std::path::Path,
    title: &str,
    to: &PrinterChoice,
) -> Result<String, PrinterError> {
    #[cfg(windows)]
    let out = {
        let _ = (title, to);
        std::process::Command::new("powershell")
            .args([
                "-NoProfile",
                "-Command",
                "Start-Process -Verb Print -FilePath $args[0]",
            ])
            .arg(path)
            .output()
    };
    #[cfg(not(windows))]
    let out = {
        let mut lp = std::process::Command::new("lp");
        if !to.server.is_empty() {
            lp.arg("-h").arg(&to.server);
        }
        if !to.name.is_empty() {
            lp.arg("-d").arg(&to.name);
        }
        lp.arg("-t").arg(title).arg("--").arg(path).output()
    };
    let out = out.map_err(|_| PrinterError::NoService)?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(printer_failure(&stderr, &to.name));
    }
    // "request id is Kantor-12 (1 file(s))"
    Ok(stdout
        .split_whitespace()
        .skip_while(|w| *w != "is")
        .nth(1)
        .unwrap_or("")
        .to_owned())
}

pub(super) fn printer_failure(stderr: &str, name: &str) -> PrinterError {
    let s = stderr.to_lowercase();
    if !name.is_empty() && (s.contains("does not exist") || s.contains("not found")) {
        PrinterError::NotFound(name.to_owned())
    } else if s.contains("no default destination") || s.contains("does not exist") {
        PrinterError::NoPrinter
    } else if s.contains("scheduler is not running") || s.contains("unable to connect") {
        PrinterError::NoService
    } else {
        PrinterError::Refused(stderr.trim().trim_start_matches("lp: ").to_owned())
    }
}
