//! The readable French report of `effectifs check`.

use std::fmt::Write;

use effectifs_core::french::plural;
use effectifs_core::recipe::FixRule;
use effectifs_core::{Changes, Field, Match, Report, Severity, StatutValeur};
use effectifs_sheet::Sheet;

fn field_words(field: Field) -> String {
    format!("{} ({})", field.label(), field.name())
}

/// Renders the report as text for a person.
pub fn render(sheet: &Sheet, report: &Report, fixes: Option<&Changes>) -> String {
    let mut out = String::new();
    write_file_facts(&mut out, sheet, report);
    if let Some(fixes) = fixes {
        write_fixes(&mut out, fixes);
    }
    write_summary(&mut out, report);
    write_lines(&mut out, report);
    out
}

/// The human report of posted objects (`check FICHIER.json`, D14): the same summary and lines,
/// after what was found about the keys.
pub fn render_objects(name: &str, columns: &effectifs_core::Table, report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Fichier : {name} (objets JSON, jugés comme l'API les reçoit)");
    let _ = writeln!(
        out,
        "Profil : {} — statuts au {}",
        report.profile.as_str(),
        report.today.to_french()
    );
    let unknown: Vec<&str> = columns
        .columns
        .iter()
        .filter(|column| column.field.is_none())
        .map(|column| column.header.as_str())
        .collect();
    if !unknown.is_empty() {
        let _ = writeln!(
            out,
            "\nClés qui ne sont pas des noms de champs (ignorées, comme par l'API) : {}",
            unknown.join(", ")
        );
    }
    write_summary(&mut out, report);
    write_lines(&mut out, report);
    out
}

/// Where the data came from, and the column findings.
fn write_file_facts(out: &mut String, sheet: &Sheet, report: &Report) {
    let info = &sheet.info;
    let mut source = format!("{} ({}", info.name, info.format.as_str());
    if let Some(name) = &info.sheet {
        let _ = write!(source, ", feuille « {name} »");
    }
    if let Some(encoding) = &info.encoding {
        let _ = write!(source, ", encodage {encoding}");
    }
    if let Some(delimiter) = info.delimiter {
        let shown = if delimiter == '\t' {
            "tabulation".to_owned()
        } else {
            format!("« {delimiter} »")
        };
        let _ = write!(source, ", séparateur {shown}");
    }
    let _ = writeln!(out, "Fichier : {source}, en-tête ligne {})", info.header_line);
    let _ = writeln!(
        out,
        "Profil : {} — statuts au {}",
        report.profile.as_str(),
        report.today.to_french()
    );

    if !report.missing_columns.is_empty() {
        let names: Vec<String> = report.missing_columns.iter().map(|field| field_words(*field)).collect();
        let _ = writeln!(
            out,
            "\nColonnes obligatoires absentes (toutes les lignes sont en erreur) :\n  {}",
            names.join("\n  ")
        );
    }
    if !report.duplicate_columns.is_empty() {
        let names: Vec<String> = report
            .duplicate_columns
            .iter()
            .map(|field| field_words(*field))
            .collect();
        let _ = writeln!(
            out,
            "\nColonnes en double (la dernière est utilisée) : {}",
            names.join(", ")
        );
    }
    let unknown: Vec<&str> = sheet
        .table
        .columns
        .iter()
        // A column ignored on purpose (by a recipe) is not unknown, as in the JSON report.
        .filter(|column| column.field.is_none() && column.matched != Match::Manual && !column.header.trim().is_empty())
        .map(|column| column.header.as_str())
        .collect();
    if !unknown.is_empty() {
        let _ = writeln!(out, "\nColonnes non reconnues (ignorées) : {}", unknown.join(", "));
    }
    // What the file layer changed or left out (its messages name their lines).
    for warning in &sheet.warnings {
        let _ = writeln!(out, "\n! {warning}");
    }
}

/// What the recipe changed (D15).
fn write_fixes(out: &mut String, fixes: &Changes) {
    let cells = fixes.cells();
    let parts: Vec<String> = FixRule::ALL
        .iter()
        .filter_map(|rule| {
            let count = cells.iter().filter(|fix| fix.rule == *rule).count();
            let (one, many) = match rule {
                FixRule::Value => ("valeur pour toutes les lignes", "valeurs pour toutes les lignes"),
                FixRule::Replace => ("remplacement", "remplacements"),
                FixRule::Suggestion => ("correction proposée", "corrections proposées"),
            };
            (count > 0).then(|| plural(count, one, many))
        })
        .collect();
    let detail = if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    };
    let _ = writeln!(
        out,
        "\nRecette appliquée : {}{detail}.",
        plural(cells.len(), "cellule modifiée", "cellules modifiées")
    );
}

/// The figures.
fn write_summary(out: &mut String, report: &Report) {
    let summary = report.summary();
    let _ = writeln!(
        out,
        "\n{} : {}, {} — {}, {}",
        plural(summary.lines, "ligne", "lignes"),
        plural(summary.valid, "valide", "valides"),
        plural(summary.invalid, "en erreur", "en erreur"),
        plural(summary.errors, "erreur", "erreurs"),
        plural(summary.warnings, "avertissement", "avertissements"),
    );
    if summary.invalid > 0 {
        let _ = writeln!(
            out,
            "{} ne {} pas envoyée{} (ni comptée{} ci-dessous).",
            plural(summary.invalid, "ligne en erreur", "lignes en erreur"),
            if summary.invalid > 1 { "seront" } else { "sera" },
            if summary.invalid > 1 { "s" } else { "" },
            if summary.invalid > 1 { "s" } else { "" },
        );
    }
    if summary.sans_contrat > 0 {
        let _ = writeln!(
            out,
            "{} sans aucune date de contrat : sans contrat, un apprenti passe en abandon 3 mois après son entrée en formation.",
            plural(summary.sans_contrat, "ligne", "lignes")
        );
    }
    if summary.lines == 0 {
        let _ = writeln!(out, "\nAucune ligne d'apprenant sous l'en-tête.");
        return;
    }
    write_indicateurs(out, report, &summary);
}

