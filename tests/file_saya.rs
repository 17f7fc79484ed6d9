//! File Saya on a real SQLite file and a real folder: type checks from the bytes,
//! content-addressed storage, thumbnails upright, search, pages, deletion.

use std::io::Cursor;
use std::path::Path;

use eptsp_core::files::FileKind;
use eptsp_desktop::files::FileStore;
use eptsp_desktop::store::Store;

mod common;
use common::{noisy_rotated_jpeg, rotated_jpeg};

struct Lib {
    dir: tempfile::TempDir,
    store: Store,
    files: FileStore,
}

async fn lib() -> Lib {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("eptsp.sqlite")).await.unwrap();
    let files = FileStore::new(dir.path(), eptsp_desktop::crypto::DataKey::generate());
    Lib { dir, store, files }
}

/// The thumbnail the list shows (a PNG data URL; stored encrypted).
fn thumbnail(f: &eptsp_desktop::files::FileEntry) -> image::DynamicImage {
    use base64::Engine;
    let url = f.thumbnail.as_deref().expect("a thumbnail");
    let png = base64::engine::general_purpose::STANDARD
        .decode(url.strip_prefix("data:image/png;base64,").unwrap())
        .unwrap();
    image::load_from_memory(&png).unwrap()
}

fn blobs(dir: &Path) -> usize {
    walk(&dir.join("files/blobs"))
}

fn walk(p: &Path) -> usize {
    std::fs::read_dir(p).map_or(0, |rd| {
        rd.map(|e| {
            let p = e.unwrap().path();
            if p.is_dir() { walk(&p) } else { 1 }
        })
        .sum()
    })
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 3) as u8, (y * 5) as u8, 90]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% {text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n").into_bytes()
}

#[tokio::test]
async fn an_image_is_stored_by_its_hash_with_a_thumbnail() {
    let l = lib().await;
    let bytes = png(600, 300);
    let path = l.dir.path().join("denah lokasi.png");
    std::fs::write(&path, &bytes).unwrap();
    let f = l
        .files
        .import_path(&l.store, &path, "Denah Lokasi")
        .await
        .unwrap();
    assert_eq!(f.kind, FileKind::Png);
    assert_eq!(f.name, "Denah Lokasi");
    assert_eq!(f.original_name, "denah lokasi.png");
    assert_eq!(f.size, bytes.len() as i64);
    let stored = l.files.read_all(&f.sha256).unwrap();
    assert_eq!(stored, bytes);
    use sha2::Digest;
    let expected: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(f.sha256, expected);
    assert!(
        f.thumbnail
            .as_deref()
            .unwrap()
            .starts_with("data:image/png;base64,")
    );
    let thumb = thumbnail(&f);
    assert_eq!((thumb.width(), thumb.height()), (256, 128));
}

#[tokio::test]
async fn a_phone_photo_gets_an_upright_thumbnail() {
    let l = lib().await;
    let f = l
        .files
        .import_bytes(&l.store, rotated_jpeg(400, 200), "IMG_0001.JPG", "Foto KTP")
        .await
        .unwrap();
    assert_eq!(f.kind, FileKind::Jpg);
    let thumb = thumbnail(&f);
    // 400×200 stored sideways: upright it is 200 wide and 400 high, scaled to fit 256.
    assert_eq!((thumb.width(), thumb.height()), (128, 256));
}

#[tokio::test]
async fn the_same_bytes_are_stored_once() {
    let l = lib().await;
    let bytes = pdf("akta pendirian");
    let a = l
        .files
        .import_bytes(&l.store, bytes.clone(), "akta.pdf", "Akta")
        .await
        .unwrap();
    let b = l
        .files
        .import_bytes(&l.store, bytes, "akta (1).pdf", "Akta salinan")
        .await
        .unwrap();
    assert_ne!(a.id, b.id);
    assert_eq!(a.sha256, b.sha256);
    assert_eq!(blobs(l.dir.path()), 1);
    assert_eq!(l.files.list(&l.store, "", 1).await.unwrap().total, 2);
}

#[tokio::test]
async fn a_renamed_program_is_refused_and_nothing_is_kept() {
    let l = lib().await;
    let mut exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0".to_vec();
    exe.resize(4096, 0);
    let e = l
        .files
        .import_bytes(&l.store, exe, "surat permohonan.pdf", "Surat")
        .await
        .unwrap_err();
    assert_eq!(e.code, "file_disguised");
    assert!(
        e.message
            .starts_with("File \"surat permohonan.pdf\" bukan PDF: isinya program"),
        "{}",
        e.message
    );
    assert_eq!(blobs(l.dir.path()), 0);
    assert_eq!(l.files.list(&l.store, "", 1).await.unwrap().total, 0);
}

