//! The page's state and its reducer: every user action and every worker answer goes through
//! [`State::apply`], which changes the state and returns the [`Effect`]s the page must carry out
//! (send a request to the worker, restart it, download a file, remember a mapping, scroll, focus).
//! Plain Rust without any browser API, so that its logic (filters, next-error navigation, the undo
//! stack, the virtualised table's window) is tested on its own, natively and in a browser.

use std::ops::Range;
use std::rc::Rc;

use crate::protocol::{
    ColumnView, ExportKind, FieldChoice, FileView, LineView, Mark, PayloadItem, Request, Response, Severity, Stage,
};

mod send;

pub use send::{Receipt, SendPanel, SendPhase, line_send_text};

/// Height of one table row, in CSS pixels (`www/app.css` sets the same height on `.ligne`).
pub const ROW_HEIGHT: u32 = 36;
/// Height of the table's sticky header, in CSS pixels (`www/app.css` sets it on `thead tr`).
pub const HEAD_HEIGHT: u32 = 72;
/// Rows rendered at least above and below the visible ones, so a fast scroll never shows a blank band.
pub const OVERSCAN: usize = 8;
/// The rendered rows start and end on multiples of this: the rendered set changes once every
/// `BLOCK` rows of scrolling, not at every row, so most scroll frames render nothing at all, and
/// a frame that does creates only `BLOCK` rows (each a few hundred elements for a wide file).
pub const BLOCK: usize = 4;
/// The profile checked against when the user has not chosen another.
pub const DEFAULT_PROFILE: &str = "televersement";

/// What the page shows in its main area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Nothing open (or the open file was dropped): the drop zone only.
    Empty,
    /// The worker is reading and validating (an `Open` or a `Remap`).
    Working {
        /// Lines validated so far.
        done: u32,
        /// Lines in the file (0 while reading).
        total: u32,
        /// What the worker is doing.
        stage: Stage,
    },
    /// A workbook with several candidate sheets: the user picks one.
    ChooseSheet {
        /// The candidate sheets.
        sheets: Vec<String>,
        /// The one currently selected in the list.
        selected: String,
    },
    /// A file is open: summary and table.
    Ready,
}

/// The file the user chose, kept to open it again (another sheet, another profile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file's name.
    pub name: String,
    /// Its content.
    pub bytes: Rc<Vec<u8>>,
}

/// A table cell: `row` indexes the file's lines; `column` is a column index, or `None` for the
/// row-status cell (where the line's own problems are shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// Index into the file's lines.
    pub row: u32,
    /// Column index, `None` = the row-status cell.
    pub column: Option<u32>,
}

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

/// An edit that can be undone: the cell and its text before the edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoEntry {
    /// Which line.
    pub row: u32,
    /// Which column.
    pub column: u32,
    /// The text to put back.
    pub previous: String,
}

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

/// Something the page must do for the state: the reducer itself touches nothing outside.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Post this request to the worker.
    Send(Request),
    /// Terminate the worker (even in the middle of a long read) and start a fresh one.
    RestartWorker,
    /// Offer this file for download.
    Download {
        /// Suggested file name.
        file_name: String,
        /// MIME type.
        mime: String,
        /// Content.
        bytes: Vec<u8>,
    },
    /// Look up the mapping remembered for this header key (answer with
    /// [`Action::RememberedMapping`]).
    LookUpMapping {
        /// The file's header key.
        key: String,
    },
    /// Remember this mapping for files with this header key (never any data).
    SaveMapping {
        /// The file's header key.
        key: String,
        /// Per column, the field name or `None` (ignored).
        mapping: Vec<Option<String>>,
    },
    /// Scroll the table to [`Viewport::top`] and focus this cell once rendered (its marker when
    /// `marker` and the cell has one).
    Reveal {
        /// The cell.
        target: Target,
        /// Focus the cell's marker (so its tooltip shows) rather than the cell.
        marker: bool,
    },
    /// Focus the edit box once rendered.
    FocusEditor,
    /// A file was opened and validated (for the page's timings): its number of lines.
    Opened {
        /// Lines in the file.
        lines: u32,
    },
    /// Focus the exchange key field once rendered.
    FocusKey,
    /// Remember the key the page holds on this device (`true`), or forget any remembered key (`false`).
    RememberKey(bool),
    /// Remember on this device that the notice about sending with the key was acknowledged.
    AcknowledgeNotice,
    /// Start sending these dossiers with the key the page holds (answer with the `Send*` actions).
    StartSend {
        /// The valid lines' dossiers, from the worker.
        items: Vec<PayloadItem>,
    },
    /// Resume the stopped send with the key the page holds: accepted batches are not sent again.
    ResumeSend,
    /// Drop the send the page holds (stop it if it runs): the data it was about changed.
    DropSend,
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

