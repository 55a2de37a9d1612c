//! Timing the pipeline (bytes → [`effectifs_core::Table`] → [`Report`]) and reading the process's
//! peak memory.

use std::time::{Duration, Instant};

use effectifs_core::{Date, Profile, Report};
use effectifs_sheet::{ReadError, ReadOptions, Sheet};

/// The medians of several runs of the pipeline on one file, and the last run's results.
#[derive(Debug)]
pub struct Measured {
    /// Bytes → table.
    pub read: Duration,
    /// Table → report (rules, deferred rules, statuts, duplicates).
    pub validate: Duration,
    /// Both, per run.
    pub total: Duration,
    /// The table read by the last run.
    pub sheet: Sheet,
    /// The report of the last run.
    pub report: Report,
}

/// Runs the pipeline once to warm up, then `runs` times, and keeps the medians.
pub fn pipeline(
    bytes: &[u8],
    file_name: &str,
    today: Date,
    runs: usize,
) -> Result<Measured, ReadError> {
    let mut reads = Vec::with_capacity(runs);
    let mut validates = Vec::with_capacity(runs);
    let mut totals = Vec::with_capacity(runs);
    let mut last = None;
    for run in 0..=runs {
        // The previous run's results are dropped here, outside the timed sections.
        drop(last.take());
        let started = Instant::now();
        let sheet = effectifs_sheet::read(bytes, file_name, &ReadOptions::default())?;
        let read = started.elapsed();
        let started = Instant::now();
        let report = effectifs_core::validate(&sheet.table, Profile::Televersement, today);
        let validate = started.elapsed();
        if run > 0 {
            reads.push(read);
            validates.push(validate);
            totals.push(read + validate);
        }
        last = Some((sheet, report));
    }
    let (sheet, report) = last.unwrap_or_else(|| unreachable!("the loop runs at least once"));
    Ok(Measured {
        read: median(&mut reads),
        validate: median(&mut validates),
        total: median(&mut totals),
        sheet,
        report,
    })
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
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))?;
    let kib: u64 = line.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib * 1024)
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
