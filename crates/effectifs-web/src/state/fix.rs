//! Fixing whole columns at once (D15), as the page holds it: the values for every line being typed (each
//! checked by the engine as the user types), the replacement and corrections dialogs, the recipe (its JSON,
//! remembered per header row, downloaded, imported), and the counts of fixed cells. Every rule is the engine's:
//! the worker applies each action ([`Request::Fix`]), keeps what it changed, and undoes it as one step.

use std::collections::HashMap;
use std::rc::Rc;

use super::{Action, Effect, Outcome, State, Target, UndoEntry, group_thousands, plural};
use crate::protocol::{FixCounts, FixKind, FixRequest, Fixed, Mark, Request, SuggestionView, Update};

/// The name of a downloaded recipe.
pub const RECIPE_FILE: &str = "recette-effectifs.json";

/// A value for every line of one field, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueDraft {
    /// The field's name.
    pub field: String,
    /// The text typed.
    pub text: String,
    /// The engine's verdict on [`ValueDraft::text`], once it answered (its marks; none = fine).
    pub verdict: Option<Vec<Mark>>,
}

/// The dialog open over the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixDialog {
    /// "Remplacer…" in a column.
    Replace {
        /// The column.
        column: u32,
        /// "Texte à remplacer".
        from: String,
        /// "Remplacer par".
        to: String,
        /// Cells that the replacement of `from` would change, once the worker counted them.
        count: Option<u32>,
    },
    /// A column's safe corrections, shown before they are applied.
    Suggestions {
        /// The column.
        column: u32,
        /// The corrections, once the worker listed them.
        items: Option<Vec<SuggestionView>>,
    },
}

/// What became of the recipe remembered for the open file's header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remembered {
    /// None is remembered (or not looked up yet).
    None,
    /// One is remembered and applies automatically: it is being applied.
    Applying,
    /// It was applied on opening: the notice says so, with a way to switch it off.
    Applied {
        /// Cells it changed.
        cells: u32,
        /// The length of the undo stack just after it: it can be undone while it is the last step.
        step: usize,
    },
    /// One is remembered, but the user switched its automatic application off.
    Off,
    /// It could not be applied: the engine's French message.
    Failed(String),
}

/// The fixes' part of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixPanel {
    /// The values for every line being typed, in the order the fields were added.
    pub values: Vec<ValueDraft>,
    /// The dialog open over the table.
    pub dialog: Option<FixDialog>,
    /// Cells changed by recipes and column actions.
    pub counts: FixCounts,
    /// The open file's recipe, as the JSON file ("Télécharger la recette").
    pub recipe: String,
    /// The recipe remembered for the open file's header row.
    pub remembered: Remembered,
    /// A French message about a recipe file that could not be imported.
    pub recipe_error: Option<String>,
    /// The next recipe the worker reports is not remembered (the user undid the remembered one: it stays
    /// remembered, switched off).
    keep_saved: bool,
}

impl Default for FixPanel {
    fn default() -> Self {
        FixPanel {
            values: Vec::new(),
            dialog: None,
            counts: FixCounts::default(),
            recipe: String::new(),
            remembered: Remembered::None,
            recipe_error: None,
            keep_saved: false,
        }
    }
}

