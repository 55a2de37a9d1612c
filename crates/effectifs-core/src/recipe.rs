//! Fixing whole columns at once, and the recipe that remembers how (D15).
//!
//! Most problems of a real export are systematic: a column the software does not export, one
//! spelling used throughout. This module is the one implementation of the column-wide fixes, used
//! by every edge (the web app, `effectifs check --recette`, the npm package's `recipe` option), so
//! that the same file with the same recipe gives the same report everywhere. Every fix changes the
//! [`Table`] before validation and is recorded as a [`Fix`] (which cell, which rule, before and
//! after), so that edges can show fixed cells apart from the file's own values, count them, and
//! undo a whole action at once ([`Changes::revert`]).
//!
//! # API summary
//!
//! - [`Recipe`] `{ columns, values, replace }`: mapping overrides (header as written → field, or
//!   `None` to ignore the column), one value for every line per field, replacements per field.
//!   [`Recipe::apply`]`(&self, &mut Table) -> Result<Changes, RecipeError>` checks first (a header
//!   the file does not have is a [`RecipeError`]) and changes nothing on error; then maps, replaces,
//!   fills, in that order.
//! - The column actions a recipe is made of, for an edge that applies them one at a time:
//!   [`set_value`]`(&mut Table, Field, &str) -> Changes` (fills blank cells, or adds a column with
//!   [`Match::Recipe`] when no column feeds the field, so the field is no longer missing),
//!   [`count_replace`]`(&Table, column, from) -> usize` (before applying) and
//!   [`replace`]`(&mut Table, column, from, to) -> Changes`.
//! - Safe corrections: a [`Diagnostic`] carries `suggestion` where D15 allows one
//!   ([`crate::rules::suggestion`]); [`suggestions`]`(&Table, &Report, column) -> Vec<Suggested>`
//!   lists a column's, [`apply_suggestions`]`(&mut Table, column, &[Suggested]) -> Changes`
//!   applies them.
//! - [`check_value`]`(Field, &str, Profile) -> ValueCheck`: one value checked by the field's own
//!   rule, with the engine's message, hint and suggestion, as the user types it.
//! - [`Changes`]: [`Changes::cells`] (one [`Fix`] per changed cell), [`Changes::count`],
//!   [`Changes::count_by`], [`Changes::revert`] (one undo step), [`Changes::append`].

use std::borrow::Cow;
use std::fmt;

use crate::cell::{Cell, Text};
use crate::diagnostic::{Diagnostic, Kind};
use crate::dossier::Value;
use crate::field::Field;
use crate::profile::Profile;
use crate::report::Report;
use crate::rules::{self, Outcome};
use crate::table::{Column, Match, Table};
use crate::text::js_trim;
use crate::validate::ColumnMap;

/// One replacement of a recipe: every cell whose text, trimmed, is `from` becomes `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// The cell text to find (compared trimmed, case and accents as written).
    pub from: String,
    /// The new cell text (an empty one empties the cell).
    pub to: String,
}

/// A recipe ("recette", D15): how to fix every export of one software, without its data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Recipe {
    /// Column mapping overrides: header as written in the file → field, or `None` to ignore it.
    pub columns: Vec<(String, Option<Field>)>,
    /// One value for every line, per field: where the column is absent or the cell blank.
    pub values: Vec<(Field, String)>,
    /// Replacements per field, tried in order on the column that feeds the field: the first whose
    /// `from` equals the cell's original text applies (a replaced cell is not replaced again).
    pub replace: Vec<(Field, Vec<Replacement>)>,
}

/// Which rule changed a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FixRule {
    /// A value for every line filled the blank cell (or the absent column).
    Value,
    /// A replacement.
    Replace,
    /// A safe correction the user applied.
    Suggestion,
}

impl FixRule {
    /// Every rule, in report order.
    pub const ALL: [FixRule; 3] = [FixRule::Value, FixRule::Replace, FixRule::Suggestion];

    /// The stable name used in reports: `value`, `replace`, `suggestion`.
    pub fn as_str(self) -> &'static str {
        match self {
            FixRule::Value => "value",
            FixRule::Replace => "replace",
            FixRule::Suggestion => "suggestion",
        }
    }

    /// The French name, for people (`valeur pour toutes les lignes`, `remplacement`, `correction`).
    pub fn label(self) -> &'static str {
        match self {
            FixRule::Value => "valeur pour toutes les lignes",
            FixRule::Replace => "remplacement",
            FixRule::Suggestion => "correction proposée",
        }
    }
}

