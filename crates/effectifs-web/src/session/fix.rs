//! The column-wide fixes (D15) of an open file, on the engine's own actions (`effectifs_core::recipe`): a
//! value for every line, a replacement, the safe corrections, a recipe. Each is one step of an undo history
//! that keeps what it changed ([`Changes`]), so that undoing it puts back the whole action at once; the steps
//! also make the file's recipe (with the mapping overrides), and mark the cells that hold a fix's value.
//! After each step only the changed lines are validated again (all of them when a column was added or
//! remapped), then the duplicates across the file.

use std::collections::{BTreeSet, HashMap};

use effectifs_core::diagnostic::Kind;
use effectifs_core::recipe::{self, Changes, Fix, FixRule, Replacement};
use effectifs_core::validate;
use effectifs_core::{Cell, Field, Match, Recipe};

use super::{WorkerSession, field_ref, mark, summary_view, to_u32, validate_all};
use crate::protocol::{
    ChangedCell, ChangedLine, FixCounts, FixKind, FixRequest, FixedCell, Mark, Response, SuggestionView, Update,
};

/// One fix of the undo history: what it changed, and what it adds to the file's recipe.
#[derive(Debug)]
pub(super) struct Step {
    /// The action; `None` for a recipe.
    kind: Option<FixKind>,
    /// What it changed, to show it and to undo it.
    changes: Changes,
    /// The values for every line it gave.
    values: Vec<(Field, String)>,
    /// The replacements it made, per field.
    replace: Vec<(Field, Replacement)>,
}

/// A cell that holds a fix's value: the engine's [`Fix`] (the cell's first `before`, its last `after` and
/// rule), and whether that last fix came from a recipe.
#[derive(Debug, Clone)]
pub(super) struct CellFix {
    /// The fix.
    fix: Fix,
    /// It came from a recipe (imported or remembered), not a column action.
    recipe: bool,
}

/// The fixes of an open file.
#[derive(Debug, Default)]
pub(super) struct Fixes {
    /// The steps applied, oldest first.
    steps: Vec<Step>,
    /// The steps below this one can no longer be undone (the mapping changed since).
    settled: usize,
    /// Per row, the cells that hold a fix's value.
    cells: HashMap<usize, Vec<CellFix>>,
}

/// Why a fix was not applied: a refused request, or a recipe that cannot apply. Nothing changed.
pub(super) enum FixError {
    /// A request that cannot apply (French message).
    Refused(String),
    /// A recipe that cannot apply (French message naming what is wrong).
    Recipe(String),
}

impl FixError {
    /// The worker's answer.
    pub(super) fn response(self) -> Response {
        match self {
            FixError::Refused(message) => Response::Refused { message },
            FixError::Recipe(message) => Response::RecipeRefused { message },
        }
    }
}

fn kind_of(rule: FixRule) -> FixKind {
    match rule {
        FixRule::Value => FixKind::Value,
        FixRule::Replace => FixKind::Replace,
        FixRule::Suggestion => FixKind::Suggestion,
    }
}

