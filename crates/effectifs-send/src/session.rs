//! The state machine of one send: what to do next, and what an answer means.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value as Json};

use crate::explain::{self, Stop, StopReason};
use crate::item::{Item, fingerprint, key_fingerprint};
use crate::outcome::{BatchOutcome, BatchStatus, LineOutcome, LineStatus, Progress, SendOutcome};
use crate::response::{self, ItemAnswer};
use crate::rng::SplitMix64;
use crate::state::{BatchRecord, LineErrors, STATE_VERSION, SendState};
use crate::{INGESTION_PATH, KEY_CHECK_PATH, MAX_BATCH};

/// How to send: batch size, retry budget and delays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Items per batch, clamped to `1..=2000` (`docs/api.md#limits`).
    pub batch_size: usize,
    /// Check the key with `POST …/test` before the first batch, so a wrong key stops at once.
    pub check_key: bool,
    /// How many times one request is retried after a server error (5xx, 408) or a network failure.
    pub max_retries: u32,
    /// How many 429 answers in a row one request may get before the engine gives up.
    pub max_rate_limited: u32,
    /// First back-off delay; it doubles at each failure, with jitter.
    pub base_delay_ms: u64,
    /// The back-off ceiling.
    pub max_delay_ms: u64,
    /// The longest `Retry-After` the engine waits for; beyond it, it stops and says to come back later.
    pub max_retry_after_ms: u64,
    /// Seed of the jitter (the caller's randomness: the engine draws none).
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            batch_size: MAX_BATCH,
            check_key: true,
            max_retries: 5,
            max_rate_limited: 30,
            base_delay_ms: 1000,
            max_delay_ms: 60_000,
            max_retry_after_ms: 300_000,
            seed: 0,
        }
    }
}

/// What a request is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum RequestKind {
    /// `POST …/v3/dossiers-apprenants/test`: does the server take this key?
    KeyCheck,
    /// `POST …/v3/dossiers-apprenants` with batch `batch` (from 1).
    Batch {
        /// The batch number, from 1.
        batch: usize,
    },
}

/// A request for the caller to perform: `POST {base}{path}` with `Authorization: Bearer <key>`,
/// `Content-Type: application/json` and `body`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// What it is for.
    pub kind: RequestKind,
    /// The path under the base (`/v3/dossiers-apprenants`).
    pub path: &'static str,
    /// The JSON body (empty for the key check).
    pub body: Vec<u8>,
    /// Which try this is, from 1.
    pub attempt: u32,
    /// The spreadsheet lines of the batch, in order.
    pub lines: Vec<u32>,
}

impl Request {
    /// The full URL under `base` (`https://…/api`, with or without a final `/`).
    pub fn url(&self, base: &str) -> String {
        format!("{}{}", base.trim_end_matches('/'), self.path)
    }
}

/// What happened to the last request, as the caller saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// The server answered (whatever the status).
    Response {
        /// The HTTP status.
        status: u16,
        /// The `Retry-After` header, if any.
        retry_after: Option<&'a str>,
        /// The body.
        body: &'a [u8],
    },
    /// No answer: connection refused or dropped, time-out, unreadable body…
    NetworkError {
        /// What went wrong, for the person (no key in it).
        detail: &'a str,
    },
}

/// Why the engine asks to wait.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum WaitReason {
    /// HTTP 429.
    RateLimited {
        /// The delay is the server's `Retry-After`.
        retry_after: bool,
    },
    /// HTTP 5xx or 408.
    ServerError {
        /// The status.
        status: u16,
    },
    /// A network failure.
    Network {
        /// The caller's description.
        detail: String,
    },
}

/// Wait before trying the same request again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Wait {
    /// How long, in milliseconds.
    pub delay_ms: u64,
    /// Why.
    pub reason: WaitReason,
    /// The request to try again.
    pub kind: RequestKind,
    /// The try that comes after the wait, from 1.
    pub next_attempt: u32,
}

