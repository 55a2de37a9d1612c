//! What is sent: one item per valid line, and the fingerprint that ties a send state to them.

use effectifs_core::Report;
use serde_json::{Map, Value as Json};
use sha2::{Digest, Sha256};

/// One valid line ready to send: its spreadsheet line number and its v3 payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The spreadsheet's own row number.
    pub line: u32,
    /// The dossier exactly as it is sent (`effectifs_api::dossier_json`).
    pub dossier: Map<String, Json>,
}

/// The items of a report: its valid lines, in file order (D11: only valid lines are sent).
pub fn items(report: &Report) -> Vec<Item> {
    report
        .lines
        .iter()
        .filter_map(|line| {
            line.valid_dossier().map(|dossier| Item {
                line: line.line,
                dossier: effectifs_api::dossier_json(dossier),
            })
        })
        .collect()
}

/// A digest of what would be sent, and where: the destination base and every item's line and
/// payload. A send state records it, so it is never applied to another file, another content, or
/// another server.
pub fn fingerprint(destination: &str, items: &[Item]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"effectifs-send/1\n");
    hasher.update(destination.trim_end_matches('/').as_bytes());
    hasher.update(b"\n");
    for item in items {
        hasher.update(item.line.to_string().as_bytes());
        hasher.update(b"\t");
        // Serialising a map of plain values cannot fail; an empty text would still change the digest.
        hasher.update(serde_json::to_vec(&item.dossier).unwrap_or_default());
        hasher.update(b"\n");
    }
    hex(&hasher.finalize())
}

/// A one-way digest of the exchange key, salted with the send's [`fingerprint`]: it ties a send state
/// to the key the server accepted without the key ever being written, and differs from one send
/// to another.
pub fn key_fingerprint(send_fingerprint: &str, key: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"effectifs-send/key/1\n");
    hasher.update(send_fingerprint.as_bytes());
    hasher.update(b"\n");
    hasher.update(key.as_bytes());
    hex(&hasher.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(64), |mut hex, byte| {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
        hex
    })
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;

    fn item(line: u32, nom: &str) -> Item {
        let mut dossier = Map::new();
        dossier.insert("nom_apprenant".to_owned(), Json::String(nom.to_owned()));
        Item { line, dossier }
    }

    #[test]
    fn fingerprint_follows_content_and_destination() {
        let base = "http://127.0.0.1:8787/api";
        let one = fingerprint(base, &[item(2, "Doe")]);
        assert_eq!(one.len(), 64);
        assert_eq!(one, fingerprint("http://127.0.0.1:8787/api/", &[item(2, "Doe")]));
        assert_ne!(one, fingerprint(base, &[item(2, "Roe")]), "another content");
        assert_ne!(one, fingerprint(base, &[item(3, "Doe")]), "another line");
        assert_ne!(one, fingerprint("https://example.invalid/api", &[item(2, "Doe")]));
    }

    #[test]
    fn key_fingerprint_is_one_way_and_per_send() {
        let key = "7c0ffee0-5ec2-4e7a-9d1b-c1e5ec2e7a9d";
        let send = fingerprint("http://127.0.0.1:8787/api", &[item(2, "Doe")]);
        let digest = key_fingerprint(&send, key);
        assert_eq!(digest.len(), 64);
        assert!(!digest.contains(key) && !digest.contains("7c0ffee0"));
        assert_eq!(digest, key_fingerprint(&send, key), "stable");
        assert_ne!(digest, key_fingerprint(&send, "00000000-0000-4000-8000-000000000000"));
        let other_send = fingerprint("http://127.0.0.1:8787/api", &[item(3, "Doe")]);
        assert_ne!(digest, key_fingerprint(&other_send, key), "salted by the send");
    }
}