impl WorkerSession {
    /// Applies a column-wide fix: one new step of the undo history (none when it changed nothing).
    pub(super) fn fix(&mut self, request: FixRequest) -> Result<crate::protocol::Fixed, FixError> {
        let remembered = matches!(request, FixRequest::Recipe { remembered: true, .. });
        let (kind, changes, values, replace) = match request {
            FixRequest::Value { field, value } => {
                let field = Self::field_named(&field)?;
                let changes = recipe::set_value(&mut self.table, field, &value);
                (Some(FixKind::Value), changes, vec![(field, value)], Vec::new())
            }
            FixRequest::Replace { column, from, to } => {
                let column = self.column_index(column)?;
                let changes = recipe::replace(&mut self.table, column, &from, &to);
                let replace = self.table.columns[column]
                    .field
                    .map(|field| {
                        (
                            field,
                            Replacement {
                                from: from.trim().to_owned(),
                                to,
                            },
                        )
                    })
                    .into_iter()
                    .collect();
                (Some(FixKind::Replace), changes, Vec::new(), replace)
            }
            FixRequest::Suggestions { column, rows } => {
                let column = self.column_index(column)?;
                let mut chosen = recipe::suggestions(&self.table, &self.report, column);
                if let Some(rows) = rows {
                    chosen.retain(|suggested| rows.contains(&to_u32(suggested.row)));
                }
                let changes = recipe::apply_suggestions(&mut self.table, column, &chosen);
                (Some(FixKind::Suggestion), changes, Vec::new(), Vec::new())
            }
            FixRequest::Recipe { json, .. } => {
                let parsed = effectifs_api::recipe::parse(&json).map_err(FixError::Recipe)?;
                let changes = parsed
                    .apply(&mut self.table)
                    .map_err(|error| FixError::Recipe(error.to_string()))?;
                let replace = parsed
                    .replace
                    .iter()
                    .flat_map(|(field, list)| list.iter().map(|r| (*field, r.clone())))
                    .collect();
                (None, changes, parsed.values, replace)
            }
        };
        let cells = to_u32(changes.count());
        let step = !changes.is_empty();
        let rows = self.revalidate(&changes);
        if !step {
            return Ok(self.fixed(kind, false, remembered, cells, false, &rows, &changes));
        }
        self.fixes.steps.push(Step {
            kind,
            changes,
            values,
            replace,
        });
        self.refresh_fixed_cells();
        let last = &self.fixes.steps[self.fixes.steps.len() - 1];
        Ok(self.fixed(kind, false, remembered, cells, true, &rows, &last.changes))
    }

    /// Undoes the last step of the history: puts back everything it changed.
    pub(super) fn undo_fix(&mut self) -> Result<crate::protocol::Fixed, String> {
        if self.fixes.steps.len() <= self.fixes.settled {
            return Err("Aucune correction à annuler.".to_owned());
        }
        let Some(step) = self.fixes.steps.pop() else {
            return Err("Aucune correction à annuler.".to_owned());
        };
        step.changes.revert(&mut self.table);
        // A cell typed by the user then put back by the undo is the file's again.
        for fix in &step.changes.fixes {
            self.originals.remove(&(fix.row, fix.column));
        }
        let cells = to_u32(step.changes.count());
        let rows = self.revalidate(&step.changes);
        self.refresh_fixed_cells();
        Ok(self.fixed(step.kind, true, false, cells, false, &rows, &step.changes))
    }

    /// After a remap: the steps so far can no longer be undone (their columns may mean other fields), but
    /// their cells stay marked and their values and replacements stay in the recipe.
    pub(super) fn settle_fixes(&mut self) {
        self.fixes.settled = self.fixes.steps.len();
    }

    /// The engine's verdict on a value typed for a field, as marks.
    pub(super) fn check_value(&self, field: &str, text: &str) -> Result<Vec<Mark>, String> {
        let field = Self::field_named(field).map_err(|error| match error {
            FixError::Refused(message) | FixError::Recipe(message) => message,
        })?;
        let verdict = recipe::check_value(field, text, self.profile);
        Ok(verdict
            .diagnostics
            .iter()
            .map(|diagnostic| mark(diagnostic, &self.columns))
            .collect())
    }

    /// How many cells of a column a replacement of `from` would change.
    pub(super) fn count_replace(&self, column: u32, from: &str) -> Result<u32, String> {
        let index = self.column_index(column).map_err(|error| match error {
            FixError::Refused(message) | FixError::Recipe(message) => message,
        })?;
        Ok(to_u32(recipe::count_replace(&self.table, index, from)))
    }

    /// A column's safe corrections.
    pub(super) fn suggestions(&self, column: u32) -> Result<Vec<SuggestionView>, String> {
        let index = self.column_index(column).map_err(|error| match error {
            FixError::Refused(message) | FixError::Recipe(message) => message,
        })?;
        Ok(recipe::suggestions(&self.table, &self.report, index)
            .into_iter()
            .map(|suggested| SuggestionView {
                row: to_u32(suggested.row),
                line: suggested.line,
                before: suggested.before,
                after: suggested.after.to_string(),
            })
            .collect())
    }

