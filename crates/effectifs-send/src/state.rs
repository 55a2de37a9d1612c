//! The resumable send state: which batches the server accepted, and what it said about their lines.
//!
//! It is plain data (serde), written by the caller wherever it likes (a file next to the
//! spreadsheet, the browser's storage). It never holds the exchange key nor any payload.

use serde::{Deserialize, Serialize};

/// The format version of [`SendState`].
pub const STATE_VERSION: u32 = 1;

/// Everything needed to resume a send without sending an accepted batch again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendState {
    /// [`STATE_VERSION`].
    pub version: u32,
    /// [`crate::fingerprint`] of the destination and the items: a state is only applied to them.
    pub fingerprint: String,
    /// The batches, in sending order. Accepted ones are kept as they were; the others are planned
    /// again on resume (so the batch size may change between runs).
    pub batches: Vec<BatchRecord>,
}

/// One batch: its lines and, once the server took it, what it answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchRecord {
    /// The spreadsheet lines of its items, in order (item `i` is `lines[i]`).
    pub lines: Vec<u32>,
    /// When the server answered 200 for it (caller's clock, milliseconds since the Unix epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_at_ms: Option<u64>,
    /// Lines the server refused (`data[i].validation_errors`), with its messages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<LineErrors>,
    /// Lines the 200 answer said nothing readable about (the batch is taken, not confirmed line by line).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unconfirmed: Vec<u32>,
}

impl BatchRecord {
    /// Whether the server took this batch.
    pub fn is_accepted(&self) -> bool {
        self.accepted_at_ms.is_some()
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
