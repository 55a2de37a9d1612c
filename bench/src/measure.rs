//! Timing the pipeline (bytes → [`effectifs_core::Table`] → [`Report`]) and reading the process's
//! peak memory.

use std::time::{Duration, Instant};

use effectifs_core::{Date, Profile, Report};
use effectifs_sheet::{ReadError, ReadOptions, Sheet};

/// Durations of the pipeline's steps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Times {
    /// Bytes → table.
    pub read: Duration,
    /// Table → report (rules, deferred rules, statuts, duplicates).
    pub validate: Duration,
    /// Both.
    pub total: Duration,
}

/// The medians of several runs of the pipeline on one file, and the last run's results.
#[derive(Debug)]
pub struct Measured {
    /// Wall-clock medians, step by step (each median is taken on its own).
    pub wall: Times,
    /// Wall-clock minimums, step by step: other processes only ever add time, so the best run is
    /// the closest to the pipeline's own cost on a busy machine.
    pub best: Times,
    /// CPU-time medians (Linux only, to the scheduler tick): unlike wall time, CPU time does not
    /// grow when other processes compete for the cores, so it tells a slow pipeline from a busy
    /// machine.
    pub cpu: Option<Times>,
    /// The table read by the last run.
    pub sheet: Sheet,
    /// The report of the last run.
    pub report: Report,
}

/// A moment on both clocks: wall time, and the CPU time of the calling thread when available.
#[derive(Debug, Clone, Copy)]
pub struct Stamp {
    wall: Instant,
    cpu: Option<Duration>,
}

impl Stamp {
    /// Now.
    pub fn now() -> Stamp {
        Stamp {
            wall: Instant::now(),
            cpu: thread_cpu_time(),
        }
    }

    /// Wall and CPU time elapsed since this stamp.
    pub fn elapsed(self) -> (Duration, Option<Duration>) {
        let cpu = thread_cpu_time()
            .zip(self.cpu)
            .map(|(now, then)| now.saturating_sub(then));
        (self.wall.elapsed(), cpu)
    }
}

/// Per-run samples of the three steps, on one clock.
#[derive(Debug, Default)]
struct Samples {
    read: Vec<Duration>,
    validate: Vec<Duration>,
    total: Vec<Duration>,
}

impl Samples {
    fn push(&mut self, read: Duration, validate: Duration) {
        self.read.push(read);
        self.validate.push(validate);
        self.total.push(read + validate);
    }

    fn minimums(&self) -> Times {
        let min = |values: &[Duration]| values.iter().min().copied().unwrap_or_default();
        Times {
            read: min(&self.read),
            validate: min(&self.validate),
            total: min(&self.total),
        }
    }

    fn medians(&mut self) -> Times {
        Times {
            read: median(&mut self.read),
            validate: median(&mut self.validate),
            total: median(&mut self.total),
        }
    }
}

/// Runs the pipeline once to warm up, then `runs` times, and keeps the medians.
pub fn pipeline(bytes: &[u8], file_name: &str, today: Date, runs: usize) -> Result<Measured, ReadError> {
    let mut wall = Samples::default();
    let mut cpu = Samples::default();
    let mut last = None;
    for run in 0..=runs {
        // The previous run's results are dropped here, outside the timed sections.
        drop(last.take());
        let started = Stamp::now();
        let sheet = effectifs_sheet::read(bytes, file_name, &ReadOptions::default())?;
        let (read_wall, read_cpu) = started.elapsed();
        let started = Stamp::now();
        let report = effectifs_core::validate(&sheet.table, Profile::Televersement, today);
        let (validate_wall, validate_cpu) = started.elapsed();
        if run > 0 {
            wall.push(read_wall, validate_wall);
            if let (Some(read), Some(validate)) = (read_cpu, validate_cpu) {
                cpu.push(read, validate);
            }
        }
        last = Some((sheet, report));
    }
    let (sheet, report) = last.unwrap_or_else(|| unreachable!("the loop runs at least once"));
    let cpu = (cpu.total.len() == runs).then(|| cpu.medians());
    Ok(Measured {
        best: wall.minimums(),
        wall: wall.medians(),
        cpu,
        sheet,
        report,
    })
}

/// What a process's first file costs: see [`cold_start`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColdStart {
    /// The first telephone number alone: its numbering plan's metadata and regexes.
    pub first_phone: Duration,
    /// The first telephone number, then reading and validating the small file.
    pub total: Duration,
}

