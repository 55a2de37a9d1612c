//! Tests of the indicators panel's figures in the worker (D16): a file over three school years (the CFA export of
//! `tests/data/effectifs-cp1252.csv`, a third of its learners moved one school year back, a third one forward),
//! then changes of the evaluation day, edits, a column-wide fix and its undo. After every answer: its summary's
//! indicators are those of a fresh validation of the table at that day (nothing stale survives a change), and one
//! line of figures per step, checked against the expected text. (`tests/e2e/indicators.test.mjs` compares the
//! page's figures with `effectifs indicateurs` and `effectifs check --today` on the same file.)
#![allow(
    clippy::needless_raw_string_hashes,
    reason = "expect-test writes its literals as `r#\"…\"#`"
)]

use effectifs_core::{Profile, validate};
use expect_test::{Expect, expect};

use super::tests::bytes;
use super::{Engine, summary_view};
use crate::protocol::{Figures, FixRequest, IndicatorsView, Request, Response};

/// The export's columns, by position.
const EMAIL: u32 = 8;
const ANNEE_SCOLAIRE: u32 = 11;

/// `effectifs-cp1252.csv` over three school years: of its learners (lines 2 to 13), the first of every three
/// moves to 2024-2025 (every year of its dates one less), the second to 2026-2027 (one more). The file is
/// Windows-1252: each byte is read as the character of the same number and written back so.
pub(super) fn three_school_years() -> Vec<u8> {
    let text: String = bytes("effectifs-cp1252.csv").into_iter().map(char::from).collect();
    let mut lines: Vec<String> = text.split("\r\n").map(str::to_owned).collect();
    for (index, line) in lines.iter_mut().skip(1).enumerate() {
        let shift: i32 = match index % 3 {
            0 => -1,
            1 => 1,
            _ => continue,
        };
        *line = line.replace("2025-2026", &format!("{}-{}", 2025 + shift, 2026 + shift));
        // Years in turn, so that no date moves twice.
        let years: Vec<i32> = if shift < 0 {
            (2020..=2030).collect()
        } else {
            (2020..=2030).rev().collect()
        };
        for year in years {
            *line = line.replace(&format!("/{year}"), &format!("/{}", year + shift));
        }
    }
    lines
        .join("\r\n")
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("a byte"))
        .collect()
}

fn open(today: &str) -> Request {
    Request::Open {
        bytes: three_school_years(),
        name: "trois-annees.csv".to_owned(),
        sheet: None,
        profile: "televersement".to_owned(),
        today: today.to_owned(),
        mapping: None,
    }
}

fn set_today(today: &str) -> Request {
    Request::SetToday {
        today: today.to_owned(),
    }
}

fn edit(row: u32, column: u32, text: &str) -> Request {
    Request::Edit {
        row,
        column,
        text: text.to_owned(),
    }
}

/// `a/b/c/d/e`: apprenants, apprentis, inscrits, rupturants, abandons.
fn five(figures: &Figures) -> String {
    format!(
        "{}/{}/{}/{}/{}",
        figures.apprenants, figures.apprentis, figures.inscrits, figures.rupturants, figures.abandons
    )
}

/// One line: the day's figures, the formations', then the month ends (first and last) and every month's
/// apprenants.
fn describe(view: &IndicatorsView) -> String {
    let formations: Vec<String> = view
        .formations
        .iter()
        .map(|formation| {
            format!(
                "{}|{}|{} {}",
                formation.rncp.as_deref().unwrap_or("-"),
                formation.cfd.as_deref().unwrap_or("-"),
                formation.libelle.as_deref().unwrap_or("-"),
                five(&formation.figures)
            )
        })
        .collect();
    let apprenants: Vec<String> = view
        .months
        .iter()
        .map(|month| month.figures.apprenants.to_string())
        .collect();
    format!(
        "{} {} effectifs={} [{}] mois {}..{} ({}{}) apprenants {}",
        view.date,
        five(&view.figures),
        view.effectifs,
        formations.join(" ; "),
        view.months.first().map_or("-", |month| month.date.as_str()),
        view.months.last().map_or("-", |month| month.date.as_str()),
        view.months.len(),
        if view.truncated { ", coupée" } else { "" },
        apprenants.join(" ")
    )
}

