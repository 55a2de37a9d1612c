//! Identifiers the sandbox makes up: demo keys (UUID v4, like the platform's), `MongoDB`-style
//! `_id`s, and the organisme id a key stands for.

use std::sync::atomic::{AtomicU32, Ordering};

use sha2::{Digest, Sha256};

/// Random bytes from the operating system; a fixed pattern if it has none (a sandbox still works).
fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    if getrandom::fill(&mut bytes).is_err() {
        let fallback = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        for (index, byte) in bytes.iter_mut().enumerate() {
            *byte = fallback.to_le_bytes()[index % 16];
        }
    }
    bytes
}

/// A random 64-bit seed.
pub fn random_seed() -> u64 {
    u64::from_le_bytes(random_bytes::<8>())
}

/// A random UUID v4, the form of the platform's exchange keys (`docs/api.md#exchange-key`).
pub fn demo_key() -> String {
    let mut bytes = random_bytes::<16>();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = hex(&bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The organisme id (24 hexadecimal digits) that a key authenticates: stable for a key, so the
/// store and the answers agree across restarts.
pub fn organisme_id(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    hex(&digest[..12])
}

/// `MongoDB` `ObjectId`s: seconds, a per-process random part, a counter.
#[derive(Debug)]
pub struct ObjectIds {
    process: [u8; 5],
    counter: AtomicU32,
}

impl ObjectIds {
    /// A generator with a fresh random part.
    pub fn new() -> ObjectIds {
        let bytes = random_bytes::<8>();
        let mut process = [0u8; 5];
        process.copy_from_slice(&bytes[..5]);
        ObjectIds {
            process,
            counter: AtomicU32::new(u32::from_le_bytes([bytes[5], bytes[6], bytes[7], 0])),
        }
    }

    /// The next id, 24 hexadecimal digits.
    pub fn next_id(&self, unix_seconds: u32) -> String {
        let counter = self.counter.fetch_add(1, Ordering::Relaxed).to_be_bytes();
        let mut bytes = [0u8; 12];
        bytes[..4].copy_from_slice(&unix_seconds.to_be_bytes());
        bytes[4..9].copy_from_slice(&self.process);
        bytes[9..].copy_from_slice(&counter[1..]);
        hex(&bytes)
    }
}

impl Default for ObjectIds {
    fn default() -> ObjectIds {
        ObjectIds::new()
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|byte| [DIGITS[usize::from(byte >> 4)], DIGITS[usize::from(byte & 0x0f)]])
        .map(char::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let key = demo_key();
        let parts: Vec<usize> = key.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12], "{key}");
        assert_eq!(&key[14..15], "4", "version 4: {key}");
        assert!("89ab".contains(&key[19..20]), "variant: {key}");
        assert_ne!(demo_key(), key);

        assert_eq!(organisme_id("abc"), organisme_id("abc"));
        assert_eq!(organisme_id("abc").len(), 24);

        let ids = ObjectIds::new();
        let (first, second) = (ids.next_id(1_741_255_200), ids.next_id(1_741_255_200));
        assert_eq!(first.len(), 24);
        assert!(first.starts_with("67c97220"), "seconds first: {first}");
        assert_ne!(first, second);
    }
}
