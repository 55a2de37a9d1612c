//! `effectifs indicateurs`: what the Tableau de bord will show, month end by month end, once the valid
//! lines are sent (D16, `docs/indicators.md`). The figures are the engine's (`effectifs_core::indicateurs`);
//! this only reads the file and prints them.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use effectifs_api::IndicateursJson;
use effectifs_core::french::plural;
use effectifs_core::indicateurs::{Indicateurs, SERIE_MAX_MOIS};
use effectifs_core::{Effectifs, Report};

use crate::args::{SeriesFormat, SeriesOptions};

/// Runs the command: 0 once the series is printed, 2 when the file or the period cannot be used.
pub fn run(options: &SeriesOptions) -> ExitCode {
    // The recipe's changes are not shown here: the figures are the point.
    let (mut sheet, _fixes) = match crate::check::load(&options.check) {
        Ok(loaded) => loaded,
        Err(message) => {
            eprintln!("Erreur : {message}");
            return ExitCode::from(2);
        }
    };
    let check = &options.check;
    let report = effectifs_core::validate_draining(&mut sheet.table, check.profile, check.today);
    let effectifs = Effectifs::new(&report.lines);
    let periode = match effectifs.mois(options.du, options.au) {
        Ok(periode) => periode,
        Err(error) => {
            eprintln!("Erreur : {error}");
            return ExitCode::from(2);
        }
    };
    if periode.tronquee {
        eprintln!(
            "Remarque : les années scolaires du fichier couvrent plus de {SERIE_MAX_MOIS} mois ; seuls {SERIE_MAX_MOIS} \
             sont montrés (choisissez la période avec --du et --au)."
        );
    }
    let serie = effectifs.serie(&periode.mois);
    let text = match options.format {
        SeriesFormat::Json => json(&serie),
        SeriesFormat::Csv => csv(&serie),
        SeriesFormat::Human => human(&report, &effectifs, &serie),
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("Erreur : impossible d'écrire les indicateurs ({error}).");
            ExitCode::from(2)
        }
    }
}

/// An array of objects shaped like the report's `summary.indicateurs`, pretty, with a final newline.
pub fn json(serie: &[Indicateurs]) -> String {
    let points: Vec<IndicateursJson> = serie.iter().map(IndicateursJson::of).collect();
    let mut text = serde_json::to_string_pretty(&points).unwrap_or_else(|error| {
        // Plain strings and numbers cannot fail to serialise; keep a trace if it ever does.
        format!("{{\"error\": \"{error}\"}}")
    });
    text.push('\n');
    text
}

/// The columns of the CSV output.
const CSV_HEADERS: [&str; 10] = [
    "date",
    "perimetre",
    "rncp",
    "cfd",
    "libelle",
    "apprenants",
    "apprentis",
    "inscrits",
    "rupturants",
    "abandons",
];

/// One row per month for the whole file (`perimetre` = `ensemble`), then one per formation counted that
/// month (`formation`); `;`-separated, as French spreadsheets expect.
fn csv(serie: &[Indicateurs]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut rows: Vec<Vec<String>> = vec![CSV_HEADERS.map(str::to_owned).to_vec()];
    for point in serie {
        let json = IndicateursJson::of(point);
        let row = |perimetre: &str, codes: [Option<&str>; 3], counts: [usize; 5]| {
            let mut row = vec![json.date.clone(), perimetre.to_owned()];
            row.extend(codes.map(|code| code.unwrap_or_default().to_owned()));
            row.extend(counts.map(|count| count.to_string()));
            row
        };
        rows.push(row(
            "ensemble",
            [None; 3],
            [
                json.apprenants,
                json.apprentis,
                json.inscrits,
                json.rupturants,
                json.abandons,
            ],
        ));
        for formation in &json.par_formation {
            rows.push(row(
                "formation",
                [
                    formation.rncp.as_deref(),
                    formation.cfd.as_deref(),
                    formation.libelle.as_deref(),
                ],
                [
                    formation.apprenants,
                    formation.apprentis,
                    formation.inscrits,
                    formation.rupturants,
                    formation.abandons,
                ],
            ));
        }
    }
    for row in rows {
        // Writing to memory cannot fail.
        let _ = writer.write_record(&row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The month-end figures as a table in French.
fn human(report: &Report, effectifs: &Effectifs<'_>, serie: &[Indicateurs]) -> String {
    let summary_valid = report.lines.iter().filter(|line| line.is_valid()).count();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Ce que le Tableau de bord affichera en fin de mois, une fois les lignes valides envoyées \
         ({} sur {}, soit {} : un par apprenant, année scolaire et CFA formateur) :",
        plural(summary_valid, "ligne valide", "lignes valides"),
        report.lines.len(),
        plural(effectifs.len(), "effectif", "effectifs"),
    );
    if serie.is_empty() {
        let _ = writeln!(out, "\nAucune ligne valide : rien ne sera compté.");
        return out;
    }
    let _ = writeln!(
        out,
        "\n{:<12}{:>12}{:>12}{:>24}{:>12}{:>12}",
        "Fin de mois", "Apprenants", "Apprentis", "Inscrits sans contrat", "Rupturants", "Abandons"
    );
    for point in serie {
        let figures = &point.compteurs;
        let _ = writeln!(
            out,
            "{:<12}{:>12}{:>12}{:>24}{:>12}{:>12}",
            point.date.to_french(),
            figures.apprenants(),
            figures.apprentis(),
            figures.inscrits(),
            figures.rupturants(),
            figures.abandons(),
        );
    }
    let _ = writeln!(
        out,
        "\nApprentis : y compris les fins de formation ; apprenants : tous sauf les abandons. Le détail par formation : \
         --format json ou --format csv."
    );
    out
}