/// One changed cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// The row's position in [`Table::rows`].
    pub row: usize,
    /// The spreadsheet line of the row.
    pub line: u32,
    /// The column's position in [`Table::columns`].
    pub column: usize,
    /// The rule that changed it.
    pub rule: FixRule,
    /// The cell before (empty for a column the recipe added).
    pub before: Cell,
    /// The cell after.
    pub after: Cell,
}

impl Fix {
    /// The French note of a fixed cell: `corrigé : « x » → « y »` (`« »` for an empty cell).
    pub fn note(&self) -> String {
        format!("corrigé : « {} » → « {} »", self.before.display(), self.after.display())
    }
}

/// What one action (a recipe, a value for every line, a replacement, corrections) changed in a
/// table: enough to show, count and undo it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Changes {
    /// The changed cells, in the order they were changed (a cell may appear twice: replaced by an
    /// empty text, then filled by a value).
    pub fixes: Vec<Fix>,
    /// The columns added to the table (values for a field no column fed), in the order added.
    pub added_columns: Vec<usize>,
    /// The columns whose mapping changed, with the column as it was.
    pub remapped: Vec<(usize, Column)>,
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.fixes.is_empty() && self.added_columns.is_empty() && self.remapped.is_empty()
    }

    /// One fix per changed cell, by row then column: the cell's first `before`, its last `after`
    /// and the last rule that changed it. A cell that ends as it began is left out.
    pub fn cells(&self) -> Vec<Fix> {
        let mut order: Vec<usize> = (0..self.fixes.len()).collect();
        // Stable: a cell's fixes stay in the order they were made.
        order.sort_by_key(|&index| (self.fixes[index].row, self.fixes[index].column));
        let mut cells: Vec<Fix> = Vec::with_capacity(order.len());
        for index in order {
            let fix = &self.fixes[index];
            match cells.last_mut() {
                Some(last) if last.row == fix.row && last.column == fix.column => {
                    last.after = fix.after.clone();
                    last.rule = fix.rule;
                }
                _ => cells.push(fix.clone()),
            }
        }
        cells.retain(|fix| fix.before != fix.after);
        cells
    }

    /// The number of changed cells.
    pub fn count(&self) -> usize {
        self.cells().len()
    }

    /// The number of changed cells whose last change was `rule`.
    pub fn count_by(&self, rule: FixRule) -> usize {
        self.cells().iter().filter(|fix| fix.rule == rule).count()
    }

    /// Adds the changes of a later action (so that several actions count, or undo, as one).
    pub fn append(&mut self, mut later: Changes) {
        self.fixes.append(&mut later.fixes);
        self.added_columns.append(&mut later.added_columns);
        self.remapped.append(&mut later.remapped);
    }

    /// Puts the table back as it was before these changes (the table must not have changed since,
    /// except by later changes already reverted): one undo step.
    pub fn revert(&self, table: &mut Table) {
        for fix in self.fixes.iter().rev() {
            if let Some(cell) = table
                .rows
                .get_mut(fix.row)
                .and_then(|row| row.cells.get_mut(fix.column))
            {
                *cell = fix.before.clone();
            }
        }
        for &column in self.added_columns.iter().rev() {
            if column < table.columns.len() {
                table.columns.truncate(column);
                for row in &mut table.rows {
                    row.cells.truncate(column);
                }
            }
        }
        for (index, column) in self.remapped.iter().rev() {
            if let Some(slot) = table.columns.get_mut(*index) {
                *slot = column.clone();
            }
        }
    }
}

/// Why a recipe cannot be applied to a table. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecipeError {
    /// `columns` names a header the file does not have.
    UnknownHeader {
        /// The header as the recipe writes it.
        header: String,
    },
}

impl fmt::Display for RecipeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecipeError::UnknownHeader { header } => write!(
                f,
                "Recette : le fichier n'a pas de colonne « {header} » (dans « columns », l'en-tête doit être écrit \
                 exactement comme dans le fichier)."
            ),
        }
    }
}

impl std::error::Error for RecipeError {}

