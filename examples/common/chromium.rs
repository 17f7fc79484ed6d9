//! Headless Chromium printing an HTML page to PDF from a cold process (Debian's
//! `chromium`), the comparison of the PDFs the app makes: what a web portal's "print to
//! PDF" costs the person waiting for it.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Prints `page` `runs` times, each by a new Chromium process with a new profile under
/// `work`; the time of each and the last PDF.
pub fn print_to_pdf(page: &Path, work: &Path, runs: usize) -> (Vec<Duration>, Vec<u8>) {
    let mut times = Vec::new();
    let mut pdf = Vec::new();
    for i in 0..runs {
        let out = work.join(format!("chromium{i}.pdf"));
        let profile = work.join(format!("profile{i}"));
        let t = Instant::now();
        let status = Command::new("chromium")
            .args(["--headless", "--no-sandbox", "--disable-gpu"])
            .arg("--no-pdf-header-footer")
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("--print-to-pdf={}", out.display()))
            .arg(format!("file://{}", page.display()))
            .stderr(Stdio::null())
            .status()
            .expect("chromium (Debian package chromium)");
        times.push(t.elapsed());
        assert!(status.success(), "chromium printed {}", page.display());
        pdf = std::fs::read(&out).unwrap();
    }
    (times, pdf)
}

/// A PNG as a `data:` address for an `<img>`.
pub fn data_url(png: &[u8]) -> String {
    use base64::Engine;
    format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png)
    )
}

/// The page style both HTML twins share: A4, the app's DejaVu Sans from `fonts`.
pub fn style(fonts: &Path) -> String {
    format!(
        r#"@font-face {{ font-family: "DejaVu Sans"; src: url("file://{dir}/DejaVuSans.ttf"); }}
@font-face {{ font-family: "DejaVu Sans"; font-weight: bold; src: url("file://{dir}/DejaVuSans-Bold.ttf"); }}
@page {{ size: A4; margin: 20mm; }}
body {{ font-family: "DejaVu Sans"; font-size: 10pt; }}
h1 {{ font-size: 16pt; }} .big {{ font-size: 20pt; font-weight: bold; }}
hr {{ border: 0; border-top: 1.2pt solid #0d6e4f; }} img.qr {{ float: right; width: 37mm; }}
img.map {{ width: 100%; }} td:first-child {{ width: 45mm; vertical-align: top; }}"#,
        dir = fonts.display()
    )
}

/// The QR code of `text` as a PNG, drawn as the app draws it.
pub fn qr_png(text: &str) -> Vec<u8> {
    let qr = qrcode::QrCode::new(text.as_bytes())
        .or_else(|_| qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::L))
        .unwrap();
    let img = qr
        .render::<image::Luma<u8>>()
        .min_dimensions(290, 290)
        .build();
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageLuma8(img)
        .write_to(&mut png, image::ImageFormat::Png)
        .unwrap();
    png.into_inner()
}
