//! `--web`: the web app's worker pipeline, natively, phase by phase: what `Request::Open` costs
//! the worker (read, validate, build the page's view) and what carrying the answer costs (postcard
//! encoding in the worker, decoding on the page, the message's size). The browser adds its own
//! factors (Wasm, its allocator, the transfer), so these figures say where the time goes, not
//! what the page shows: `bench/browser/bench.mjs` measures that.

use std::time::{Duration, Instant};

use effectifs_core::Date;
use effectifs_sheet::ReadOptions;
use effectifs_web::protocol::{FileView, Response};
use effectifs_web::session::{Opening, Session, parse_profile};

/// Medians of one file's phases.
#[derive(Debug, Default, Clone, Copy)]
struct Phases {
    read: Duration,
    open: Duration,
    view: Duration,
    encode: Duration,
    decode: Duration,
    drop: Duration,
}

/// Measures `bytes` (named `name`) `runs` times after one warm-up and prints the medians.
pub fn run(bytes: &[u8], name: &str, today: Date, runs: usize) -> Result<(), String> {
    let profile = parse_profile("televersement")?;
    let mut samples: Vec<Phases> = Vec::new();
    let mut size = 0;
    let mut lines = 0;
    for run in 0..=runs {
        let mut phases = Phases::default();
        let started = Instant::now();
        let sheet = effectifs_sheet::read(bytes, name, &ReadOptions::default()).map_err(|error| error.to_string())?;
        phases.read = started.elapsed();
        drop(sheet);
        let started = Instant::now();
        let opening = Session::open(bytes, name, None, profile, today, None, &mut |_, _, _| ())?;
        phases.open = started.elapsed();
        let Opening::Ready(session, first) = opening else {
            return Err("le classeur demande un choix de feuille".to_owned());
        };
        drop(first);
        let started = Instant::now();
        let view: FileView = session.view();
        phases.view = started.elapsed();
        lines = view.lines.len();
        let response = Response::Opened(Box::new(view));
        let started = Instant::now();
        let encoded = postcard::to_allocvec(&response).map_err(|error| error.to_string())?;
        phases.encode = started.elapsed();
        size = encoded.len();
        let started = Instant::now();
        let decoded: Response = postcard::from_bytes(&encoded).map_err(|error| error.to_string())?;
        phases.decode = started.elapsed();
        let started = Instant::now();
        drop(decoded);
        phases.drop = started.elapsed();
        if run > 0 {
            samples.push(phases);
        }
    }
    let median = |pick: fn(&Phases) -> Duration| {
        let mut values: Vec<Duration> = samples.iter().map(pick).collect();
        values.sort();
        values.get(values.len() / 2).copied().unwrap_or_default()
    };
    let (read, open, view) = (median(|p| p.read), median(|p| p.open), median(|p| p.view));
    println!(
        "web {name}: {lines} lines — read {}, validate {}, view {}, open total {} | encode {}, message {}, \
         decode {}, drop {} | worker + wire {}",
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
    Ok(())
}

fn ms(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1000.0)
}

fn mb(bytes: usize) -> String {
    #[allow(clippy::cast_precision_loss, reason = "a size to print, to the tenth of a megabyte")]
    let megabytes = bytes as f64 / 1_000_000.0;
    format!("{megabytes:.1} MB")
}
