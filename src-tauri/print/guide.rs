//! "Unduh Panduan": the Bantuan text (`assets/help.json`, the same the screen shows) as a
//! guide of several A4 pages, made on this computer, offline too.

use serde::Deserialize;

use super::*;

const HELP: &str = include_str!("../../assets/help.json");

#[derive(Deserialize)]
struct Help {
    troubleshooting: Vec<Entry>,
    faq: Vec<Entry>,
    tips: Vec<Tips>,
    contacts: Contacts,
}

#[derive(Deserialize)]
struct Entry {
    section: String,
    question: String,
    answer: Vec<String>,
}

#[derive(Deserialize)]
struct Tips {
    title: String,
    items: Vec<String>,
}

#[derive(Deserialize)]
struct Contacts {
    office: String,
    address: Vec<String>,
    channels: Vec<Channel>,
    hours: Vec<String>,
}

#[derive(Deserialize)]
struct Channel {
    media: String,
    contact: String,
    hours: String,
}

/// Text flowing down A4 pages: a new page when the current one is full.
struct Flow {
    pages: Vec<Writer>,
    w: Writer,
    y: f32,
}

/// The lowest line on a page (mm from the bottom), above the page number.
const BOTTOM: f32 = 22.0;

impl Flow {
    fn new_page(&mut self) {
        let next = Writer {
            ops: Vec::new(),
            regular: self.w.regular.clone(),
            bold: self.w.bold.clone(),
        };
        self.pages.push(std::mem::replace(&mut self.w, next));
        self.y = 277.0;
    }

    /// Room for `mm` more on this page, or a new page.
    fn room(&mut self, mm: f32) {
        if self.y - mm < BOTTOM {
            self.new_page();
        }
    }

    /// `text` wrapped to the page at `size` points, from `x` mm; `bullet` starts its first line.
    fn para(&mut self, x: f32, size: f32, bold: bool, bullet: &str, text: &str) {
        // DejaVu Sans averages about a fifth of the point size in millimetres per character.
        let width = ((190.0 - x) / (size * 0.2)) as usize;
        let step = size * 0.45;
        for (i, line) in wrap(text, width).iter().enumerate() {
            self.room(step);
            if i == 0 && !bullet.is_empty() {
                self.w.text(x - 4.0, self.y, size, bold, bullet);
            }
            self.w.text(x, self.y, size, bold, line);
            self.y -= step;
        }
    }

    fn heading(&mut self, text: &str) {
        self.room(20.0);
        self.y -= 4.0;
        self.para(20.0, 13.0, true, "", text);
        self.y -= 1.5;
    }

    fn subheading(&mut self, text: &str) {
        self.room(14.0);
        self.y -= 2.0;
        self.para(20.0, 10.5, true, "", text);
        self.y -= 0.5;
    }

    fn entries(&mut self, list: &[Entry]) {
        let mut section = "";
        for e in list {
            if e.section != section {
                section = &e.section;
                self.subheading(section);
            }
            self.room(10.0);
            self.para(24.0, 9.5, true, "", &e.question);
            for a in &e.answer {
                self.para(28.0, 9.0, false, "•", a);
            }
            self.y -= 1.5;
        }
    }
}

/// The guide: troubleshooting, FAQ, tips and contacts, with page numbers.
pub fn guide_pdf() -> Result<Vec<u8>, String> {
    let help: Help =
        serde_json::from_str(HELP).map_err(|e| format!("isi panduan tidak terbaca: {e}"))?;
    let (doc, mut w) = letterhead("Panduan Penggunaan E-PTSP")?;
    w.text(20.0, 254.0, 16.0, true, "PANDUAN PENGGUNAAN E-PTSP");
    w.text(
        20.0,
        246.0,
        10.0,
        false,
        "Mengatasi masalah, pertanyaan yang sering diajukan, tips dan kontak bantuan",
    );
    let mut f = Flow {
        pages: Vec::new(),
        w,
        y: 236.0,
    };
    f.heading("1. Mengatasi Masalah");
    f.entries(&help.troubleshooting);
    f.heading("2. Pertanyaan yang Sering Diajukan (FAQ)");
    f.entries(&help.faq);
    f.heading("3. Tips dan Trik");
    for t in &help.tips {
        f.subheading(&t.title);
        for i in &t.items {
            f.para(28.0, 9.0, false, "•", i);
        }
    }
    f.heading("4. Kontak Bantuan");
    f.para(20.0, 10.0, true, "", &help.contacts.office);
    for line in &help.contacts.address {
        f.para(20.0, 9.5, false, "", line);
    }
    f.y -= 2.0;
    for c in &help.contacts.channels {
        f.para(
            24.0,
            9.5,
            false,
            "•",
            &format!("{}: {} ({})", c.media, c.contact, c.hours),
        );
    }
    f.subheading("Jam Pelayanan Kantor");
    for h in &help.contacts.hours {
        f.para(28.0, 9.0, false, "•", h);
    }
    f.pages.push(f.w);
    let total = f.pages.len();
    for (i, page) in f.pages.iter_mut().enumerate() {
        page.text(
            20.0,
            12.0,
            8.0,
            false,
            &format!(
                "Panduan E-PTSP · DPMPTSP Provinsi Kalimantan Timur · halaman {} dari {total}",
                i + 1
            ),
        );
    }
    Ok(finish_pages(doc, f.pages))
}