/// Everything that can happen to the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A file was chosen and the browser is reading it (before [`Action::ChooseFile`]): the old
    /// messages go at once.
    ReadingFile,
    /// The user chose, dropped or asked for the sample file.
    ChooseFile(Source),
    /// The chosen file could not even be read by the browser.
    FileUnreadable(String),
    /// The user chose the profile to check against.
    ChooseProfile(String),
    /// An answer from the worker.
    Worker(Response),
    /// The worker stopped on its own (a crash): French message.
    WorkerFailed(String),
    /// A sheet selected in the sheet list.
    SelectSheet(String),
    /// Open the selected sheet.
    OpenSheet,
    /// Cancel the running read.
    Cancel,
    /// The evaluation date input changed (ISO `AAAA-MM-JJ`, empty while incomplete).
    SetToday(String),
    /// "Lignes en erreur seulement".
    FilterLines(bool),
    /// "Colonnes en erreur seulement".
    FilterColumns(bool),
    /// A per-column error count: go to that column's first error.
    GoToColumn(u32),
    /// "Erreur suivante".
    NextError,
    /// The table was scrolled or resized.
    Scroll(Viewport),
    /// A cell got the focus (click or tab).
    Focus(Target),
    /// An arrow key in the table.
    Move(Direction),
    /// Enter or double-click on a cell: edit it (the cursor's cell when `None`).
    StartEdit(Option<Target>),
    /// The edit box's text changed.
    EditText(String),
    /// Enter in the edit box.
    CommitEdit,
    /// Escape in the edit box.
    CancelEdit,
    /// "Annuler la dernière modification".
    Undo,
    /// "Modifier la correspondance des colonnes".
    OpenMapping,
    /// Close the mapping panel without applying.
    CloseMapping,
    /// A column's choice in the mapping panel.
    MapColumn {
        /// Column index.
        column: u32,
        /// Field name, `None` = ignore the column.
        field: Option<String>,
    },
    /// "Appliquer la correspondance".
    ApplyMapping,
    /// The answer to [`Effect::LookUpMapping`].
    RememberedMapping(Option<Vec<Option<String>>>),
    /// A download button.
    Download(ExportKind),
    /// What the page remembers on this device: a key (its presence only: the key stays with the page) and
    /// whether the notice about sending was acknowledged.
    SendPreferences {
        /// A key is remembered.
        remembered: bool,
        /// The notice was acknowledged.
        notice_seen: bool,
    },
    /// "Envoyer les N lignes valides".
    OpenSend,
    /// Close the send panel.
    CloseSend,
    /// "Se souvenir de la clé sur cet appareil".
    Remember(bool),
    /// "Confirmer l'envoi"; whether the key field holds a key.
    ConfirmSend {
        /// The key field is not empty.
        has_key: bool,
    },
    /// "Reprendre l'envoi"; whether the key field holds a key.
    ResumeSend {
        /// The key field is not empty.
        has_key: bool,
    },
    /// A request is about to leave: what it is, with the engine's figures.
    SendProgress {
        /// "Lot 2 sur 3".
        what: String,
        /// The figures.
        progress: effectifs_send::Progress,
    },
    /// The engine waits before trying again: its French sentence.
    SendWaiting(String),
    /// The send is over (completed or stopped).
    SendFinished(Box<Receipt>),
    /// The send could not start or resume: French message.
    SendFailed(String),
    /// "Télécharger le reçu".
    DownloadReceipt,
}