impl fmt::Display for Wait {
    /// "Lot 2 : le serveur répond HTTP 503 ; nouvel essai dans 1,2 s (essai 2)."
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            RequestKind::KeyCheck => "Vérification de la clé".to_owned(),
            RequestKind::Batch { batch } => format!("Lot {batch}"),
        };
        let why = match &self.reason {
            WaitReason::RateLimited { retry_after: true } => {
                "le serveur limite le nombre de requêtes (HTTP 429) et demande d'attendre".to_owned()
            }
            WaitReason::RateLimited { retry_after: false } => {
                "le serveur limite le nombre de requêtes (HTTP 429)".to_owned()
            }
            WaitReason::ServerError { status } => format!("le serveur répond HTTP {status}"),
            WaitReason::Network { detail } => format!("erreur réseau ({detail})"),
        };
        write!(
            formatter,
            "{what} : {why} ; nouvel essai dans {} (essai {}).",
            explain::duration_words(self.delay_ms),
            self.next_attempt
        )
    }
}

/// How a send ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// Every batch was accepted (some lines may still have been refused: see the outcome).
    Completed,
    /// Sending stopped; the state says which batches were accepted.
    Stopped(Stop),
}

/// What the caller does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Perform this request, then report with [`SendSession::handle`].
    Send(Request),
    /// Sleep, then ask again.
    Wait(Wait),
    /// Nothing more to do.
    Done(Ending),
}

/// Why a saved state cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResumeError {
    /// Written by another version of the engine.
    Version(u32),
    /// Made for other content or another server.
    OtherContent,
    /// Names a line that is not among the items, or twice.
    UnknownLine(u32),
    /// Made with another exchange key than the one given now.
    OtherKey,
}

impl fmt::Display for ResumeError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResumeError::Version(version) => write!(
                formatter,
                "l'état d'envoi a été écrit par une autre version (format {version}, attendu {STATE_VERSION})"
            ),
            ResumeError::OtherContent => formatter.write_str(
                "l'état d'envoi a été créé pour un autre contenu ou un autre serveur : le fichier a changé depuis \
                 (lignes modifiées, ajoutées ou supprimées), ou l'adresse du serveur n'est plus la même",
            ),
            ResumeError::UnknownLine(line) => write!(
                formatter,
                "l'état d'envoi cite la ligne {line}, qui n'est pas (ou plus d'une fois) parmi les lignes à envoyer"
            ),
            ResumeError::OtherKey => formatter.write_str(
                "l'état d'envoi a été créé avec une autre clé d'échange : celle d'un autre organisme, ou une clé \
                 remplacée depuis par une nouvelle",
            ),
        }
    }
}

impl std::error::Error for ResumeError {}

#[derive(Debug, Clone)]
enum Phase {
    Idle,
    Waiting(Wait),
    InFlight(RequestKind),
    Stopped(Stop),
}

/// One send: the items, the plan and where it stands.
#[derive(Debug, Clone)]
pub struct SendSession {
    items: Vec<Item>,
    /// Item indexes of each batch, parallel to `state.batches`.
    plan: Vec<Vec<usize>>,
    state: SendState,
    config: Config,
    phase: Phase,
    rng: SplitMix64,
    key_checked: bool,
    /// [`key_fingerprint`] of the key in use, once the caller gave it ([`SendSession::use_key`]).
    key: Option<String>,
    /// Resumed from a saved state: the key is checked again even when nothing is left to send.
    from_state: bool,
    /// Batches accepted before this session started.
    resumed: usize,
    /// Tries of the current request, failures (5xx, network) and 429s since its last success.
    tries: u32,
    failures: u32,
    rate_limited: u32,
}

