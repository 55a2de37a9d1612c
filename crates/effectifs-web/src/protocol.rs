//! What the page and the worker say to each other.
//!
//! The page sends a [`Request`], the worker answers with one or more [`Response`]s (progress
//! messages, then the answer). Everything is plain serde data carried by gloo-worker's bincode
//! codec, so no type here relies on self-describing formats (no untagged enums, no
//! `serde_json::Value`, no skipped fields). Messages must stay cheap for 100 000 lines: a line
//! carries its cells' display texts and its marks, nothing else per line is a string except the
//! marks' French messages and the statut timeline's dates.
//!
//! Row and column numbers: `row` is an index into [`FileView::lines`] (0-based, file order);
//! `column` is an index into [`FileView::columns`] (0-based, file order); [`LineView::line`] is
//! the spreadsheet's own row number (as Excel shows it).

use serde::{Deserialize, Serialize};

/// Page → worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Read and validate a file (replaces any file already open).
    Open {
        /// The file's content.
        #[serde(with = "byte_buffer")]
        bytes: Vec<u8>,
        /// The file's name (its extension helps where the content leaves a choice).
        name: String,
        /// Workbooks: the sheet to read; `None` lets the engine choose (it may answer
        /// [`Response::ChooseSheet`]).
        sheet: Option<String>,
        /// The validation profile, `"televersement"` or `"api"` (as the CLI's `--profile`).
        profile: String,
        /// The evaluation day of the statuts, ISO `AAAA-MM-JJ`.
        today: String,
        /// A column mapping to apply at once (e.g. remembered for this header): see
        /// [`Request::Remap`]. `None` = automatic recognition. Ignored (automatic) when its length
        /// is not the file's number of columns or when it names an unknown field.
        mapping: Option<Vec<Option<String>>>,
    },
    /// Change the column mapping of the open file and revalidate everything. One entry per column
    /// index: the field name the column feeds, or `None` to ignore the column. An entry equal to
    /// the automatic match keeps its automatic kind; any other is shown as `manual`.
    /// Answered by [`Response::Opened`] (everything may change).
    Remap {
        /// Per column index, the field name or `None` (ignored).
        mapping: Vec<Option<String>>,
    },
    /// Set one cell's text and revalidate that line and the duplicates across the file. Undo is
    /// the page sending the previous text back. Answered by [`Response::Updated`].
    Edit {
        /// Index into [`FileView::lines`].
        row: u32,
        /// Index into [`FileView::columns`].
        column: u32,
        /// The new text (an empty text empties the cell).
        text: String,
    },
    /// Recompute the statuts and the summary at another evaluation day (ISO `AAAA-MM-JJ`).
    /// Answered by [`Response::Statuts`].
    SetToday {
        /// The evaluation day, ISO `AAAA-MM-JJ`.
        today: String,
    },
    /// Build a download. Answered by [`Response::Exported`].
    Export {
        /// Which file.
        kind: ExportKind,
    },
    /// The valid lines' dossiers, for sending (issue 4). Answered by [`Response::Payloads`].
    Payloads,
    /// A column-wide fix (D15): one step of the undo history. Answered by [`Response::Fixed`], or
    /// [`Response::RecipeRefused`] for a recipe that cannot apply (nothing changed).
    Fix(FixRequest),
    /// Undo the last fix (the whole action at once). Answered by [`Response::Fixed`].
    UndoFix,
    /// Check a value typed for a field, as the user types it (a value for every line). Answered by
    /// [`Response::ValueChecked`].
    CheckValue {
        /// The field's name.
        field: String,
        /// The text typed.
        text: String,
    },
    /// How many cells a replacement would change, before applying it. Answered by
    /// [`Response::ReplaceCount`].
    CountReplace {
        /// Index into [`FileView::columns`].
        column: u32,
        /// The cell text to find (trimmed).
        from: String,
    },
    /// The safe corrections the engine proposes in a column, to show them before applying them.
    /// Answered by [`Response::Suggestions`].
    Suggestions {
        /// Index into [`FileView::columns`].
        column: u32,
    },
}