/// What the Tableau de bord will show at the evaluation day once the valid lines are sent (D16,
/// `docs/indicators.md`): the five figures in its words, then per formation.
fn write_indicateurs(out: &mut String, report: &Report, summary: &effectifs_core::Summary) {
    let indicateurs = &summary.indicateurs;
    let figures = &indicateurs.compteurs;
    let _ = writeln!(
        out,
        "\nCe que le Tableau de bord affichera au {} :",
        indicateurs.date.to_french()
    );
    let fins = figures.statut(StatutValeur::FinDeFormation);
    let rows = [
        ("Apprenants", figures.apprenants(), String::new()),
        (
            "Apprentis",
            figures.apprentis(),
            if fins > 0 {
                format!(" (dont {fins} en fin de formation)")
            } else {
                String::new()
            },
        ),
        ("Inscrits sans contrat", figures.inscrits(), String::new()),
        ("Rupturants", figures.rupturants(), String::new()),
        ("Abandons", figures.abandons(), " (hors apprenants)".to_owned()),
    ];
    for (label, count, note) in rows {
        let _ = writeln!(out, "  {label:<22}{count:>6}{note}");
    }
    let effectifs = effectifs_core::Effectifs::new(&report.lines);
    if effectifs.len() < summary.valid {
        let _ = writeln!(
            out,
            "  {} : même apprenant, même année scolaire et même CFA formateur qu'une ligne plus bas, seule la \
             dernière compte.",
            plural(
                summary.valid - effectifs.len(),
                "ligne valide remplacée",
                "lignes valides remplacées"
            ),
        );
    }
    if figures.total() == 0 && summary.valid > 0 {
        let year = indicateurs.date.year();
        let scolaire = if indicateurs.date.month() < 8 { year - 1 } else { year };
        let _ = writeln!(
            out,
            "  Aucune ligne valide n'est comptée à cette date : le Tableau de bord n'y compte que les années \
             scolaires {scolaire}-{} et {year}-{year}, et chaque apprenant à partir de son entrée en formation.",
            scolaire + 1
        );
    }
    if indicateurs.par_formation.is_empty() {
        return;
    }
    let _ = writeln!(out, "  Par formation :");
    for ligne in &indicateurs.par_formation {
        let formation = &ligne.formation;
        let mut name = match (&formation.rncp, &formation.cfd) {
            (Some(rncp), Some(cfd)) => format!("{rncp} / CFD {cfd}"),
            (Some(rncp), None) => format!("{rncp} (sans CFD)"),
            (None, Some(cfd)) => format!("CFD {cfd} (sans RNCP)"),
            (None, None) => "Sans code RNCP ni CFD".to_owned(),
        };
        if let Some(libelle) = &formation.libelle {
            let _ = write!(name, " — {libelle}");
        }
        let figures = &ligne.compteurs;
        let _ = writeln!(
            out,
            "    {name} : {}, {}, {}, {}, {}",
            plural(figures.apprenants(), "apprenant", "apprenants"),
            plural(figures.apprentis(), "apprenti", "apprentis"),
            plural(figures.inscrits(), "inscrit sans contrat", "inscrits sans contrat"),
            plural(figures.rupturants(), "rupturant", "rupturants"),
            plural(figures.abandons(), "abandon", "abandons"),
        );
    }
}

/// The problems, line by line.
fn write_lines(out: &mut String, report: &Report) {
    let missing = &report.missing_columns;
    for line in &report.lines {
        // Errors caused by a missing column are said once above, not on every line.
        let shown: Vec<_> = line
            .diagnostics
            .iter()
            .filter(|d| {
                !(d.kind == effectifs_core::Kind::ChampObligatoire && d.field.is_some_and(|f| missing.contains(&f)))
            })
            .filter(|d| d.kind != effectifs_core::Kind::SansContrat)
            .collect();
        if shown.is_empty() {
            continue;
        }
        let errors = shown.iter().filter(|d| d.severity() == Severity::Error).count();
        let warnings = shown.len() - errors;
        let mut title = format!("\nLigne {}", line.line);
        if errors > 0 {
            let _ = write!(title, " — {}", plural(errors, "erreur", "erreurs"));
        }
        if warnings > 0 {
            let _ = write!(
                title,
                "{} {}",
                if errors > 0 { "," } else { " —" },
                plural(warnings, "avertissement", "avertissements")
            );
        }
        let _ = writeln!(out, "{title}");
        for diagnostic in shown {
            let mark = if diagnostic.severity() == Severity::Error {
                "✗"
            } else {
                "!"
            };
            let place = diagnostic.field.map_or_else(|| "ligne".to_owned(), field_words);
            let _ = writeln!(out, "  {mark} {place} : {}", diagnostic.message());
            if let Some(hint) = diagnostic.hint() {
                let _ = writeln!(out, "      → {hint}");
            }
            if let Some(suggestion) = &diagnostic.suggestion {
                let _ = writeln!(out, "      → Correction proposée : « {suggestion} »");
            }
        }
    }
}
