//! The learner status ("statut") timeline of the national builder (`docs/statut.md#the-algorithm`), on calendar days.
//!
//! The reference walks every calendar day from the session start to its end. Dates typed by CFAs
//! can be hostile (year 0001 or 9999), and this runs for every line of a file in a browser, so the
//! same rules are applied here to *runs* of days instead: the timeline only changes at a handful of
//! breakpoints (session bounds, contract starts and effective ends, the exclusion date, and the
//! 90/180-day thresholds inside each stretch without a contract). The cost is O(k log k) in the
//! number of contracts, whatever the span. A literal day-by-day version lives in the tests and a
//! property test checks that both agree.

use std::collections::BTreeMap;
use std::fmt;

use crate::date::Date;

/// Days without any contract so far after which an `INSCRIT` learner becomes `ABANDON` ("3 mois").
const SANS_CONTRAT_MAX_DAYS: i64 = 90;
/// Days without contract after a contract after which a `RUPTURANT` becomes `ABANDON` ("6 mois").
const RUPTURE_MAX_DAYS: i64 = 180;
/// The reference's `FIN_FORMATION_TOLERANCE_DAYS`: a contract that ended naturally at most this
/// many days before the session end still counts as reaching the end of the training.
const FIN_FORMATION_TOLERANCE_DAYS: i64 = 60;

/// A computed status value (`docs/statut.md#values-and-labels`; `PRE_INSCRIT` is never produced by the algorithm).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatutValeur {
    /// `INSCRIT`: enrolled, no contract yet.
    Inscrit,
    /// `APPRENTI`: under an apprenticeship contract that day.
    Apprenti,
    /// `RUPTURANT`: a contract ended before the training did, less than 180 days ago.
    Rupturant,
    /// `ABANDON`: excluded, or too long without a contract.
    Abandon,
    /// `FIN_DE_FORMATION`: the training reached its end.
    FinDeFormation,
}

impl StatutValeur {
    /// Every value, in declaration order (for legends and counters).
    pub const ALL: [StatutValeur; 5] = [
        StatutValeur::Inscrit,
        StatutValeur::Apprenti,
        StatutValeur::Rupturant,
        StatutValeur::Abandon,
        StatutValeur::FinDeFormation,
    ];

    /// The reference's code (`STATUT_APPRENANT`), e.g. `FIN_DE_FORMATION`.
    pub fn as_str(self) -> &'static str {
        match self {
            StatutValeur::Inscrit => "INSCRIT",
            StatutValeur::Apprenti => "APPRENTI",
            StatutValeur::Rupturant => "RUPTURANT",
            StatutValeur::Abandon => "ABANDON",
            StatutValeur::FinDeFormation => "FIN_DE_FORMATION",
        }
    }

    /// The French display name the reference UI shows (`STATUT_NAME`).
    pub fn label(self) -> &'static str {
        match self {
            StatutValeur::Inscrit => "Inscrit sans contrat",
            StatutValeur::Apprenti => "Apprenti",
            StatutValeur::Rupturant => "Rupture de contrat",
            StatutValeur::Abandon => "Abandon",
            StatutValeur::FinDeFormation => "Fin de formation",
        }
    }
}

impl fmt::Display for StatutValeur {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// One apprenticeship contract as the builder sees it (`docs/statut.md#inputs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contrat {
    /// First day of the contract.
    pub date_debut: Date,
    /// Planned last day; `None` means "until the session ends".
    pub date_fin: Option<Date>,
    /// Day of the rupture, if the contract was broken; that day is no longer a contract day.
    pub date_rupture: Option<Date>,
}

/// Everything the status depends on, already derived from a dossier
/// (`docs/statut.md#deriving-the-inputs-from-a-dossier`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatutInput {
    /// Session start (`date_entree_formation`).
    pub debut: Date,
    /// Session end (`date_fin_formation`).
    pub fin: Date,
    /// The contracts in input order (slots 1, 2, 3, 4); equal start days collapse, later wins.
    pub contrats: Vec<Contrat>,
    /// Exclusion date (`date_exclusion_formation`), if any.
    pub exclusion: Option<Date>,
}

/// A change point of the timeline: from `date` on, the status is `valeur`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Etape {
    /// First day of this status.
    pub date: Date,
    /// The status from that day on.
    pub valeur: StatutValeur,
}

/// The computed status of a learner: the current value and the whole timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statut {
    /// The value reached on the evaluation day.
    pub en_cours: StatutValeur,
    /// Chronological change points; empty when the session ends before anything starts.
    pub parcours: Vec<Etape>,
}

/// A stretch of days with one status, as inclusive day numbers (i64 so that `± 1` never overflows).
#[derive(Debug, Clone, Copy)]
struct Run {
    start: i64,
    end: i64,
    valeur: StatutValeur,
}

/// A contract reduced to what the timeline needs, as day numbers.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: i64,
    /// Effective end: rupture − 1 day, else `date_fin`, else the session end.
    end: i64,
    rupture: bool,
}

fn day(date: Date) -> i64 {
    i64::from(date.day_number())
}