/// A column-wide fix (D15).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FixRequest {
    /// One value for every line of a field: where its column is absent (a column is added) or the
    /// cell empty.
    Value {
        /// The field's name.
        field: String,
        /// The value.
        value: String,
    },
    /// In a column, every cell whose text (trimmed) is `from` becomes `to`.
    Replace {
        /// Index into [`FileView::columns`].
        column: u32,
        /// The cell text to find.
        from: String,
        /// The new text.
        to: String,
    },
    /// Apply the engine's safe corrections in a column: every one, or those of these rows.
    Suggestions {
        /// Index into [`FileView::columns`].
        column: u32,
        /// Indices into [`FileView::lines`]; `None` = every correction of the column.
        rows: Option<Vec<u32>>,
    },
    /// Apply a recipe (the JSON file of D15, version 1).
    Recipe {
        /// The recipe's JSON text.
        json: String,
        /// The recipe was remembered for this header row and applied on opening (not imported by
        /// the user).
        remembered: bool,
    },
}

/// Which kind of fix changed a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FixKind {
    /// A value for every line.
    Value,
    /// A replacement.
    Replace,
    /// A safe correction.
    Suggestion,
}

/// Which download to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportKind {
    /// The user's lines with every problem marked (xlsx): highlighted cells, comments, an "État"
    /// column and an "Erreurs" sheet.
    Annotated,
    /// The current data, with the user's edits, under the original headers (xlsx).
    Corrected,
    /// The blank official upload template (xlsx).
    Template,
}

/// What the worker is doing, for the progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// Reading the file (no line count yet: `total` is 0).
    Reading,
    /// Validating lines: `done` of `total`.
    Validating,
}

/// Worker → page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// Progress of an [`Request::Open`] or [`Request::Remap`].
    Progress {
        /// Lines validated so far.
        done: u32,
        /// Lines in the file (0 while reading).
        total: u32,
        /// What is being done.
        stage: Stage,
    },
    /// A workbook with several sheets that each hold a recognisable header, and no sheet chosen:
    /// the page asks which one, then sends [`Request::Open`] again with `sheet`.
    ChooseSheet {
        /// The candidate sheets (visible, with a recognisable header), in workbook order.
        sheets: Vec<String>,
    },
    /// The file cannot be read at all: one French message. Any file open before stays open.
    Failed {
        /// The engine's French message.
        message: String,
    },
    /// A request that cannot apply (no file open, a row or column out of range, a date that is
    /// not a date…): one French message; nothing changed.
    Refused {
        /// The engine's French message.
        message: String,
    },
    /// The file is open and validated (answer to `Open` and `Remap`).
    Opened(Box<FileView>),
    /// After an edit: the summary, the per-column counts and the lines that changed (the edited
    /// line and every line that gained or lost a duplicate warning).
    Updated(Box<Update>),
    /// After `SetToday`: the summary and every line's statut, in row order.
    Statuts {
        /// The new summary.
        summary: SummaryView,
        /// One entry per row of [`FileView::lines`].
        statuts: Vec<Option<StatutView>>,
    },
    /// A download.
    Exported {
        /// The suggested file name.
        file_name: String,
        /// Its MIME type.
        mime: String,
        /// Its content.
        #[serde(with = "byte_buffer")]
        bytes: Vec<u8>,
    },
    /// The valid lines, ready to send.
    Payloads {
        /// One per valid line, in file order.
        items: Vec<PayloadItem>,
    },
    /// After a fix or its undo: what changed.
    Fixed(Box<Fixed>),
    /// A recipe that cannot apply (bad JSON, unknown version, field or header): the French message
    /// naming what is wrong. Nothing changed.
    RecipeRefused {
        /// The engine's French message.
        message: String,
    },
    /// The engine's verdict on a typed value.
    ValueChecked {
        /// The field's name.
        field: String,
        /// The text checked (the page keeps the verdict of its current text only).
        text: String,
        /// The engine's errors and warnings on it (none: the value is fine).
        marks: Vec<Mark>,
    },
    /// How many cells a replacement would change.
    ReplaceCount {
        /// The column.
        column: u32,
        /// The text to find, as asked.
        from: String,
        /// The number of cells.
        count: u32,
    },
    /// A column's safe corrections, in file order.
    Suggestions {
        /// The column.
        column: u32,
        /// One per cell.
        items: Vec<SuggestionView>,
    },
}