impl State {
    /// The fixing actions.
    pub(super) fn apply_fix(&mut self, action: Action) -> Outcome {
        match action {
            Action::AddValueField(field) => {
                if !field.is_empty() && !self.fix.values.iter().any(|v| v.field == field) {
                    self.fix.values.push(ValueDraft {
                        field,
                        text: String::new(),
                        verdict: None,
                    });
                }
                Outcome::render(Vec::new())
            }
            Action::ValueText { field, text } => self.value_text(field, text),
            Action::ApplyValue(field) => self.apply_value(&field),
            Action::OpenReplace(column) => {
                if self.file.is_none() {
                    return Outcome::none();
                }
                self.fix.dialog = Some(FixDialog::Replace {
                    column,
                    from: String::new(),
                    to: String::new(),
                    count: None,
                });
                Outcome::render(Vec::new())
            }
            Action::ReplaceFrom(text) => self.replace_from(text),
            Action::ReplaceTo(text) => {
                if let Some(FixDialog::Replace { to, .. }) = &mut self.fix.dialog {
                    *to = text;
                }
                Outcome::none()
            }
            Action::ApplyReplace => self.apply_replace(),
            Action::OpenSuggestions(column) => {
                if self.file.is_none() {
                    return Outcome::none();
                }
                self.fix.dialog = Some(FixDialog::Suggestions { column, items: None });
                Outcome::render(vec![Effect::Send(Request::Suggestions { column })])
            }
            Action::ApplySuggestions => self.apply_suggestions(),
            Action::ApplySuggestion(target) => match target.column {
                Some(column) => self.request_fix(FixRequest::Suggestions {
                    column,
                    rows: Some(vec![target.row]),
                }),
                None => Outcome::none(),
            },
            Action::CloseDialog => {
                let had = self.fix.dialog.take().is_some();
                Outcome {
                    render: had,
                    effects: Vec::new(),
                }
            }
            Action::ImportRecipe(Ok(json)) => {
                self.fix.recipe_error = None;
                self.request_fix(FixRequest::Recipe {
                    json,
                    remembered: false,
                })
            }
            Action::ImportRecipe(Err(message)) => {
                self.fix.recipe_error = Some(message);
                Outcome::render(Vec::new())
            }
            Action::DownloadRecipe => {
                if self.file.is_none() || self.fix.recipe.is_empty() {
                    return Outcome::none();
                }
                Outcome::render(vec![Effect::Download {
                    file_name: RECIPE_FILE.to_owned(),
                    mime: "application/json".to_owned(),
                    bytes: self.fix.recipe.clone().into_bytes(),
                }])
            }
            Action::RememberedRecipe { json, automatic } => self.remembered_recipe(json, automatic),
            Action::RecipeAutomatic(on) => self.recipe_automatic(on),
            Action::RejectRememberedRecipe => self.reject_remembered(),
            _ => Outcome::none(),
        }
    }

    /// Sends a fix to the worker, unless a send is under way (its lines stay as they are).
    fn request_fix(&mut self, fix: FixRequest) -> Outcome {
        if self.file.is_none() {
            return Outcome::none();
        }
        if self.sending() {
            self.notice = Some("Modification impossible pendant l'envoi : attendez sa fin.".to_owned());
            return Outcome::render(Vec::new());
        }
        self.pending_edits += 1;
        Outcome::render(vec![Effect::Send(Request::Fix(fix))])
    }

    fn value_text(&mut self, field: String, text: String) -> Outcome {
        if self.file.is_none() {
            return Outcome::none();
        }
        // A missing field's row has no draft until the user types in it.
        if !self.fix.values.iter().any(|v| v.field == field) {
            self.fix.values.push(ValueDraft {
                field: field.clone(),
                text: String::new(),
                verdict: None,
            });
        }
        let Some(draft) = self.fix.values.iter_mut().find(|v| v.field == field) else {
            return Outcome::none();
        };
        if draft.text == text {
            return Outcome::none();
        }
        draft.text.clone_from(&text);
        draft.verdict = None;
        Outcome::render(vec![Effect::Send(Request::CheckValue { field, text })])
    }

    fn apply_value(&mut self, field: &str) -> Outcome {
        let Some(draft) = self.fix.values.iter().find(|v| v.field == field) else {
            return Outcome::none();
        };
        if draft.text.trim().is_empty() {
            return Outcome::none();
        }
        let value = draft.text.clone();
        self.request_fix(FixRequest::Value {
            field: field.to_owned(),
            value,
        })
    }

    fn replace_from(&mut self, text: String) -> Outcome {
        let Some(FixDialog::Replace {
            column, from, count, ..
        }) = &mut self.fix.dialog
        else {
            return Outcome::none();
        };
        if *from == text {
            return Outcome::none();
        }
        from.clone_from(&text);
        *count = None;
        let column = *column;
        Outcome::render(vec![Effect::Send(Request::CountReplace { column, from: text })])
    }

    fn apply_replace(&mut self) -> Outcome {
        let Some(FixDialog::Replace {
            column,
            from,
            to,
            count: Some(count),
        }) = &self.fix.dialog
        else {
            return Outcome::none();
        };
        if *count == 0 {
            return Outcome::none();
        }
        let fix = FixRequest::Replace {
            column: *column,
            from: from.clone(),
            to: to.clone(),
        };
        self.fix.dialog = None;
        self.request_fix(fix)
    }

    fn apply_suggestions(&mut self) -> Outcome {
        let Some(FixDialog::Suggestions {
            column,
            items: Some(items),
        }) = &self.fix.dialog
        else {
            return Outcome::none();
        };
        if items.is_empty() {
            return Outcome::none();
        }
        let fix = FixRequest::Suggestions {
            column: *column,
            rows: None,
        };
        self.fix.dialog = None;
        self.request_fix(fix)
    }