    /// The file's recipe now: the mapping the user chose for the file's own columns, then the values for
    /// every line and the replacements of the steps, in order (a later value for a field wins).
    pub(crate) fn recipe(&self) -> Recipe {
        let mut recipe = Recipe::default();
        for column in self.table.columns.iter().take(self.file_columns) {
            if column.matched == Match::Manual && !recipe.columns.iter().any(|(header, _)| *header == column.header) {
                recipe.columns.push((column.header.clone(), column.field));
            }
        }
        for step in &self.fixes.steps {
            for (field, value) in &step.values {
                recipe.values.retain(|(other, _)| other != field);
                recipe.values.push((*field, value.clone()));
            }
            for (field, replacement) in &step.replace {
                match recipe.replace.iter_mut().find(|(other, _)| other == field) {
                    Some((_, list)) => list.push(replacement.clone()),
                    None => recipe.replace.push((*field, vec![replacement.clone()])),
                }
            }
        }
        recipe
    }

    /// The recipe as its JSON file.
    pub(crate) fn recipe_json(&self) -> String {
        effectifs_api::recipe::to_json(&self.recipe())
    }

    /// The cells of a row that hold a fix's value (and still do: the user may have typed over one).
    pub(super) fn fixed_cells(&self, row: usize) -> Vec<FixedCell> {
        let Some(cells) = self.fixes.cells.get(&row) else {
            return Vec::new();
        };
        cells
            .iter()
            .filter(|cell| self.holds(&cell.fix))
            .map(|cell| FixedCell {
                column: to_u32(cell.fix.column),
                kind: kind_of(cell.fix.rule),
                before: cell.fix.before.display(),
            })
            .collect()
    }

    /// Every cell that holds a fix's value, by row then column (for the annotated workbook).
    pub(super) fn held_fixes(&self) -> Vec<Fix> {
        let mut rows: Vec<&usize> = self.fixes.cells.keys().collect();
        rows.sort_unstable();
        rows.into_iter()
            .flat_map(|row| &self.fixes.cells[row])
            .filter(|cell| self.holds(&cell.fix))
            .map(|cell| cell.fix.clone())
            .collect()
    }

    /// How many cells hold a recipe's value, and a column action's.
    pub(super) fn fix_counts(&self) -> FixCounts {
        let mut counts = FixCounts::default();
        for cell in self.fixes.cells.values().flatten().filter(|cell| self.holds(&cell.fix)) {
            if cell.recipe {
                counts.recipe += 1;
            } else {
                counts.actions += 1;
            }
        }
        counts
    }

    /// Whether the cell of a fix still holds its value.
    fn holds(&self, fix: &Fix) -> bool {
        self.table
            .rows
            .get(fix.row)
            .and_then(|row| row.cells.get(fix.column))
            .is_some_and(|cell| *cell == fix.after)
    }

    /// Rebuilds the fixed cells from the history, as the engine merges changes ([`Changes::cells`]).
    fn refresh_fixed_cells(&mut self) {
        let mut all = Changes::default();
        let mut from_recipe: HashMap<(usize, usize), bool> = HashMap::new();
        for step in &self.fixes.steps {
            for fix in &step.changes.fixes {
                from_recipe.insert((fix.row, fix.column), step.kind.is_none());
            }
            all.fixes.extend(step.changes.fixes.iter().cloned());
        }
        let mut cells: HashMap<usize, Vec<CellFix>> = HashMap::new();
        for fix in all.cells() {
            let recipe = from_recipe.get(&(fix.row, fix.column)).copied().unwrap_or(false);
            cells.entry(fix.row).or_default().push(CellFix { fix, recipe });
        }
        self.fixes.cells = cells;
    }

