//! Editing cells: the edit box, committing an edit to the worker, and the undo stack (cell edits and
//! column-wide fixes, one step each, in the order they were made).

use std::rc::Rc;

use super::{Action, Effect, Outcome, State, Target};
use crate::protocol::Request;

/// The cell being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editing {
    /// Which line.
    pub row: u32,
    /// Which column.
    pub column: u32,
    /// The text in the edit box.
    pub text: String,
    /// The cell's text before the edit.
    pub original: String,
}

/// A step that can be undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UndoEntry {
    /// A cell edit: the cell and its text before the edit.
    Cell {
        /// Which line.
        row: u32,
        /// Which column.
        column: u32,
        /// The text to put back.
        previous: String,
    },
    /// A column-wide fix (a value for every line, a replacement, corrections, a recipe): the worker
    /// keeps what it changed and puts it back as one step ([`Request::UndoFix`]).
    Fix,
}

impl State {
    /// The editing actions: the edit box, committing, undoing.
    pub(super) fn apply_edit(&mut self, action: Action) -> Outcome {
        match action {
            Action::StartEdit(target) => self.start_edit(target),
            Action::EditText(text) => {
                if let Some(editing) = &mut self.editing {
                    editing.text = text;
                }
                Outcome::none()
            }
            Action::CommitEdit => self.commit_edit(),
            Action::CancelEdit => self.cancel_edit(),
            Action::Undo => self.undo(),
            _ => Outcome::none(),
        }
    }

    /// The text of a cell of the open file.
    pub fn cell_text(&self, row: u32, column: u32) -> Option<&str> {
        let line = self.lines.get(row as usize)?;
        Some(line.cells.get(column as usize).unwrap_or(""))
    }

    pub(super) fn start_edit(&mut self, target: Option<Target>) -> Outcome {
        // The lines being sent stay as they are until the send ends.
        if self.sending() {
            self.notice = Some("Modification impossible pendant l'envoi : attendez sa fin.".to_owned());
            return Outcome::render(Vec::new());
        }
        let Some(target) = target.or(self.cursor) else {
            return Outcome::none();
        };
        let Some(column) = target.column else {
            return Outcome::none();
        };
        let Some(text) = self.cell_text(target.row, column).map(str::to_owned) else {
            return Outcome::none();
        };
        self.cursor = Some(target);
        self.editing = Some(Editing {
            row: target.row,
            column,
            original: text.clone(),
            text,
        });
        Outcome::render(vec![Effect::FocusEditor])
    }

    fn set_cell(&mut self, row: u32, column: u32, text: &str) {
        if let Some(line) = self.lines.get_mut(row as usize).map(Rc::make_mut) {
            line.cells.set(column as usize, text);
        }
    }

    pub(super) fn commit_edit(&mut self) -> Outcome {
        let Some(editing) = self.editing.take() else {
            return Outcome::none();
        };
        let target = Target {
            row: editing.row,
            column: Some(editing.column),
        };
        if editing.text == editing.original {
            return Outcome::render(vec![Effect::Reveal { target, marker: false }]);
        }
        // Shown at once; the worker's answer brings the line's new marks and the summary.
        self.set_cell(editing.row, editing.column, &editing.text);
        self.undo.push(UndoEntry::Cell {
            row: editing.row,
            column: editing.column,
            previous: editing.original,
        });
        self.pending_edits += 1;
        Outcome::render(vec![
            Effect::Send(Request::Edit {
                row: editing.row,
                column: editing.column,
                text: editing.text,
            }),
            Effect::Reveal { target, marker: false },
        ])
    }

    pub(super) fn cancel_edit(&mut self) -> Outcome {
        match self.editing.take() {
            Some(editing) => Outcome::render(vec![Effect::Reveal {
                target: Target {
                    row: editing.row,
                    column: Some(editing.column),
                },
                marker: false,
            }]),
            None => Outcome::none(),
        }
    }

    pub(super) fn undo(&mut self) -> Outcome {
        if self.sending() {
            return Outcome::none();
        }
        let Some(entry) = self.undo.pop() else {
            return Outcome::none();
        };
        self.editing = None;
        self.pending_edits += 1;
        let (row, column, previous) = match entry {
            UndoEntry::Cell { row, column, previous } => (row, column, previous),
            UndoEntry::Fix => return Outcome::render(vec![Effect::Send(Request::UndoFix)]),
        };
        self.set_cell(row, column, &previous);
        let target = Target {
            row,
            column: Some(column),
        };
        let mut outcome = self.reveal(target, false);
        outcome.render = true;
        outcome.effects.insert(
            0,
            Effect::Send(Request::Edit {
                row,
                column,
                text: previous,
            }),
        );
        outcome
    }
}