/// What [`State::apply`] did: whether the page must render again, and what it must do.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    /// The visible state changed.
    pub render: bool,
    /// What the page must carry out, in order.
    pub effects: Vec<Effect>,
}

impl Outcome {
    fn render(effects: Vec<Effect>) -> Outcome {
        Outcome { render: true, effects }
    }

    fn none() -> Outcome {
        Outcome::default()
    }
}

/// The whole page state.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// What the main area shows.
    pub phase: Phase,
    /// The profile checked against.
    pub profile: String,
    /// The evaluation day, ISO.
    pub today: String,
    /// The file chosen last.
    pub source: Option<Source>,
    /// The French message of a file that cannot be read (`#erreur-fichier`).
    pub file_error: Option<String>,
    /// A French message about a request the worker refused, or a cancelled read.
    pub notice: Option<String>,
    /// The open file (its `lines` moved to [`State::lines`]).
    pub file: Option<FileView>,
    /// The open file's lines, each shared with the table's rendered blocks: a block whose lines
    /// are the same `Rc`s is not rendered again.
    pub lines: Vec<Rc<LineView>>,
    /// Per column, "A « header »", for the labels of the table's cells.
    pub column_names: Rc<Vec<String>>,
    /// The fields the mapping step offers (the open file's), shared with the panel's rows: a row whose
    /// choice did not change is not rendered again when the page is (at each block of a scroll).
    pub fields: Rc<Vec<FieldChoice>>,
    /// The table's filters.
    pub filters: Filters,
    /// Rows shown by the filters, in file order (indices into the file's lines).
    pub rows: Vec<u32>,
    /// Columns shown by the filters, in file order (shared with the table's blocks).
    pub columns: Rc<Vec<u32>>,
    /// The table's viewport.
    pub viewport: Viewport,
    /// The cell with the keyboard cursor.
    pub cursor: Option<Target>,
    /// The cell being edited.
    pub editing: Option<Editing>,
    /// Edits that can be undone, last on top.
    pub undo: Vec<UndoEntry>,
    /// The column-mapping step.
    pub mapping: MappingStep,
    /// A download being prepared.
    pub exporting: Option<ExportKind>,
    /// Edits sent and not answered yet.
    pub pending_edits: u32,
    /// Sending the valid lines (issue 4).
    pub send: SendPanel,
    /// Whether the current work is an `Open` (not a `Remap`), for the timings.
    opening: bool,
}

impl State {
    /// The state of a fresh page, with this evaluation day (ISO).
    pub fn new(today: &str) -> State {
        State {
            phase: Phase::Empty,
            profile: DEFAULT_PROFILE.to_owned(),
            today: today.to_owned(),
            source: None,
            file_error: None,
            notice: None,
            file: None,
            lines: Vec::new(),
            column_names: Rc::default(),
            fields: Rc::default(),
            filters: Filters::default(),
            rows: Vec::new(),
            columns: Rc::default(),
            viewport: Viewport::default(),
            cursor: None,
            editing: None,
            undo: Vec::new(),
            mapping: MappingStep::default(),
            exporting: None,
            pending_edits: 0,
            send: SendPanel::default(),
            opening: false,
        }
    }

