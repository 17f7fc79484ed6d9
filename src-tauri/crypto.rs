//! Each account's data on this computer is encrypted with a random key of its own (the
//! data key): the SQLite store with SQLCipher, File Saya's files with XChaCha20-Poly1305
//! in chunks. The data key is kept only wrapped: with a key derived from the account's
//! password (Argon2id), so the store opens offline once the password is typed, and with a
//! secret the server keeps for the account, so a password changed or reset elsewhere
//! loses nothing here.

use std::io::{Read, Seek, SeekFrom, Write};

use argon2::Argon2;
use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::stream::{NewStream, StreamBE32, StreamPrimitive};
use chacha20poly1305::aead::{Aead, KeyInit, OsRng};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

/// An account's data key. Never written anywhere unwrapped.
#[derive(Clone)]
pub struct DataKey(Zeroizing<[u8; 32]>);

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CryptoError {
    /// The password (or the server's secret) does not unwrap this key.
    #[error("the key does not open this data")]
    WrongKey,
    #[error("malformed wrapped key")]
    Malformed,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

fn random<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    OsRng.fill_bytes(&mut b);
    b
}

impl DataKey {
    pub fn generate() -> DataKey {
        DataKey(Zeroizing::new(random()))
    }

    pub fn from_bytes(b: [u8; 32]) -> DataKey {
        DataKey(Zeroizing::new(b))
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// SQLCipher's raw-key form (`x'…'`), for `PRAGMA key`.
    pub fn sqlcipher_pragma(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("\"x'{}'\"", hex(self.0.as_slice())))
    }

    /// A key for one purpose, derived from the data key.
    fn derive(&self, purpose: &str) -> Zeroizing<[u8; 32]> {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(self.0.as_slice()).expect("any key length");
        mac.update(purpose.as_bytes());
        Zeroizing::new(mac.finalize().into_bytes().into())
    }

    /// The name a file's bytes are stored under: keyed, so the folder does not tell which
    /// known document (by its SHA-256) it holds.
    pub fn blob_name(&self, sha256: &str) -> String {
        let k = self.derive("eptsp blob name v1");
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(k.as_slice()).expect("any key length");
        mac.update(sha256.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    pub fn file_cipher(&self) -> FileCipher {
        let k = self.derive("eptsp file v1");
        FileCipher {
            aead: XChaCha20Poly1305::new(k.as_slice().into()),
        }
    }

    /// The key wrapped with `password` (Argon2id, a salt of its own).
    pub fn wrap_with_password(&self, password: &str) -> String {
        let salt: [u8; 16] = random();
        let kek = password_kek(password, &salt);
        format!("a1${}${}", hex(&salt), seal(&kek, self.0.as_slice()))
    }

    pub fn unwrap_with_password(wrapped: &str, password: &str) -> Result<DataKey, CryptoError> {
        let mut parts = wrapped.splitn(3, '$');
        let (Some("a1"), Some(salt), Some(sealed)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(CryptoError::Malformed);
        };
        let salt = unhex(salt).ok_or(CryptoError::Malformed)?;
        open(&password_kek(password, &salt), sealed)
    }

    /// The key wrapped with a 32-byte secret (the server's, for this account).
    pub fn wrap_with_secret(&self, secret: &[u8; 32]) -> String {
        format!("s1${}", seal(secret, self.0.as_slice()))
    }

    pub fn unwrap_with_secret(wrapped: &str, secret: &[u8; 32]) -> Result<DataKey, CryptoError> {
        let sealed = wrapped.strip_prefix("s1$").ok_or(CryptoError::Malformed)?;
        open(secret, sealed)
    }
}

/// Parses a secret sent as 64 hex digits.
pub fn secret_from_hex(s: &str) -> Option<[u8; 32]> {
    unhex(s.trim())?.try_into().ok()
}

fn password_kek(password: &str, salt: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut out = Zeroizing::new([0u8; 32]);
    // OWASP's Argon2id minimum (19 MiB, 2 passes): about a tenth of a second here.
    let params = argon2::Params::new(19 * 1024, 2, 1, Some(32)).expect("valid parameters");
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_into(password.as_bytes(), salt, out.as_mut_slice())
        .expect("valid output length");
    out
}

fn seal(kek: &[u8; 32], plain: &[u8]) -> String {
    let nonce: [u8; 24] = random();
    let ct = XChaCha20Poly1305::new(kek.into())
        .encrypt(XNonce::from_slice(&nonce), plain)
        .expect("encryption of a short buffer");
    format!("{}${}", hex(&nonce), hex(&ct))
}

fn open(kek: &[u8; 32], sealed: &str) -> Result<DataKey, CryptoError> {
    let (nonce, ct) = sealed.split_once('$').ok_or(CryptoError::Malformed)?;
    let nonce = unhex(nonce)
        .filter(|n| n.len() == 24)
        .ok_or(CryptoError::Malformed)?;
    let ct = unhex(ct).ok_or(CryptoError::Malformed)?;
    let plain = Zeroizing::new(
        XChaCha20Poly1305::new(kek.into())
            .decrypt(XNonce::from_slice(&nonce), ct.as_slice())
            .map_err(|_| CryptoError::WrongKey)?,
    );
    let b: [u8; 32] = plain
        .as_slice()
        .try_into()
        .map_err(|_| CryptoError::Malformed)?;
    Ok(DataKey::from_bytes(b))
}

/// Plain bytes per encrypted chunk.
pub const CHUNK: usize = 64 * 1024;

const TAG: usize = 16;

const MAGIC: &[u8; 4] = b"EPF1";

/// Magic, then the stream's 19-byte nonce prefix.
const HEADER: usize = 4 + 19;

/// Encrypts and decrypts File Saya's files: XChaCha20-Poly1305 in the STREAM construction,
/// 64 KiB chunks, each authenticated with its position and whether it is the last (so
/// nothing can be cut, reordered or appended unnoticed), readable from any offset.
pub struct FileCipher {
    aead: XChaCha20Poly1305,
}

impl FileCipher {
    fn stream(&self, prefix: &[u8]) -> StreamBE32<XChaCha20Poly1305> {
        StreamBE32::from_aead(self.aead.clone(), prefix.into())
    }

    /// Encrypts everything `input` yields into `out`; returns the plain length.
    pub fn encrypt(&self, mut input: impl Read, mut out: impl Write) -> std::io::Result<u64> {
        let prefix: [u8; 19] = random();
        let s = self.stream(&prefix);
        out.write_all(MAGIC)?;
        out.write_all(&prefix)?;
        let mut total = 0u64;
        let mut pos: u32 = 0;
        let mut cur = Vec::with_capacity(CHUNK + TAG);
        let mut next = vec![0u8; CHUNK];
        let mut have_next = fill(&mut input, &mut next)?;
        loop {
            cur.clear();
            cur.extend_from_slice(&next[..have_next]);
            have_next = fill(&mut input, &mut next)?;
            let last = have_next == 0;
            total += cur.len() as u64;
            s.encrypt_in_place(pos, last, &[], &mut cur)
                .map_err(|_| std::io::Error::other("encryption failed"))?;
            out.write_all(&cur)?;
            if last {
                return Ok(total);
            }
            pos = pos
                .checked_add(1)
                .ok_or_else(|| std::io::Error::other("file too large"))?;
        }
    }

    /// A reader of the plain bytes of an encrypted file, with seeking.
    pub fn reader<R: Read + Seek>(&self, mut inner: R) -> std::io::Result<PlainReader<R>> {
        let len = inner.seek(SeekFrom::End(0))?;
        inner.seek(SeekFrom::Start(0))?;
        let mut head = [0u8; HEADER];
        inner.read_exact(&mut head)?;
        if &head[..4] != MAGIC || len < (HEADER + TAG) as u64 {
            return Err(bad_data());
        }
        let body = len - HEADER as u64;
        let full = (CHUNK + TAG) as u64;
        let chunks = body.div_ceil(full);
        let last_len = body - (chunks - 1) * full;
        if last_len < TAG as u64 {
            return Err(bad_data());
        }
        Ok(PlainReader {
            stream: self.stream(&head[4..]),
            inner,
            chunks,
            plain_len: (chunks - 1) * CHUNK as u64 + (last_len - TAG as u64),
            pos: 0,
            buf: Vec::with_capacity(CHUNK + TAG),
            buf_chunk: None,
        })
    }

    /// The whole plain content of an encrypted file.
    pub fn decrypt_all<R: Read + Seek>(&self, inner: R) -> std::io::Result<Vec<u8>> {
        let mut r = self.reader(inner)?;
        let mut out = Vec::with_capacity(r.len() as usize);
        r.read_to_end(&mut out)?;
        Ok(out)
    }
}

fn bad_data() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        "file damaged or not encrypted with this account's key",
    )
}