/// Runs the requests from a fresh worker: one line per answer that carries a summary.
fn run(requests: Vec<Request>, expected: &Expect) {
    let mut engine = Engine::new();
    let mut out = String::new();
    for request in requests {
        let asked = format!("{request:?}");
        let summary = match engine.handle(request, &mut |_| ()) {
            Response::Opened(view) => view.summary,
            Response::Updated(update) => update.summary,
            Response::Fixed(fixed) => fixed.update.summary,
            Response::Statuts { summary, .. } => summary,
            other => panic!("unexpected answer to {asked}: {other:?}"),
        };
        let session = engine.session().expect("a file is open");
        let fresh = validate(session.table(), Profile::Televersement, session.report().today);
        assert_eq!(summary.indicateurs, summary_view(&fresh).indicateurs, "{asked}");
        out.push_str(&format!(
            "{} en erreur ; {}\n",
            summary.invalid,
            describe(&summary.indicateurs)
        ));
    }
    expected.assert_eq(&out);
}

#[test]
fn indicators_follow_the_day_the_edits_and_the_fixes() {
    run(
        vec![
            open("2026-03-15"),
            // The school-year filter at its edges: 31 July and 1 August.
            set_today("2025-07-31"),
            set_today("2025-08-01"),
            set_today("2026-11-30"),
            set_today("2026-03-15"),
            // Line 8 (row 6, now a 2024-2025 learner, in error): its e-mail fixed, it counts in that school year.
            edit(6, EMAIL, "lucas.martin@gmail.com"),
            set_today("2026-11-30"),
            // Every 2024-2025 line moved to 2025-2026 (one step), then put back.
            Request::Fix(FixRequest::Replace {
                column: ANNEE_SCOLAIRE,
                from: "2024-2025".to_owned(),
                to: "2025-2026".to_owned(),
            }),
            set_today("2026-03-15"),
            Request::UndoFix,
            edit(6, EMAIL, "lucas.martin@gmail"),
        ],
        &expect![[r#"
            4 en erreur ; 2026-03-15 2/2/0/0/1 effectifs=8 [RNCP37843|45022103|BP BOULANGER 1/1/0/0/0 ; RNCP37859|50022137|CAP CUISINE 1/1/0/0/0 ; RNCP37869|50022141|CAP PATISSIER 0/0/0/0/1] mois 2024-08-31..2027-07-31 (36) apprenants 0 1 1 1 1 1 1 1 1 1 1 1 1 3 3 2 2 2 2 2 2 2 2 2 1 3 3 2 2 2 2 2 2 2 2 1
            4 en erreur ; 2025-07-31 1/1/0/0/0 effectifs=8 [RNCP37869|50022141|CAP PATISSIER 1/1/0/0/0] mois 2024-08-31..2027-07-31 (36) apprenants 0 1 1 1 1 1 1 1 1 1 1 1 1 3 3 2 2 2 2 2 2 2 2 2 1 3 3 2 2 2 2 2 2 2 2 1
            4 en erreur ; 2025-08-01 0/0/0/0/0 effectifs=8 [] mois 2024-08-31..2027-07-31 (36) apprenants 0 1 1 1 1 1 1 1 1 1 1 1 1 3 3 2 2 2 2 2 2 2 2 2 1 3 3 2 2 2 2 2 2 2 2 1
            4 en erreur ; 2026-11-30 2/2/0/0/2 effectifs=8 [RNCP37859|50022137|CAP CUISINE 1/1/0/0/1 ; RNCP37869|50022141|CAP PATISSIER 0/0/0/0/1 ; RNCP38362|32031213|BTS MCO 1/1/0/0/0] mois 2024-08-31..2027-07-31 (36) apprenants 0 1 1 1 1 1 1 1 1 1 1 1 1 3 3 2 2 2 2 2 2 2 2 2 1 3 3 2 2 2 2 2 2 2 2 1
            4 en erreur ; 2026-03-15 2/2/0/0/1 effectifs=8 [RNCP37843|45022103|BP BOULANGER 1/1/0/0/0 ; RNCP37859|50022137|CAP CUISINE 1/1/0/0/0 ; RNCP37869|50022141|CAP PATISSIER 0/0/0/0/1] mois 2024-08-31..2027-07-31 (36) apprenants 0 1 1 1 1 1 1 1 1 1 1 1 1 3 3 2 2 2 2 2 2 2 2 2 1 3 3 2 2 2 2 2 2 2 2 1
            3 en erreur ; 2026-03-15 2/2/0/0/1 effectifs=9 [RNCP37843|45022103|BP BOULANGER 1/1/0/0/0 ; RNCP37859|50022137|CAP CUISINE 1/1/0/0/0 ; RNCP37869|50022141|CAP PATISSIER 0/0/0/0/1] mois 2024-08-31..2027-07-31 (36) apprenants 0 2 2 2 2 2 2 2 2 2 2 2 1 3 3 2 2 2 2 2 2 2 2 2 1 3 3 2 2 2 2 2 2 2 2 1
            3 en erreur ; 2026-11-30 2/2/0/0/2 effectifs=9 [RNCP37859|50022137|CAP CUISINE 1/1/0/0/1 ; RNCP37869|50022141|CAP PATISSIER 0/0/0/0/1 ; RNCP38362|32031213|BTS MCO 1/1/0/0/0] mois 2024-08-31..2027-07-31 (36) apprenants 0 2 2 2 2 2 2 2 2 2 2 2 1 3 3 2 2 2 2 2 2 2 2 2 1 3 3 2 2 2 2 2 2 2 2 1
            3 en erreur ; 2026-11-30 2/2/0/0/2 effectifs=9 [RNCP37859|50022137|CAP CUISINE 1/1/0/0/1 ; RNCP37869|50022141|CAP PATISSIER 0/0/0/0/1 ; RNCP38362|32031213|BTS MCO 1/1/0/0/0] mois 2025-08-31..2027-07-31 (24) apprenants 3 5 5 4 4 4 4 4 4 4 4 4 1 3 3 2 2 2 2 2 2 2 2 1
            3 en erreur ; 2026-03-15 4/4/0/0/1 effectifs=9 [RNCP37843|45022103|BP BOULANGER 1/1/0/0/0 ; RNCP37859|50022137|CAP CUISINE 2/2/0/0/0 ; RNCP37869|50022141|CAP PATISSIER 1/1/0/0/1] mois 2025-08-31..2027-07-31 (24) apprenants 3 5 5 4 4 4 4 4 4 4 4 4 1 3 3 2 2 2 2 2 2 2 2 1
            3 en erreur ; 2026-03-15 2/2/0/0/1 effectifs=9 [RNCP37843|45022103|BP BOULANGER 1/1/0/0/0 ; RNCP37859|50022137|CAP CUISINE 1/1/0/0/0 ; RNCP37869|50022141|CAP PATISSIER 0/0/0/0/1] mois 2024-08-31..2027-07-31 (36) apprenants 0 2 2 2 2 2 2 2 2 2 2 2 1 3 3 2 2 2 2 2 2 2 2 2 1 3 3 2 2 2 2 2 2 2 2 1
            4 en erreur ; 2026-03-15 2/2/0/0/1 effectifs=8 [RNCP37843|45022103|BP BOULANGER 1/1/0/0/0 ; RNCP37859|50022137|CAP CUISINE 1/1/0/0/0 ; RNCP37869|50022141|CAP PATISSIER 0/0/0/0/1] mois 2024-08-31..2027-07-31 (36) apprenants 0 1 1 1 1 1 1 1 1 1 1 1 1 3 3 2 2 2 2 2 2 2 2 2 1 3 3 2 2 2 2 2 2 2 2 1
        "#]],
    );
}

/// Without any valid line (a software's export that lacks required columns) there is nothing to count, and no
/// month.
#[test]
fn no_valid_line_no_figure() {
    let mut engine = Engine::new();
    let answer = engine.handle(
        Request::Open {
            bytes: bytes("export-erp.csv"),
            name: "export-erp.csv".to_owned(),
            sheet: None,
            profile: "televersement".to_owned(),
            today: "2026-03-15".to_owned(),
            mapping: None,
        },
        &mut |_| (),
    );
    let description = match answer {
        Response::Opened(view) => format!(
            "{} en erreur ; {}",
            view.summary.invalid,
            describe(&view.summary.indicateurs)
        ),
        other => panic!("the export opens: {other:?}"),
    };
    expect!["20 en erreur ; 2026-03-15 0/0/0/0/0 effectifs=0 [] mois -..- (0) apprenants "].assert_eq(&description);
}
