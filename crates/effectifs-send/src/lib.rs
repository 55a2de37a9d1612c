//! `effectifs-send`: the send engine, without I/O.
//!
//! It takes the valid lines of a validated file and decides, step by step, what to send to
//! `POST {base}/v3/dossiers-apprenants` (`docs/api.md`, decision D11): a key check first, then
//! batches of at most 2000 dossiers, one at a time. After each answer it decides what comes next:
//! the next batch, a retry after a delay (exponential back-off with jitter, or the server's
//! `Retry-After`), or a stop with a French explanation. It maps every `data[i].validation_errors`
//! of a 200 answer back to the spreadsheet line of item `i`, counts progress, and keeps a
//! serialisable [`SendState`] recording which batches were accepted, so that resuming an
//! interrupted send does not send an accepted batch again.
//!
//! A batch counts as accepted only when the answer is the API's own 200 answer (`docs/api.md`); any
//! other success answer leaves it "non confirmé", to be sent again. Delivery is therefore
//! at-least-once: an answer lost after the server stored a batch means that batch is sent again,
//! which is harmless because the platform keys an effectif by (organisme, année scolaire,
//! `id_erp_apprenant`).
//!
//! It does no HTTP, reads no clock and draws no random number of its own: the caller (the CLI with
//! reqwest, the web app with `fetch`) performs each [`Request`], reports what happened as an
//! [`Event`], gives the current time, sleeps when told to [`Step::Wait`], and seeds the jitter.
//! So the same logic runs natively and in the browser (it compiles for `wasm32-unknown-unknown`).
//!
//! ```text
//! let mut session = SendSession::new(items(&report), base, Config::default());
//! loop {
//!     match session.next_step() {
//!         Step::Send(request) => { /* POST base + request.path, then */ session.handle(now_ms, event); }
//!         Step::Wait(wait) => { /* sleep wait.delay_ms */ }
//!         Step::Done(ending) => break,
//!     }
//! }
//! ```

pub mod explain;
pub mod item;
pub mod outcome;
pub mod response;
mod rng;
pub mod session;
pub mod state;
#[cfg(test)]
mod tests;

pub use explain::{Stop, StopReason};
pub use item::{Item, fingerprint, items, key_fingerprint};
pub use outcome::{BatchOutcome, BatchStatus, LineOutcome, LineStatus, Progress, SendOutcome};
pub use response::parse_retry_after;
pub use session::{Config, Ending, Event, Request, RequestKind, ResumeError, SendSession, Step, Wait, WaitReason};
pub use state::{BatchRecord, LineErrors, STATE_VERSION, SendState, ServerError};

/// The API's limit of items per request (`docs/api.md#limits`).
pub const MAX_BATCH: usize = 2000;

/// The path of the ingestion endpoint, under the base (`https://…/api`).
pub const INGESTION_PATH: &str = "/v3/dossiers-apprenants";

/// The path of the key check endpoint, which answers `{"msg":"ok"}` to a valid key.
pub const KEY_CHECK_PATH: &str = "/v3/dossiers-apprenants/test";

/// The production base URL (`docs/api.md#endpoints`).
pub const DEFAULT_BASE: &str = "https://cfas.apprentissage.beta.gouv.fr/api";
