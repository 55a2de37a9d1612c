//! The indicators of `docs/indicators.md`, rule by rule at their edges: cases as data, files validated by
//! the engine (so "valid" means what it means everywhere else), one `check` helper.

use super::*;
use crate::cell::Cell;
use crate::profile::Profile;
use crate::table::{Row, Table};

/// A valid learner of the API profile; a line spec overrides or adds fields.
const BASE: &[(&str, &str)] = &[
    ("nom_apprenant", "Doe"),
    ("prenom_apprenant", "John"),
    ("date_de_naissance_apprenant", "2000-10-28"),
    ("annee_scolaire", "2024-2025"),
    ("id_erp_apprenant", "A"),
    ("date_inscription_formation", "2024-09-01"),
    ("date_entree_formation", "2024-09-01"),
    ("date_fin_formation", "2025-06-30"),
    ("etablissement_responsable_uai", "0755805C"),
    ("etablissement_responsable_siret", "77568013501139"),
    ("etablissement_formateur_uai", "0802004U"),
    ("etablissement_formateur_siret", "77937827200016"),
];

/// The short names of a line spec (`key=value`, separated by spaces).
const SHORT: &[(&str, &str)] = &[
    ("id", "id_erp_apprenant"),
    ("an", "annee_scolaire"),
    ("in", "date_entree_formation"),
    ("out", "date_fin_formation"),
    ("c", "contrat_date_debut"),
    ("cf", "contrat_date_fin"),
    ("r", "contrat_date_rupture"),
    ("x", "date_exclusion_formation"),
    ("rncp", "formation_rncp"),
    ("cfd", "formation_cfd"),
    ("lib", "libelle_court_formation"),
    // The other CFA's UAI and SIRET as formateur: another organisme.
    ("uai", "etablissement_formateur_uai"),
    ("siret", "etablissement_formateur_siret"),
    // An impossible birth date: a line in error.
    ("naissance", "date_de_naissance_apprenant"),
];

/// The lines of a file, each a spec like `"id=B an=2025-2026 c=2025-10-01"`.
fn report(specs: &[&str]) -> crate::Report {
    let rows: Vec<Vec<(String, String)>> = specs
        .iter()
        .map(|spec| {
            let mut cells: Vec<(String, String)> = BASE
                .iter()
                .map(|(field, value)| ((*field).to_owned(), (*value).to_owned()))
                .collect();
            for pair in spec.split_whitespace() {
                let (short, value) = pair.split_once('=').expect("key=value");
                let field = SHORT
                    .iter()
                    .find(|(known, _)| *known == short)
                    .map_or_else(|| panic!("unknown key {short}"), |(_, field)| *field);
                cells.retain(|(name, _)| name != field);
                // `lib=BTS_Cuisine` stands for "BTS Cuisine".
                cells.push((field.to_owned(), value.replace('_', " ")));
            }
            cells
        })
        .collect();
    let mut headers: Vec<String> = Vec::new();
    for row in &rows {
        for (name, _) in row {
            if !headers.contains(name) {
                headers.push(name.clone());
            }
        }
    }
    let rows = (2u32..)
        .zip(&rows)
        .map(|(line, row)| Row {
            line,
            cells: headers
                .iter()
                .map(|header| {
                    row.iter()
                        .find(|(name, _)| name == header)
                        .map_or(Cell::Empty, |(_, value)| Cell::Text(value.as_str().into()))
                })
                .collect(),
        })
        .collect();
    let today = Date::from_ymd(2025, 3, 6).expect("a day");
    crate::validate(&Table::new(&headers, rows), Profile::Api, today)
}

/// `apprenants/apprentis/inscrits/rupturants/abandons`.
fn figures(compteurs: &Compteurs) -> String {
    format!(
        "{}/{}/{}/{}/{}",
        compteurs.apprenants(),
        compteurs.apprentis(),
        compteurs.inscrits(),
        compteurs.rupturants(),
        compteurs.abandons()
    )
}

