//! The office's electronic signature (TTE). Behind [`Signer`], so that a certified
//! provider (BSrE, PAdES) can take Ed25519's place without touching the signing flow.

use ed25519_dalek::{Signer as _, SigningKey};

pub trait Signer: Send + Sync {
    /// Names the key, printed on the permit and checked on verification.
    fn key_id(&self) -> &str;
    fn public_key(&self) -> [u8; 32];
    fn sign(&self, message: &[u8]) -> [u8; 64];
}

/// Ed25519 with a key held by the server.
pub struct Ed25519Signer {
    key: SigningKey,
    key_id: String,
}

/// The development key, committed so that a development server and the desktop built from
/// this repository agree (`keys/office-signing-key.pub.hex` is its public half). A real
/// office sets `EPTSP_SIGNING_KEY_FILE` and builds the desktop with its own public key.
pub const DEV_KEY_HEX: &str = include_str!("../keys/dev-signing-key.hex");
pub const DEV_KEY_ID: &str = "dpmptsp-kaltim-dev-1";

fn from_hex(s: &str) -> anyhow::Result<[u8; 32]> {
    let s = s.trim();
    anyhow::ensure!(
        s.len() == 64,
        "a signing key is 32 bytes written as 64 hex digits"
    );
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16)?;
    }
    Ok(out)
}

pub fn to_hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

impl Ed25519Signer {
    pub fn from_hex_seed(hex: &str, key_id: &str) -> anyhow::Result<Self> {
        Ok(Ed25519Signer {
            key: SigningKey::from_bytes(&from_hex(hex)?),
            key_id: key_id.to_owned(),
        })
    }

    /// A key named after its public half (`dpmptsp-kaltim-1a2b3c4d`).
    pub fn from_hex_seed_named(hex: &str) -> anyhow::Result<Self> {
        let mut s = Self::from_hex_seed(hex, "")?;
        s.key_id = format!("dpmptsp-kaltim-{}", &to_hex(&s.public_key())[..8]);
        Ok(s)
    }

    pub fn development() -> Self {
        Self::from_hex_seed(DEV_KEY_HEX, DEV_KEY_ID).expect("the committed development key")
    }
}

impl Signer for Ed25519Signer {
    fn key_id(&self) -> &str {
        &self.key_id
    }

    fn public_key(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }

    fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_desktop_ships_the_public_half_of_the_development_key() {
        let shipped = include_str!("../../keys/office-signing-key.pub.hex").trim();
        assert_eq!(to_hex(&Ed25519Signer::development().public_key()), shipped);
    }

    #[test]
    fn a_malformed_key_is_refused() {
        assert!(Ed25519Signer::from_hex_seed("abc", "x").is_err());
        assert!(Ed25519Signer::from_hex_seed(&"zz".repeat(32), "x").is_err());
    }
}
