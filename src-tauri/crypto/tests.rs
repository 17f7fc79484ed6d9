use super::*;
use std::io::Cursor;

fn sample(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 31 % 251) as u8).collect()
}

#[test]
fn files_of_every_size_round_trip_and_read_from_any_offset() {
    let key = DataKey::generate();
    let c = key.file_cipher();
    for n in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17] {
        let plain = sample(n);
        let mut enc = Vec::new();
        assert_eq!(c.encrypt(plain.as_slice(), &mut enc).unwrap(), n as u64);
        assert!(
            !enc.windows(16.min(n.max(1)))
                .any(|w| n >= 16 && w == &plain[..16])
        );
        assert_eq!(c.decrypt_all(Cursor::new(&enc)).unwrap(), plain, "size {n}");
        let mut r = c.reader(Cursor::new(&enc)).unwrap();
        assert_eq!(r.len(), n as u64);
        for off in [0, n / 2, n.saturating_sub(5)] {
            r.seek(SeekFrom::Start(off as u64)).unwrap();
            let mut rest = Vec::new();
            r.read_to_end(&mut rest).unwrap();
            assert_eq!(rest, &plain[off..], "size {n} from {off}");
        }
    }
}

#[test]
fn a_changed_cut_or_extended_file_is_refused() {
    let key = DataKey::generate();
    let c = key.file_cipher();
    let plain = sample(2 * CHUNK + 100);
    let mut enc = Vec::new();
    c.encrypt(plain.as_slice(), &mut enc).unwrap();
    let mut flipped = enc.clone();
    flipped[HEADER + 10] ^= 1;
    assert!(c.decrypt_all(Cursor::new(&flipped)).is_err());
    // Cut after the first chunk: the first chunk was not written as the last one.
    let cut = enc[..HEADER + CHUNK + TAG].to_vec();
    assert!(c.decrypt_all(Cursor::new(&cut)).is_err());
    let mut longer = enc.clone();
    longer.extend_from_slice(&[0u8; 40]);
    assert!(c.decrypt_all(Cursor::new(&longer)).is_err());
    // Another account's key opens nothing.
    let other = DataKey::generate().file_cipher();
    assert!(other.decrypt_all(Cursor::new(&enc)).is_err());
}

#[test]
fn the_key_unwraps_with_the_right_password_or_secret_only() {
    let key = DataKey::generate();
    let w = key.wrap_with_password("Kaltim2026");
    assert_eq!(
        DataKey::unwrap_with_password(&w, "Kaltim2026")
            .unwrap()
            .as_bytes(),
        key.as_bytes()
    );
    assert_eq!(
        DataKey::unwrap_with_password(&w, "kaltim2026").err(),
        Some(CryptoError::WrongKey)
    );
    let secret: [u8; 32] = random();
    let s = key.wrap_with_secret(&secret);
    assert_eq!(
        DataKey::unwrap_with_secret(&s, &secret).unwrap().as_bytes(),
        key.as_bytes()
    );
    assert_eq!(
        DataKey::unwrap_with_secret(&s, &random()).err(),
        Some(CryptoError::WrongKey)
    );
    assert_eq!(
        DataKey::unwrap_with_password("x", "p").err(),
        Some(CryptoError::Malformed)
    );
    assert_ne!(key.blob_name("ab"), DataKey::generate().blob_name("ab"));
}