/// The whole file's figures, then each formation's: `RNCP,CFD (label) figures`, `-` for absent.
fn render(indicateurs: &Indicateurs) -> String {
    let mut out = figures(&indicateurs.compteurs);
    for ligne in &indicateurs.par_formation {
        let formation = &ligne.formation;
        let code = |code: &Option<Text>| code.as_deref().unwrap_or("-").to_owned();
        out.push_str(&format!(" | {},{}", code(&formation.rncp), code(&formation.cfd)));
        if let Some(libelle) = &formation.libelle {
            out.push_str(&format!(" ({libelle})"));
        }
        out.push_str(&format!(" {}", figures(&ligne.compteurs)));
    }
    out
}

/// Every case: a file (line specs; a spec with `naissance=` is expected in error, every other
/// line valid), dates, and the figures expected at each date.
fn check(name: &str, specs: &[&str], expected: &[(&str, &str)]) {
    let report = report(specs);
    for (spec, line) in specs.iter().zip(&report.lines) {
        let expect_valid = !spec.contains("naissance=");
        assert_eq!(
            line.is_valid(),
            expect_valid,
            "{name}: line {spec:?}: {:?}",
            line.diagnostics
        );
    }
    let effectifs = Effectifs::new(&report.lines);
    for (day, figures) in expected {
        let date = Date::parse_iso(day).expect("an ISO day");
        assert_eq!(render(&effectifs.at(date)), *figures, "{name} at {day}");
    }
}

/// A case at dates: name, line specs, (day, expected figures).
type AtDates = (
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);

/// A case of months: name, line specs, `--du`, `--au`, expected span or error.
type Months = (
    &'static str,
    &'static [&'static str],
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
);