    fn remembered_recipe(&mut self, json: String, automatic: bool) -> Outcome {
        if self.file.is_none() {
            return Outcome::none();
        }
        if !automatic {
            self.fix.remembered = Remembered::Off;
            return Outcome::render(Vec::new());
        }
        self.fix.remembered = Remembered::Applying;
        self.request_fix(FixRequest::Recipe { json, remembered: true })
    }

    fn recipe_automatic(&mut self, on: bool) -> Outcome {
        let Some(file) = &self.file else {
            return Outcome::none();
        };
        let key = file.header_key.clone();
        if !on {
            self.fix.remembered = Remembered::Off;
        } else if self.fix.remembered == Remembered::Off {
            self.fix.remembered = Remembered::None;
        }
        Outcome::render(vec![Effect::RecipeAutomatic { key, on }])
    }

    /// "Ne pas appliquer cette recette": the remembered recipe is undone (while it is the last step) and no
    /// longer applied on opening; it stays remembered.
    fn reject_remembered(&mut self) -> Outcome {
        let Remembered::Applied { step, .. } = self.fix.remembered else {
            return Outcome::none();
        };
        let mut outcome = self.recipe_automatic(false);
        if self.undo.len() == step && self.undo.last() == Some(&UndoEntry::Fix) {
            self.fix.keep_saved = true;
            let undone = self.undo();
            outcome.effects.extend(undone.effects);
        } else {
            self.notice = Some(
                "La recette ne sera plus appliquée automatiquement. Ses modifications restent : annulez-les avec \
                 « Annuler la dernière modification »."
                    .to_owned(),
            );
        }
        outcome
    }

    /// Brings the open file up to date after an edit or a fix: summary, columns, the changed lines.
    pub(super) fn apply_update(&mut self, update: Update) {
        let Some(file) = &mut self.file else {
            return;
        };
        file.summary = update.summary;
        if file.columns.len() != update.columns.len() {
            // A value for a field no column fed added a column (or its undo took it away).
            self.column_names = Rc::new(
                update
                    .columns
                    .iter()
                    .map(|c| format!("{} « {} »", c.letter, c.header))
                    .collect(),
            );
            let draft = &mut self.mapping.draft;
            draft.truncate(update.columns.len());
            for column in &update.columns[draft.len()..] {
                draft.push(column.field.clone());
            }
        }
        file.columns = update.columns;
        match update.cells {
            None => {
                for changed in update.lines {
                    if let Some(line) = self.lines.get_mut(changed.row as usize) {
                        *line = Rc::new(changed.view);
                    }
                }
            }
            // Lines without their cells: each keeps its own, with the changed cells set.
            Some(cells) => {
                let mut by_row: HashMap<u32, Vec<(u32, String)>> = HashMap::new();
                for cell in cells {
                    by_row.entry(cell.row).or_default().push((cell.column, cell.text));
                }
                for mut changed in update.lines {
                    let Some(line) = self.lines.get_mut(changed.row as usize) else {
                        continue;
                    };
                    changed.view.cells = std::mem::take(&mut Rc::make_mut(line).cells);
                    for (column, text) in by_row.remove(&changed.row).unwrap_or_default() {
                        changed.view.cells.set(column as usize, &text);
                    }
                    *line = Rc::new(changed.view);
                }
            }
        }
        self.fix.counts = update.fixes;
        self.refilter();
    }

