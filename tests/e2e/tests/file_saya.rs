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
    app.click("#nav-permohonan").await;
    app.click("#tab-files").await;
    app.wait_screen("files").await;
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