/// What a fix (or its undo) changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fixed {
    /// The action (`None` for a recipe).
    pub kind: Option<FixKind>,
    /// Whether it was undone (rather than applied).
    pub undone: bool,
    /// The recipe was the remembered one, applied on opening.
    pub remembered: bool,
    /// Cells the action changed (or put back).
    pub cells: u32,
    /// The file after it: summary, columns, the lines that changed.
    pub update: Update,
    /// The required fields no column feeds now.
    pub missing_columns: Vec<FieldRef>,
    /// The action is a new step of the worker's undo history (an applied fix that changed something).
    pub step: bool,
    /// The recipe of the file now (mapping overrides, values, replacements), as the JSON file.
    pub recipe: String,
}

/// How many cells of the file hold a fix's value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixCounts {
    /// Changed by a recipe (imported or remembered).
    pub recipe: u32,
    /// Changed by the column actions (values for every line, replacements, corrections).
    pub actions: u32,
}

/// A safe correction of one cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionView {
    /// Index into [`FileView::lines`].
    pub row: u32,
    /// The spreadsheet's row number.
    pub line: u32,
    /// The cell's text now.
    pub before: String,
    /// The corrected text.
    pub after: String,
}

/// An open, validated file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileView {
    /// What was found out about the file.
    pub file: FileInfoView,
    /// A stable key of the header row (same headers, same key), to remember a mapping.
    pub header_key: String,
    /// The profile checked against (`televersement` or `api`).
    pub profile: String,
    /// One per column, in file order.
    pub columns: Vec<ColumnView>,
    /// Required fields (for the profile) that no column feeds.
    pub missing_columns: Vec<FieldRef>,
    /// Fields fed by more than one column (the last one is used).
    pub duplicate_columns: Vec<FieldRef>,
    /// What the reader did that the user should know (French sentences).
    pub read_warnings: Vec<String>,
    /// Every field, for the mapping step's choices.
    pub fields: Vec<FieldChoice>,
    /// The summary figures.
    pub summary: SummaryView,
    /// Cells changed by recipes and column actions.
    pub fixes: FixCounts,
    /// The file's recipe now (mapping overrides, values, replacements), as the JSON file.
    pub recipe: String,
    /// One per non-blank line, in file order (`row` indexes this).
    pub lines: Vec<LineView>,
}

/// What was found out about the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileInfoView {
    /// The file name, as given.
    pub name: String,
    /// The format actually read: `xlsx`, `xlsm`, `xlsb`, `xls`, `ods`, `csv`.
    pub format: String,
    /// Workbooks: the sheet read.
    pub sheet: Option<String>,
    /// Workbooks: every worksheet, in workbook order (empty for CSV).
    pub sheets: Vec<String>,
    /// CSV: the detected encoding.
    pub encoding: Option<String>,
    /// CSV: the detected delimiter.
    pub delimiter: Option<String>,
    /// The spreadsheet line of the header row.
    pub header_line: u32,
}

/// One column of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnView {
    /// The column letter (`A`, `B`, … `AA`).
    pub letter: String,
    /// The header as written in the file.
    pub header: String,
    /// The field it feeds, if any.
    pub field: Option<String>,
    /// That field's French label.
    pub label: Option<String>,
    /// How it was matched: `exact`, `normalized`, `label`, `manual`, `recipe` (added by a value for
    /// every line) or `none`.
    pub matched: String,
    /// Errors in this column, all lines together.
    pub errors: u32,
    /// Warnings in this column, all lines together.
    pub warnings: u32,
    /// Cells of this column with a safe correction.
    pub suggestions: u32,
    /// When the header could name several fields, those fields (the engine does not choose).
    pub candidates: Vec<FieldRef>,
}

/// A field, by name and French label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldRef {
    /// The contract's name (`nom_apprenant`).
    pub name: String,
    /// The French label (`Nom`).
    pub label: String,
}

/// When a field must be filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Presence {
    /// Required by both profiles.
    Required,
    /// Required by the `televersement` profile only.
    RequiredForUpload,
    /// Optional.
    Optional,
    /// Generated from the learner's identity when absent (`id_erp_apprenant`).
    Generated,
}

/// A field the mapping step offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChoice {
    /// The contract's name.
    pub name: String,
    /// The French label.
    pub label: String,
    /// When it must be filled.
    pub presence: Presence,
    /// Whether the open file's profile requires it.
    pub required: bool,
}

