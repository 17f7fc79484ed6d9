//! Cetak Resi to the system printer through a real CUPS: a private `cupsd` on a loopback
//! port with a PDF printer whose device is a file, the desktop set (Pengaturan) to print
//! on that server, and what the printer received read back with pdftotext.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{applicant, complete_draft, pdf};
use eptsp_desktop::print::PrinterChoice;
use eptsp_desktop::sync;
use eptsp_server::testkit::TestServer;

/// A CUPS scheduler of its own, stopped when dropped.
struct Cups {
    child: Child,
    dir: tempfile::TempDir,
    server: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn writable_by_all(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(p).unwrap();
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o1777)).unwrap();
}

impl Cups {
    fn start() -> Cups {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        {
            use std::os::unix::fs::PermissionsExt;
            // Filters run as the `lp` user: it must reach the spool and temporary folders.
            std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        for sub in ["root", "spool", "cache", "state", "log"] {
            std::fs::create_dir_all(d.join(sub)).unwrap();
        }
        writable_by_all(&d.join("tmp"));
        writable_by_all(&d.join("out"));
        let port = free_port();
        std::fs::write(
            d.join("cupsd.conf"),
            format!(
                "Listen 127.0.0.1:{port}\nLogLevel info\nDefaultAuthType None\nWebInterface No\n\
                 <Location />\n  Order allow,deny\n  Allow all\n</Location>\n\
                 <Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n\
                 <Policy default>\n  <Limit All>\n    Order allow,deny\n    Allow all\n  </Limit>\n</Policy>\n"
            ),
        )
        .unwrap();
        let p = |s: &str| d.join(s).display().to_string();
        std::fs::write(
            d.join("cups-files.conf"),
            format!(
                "FileDevice Yes\nServerRoot {}\nRequestRoot {}\nTempDir {}\nCacheDir {}\nStateDir {}\n\
                 ErrorLog {}\nAccessLog {}\nPageLog {}\nServerBin /usr/lib/cups\nDataDir /usr/share/cups\n",
                p("root"),
                p("spool"),
                p("tmp"),
                p("cache"),
                p("state"),
                p("log/error_log"),
                p("log/access_log"),
                p("log/page_log"),
            ),
        )
        .unwrap();
        let child = Command::new("cupsd")
            .arg("-f")
            .arg("-c")
            .arg(d.join("cupsd.conf"))
            .arg("-s")
            .arg(d.join("cups-files.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start cupsd (scripts/deps.sh installs cups-daemon)");
        let server = format!("127.0.0.1:{port}");
        let cups = Cups { child, dir, server };
        let start = Instant::now();
        while !cups.run("lpstat", &["-r"]).contains("scheduler is running") {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "cupsd did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        cups
    }

    fn run(&self, cmd: &str, args: &[&str]) -> String {
        let out = Command::new(cmd)
            .args(args)
            .env("CUPS_SERVER", &self.server)
            .output()
            .unwrap_or_else(|e| panic!("{cmd}: {e}"));
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
    }

    /// A PDF printer (cups-filters' generic PDF driver) printing into `out/printed.pdf`,
    /// made the default destination.
    fn add_pdf_printer(&self, name: &str) -> PathBuf {
        let out = self.dir.path().join("out/printed.pdf");
        // CUPS (since Debian's 2.4.2-3+deb12u10) opens a file: device without O_CREAT: the
        // file must be there before the job.
        std::fs::write(&out, b"").unwrap();
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o666)).unwrap();
        }
        let uri = format!("file://{}", out.display());
        self.run(
            "lpadmin",
            &[
                "-p",
                name,
                "-E",
                "-v",
                &uri,
                "-P",
                "/usr/share/ppd/cupsfilters/Generic-PDF_Printer-PDF.ppd",
            ],
        );
        self.run("lpadmin", &["-d", name]);
        assert!(
            self.run("lpstat", &["-d"]).contains(name),
            "{name} is the default"
        );
        out
    }

    fn wait_completed(&self, job: &str) {
        let start = Instant::now();
        while !self.run("lpstat", &["-W", "completed", "-o"]).contains(job) {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "job {job} did not complete: {}",
                std::fs::read_to_string(self.dir.path().join("log/error_log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Cups {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn cetak_resi_reaches_the_default_printer_and_says_when_there_is_none() {
    let cups = Cups::start();
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let b = applicant(&server, dir.path()).await;
    let f = b
        .files()
        .unwrap()
        .import_bytes(&b.store().unwrap(), pdf(30_000, 8), "ktp.pdf", "KTP")
        .await
        .unwrap();
    let draft = complete_draft(&b, &f.id).await;
    b.drafts_submit(&draft).await.unwrap();
    let resi = sync::run_once(&b, &b.account().unwrap())
        .await
        .unwrap()
        .received
        .remove(0);
    let app = b.applications().await.unwrap().remove(0);

    // Pengaturan: the office's print server.
    let bad = b
        .set_printer(PrinterChoice {
            name: "Kantor Lantai 2".into(),
            server: "cetak kantor".into(),
        })
        .await
        .unwrap_err();
    let fields: Vec<&str> = bad.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["printer", "print_server"]);
    let status = b
        .set_printer(PrinterChoice {
            name: String::new(),
            server: cups.server.clone(),
        })
        .await
        .unwrap();
    assert_eq!(status.printer.server, cups.server);

    // No printer yet: a clear message, nothing lost.
    let err = b.print_resi_to_printer(&app.id).await.unwrap_err();
    assert_eq!(
        err.message,
        "Belum ada printer bawaan. Atur printer bawaan di pengaturan sistem, lalu coba lagi."
    );

    let printed = cups.add_pdf_printer("Kantor");
    // A printer name that the server does not know.
    b.set_printer(PrinterChoice {
        name: "Lantai2".into(),
        server: cups.server.clone(),
    })
    .await
    .unwrap();
    let err = b.print_resi_to_printer(&app.id).await.unwrap_err();
    assert_eq!(
        err.message,
        "Printer \"Lantai2\" tidak ditemukan. Periksa nama printer di Pengaturan."
    );
    b.set_printer(PrinterChoice {
        name: String::new(),
        server: cups.server.clone(),
    })
    .await
    .unwrap();
    let msg = b.print_resi_to_printer(&app.id).await.unwrap();
    assert_eq!(msg, "Resi dikirim ke printer (pekerjaan cetak Kantor-1).");
    cups.wait_completed("Kantor-1");

    // The driver wraps the PDF in a PJL job; the document starts at %PDF.
    let bytes = std::fs::read(&printed).unwrap();
    let at = bytes
        .windows(5)
        .position(|w| w == b"%PDF-")
        .expect("a PDF reached the printer");
    let doc = dir.path().join("dicetak.pdf");
    std::fs::write(&doc, &bytes[at..]).unwrap();
    let text = common::pdf_text(&doc);
    for expected in ["TANDA TERIMA PERMOHONAN IZIN", resi.as_str(), "Ani Lestari"] {
        assert!(text.contains(expected), "{expected:?} not printed:\n{text}");
    }
}