    /// Apply one action.
    pub fn apply(&mut self, action: Action) -> Outcome {
        // Actions that change the data (when they do anything: a request to the worker, or its restart) leave
        // a send's outcome describing other data: it goes, and a running send is dropped.
        let changes_data = matches!(
            action,
            Action::ChooseFile(_)
                | Action::ChooseProfile(_)
                | Action::WorkerFailed(_)
                | Action::Cancel
                | Action::CommitEdit
                | Action::Undo
                | Action::ApplyMapping
                | Action::RememberedMapping(_)
        );
        let outcome = self.apply_action(action);
        if changes_data
            && outcome
                .effects
                .iter()
                .any(|e| matches!(e, Effect::Send(_) | Effect::RestartWorker))
        {
            self.with_forget(outcome)
        } else {
            outcome
        }
    }

    fn apply_action(&mut self, action: Action) -> Outcome {
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
            Action::Download(kind) => {
                if self.exporting.is_some() {
                    return Outcome::none();
                }
                self.exporting = Some(kind);
                Outcome::render(vec![Effect::Send(Request::Export { kind })])
            }
            action => self.apply_send(action),
        }
    }

    /// `outcome` with the effect that drops a send whose data changed, first.
    fn with_forget(&mut self, mut outcome: Outcome) -> Outcome {
        if let Some(effect) = self.forget_send() {
            outcome.effects.insert(0, effect);
            outcome.render = true;
        }
        outcome
    }

    fn open_request(&self, source: &Source, sheet: Option<String>) -> Request {
        Request::Open {
            bytes: source.bytes.as_ref().clone(),
            name: source.name.clone(),
            sheet,
            profile: self.profile.clone(),
            today: self.today.clone(),
            mapping: None,
        }
    }

    fn start_working(&mut self) {
        self.phase = Phase::Working {
            done: 0,
            total: 0,
            stage: Stage::Reading,
        };
        self.file_error = None;
        self.notice = None;
        self.exporting = None;
    }

    fn choose_file(&mut self, source: Source) -> Outcome {
        let request = self.open_request(&source, None);
        self.close_file();
        self.source = Some(source);
        self.start_working();
        self.opening = true;
        self.mapping.remembered_checked = false;
        Outcome::render(vec![Effect::Send(request)])
    }

    fn choose_profile(&mut self, profile: String) -> Outcome {
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

    fn open_sheet(&mut self) -> Outcome {
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

    fn cancel(&mut self) -> Outcome {
        if !matches!(self.phase, Phase::Working { .. }) {
            return Outcome::none();
        }
        // The worker is stopped outright, so whatever it held (an open file too) is gone.
        self.close_file();
        self.notice = Some("Lecture annulée.".to_owned());
        Outcome::render(vec![Effect::RestartWorker])
    }

    fn close_file(&mut self) {
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
        self.exporting = None;
        self.pending_edits = 0;
        self.viewport.top = 0;
        self.opening = false;
    }

    fn set_today(&mut self, today: String) -> Outcome {
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

    fn on_response(&mut self, response: Response) -> Outcome {
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
                let Some(file) = &mut self.file else {
                    return Outcome::none();
                };
                file.summary = update.summary;
                file.columns = update.columns;
                for changed in update.lines {
                    if let Some(line) = self.lines.get_mut(changed.row as usize) {
                        *line = Rc::new(changed.view);
                    }
                }
                self.pending_edits = self.pending_edits.saturating_sub(1);
                self.refilter();
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
        }
    }

    fn opened(&mut self, mut view: FileView) -> Outcome {
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
            effects.push(Effect::LookUpMapping {
                key: view.header_key.clone(),
            });
        }
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

    fn remembered_mapping(&mut self, mapping: Option<Vec<Option<String>>>) -> Outcome {
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

    fn apply_mapping(&mut self) -> Outcome {
        let Some(file) = &self.file else {
            return Outcome::none();
        };
        let mapping = self.mapping.draft.clone();
        let key = file.header_key.clone();
        self.mapping.open = false;
        self.start_working();
        Outcome::render(vec![
            Effect::SaveMapping {
                key,
                mapping: mapping.clone(),
            },
            Effect::Send(Request::Remap { mapping }),
        ])
    }

    /// Recompute the shown rows and columns after a filter or a data change.
    fn refilter(&mut self) {
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

    fn max_top(&self) -> u32 {
        let content = u32::try_from(self.rows.len())
            .unwrap_or(u32::MAX)
            .saturating_mul(ROW_HEIGHT);
        content.saturating_sub(self.body_height())
    }

    fn body_height(&self) -> u32 {
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
    fn scroll_to_position(&mut self, position: usize) {
        let y = u32::try_from(position).unwrap_or(u32::MAX).saturating_mul(ROW_HEIGHT);
        let body = self.body_height();
        if y < self.viewport.top {
            self.viewport.top = y;
        } else if y + ROW_HEIGHT > self.viewport.top + body {
            self.viewport.top = (y + ROW_HEIGHT).saturating_sub(body);
        }
    }

    fn reveal(&mut self, target: Target, marker: bool) -> Outcome {
        let Some(position) = self.rows.iter().position(|&r| r == target.row) else {
            return Outcome::none();
        };
        self.scroll_to_position(position);
        self.cursor = Some(target);
        Outcome::render(vec![Effect::Reveal { target, marker }])
    }

    fn go_to_column(&mut self, column: u32) -> Outcome {
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
    fn error_targets_of(&self, row: u32) -> Vec<Target> {
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

    fn next_error(&mut self) -> Outcome {
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

    fn move_cursor(&mut self, direction: Direction) -> Outcome {
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

    /// The text of a cell of the open file.
    pub fn cell_text(&self, row: u32, column: u32) -> Option<&str> {
        let line = self.lines.get(row as usize)?;
        Some(line.cells.get(column as usize).unwrap_or(""))
    }

    fn start_edit(&mut self, target: Option<Target>) -> Outcome {
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

    fn commit_edit(&mut self) -> Outcome {
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
        self.undo.push(UndoEntry {
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

    fn cancel_edit(&mut self) -> Outcome {
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

    fn undo(&mut self) -> Outcome {
        if self.sending() {
            return Outcome::none();
        }
        let Some(entry) = self.undo.pop() else {
            return Outcome::none();
        };
        self.editing = None;
        self.set_cell(entry.row, entry.column, &entry.previous);
        self.pending_edits += 1;
        let target = Target {
            row: entry.row,
            column: Some(entry.column),
        };
        let mut outcome = self.reveal(target, false);
        outcome.render = true;
        outcome.effects.insert(
            0,
            Effect::Send(Request::Edit {
                row: entry.row,
                column: entry.column,
                text: entry.previous,
            }),
        );
        outcome
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

/// The current mapping of an open file: per column, the field it feeds.
pub fn current_mapping(file: &FileView) -> Vec<Option<String>> {
    file.columns.iter().map(|c| c.field.clone()).collect()
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

/// Whether a text is an ISO day `AAAA-MM-JJ` as a date input gives it (the worker checks the day).
pub fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// An ISO day `AAAA-MM-JJ` as French readers write it (`JJ/MM/AAAA`); other texts unchanged.
pub fn french_date(iso: &str) -> String {
    if is_iso_date(iso) {
        format!("{}/{}/{}", &iso[8..10], &iso[5..7], &iso[0..4])
    } else {
        iso.to_owned()
    }
}

/// "1 erreur", "3 erreurs": a count with its noun, singular for 0 and 1 as French does.
pub fn plural(count: u32, singular: &str, plural: &str) -> String {
    format!(
        "{} {}",
        group_thousands(count),
        if count <= 1 { singular } else { plural }
    )
}

/// A number with French thousands separators (`12 000`, narrow no-break space).
pub fn group_thousands(n: u32) -> String {
    effectifs_core::french::group_thousands(u64::from(n), '\u{202f}')
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
