//! The resumable send state: which batches the server accepted, and what it said about their lines.
//!
//! It is plain data (serde), written by the caller wherever it likes (a file next to the
//! spreadsheet, the browser's storage). It never holds the exchange key nor any payload: only a
//! one-way fingerprint of the key the server accepted ([`crate::key_fingerprint`]), so that a state is
//! never resumed with another organisme's key.

use serde::{Deserialize, Serialize};

/// The format version of [`SendState`].
pub const STATE_VERSION: u32 = 2;

/// Everything needed to resume a send without sending an accepted batch again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendState {
    /// [`STATE_VERSION`].
    pub version: u32,
    /// [`crate::fingerprint`] of the destination and the items: a state is only applied to them.
    pub fingerprint: String,
    /// [`crate::key_fingerprint`] of the key the server accepted for this send (its key check or a
    /// batch), once it did: resuming with another key is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The batches, in sending order. Accepted ones are kept as they were; the others are planned
    /// again on resume (so the batch size may change between runs).
    pub batches: Vec<BatchRecord>,
}

/// One batch: its lines and, once the server took it, what it answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchRecord {
    /// The spreadsheet lines of its items, in order (item `i` is `lines[i]`).
    pub lines: Vec<u32>,
    /// When the server answered 200 with the API's answer for it (caller's clock, milliseconds since
    /// the Unix epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_at_ms: Option<u64>,
    /// Lines the server refused (`data[i].validation_errors`), with its messages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<LineErrors>,
    /// When the server answered it with a success status but not with the API's answer (a placeholder
    /// page, a captive portal…): nothing proves it was stored, so it is not accepted and stays to be sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unconfirmed_at_ms: Option<u64>,
}

impl BatchRecord {
    /// Whether the server took this batch.
    pub fn is_accepted(&self) -> bool {
        self.accepted_at_ms.is_some()
    }

    /// Whether the server answered it without confirming it (and it is not accepted).
    pub fn is_unconfirmed(&self) -> bool {
        !self.is_accepted() && self.unconfirmed_at_ms.is_some()
    }
}

/// A line the server refused, with its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineErrors {
    /// The spreadsheet line.
    pub line: u32,
    /// The server's `validation_errors`, in its order.
    pub errors: Vec<ServerError>,
}

/// One `{message, path}` of a server answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerError {
    /// The field (the last text of `path`), or none for the whole item.
    pub field: Option<String>,
    /// The server's message, as it wrote it.
    pub message: String,
}