/// The summary figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryView {
    /// Non-blank lines.
    pub lines: u32,
    /// Lines without error.
    pub valid: u32,
    /// Lines with at least one error.
    pub invalid: u32,
    /// Errors, all lines together.
    pub errors: u32,
    /// Warnings, all lines together.
    pub warnings: u32,
    /// Lines whose current statut is `APPRENTI`.
    pub apprentis: u32,
    /// … `INSCRIT` (inscrit sans contrat).
    pub inscrits_sans_contrat: u32,
    /// … `RUPTURANT`.
    pub rupturants: u32,
    /// … `ABANDON`.
    pub abandons: u32,
    /// … `FIN_DE_FORMATION`.
    pub fin_de_formation: u32,
    /// Lines with the "no contract" warning.
    pub sans_contrat: u32,
    /// The evaluation day, ISO `AAAA-MM-JJ`.
    pub today: String,
    /// What the Tableau de bord will show once the valid lines are sent.
    pub indicateurs: IndicatorsView,
}

/// The Tableau de bord's indicators (D16, `docs/indicators.md`), computed by the engine
/// (`effectifs_core::indicateurs`) over the valid lines: at the evaluation day, per formation, and at
/// each month end of the school years in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorsView {
    /// The evaluation day, ISO `AAAA-MM-JJ`.
    pub date: String,
    /// The whole file's figures at that day.
    pub figures: Figures,
    /// The formations with at least one effectif counted at that day, in the engine's order (RNCP,
    /// then CFD, absent codes last).
    pub formations: Vec<FormationFigures>,
    /// The figures at the last day of each month, in order (at most 36 months).
    pub months: Vec<MonthFigures>,
    /// The school years of the file span more months than a series holds: `months` are the last ones.
    pub truncated: bool,
    /// Effectifs the Tableau de bord would store: valid lines, one per identity.
    pub effectifs: u32,
}

/// The five figures of the Tableau de bord.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// Every effectif counted but the abandons.
    pub apprenants: u32,
    /// `APPRENTI` and `FIN_DE_FORMATION`.
    pub apprentis: u32,
    /// `INSCRIT` (inscrits sans contrat).
    pub inscrits: u32,
    /// `RUPTURANT`.
    pub rupturants: u32,
    /// `ABANDON`.
    pub abandons: u32,
}

/// One formation's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormationFigures {
    /// `formation_rncp`, if given.
    pub rncp: Option<String>,
    /// `formation_cfd`, if given.
    pub cfd: Option<String>,
    /// The last label given to it in the file, if any.
    pub libelle: Option<String>,
    /// Its figures.
    pub figures: Figures,
}

/// The figures at a month's last day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFigures {
    /// The month's last day, ISO `AAAA-MM-JJ`.
    pub date: String,
    /// The figures at that day.
    pub figures: Figures,
}

/// One spreadsheet line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineView {
    /// The spreadsheet's row number.
    pub line: u32,
    /// The display text of each column's cell; may be shorter than the columns (the rest are
    /// empty).
    pub cells: Cells,
    /// Errors then warnings as the engine lists them (fields in schema order, then the line's).
    pub marks: Vec<Mark>,
    /// Number of errors.
    pub errors: u32,
    /// Number of warnings.
    pub warnings: u32,
    /// The statut, when the formation dates could be read.
    pub statut: Option<StatutView>,
    /// The cells that hold a fix's value rather than the file's.
    pub fixed: Vec<FixedCell>,
}

/// A cell that holds a fix's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixedCell {
    /// The column.
    pub column: u32,
    /// Which kind of fix.
    pub kind: FixKind,
    /// The file's own text (empty for an empty cell or an added column).
    pub before: String,
}

/// Whether a mark blocks the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    /// The line is not sent.
    Error,
    /// The line is sent; the user should know.
    Warning,
}

/// One problem of a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// The column whose cell it concerns; `None` for the whole line, or for a field no column
    /// feeds.
    pub column: Option<u32>,
    /// The field it concerns, if any.
    pub field: Option<String>,
    /// Error or warning.
    pub severity: Severity,
    /// The stable code (`date-inexistante`…).
    pub code: String,
    /// The engine's French message.
    pub message: String,
    /// The engine's French hint (empty when there is none).
    pub hint: String,
    /// The corrected value, where the engine knows the one meaning of the wrong one (D15).
    pub suggestion: Option<String>,
}

