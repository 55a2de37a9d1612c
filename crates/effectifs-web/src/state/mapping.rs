//! The column-mapping step: the panel's draft, applying it, and the mapping remembered for a header row.

use super::{Action, Effect, Outcome, State};
use crate::protocol::{FileView, Request};

/// The column-mapping step.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MappingStep {
    /// Whether the panel is shown.
    pub open: bool,
    /// Per column, the field chosen in the panel (`None` = ignored).
    pub draft: Vec<Option<String>>,
    /// Whether the remembered mapping was already looked up for this file (one automatic
    /// remap per opening, never a loop).
    pub remembered_checked: bool,
    /// The user applied a mapping: the recipe of the worker's answer is remembered for the header row.
    pub save_answer: bool,
}

impl State {
    /// The column-mapping step's actions.
    pub(super) fn apply_mapping_step(&mut self, action: Action) -> Outcome {
        match action {
            Action::OpenMapping => {
                if let Some(file) = &self.file {
                    self.mapping.draft = current_mapping(file);
                    self.mapping.open = true;
                }
                Outcome::render(Vec::new())
            }
            Action::CloseMapping => {
                self.mapping.open = false;
                Outcome::render(Vec::new())
            }
            Action::MapColumn { column, field } => {
                if let Some(slot) = self.mapping.draft.get_mut(column as usize) {
                    *slot = field;
                }
                Outcome::render(Vec::new())
            }
            Action::ApplyMapping => self.apply_mapping(),
            Action::RememberedMapping(mapping) => self.remembered_mapping(mapping),
            _ => Outcome::none(),
        }
    }

    pub(super) fn remembered_mapping(&mut self, mapping: Option<Vec<Option<String>>>) -> Outcome {
        let (Some(file), Some(mapping)) = (&self.file, mapping) else {
            return Outcome::none();
        };
        if mapping.len() != file.columns.len() || mapping == current_mapping(file) {
            return Outcome::none();
        }
        self.start_working();
        self.notice =
            Some("La correspondance des colonnes enregistrée pour ce type de fichier a été appliquée.".to_owned());
        Outcome::render(vec![Effect::Send(Request::Remap { mapping })])
    }

    pub(super) fn apply_mapping(&mut self) -> Outcome {
        let Some(file) = &self.file else {
            return Outcome::none();
        };
        let mapping = self.mapping.draft.clone();
        self.mapping.open = false;
        // The same mapping again would only validate everything again (and end the undo history).
        if mapping == current_mapping(file) {
            return Outcome::render(Vec::new());
        }
        self.start_working();
        self.mapping.save_answer = true;
        Outcome::render(vec![Effect::Send(Request::Remap { mapping })])
    }
}

/// The current mapping of an open file: per column, the field it feeds.
pub fn current_mapping(file: &FileView) -> Vec<Option<String>> {
    file.columns.iter().map(|c| c.field.clone()).collect()
}
