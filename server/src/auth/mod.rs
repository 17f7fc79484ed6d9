//! Who is calling: password hashing, sessions with opaque tokens, one-time codes and
//! throttling.

pub mod codes;
pub mod password;
pub mod session;
pub mod throttle;

use sha2::{Digest, Sha256};

/// SHA-256 of the parts, each length-prefixed so that no two inputs collide.
pub fn sha256(parts: &[&[u8]]) -> Vec<u8> {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p);
    }
    h.finalize().to_vec()
}