/// Reads until `buf` is full or the input ends; returns how much was read.
fn fill(input: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match input.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

pub struct PlainReader<R> {
    stream: StreamBE32<XChaCha20Poly1305>,
    inner: R,
    chunks: u64,
    plain_len: u64,
    pos: u64,
    buf: Vec<u8>,
    buf_chunk: Option<u64>,
}

impl<R: Read + Seek> PlainReader<R> {
    /// The plain length.
    pub fn len(&self) -> u64 {
        self.plain_len
    }

    pub fn is_empty(&self) -> bool {
        self.plain_len == 0
    }

    fn load(&mut self, chunk: u64) -> std::io::Result<()> {
        if self.buf_chunk == Some(chunk) {
            return Ok(());
        }
        let full = (CHUNK + TAG) as u64;
        self.inner
            .seek(SeekFrom::Start(HEADER as u64 + chunk * full))?;
        self.buf.resize(CHUNK + TAG, 0);
        let n = fill(&mut self.inner, &mut self.buf)?;
        self.buf.truncate(n);
        let last = chunk + 1 == self.chunks;
        let pos = u32::try_from(chunk).map_err(|_| bad_data())?;
        self.buf_chunk = None;
        self.stream
            .decrypt_in_place(pos, last, &[], &mut self.buf)
            .map_err(|_| bad_data())?;
        self.buf_chunk = Some(chunk);
        Ok(())
    }
}

impl<R: Read + Seek> Read for PlainReader<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos >= self.plain_len || out.is_empty() {
            return Ok(0);
        }
        let chunk = self.pos / CHUNK as u64;
        self.load(chunk)?;
        let at = (self.pos - chunk * CHUNK as u64) as usize;
        let n = (self.buf.len() - at).min(out.len());
        out[..n].copy_from_slice(&self.buf[at..at + n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: Read + Seek> Seek for PlainReader<R> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let target = match to {
            SeekFrom::Start(p) => p as i128,
            SeekFrom::End(d) => self.plain_len as i128 + d as i128,
            SeekFrom::Current(d) => self.pos as i128 + d as i128,
        };
        if target < 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "seek before the start",
            ));
        }
        self.pos = target as u64;
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests;