impl Recipe {
    /// Whether the recipe changes nothing.
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty() && self.values.is_empty() && self.replace.iter().all(|(_, list)| list.is_empty())
    }

    /// Whether the recipe fits the table: every header of `columns` is one of its headers.
    pub fn check(&self, table: &Table) -> Result<(), RecipeError> {
        for (header, _) in &self.columns {
            if !table.columns.iter().any(|column| column.header == *header) {
                return Err(RecipeError::UnknownHeader { header: header.clone() });
            }
        }
        Ok(())
    }

    /// Applies the recipe to the table: the mapping overrides, then the replacements (on the
    /// column that feeds each field, if any), then the values for every line. On error nothing is
    /// changed.
    pub fn apply(&self, table: &mut Table) -> Result<Changes, RecipeError> {
        self.check(table)?;
        let mut changes = Changes::default();
        for (header, field) in &self.columns {
            for (index, column) in table.columns.iter_mut().enumerate() {
                if column.header == *header {
                    changes.remapped.push((index, column.clone()));
                    column.map_to(*field);
                }
            }
        }
        for (field, list) in &self.replace {
            if let Some(column) = ColumnMap::new(table).column(*field) {
                changes.append(replace_all(table, column, list));
            }
        }
        for (field, value) in &self.values {
            changes.append(set_value(table, *field, value));
        }
        Ok(changes)
    }
}

/// The text a replacement compares: the cell as a person reads it, trimmed.
fn cell_text(cell: &Cell) -> Cow<'_, str> {
    match cell {
        Cell::Empty => Cow::Borrowed(""),
        Cell::Text(text) => Cow::Borrowed(js_trim(text)),
        other => Cow::Owned(js_trim(&other.display()).to_owned()),
    }
}

/// The cell a recipe text becomes: empty for an empty text, else the text.
fn text_cell(text: &str) -> Cell {
    if text.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(Text::from(text))
    }
}

/// How many cells of `column` [`replace`] would change: those whose text, trimmed, is `from`
/// trimmed (a blank `from` matches nothing: blank cells are filled with [`set_value`]).
pub fn count_replace(table: &Table, column: usize, from: &str) -> usize {
    let from = js_trim(from);
    if from.is_empty() {
        return 0;
    }
    table
        .rows
        .iter()
        .filter_map(|row| row.cells.get(column))
        .filter(|cell| cell_text(cell) == from)
        .count()
}

/// Replaces, in `column`, every cell whose text (trimmed) is `from` (trimmed) by `to`.
pub fn replace(table: &mut Table, column: usize, from: &str, to: &str) -> Changes {
    replace_all(
        table,
        column,
        &[Replacement {
            from: from.to_owned(),
            to: to.to_owned(),
        }],
    )
}

/// Applies a list of replacements to `column`, each cell compared with its original text, the
/// first matching replacement winning.
fn replace_all(table: &mut Table, column: usize, list: &[Replacement]) -> Changes {
    let list: Vec<(&str, Cell)> = list
        .iter()
        .map(|replacement| (js_trim(&replacement.from), text_cell(&replacement.to)))
        .filter(|(from, _)| !from.is_empty())
        .collect();
    let mut changes = Changes::default();
    for (index, row) in table.rows.iter_mut().enumerate() {
        let Some(cell) = row.cells.get_mut(column) else {
            continue;
        };
        let text = cell_text(cell);
        let Some((_, after)) = list.iter().find(|(from, _)| text == *from) else {
            continue;
        };
        let before = std::mem::replace(cell, after.clone());
        changes.fixes.push(Fix {
            row: index,
            line: row.line,
            column,
            rule: FixRule::Replace,
            before,
            after: after.clone(),
        });
    }
    changes
}

/// Gives `field` the value `value` on every line: in the blank cells of the column that feeds it,
/// or, when no column does, in a column added at the end (header: the field's name, match
/// [`Match::Recipe`]), so the field is no longer missing. A blank value changes nothing.
pub fn set_value(table: &mut Table, field: Field, value: &str) -> Changes {
    let mut changes = Changes::default();
    if js_trim(value).is_empty() {
        return changes;
    }
    let after = Cell::Text(Text::from(value));
    let column = if let Some(column) = ColumnMap::new(table).column(field) {
        column
    } else {
        table.columns.push(Column {
            header: field.name().to_owned(),
            field: Some(field),
            matched: Match::Recipe,
        });
        let column = table.columns.len() - 1;
        changes.added_columns.push(column);
        column
    };
    for (index, row) in table.rows.iter_mut().enumerate() {
        if row.cells.len() <= column {
            row.cells.resize(column + 1, Cell::Empty);
        }
        let cell = &mut row.cells[column];
        if cell.is_blank() {
            let before = std::mem::replace(cell, after.clone());
            changes.fixes.push(Fix {
                row: index,
                line: row.line,
                column,
                rule: FixRule::Value,
                before,
                after: after.clone(),
            });
        }
    }
    changes
}