/// A statut value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatutKind {
    /// `INSCRIT`.
    Inscrit,
    /// `APPRENTI`.
    Apprenti,
    /// `RUPTURANT`.
    Rupturant,
    /// `ABANDON`.
    Abandon,
    /// `FIN_DE_FORMATION`.
    FinDeFormation,
}

impl StatutKind {
    /// The French label (`Apprenti`, `Inscrit sans contrat`…), the engine's.
    pub fn label(self) -> &'static str {
        self.core().label()
    }

    /// The reference's code (`APPRENTI`…).
    pub fn code(self) -> &'static str {
        self.core().as_str()
    }

    fn core(self) -> effectifs_core::StatutValeur {
        use effectifs_core::StatutValeur as V;
        match self {
            StatutKind::Inscrit => V::Inscrit,
            StatutKind::Apprenti => V::Apprenti,
            StatutKind::Rupturant => V::Rupturant,
            StatutKind::Abandon => V::Abandon,
            StatutKind::FinDeFormation => V::FinDeFormation,
        }
    }

    /// The kind of an engine value.
    pub fn from_core(valeur: effectifs_core::StatutValeur) -> StatutKind {
        use effectifs_core::StatutValeur as V;
        match valeur {
            V::Inscrit => StatutKind::Inscrit,
            V::Apprenti => StatutKind::Apprenti,
            V::Rupturant => StatutKind::Rupturant,
            V::Abandon => StatutKind::Abandon,
            V::FinDeFormation => StatutKind::FinDeFormation,
        }
    }
}

/// A line's statut at the evaluation day, and its timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatutView {
    /// The statut on the evaluation day.
    pub current: StatutKind,
    /// The change points: from `date` (ISO `AAAA-MM-JJ`) on, the statut is `kind`.
    pub timeline: Vec<StatutStep>,
}

/// A change point of a statut timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatutStep {
    /// First day, ISO `AAAA-MM-JJ`.
    pub date: String,
    /// The statut from that day on.
    pub kind: StatutKind,
}

/// The answer to an edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Update {
    /// The new summary.
    pub summary: SummaryView,
    /// Every column with its new counts.
    pub columns: Vec<ColumnView>,
    /// The lines that changed.
    pub lines: Vec<ChangedLine>,
    /// Cells changed by recipes and column actions, now.
    pub fixes: FixCounts,
    /// When given, the lines above come without their cells (an empty [`LineView::cells`]): the page keeps
    /// its own and sets these. A column-wide action on 100 000 lines then carries one cell per line, not 64.
    pub cells: Option<Vec<ChangedCell>>,
}

/// A cell whose text changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedCell {
    /// Index into [`FileView::lines`].
    pub row: u32,
    /// Index into [`FileView::columns`].
    pub column: u32,
    /// Its text now.
    pub text: String,
}

/// A line that changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangedLine {
    /// Index into [`FileView::lines`].
    pub row: u32,
    /// The line as it is now.
    pub view: LineView,
}

/// One valid line, ready to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayloadItem {
    /// The spreadsheet's row number.
    pub line: u32,
    /// The dossier as the API's JSON object (exactly what the CLI sends), serialised.
    pub dossier: String,
}

/// A file's bytes as one serde byte string rather than a sequence of `u8`: postcard writes both
/// the same way (a length, then the bytes), so the wire format is unchanged, but a byte string is
/// copied at once where a sequence costs one serde call per byte — millions for a large
/// workbook, on the page's thread when it sends the file.
mod byte_buffer {
    use std::fmt;

    use serde::de::{Error, SeqAccess, Visitor};
    use serde::{Deserializer, Serializer};

    #[expect(clippy::ptr_arg, reason = "serde's `with` passes the field itself, a `&Vec<u8>`")]
    pub fn serialize<S: Serializer>(bytes: &Vec<u8>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        deserializer.deserialize_byte_buf(Bytes)
    }

    struct Bytes;

    impl<'de> Visitor<'de> for Bytes {
        type Value = Vec<u8>;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("des octets")
        }

        fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
            Ok(bytes.to_vec())
        }

        fn visit_byte_buf<E: Error>(self, bytes: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(bytes)
        }

        // Self-describing formats (JSON in tests, say) may hand bytes as a sequence.
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
            let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 20));
            while let Some(byte) = seq.next_element()? {
                bytes.push(byte);
            }
            Ok(bytes)
        }
    }
}

/// A line's cells as display texts, held as one string and where each cell ends: decoding a line
/// costs two allocations whatever its number of columns, where a `Vec<String>` costs one per
/// non-empty cell (1.3 million cells for 20 000 lines of the official template's 63 columns).
/// Same reading API as the texts' slice: [`Cells::get`], [`Cells::len`], [`Cells::iter`]; the
/// page changes a cell with [`Cells::set`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cells {
    /// Every cell's text, one after the other.
    text: String,
    /// Where each cell ends in `text` (byte offsets, non-decreasing, on character boundaries).
    ends: Vec<u32>,
}

impl Cells {
    /// No cell.
    pub fn new() -> Cells {
        Cells::default()
    }

    /// Room for `cells` cells of `bytes` bytes in all.
    pub fn with_capacity(cells: usize, bytes: usize) -> Cells {
        Cells {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(cells),
        }
    }

    /// The number of cells (the line's columns may be more: the others are empty).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is no cell.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The text of cell `index`, `None` past the last cell.
    pub fn get(&self, index: usize) -> Option<&str> {
        let (start, end) = self.bounds(index)?;
        self.text.get(start..end)
    }

    /// Every cell's text, in column order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + '_ {
        (0..self.len()).map(|index| self.get(index).unwrap_or_default())
    }

    /// Adds a cell after the last one.
    pub fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.ends.push(to_offset(self.text.len()));
    }

    /// Sets the text of cell `index`, adding empty cells before it when the line is shorter.
    pub fn set(&mut self, index: usize, cell: &str) {
        while self.len() <= index {
            self.push("");
        }
        let Some((start, end)) = self.bounds(index) else {
            return;
        };
        self.text.replace_range(start..end, cell);
        let (old, new) = (to_offset(end - start), to_offset(cell.len()));
        for later in &mut self.ends[index..] {
            *later = *later - old + new;
        }
    }

    /// Where cell `index` starts and ends in `text`.
    fn bounds(&self, index: usize) -> Option<(usize, usize)> {
        let end = *self.ends.get(index)? as usize;
        let start = match index.checked_sub(1) {
            Some(previous) => self.ends[previous] as usize,
            None => 0,
        };
        Some((start, end))
    }
}

/// Cells and texts fit in `u32` offsets (a line is far below 4 GB).
fn to_offset(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

impl<S: AsRef<str>> FromIterator<S> for Cells {
    fn from_iter<I: IntoIterator<Item = S>>(cells: I) -> Cells {
        let mut all = Cells::new();
        for cell in cells {
            all.push(cell.as_ref());
        }
        all
    }
}

impl Serialize for Cells {
    /// The text, then each cell's length: lengths are mostly under 128, one byte each in postcard,
    /// where the offsets would take two.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple as _;
        struct Lengths<'a>(&'a [u32]);
        impl Serialize for Lengths<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut start = 0;
                serializer.collect_seq(self.0.iter().map(|&end| {
                    let length = end - start;
                    start = end;
                    length
                }))
            }
        }
        let mut tuple = serializer.serialize_tuple(2)?;
        tuple.serialize_element(&self.text)?;
        tuple.serialize_element(&Lengths(&self.ends))?;
        tuple.end()
    }
}

impl<'de> Deserialize<'de> for Cells {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Cells, D::Error> {
        let (text, mut ends) = <(String, Vec<u32>)>::deserialize(deserializer)?;
        // Lengths to offsets. A message from elsewhere must not make `get` slice out of bounds or
        // inside a character.
        let mut end: u32 = 0;
        for slot in &mut ends {
            end = end
                .checked_add(*slot)
                .filter(|&end| text.is_char_boundary(end as usize))
                .ok_or_else(|| serde::de::Error::custom("cellules mal délimitées"))?;
            *slot = end;
        }
        if end as usize != text.len() {
            return Err(serde::de::Error::custom("cellules mal délimitées"));
        }
        Ok(Cells { text, ends })
    }
}
