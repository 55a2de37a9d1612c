//! The table's part of the state: filters, the virtualised window over the rows, the keyboard cursor and the
//! moves to errors (next error, a column's first error).

use std::ops::Range;
use std::rc::Rc;

use super::{Action, Editing, Effect, Outcome, State, plural};
use crate::protocol::{ColumnView, LineView, Mark, Severity};

/// Height of one table row, in CSS pixels (`www/app.css` sets the same height on `.ligne`).
pub const ROW_HEIGHT: u32 = 36;
/// Height of the table's sticky header, in CSS pixels (`www/app.css` sets it on `thead tr`).
pub const HEAD_HEIGHT: u32 = 96;
/// Rows rendered at least above and below the visible ones, so a fast scroll never shows a blank band.
pub const OVERSCAN: usize = 8;
/// The rendered rows start and end on multiples of this: the rendered set changes once every
/// `BLOCK` rows of scrolling, not at every row, so most scroll frames render nothing at all, and
/// a frame that does creates only `BLOCK` rows (each a few hundred elements for a wide file).
pub const BLOCK: usize = 4;

/// A table cell: `row` indexes the file's lines; `column` is a column index, or `None` for the
/// row-status cell (where the line's own problems are shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// Index into the file's lines.
    pub row: u32,
    /// Column index, `None` = the row-status cell.
    pub column: Option<u32>,
}

/// The table's filters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filters {
    /// Only lines with at least one error.
    pub lines_in_error: bool,
    /// Only columns with at least one error.
    pub columns_in_error: bool,
}

/// The scrolled table's viewport, in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewport {
    /// The scroll container's `scrollTop`.
    pub top: u32,
    /// The scroll container's `clientHeight`.
    pub height: u32,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport { top: 0, height: 600 }
    }
}

/// Arrow-key moves of the table's cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Previous line.
    Up,
    /// Next line.
    Down,
    /// Previous column.
    Left,
    /// Next column.
    Right,
}

/// A block of rows the table renders (see [`BLOCK`]).
#[derive(Debug, Clone)]
pub struct RowBlock {
    /// Its first position in [`State::rows`] (the block's key).
    pub start: usize,
    /// Its rows: index into the file's lines, and the line.
    pub rows: Vec<(u32, Rc<LineView>)>,
    /// The cell that takes the Tab key, when in this block.
    pub focusable: Option<Target>,
    /// The cell being edited, when in this block.
    pub editing: Option<Editing>,
}

impl PartialEq for RowBlock {
    fn eq(&self, other: &Self) -> bool {
        // The same `Rc`s are the same lines: no comparison of their content.
        self.start == other.start
            && self.rows.len() == other.rows.len()
            && self
                .rows
                .iter()
                .zip(&other.rows)
                .all(|(a, b)| a.0 == b.0 && Rc::ptr_eq(&a.1, &b.1))
            && self.focusable == other.focusable
            && self.editing == other.editing
    }
}

/// What the virtualised table renders now: the blocks of rows in the window, and the heights of the spacers
/// above and below them.
#[derive(Debug, Clone, PartialEq)]
pub struct TableWindow {
    /// The blocks of rows in view (and the overscan).
    pub blocks: Vec<RowBlock>,
    /// Height of the rows above the window, in CSS pixels.
    pub before: u32,
    /// Height of the rows below the window, in CSS pixels.
    pub after: u32,
    /// Rows shown by the filters.
    pub shown: usize,
    /// Lines in the file.
    pub total: usize,
}

impl State {
    /// The rows to render now, in blocks. The cell that takes the Tab key is the cursor's, or the first
    /// row's first column before any move.
    pub fn table_window(&self) -> TableWindow {
        let window = self.window();
        let px = |rows: usize| u32::try_from(rows).unwrap_or(u32::MAX).saturating_mul(ROW_HEIGHT);
        let first_focusable = self.cursor.is_none().then(|| {
            self.rows.first().map(|&row| Target {
                row,
                column: self.columns.first().copied(),
            })
        });
        let focusable = self.cursor.or(first_focusable.flatten());
        let blocks = (window.start..window.end)
            .step_by(BLOCK)
            .map(|start| {
                let end = (start + BLOCK).min(window.end);
                let rows: Vec<(u32, Rc<LineView>)> = self.rows[start..end]
                    .iter()
                    .map(|&row| (row, Rc::clone(&self.lines[row as usize])))
                    .collect();
                let in_block = |row: u32| rows.iter().any(|(r, _)| *r == row);
                RowBlock {
                    start,
                    focusable: focusable.filter(|t| in_block(t.row)),
                    editing: self.editing.clone().filter(|e| in_block(e.row)),
                    rows,
                }
            })
            .collect();
        TableWindow {
            blocks,
            before: px(window.start),
            after: px(self.rows.len() - window.end),
            shown: self.rows.len(),
            total: self.lines.len(),
        }
    }