#[test]
#[allow(clippy::too_many_lines, reason = "a table of cases")]
fn indicators_at_a_date() {
    // The base line: INSCRIT 2024-09-01, APPRENTI 2024-10-01 with `c=2024-10-01`, FIN_DE_FORMATION
    // 2025-06-30 (the contract runs to the session's end).
    let cases: &[AtDates] = &[
        (
            "school year: 31 July is the end of Y-1-Y, 1 August starts Y-Y+1",
            &[
                "c=2024-10-01",
                "id=B an=2025-2026 in=2025-08-01 out=2026-06-30 c=2025-08-01",
            ],
            &[
                ("2025-07-31", "1/1/0/0/0 | -,- 1/1/0/0/0"),
                ("2025-08-01", "1/1/0/0/0 | -,- 1/1/0/0/0"),
                ("2025-08-02", "1/1/0/0/0 | -,- 1/1/0/0/0"),
            ],
        ),
        (
            "school year: the line of 2024-2025 alone is gone on 1 August",
            &["c=2024-10-01"],
            &[("2025-07-31", "1/1/0/0/0 | -,- 1/1/0/0/0"), ("2025-08-01", "0/0/0/0/0")],
        ),
        (
            "school year: a line of 2025-2026 starting in July is not counted before August",
            &["an=2025-2026 in=2025-07-01 out=2026-06-30 c=2025-07-01"],
            &[("2025-07-31", "0/0/0/0/0"), ("2025-08-01", "1/1/0/0/0 | -,- 1/1/0/0/0")],
        ),
        (
            "school year: \"Y-Y\" counts through the calendar year Y, not after",
            &["an=2025-2025 in=2025-01-06 out=2025-12-19 c=2025-01-06"],
            &[
                ("2024-12-31", "0/0/0/0/0"),
                ("2025-01-06", "1/1/0/0/0 | -,- 1/1/0/0/0"),
                ("2025-07-31", "1/1/0/0/0 | -,- 1/1/0/0/0"),
                ("2025-08-01", "1/1/0/0/0 | -,- 1/1/0/0/0"),
                ("2025-12-31", "1/1/0/0/0 | -,- 1/1/0/0/0"),
                ("2026-01-01", "0/0/0/0/0"),
            ],
        ),
        (
            "school year: a year the date belongs to neither way",
            &["an=2023-2024 in=2023-09-01 out=2025-06-30 c=2023-10-01"],
            &[("2024-07-31", "1/1/0/0/0 | -,- 1/1/0/0/0"), ("2024-09-30", "0/0/0/0/0")],
        ),
        (
            "last step on or before the date: a step dated that day counts, none yet counts nowhere",
            &["c=2024-10-01"],
            &[
                ("2024-08-31", "0/0/0/0/0"),
                ("2024-09-01", "1/0/1/0/0 | -,- 1/0/1/0/0"),
                ("2024-09-30", "1/0/1/0/0 | -,- 1/0/1/0/0"),
                ("2024-10-01", "1/1/0/0/0 | -,- 1/1/0/0/0"),
            ],
        ),
        (
            "apprentis include fins de formation, after the session's end too",
            &["c=2024-10-01", "id=B c=2024-10-01 cf=2025-05-31"],
            &[
                ("2025-05-31", "2/2/0/0/0 | -,- 2/2/0/0/0"),
                // B: FIN_DE_FORMATION from 2025-06-01 (within the 60-day tolerance).
                ("2025-06-01", "2/2/0/0/0 | -,- 2/2/0/0/0"),
                ("2025-07-15", "2/2/0/0/0 | -,- 2/2/0/0/0"),
            ],
        ),
        (
            "rupturants are apprenants; abandons are not",
            &["c=2024-10-01 r=2025-01-10", "id=B c=2024-10-01 x=2025-02-01", "id=C"],
            &[
                // C has no contract: ABANDON after 90 days (2024-11-30).
                ("2024-11-29", "3/2/1/0/0 | -,- 3/2/1/0/0"),
                ("2024-11-30", "2/2/0/0/1 | -,- 2/2/0/0/1"),
                ("2025-01-10", "2/1/0/1/1 | -,- 2/1/0/1/1"),
                ("2025-02-01", "1/0/0/1/2 | -,- 1/0/0/1/2"),
            ],
        ),
        (
            "one effectif per identity: the last line wins",
            &["c=2024-10-01", "c=2024-10-01 x=2025-01-15"],
            &[
                ("2025-01-14", "1/1/0/0/0 | -,- 1/1/0/0/0"),
                ("2025-01-15", "0/0/0/0/1 | -,- 0/0/0/0/1"),
            ],
        ),
        (
            "one effectif per identity: the winner is the last line, even with no step yet",
            &["c=2024-10-01", "in=2024-11-01 c=2024-11-01"],
            &[("2024-10-15", "0/0/0/0/0"), ("2024-11-01", "1/1/0/0/0 | -,- 1/1/0/0/0")],
        ),
        (
            "another school year, CFA formateur or learner is another effectif",
            &[
                "c=2024-10-01",
                "an=2024-2024 in=2024-01-08 c=2024-01-08",
                "c=2024-10-01 uai=0755805C siret=77568013501139",
                "id=B c=2024-10-01",
            ],
            &[
                ("2024-10-01", "4/4/0/0/0 | -,- 4/4/0/0/0"),
                ("2025-01-01", "3/3/0/0/0 | -,- 3/3/0/0/0"),
            ],
        ),
        (
            "lines in error are left out, and never replace a valid line",
            &[
                "c=2024-10-01",
                "naissance=2000-02-31 x=2024-12-01",
                "id=B naissance=2000-02-31",
            ],
            &[("2025-01-01", "1/1/0/0/0 | -,- 1/1/0/0/0")],
        ),
        (
            "per formation: by RNCP then CFD, absent codes last, the last label given, empty ones omitted",
            &[
                "rncp=RNCP37859 cfd=50022145 lib=BTS_MCO c=2024-10-01",
                "id=B rncp=RNCP37859 cfd=50022145 lib=BTS_Management c=2024-10-01",
                "id=C rncp=RNCP37859 cfd=50022145",
                "id=D cfd=40022106 lib=CAP_Cuisine c=2024-10-01 r=2024-12-01",
                "id=E rncp=RNCP35316 c=2024-10-01",
                "id=F rncp=RNCP35316 cfd=32022310 in=2025-02-01 out=2026-06-30 c=2025-02-01",
            ],
            &[
                (
                    "2024-12-15",
                    // C, without a contract, is an abandon since 2024-11-30; F has not started.
                    "4/3/0/1/1 | RNCP35316,- 1/1/0/0/0 | RNCP37859,50022145 (BTS Management) 2/2/0/0/1 \
                     | -,40022106 (CAP Cuisine) 1/0/0/1/0",
                ),
                (
                    "2025-02-01",
                    "5/4/0/1/1 | RNCP35316,32022310 1/1/0/0/0 | RNCP35316,- 1/1/0/0/0 \
                     | RNCP37859,50022145 (BTS Management) 2/2/0/0/1 | -,40022106 (CAP Cuisine) 1/0/0/1/0",
                ),
            ],
        ),
    ];
    for (name, specs, expected) in cases {
        check(name, specs, expected);
    }
}