/// A safe correction of one cell, as [`suggestions`] lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggested {
    /// The row's position in [`Table::rows`].
    pub row: usize,
    /// The spreadsheet line.
    pub line: u32,
    /// The cell as it reads now.
    pub before: String,
    /// The corrected text.
    pub after: Text,
}

/// The safe corrections of `column`: those of the diagnostics on the field it feeds, when it is the
/// column the field is read from. `report` must be the validation of `table` as it is.
pub fn suggestions(table: &Table, report: &Report, column: usize) -> Vec<Suggested> {
    let Some(field) = table.columns.get(column).and_then(|column| column.field) else {
        return Vec::new();
    };
    if ColumnMap::new(table).column(field) != Some(column) {
        return Vec::new();
    }
    table
        .rows
        .iter()
        .zip(&report.lines)
        .enumerate()
        .filter(|(_, (row, line))| row.line == line.line)
        .filter_map(|(index, (row, line))| {
            let after = line
                .diagnostics
                .iter()
                .find(|diagnostic| diagnostic.field == Some(field) && diagnostic.suggestion.is_some())?
                .suggestion
                .clone()?;
            Some(Suggested {
                row: index,
                line: row.line,
                before: row.cells.get(column).map(Cell::display).unwrap_or_default(),
                after,
            })
        })
        .collect()
}

/// Applies safe corrections (all of a column's, or the one the user chose) to `column`.
pub fn apply_suggestions(table: &mut Table, column: usize, chosen: &[Suggested]) -> Changes {
    let mut changes = Changes::default();
    for suggested in chosen {
        let Some(row) = table.rows.get_mut(suggested.row) else {
            continue;
        };
        if row.cells.len() <= column {
            continue;
        }
        let after = Cell::Text(suggested.after.clone());
        let before = std::mem::replace(&mut row.cells[column], after.clone());
        changes.fixes.push(Fix {
            row: suggested.row,
            line: row.line,
            column,
            rule: FixRule::Suggestion,
            before,
            after,
        });
    }
    changes
}

/// The verdict on one value for one field, as [`check_value`] gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueCheck {
    /// The normalised value that would be sent, if any.
    pub value: Option<Value>,
    /// What the engine says about it (errors and warnings, with message, hint and suggestion).
    pub diagnostics: Vec<Diagnostic>,
}

impl ValueCheck {
    /// Whether the value blocks no line.
    pub fn is_valid(&self) -> bool {
        self.diagnostics
            .iter()
            .all(|diagnostic| diagnostic.severity() == crate::diagnostic::Severity::Warning)
    }
}

/// Checks one value typed for one field (a value for every line, a replacement's new text) with the
/// field's own rule, as a cell of text: what a line holding it in that column would get. An empty
/// value of a required field is `champ-obligatoire`.
pub fn check_value(field: Field, text: &str, profile: Profile) -> ValueCheck {
    let cell = text_cell(text);
    match rules::apply(field, &cell) {
        Outcome::Value(value) => ValueCheck {
            value: Some(value),
            diagnostics: Vec::new(),
        },
        Outcome::Warned(value, kind) => ValueCheck {
            value: Some(value),
            diagnostics: vec![Diagnostic::on(field, kind)],
        },
        Outcome::Problem(kind) => ValueCheck {
            value: None,
            diagnostics: vec![Diagnostic::on(field, kind).suggesting(rules::suggestion::suggest(field, &cell))],
        },
        Outcome::Absent => ValueCheck {
            value: None,
            diagnostics: if profile.requires(field) {
                vec![Diagnostic::on(field, Kind::ChampObligatoire)]
            } else {
                Vec::new()
            },
        },
    }
}

#[cfg(test)]
mod tests;
