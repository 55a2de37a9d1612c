//! The readable French report of `effectifs check`.

use std::fmt::Write;

use effectifs_core::{Field, Report, Severity, StatutValeur};
use effectifs_sheet::Sheet;

fn plural(count: usize, singular: &str, plural: &str) -> String {
    format!("{count} {}", if count > 1 { plural } else { singular })
}

fn statut_words(valeur: StatutValeur) -> (&'static str, &'static str) {
    match valeur {
        StatutValeur::Apprenti => ("apprenti", "apprentis"),
        StatutValeur::Inscrit => ("inscrit sans contrat", "inscrits sans contrat"),
        StatutValeur::Rupturant => ("en rupture de contrat", "en rupture de contrat"),
        StatutValeur::Abandon => ("abandon", "abandons"),
        StatutValeur::FinDeFormation => ("fin de formation", "fins de formation"),
    }
}

fn field_words(field: Field) -> String {
    format!("{} ({})", field.label(), field.name())
}

/// Renders the report as text for a person.
pub fn render(sheet: &Sheet, report: &Report) -> String {
    let mut out = String::new();
    write_file_facts(&mut out, sheet, report);
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
        .filter(|column| column.field.is_none() && !column.header.trim().is_empty())
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
    let statuts: Vec<String> = summary
        .statuts
        .iter()
        .map(|(valeur, count)| {
            let (one, many) = statut_words(*valeur);
            plural(*count, one, many)
        })
        .collect();
    let _ = writeln!(out, "Statuts au {} : {}", report.today.to_french(), statuts.join(", "));
    if summary.sans_contrat > 0 {
        let _ = writeln!(
            out,
            "{} sans aucune date de contrat : sans contrat, un apprenti passe en abandon 3 mois après son entrée en formation.",
            plural(summary.sans_contrat, "ligne", "lignes")
        );
    }
    if summary.lines == 0 {
        let _ = writeln!(out, "\nAucune ligne d'apprenant sous l'en-tête.");
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
        }
    }
}
