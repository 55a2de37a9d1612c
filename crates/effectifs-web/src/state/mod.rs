//! The page's state and its reducer: every user action and every worker answer goes through
//! [`State::apply`], which changes the state and returns the [`Effect`]s the page must carry out
//! (send a request to the worker, restart it, download a file, remember a mapping, scroll, focus).
//! Plain Rust without any browser API, so that its logic (filters, next-error navigation, the undo
//! stack, the virtualised table's window) is tested on its own, natively and in a browser.

use std::rc::Rc;

use effectifs_core::french;

use crate::protocol::{ExportKind, FieldChoice, FileView, LineView, PayloadItem, Request, Response, Stage};

mod edit;
mod file;
mod fix;
mod indicators;
mod mapping;
mod send;
mod table;

pub use edit::{Editing, UndoEntry};
pub use file::size_refusal;
pub use fix::{FixDialog, FixPanel, RECIPE_FILE, Remembered, ValueDraft, counts_sentence};
pub use indicators::{
    CHART_HEIGHT, CHART_WIDTH, Chart, ChartKey, ChartMonth, Indicator, IndicatorsPanel, figures_sentence, month_name,
    point_label,
};
pub use mapping::{MappingStep, current_mapping};
pub use send::{Change, Receipt, SendPanel, SendPhase, line_send_text};
pub use table::{
    BLOCK, Direction, Filters, HEAD_HEIGHT, OVERSCAN, ROW_HEIGHT, RowBlock, TableWindow, Target, Viewport, cell_marks,
    line_marks, line_status, shown_columns, shown_rows,
};

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
    /// Look up the recipe (or, from older versions, the mapping) remembered for this header key (answer
    /// with [`Action::RememberedRecipe`] or [`Action::RememberedMapping`]).
    LookUpMapping {
        /// The file's header key.
        key: String,
    },
    /// Remember this recipe (mapping overrides, values for every line, replacements: never any data) for
    /// files with this header key, in place of any remembered before.
    SaveRecipe {
        /// The file's header key.
        key: String,
        /// The recipe's JSON.
        json: String,
    },
    /// Apply the recipe remembered for this header key automatically on opening (`on`), or not.
    RecipeAutomatic {
        /// The file's header key.
        key: String,
        /// Whether it applies automatically.
        on: bool,
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
    /// Focus this month's point of the indicators chart once rendered.
    FocusChartPoint(u32),
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
    /// The answer to [`Effect::LookUpMapping`]: a mapping remembered by an older version, or none.
    RememberedMapping(Option<Vec<Option<String>>>),
    /// The answer to [`Effect::LookUpMapping`]: the remembered recipe, and whether it applies automatically.
    RememberedRecipe {
        /// The recipe's JSON.
        json: String,
        /// The user did not switch its automatic application off.
        automatic: bool,
    },
    /// "Appliquer automatiquement la recette enregistrée" for the open file's header row, on or off.
    RecipeAutomatic(bool),
    /// "Ne pas appliquer cette recette", in the notice of a remembered recipe applied on opening.
    RejectRememberedRecipe,
    /// "Autre champ" in the values for every line: add this field.
    AddValueField(String),
    /// A value for every line typed (the engine checks it as the user types).
    ValueText {
        /// The field's name.
        field: String,
        /// The text.
        text: String,
    },
    /// "Appliquer à toutes les lignes" for this field's typed value.
    ApplyValue(String),
    /// "Remplacer…" in a column's header.
    OpenReplace(u32),
    /// The replacement's "Texte à remplacer" changed (the worker counts the cells).
    ReplaceFrom(String),
    /// The replacement's "Remplacer par" changed.
    ReplaceTo(String),
    /// "Remplacer" in the replacement dialog.
    ApplyReplace,
    /// A column's corrections button: list them.
    OpenSuggestions(u32),
    /// "Appliquer les N corrections proposées".
    ApplySuggestions,
    /// "Appliquer : « … »" in a cell's tooltip.
    ApplySuggestion(Target),
    /// Close the dialog over the table.
    CloseDialog,
    /// A recipe file chosen with "Importer une recette": its text, or a French message when the browser
    /// could not read it.
    ImportRecipe(Result<String, String>),
    /// "Télécharger la recette".
    DownloadRecipe,
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
    /// "Ouvrir quand même" / "Changer quand même": the file or profile chosen during a send replaces its data.
    ConfirmChange,
    /// "Garder l'envoi": the file or profile chosen during a send is not used.
    CancelChange,
    /// The page dropped a running send for new data: what it had done (never lost: its receipt stays
    /// downloadable).
    SendAbandoned(Box<Receipt>),
    /// "Télécharger le reçu de l'envoi précédent".
    DownloadPreviousReceipt,
    /// A month's point of the indicators chart got the focus (`Some`), or lost it (`None`).
    ChartFocus(Option<u32>),
    /// The pointer went over a month's point of the indicators chart (`Some`), or left it (`None`).
    ChartHover(Option<u32>),
    /// An arrow, Home or End key on a point of the indicators chart.
    ChartKey(ChartKey),
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
    /// Fixing whole columns, and the recipe (D15).
    pub fix: FixPanel,
    /// The indicators panel's chart (D16).
    pub indicators: IndicatorsPanel,
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
            fix: FixPanel::default(),
            indicators: IndicatorsPanel::default(),
            opening: false,
        }
    }

    /// Apply one action.
    pub fn apply(&mut self, action: Action) -> Outcome {
        // Another file or profile during a send (running, or stopped and resumable) is asked about first.
        if let Some(outcome) = self.ask_before_change(&action) {
            return outcome;
        }
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
                | Action::RememberedRecipe { .. }
                | Action::ApplyValue(_)
                | Action::ApplyReplace
                | Action::ApplySuggestions
                | Action::ApplySuggestion(_)
                | Action::ImportRecipe(_)
                | Action::RejectRememberedRecipe
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

    /// Hands an action to the part of the state it concerns.
    fn apply_action(&mut self, action: Action) -> Outcome {
        match action {
            Action::ReadingFile
            | Action::ChooseFile(_)
            | Action::FileUnreadable(_)
            | Action::ChooseProfile(_)
            | Action::Worker(_)
            | Action::WorkerFailed(_)
            | Action::SelectSheet(_)
            | Action::OpenSheet
            | Action::Cancel
            | Action::SetToday(_)
            | Action::Download(_) => self.apply_file(action),
            Action::FilterLines(_)
            | Action::FilterColumns(_)
            | Action::GoToColumn(_)
            | Action::NextError
            | Action::Scroll(_)
            | Action::Focus(_)
            | Action::Move(_) => self.apply_table(&action),
            Action::StartEdit(_) | Action::EditText(_) | Action::CommitEdit | Action::CancelEdit | Action::Undo => {
                self.apply_edit(action)
            }
            Action::OpenMapping
            | Action::CloseMapping
            | Action::MapColumn { .. }
            | Action::ApplyMapping
            | Action::RememberedMapping(_) => self.apply_mapping_step(action),
            Action::RememberedRecipe { .. }
            | Action::RecipeAutomatic(_)
            | Action::RejectRememberedRecipe
            | Action::AddValueField(_)
            | Action::ValueText { .. }
            | Action::ApplyValue(_)
            | Action::OpenReplace(_)
            | Action::ReplaceFrom(_)
            | Action::ReplaceTo(_)
            | Action::ApplyReplace
            | Action::OpenSuggestions(_)
            | Action::ApplySuggestions
            | Action::ApplySuggestion(_)
            | Action::CloseDialog
            | Action::ImportRecipe(_)
            | Action::DownloadRecipe => self.apply_fix(action),
            Action::ChartFocus(_) | Action::ChartHover(_) | Action::ChartKey(_) => self.apply_indicators(&action),
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

/// "1 erreur", "3 erreurs" on the page: the core's count with its noun (`effectifs_core::french`).
pub fn plural(count: u32, singular: &str, plural: &str) -> String {
    french::counted(count, singular, plural, french::NARROW_NO_BREAK_SPACE)
}

/// A number with French thousands separators (`12 000`, narrow no-break space).
pub fn group_thousands(n: u32) -> String {
    french::group_thousands(u64::from(n), french::NARROW_NO_BREAK_SPACE)
}
