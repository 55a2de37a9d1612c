//! The validator's output: one [`LineReport`] per non-blank line, and the file-level findings.

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dossier::Dossier;
use crate::field::Field;
use crate::indicateurs::{Effectifs, Indicateurs};
use crate::profile::Profile;
use crate::statut::{Statut, StatutValeur};

/// The outcome of one spreadsheet line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineReport {
    /// The spreadsheet's row number.
    pub line: u32,
    /// Errors and warnings, fields in schema order, then line-level ones.
    pub diagnostics: Vec<Diagnostic>,
    /// Every value that could be read, normalised. Only a valid line's dossier is sent.
    pub dossier: Dossier,
    /// The computed statut, when the formation dates could be read (D10).
    pub statut: Option<Statut>,
}

impl LineReport {
    /// Whether the line can be sent (no error).
    pub fn is_valid(&self) -> bool {
        self.errors().next().is_none()
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity() == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity() == Severity::Warning)
    }

    /// The dossier to send, if the line is valid.
    pub fn valid_dossier(&self) -> Option<&Dossier> {
        self.is_valid().then_some(&self.dossier)
    }
}

/// The whole file's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The profile checked against.
    pub profile: Profile,
    /// The evaluation day of the statuts.
    pub today: Date,
    /// Required fields (for the profile) that no column provides, in schema order.
    pub missing_columns: Vec<Field>,
    /// Fields provided by more than one column (the last column is used, as on the upload page).
    pub duplicate_columns: Vec<Field>,
    /// One report per non-blank line, in file order.
    pub lines: Vec<LineReport>,
}

/// Figures for the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Non-blank lines.
    pub lines: usize,
    /// Lines without error.
    pub valid: usize,
    /// Lines with at least one error.
    pub invalid: usize,
    /// Errors, all lines together.
    pub errors: usize,
    /// Warnings, all lines together.
    pub warnings: usize,
    /// Lines with no contract start date (`docs/contract.md#no-contract-warning`).
    pub sans_contrat: usize,
    /// What the Tableau de bord will count at the evaluation day once the valid lines are sent (D13):
    /// the effectifs of [`Summary::indicateurs`] by the value of their last step, in
    /// [`StatutValeur::ALL`] order. Lines in error are not in them (see [`Summary::invalid`]).
    pub statuts: [(StatutValeur, usize); 5],
    /// The Tableau de bord's indicators at the evaluation day (D16, `docs/indicators.md`).
    pub indicateurs: Indicateurs,
}

impl Report {
    /// Moves the evaluation day to `today`: every line's statut computed again from its dossier.
    pub fn set_today(&mut self, today: Date) {
        self.today = today;
        let mut statuts = crate::validate::Statuts::new(today);
        for line in &mut self.lines {
            line.statut = statuts.of(&line.dossier);
        }
    }

    /// The summary figures.
    pub fn summary(&self) -> Summary {
        self.summary_of(&Effectifs::new(&self.lines))
    }

    /// The summary figures, from the effectifs of this report's lines gathered by the caller
    /// (`Effectifs::new(&report.lines)`): an edge that also wants their monthly series
    /// ([`Effectifs::serie`]) gathers them once for both.
    pub fn summary_of(&self, effectifs: &Effectifs<'_>) -> Summary {
        let indicateurs = effectifs.at(self.today);
        let mut summary = Summary {
            lines: self.lines.len(),
            valid: 0,
            invalid: 0,
            errors: 0,
            warnings: 0,
            sans_contrat: 0,
            statuts: StatutValeur::ALL.map(|valeur| (valeur, indicateurs.compteurs.statut(valeur))),
            indicateurs,
        };
        for line in &self.lines {
            let errors = line.errors().count();
            summary.errors += errors;
            summary.warnings += line.warnings().count();
            if errors == 0 {
                summary.valid += 1;
            } else {
                summary.invalid += 1;
            }
            if line
                .diagnostics
                .iter()
                .any(|diagnostic| diagnostic.kind == crate::diagnostic::Kind::SansContrat)
            {
                summary.sans_contrat += 1;
            }
        }
        summary
    }
}