    /// The table's actions: filters, scrolling, the cursor, moves to errors.
    pub(super) fn apply_table(&mut self, action: &Action) -> Outcome {
        match *action {
            Action::FilterLines(on) => {
                self.filters.lines_in_error = on;
                self.refilter();
                Outcome::render(Vec::new())
            }
            Action::FilterColumns(on) => {
                self.filters.columns_in_error = on;
                self.refilter();
                Outcome::render(Vec::new())
            }
            Action::GoToColumn(column) => self.go_to_column(column),
            Action::NextError => self.next_error(),
            Action::Scroll(viewport) => {
                let before = self.window();
                self.viewport = viewport;
                Outcome {
                    render: self.window() != before,
                    effects: Vec::new(),
                }
            }
            Action::Focus(target) => {
                let changed = self.cursor != Some(target);
                self.cursor = Some(target);
                Outcome {
                    render: changed,
                    effects: Vec::new(),
                }
            }
            Action::Move(direction) => self.move_cursor(direction),
            _ => Outcome::none(),
        }
    }

    /// Recompute the shown rows and columns after a filter or a data change.
    pub(super) fn refilter(&mut self) {
        let Some(file) = &self.file else {
            self.rows.clear();
            self.columns = Rc::default();
            return;
        };
        self.rows = shown_rows(&self.lines, self.filters.lines_in_error);
        let columns = shown_columns(&file.columns, self.filters.columns_in_error);
        // The same columns keep the same `Rc`, so the table's blocks are not rendered again.
        if *self.columns != columns {
            self.columns = Rc::new(columns);
        }
        let max_top = self.max_top();
        self.viewport.top = self.viewport.top.min(max_top);
    }

    pub(super) fn max_top(&self) -> u32 {
        let content = u32::try_from(self.rows.len())
            .unwrap_or(u32::MAX)
            .saturating_mul(ROW_HEIGHT);
        content.saturating_sub(self.body_height())
    }

    pub(super) fn body_height(&self) -> u32 {
        self.viewport.height.saturating_sub(HEAD_HEIGHT).max(ROW_HEIGHT)
    }

    /// The positions (in [`State::rows`]) of the rows to render: the visible ones and the overscan,
    /// rounded out to whole blocks.
    pub fn window(&self) -> Range<usize> {
        let first = (self.viewport.top / ROW_HEIGHT) as usize;
        let visible = (self.body_height().div_ceil(ROW_HEIGHT)) as usize + 1;
        let start = (first.saturating_sub(OVERSCAN) / BLOCK * BLOCK).min(self.rows.len());
        let end = ((first + visible + OVERSCAN).div_ceil(BLOCK) * BLOCK).min(self.rows.len());
        start..end
    }

    /// Scroll so that the row at this position of [`State::rows`] is fully visible.
    pub(super) fn scroll_to_position(&mut self, position: usize) {
        let y = u32::try_from(position).unwrap_or(u32::MAX).saturating_mul(ROW_HEIGHT);
        let body = self.body_height();
        if y < self.viewport.top {
            self.viewport.top = y;
        } else if y + ROW_HEIGHT > self.viewport.top + body {
            self.viewport.top = (y + ROW_HEIGHT).saturating_sub(body);
        }
    }

    pub(super) fn reveal(&mut self, target: Target, marker: bool) -> Outcome {
        let Some(position) = self.rows.iter().position(|&r| r == target.row) else {
            return Outcome::none();
        };
        self.scroll_to_position(position);
        self.cursor = Some(target);
        Outcome::render(vec![Effect::Reveal { target, marker }])
    }

    pub(super) fn go_to_column(&mut self, column: u32) -> Outcome {
        if self.file.is_none() {
            return Outcome::none();
        }
        let first = self.rows.iter().copied().find(|&row| {
            self.lines.get(row as usize).is_some_and(|line| {
                line.marks
                    .iter()
                    .any(|m| m.severity == Severity::Error && m.column == Some(column))
            })
        });
        match first {
            Some(row) => self.reveal(
                Target {
                    row,
                    column: Some(column),
                },
                true,
            ),
            None => Outcome::none(),
        }
    }