impl SendSession {
    /// A new send of `items` to `destination` (the base URL, recorded in the fingerprint).
    pub fn new(items: Vec<Item>, destination: &str, config: Config) -> SendSession {
        let state = SendState {
            version: STATE_VERSION,
            fingerprint: fingerprint(destination, &items),
            key: None,
            batches: Vec::new(),
        };
        let mut session = SendSession::with_state(items, config, state, Vec::new());
        let all: Vec<usize> = (0..session.items.len()).collect();
        session.plan_rest(&all);
        session
    }

    /// Resumes a send from a saved state: its accepted batches are kept and never sent again; the
    /// other items are planned again with the current batch size. The key is checked again before
    /// anything else, even when every batch was accepted.
    pub fn resume(
        items: Vec<Item>,
        destination: &str,
        config: Config,
        saved: SendState,
    ) -> Result<SendSession, ResumeError> {
        if saved.version != STATE_VERSION {
            return Err(ResumeError::Version(saved.version));
        }
        if saved.fingerprint != fingerprint(destination, &items) {
            return Err(ResumeError::OtherContent);
        }
        let by_line: BTreeMap<u32, usize> = items
            .iter()
            .enumerate()
            .map(|(index, item)| (item.line, index))
            .collect();
        let mut taken = vec![false; items.len()];
        let mut accepted = Vec::new();
        for record in saved.batches.into_iter().filter(BatchRecord::is_accepted) {
            let mut indexes = Vec::with_capacity(record.lines.len());
            for line in &record.lines {
                let index = *by_line.get(line).ok_or(ResumeError::UnknownLine(*line))?;
                if std::mem::replace(&mut taken[index], true) {
                    return Err(ResumeError::UnknownLine(*line));
                }
                indexes.push(index);
            }
            accepted.push((record, indexes));
        }
        let state = SendState {
            version: STATE_VERSION,
            fingerprint: saved.fingerprint,
            key: saved.key,
            batches: Vec::new(),
        };
        let (records, plan): (Vec<BatchRecord>, Vec<Vec<usize>>) = accepted.into_iter().unzip();
        let mut session = SendSession::with_state(items, config, state, plan);
        session.resumed = records.len();
        session.from_state = true;
        session.state.batches = records;
        let rest: Vec<usize> = (0..taken.len()).filter(|index| !taken[*index]).collect();
        session.plan_rest(&rest);
        Ok(session)
    }

    fn with_state(items: Vec<Item>, mut config: Config, state: SendState, plan: Vec<Vec<usize>>) -> SendSession {
        config.batch_size = config.batch_size.clamp(1, MAX_BATCH);
        let rng = SplitMix64::new(config.seed);
        SendSession {
            items,
            plan,
            state,
            config,
            phase: Phase::Idle,
            rng,
            key_checked: false,
            key: None,
            from_state: false,
            resumed: 0,
            tries: 0,
            failures: 0,
            rate_limited: 0,
        }
    }

    fn plan_rest(&mut self, indexes: &[usize]) {
        for chunk in indexes.chunks(self.config.batch_size) {
            self.state.batches.push(BatchRecord {
                lines: chunk.iter().map(|index| self.items[*index].line).collect(),
                accepted_at_ms: None,
                rejected: Vec::new(),
                unconfirmed_at_ms: None,
            });
            self.plan.push(chunk.to_vec());
        }
    }

    /// Gives the exchange key this send uses (the engine keeps only its [`key_fingerprint`]). The
    /// state records it once the server accepts the key, and a state recorded with another key is
    /// refused: it belongs to another organisme, or to a key replaced since.
    pub fn use_key(&mut self, key: &str) -> Result<(), ResumeError> {
        let digest = key_fingerprint(&self.state.fingerprint, key);
        if self.state.key.as_ref().is_some_and(|saved| *saved != digest) {
            return Err(ResumeError::OtherKey);
        }
        self.key = Some(digest);
        Ok(())
    }

    /// The state to save (after each answer, to resume after an interruption).
    pub fn state(&self) -> &SendState {
        &self.state
    }

