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
    /// Items in accepted batches whose answer could not be read.
    pub items_unconfirmed: usize,
    /// The batch being sent or waited for (from 1), if any.
    pub current_batch: Option<usize>,
}

/// What became of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchStatus {
    /// The server answered 200.
    Accepted,
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
    /// Accepted or pending.
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
    /// In a batch the server took, but its answer said nothing readable about this line.
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