#[tokio::test]
async fn a_51_mb_file_is_refused_before_it_is_read() {
    let l = lib().await;
    let path = l.dir.path().join("gambar teknik.pdf");
    let f = std::fs::File::create(&path).unwrap();
    // Sparse: 51 MB long, but its bytes are not even a PDF. Only the size may decide.
    f.set_len(51 * 1024 * 1024).unwrap();
    let e = l
        .files
        .import_path(&l.store, &path, "Gambar")
        .await
        .unwrap_err();
    assert_eq!(e.code, "file_too_large");
    assert_eq!(
        e.message,
        "Ukuran file 51,0 MB melebihi batas maksimal 50 MB"
    );
    assert_eq!(walk(&l.dir.path().join("files")), 0);
}

#[tokio::test]
async fn an_unsupported_type_is_named_in_the_message() {
    let l = lib().await;
    let e = l
        .files
        .import_bytes(
            &l.store,
            b"Nama;NIK\nBudi;6472\n".to_vec(),
            "data.csv",
            "Data",
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, "file_unsupported");
    assert!(e.message.ends_with("Gunakan PDF, JPG, PNG, GIF atau DWG."));
}

#[tokio::test]
async fn the_library_is_searched_by_name_and_paged_by_ten() {
    let l = lib().await;
    for i in 1..=12 {
        l.files
            .import_bytes(
                &l.store,
                pdf(&format!("dokumen {i}")),
                &format!("d{i}.pdf"),
                &format!("Dokumen Usaha {i:02}"),
            )
            .await
            .unwrap();
    }
    l.files
        .import_bytes(&l.store, png(20, 20), "ktp.png", "KTP Pemohon")
        .await
        .unwrap();
    let all = l.files.list(&l.store, "", 1).await.unwrap();
    assert_eq!((all.total, all.pages, all.items.len()), (13, 2, 10));
    assert_eq!(all.items[0].name, "KTP Pemohon", "newest first");
    let found = l.files.list(&l.store, "usaha", 2).await.unwrap();
    assert_eq!(
        (found.total, found.page, found.pages, found.items.len()),
        (12, 2, 2, 2)
    );
    let none = l.files.list(&l.store, "100%_", 1).await.unwrap();
    assert_eq!((none.total, none.pages, none.items.len()), (0, 1, 0));
    // A page past the end shows the last one.
    assert_eq!(l.files.list(&l.store, "", 9).await.unwrap().page, 2);
}

#[tokio::test]
async fn deleting_keeps_bytes_another_entry_still_uses() {
    let l = lib().await;
    let bytes = png(50, 50);
    let a = l
        .files
        .import_bytes(&l.store, bytes.clone(), "a.png", "Foto A")
        .await
        .unwrap();
    let b = l
        .files
        .import_bytes(&l.store, bytes, "b.png", "Foto B")
        .await
        .unwrap();
    l.files.delete(&l.store, &a.id).await.unwrap();
    assert!(l.files.has(&b.sha256));
    l.files.delete(&l.store, &b.id).await.unwrap();
    assert!(!l.files.has(&b.sha256));
    assert_eq!(
        l.files.delete(&l.store, &b.id).await.unwrap_err().code,
        "not_found"
    );
}

