//! Measures Cetak Izin for an area permit: the site's map drawn from the shipped offline
//! tiles and the signed permit's PDF with that map and its QR code (what the app does when
//! the applicant prints the izin), against headless Chromium printing an equivalent HTML
//! izin (the same text, font, map picture and QR code) to PDF from a cold process.
//!
//! Run with `scripts/bench.sh` (release build); needs Debian's `chromium`.

#[path = "common/chromium.rs"]
mod chromium;
#[path = "common/report.rs"]
mod report;

use std::path::Path;
use std::time::Instant;

use eptsp_core::dossier::Titik;
use eptsp_core::izin::{IzinContent, Rincian, SignedIzin};
use eptsp_map::LatLng;
use eptsp_map::preview::Shape;
use eptsp_map::tiles::{Sources, TileSource};

const RUNS: usize = 5;

/// A square site of some 0.8 km a side on the Mahakam at Samarinda.
fn outline() -> Vec<Titik> {
    let (lat, lng, d) = (-0.502106, 117.153709, 0.004);
    [(d, -d), (d, d), (-d, d), (-d, -d)]
        .iter()
        .map(|(a, b)| Titik {
            lat: lat + a,
            lng: lng + b,
        })
        .collect()
}

fn izin() -> SignedIzin {
    SignedIzin {
        content: IzinContent {
            nomor: "503/0007/DPMPTSP-KT/2026".into(),
            application_id: "0b6f3c1e-5d2a-4f7e-9a41-2c8d7e6f5a10".into(),
            resi: "7K3M-Q9X2-H4T".into(),
            pemegang: "Ani Lestari, S.E.".into(),
            perusahaan: "PT Mahakam Tirta Lestari".into(),
            jenis_izin: "Izin Pengusahaan Air Tanah (SIPA)".into(),
            permit_type_id: "SIPA".into(),
            jenis_permohonan: "Perizinan Baru".into(),
            lokasi: "Jl. Gajah Mada No. 12, Rawa Makmur, Palaran, KOTA SAMARINDA".into(),
            lintang: "-0.502106".into(),
            bujur: "117.153709".into(),
            poligon: eptsp_core::izin::outline_text(&outline()),
            rincian: vec![Rincian {
                label: "Debit air yang dimohon".into(),
                nilai: "120 m³/hari".into(),
            }],
            terbit: "2026-12-03".into(),
            berlaku_sampai: "2029-12-03".into(),
            penandatangan: "Dr. H. Muhammad Rizal, M.Si.".into(),
            jabatan: "Kepala DPMPTSP Provinsi Kalimantan Timur".into(),
            key_id: "kt-2026".into(),
            verifikasi_url: "https://perizinan.kaltimprov.go.id".into(),
        },
        signature: eptsp_core::izin::encode_signature(&[7; 64]),
    }
}

/// The same izin as HTML, with the same map picture and QR code.
fn html(izin: &SignedIzin, map: &[u8], fonts: &Path) -> String {
    let c = &izin.content;
    let berlaku = format!("{} s.d. {}", c.terbit, c.berlaku_sampai);
    let koordinat = format!("Lintang {}, Bujur {}", c.lintang, c.bujur);
    let rows = [
        ("Nama Pemegang Izin", c.pemegang.as_str()),
        ("Nama Perusahaan", c.perusahaan.as_str()),
        ("Jenis Izin", c.jenis_izin.as_str()),
        ("Jenis Permohonan", c.jenis_permohonan.as_str()),
        ("Lokasi", c.lokasi.as_str()),
        ("Koordinat", koordinat.as_str()),
        ("Batas Lokasi", c.poligon.as_str()),
        (c.rincian[0].label.as_str(), c.rincian[0].nilai.as_str()),
        ("Masa Berlaku", berlaku.as_str()),
    ]
    .iter()
    .map(|(k, v)| format!("<tr><td>{k}</td><td><b>{v}</b></td></tr>"))
    .collect::<String>();
    format!(
        r#"<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Izin {nomor}</title>
<style>{style}</style></head><body>
<b>PEMERINTAH PROVINSI KALIMANTAN TIMUR</b><br>Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu<hr>
<h1>SURAT IZIN</h1><b>{jenis}</b><div>Nomor: {nomor}</div>
<p>Berdasarkan permohonan yang telah diverifikasi dan memenuhi persyaratan, Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Provinsi Kalimantan Timur memberikan izin kepada:</p>
<table>{rows}</table><img class="map" src="{map}" alt="Peta lokasi"><hr>
<img class="qr" src="{qr}" alt="QR"><p>Ditandatangani secara elektronik oleh<br><b>{oleh}</b><br>{jabatan}</p>
</body></html>"#,
        nomor = c.nomor,
        jenis = c.jenis_izin.to_uppercase(),
        style = chromium::style(fonts),
        map = chromium::data_url(map),
        qr = chromium::data_url(&chromium::qr_png(&eptsp_core::izin::qr_payload(izin))),
        oleh = c.penandatangan,
        jabatan = c.jabatan,
    )
}

#[tokio::main]
async fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (source, _) = TileSource::open(&Sources {
        packs: vec![root.join("map/data/kaltim.pmtiles")],
        xyz: None,
    })
    .await;
    let shape = Shape::Polygon {
        vertices: outline()
            .iter()
            .map(|t| LatLng::new(t.lat, t.lng))
            .collect(),
    };
    let izin = izin();
    // As Cetak Izin does: the map (900 × 500 px) from the tiles, then the PDF.
    let (mut times, mut pdf, mut map) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..2 * RUNS {
        let t = Instant::now();
        map = eptsp_map::preview::render(&source, &shape, 900, 500)
            .await
            .png;
        let (i, m) = (izin.clone(), map.clone());
        pdf = tokio::task::spawn_blocking(move || eptsp_desktop::print::izin_pdf(&i, Some(&m)))
            .await
            .unwrap()
            .unwrap();
        times.push(t.elapsed());
    }
    let work = tempfile::tempdir().unwrap();
    let page = work.path().join("izin.html");
    std::fs::write(&page, html(&izin, &map, &root.join("assets/fonts"))).unwrap();
    let (chromium, chromium_pdf) = chromium::print_to_pdf(&page, work.path(), RUNS);
    let target = root.join("target/bench");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("izin.pdf"), &pdf).unwrap();
    std::fs::write(target.join("izin-chromium.pdf"), &chromium_pdf).unwrap();
    println!(
        "Cetak Izin with its map: {} KB (map {} KB); Chromium's {} KB; samples in target/bench/",
        pdf.len() / 1024,
        map.len() / 1024,
        chromium_pdf.len() / 1024
    );
    report::row(
        "izin PDF with its map (map drawn from the tiles + PDF)",
        "ms",
        &report::ms(&times),
        Some((
            "chromium --headless --print-to-pdf, cold",
            &report::ms(&chromium),
        )),
        "≤ 0.2",
    );
    report::row(
        "izin PDF size",
        "KB",
        &[pdf.len() as f64 / 1024.0],
        Some((
            "Chromium's PDF of the same izin",
            &[chromium_pdf.len() as f64 / 1024.0],
        )),
        "≤ 1 (no larger)",
    );
}