    /// The items being sent.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// What to do next. While a request is in flight (given out, not yet reported with
    /// [`SendSession::handle`]), it is given again, not tried again.
    pub fn next_step(&mut self) -> Step {
        match std::mem::replace(&mut self.phase, Phase::Idle) {
            Phase::Stopped(stop) => {
                self.phase = Phase::Stopped(stop.clone());
                Step::Done(Ending::Stopped(stop))
            }
            Phase::Waiting(wait) => Step::Wait(wait),
            Phase::InFlight(kind) => {
                self.phase = Phase::InFlight(kind);
                Step::Send(self.request(kind))
            }
            Phase::Idle => match self.target() {
                None => Step::Done(Ending::Completed),
                Some(kind) => {
                    self.tries += 1;
                    self.phase = Phase::InFlight(kind);
                    Step::Send(self.request(kind))
                }
            },
        }
    }

    /// What to send when nothing is in flight: the key check (for a resumed send, even when nothing
    /// is left: the state must not vouch for a key the server no longer takes), then the first batch
    /// not accepted.
    fn target(&self) -> Option<RequestKind> {
        let batch = self.state.batches.iter().position(|batch| !batch.is_accepted());
        if self.config.check_key && !self.key_checked && (batch.is_some() || self.from_state) {
            return Some(RequestKind::KeyCheck);
        }
        batch.map(|batch| RequestKind::Batch { batch: batch + 1 })
    }

    fn request(&self, kind: RequestKind) -> Request {
        match kind {
            RequestKind::KeyCheck => Request {
                kind,
                path: KEY_CHECK_PATH,
                body: Vec::new(),
                attempt: self.tries,
                lines: Vec::new(),
            },
            RequestKind::Batch { batch } => {
                let indexes = &self.plan[batch - 1];
                let dossiers: Vec<&Map<String, Json>> =
                    indexes.iter().map(|index| &self.items[*index].dossier).collect();
                Request {
                    kind,
                    path: INGESTION_PATH,
                    // A list of maps of plain values always serialises.
                    body: serde_json::to_vec(&dossiers).unwrap_or_default(),
                    attempt: self.tries,
                    lines: self.state.batches[batch - 1].lines.clone(),
                }
            }
        }
    }

    /// Reports what happened to the request in flight, at `now_ms` (caller's clock, milliseconds
    /// since the Unix epoch: it dates accepted batches and reads HTTP-date `Retry-After` values).
    /// Ignored when no request is in flight.
    pub fn handle(&mut self, now_ms: u64, event: Event<'_>) {
        let Phase::InFlight(kind) = self.phase else {
            return;
        };
        let batch = match kind {
            RequestKind::KeyCheck => None,
            RequestKind::Batch { batch } => Some(batch),
        };
        match event {
            Event::Response { status, body, .. } if (200..300).contains(&status) => {
                self.answered(kind, now_ms, status, body);
            }
            Event::Response { status: 403, body, .. } => {
                let said = response::error_message(body);
                self.stop(
                    StopReason::KeyRefused,
                    Some(403),
                    batch,
                    explain::key_refused(said.as_deref()),
                    said,
                );
            }
            Event::Response { status: 400, body, .. } => {
                let said = response::error_message(body);
                let message = explain::bad_request(batch, said.as_deref());
                self.stop(StopReason::BadRequest, Some(400), batch, message, said);
            }
            Event::Response { status: 413, body, .. } => {
                let said = response::error_message(body);
                self.stop(StopReason::TooLarge, Some(413), batch, explain::too_large(batch), said);
            }
            Event::Response {
                status: 429,
                retry_after,
                body,
            } => self.rate_limited(kind, now_ms, retry_after, body),
            Event::Response { status, .. } if status == 408 || (500..600).contains(&status) => {
                self.fail(kind, WaitReason::ServerError { status }, &format!("HTTP {status}"));
            }
            Event::Response { status, body, .. } => {
                let said = response::error_message(body);
                let message = explain::unexpected_status(status, said.as_deref());
                self.stop(StopReason::UnexpectedStatus, Some(status), batch, message, said);
            }
            Event::NetworkError { detail } => {
                let reason = WaitReason::Network {
                    detail: detail.to_owned(),
                };
                self.fail(kind, reason, &format!("erreur réseau, {detail}"));
            }
        }
    }