#[test]
fn a_valid_line_without_a_timeline_counts_nowhere() {
    let mut report = report(&["c=2024-10-01", "id=B c=2024-10-01"]);
    // What a line whose formation dates cannot be read carries (such a line is in error today).
    report.lines[1].statut = None;
    let effectifs = Effectifs::new(&report.lines);
    let date = Date::from_ymd(2025, 1, 1).expect("a day");
    assert_eq!(render(&effectifs.at(date)), "1/1/0/0/0 | -,- 1/1/0/0/0");
    assert_eq!(effectifs.len(), 2, "it is still an effectif of the file");
}

#[test]
#[allow(clippy::too_many_lines, reason = "a table of cases")]
fn months_of_a_series() {
    let mois = |text: &str| Mois::parse(text).expect("AAAA-MM");
    let cases: &[Months] = &[
        (
            "one school year: August to July",
            &["an=2024-2025"],
            None,
            None,
            "2024-08..2025-07 (12)",
        ),
        (
            "a calendar year: January to December",
            &["an=2025-2025 in=2025-01-06 out=2025-12-19"],
            None,
            None,
            "2025-01..2025-12 (12)",
        ),
        (
            "three school years, in any order: 36 months",
            &[
                "an=2025-2026 in=2025-09-01 out=2026-06-30",
                "id=B an=2023-2024 in=2023-09-01 out=2024-06-30",
                "id=C",
            ],
            None,
            None,
            "2023-08..2026-07 (36)",
        ),
        (
            "four school years: the 36 most recent months",
            &[
                "an=2025-2026 in=2025-09-01 out=2026-06-30",
                "id=B an=2022-2023 in=2022-09-01 out=2023-06-30",
            ],
            None,
            None,
            "2023-08..2026-07 (36, tronquée)",
        ),
        (
            "four school years from a given month: the 36 months after it",
            &[
                "an=2025-2026 in=2025-09-01 out=2026-06-30",
                "id=B an=2022-2023 in=2022-09-01 out=2023-06-30",
            ],
            Some("2022-08"),
            None,
            "2022-08..2025-07 (36, tronquée)",
        ),
        (
            "given bounds",
            &["an=2024-2025"],
            Some("2024-12"),
            Some("2025-02"),
            "2024-12..2025-02 (3)",
        ),
        (
            "given bounds across years",
            &["an=2024-2025"],
            Some("2023-11"),
            Some("2026-10"),
            "2023-11..2026-10 (36)",
        ),
        (
            "only the end",
            &["an=2024-2025"],
            None,
            Some("2024-09"),
            "2024-08..2024-09 (2)",
        ),
        (
            "only lines in error: no month",
            &["naissance=2000-02-31"],
            None,
            None,
            "(0)",
        ),
        (
            "only lines in error, given bounds",
            &["naissance=2000-02-31"],
            Some("2025-01"),
            Some("2025-01"),
            "2025-01..2025-01 (1)",
        ),
        (
            "given bounds too far apart",
            &["an=2024-2025"],
            Some("2022-01"),
            Some("2025-01"),
            "la période de 2022-01 à 2025-01 compte 37 mois : 36 au plus à la fois.",
        ),
        (
            "a start after the end",
            &["an=2024-2025"],
            Some("2025-08"),
            None,
            "la période est vide : elle commencerait en 2025-08 et finirait en 2025-07 (le mois de début doit précéder \
             le mois de fin ; sans --du ou --au, ce sont les années scolaires du fichier qui les fixent).",
        ),
    ];
    for (name, specs, du, au, expected) in cases {
        let report = report(specs);
        let effectifs = Effectifs::new(&report.lines);
        let got = match effectifs.mois(du.map(mois), au.map(mois)) {
            Ok(periode) => {
                let span = match (periode.mois.first(), periode.mois.last()) {
                    (Some(first), Some(last)) => format!("{first}..{last} "),
                    _ => String::new(),
                };
                let cut = if periode.tronquee { ", tronquée" } else { "" };
                format!("{span}({}{cut})", periode.mois.len())
            }
            Err(error) => error.to_string(),
        };
        assert_eq!(got, *expected, "{name}");
    }
}