/// Computes the status timeline of `docs/statut.md#the-algorithm` and the value reached on `today`.
///
/// `today` is a calendar day: an étape dated `today` counts as reached. Never panics, whatever
/// the dates; the cost does not depend on how many days the session spans.
pub fn compute(input: &StatutInput, today: Date) -> Statut {
    let fin = day(input.fin);
    let spans = collapse(&input.contrats, fin);
    let start = spans.iter().map(|span| span.start).fold(day(input.debut), i64::min);
    // Empty day set: the reference emits nothing, whatever else it wrote in its dictionary.
    if start > fin {
        return Statut {
            en_cours: StatutValeur::Inscrit,
            parcours: Vec::new(),
        };
    }
    let exclusion = input.exclusion.map(day);

    // Steps 1–4: INSCRIT everywhere, contract days, exclusion, then the gap pass.
    let apprenti = apprenti_intervals(&spans, start, fin, exclusion);
    let mut runs = gap_pass(start, fin, &apprenti, exclusion);

    // Step 5: the last day's status before the end-of-training rules touch it.
    let last_day = runs.last().map_or(StatutValeur::Inscrit, |run| run.valeur);

    // Step 6: the terminal contract (greatest effective end, a rupture wins a tie). Whether it has
    // a rupture does not depend on scan order: it does iff some contract with that end has one.
    let terminal = spans.iter().copied().reduce(|best, candidate| {
        if candidate.end > best.end || (candidate.end == best.end && candidate.rupture) {
            candidate
        } else {
            best
        }
    });
    let natural_end = match terminal {
        Some(terminal) if exclusion.is_none() && !terminal.rupture => Some(terminal.end),
        _ => None,
    };
    if let Some(end) = natural_end.filter(|&end| fin - end <= FIN_FORMATION_TOLERANCE_DAYS) {
        runs = end_training_after(runs, end + 1);
    }

    // Step 7: the session's last day.
    if matches!(last_day, StatutValeur::Apprenti | StatutValeur::Inscrit) || natural_end.is_some() {
        end_training_on_last_day(&mut runs, fin);
    }

    // Steps 8–9.
    let parcours = compress(&runs);
    let en_cours = parcours
        .iter()
        .take_while(|etape| etape.date <= today)
        .last()
        .map_or(StatutValeur::Inscrit, |etape| etape.valeur);
    Statut { en_cours, parcours }
}

/// Contracts keyed by start day (later input wins, `docs/statut.md#inputs`), with their effective ends.
fn collapse(contrats: &[Contrat], fin: i64) -> Vec<Span> {
    let mut by_start = BTreeMap::new();
    for contrat in contrats {
        by_start.insert(contrat.date_debut, *contrat);
    }
    by_start
        .values()
        .map(|contrat| {
            let end = match (contrat.date_rupture, contrat.date_fin) {
                (Some(rupture), _) => day(rupture) - 1,
                (None, Some(date_fin)) => day(date_fin),
                (None, None) => fin,
            };
            Span {
                start: day(contrat.date_debut),
                end,
                rupture: contrat.date_rupture.is_some(),
            }
        })
        .collect()
}

/// The `APPRENTI` days of the day set after steps 2–3: the union of the contract days, clipped to
/// `[start, fin]` and cut at the exclusion, as sorted, disjoint, non-adjacent intervals.
fn apprenti_intervals(spans: &[Span], start: i64, fin: i64, exclusion: Option<i64>) -> Vec<(i64, i64)> {
    let last_possible = exclusion.map_or(fin, |exclusion| fin.min(exclusion - 1));
    let mut intervals: Vec<(i64, i64)> = spans
        .iter()
        .map(|span| (span.start.max(start), span.end.min(last_possible)))
        .filter(|(first, last)| first <= last)
        .collect();
    intervals.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(intervals.len());
    for (first, last) in intervals {
        match merged.last_mut() {
            // Adjacent intervals merge too: the gap pass only cares about days without contract.
            Some(previous) if first <= previous.1 + 1 => previous.1 = previous.1.max(last),
            _ => merged.push((first, last)),
        }
    }
    merged
}

/// Step 4 on runs: every stretch between contract intervals gets its thresholds.
fn gap_pass(start: i64, fin: i64, apprenti: &[(i64, i64)], exclusion: Option<i64>) -> Vec<Run> {
    let mut runs = Vec::with_capacity(apprenti.len() * 4 + 4);
    let mut cursor = start;
    let mut has_contract = false;
    for &(first, last) in apprenti {
        if cursor < first {
            push_gap(&mut runs, cursor, first - 1, has_contract, exclusion);
        }
        runs.push(Run {
            start: first,
            end: last,
            valeur: StatutValeur::Apprenti,
        });
        has_contract = true;
        cursor = last + 1;
    }
    if cursor <= fin {
        push_gap(&mut runs, cursor, fin, has_contract, exclusion);
    }
    runs
}

/// A maximal stretch `[first, last]` without `APPRENTI` day. Its `INSCRIT` days come first (the
/// exclusion runs to the session end), so the day counter is simply `day − first + 1`.
fn push_gap(runs: &mut Vec<Run>, first: i64, last: i64, has_contract: bool, exclusion: Option<i64>) {
    let inscrit_last = exclusion.map_or(last, |exclusion| last.min(exclusion - 1));
    if first <= inscrit_last {
        let (limit, valeur) = if has_contract {
            (RUPTURE_MAX_DAYS, StatutValeur::Rupturant)
        } else {
            (SANS_CONTRAT_MAX_DAYS, StatutValeur::Inscrit)
        };
        // Day `first + limit` is the first whose counter exceeds the limit.
        let abandon_first = first + limit;
        runs.push(Run {
            start: first,
            end: inscrit_last.min(abandon_first - 1),
            valeur,
        });
        if abandon_first <= inscrit_last {
            runs.push(Run {
                start: abandon_first,
                end: inscrit_last,
                valeur: StatutValeur::Abandon,
            });
        }
    }
    let excluded_first = first.max(inscrit_last + 1);
    if excluded_first <= last {
        runs.push(Run {
            start: excluded_first,
            end: last,
            valeur: StatutValeur::Abandon,
        });
    }
}