/// Reads and validates a small file once, in a process that has not run the pipeline yet: the
/// cost of the tables the crates build on first use (telephone metadata, regular expressions…),
/// which a one-shot command pays on top of the figures measured after the warm-up. A French
/// number is checked first, timed on its own: what an integrator checking one row pays.
pub fn cold_start(bytes: &[u8], file_name: &str, today: Date) -> Result<ColdStart, ReadError> {
    let started = Instant::now();
    let _ = effectifs_core::phone::normalize("0612345678");
    let first_phone = started.elapsed();
    let sheet = effectifs_sheet::read(bytes, file_name, &ReadOptions::default())?;
    let report = effectifs_core::validate(&sheet.table, Profile::Televersement, today);
    let total = started.elapsed();
    drop((sheet, report));
    Ok(ColdStart { first_phone, total })
}

/// The median (the lower one of the two middle values for an even count; zero when empty).
pub fn median(values: &mut [Duration]) -> Duration {
    values.sort_unstable();
    values
        .get(values.len().saturating_sub(1) / 2)
        .copied()
        .unwrap_or_default()
}

/// The process's peak resident memory so far, in bytes (`VmHWM`, Linux only).
pub fn peak_memory() -> Option<u64> {
    status_bytes("VmHWM:")
}

/// The process's resident memory now, in bytes (`VmRSS`, Linux only).
pub fn resident_memory() -> Option<u64> {
    status_bytes("VmRSS:")
}

/// A `kB` figure of `/proc/self/status`, in bytes.
fn status_bytes(key: &str) -> Option<u64> {
    status_value(&std::fs::read_to_string("/proc/self/status").ok()?, key)
}

/// A `kB` figure of a `/proc/…/status` text, in bytes.
pub fn status_value(status: &str, key: &str) -> Option<u64> {
    let value = status.lines().find_map(|line| line.strip_prefix(key))?;
    let kib: u64 = value.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib * 1024)
}

/// CPU time used so far by the calling thread (Linux `/proc/thread-self/schedstat`, in
/// nanoseconds; the pipeline runs on one thread).
pub fn thread_cpu_time() -> Option<Duration> {
    let schedstat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = schedstat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// Resets the peak resident memory to the current one (Linux `clear_refs`), so that the next
/// reading covers only what comes after. Returns whether it worked.
pub fn reset_peak_memory() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::median;

    #[test]
    fn median_of_odd_and_even_counts() {
        let ms = Duration::from_millis;
        assert_eq!(median(&mut [ms(5), ms(1), ms(3)]), ms(3));
        assert_eq!(median(&mut [ms(4), ms(1), ms(3), ms(2)]), ms(2));
        assert_eq!(median(&mut []), Duration::ZERO);
    }
}

/// What a column-wide recipe costs (D15): see [`recipe`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecipeTimes {
    /// Applying the recipe to the table (median).
    pub apply: Duration,
    /// Validating the fixed table again (median).
    pub revalidate: Duration,
    /// The cells it changed.
    pub cells: usize,
}

/// Applies a recipe to the whole read table — a value for every line (`type_cfa`, blank cells or
/// a column added) and a replacement on the sex column (`F` → `2`) — then validates the table
/// again, as an edge does after a column-wide action: once to warm up, then `runs` times.
pub fn recipe(table: &effectifs_core::Table, today: Date, runs: usize) -> RecipeTimes {
    use effectifs_core::{Field, Recipe, Replacement};
    let recipe = Recipe {
        values: vec![(Field::TypeCfa, "09".to_owned())],
        replace: vec![(
            Field::SexeApprenant,
            vec![Replacement {
                from: "F".to_owned(),
                to: "2".to_owned(),
            }],
        )],
        ..Recipe::default()
    };
    let (mut apply, mut revalidate) = (Vec::new(), Vec::new());
    let mut cells = 0;
    for run in 0..=runs {
        // The copy is made outside the timed sections (an edge changes its own table in place).
        let mut fixed = table.clone();
        let started = Instant::now();
        let changes = recipe.apply(&mut fixed);
        let applied = started.elapsed();
        let started = Instant::now();
        let report = effectifs_core::validate(&fixed, Profile::Televersement, today);
        let validated = started.elapsed();
        std::hint::black_box(&report);
        cells = changes.map_or(0, |changes| changes.count());
        if run > 0 {
            apply.push(applied);
            revalidate.push(validated);
        }
    }
    RecipeTimes {
        apply: median(&mut apply),
        revalidate: median(&mut revalidate),
        cells,
    }
}
