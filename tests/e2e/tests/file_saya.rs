//! File Saya in the real window: upload with a name, a thumbnail in the list, a renamed
//! program and an oversized file refused with their messages, search, delete.

use eptsp_e2e::{ANI, App, register_via_api};
use eptsp_server::testkit::TestServer;

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(320, 200, |x, y| {
        image::Rgb([(x / 2) as u8, (y / 2) as u8, 140])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// CRC-32 (PNG's) of `bytes`.
fn crc32(bytes: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 == 1 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// A real PNG whose header declares 40000 × 40000 pixels: a decompression bomb.
fn png_bomb() -> Vec<u8> {
    let mut bytes = png();
    bytes[16..20].copy_from_slice(&40_000u32.to_be_bytes());
    bytes[20..24].copy_from_slice(&40_000u32.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

/// A 12-megapixel camera photo (noisy, so it weighs what one does), over 5 MB.
fn phone_photo() -> Vec<u8> {
    let mut seed = 0x9e37_79b9_u32;
    let img = image::RgbImage::from_fn(4000, 3000, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let n = (seed & 0x3f) as u8;
        image::Rgb([
            ((x / 16) as u8).wrapping_add(n),
            ((y / 16) as u8).wrapping_add(n),
            90 + n,
        ])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 92)
        .encode_image(&img)
        .unwrap();
    assert!(jpeg.len() > 5 * 1024 * 1024);
    jpeg
}

#[tokio::test]
async fn documents_are_uploaded_checked_searched_and_deleted() {
    let server = TestServer::start().await;
    register_via_api(&server, &ANI).await;
    let dir = tempfile::tempdir().unwrap();
    let ktp = dir.path().join("ktp.png");
    std::fs::write(&ktp, png()).unwrap();
    let fake = dir.path().join("surat permohonan.pdf");
    let mut exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0".to_vec();
    exe.resize(8192, 0);
    std::fs::write(&fake, exe).unwrap();
    let big = dir.path().join("gambar teknik.pdf");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(51 * 1024 * 1024)
        .unwrap();

    let mut app = App::launch(&server.url(), "file-saya").await;
    app.sign_in(ANI.email, ANI.password).await;
    app.wait_screen("dashboard").await;
    app.permohonan_tab("#tab-files", "files").await;
    app.wait_text("#files-pageinfo", "Hal 1 dari 1").await;

    app.fill("#files-name", "KTP Pemohon").await;
    app.el("#files-input")
        .await
        .send_keys(ktp.to_str().unwrap())
        .await
        .unwrap();
    app.click("#files-upload").await;
    app.wait_text("#files-alert", "\"KTP Pemohon\" tersimpan di File Saya")
        .await;
    app.wait_text("#files-rows", "KTP Pemohon").await;
    app.el("#files-rows img.thumb").await;
    app.shot("uploaded").await;

    app.fill("#files-name", "Surat").await;
    app.el("#files-input")
        .await
        .send_keys(fake.to_str().unwrap())
        .await
        .unwrap();
    app.click("#files-upload").await;
    app.wait_text(
        "#files-alert",
        "File \"surat permohonan.pdf\" bukan PDF: isinya program",
    )
    .await;
    app.shot("disguised-program-refused").await;

    app.el("#files-input")
        .await
        .send_keys(big.to_str().unwrap())
        .await
        .unwrap();
    app.click("#files-upload").await;
    app.wait_text(
        "#files-alert",
        "Ukuran file 51,0 MB melebihi batas maksimal 50 MB",
    )
    .await;
    app.shot("oversized-refused").await;

    // Pictures are decoded whole, within limits: a bomb and a cut-short one are refused.
    let bomb = dir.path().join("denah.png");
    std::fs::write(&bomb, png_bomb()).unwrap();
    app.el("#files-input")
        .await
        .send_keys(bomb.to_str().unwrap())
        .await
        .unwrap();
    app.click("#files-upload").await;
    app.wait_text("#files-alert", "Gambar terlalu besar: 40000×40000 piksel")
        .await;
    let cut = dir.path().join("foto lokasi.png");
    let whole = png();
    std::fs::write(&cut, &whole[..whole.len() * 2 / 3]).unwrap();
    app.el("#files-input")
        .await
        .send_keys(cut.to_str().unwrap())
        .await
        .unwrap();
    app.click("#files-upload").await;
    app.wait_text(
        "#files-alert",
        "Gambar \"foto lokasi.png\" rusak atau tidak lengkap",
    )
    .await;
    app.shot("broken-pictures-refused").await;

    app.fill("#files-search", "zzz").await;
    app.wait_text("#files-rows", "Tidak ada file yang cocok")
        .await;
    app.fill("#files-search", "ktp").await;
    app.wait_text("#files-rows", "KTP Pemohon").await;

    app.click("#files-rows .file-delete").await;
    app.wait_text("#files-rows .file-delete", "Yakin hapus?")
        .await;
    app.click("#files-rows .file-delete").await;
    app.wait_text("#files-rows", "Tidak ada file yang cocok")
        .await;
    app.shot("deleted").await;
    app.close().await;
}

/// Step 5: a requirement takes a file straight from the disk ("Pilih File", "Upload"):
/// the wrong format and a file over the requirement's own limit are refused as soon as
/// they are chosen; a good one shows its progress, "Upload berhasil", lands in File Saya
/// and is chosen for the requirement.
#[tokio::test]
async fn a_requirement_takes_a_file_from_disk_checked_at_once() {
    let server = TestServer::start().await;
    register_via_api(&server, &ANI).await;
    let dir = tempfile::tempdir().unwrap();
    let ktp = dir.path().join("ktp ani.pdf");
    std::fs::write(&ktp, eptsp_server::testkit::pdf_bytes(120_000, 5)).unwrap();
    let nib = dir.path().join("nib.png");
    std::fs::write(&nib, png()).unwrap();
    let big = dir.path().join("ktp besar.pdf");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(6 * 1024 * 1024)
        .unwrap();
    let id_of = |sort: i32| {
        let db = server.state.db.clone();
        async move {
            sqlx::query_scalar::<_, i32>(
                "SELECT id FROM requirements WHERE permit_type_id = 'sipa' AND sort = $1",
            )
            .bind(sort)
            .fetch_one(&db)
            .await
            .unwrap()
        }
    };
    let (ktp_req, nib_req) = (id_of(1).await, id_of(2).await);

    let mut app = App::launch(&server.url(), "slot-upload").await;
    app.sign_in(ANI.email, ANI.password).await;
    app.wait_screen("dashboard").await;
    app.click("#nav-permohonan").await;
    app.new_sipa_draft_to_lokasi().await;
    app.fill_lokasi_samarinda().await;
    app.fill("#wizard-lokasi-lintang", "-0.502106").await;
    app.fill("#wizard-lokasi-bujur", "117.153709").await;
    app.click("#wizard-next").await;
    app.el("#wizard[data-step=\"5\"]").await;
    app.wait_text("#wizard", "Kartu Tanda Penduduk (KTP) Penanggung Jawab *")
        .await;

    choose(&app, ktp_req, &big).await;
    app.wait_text(
        &format!("#req-{ktp_req}-status"),
        "Ukuran file 6,0 MB melebihi batas maksimal 5 MB untuk persyaratan ini.",
    )
    .await;
    choose(&app, nib_req, &nib).await;
    app.wait_text(
        &format!("#req-{nib_req}-status"),
        "Format file harus PDF; file ini PNG.",
    )
    .await;
    app.shot("slot-refused").await;

    choose(&app, ktp_req, &ktp).await;
    app.click(&format!("#req-{ktp_req}-upload")).await;
    app.wait_text(&format!("#req-{ktp_req}-status"), "Upload berhasil")
        .await;
    assert!(
        !app.value(&format!("#wizard-req-{ktp_req}"))
            .await
            .is_empty(),
        "chosen for the requirement"
    );
    app.shot("slot-uploaded").await;
    // A phone photo over the KTP's 5 MB is taken: it is sent downscaled, and "Kirim"
    // checks the smaller file (the other documents are still missing).
    let photo = dir.path().join("IMG_2041.JPG");
    std::fs::write(&photo, phone_photo()).unwrap();
    choose(&app, ktp_req, &photo).await;
    app.click(&format!("#req-{ktp_req}-upload")).await;
    app.wait_text(&format!("#req-{ktp_req}-status"), "Upload berhasil")
        .await;
    app.click("#wizard-pernyataan").await;
    app.click("#wizard-next").await;
    app.wait_text(&format!("#wizard-req-{nib_req}-error"), "wajib dilampirkan")
        .await;
    assert_eq!(app.text(&format!("#wizard-req-{ktp_req}-error")).await, "");
    app.shot("slot-photo-taken").await;
    // Saved with the draft, and kept in File Saya.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    app.click("#wizard-close").await;
    app.wait_screen("pengajuan").await;
    app.click("#tab-files").await;
    app.wait_screen("files").await;
    app.wait_text("#files-rows", "Kartu Tanda Penduduk (KTP) Penanggung Jawab")
        .await;
    app.wait_text("#files-rows", "ktp ani.pdf").await;
    app.close().await;
}

/// Chooses `path` in the file field of requirement `req` on step 5.
async fn choose(app: &App, req: i32, path: &std::path::Path) {
    app.el(&format!("#req-{req}-file"))
        .await
        .send_keys(path.to_str().unwrap())
        .await
        .unwrap();
}
