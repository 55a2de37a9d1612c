//! `--web`: the web app's worker pipeline, natively, phase by phase: what `Request::Open` costs
//! the worker (read, validate, build the page's view) and what carrying the answer costs (postcard
//! encoding in the worker, decoding on the page, the message's size). The browser adds its own
//! factors (Wasm, its allocator, the transfer), so these figures say where the time goes, not
//! what the page shows: `bench/browser/bench.mjs` measures that.

use std::time::{Duration, Instant};

use effectifs_core::Date;
use effectifs_sheet::ReadOptions;
use effectifs_web::protocol::{Cells, FileView, Request, Response};
use effectifs_web::session::{Opening, WorkerSession, parse_profile};

/// Medians of one file's phases.
#[derive(Debug, Default, Clone, Copy)]
struct Phases {
    /// The page encoding `Request::Open` (the file's bytes) and the worker decoding it.
    request: Duration,
    /// The same with the bytes as a sequence of `u8` (serde's default for `Vec<u8>`).
    request_sequence: Duration,
    read: Duration,
    open: Duration,
    view: Duration,
    encode: Duration,
    decode: Duration,
    drop: Duration,
    /// Every line's cells alone, as the `Vec<String>` the view carries: encode, decode, drop.
    strings: [Duration; 3],
    /// The same as [`Cells`] (one string and offsets per line).
    compact: [Duration; 3],
}

/// Measures `bytes` (named `name`) `runs` times after one warm-up and prints the medians.
pub fn run(bytes: &[u8], name: &str, today: Date, runs: usize) -> Result<(), String> {
    let mut samples: Vec<Phases> = Vec::new();
    let mut last = None;
    for run in 0..=runs {
        let (phases, sample) = measure(bytes, name, today)?;
        if run > 0 {
            samples.push(phases);
        }
        last = Some(sample);
    }
    let Some(Sample { size, lines, parts }) = last else {
        return Ok(());
    };
    let median = |pick: fn(&Phases) -> Duration| {
        let mut values: Vec<Duration> = samples.iter().map(pick).collect();
        values.sort();
        values.get(values.len() / 2).copied().unwrap_or_default()
    };
    let (read, open, view) = (median(|p| p.read), median(|p| p.open), median(|p| p.view));
    println!(
        "web {name}: {lines} lines — request {} (as a u8 sequence {}), read {}, validate {}, view {}, open total {} | encode {}, message {}, \
         decode {}, drop {} | worker + wire {}",
        ms(median(|p| p.request)),
        ms(median(|p| p.request_sequence)),
        ms(read),
        ms(open.saturating_sub(read).saturating_sub(view)),
        ms(view),
        ms(open),
        ms(median(|p| p.encode)),
        mb(size),
        ms(median(|p| p.decode)),
        ms(median(|p| p.drop)),
        ms(open + median(|p| p.encode) + median(|p| p.decode)),
    );
    let (strings, compact) = (median(|p| p.strings[1]), median(|p| p.compact[1]));
    println!(
        "  cells alone: as Vec<String> encode {}, decode {}, drop {}; as Cells encode {}, decode {}, drop {}",
        ms(median(|p| p.strings[0])),
        ms(strings),
        ms(median(|p| p.strings[2])),
        ms(median(|p| p.compact[0])),
        ms(compact),
        ms(median(|p| p.compact[2])),
    );
    println!(
        "  message: {} cells ({} empty, {} of them at a line's end; {} of text), {} marks ({} of messages and hints, {} distinct), {} statut steps",
        parts.cells,
        parts.empty,
        parts.trailing_empty,
        mb(parts.cell_bytes),
        parts.marks,
        mb(parts.mark_bytes),
        parts.distinct_messages,
        parts.steps,
    );
    Ok(())
}

/// What one measure saw besides its durations.
struct Sample {
    /// The encoded `Response::Opened`, in bytes.
    size: usize,
    /// The view's lines.
    lines: usize,
    /// What they hold.
    parts: Parts,
}