/// Step 6: from `from` on, `INSCRIT` and `RUPTURANT` days become `FIN_DE_FORMATION`.
fn end_training_after(runs: Vec<Run>, from: i64) -> Vec<Run> {
    let mut result = Vec::with_capacity(runs.len() + 1);
    for run in runs {
        let affected = matches!(run.valeur, StatutValeur::Inscrit | StatutValeur::Rupturant);
        if !affected || run.end < from {
            result.push(run);
        } else if run.start >= from {
            result.push(Run {
                valeur: StatutValeur::FinDeFormation,
                ..run
            });
        } else {
            result.push(Run { end: from - 1, ..run });
            result.push(Run {
                start: from,
                end: run.end,
                valeur: StatutValeur::FinDeFormation,
            });
        }
    }
    result
}

/// Step 7: the session's last day (the end of the last run) becomes `FIN_DE_FORMATION`.
fn end_training_on_last_day(runs: &mut Vec<Run>, fin: i64) {
    let Some(last) = runs.last_mut() else {
        return;
    };
    if last.start < fin {
        last.end = fin - 1;
        runs.push(Run {
            start: fin,
            end: fin,
            valeur: StatutValeur::FinDeFormation,
        });
    } else {
        last.valeur = StatutValeur::FinDeFormation;
    }
}