#[test]
fn a_series_is_the_indicators_at_each_month_end() {
    let report = report(&[
        "c=2024-10-01 r=2025-01-10",
        "id=B an=2025-2026 in=2025-09-01 out=2026-06-30",
    ]);
    let effectifs = Effectifs::new(&report.lines);
    let periode = effectifs.mois(None, None).expect("a period");
    let serie = effectifs.serie(&periode.mois);
    assert_eq!(serie.len(), 24);
    for (indicateurs, mois) in serie.iter().zip(&periode.mois) {
        let fin = mois.fin().expect("a month end");
        assert_eq!(indicateurs, &effectifs.at(fin));
        assert_eq!(Mois::of(fin), *mois);
        assert_eq!(
            fin.add_days(1).map(Mois::of),
            Mois::from_number(mois.number() + 1),
            "the month's last day"
        );
    }
    let dates: Vec<String> = serie
        .iter()
        .take(3)
        .map(|indicateurs| indicateurs.date.to_iso())
        .collect();
    assert_eq!(dates, ["2024-08-31", "2024-09-30", "2024-10-31"]);
    let leap = Mois::parse("2024-02").and_then(Mois::fin).map(Date::to_iso);
    assert_eq!(leap.as_deref(), Some("2024-02-29"));
    let figures: Vec<String> = serie
        .iter()
        .map(|indicateurs| figures(&indicateurs.compteurs))
        .collect();
    assert_eq!(
        figures.join(" "),
        // A: INSCRIT, APPRENTI from October, RUPTURANT from 10 January, until July; then B's year:
        // INSCRIT from September, ABANDON after 90 days (2025-11-30).
        "0/0/0/0/0 1/0/1/0/0 1/1/0/0/0 1/1/0/0/0 1/1/0/0/0 1/0/0/1/0 1/0/0/1/0 1/0/0/1/0 1/0/0/1/0 1/0/0/1/0 \
         1/0/0/1/0 1/0/0/1/0 0/0/0/0/0 1/0/1/0/0 1/0/1/0/0 0/0/0/0/1 0/0/0/0/1 0/0/0/0/1 0/0/0/0/1 0/0/0/0/1 \
         0/0/0/0/1 0/0/0/0/1 0/0/0/0/1 0/0/0/0/1"
    );
}

#[test]
fn month_texts() {
    let cases = [
        ("2025-01", Some("2025-01")),
        ("2025-12", Some("2025-12")),
        ("2025-13", None),
        ("2025-00", None),
        ("2025-1", None),
        ("25-01", None),
        ("2025/01", None),
        ("2025-01-01", None),
        ("+025-01", None),
        ("", None),
    ];
    for (text, expected) in cases {
        assert_eq!(
            Mois::parse(text).map(|mois| mois.to_string()).as_deref(),
            expected,
            "{text}"
        );
    }
}
