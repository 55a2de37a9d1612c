//! `--indicateurs`: the month-end series of the Tableau de bord's indicators (`docs/indicators.md`) on a
//! generated file of 100 000 lines by default, spread over three school years: what the web app's panel
//! and `effectifs indicateurs` compute after each check. Figures only (no target is asserted).

use std::time::{Duration, Instant};

use effectifs_core::{Date, Effectifs, Profile};
use effectifs_sheet::ReadOptions;

use crate::generate::Dataset;

/// The school years the lines are spread over, in turn.
const ANNEES: [&str; 3] = ["2023-2024", "2024-2025", "2025-2026"];

/// Measures the series `runs` times after a warm-up and prints the medians.
pub fn run(dataset: &Dataset, today: Date, runs: usize) -> Result<(), String> {
    // The generator writes one school year (2025-2026, spelled two ways): the lines take the three in turn.
    let csv = String::from_utf8(crate::write::csv(dataset)).map_err(|error| format!("csv : {error}"))?;
    let mut spread = String::with_capacity(csv.len());
    for (index, line) in csv.split_inclusive('\n').enumerate() {
        let annee = ANNEES[index % ANNEES.len()];
        spread.push_str(&line.replacen("2025-2026", annee, 1).replacen("2025/2026", annee, 1));
    }
    let sheet = effectifs_sheet::read(spread.as_bytes(), "indicateurs.csv", &ReadOptions::default())
        .map_err(|error| format!("lecture du csv : {error}"))?;
    let report = effectifs_core::validate(&sheet.table, Profile::Televersement, today);
    let mut prepare = Vec::new();
    let mut series = Vec::new();
    let mut shape = (0, 0, String::new());
    for run in 0..=runs {
        let started = Instant::now();
        let effectifs = Effectifs::new(&report.lines);
        let prepared = started.elapsed();
        let periode = effectifs.mois(None, None).map_err(|error| error.to_string())?;
        let serie = effectifs.serie(&periode.mois);
        let total = started.elapsed();
        if run > 0 {
            prepare.push(prepared);
            series.push(total);
        }
        let span = match (periode.mois.first(), periode.mois.last()) {
            (Some(first), Some(last)) => format!("{first} à {last}"),
            _ => String::new(),
        };
        shape = (effectifs.len(), serie.len(), span);
    }
    let (effectifs, months, span) = shape;
    println!(
        "indicateurs: {} lines ({} valid, {effectifs} effectifs) over {}: monthly series of {months} month ends \
         ({span}) in {} (of which {} to gather the effectifs), median of {runs} runs after 1 warm-up",
        report.lines.len(),
        report.lines.iter().filter(|line| line.is_valid()).count(),
        ANNEES.join(", "),
        crate::seconds(median(&mut series)),
        crate::seconds(median(&mut prepare)),
    );
    Ok(())
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort_unstable();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}