/// Step 8: one étape each time the status changes.
fn compress(runs: &[Run]) -> Vec<Etape> {
    let mut parcours: Vec<Etape> = Vec::with_capacity(runs.len());
    for run in runs {
        if parcours.last().is_some_and(|previous| previous.valeur == run.valeur) {
            continue;
        }
        // Every run starts inside the day set, whose bounds are real dates, so this always
        // converts; skipping is only a no-panic fallback.
        let date = i32::try_from(run.start).ok().and_then(Date::from_day_number);
        if let Some(date) = date {
            parcours.push(Etape {
                date,
                valeur: run.valeur,
            });
        }
    }
    parcours
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::*;

    fn date(text: &str) -> Date {
        Date::parse_iso(text).expect("test dates are ISO days")
    }

    /// `2024-10-01→2025-08-31 R:2024-12-01`, `2024-10-01→` (no fin), as in the spec's tables.
    fn contrat(text: &str) -> Contrat {
        let (dates, rupture) = match text.split_once(" R:") {
            Some((dates, rupture)) => (dates, Some(date(rupture))),
            None => (text, None),
        };
        let (debut, fin) = dates.split_once('→').expect("début→fin");
        Contrat {
            date_debut: date(debut),
            date_fin: (!fin.is_empty()).then(|| date(fin)),
            date_rupture: rupture,
        }
    }

    fn render(statut: &Statut) -> String {
        let mut lines: Vec<String> = statut
            .parcours
            .iter()
            .map(|etape| format!("{} {}", etape.date, etape.valeur))
            .collect();
        lines.push(format!("en_cours: {}", statut.en_cours));
        lines.join("\n")
    }

    struct Case {
        name: &'static str,
        session: (&'static str, &'static str),
        contrats: &'static [&'static str],
        exclusion: Option<&'static str>,
        today: &'static str,
        expected: &'static str,
    }

    impl Case {
        fn input(&self) -> StatutInput {
            StatutInput {
                debut: date(self.session.0),
                fin: date(self.session.1),
                contrats: self.contrats.iter().map(|text| contrat(text)).collect(),
                exclusion: self.exclusion.map(date),
            }
        }
    }

    fn check(case: &Case) {
        let input = case.input();
        let today = date(case.today);
        let statut = compute(&input, today);
        let expected: Vec<&str> = case
            .expected
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect();
        assert_eq!(render(&statut), expected.join("\n"), "case {}", case.name);
        // The literal reference must agree on every vector too.
        assert_eq!(naive(&input, today), statut, "naive, case {}", case.name);
    }

    const NOW_45: &str = "2025-03-06";
    const NOW_46: &str = "2024-12-28";

    const CASES: &[Case] = &[
        // `docs/statut.md#reference-cases`: every case of the national builder's tests.
        Case {
            name: "builder #1 Cas d'acceptation #1",
            session: ("2024-09-01", "2025-08-31"),
            contrats: &["2024-10-01→2025-08-31"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2024-09-01 INSCRIT
                2024-10-01 APPRENTI
                2025-08-31 FIN_DE_FORMATION
                en_cours: APPRENTI",
        },
        Case {
            name: "builder #2",
            session: ("2024-09-01", "2025-08-31"),
            contrats: &[],
            exclusion: None,
            today: NOW_45,
            expected: "
                2024-09-01 INSCRIT
                2024-11-30 ABANDON
                en_cours: ABANDON",
        },
        Case {
            name: "builder #3",
            session: ("2024-09-01", "2025-08-31"),
            contrats: &["2024-07-01→2025-08-31"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2024-07-01 APPRENTI
                2025-08-31 FIN_DE_FORMATION
                en_cours: APPRENTI",
        },
        Case {
            name: "builder #4",
            session: ("2024-09-01", "2025-08-31"),
            contrats: &["2024-10-01→2025-08-31 R:2024-09-01"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2024-09-01 INSCRIT
                2024-11-30 ABANDON
                en_cours: ABANDON",
        },
        Case {
            name: "builder #5",
            session: ("2024-09-01", "2025-08-31"),
            contrats: &["2024-10-01→2025-08-31 R:2024-12-01"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2024-09-01 INSCRIT
                2024-10-01 APPRENTI
                2024-12-01 RUPTURANT
                2025-05-30 ABANDON
                en_cours: RUPTURANT",
        },
        Case {
            name: "builder #6",
            session: ("2024-09-01", "2025-08-31"),
            contrats: &["2024-10-01→2025-08-31 R:2024-12-01", "2025-04-01→2025-08-31"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2024-09-01 INSCRIT
                2024-10-01 APPRENTI
                2024-12-01 RUPTURANT
                2025-04-01 APPRENTI
                2025-08-31 FIN_DE_FORMATION
                en_cours: RUPTURANT",
        },
        Case {
            name: "builder #7",
            session: ("2024-09-01", "2025-08-31"),
            contrats: &["2024-10-01→2025-08-31 R:2024-12-01", "2025-04-01→2025-08-31"],
            exclusion: Some("2025-03-01"),
            today: NOW_45,
            expected: "
                2024-09-01 INSCRIT
                2024-10-01 APPRENTI
                2024-12-01 RUPTURANT
                2025-03-01 ABANDON
                en_cours: ABANDON",
        },
        Case {
            name: "builder #8",
            session: ("2025-01-06", "2025-12-23"),
            contrats: &[],
            exclusion: None,
            today: NOW_45,
            expected: "
                2025-01-06 INSCRIT
                2025-04-06 ABANDON
                en_cours: INSCRIT",
        },
        Case {
            name: "builder #9",
            session: ("2024-09-06", "2025-09-02"),
            contrats: &["2023-09-25→2025-09-12"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2023-09-25 APPRENTI
                2025-09-02 FIN_DE_FORMATION
                en_cours: APPRENTI",
        },
        Case {
            name: "builder #10",
            session: ("2022-10-25", "2025-07-11"),
            contrats: &[
                "2022-12-05→2023-05-29",
                "2023-05-29→2025-07-31 R:2023-10-03",
                "2023-12-04→2024-12-03 R:2024-08-13",
                "2024-10-01→2025-07-31",
            ],
            exclusion: None,
            today: NOW_45,
            expected: "
                2022-10-25 INSCRIT
                2022-12-05 APPRENTI
                2023-10-03 RUPTURANT
                2023-12-04 APPRENTI
                2024-08-13 RUPTURANT
                2024-10-01 APPRENTI
                2025-07-11 FIN_DE_FORMATION
                en_cours: APPRENTI",
        },
        Case {
            name: "builder #11",
            session: ("2022-09-13", "2024-07-10"),
            contrats: &[
                "2022-09-05→2024-08-31 R:2023-09-11",
                "2024-01-08→2024-09-04 R:2024-07-12",
            ],
            exclusion: None,
            today: NOW_45,
            expected: "
                2022-09-05 APPRENTI
                2023-09-11 RUPTURANT
                2024-01-08 APPRENTI
                2024-07-10 FIN_DE_FORMATION
                en_cours: FIN_DE_FORMATION",
        },
        Case {
            name: "builder #12 rupture on formation end day → RUPTURANT kept",
            session: ("2024-01-01", "2024-12-15"),
            contrats: &["2024-02-01→2024-12-15 R:2024-12-15"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2024-01-01 INSCRIT
                2024-02-01 APPRENTI
                2024-12-15 RUPTURANT
                en_cours: RUPTURANT",
        },
        Case {
            name: "builder #13 multi-contract: only the terminal one decides",
            session: ("2024-01-01", "2024-12-15"),
            contrats: &["2024-02-01→2024-06-30", "2024-08-01→2024-12-15 R:2024-12-15"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2024-01-01 INSCRIT
                2024-02-01 APPRENTI
                2024-07-01 RUPTURANT
                2024-08-01 APPRENTI
                2024-12-15 RUPTURANT
                en_cours: RUPTURANT",
        },
        Case {
            name: "builder #14 tolerance boundary: exactly 60 days",
            session: ("2024-01-01", "2024-12-15"),
            contrats: &["2024-02-01→2024-10-16"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2024-01-01 INSCRIT
                2024-02-01 APPRENTI
                2024-10-17 FIN_DE_FORMATION
                en_cours: FIN_DE_FORMATION",
        },
        Case {
            name: "builder #15 61 days: outside tolerance",
            session: ("2024-01-01", "2024-12-15"),
            contrats: &["2024-02-01→2024-10-15"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2024-01-01 INSCRIT
                2024-02-01 APPRENTI
                2024-10-16 RUPTURANT
                2024-12-15 FIN_DE_FORMATION
                en_cours: FIN_DE_FORMATION",
        },
        Case {
            name: "builder #16 rupture 10 days before end",
            session: ("2024-01-01", "2024-12-15"),
            contrats: &["2024-02-01→2024-12-15 R:2024-12-05"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2024-01-01 INSCRIT
                2024-02-01 APPRENTI
                2024-12-05 RUPTURANT
                en_cours: RUPTURANT",
        },
        Case {
            name: "builder #17 non-terminal 20-day gap",
            session: ("2024-01-01", "2024-12-15"),
            contrats: &["2024-02-01→2024-06-30", "2024-07-21→2024-12-15"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2024-01-01 INSCRIT
                2024-02-01 APPRENTI
                2024-07-01 RUPTURANT
                2024-07-21 APPRENTI
                2024-12-15 FIN_DE_FORMATION
                en_cours: FIN_DE_FORMATION",
        },
        Case {
            name: "builder #18 natural end but exclusion in terminal gap",
            session: ("2024-01-01", "2024-12-15"),
            contrats: &["2024-02-01→2024-11-30"],
            exclusion: Some("2024-12-01"),
            today: NOW_45,
            expected: "
                2024-01-01 INSCRIT
                2024-02-01 APPRENTI
                2024-12-01 ABANDON
                en_cours: ABANDON",
        },
        Case {
            name: "builder #19 seasonality sentinel: contract ends 31/07, session 31/08",
            session: ("2023-09-01", "2024-08-31"),
            contrats: &["2023-10-01→2024-07-31"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2023-09-01 INSCRIT
                2023-10-01 APPRENTI
                2024-08-01 FIN_DE_FORMATION
                en_cours: FIN_DE_FORMATION",
        },
        Case {
            name: "builder #20 overlapping: later-started ends first",
            session: ("2024-01-01", "2024-12-15"),
            contrats: &["2024-02-01→2024-12-15 R:2024-11-01", "2024-03-01→2024-05-31"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2024-01-01 INSCRIT
                2024-02-01 APPRENTI
                2024-11-01 RUPTURANT
                en_cours: RUPTURANT",
        },
        Case {
            name: "builder #21 tie of effective ends → rupture wins",
            session: ("2024-01-01", "2024-12-15"),
            contrats: &["2024-02-01→2024-12-15 R:2024-11-01", "2024-03-01→2024-10-31"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2024-01-01 INSCRIT
                2024-02-01 APPRENTI
                2024-11-01 RUPTURANT
                en_cours: RUPTURANT",
        },
        // Not in the reference's tests: #21 with the slots swapped, so that the rupture wins the
        // tie even though its contract starts later (`docs/statut.md#the-algorithm`, step 6).
        Case {
            name: "tie of effective ends, rupture contract started later",
            session: ("2024-01-01", "2024-12-15"),
            contrats: &["2024-02-01→2024-10-31", "2024-03-01→2024-12-15 R:2024-11-01"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2024-01-01 INSCRIT
                2024-02-01 APPRENTI
                2024-11-01 RUPTURANT
                en_cours: RUPTURANT",
        },
        // `docs/statut.md#reference-cases`: the national ingestion tests (v2).
        Case {
            name: "ingestion: no contract",
            session: ("2024-09-01", "2026-08-31"),
            contrats: &[],
            exclusion: None,
            today: NOW_46,
            expected: "
                2024-09-01 INSCRIT
                2024-11-30 ABANDON
                en_cours: ABANDON",
        },
        Case {
            name: "ingestion: no contract, session from 31/08",
            session: ("2024-08-31", "2025-08-31"),
            contrats: &[],
            exclusion: None,
            today: NOW_46,
            expected: "
                2024-08-31 INSCRIT
                2024-11-29 ABANDON
                en_cours: ABANDON",
        },
        Case {
            name: "ingestion: exclusion and 90-day rule coincide",
            session: ("2024-09-01", "2026-08-31"),
            contrats: &[],
            exclusion: Some("2024-11-30"),
            today: NOW_46,
            expected: "
                2024-09-01 INSCRIT
                2024-11-30 ABANDON
                en_cours: ABANDON",
        },
        Case {
            name: "ingestion: rupture before start, then a contract",
            session: ("2024-09-01", "2026-08-31"),
            contrats: &["2024-09-01→2025-08-31 R:2024-08-31", "2024-11-30→2025-08-31"],
            exclusion: None,
            today: NOW_46,
            expected: "
                2024-09-01 INSCRIT
                2024-11-30 APPRENTI
                2025-09-01 RUPTURANT
                2026-02-28 ABANDON
                2026-08-31 FIN_DE_FORMATION
                en_cours: APPRENTI",
        },
        // `docs/statut.md#reference-cases`: the national queue tests (full dossiers; `now` is not given, any later
        // day works).
        Case {
            name: "queue: commonSampleData",
            session: ("2021-09-01", "2022-06-30"),
            contrats: &[
                "2021-09-01→2022-06-30 R:2022-06-30",
                "2021-09-01→2022-06-30 R:2022-06-30",
            ],
            exclusion: Some("2022-06-30"),
            today: NOW_45,
            expected: "
                2021-09-01 APPRENTI
                2022-06-30 ABANDON
                en_cours: ABANDON",
        },
        Case {
            name: "queue: minimal dossier",
            session: ("2021-09-01", "2022-06-30"),
            contrats: &[],
            exclusion: None,
            today: NOW_45,
            expected: "
                2021-09-01 INSCRIT
                2021-11-30 ABANDON
                en_cours: ABANDON",
        },
        // `docs/statut.md#reference-cases`, dossier-level cases, v2 derivation (D10).
        Case {
            name: "S3 statut_apprenant 0 is not an exclusion in v2",
            session: ("2024-09-01", "2025-06-30"),
            contrats: &["2024-09-15→2025-06-30"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2024-09-01 INSCRIT
                2024-09-15 APPRENTI
                2025-06-30 FIN_DE_FORMATION
                en_cours: APPRENTI",
        },
        Case {
            name: "S4 contract without fin",
            session: ("2024-09-01", "2025-06-30"),
            contrats: &["2024-10-01→"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2024-09-01 INSCRIT
                2024-10-01 APPRENTI
                2025-06-30 FIN_DE_FORMATION
                en_cours: APPRENTI",
        },
        Case {
            name: "S5 same start day: the later slot wins",
            session: ("2024-09-01", "2025-06-30"),
            contrats: &["2024-10-01→2025-06-30", "2024-10-01→2025-06-30 R:2025-01-10"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2024-09-01 INSCRIT
                2024-10-01 APPRENTI
                2025-01-10 RUPTURANT
                en_cours: RUPTURANT",
        },
        Case {
            name: "S6 contract longer than the session",
            session: ("2024-09-01", "2025-06-30"),
            contrats: &["2024-08-01→2025-08-31"],
            exclusion: None,
            today: "2025-07-01",
            expected: "
                2024-08-01 APPRENTI
                2025-06-30 FIN_DE_FORMATION
                en_cours: FIN_DE_FORMATION",
        },
        Case {
            name: "S7 exclusion before the session",
            session: ("2024-09-01", "2025-06-30"),
            contrats: &[],
            exclusion: Some("2024-08-15"),
            today: NOW_45,
            expected: "
                2024-09-01 ABANDON
                en_cours: ABANDON",
        },
        Case {
            name: "S8 entrée after fin",
            session: ("2025-09-01", "2025-06-30"),
            contrats: &[],
            exclusion: None,
            today: NOW_45,
            expected: "
                en_cours: INSCRIT",
        },
        Case {
            name: "S9 rupture then 180 days",
            session: ("2024-09-01", "2026-06-30"),
            contrats: &["2024-09-01→2026-06-30 R:2025-01-01"],
            exclusion: None,
            today: "2025-09-01",
            expected: "
                2024-09-01 APPRENTI
                2025-01-01 RUPTURANT
                2025-06-30 ABANDON
                en_cours: ABANDON",
        },
        Case {
            name: "S10 abandon, then a contract",
            session: ("2024-09-01", "2025-06-30"),
            contrats: &["2025-01-15→2025-06-30"],
            exclusion: None,
            today: NOW_45,
            expected: "
                2024-09-01 INSCRIT
                2024-11-30 ABANDON
                2025-01-15 APPRENTI
                2025-06-30 FIN_DE_FORMATION
                en_cours: APPRENTI",
        },
        Case {
            name: "S11 one-day session in the future",
            session: ("2025-06-30", "2025-06-30"),
            contrats: &[],
            exclusion: None,
            today: NOW_45,
            expected: "
                2025-06-30 FIN_DE_FORMATION
                en_cours: INSCRIT",
        },
        Case {
            name: "S12 étape dated today is reached (2024-10-01T00:00:00Z)",
            session: ("2024-09-01", "2025-06-30"),
            contrats: &["2024-10-01→2025-06-30"],
            exclusion: None,
            today: "2024-10-01",
            expected: "
                2024-09-01 INSCRIT
                2024-10-01 APPRENTI
                2025-06-30 FIN_DE_FORMATION
                en_cours: APPRENTI",
        },
        Case {
            name: "S13 the day before is not (2024-09-30T23:59:59Z)",
            session: ("2024-09-01", "2025-06-30"),
            contrats: &["2024-10-01→2025-06-30"],
            exclusion: None,
            today: "2024-09-30",
            expected: "
                2024-09-01 INSCRIT
                2024-10-01 APPRENTI
                2025-06-30 FIN_DE_FORMATION
                en_cours: INSCRIT",
        },
    ];

    #[test]
    fn reference_vectors() {
        for case in CASES {
            check(case);
        }
        assert_eq!(CASES.len(), 21 + 1 + 6 + 11);
    }

    #[test]
    fn values_and_labels() {
        let rendered: Vec<String> = StatutValeur::ALL
            .iter()
            .map(|valeur| format!("{} = {}", valeur.as_str(), valeur.label()))
            .collect();
        assert_eq!(
            rendered.join("\n"),
            "INSCRIT = Inscrit sans contrat\nAPPRENTI = Apprenti\nRUPTURANT = Rupture de contrat\n\
             ABANDON = Abandon\nFIN_DE_FORMATION = Fin de formation"
        );
    }

    #[test]
    fn hostile_span_is_cheap_and_sensible() {
        let input = StatutInput {
            debut: date("0001-01-01"),
            fin: date("9999-12-31"),
            contrats: vec![contrat("0001-02-01→0001-12-31"), contrat("9999-01-01→")],
            exclusion: None,
        };
        let statut = compute(&input, date("5000-01-01"));
        assert_eq!(
            render(&statut),
            "0001-01-01 INSCRIT\n0001-02-01 APPRENTI\n0002-01-01 RUPTURANT\n0002-06-30 ABANDON\n\
             9999-01-01 APPRENTI\n9999-12-31 FIN_DE_FORMATION\nen_cours: ABANDON"
        );
    }

    #[test]
    fn extreme_calendar_bounds_do_not_panic() {
        // Beyond what a cell can hold, but a `Date` can: ± 1 day around them must not overflow.
        let first = Date::from_ymd(-262_000, 1, 1).expect("in chrono's range");
        let last = Date::from_ymd(262_000, 12, 31).expect("in chrono's range");
        let input = StatutInput {
            debut: first,
            fin: last,
            contrats: vec![
                Contrat {
                    date_debut: first,
                    date_fin: Some(last),
                    date_rupture: Some(first),
                },
                Contrat {
                    date_debut: last,
                    date_fin: Some(first),
                    date_rupture: None,
                },
            ],
            exclusion: Some(last),
        };
        let statut = compute(&input, last);
        assert_invariants(&input, &statut);
        assert_eq!(statut.en_cours, StatutValeur::Abandon);
    }

    /// What must hold for any input: chronological, one change per étape, starting at the start.
    fn assert_invariants(input: &StatutInput, statut: &Statut) {
        let start = input.contrats.iter().map(|c| c.date_debut).fold(input.debut, Ord::min);
        if start > input.fin {
            assert!(statut.parcours.is_empty());
            return;
        }
        assert_eq!(statut.parcours.first().map(|etape| etape.date), Some(start));
        for pair in statut.parcours.windows(2) {
            assert!(pair[0].date < pair[1].date, "{pair:?}");
            assert_ne!(pair[0].valeur, pair[1].valeur, "{pair:?}");
        }
        assert!(statut.parcours.iter().all(|etape| etape.date <= input.fin));
    }

    /// `docs/statut.md#the-algorithm` read literally: a dictionary of days, filled day by day. Only for bounded spans.
    #[allow(
        clippy::too_many_lines,
        reason = "a step-by-step transcription of the algorithm reads best whole"
    )]
    fn naive(input: &StatutInput, now: Date) -> Statut {
        let next = |day: Date| day.add_days(1).expect("bounded test dates");
        // `docs/statut.md#inputs`: a map keyed by start day, in insertion order, where a later contract overwrites.
        let mut contrats: Vec<Contrat> = Vec::new();
        for contrat in &input.contrats {
            match contrats.iter_mut().find(|known| known.date_debut == contrat.date_debut) {
                Some(known) => *known = *contrat,
                None => contrats.push(*contrat),
            }
        }
        let effective_end = |contrat: &Contrat| match contrat.date_rupture {
            Some(rupture) => rupture.add_days(-1).expect("bounded test dates"),
            None => contrat.date_fin.unwrap_or(input.fin),
        };
        let start = contrats.iter().map(|c| c.date_debut).fold(input.debut, Ord::min);
        let mut day_set = Vec::new();
        let mut current = start;
        while current <= input.fin {
            day_set.push(current);
            current = next(current);
        }
        let mut status: HashMap<Date, StatutValeur> = HashMap::new();
        // 1.
        for day in &day_set {
            status.insert(*day, StatutValeur::Inscrit);
        }
        // 2.
        for contrat in &contrats {
            let end = effective_end(contrat);
            let mut day = contrat.date_debut;
            while day <= end {
                status.insert(day, StatutValeur::Apprenti);
                day = next(day);
            }
        }
        // 3.
        if let Some(exclusion) = input.exclusion {
            let mut day = exclusion;
            while day <= input.fin {
                status.insert(day, StatutValeur::Abandon);
                day = next(day);
            }
        }
        // 4.
        let mut consecutive = 0;
        let mut has_contract = false;
        for day in &day_set {
            let value = status[day];
            if value == StatutValeur::Apprenti {
                has_contract = true;
                consecutive = 0;
                continue;
            }
            consecutive += 1;
            if value == StatutValeur::Inscrit {
                let new = if has_contract {
                    if consecutive > 180 {
                        StatutValeur::Abandon
                    } else {
                        StatutValeur::Rupturant
                    }
                } else if consecutive > 90 {
                    StatutValeur::Abandon
                } else {
                    StatutValeur::Inscrit
                };
                status.insert(*day, new);
            }
        }
        // 5.
        let last_day = status.get(&input.fin).copied();
        // 6.
        let mut terminal: Option<&Contrat> = None;
        for contrat in &contrats {
            let replace = match terminal {
                None => true,
                Some(best) => {
                    effective_end(contrat) > effective_end(best)
                        || (effective_end(contrat) == effective_end(best) && contrat.date_rupture.is_some())
                }
            };
            if replace {
                terminal = Some(contrat);
            }
        }
        let natural = input.exclusion.is_none() && terminal.is_some_and(|t| t.date_rupture.is_none());
        if let (true, Some(terminal)) = (natural, terminal) {
            let end = effective_end(terminal);
            if input.fin.days_since(end) <= 60 {
                let mut day = next(end);
                while day <= input.fin {
                    if let Some(value @ (StatutValeur::Inscrit | StatutValeur::Rupturant)) = status.get_mut(&day) {
                        *value = StatutValeur::FinDeFormation;
                    }
                    day = next(day);
                }
            }
        }
        // 7.
        if matches!(last_day, Some(StatutValeur::Apprenti | StatutValeur::Inscrit)) || natural {
            status.insert(input.fin, StatutValeur::FinDeFormation);
        }
        // 8.
        let mut parcours: Vec<Etape> = Vec::new();
        for day in &day_set {
            let valeur = status[day];
            if parcours.last().map(|etape| etape.valeur) != Some(valeur) {
                parcours.push(Etape { date: *day, valeur });
            }
        }
        // 9.
        let mut en_cours = StatutValeur::Inscrit;
        for etape in &parcours {
            if etape.date > now {
                break;
            }
            en_cours = etape.valeur;
        }
        Statut { en_cours, parcours }
    }

    /// Proptest case count of the equivalence test.
    const EQUIVALENCE_CASES: u32 = 4096;

    fn offset(base: Date, days: i64) -> Date {
        base.add_days(days).expect("bounded test dates")
    }

    /// Offsets that often land on the interesting days (session bounds, 60 days before the end)
    /// and otherwise anywhere around the session.
    fn around(length: i64) -> impl Strategy<Value = i64> {
        prop_oneof![
            3 => -400..length + 400,
            1 => prop::sample::select(vec![-1, 0, 1, 30, 90, 91, 180, 181]),
            1 => length - 62..length + 2,
        ]
    }

    fn contrat_strategy(length: i64) -> impl Strategy<Value = (i64, Option<i64>, Option<i64>)> {
        (
            around(length),
            prop::option::of(-40..900_i64),
            prop::option::of(-40..900_i64),
        )
            .prop_flat_map(move |(start, fin, rupture)| {
                // Sometimes aim the fin or the rupture at the session's last days, and often
                // exactly at the 60-day tolerance boundary (a rupture day is end + 1).
                let boundaries = [length - 61, length - 60, length - 59, length - 1, length];
                let aimed = prop_oneof![
                    length - 62 - start..length + 2 - start,
                    prop::sample::select(boundaries.map(|day| day - start).to_vec()),
                ]
                .prop_map(Some);
                (
                    Just(start),
                    prop_oneof![3 => Just(fin), 1 => aimed.clone()],
                    prop_oneof![3 => Just(rupture), 1 => aimed],
                )
            })
    }

    fn input_strategy() -> impl Strategy<Value = (StatutInput, Date)> {
        (0..4000_i64, prop_oneof![1 => -30..0_i64, 9 => 0..=1500_i64])
            .prop_flat_map(|(base, length)| {
                (
                    Just(base),
                    Just(length),
                    prop::collection::vec(contrat_strategy(length), 0..=4),
                    prop::option::of(around(length)),
                    -100..length + 400,
                    0..4_u8,
                )
            })
            .prop_map(|(base, length, contrats, exclusion, today, twist)| {
                let debut = offset(date("2015-01-01"), base);
                let mut contrats: Vec<Contrat> = contrats
                    .into_iter()
                    .map(|(start, fin, rupture)| {
                        let date_debut = offset(debut, start);
                        Contrat {
                            date_debut,
                            date_fin: fin.map(|days| offset(date_debut, days)),
                            date_rupture: rupture.map(|days| offset(date_debut, days)),
                        }
                    })
                    .collect();
                let fin = offset(debut, length);
                if contrats.len() >= 2 {
                    let first = contrats[0];
                    let last = contrats.len() - 1;
                    match twist {
                        // Exercise the collapse of equal start days.
                        0 => contrats[1].date_debut = first.date_debut,
                        // Exercise the tie of effective ends, with the other rupture flag.
                        1 => {
                            contrats[last] = match first.date_rupture {
                                Some(rupture) => Contrat {
                                    date_fin: Some(offset(rupture, -1)),
                                    date_rupture: None,
                                    ..contrats[last]
                                },
                                None => Contrat {
                                    date_rupture: Some(offset(first.date_fin.unwrap_or(fin), 1)),
                                    ..contrats[last]
                                },
                            };
                        }
                        _ => {}
                    }
                }
                let input = StatutInput {
                    debut,
                    fin,
                    contrats,
                    exclusion: exclusion.map(|days| offset(debut, days)),
                };
                (input, offset(debut, today))
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(EQUIVALENCE_CASES))]

        #[test]
        fn equals_the_day_by_day_reference((input, today) in input_strategy()) {
            let fast = compute(&input, today);
            assert_invariants(&input, &fast);
            prop_assert_eq!(fast, naive(&input, today));
        }
    }

    proptest! {
        #[test]
        fn any_dates_never_panic(
            days in prop::collection::vec(-95_000_000..95_000_000_i32, 12),
            flags in prop::collection::vec(any::<bool>(), 12),
        ) {
            let pick = |i: usize| Date::from_day_number(days[i]).unwrap_or_else(|| date("2024-01-01"));
            let contrats = (0..3)
                .map(|slot| Contrat {
                    date_debut: pick(3 + slot * 3),
                    date_fin: flags[slot * 2].then(|| pick(4 + slot * 3)),
                    date_rupture: flags[slot * 2 + 1].then(|| pick(5 + slot * 3)),
                })
                .collect();
            let input = StatutInput {
                debut: pick(0),
                fin: pick(1),
                contrats,
                exclusion: flags[6].then(|| pick(2)),
            };
            let statut = compute(&input, pick(2));
            assert_invariants(&input, &statut);
        }
    }
}