    /// A success status: it counts only when it is HTTP 200 with the API's answer (`docs/api.md`);
    /// anything else stops the send, "non confirmé", the batch still to be sent.
    fn answered(&mut self, kind: RequestKind, now_ms: u64, status: u16, body: &[u8]) {
        self.tries = 0;
        self.failures = 0;
        self.rate_limited = 0;
        self.phase = Phase::Idle;
        match kind {
            RequestKind::KeyCheck if status == 200 && response::is_key_check_answer(body) => {
                self.key_checked = true;
                self.record_key();
            }
            RequestKind::KeyCheck => {
                self.stop(
                    StopReason::Unconfirmed,
                    Some(status),
                    None,
                    explain::unconfirmed(None, status),
                    None,
                );
            }
            RequestKind::Batch { batch } => {
                let record = &mut self.state.batches[batch - 1];
                let answers = (status == 200)
                    .then(|| response::batch_answers(body, record.lines.len()))
                    .flatten();
                let Some(answers) = answers else {
                    record.unconfirmed_at_ms = Some(now_ms);
                    self.stop(
                        StopReason::Unconfirmed,
                        Some(status),
                        Some(batch),
                        explain::unconfirmed(Some(batch), status),
                        None,
                    );
                    return;
                };
                record.accepted_at_ms = Some(now_ms);
                record.unconfirmed_at_ms = None;
                for (line, answer) in record.lines.iter().zip(answers) {
                    if let ItemAnswer::Rejected(errors) = answer {
                        record.rejected.push(LineErrors { line: *line, errors });
                    }
                }
                self.record_key();
            }
        }
    }

    /// The server took the key: the state is tied to it from now on.
    fn record_key(&mut self) {
        if self.state.key.is_none() {
            self.state.key.clone_from(&self.key);
        }
    }

    fn fail(&mut self, kind: RequestKind, reason: WaitReason, last: &str) {
        self.failures += 1;
        if self.failures > self.config.max_retries {
            let batch = match kind {
                RequestKind::KeyCheck => None,
                RequestKind::Batch { batch } => Some(batch),
            };
            let detail = match &reason {
                WaitReason::Network { detail } => Some(detail.clone()),
                _ => None,
            };
            let status = match reason {
                WaitReason::ServerError { status } => Some(status),
                _ => None,
            };
            let message = explain::retries_exhausted(self.tries, last);
            self.stop(StopReason::RetriesExhausted, status, batch, message, detail);
            return;
        }
        let delay_ms = self.backoff(self.failures);
        self.phase = Phase::Waiting(Wait {
            delay_ms,
            reason,
            kind,
            next_attempt: self.tries + 1,
        });
    }

    fn rate_limited(&mut self, kind: RequestKind, now_ms: u64, retry_after: Option<&str>, body: &[u8]) {
        self.rate_limited += 1;
        let batch = match kind {
            RequestKind::KeyCheck => None,
            RequestKind::Batch { batch } => Some(batch),
        };
        let asked = retry_after.and_then(|value| response::parse_retry_after(value, now_ms));
        if self.rate_limited > self.config.max_rate_limited {
            let said = response::error_message(body);
            self.stop(
                StopReason::RateLimited,
                Some(429),
                batch,
                explain::rate_limited(None),
                said,
            );
            return;
        }
        let delay_ms = match asked {
            Some(delay_ms) => delay_ms,
            None => self.backoff(self.rate_limited),
        };
        if delay_ms > self.config.max_retry_after_ms {
            let said = response::error_message(body);
            let message = explain::rate_limited(Some(delay_ms));
            self.stop(StopReason::RateLimited, Some(429), batch, message, said);
            return;
        }
        self.phase = Phase::Waiting(Wait {
            delay_ms,
            reason: WaitReason::RateLimited {
                retry_after: asked.is_some(),
            },
            kind,
            next_attempt: self.tries + 1,
        });
    }