    /// Validates again what `changes` touched; the rows whose view changed, in order.
    fn revalidate(&mut self, changes: &Changes) -> Vec<usize> {
        let structural = !changes.added_columns.is_empty() || !changes.remapped.is_empty();
        if structural {
            let (columns, report) = validate_all(&self.table, self.profile, self.report.today, &mut |_, _, _| {});
            self.columns = columns;
            self.report = report;
            self.duplicates = None;
            return (0..self.report.lines.len()).collect();
        }
        let rows: BTreeSet<usize> = changes.fixes.iter().map(|fix| fix.row).collect();
        if rows.is_empty() {
            return Vec::new();
        }
        // The changed lines alone, then the duplicates across the file: each line's warning is put back
        // as a fresh validation would give it.
        let doublon =
            |diagnostic: &effectifs_core::diagnostic::Diagnostic| matches!(diagnostic.kind, Kind::Doublon { .. });
        let before: Vec<Option<effectifs_core::diagnostic::Diagnostic>> = self
            .report
            .lines
            .iter()
            .map(|line| line.diagnostics.iter().find(|d| doublon(d)).cloned())
            .collect();
        let mut lines = std::mem::take(&mut self.report.lines);
        for line in &mut lines {
            line.diagnostics.retain(|d| !doublon(d));
        }
        for &row in &rows {
            if let Some(table_row) = self.table.rows.get(row) {
                lines[row] = validate::validate_row(table_row, &self.columns, self.profile, self.report.today);
            }
        }
        self.report = validate::finish(&self.table, &self.columns, self.profile, self.report.today, lines);
        self.duplicates = None;
        let mut lines_changed: Vec<usize> = rows.into_iter().collect();
        for (row, line) in self.report.lines.iter().enumerate() {
            let now = line.diagnostics.iter().find(|d| doublon(d));
            if now != before[row].as_ref() && lines_changed.binary_search(&row).is_err() {
                lines_changed.push(row);
            }
        }
        lines_changed.sort_unstable();
        lines_changed
    }

    /// The answer to a fix or its undo: the changed lines without their cells, and the cells `changes`
    /// touched (their text now).
    #[expect(clippy::too_many_arguments, reason = "one answer, built in one place")]
    fn fixed(
        &self,
        kind: Option<FixKind>,
        undone: bool,
        remembered: bool,
        cells: u32,
        step: bool,
        rows: &[usize],
        changes: &Changes,
    ) -> crate::protocol::Fixed {
        let touched: BTreeSet<(usize, usize)> = changes.fixes.iter().map(|fix| (fix.row, fix.column)).collect();
        let texts = touched
            .into_iter()
            .map(|(row, column)| ChangedCell {
                row: to_u32(row),
                column: to_u32(column),
                text: self
                    .table
                    .rows
                    .get(row)
                    .and_then(|row| row.cells.get(column))
                    .map(Cell::display)
                    .unwrap_or_default(),
            })
            .collect();
        crate::protocol::Fixed {
            kind,
            undone,
            remembered,
            cells,
            update: Update {
                summary: summary_view(&self.report),
                columns: self.column_views(),
                lines: rows
                    .iter()
                    .map(|&row| {
                        let mut view = self.line_view_without_cells(row);
                        view.fixed = self.fixed_cells(row);
                        ChangedLine { row: to_u32(row), view }
                    })
                    .collect(),
                fixes: self.fix_counts(),
                cells: Some(texts),
            },
            missing_columns: self.report.missing_columns.iter().copied().map(field_ref).collect(),
            step,
            recipe: self.recipe_json(),
        }
    }

    fn field_named(name: &str) -> Result<Field, FixError> {
        Field::from_name(name).ok_or_else(|| FixError::Refused(format!("« {name} » n'est pas un champ connu.")))
    }

    fn column_index(&self, column: u32) -> Result<usize, FixError> {
        let index = column as usize;
        if index < self.table.columns.len() {
            Ok(index)
        } else {
            Err(FixError::Refused(format!(
                "La colonne n° {} n'existe pas dans ce fichier.",
                index + 1
            )))
        }
    }
}
