//! Opening a file: choosing it, its sheet and profile, cancelling a read, the evaluation date, and the worker's
//! answers (progress, the opened view, updates after an edit, statuts, downloads).

use std::rc::Rc;

use super::{
    Action, Effect, FixPanel, MappingStep, Outcome, Phase, Remembered, SendPhase, Source, State, current_mapping,
    is_iso_date,
};
use crate::protocol::{FileView, Request, Response, Stage};

/// The refusal of a chosen file from its size alone (the browser's `File.size`, known without reading a byte),
/// as the engine words it; `None` when it may be read. The page checks it before reading the file into memory:
/// a 1.5 Go file must be refused at once, not loaded (and the tab exhausted) to learn that it is too big.
#[must_use]
pub fn size_refusal(size: f64) -> Option<Action> {
    // `File.size` is a whole number of bytes below 2^53; anything else is refused as too large.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked finite and non-negative; a size beyond u64 saturates, which is refused anyway"
    )]
    let bytes = if size.is_finite() && size >= 0.0 {
        size as u64
    } else {
        u64::MAX
    };
    effectifs_sheet::check_size(bytes, &effectifs_sheet::Limits::default())
        .err()
        .map(|error| Action::FileUnreadable(error.to_string()))
}

impl State {
    /// The actions about the file: opening it (file, sheet, profile), cancelling, the date, the worker's answers, downloads.
    pub(super) fn apply_file(&mut self, action: Action) -> Outcome {
        match action {
            Action::ReadingFile => {
                self.start_working();
                Outcome::render(Vec::new())
            }
            Action::ChooseFile(source) => self.choose_file(source),
            Action::FileUnreadable(message) => {
                self.file_error = Some(message);
                Outcome::render(Vec::new())
            }
            Action::ChooseProfile(profile) => self.choose_profile(profile),
            Action::Worker(response) => self.on_response(response),
            Action::WorkerFailed(message) => {
                self.close_file();
                self.file_error = Some(message);
                Outcome::render(vec![Effect::RestartWorker])
            }
            Action::SelectSheet(sheet) => {
                if let Phase::ChooseSheet { selected, .. } = &mut self.phase {
                    *selected = sheet;
                }
                Outcome::render(Vec::new())
            }
            Action::OpenSheet => self.open_sheet(),
            Action::Cancel => self.cancel(),
            Action::SetToday(today) => self.set_today(today),
            Action::Download(kind) => {
                if self.exporting.is_some() {
                    return Outcome::none();
                }
                self.exporting = Some(kind);
                Outcome::render(vec![Effect::Send(Request::Export { kind })])
            }
            _ => Outcome::none(),
        }
    }

    pub(super) fn open_request(&self, source: &Source, sheet: Option<String>) -> Request {
        Request::Open {
            bytes: source.bytes.as_ref().clone(),
            name: source.name.clone(),
            sheet,
            profile: self.profile.clone(),
            today: self.today.clone(),
            mapping: None,
        }
    }

    pub(super) fn start_working(&mut self) {
        self.phase = Phase::Working {
            done: 0,
            total: 0,
            stage: Stage::Reading,
        };
        self.file_error = None;
        self.notice = None;
        self.exporting = None;
    }

    pub(super) fn choose_file(&mut self, source: Source) -> Outcome {
        let request = self.open_request(&source, None);
        self.close_file();
        self.source = Some(source);
        self.start_working();
        self.opening = true;
        self.mapping.remembered_checked = false;
        Outcome::render(vec![Effect::Send(request)])
    }

    pub(super) fn choose_profile(&mut self, profile: String) -> Outcome {
        if profile == self.profile {
            return Outcome::none();
        }
        self.profile = profile;
        // An open file is checked again against the new profile; a pending choice stays pending.
        match (&self.source, &self.file) {
            (Some(source), Some(file)) => {
                let request = self.open_request(source, file.file.sheet.clone());
                self.start_working();
                self.opening = true;
                Outcome::render(vec![Effect::Send(request)])
            }
            _ => Outcome::render(Vec::new()),
        }
    }

    pub(super) fn open_sheet(&mut self) -> Outcome {
        let Phase::ChooseSheet { selected, .. } = &self.phase else {
            return Outcome::none();
        };
        let Some(source) = &self.source else {
            return Outcome::none();
        };
        let request = self.open_request(source, Some(selected.clone()));
        self.start_working();
        self.opening = true;
        Outcome::render(vec![Effect::Send(request)])
    }

    pub(super) fn cancel(&mut self) -> Outcome {
        if !matches!(self.phase, Phase::Working { .. }) {
            return Outcome::none();
        }
        // The worker is stopped outright, so whatever it held (an open file too) is gone.
        self.close_file();
        self.notice = Some("Lecture annulée.".to_owned());
        Outcome::render(vec![Effect::RestartWorker])
    }

    pub(super) fn close_file(&mut self) {
        self.phase = Phase::Empty;
        self.file = None;
        self.lines = Vec::new();
        self.fields = Rc::default();
        self.rows.clear();
        self.columns = Rc::default();
        self.cursor = None;
        self.editing = None;
        self.undo.clear();
        self.mapping = MappingStep::default();
        self.fix = FixPanel::default();
        self.exporting = None;
        self.pending_edits = 0;
        self.viewport.top = 0;
        self.opening = false;
    }

    pub(super) fn set_today(&mut self, today: String) -> Outcome {
        if !is_iso_date(&today) || today == self.today {
            return Outcome::none();
        }
        self.today.clone_from(&today);
        if self.file.is_some() {
            Outcome::render(vec![Effect::Send(Request::SetToday { today })])
        } else {
            Outcome::render(Vec::new())
        }
    }