    /// The error cells in table order (row by row, columns in file order, the line's own errors in
    /// its status cell last), among the shown rows and columns.
    pub(super) fn error_targets_of(&self, row: u32) -> Vec<Target> {
        let Some(line) = self.lines.get(row as usize) else {
            return Vec::new();
        };
        let mut targets: Vec<Target> = self
            .columns
            .iter()
            .filter(|&&c| cell_marks(line, c).any(|m| m.severity == Severity::Error))
            .map(|&c| Target { row, column: Some(c) })
            .collect();
        if line_marks(line, &self.columns).any(|m| m.severity == Severity::Error) {
            targets.push(Target { row, column: None });
        }
        targets
    }

    pub(super) fn next_error(&mut self) -> Outcome {
        if self.file.is_none() {
            return Outcome::none();
        }
        let start = self.cursor.and_then(|c| self.rows.iter().position(|&r| r == c.row));
        // Order of cells within a row: columns by their index, the status cell after them.
        let rank = |t: &Target| t.column.map_or(u64::MAX, u64::from);
        let after_cursor = |t: &Target| match self.cursor {
            Some(cursor) if cursor.row == t.row => rank(t) > rank(&cursor),
            _ => true,
        };
        let n = self.rows.len();
        let begin = start.unwrap_or(0);
        // One full turn starting at the cursor's row (which is visited again at the end, for the
        // errors before the cursor in it).
        for step in 0..=n {
            let Some(&row) = self.rows.get((begin + step) % n.max(1)) else {
                break;
            };
            let wrapped = step == n;
            let found = self
                .error_targets_of(row)
                .into_iter()
                .find(|t| wrapped || step > 0 || start.is_none() || after_cursor(t));
            if let Some(target) = found {
                return self.reveal(target, true);
            }
        }
        self.notice = Some("Aucune erreur dans les lignes affichées.".to_owned());
        Outcome::render(Vec::new())
    }

    pub(super) fn move_cursor(&mut self, direction: Direction) -> Outcome {
        let Some(cursor) = self.cursor else {
            return match (self.rows.first(), self.columns.first()) {
                (Some(&row), Some(&column)) => self.reveal(
                    Target {
                        row,
                        column: Some(column),
                    },
                    false,
                ),
                _ => Outcome::none(),
            };
        };
        let Some(position) = self.rows.iter().position(|&r| r == cursor.row) else {
            return Outcome::none();
        };
        // The status cell sits before the first column.
        let column_position = cursor.column.and_then(|c| self.columns.iter().position(|&x| x == c));
        let target = match direction {
            Direction::Up => position.checked_sub(1).map(|p| Target {
                row: self.rows[p],
                ..cursor
            }),
            Direction::Down => self.rows.get(position + 1).map(|&row| Target { row, ..cursor }),
            Direction::Left => match column_position {
                Some(0) => Some(Target { column: None, ..cursor }),
                Some(p) => Some(Target {
                    column: Some(self.columns[p - 1]),
                    ..cursor
                }),
                None => None,
            },
            Direction::Right => {
                let next = column_position.map_or(0, |p| p + 1);
                self.columns.get(next).map(|&c| Target {
                    column: Some(c),
                    ..cursor
                })
            }
        };
        match target {
            Some(target) => self.reveal(target, false),
            None => Outcome::none(),
        }
    }
}

/// The rows the table shows, in file order.
pub fn shown_rows(lines: &[Rc<LineView>], only_errors: bool) -> Vec<u32> {
    (0..u32::try_from(lines.len()).unwrap_or(u32::MAX))
        .filter(|&row| !only_errors || lines[row as usize].errors > 0)
        .collect()
}

/// The columns the table shows, in file order.
pub fn shown_columns(columns: &[ColumnView], only_errors: bool) -> Vec<u32> {
    (0..u32::try_from(columns.len()).unwrap_or(u32::MAX))
        .filter(|&column| !only_errors || columns[column as usize].errors > 0)
        .collect()
}

/// The marks of one cell.
pub fn cell_marks(line: &LineView, column: u32) -> impl Iterator<Item = &Mark> {
    line.marks.iter().filter(move |m| m.column == Some(column))
}

/// The marks shown in a line's status cell: about the whole line, or in a column not shown.
pub fn line_marks<'a>(line: &'a LineView, shown: &'a [u32]) -> impl Iterator<Item = &'a Mark> {
    line.marks
        .iter()
        .filter(move |m| m.column.is_none_or(|c| !shown.contains(&c)))
}

/// The status text of a line: "valide", "2 erreurs", "1 avertissement".
pub fn line_status(line: &LineView) -> (&'static str, String) {
    if line.errors > 0 {
        ("erreurs", plural(line.errors, "erreur", "erreurs"))
    } else if line.warnings > 0 {
        (
            "avertissements",
            plural(line.warnings, "avertissement", "avertissements"),
        )
    } else {
        ("valide", "valide".to_owned())
    }
}
