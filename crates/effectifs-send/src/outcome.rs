//! Where a send stands: progress figures, and the outcome of every batch and every line.

use serde::Serialize;

use crate::explain::Stop;
use crate::state::ServerError;

/// Progress figures, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Batches planned (accepted ones included).
    pub batches_total: usize,
    /// Batches the server took.
    pub batches_accepted: usize,
    /// Items (valid lines) to send.
    pub items_total: usize,
    /// Items in accepted batches.
    pub items_sent: usize,
    /// Items the server stored without validation error.
    pub items_accepted: usize,
    /// Items the server stored as invalid (`validation_errors`).
    pub items_rejected: usize,
    /// Items in batches the server answered without the API's answer: nothing proves they were
    /// stored, they stay to be sent.
    pub items_unconfirmed: usize,
    /// The batch being sent or waited for (from 1), if any.
    pub current_batch: Option<usize>,
}

/// What became of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchStatus {
    /// The server answered 200 with the API's answer.
    Accepted,
    /// Answered with a success status, but not the API's answer: not accepted, to be sent again.
    Unconfirmed,
    /// Not sent yet, or not accepted.
    Pending,
}

/// One batch of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchOutcome {
    /// Its number, from 1.
    pub batch: usize,
    /// How many items it holds.
    pub lines: usize,
    /// Its first spreadsheet line.
    pub first_line: Option<u32>,
    /// Its last spreadsheet line.
    pub last_line: Option<u32>,
    /// Accepted, unconfirmed or pending.
    pub status: BatchStatus,
    /// When it was accepted (caller's clock, milliseconds since the Unix epoch).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted_at_ms: Option<u64>,
    /// Whether it had been accepted before this run (a resumed send).
    pub resumed: bool,
}

/// What became of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineStatus {
    /// Stored by the server without validation error.
    Accepted,
    /// Stored by the server as invalid: it will never be processed; fix it and send it again.
    Rejected,
    /// Sent, but the answer was not the API's ("non confirmé"): nothing proves it was stored, and it
    /// stays to be sent.
    Unconfirmed,
    /// Not sent (the send stopped first).
    NotSent,
}

impl LineStatus {
    /// The stable name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            LineStatus::Accepted => "accepted",
            LineStatus::Rejected => "rejected",
            LineStatus::Unconfirmed => "unconfirmed",
            LineStatus::NotSent => "not_sent",
        }
    }
}

/// One sent (or unsent) line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineOutcome {
    /// The spreadsheet line.
    pub line: u32,
    /// What became of it.
    pub status: LineStatus,
    /// Its batch (from 1).
    pub batch: usize,
    /// The server's reasons, for a rejected line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ServerError>,
}

/// The whole outcome of a send, so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SendOutcome {
    /// Every batch was accepted.
    pub completed: bool,
    /// Why sending stopped, if it did.
    pub stop: Option<Stop>,
    /// The figures.
    pub progress: Progress,
    /// Every batch, in sending order.
    pub batches: Vec<BatchOutcome>,
    /// Every sendable line, in file order.
    pub lines: Vec<LineOutcome>,
}