    pub(super) fn on_response(&mut self, response: Response) -> Outcome {
        match response {
            Response::Progress { done, total, stage } => {
                if matches!(self.phase, Phase::Working { .. }) {
                    self.phase = Phase::Working { done, total, stage };
                    Outcome::render(Vec::new())
                } else {
                    Outcome::none()
                }
            }
            Response::ChooseSheet { sheets } => {
                let selected = sheets.first().cloned().unwrap_or_default();
                self.phase = Phase::ChooseSheet { sheets, selected };
                Outcome::render(Vec::new())
            }
            Response::Failed { message } => {
                // The worker keeps any file open before: so does the page, with that file's profile.
                self.phase = if self.file.is_some() {
                    Phase::Ready
                } else {
                    Phase::Empty
                };
                if let Some(file) = &self.file {
                    self.profile.clone_from(&file.profile);
                }
                self.file_error = Some(message);
                self.opening = false;
                Outcome::render(Vec::new())
            }
            Response::Refused { message } if self.send.phase == SendPhase::Preparing => {
                self.send.phase = SendPhase::Idle;
                self.send.error = Some(message);
                Outcome::render(Vec::new())
            }
            Response::Refused { message } => {
                if matches!(self.phase, Phase::Working { .. }) {
                    self.phase = if self.file.is_some() {
                        Phase::Ready
                    } else {
                        Phase::Empty
                    };
                }
                self.notice = Some(message);
                self.exporting = None;
                self.pending_edits = self.pending_edits.saturating_sub(1);
                Outcome::render(Vec::new())
            }
            Response::Opened(view) => self.opened(*view),
            Response::Updated(update) => {
                if self.file.is_none() {
                    return Outcome::none();
                }
                self.apply_update(*update);
                self.pending_edits = self.pending_edits.saturating_sub(1);
                Outcome::render(Vec::new())
            }
            Response::Statuts { summary, statuts } => {
                let Some(file) = &mut self.file else {
                    return Outcome::none();
                };
                file.summary = summary;
                for (line, statut) in self.lines.iter_mut().zip(statuts) {
                    if line.statut != statut {
                        Rc::make_mut(line).statut = statut;
                    }
                }
                Outcome::render(Vec::new())
            }
            Response::Exported { file_name, mime, bytes } => {
                self.exporting = None;
                Outcome::render(vec![Effect::Download { file_name, mime, bytes }])
            }
            Response::Payloads { items } => self.on_payloads(items),
            Response::Fixed(fixed) => self.on_fixed(*fixed),
            Response::RecipeRefused { message } => self.on_recipe_refused(message),
            Response::ValueChecked { field, text, marks } => self.on_value_checked(&field, &text, marks),
            Response::ReplaceCount { column, from, count } => self.on_replace_count(column, &from, count),
            Response::Suggestions { column, items } => self.on_suggestions(column, items),
        }
    }

    pub(super) fn opened(&mut self, mut view: FileView) -> Outcome {
        let first_open = self.opening;
        let needs_mapping =
            !view.missing_columns.is_empty() || (first_open && view.columns.iter().any(|c| c.field.is_none()));
        self.mapping.draft = current_mapping(&view);
        self.mapping.open = needs_mapping;
        let mut effects = Vec::new();
        if first_open {
            effects.push(Effect::Opened {
                lines: u32::try_from(view.lines.len()).unwrap_or(u32::MAX),
            });
        }
        if !self.mapping.remembered_checked {
            self.mapping.remembered_checked = true;
            self.fix.remembered = Remembered::None;
            effects.push(Effect::LookUpMapping {
                key: view.header_key.clone(),
            });
        }
        if std::mem::take(&mut self.mapping.save_answer) {
            effects.push(Effect::SaveRecipe {
                key: view.header_key.clone(),
                json: view.recipe.clone(),
            });
        }
        // A new view ends the undo history (the worker's too): the counts and the recipe are the view's.
        self.fix.counts = view.fixes;
        self.fix.recipe.clone_from(&view.recipe);
        self.fix.dialog = None;
        // What the user chose while the worker computed this view (a date, a profile) is not lost
        // to the view's: it is asked for again below.
        let chosen_today = std::mem::replace(&mut self.today, view.summary.today.clone());
        let chosen_profile = std::mem::replace(&mut self.profile, view.profile.clone());
        self.lines = std::mem::take(&mut view.lines).into_iter().map(Rc::new).collect();
        self.column_names = Rc::new(
            view.columns
                .iter()
                .map(|c| format!("{} « {} »", c.letter, c.header))
                .collect(),
        );
        if *self.fields != view.fields {
            self.fields = Rc::new(view.fields.clone());
        }
        self.file = Some(view);
        self.phase = Phase::Ready;
        self.opening = false;
        self.cursor = None;
        self.editing = None;
        self.undo.clear();
        self.pending_edits = 0;
        self.viewport.top = 0;
        self.indicators = super::IndicatorsPanel::default();
        self.refilter();
        if chosen_profile != self.profile {
            self.profile = chosen_profile;
            self.today = chosen_today;
            if let (Some(source), Some(file)) = (&self.source, &self.file) {
                let request = self.open_request(source, file.file.sheet.clone());
                self.start_working();
                self.opening = true;
                effects.push(Effect::Send(request));
            }
        } else if chosen_today != self.today {
            self.today.clone_from(&chosen_today);
            effects.push(Effect::Send(Request::SetToday { today: chosen_today }));
        }
        Outcome::render(effects)
    }
}