/// A real PNG whose header (IHDR) is patched to declare `w` × `h` pixels, its checksum
/// made again: what a decompression bomb looks like before anything is decoded.
fn png_declaring(w: u32, h: u32) -> Vec<u8> {
    let mut bytes = png(64, 64);
    // Signature (8), length (4), "IHDR" (4), then width and height; the CRC after 13 bytes.
    bytes[16..20].copy_from_slice(&w.to_be_bytes());
    bytes[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32fast::hash(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

async fn nothing_kept(l: &Lib) {
    assert_eq!(l.files.list(&l.store, "", 1).await.unwrap().total, 0);
    let blobs = walk_files(&l.dir.path().join("files"));
    assert!(
        blobs
            .iter()
            .all(|p| p.starts_with(l.dir.path().join("files/tmp"))),
        "a refused picture left {blobs:?}"
    );
}

fn walk_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk_files(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[tokio::test]
async fn a_picture_declaring_forty_thousand_pixels_a_side_is_refused_from_its_header() {
    let l = lib().await;
    let e = l
        .files
        .import_bytes(&l.store, png_declaring(40_000, 40_000), "bom.png", "Denah")
        .await
        .unwrap_err();
    assert_eq!(e.code, "image_too_large");
    assert_eq!(
        e.message,
        "Gambar terlalu besar: 40000×40000 piksel. Maksimal 16.384 piksel per sisi dan 64 megapiksel; perkecil gambar lalu unggah lagi."
    );
    nothing_kept(&l).await;
    // Long and thin is judged by its pixels too: 16 000 × 8 000 is 128 megapixels.
    let e = l
        .files
        .import_bytes(
            &l.store,
            png_declaring(16_000, 8_000),
            "panjang.png",
            "Denah",
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, "image_too_large");
    nothing_kept(&l).await;
}

#[tokio::test]
async fn a_picture_cut_short_is_refused_and_nothing_is_kept() {
    let l = lib().await;
    let whole = png(600, 300);
    let e = l
        .files
        .import_bytes(
            &l.store,
            whole[..whole.len() / 2].to_vec(),
            "denah.png",
            "Denah",
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, "image_damaged");
    assert_eq!(
        e.message,
        "Gambar \"denah.png\" rusak atau tidak lengkap sehingga tidak dapat dibuka. Unggah ulang file aslinya."
    );
    nothing_kept(&l).await;
    let photo = rotated_jpeg(400, 200);
    let e = l
        .files
        .import_bytes(
            &l.store,
            photo[..photo.len() * 2 / 3].to_vec(),
            "IMG_0002.JPG",
            "Foto",
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, "image_damaged");
    nothing_kept(&l).await;
    // The whole picture is taken as before.
    let f = l
        .files
        .import_bytes(&l.store, whole, "denah.png", "Denah")
        .await
        .unwrap();
    assert!(f.thumbnail.is_some());
}

/// A large phone photo is sent downscaled to its requirement's size, upright, made once and
/// kept; a requirement that keeps originals, a small photo and a PNG are sent as they are;
/// deleting the entry removes the smaller copy too.
#[tokio::test]
async fn a_large_phone_photo_is_sent_downscaled_and_upright_unless_the_requirement_keeps_it() {
    let l = lib().await;
    let bytes = noisy_rotated_jpeg(4000, 3000);
    let f = l
        .files
        .import_bytes(&l.store, bytes.clone(), "IMG_2041.JPG", "Foto KTP")
        .await
        .unwrap();
    assert_eq!(f.size, bytes.len() as i64, "File Saya keeps the original");
    assert!(
        f.size > 5 * 1024 * 1024,
        "{} bytes: a camera's photo",
        f.size
    );
    let before = blobs(l.dir.path());
    let sent = l
        .files
        .sent_for(&l.store, &f.id, 2560)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(sent.sha256, f.sha256);
    assert!(sent.size < f.size / 4, "{} of {}", sent.size, f.size);
    let img = image::load_from_memory(&l.files.read_all(&sent.sha256).unwrap()).unwrap();
    assert_eq!(
        (img.width(), img.height()),
        (1920, 2560),
        "upright and fitted"
    );
    // Made once: asked again (the check at "Kirim", then the upload), nothing new is made.
    assert_eq!(blobs(l.dir.path()), before + 1);
    let again = l
        .files
        .sent_for(&l.store, &f.id, 2560)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again, sent);
    assert_eq!(blobs(l.dir.path()), before + 1);
    // The requirement that keeps originals gets the very bytes.
    let original = l.files.sent_for(&l.store, &f.id, 0).await.unwrap().unwrap();
    assert_eq!(
        (original.sha256.as_str(), original.size),
        (f.sha256.as_str(), f.size)
    );
    // What already fits, and what is not a photo, goes as it is.
    let small = l
        .files
        .import_bytes(&l.store, rotated_jpeg(400, 200), "kecil.jpg", "Kecil")
        .await
        .unwrap();
    assert_eq!(
        l.files
            .sent_for(&l.store, &small.id, 2560)
            .await
            .unwrap()
            .unwrap()
            .sha256,
        small.sha256
    );
    let drawing = l
        .files
        .import_bytes(&l.store, png(3000, 2000), "denah.png", "Denah")
        .await
        .unwrap();
    assert_eq!(
        l.files
            .sent_for(&l.store, &drawing.id, 2560)
            .await
            .unwrap()
            .unwrap()
            .sha256,
        drawing.sha256
    );

    l.files.delete(&l.store, &f.id).await.unwrap();
    assert!(!l.files.has(&f.sha256));
    assert!(!l.files.has(&sent.sha256), "the smaller copy goes with it");
}