    /// Exponential back-off with "equal jitter": half the doubled delay, plus a random part of the other half.
    fn backoff(&mut self, failures: u32) -> u64 {
        let doubling = 1u64 << failures.saturating_sub(1).min(32);
        let delay = self
            .config
            .base_delay_ms
            .saturating_mul(doubling)
            .min(self.config.max_delay_ms);
        let half = delay / 2;
        half + self.rng.up_to(delay - half)
    }

    fn stop(
        &mut self,
        reason: StopReason,
        status: Option<u16>,
        batch: Option<usize>,
        message: String,
        server_message: Option<String>,
    ) {
        self.phase = Phase::Stopped(Stop {
            reason,
            status,
            server_message,
            batch,
            message,
        });
    }

    /// The figures so far.
    pub fn progress(&self) -> Progress {
        let mut progress = Progress {
            batches_total: self.state.batches.len(),
            batches_accepted: 0,
            items_total: self.items.len(),
            items_sent: 0,
            items_accepted: 0,
            items_rejected: 0,
            items_unconfirmed: 0,
            current_batch: match &self.phase {
                Phase::InFlight(RequestKind::Batch { batch })
                | Phase::Waiting(Wait {
                    kind: RequestKind::Batch { batch },
                    ..
                }) => Some(*batch),
                _ => None,
            },
        };
        for batch in &self.state.batches {
            if batch.is_accepted() {
                progress.batches_accepted += 1;
                progress.items_sent += batch.lines.len();
                progress.items_rejected += batch.rejected.len();
            } else if batch.is_unconfirmed() {
                progress.items_unconfirmed += batch.lines.len();
            }
        }
        progress.items_accepted = progress.items_sent - progress.items_rejected;
        progress
    }

    /// Whether every batch was accepted.
    pub fn is_completed(&self) -> bool {
        self.state.batches.iter().all(BatchRecord::is_accepted)
    }

    /// The outcome so far: every batch and every line.
    pub fn outcome(&self) -> SendOutcome {
        let batches = self
            .state
            .batches
            .iter()
            .enumerate()
            .map(|(index, record)| BatchOutcome {
                batch: index + 1,
                lines: record.lines.len(),
                first_line: record.lines.first().copied(),
                last_line: record.lines.last().copied(),
                status: if record.is_accepted() {
                    BatchStatus::Accepted
                } else if record.is_unconfirmed() {
                    BatchStatus::Unconfirmed
                } else {
                    BatchStatus::Pending
                },
                accepted_at_ms: record.accepted_at_ms,
                resumed: index < self.resumed,
            })
            .collect();
        let mut lines: Vec<LineOutcome> = Vec::with_capacity(self.items.len());
        for (index, record) in self.state.batches.iter().enumerate() {
            for line in &record.lines {
                let (status, errors) = if record.is_unconfirmed() {
                    (LineStatus::Unconfirmed, Vec::new())
                } else if !record.is_accepted() {
                    (LineStatus::NotSent, Vec::new())
                } else if let Some(rejected) = record.rejected.iter().find(|rejected| rejected.line == *line) {
                    (LineStatus::Rejected, rejected.errors.clone())
                } else {
                    (LineStatus::Accepted, Vec::new())
                };
                lines.push(LineOutcome {
                    line: *line,
                    status,
                    batch: index + 1,
                    errors,
                });
            }
        }
        lines.sort_by_key(|outcome| outcome.line);
        SendOutcome {
            completed: self.is_completed(),
            stop: match &self.phase {
                Phase::Stopped(stop) => Some(stop.clone()),
                _ => None,
            },
            progress: self.progress(),
            batches,
            lines,
        }
    }
}