/// One run of every phase.
fn measure(bytes: &[u8], name: &str, today: Date) -> Result<(Phases, Sample), String> {
    let profile = parse_profile("televersement")?;
    let mut phases = Phases::default();
    let started = Instant::now();
    let request = Request::Open {
        bytes: bytes.to_vec(),
        name: name.to_owned(),
        sheet: None,
        profile: "televersement".to_owned(),
        today: today.to_iso(),
        mapping: None,
    };
    let wire = postcard::to_allocvec(&request).map_err(|error| error.to_string())?;
    let request: Request = postcard::from_bytes(&wire).map_err(|error| error.to_string())?;
    phases.request = started.elapsed();
    drop((wire, request));
    // The same bytes as a sequence of `u8`, as serde encodes a `Vec<u8>` by default.
    let started = Instant::now();
    let wire = postcard::to_allocvec(&bytes.to_vec()).map_err(|error| error.to_string())?;
    let sequence: Vec<u8> = postcard::from_bytes(&wire).map_err(|error| error.to_string())?;
    phases.request_sequence = started.elapsed();
    drop((wire, sequence));
    let started = Instant::now();
    let sheet = effectifs_sheet::read(bytes, name, &ReadOptions::default()).map_err(|error| error.to_string())?;
    phases.read = started.elapsed();
    drop(sheet);
    let started = Instant::now();
    let opening = WorkerSession::open(bytes, name, None, profile, today, None, &mut |_, _, _| ())?;
    phases.open = started.elapsed();
    let Opening::Ready(session, first) = opening else {
        return Err("le classeur demande un choix de feuille".to_owned());
    };
    drop(first);
    let started = Instant::now();
    let view: FileView = session.view();
    phases.view = started.elapsed();
    let lines = view.lines.len();
    let parts = Parts::of(&view);
    let strings: Vec<Vec<String>> = view
        .lines
        .iter()
        .map(|line| line.cells.iter().map(str::to_owned).collect())
        .collect();
    phases.strings = round_trip(&strings)?;
    let compact: Vec<Cells> = view.lines.iter().map(|line| line.cells.clone()).collect();
    phases.compact = round_trip(&compact)?;
    let response = Response::Opened(Box::new(view));
    let started = Instant::now();
    let encoded = postcard::to_allocvec(&response).map_err(|error| error.to_string())?;
    phases.encode = started.elapsed();
    let size = encoded.len();
    let started = Instant::now();
    let decoded: Response = postcard::from_bytes(&encoded).map_err(|error| error.to_string())?;
    phases.decode = started.elapsed();
    let started = Instant::now();
    drop(decoded);
    phases.drop = started.elapsed();
    Ok((phases, Sample { size, lines, parts }))
}

/// What the view's lines hold.
#[derive(Debug, Default)]
struct Parts {
    cells: usize,
    empty: usize,
    trailing_empty: usize,
    cell_bytes: usize,
    marks: usize,
    mark_bytes: usize,
    distinct_messages: usize,
    steps: usize,
}

impl Parts {
    fn of(view: &FileView) -> Parts {
        let mut parts = Parts::default();
        let mut messages = std::collections::HashSet::new();
        for line in &view.lines {
            parts.cells += line.cells.len();
            parts.empty += line.cells.iter().filter(|cell| cell.is_empty()).count();
            parts.trailing_empty += line.cells.iter().rev().take_while(|cell| cell.is_empty()).count();
            parts.cell_bytes += line.cells.iter().map(str::len).sum::<usize>();
            parts.marks += line.marks.len();
            for mark in &line.marks {
                parts.mark_bytes += mark.message.len() + mark.hint.len();
                messages.insert((&mark.message, &mark.hint));
            }
            parts.steps += line.statut.as_ref().map_or(0, |statut| statut.timeline.len());
        }
        parts.distinct_messages = messages.len();
        parts
    }
}

/// Encodes `value` with postcard, decodes it back, drops the copy: the three durations.
fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T) -> Result<[Duration; 3], String> {
    let started = Instant::now();
    let wire = postcard::to_allocvec(value).map_err(|error| error.to_string())?;
    let encode = started.elapsed();
    let started = Instant::now();
    let back: T = postcard::from_bytes(&wire).map_err(|error| error.to_string())?;
    let decode = started.elapsed();
    let started = Instant::now();
    drop(back);
    Ok([encode, decode, started.elapsed()])
}

fn ms(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1000.0)
}

fn mb(bytes: usize) -> String {
    #[allow(clippy::cast_precision_loss, reason = "a size to print, to the tenth of a megabyte")]
    let megabytes = bytes as f64 / 1_000_000.0;
    format!("{megabytes:.1} MB")
}