    /// The worker applied or undid a fix.
    pub(super) fn on_fixed(&mut self, fixed: Fixed) -> Outcome {
        if self.file.is_none() {
            return Outcome::none();
        }
        let Fixed {
            kind,
            undone,
            remembered,
            cells,
            update,
            missing_columns,
            step,
            recipe,
        } = fixed;
        self.pending_edits = self.pending_edits.saturating_sub(1);
        self.apply_update(update);
        let mut effects = Vec::new();
        let Some(file) = &mut self.file else {
            return Outcome::none();
        };
        file.missing_columns = missing_columns;
        let key = file.header_key.clone();
        if recipe != self.fix.recipe {
            self.fix.recipe = recipe;
            if !std::mem::take(&mut self.fix.keep_saved) {
                effects.push(Effect::SaveRecipe {
                    key,
                    json: self.fix.recipe.clone(),
                });
            }
        }
        if undone {
            // The remembered recipe undone with the undo button: its notice goes (it still applies next time).
            if matches!(self.fix.remembered, Remembered::Applied { step, .. } if step > self.undo.len()) {
                self.fix.remembered = Remembered::None;
            }
            self.notice = Some(format!(
                "Modification annulée : {}.",
                plural(cells, "cellule rétablie", "cellules rétablies")
            ));
            return Outcome::render(effects);
        }
        if !step {
            if remembered {
                // An empty recipe (all undone last time): nothing to say.
                self.fix.remembered = Remembered::None;
                return Outcome::render(effects);
            }
            self.notice = Some("Aucune cellule à modifier.".to_owned());
            return Outcome::render(effects);
        }
        // The worker keeps the same step: undoing it puts back what this action changed.
        self.undo.push(UndoEntry::Fix);
        if remembered {
            self.fix.remembered = Remembered::Applied {
                cells,
                step: self.undo.len(),
            };
        }
        self.notice = Some(fixed_sentence(kind, cells));
        Outcome::render(effects)
    }

    /// The engine's verdict on a typed value: kept when it is about the text in the field now.
    pub(super) fn on_value_checked(&mut self, field: &str, text: &str, marks: Vec<Mark>) -> Outcome {
        match self.fix.values.iter_mut().find(|v| v.field == field && v.text == text) {
            Some(draft) => {
                draft.verdict = Some(marks);
                Outcome::render(Vec::new())
            }
            None => Outcome::none(),
        }
    }

    /// The worker counted a replacement's cells: kept when it is about the dialog's text now.
    pub(super) fn on_replace_count(&mut self, for_column: u32, for_text: &str, cells: u32) -> Outcome {
        match &mut self.fix.dialog {
            Some(FixDialog::Replace {
                column, from, count, ..
            }) if *column == for_column && from == for_text => {
                *count = Some(cells);
                Outcome::render(Vec::new())
            }
            _ => Outcome::none(),
        }
    }

    /// The worker listed a column's corrections.
    pub(super) fn on_suggestions(&mut self, for_column: u32, list: Vec<SuggestionView>) -> Outcome {
        match &mut self.fix.dialog {
            Some(FixDialog::Suggestions { column, items }) if *column == for_column => {
                *items = Some(list);
                Outcome::render(Vec::new())
            }
            _ => Outcome::none(),
        }
    }

    /// A recipe could not be applied: nothing changed.
    pub(super) fn on_recipe_refused(&mut self, message: String) -> Outcome {
        self.pending_edits = self.pending_edits.saturating_sub(1);
        if self.fix.remembered == Remembered::Applying {
            self.fix.remembered = Remembered::Failed(message);
        } else {
            self.fix.recipe_error = Some(message);
        }
        Outcome::render(Vec::new())
    }

    /// The cell of a line's first suggestion in a column, for "Appliquer : « … »".
    pub fn suggestion_of(&self, target: Target) -> Option<&str> {
        let line = self.lines.get(target.row as usize)?;
        line.marks
            .iter()
            .find(|m| m.column == target.column && target.column.is_some())
            .and_then(|m| m.suggestion.as_deref())
    }
}

/// The French sentence of an applied fix, for the page's status line.
fn fixed_sentence(kind: Option<FixKind>, cells: u32) -> String {
    let changed = plural(cells, "cellule modifiée", "cellules modifiées");
    match kind {
        Some(FixKind::Value) => format!("Valeur appliquée à toutes les lignes : {changed}."),
        Some(FixKind::Replace) => format!("Remplacement effectué : {changed}."),
        Some(FixKind::Suggestion) => format!("Correction appliquée : {changed}."),
        None => format!("Recette appliquée : {changed}."),
    }
}

/// "La recette a modifié 12 cellules et les actions sur les colonnes 3." — the summary's sentence, `None`
/// when nothing was fixed.
pub fn counts_sentence(counts: FixCounts) -> Option<String> {
    let cells = |n: u32| plural(n, "cellule", "cellules");
    match (counts.recipe, counts.actions) {
        (0, 0) => None,
        (recipe, 0) => Some(format!("La recette a modifié {}.", cells(recipe))),
        (0, actions) => Some(format!("Les actions sur les colonnes ont modifié {}.", cells(actions))),
        (recipe, actions) => Some(format!(
            "La recette a modifié {} et les actions sur les colonnes {}.",
            cells(recipe),
            group_thousands(actions)
        )),
    }
}
