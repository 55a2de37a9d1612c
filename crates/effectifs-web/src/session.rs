//! The worker's state: the file's table and report, edits, statuts at a date, exports.
//!
//! Plain Rust, no browser API: the worker feeds it [`Request`]s through [`Engine::handle`] and posts
//! the [`Response`]s; the tests drive it natively. Every check is the engine's (`effectifs-core`
//! validates, `effectifs-sheet` reads and writes workbooks): this module only keeps the state and
//! turns it into the protocol's views. Every message meant for the user is French.

use std::collections::HashMap;

use effectifs_core::diagnostic::Diagnostic;
use effectifs_core::field::Presence as FieldPresence;
use effectifs_core::indicateurs::{Compteurs, Effectifs, Indicateurs, Periode};
use effectifs_core::table::column_letter;
use effectifs_core::validate::{self, ColumnMap, DuplicateIndex};
use effectifs_core::{Cell, Date, Field, LineReport, Profile, Report, Row, Severity, StatutValeur, Table};
use effectifs_sheet::{FileInfo, ReadOptions};

use crate::protocol::{
    Cells, ChangedLine, ColumnView, ExportKind, FieldChoice, FieldRef, Figures, FileInfoView, FileView,
    FormationFigures, IndicatorsView, LineView, Mark, MonthFigures, PayloadItem, Presence, Request, Response,
    Severity as MarkSeverity, Stage, StatutKind, StatutStep, StatutView, SummaryView, Update,
};

/// Lines validated between two progress reports: small enough for a smooth bar, large enough that
/// posting messages costs nothing next to validating.
pub const CHUNK: usize = 2000;

/// The MIME type of the workbooks the exports write.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Reports validation progress: lines done, lines in all, stage.
pub type Progress<'a> = &'a mut dyn FnMut(u32, u32, Stage);

/// The outcome of [`WorkerSession::open`].
#[derive(Debug)]
pub enum Opening {
    /// The file is open and validated.
    Ready(Box<WorkerSession>, Box<FileView>),
    /// Several sheets of the workbook hold learners and none was chosen: the candidates, in
    /// workbook order.
    ChooseSheet(Vec<String>),
}

/// An open file: the table as the user now has it (with edits), its mapping and its report.
#[derive(Debug)]
pub struct WorkerSession {
    info: FileInfo,
    read_warnings: Vec<String>,
    header_key: String,
    table: Table,
    /// The cells as read, of the cells the user edited: typing a cell's original text back restores
    /// the original cell (a date stays a date cell), so undo is exact.
    originals: HashMap<(usize, usize), Cell>,
    profile: Profile,
    columns: ColumnMap,
    report: Report,
    /// The lines' duplicate keys, for edits (see [`DuplicateIndex`]).
    duplicates: Option<DuplicateIndex>,
    /// The columns the file has (a value for every line may add some after them).
    file_columns: usize,
    /// The column-wide fixes applied (D15).
    fixes: fix::Fixes,
}

impl WorkerSession {
    /// Reads `bytes` (a file named `name`) and validates it. `sheet`: the sheet chosen by the user,
    /// `None` to let the engine choose (see [`Opening::ChooseSheet`] and
    /// [`effectifs_sheet::FileInfo::sheet_choice`]: only visible sheets count). `mapping`: a column
    /// mapping to apply (as [`Table::apply_mapping`]), ignored when it does not have one entry per
    /// column.
    /// The error is the French message of a file that cannot be read.
    pub fn open(
        bytes: &[u8],
        name: &str,
        sheet: Option<&str>,
        profile: Profile,
        today: Date,
        mapping: Option<&[Option<Field>]>,
        progress: Progress<'_>,
    ) -> Result<Opening, String> {
        progress(0, 0, Stage::Reading);
        let options = ReadOptions {
            sheet: sheet.map(str::to_owned),
            ..ReadOptions::default()
        };
        let read = effectifs_sheet::read(bytes, name, &options).map_err(|error| error.to_string())?;
        // With no sheet requested, the reader looked at the header of every visible sheet.
        if read.info.sheet_choice.len() > 1 {
            return Ok(Opening::ChooseSheet(read.info.sheet_choice));
        }
        let header_key = header_row_key(&read.table);
        let mut table = read.table;
        let file_columns = table.columns.len();
        if let Some(mapping) = mapping.filter(|mapping| mapping.len() == table.columns.len()) {
            table.apply_mapping(mapping);
        }
        let (columns, report) = validate_all(&table, profile, today, progress);
        let session = WorkerSession {
            info: read.info,
            read_warnings: read.warnings.iter().map(ToString::to_string).collect(),
            header_key,
            table,
            originals: HashMap::new(),
            profile,
            columns,
            report,
            duplicates: None,
            file_columns,
            fixes: fix::Fixes::default(),
        };
        let view = session.view();
        Ok(Opening::Ready(Box::new(session), Box::new(view)))
    }

    /// The whole view of the file, as [`Response::Opened`] carries it.
    pub fn view(&self) -> FileView {
        let info = &self.info;
        FileView {
            file: FileInfoView {
                name: info.name.clone(),
                format: info.format.as_str().to_owned(),
                sheet: info.sheet.clone(),
                sheets: info.sheets.clone(),
                encoding: info.encoding.clone(),
                delimiter: info.delimiter.map(String::from),
                header_line: info.header_line,
            },
            header_key: self.header_key.clone(),
            profile: self.profile.as_str().to_owned(),
            columns: self.column_views(),
            missing_columns: self.report.missing_columns.iter().copied().map(field_ref).collect(),
            duplicate_columns: self.report.duplicate_columns.iter().copied().map(field_ref).collect(),
            read_warnings: self.read_warnings.clone(),
            fields: fields(self.profile),
            summary: summary_view(&self.report),
            fixes: self.fix_counts(),
            recipe: self.recipe_json(),
            lines: (0..self.report.lines.len()).map(|row| self.line_view(row)).collect(),
        }
    }

    /// The table as it now is (with the user's edits).
    pub fn table(&self) -> &Table {
        &self.table
    }

    /// The current report.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// Builds what edits need (the duplicate index) ahead of the first edit, which otherwise pays for
    /// it (about a tenth of the validation time). Meant for idle time, after the view was posted.
    pub fn prepare_edits(&mut self) {
        if self.duplicates.is_none() {
            self.duplicates = Some(DuplicateIndex::new(&self.report.lines));
        }
    }

    /// Sets the text of one cell (`row` into the lines, `column` into the columns) and
    /// revalidates: the line itself, then the duplicate warnings across the file. The answer holds
    /// the edited line and every line whose duplicate warning changed. Typing back a cell's original
    /// text restores the cell as it was read. The error is a French message (nothing changed).
    pub fn edit(&mut self, row: usize, column: usize, text: &str) -> Result<Update, String> {
        if column >= self.table.columns.len() {
            return Err(format!("La colonne n° {} n'existe pas dans ce fichier.", column + 1));
        }
        let Some(cells) = self.table.rows.get_mut(row).map(|row| &mut row.cells) else {
            return Err(format!("La ligne n° {} n'existe pas dans ce fichier.", row + 1));
        };
        if cells.len() <= column {
            cells.resize(column + 1, Cell::Empty);
        }
        let original = self.originals.get(&(row, column)).unwrap_or(&cells[column]).clone();
        let cell = if text == original.display() {
            original.clone()
        } else if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text.into())
        };
        if cell == original {
            self.originals.remove(&(row, column));
        } else {
            self.originals.entry((row, column)).or_insert(original);
        }
        cells[column] = cell;
        // Built at the first edit, not at open: a file that is only looked at never pays for it.
        let duplicates = self
            .duplicates
            .get_or_insert_with(|| DuplicateIndex::new(&self.report.lines));
        self.report.lines[row] =
            validate::validate_row(&self.table.rows[row], &self.columns, self.profile, self.report.today);
        let mut changed = duplicates.refresh_after_edit(&mut self.report.lines, row);
        if let Err(position) = changed.binary_search(&row) {
            changed.insert(position, row);
        }
        Ok(Update {
            summary: summary_view(&self.report),
            columns: self.column_views(),
            lines: changed
                .into_iter()
                .map(|row| ChangedLine {
                    row: to_u32(row),
                    view: self.line_view(row),
                })
                .collect(),
            fixes: self.fix_counts(),
            cells: None,
        })
    }

    /// Changes the column mapping (one choice per column index, see [`Table::apply_mapping`]) and
    /// revalidates every line.
    pub fn remap(&mut self, mapping: &[Option<Field>], progress: Progress<'_>) -> FileView {
        self.table.apply_mapping(mapping);
        let (columns, report) = validate_all(&self.table, self.profile, self.report.today, progress);
        self.columns = columns;
        self.report = report;
        self.duplicates = None;
        self.settle_fixes();
        self.view()
    }

    /// Recomputes every statut at another evaluation day: the summary, and each row's statut.
    pub fn set_today(&mut self, today: Date) -> (SummaryView, Vec<Option<StatutView>>) {
        self.report.set_today(today);
        let statuts = self
            .report
            .lines
            .iter()
            .map(|line| line.statut.as_ref().map(statut_view))
            .collect();
        (summary_view(&self.report), statuts)
    }

    /// A download: its file name, MIME type and bytes. The error is a French message.
    pub fn export(&self, kind: ExportKind) -> Result<(String, String, Vec<u8>), String> {
        let stem = file_stem(&self.info.name);
        let (file_name, written) = match kind {
            ExportKind::Annotated => (
                format!("{stem}-annote.xlsx"),
                effectifs_sheet::export::annotated_with_fixes(
                    &self.table,
                    &self.report,
                    self.info.header_line,
                    &self.held_fixes(),
                ),
            ),
            ExportKind::Corrected => (
                format!("{stem}-corrige.xlsx"),
                effectifs_sheet::export::corrected(&self.table, &self.report),
            ),
            ExportKind::Template => ("modele-effectifs.xlsx".to_owned(), effectifs_sheet::template()),
        };
        let bytes = written.map_err(|error| {
            format!("Le fichier « {file_name} » n'a pas pu être créé. (Détail technique : {error})")
        })?;
        Ok((file_name, XLSX_MIME.to_owned(), bytes))
    }

    /// The valid lines' dossiers, exactly as the CLI sends them (`effectifs_send::items`).
    pub fn payloads(&self) -> Vec<PayloadItem> {
        effectifs_send::items(&self.report)
            .into_iter()
            .map(|item| PayloadItem {
                line: item.line,
                // A map of plain JSON values always serialises.
                dossier: serde_json::to_string(&item.dossier).unwrap_or_default(),
            })
            .collect()
    }

    /// One row's view without its cells (an answer that sends the changed cells apart).
    fn line_view_without_cells(&self, row: usize) -> LineView {
        line_view(&self.report.lines[row], Cells::new(), &self.columns)
    }

    /// One row's view.
    fn line_view(&self, row: usize) -> LineView {
        let line = &self.report.lines[row];
        let cells = self
            .table
            .rows
            .get(row)
            .map(|row| row.cells.iter().map(Cell::shown).collect())
            .unwrap_or_default();
        let mut view = line_view(line, cells, &self.columns);
        view.fixed = self.fixed_cells(row);
        view
    }

    /// Every column, with its error and warning counts.
    fn column_views(&self) -> Vec<ColumnView> {
        // Per column: errors, warnings, cells with a safe correction.
        let mut counts = vec![(0u32, 0u32, 0u32); self.table.columns.len()];
        for line in &self.report.lines {
            for diagnostic in &line.diagnostics {
                if let Some(count) = diagnostic
                    .field
                    .and_then(|field| self.columns.column(field))
                    .and_then(|column| counts.get_mut(column))
                {
                    match diagnostic.severity() {
                        Severity::Error => count.0 += 1,
                        Severity::Warning => count.1 += 1,
                    }
                    if diagnostic.suggestion.is_some() {
                        count.2 += 1;
                    }
                }
            }
        }
        self.table
            .columns
            .iter()
            .zip(counts)
            .enumerate()
            .map(|(index, (column, (errors, warnings, suggestions)))| ColumnView {
                letter: column_letter(index),
                header: column.header.clone(),
                field: column.field.map(|field| field.name().to_owned()),
                label: column.field.map(|field| field.label().to_owned()),
                matched: column.matched.as_str().to_owned(),
                errors,
                warnings,
                suggestions,
                // A header two fields could fit (a bare `UAI`) is matched to neither: the mapping step offers
                // the engine's candidates instead of a guess.
                candidates: if column.field.is_none() {
                    effectifs_core::columns::candidates(&column.header)
                        .into_iter()
                        .map(field_ref)
                        .collect()
                } else {
                    Vec::new()
                },
            })
            .collect()
    }
}

/// The worker's whole state: at most one open file. The worker hands every request to
/// [`Engine::handle`] and posts what it gets.
#[derive(Debug, Default)]
pub struct Engine {
    session: Option<WorkerSession>,
}

impl Engine {
    /// An engine with no file open.
    pub fn new() -> Engine {
        Engine::default()
    }

    /// The open file, if any.
    pub fn session(&self) -> Option<&WorkerSession> {
        self.session.as_ref()
    }

    /// Work worth doing once an answer is posted, while the user reads it: after `Open` and `Remap`,
    /// prepares the first edit ([`WorkerSession::prepare_edits`]). Cheap when there is nothing to do.
    pub fn idle(&mut self) {
        if let Some(session) = self.session.as_mut() {
            session.prepare_edits();
        }
    }

    /// Answers one request. `post` receives the messages sent before the answer (progress).
    pub fn handle(&mut self, request: Request, post: &mut dyn FnMut(Response)) -> Response {
        let mut progress = |done: u32, total: u32, stage: Stage| post(Response::Progress { done, total, stage });
        match request {
            Request::Open {
                bytes,
                name,
                sheet,
                profile,
                today,
                mapping,
            } => {
                let parsed = parse_profile(&profile).and_then(|profile| {
                    let today = parse_today(&today)?;
                    // A remembered mapping that no longer fits is dropped, never a reason not to open.
                    let mapping = mapping.as_deref().and_then(|mapping| parse_mapping(mapping).ok());
                    Ok((profile, today, mapping))
                });
                let (profile, today, mapping) = match parsed {
                    Ok(parsed) => parsed,
                    Err(message) => return Response::Refused { message },
                };
                match WorkerSession::open(
                    &bytes,
                    &name,
                    sheet.as_deref(),
                    profile,
                    today,
                    mapping.as_deref(),
                    &mut progress,
                ) {
                    Ok(Opening::Ready(session, view)) => {
                        self.session = Some(*session);
                        Response::Opened(view)
                    }
                    Ok(Opening::ChooseSheet(sheets)) => Response::ChooseSheet { sheets },
                    Err(message) => Response::Failed { message },
                }
            }
            Request::Remap { mapping } => {
                let Some(session) = self.session.as_mut() else {
                    return no_file();
                };
                match parse_mapping(&mapping) {
                    Ok(mapping) => Response::Opened(Box::new(session.remap(&mapping, &mut progress))),
                    Err(message) => Response::Refused { message },
                }
            }
            Request::Edit { row, column, text } => {
                let Some(session) = self.session.as_mut() else {
                    return no_file();
                };
                match session.edit(to_usize(row), to_usize(column), &text) {
                    Ok(update) => Response::Updated(Box::new(update)),
                    Err(message) => Response::Refused { message },
                }
            }
            Request::SetToday { today } => {
                let Some(session) = self.session.as_mut() else {
                    return no_file();
                };
                match parse_today(&today) {
                    Ok(today) => {
                        let (summary, statuts) = session.set_today(today);
                        Response::Statuts { summary, statuts }
                    }
                    Err(message) => Response::Refused { message },
                }
            }
            Request::Export { kind } => {
                let exported = match (&self.session, kind) {
                    (Some(session), kind) => session.export(kind),
                    // The blank template needs no file.
                    (None, ExportKind::Template) => effectifs_sheet::template()
                        .map(|bytes| ("modele-effectifs.xlsx".to_owned(), XLSX_MIME.to_owned(), bytes))
                        .map_err(|error| format!("Le modèle n'a pas pu être créé. (Détail technique : {error})")),
                    (None, _) => return no_file(),
                };
                match exported {
                    Ok((file_name, mime, bytes)) => Response::Exported { file_name, mime, bytes },
                    Err(message) => Response::Refused { message },
                }
            }
            Request::Payloads => match &self.session {
                Some(session) => Response::Payloads {
                    items: session.payloads(),
                },
                None => no_file(),
            },
            Request::Fix(_)
            | Request::UndoFix
            | Request::CheckValue { .. }
            | Request::CountReplace { .. }
            | Request::Suggestions { .. } => self.handle_fix(request),
        }
    }

    /// Answers the requests about the column-wide fixes (D15).
    fn handle_fix(&mut self, request: Request) -> Response {
        let Some(session) = self.session.as_mut() else {
            return no_file();
        };
        match request {
            Request::Fix(fix) => match session.fix(fix) {
                Ok(fixed) => Response::Fixed(Box::new(fixed)),
                Err(error) => error.response(),
            },
            Request::UndoFix => match session.undo_fix() {
                Ok(fixed) => Response::Fixed(Box::new(fixed)),
                Err(message) => Response::Refused { message },
            },
            Request::CheckValue { field, text } => match session.check_value(&field, &text) {
                Ok(marks) => Response::ValueChecked { field, text, marks },
                Err(message) => Response::Refused { message },
            },
            Request::CountReplace { column, from } => match session.count_replace(column, &from) {
                Ok(count) => Response::ReplaceCount { column, from, count },
                Err(message) => Response::Refused { message },
            },
            Request::Suggestions { column } => match session.suggestions(column) {
                Ok(items) => Response::Suggestions { column, items },
                Err(message) => Response::Refused { message },
            },
            // The other requests are answered by `handle`.
            _ => Response::Refused {
                message: "Demande inattendue.".to_owned(),
            },
        }
    }
}

fn no_file() -> Response {
    Response::Refused {
        message: "Aucun fichier n'est ouvert : déposez d'abord un fichier d'effectifs.".to_owned(),
    }
}

/// Every field, for the mapping step, with whether `profile` requires it.
pub fn fields(profile: Profile) -> Vec<FieldChoice> {
    Field::ALL
        .iter()
        .map(|field| FieldChoice {
            name: field.name().to_owned(),
            label: field.label().to_owned(),
            presence: match field.spec().presence {
                FieldPresence::Required => Presence::Required,
                FieldPresence::RequiredForUpload => Presence::RequiredForUpload,
                FieldPresence::Optional => Presence::Optional,
                FieldPresence::Generated => Presence::Generated,
            },
            required: profile.requires(*field),
        })
        .collect()
}

/// The profile named as the CLI's `--profile`.
pub fn parse_profile(name: &str) -> Result<Profile, String> {
    Profile::from_name(name).ok_or_else(|| {
        format!("Profil de validation inconnu « {name} » : valeurs possibles « televersement » ou « api ».")
    })
}

/// An evaluation day, `AAAA-MM-JJ`.
pub fn parse_today(text: &str) -> Result<Date, String> {
    Date::parse_iso(text)
        .ok_or_else(|| format!("Date d'évaluation invalide (« {text} ») : une date AAAA-MM-JJ est attendue."))
}

/// A mapping by field names (`None` = ignore the column).
pub fn parse_mapping(mapping: &[Option<String>]) -> Result<Vec<Option<Field>>, String> {
    mapping
        .iter()
        .enumerate()
        .map(|(index, name)| match name.as_deref() {
            None | Some("") => Ok(None),
            Some(name) => Field::from_name(name).map(Some).ok_or_else(|| {
                format!(
                    "Colonne {} : « {name} » n'est pas un champ connu ; choisissez un champ de la liste ou « ignorer ».",
                    column_letter(index)
                )
            }),
        })
        .collect()
}

/// Validates every row, reporting progress after each [`CHUNK`] of lines.
fn validate_all(table: &Table, profile: Profile, today: Date, progress: Progress<'_>) -> (ColumnMap, Report) {
    let columns = ColumnMap::new(table);
    let total = to_u32(table.rows.len());
    let mut lines = Vec::with_capacity(table.rows.len());
    progress(0, total, Stage::Validating);
    for chunk in table.rows.chunks(CHUNK) {
        lines.extend(
            chunk
                .iter()
                .map(|row: &Row| validate::validate_row(row, &columns, profile, today)),
        );
        progress(to_u32(lines.len()), total, Stage::Validating);
    }
    let report = validate::finish(table, &columns, profile, today, lines);
    (columns, report)
}

/// A stable key of the header row: FNV-1a (64 bits) over the headers as written, in order. Two
/// files with the same headers get the same key, whatever their data.
pub fn header_row_key(table: &Table) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for column in &table.columns {
        // A separator no header can hold keeps ["ab", "c"] apart from ["a", "bc"].
        for byte in column.header.bytes().chain([0x1f]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:016x}-{}", table.columns.len())
}

fn field_ref(field: Field) -> FieldRef {
    FieldRef {
        name: field.name().to_owned(),
        label: field.label().to_owned(),
    }
}

fn summary_view(report: &Report) -> SummaryView {
    // Gathered once for the summary and the monthly series.
    let effectifs = Effectifs::new(&report.lines);
    let summary = report.summary_of(&effectifs);
    let statut = |valeur: StatutValeur| {
        summary
            .statuts
            .iter()
            .find(|(candidate, _)| *candidate == valeur)
            .map_or(0, |(_, count)| to_u32(*count))
    };
    SummaryView {
        lines: to_u32(summary.lines),
        valid: to_u32(summary.valid),
        invalid: to_u32(summary.invalid),
        errors: to_u32(summary.errors),
        warnings: to_u32(summary.warnings),
        apprentis: statut(StatutValeur::Apprenti),
        inscrits_sans_contrat: statut(StatutValeur::Inscrit),
        rupturants: statut(StatutValeur::Rupturant),
        abandons: statut(StatutValeur::Abandon),
        fin_de_formation: statut(StatutValeur::FinDeFormation),
        sans_contrat: to_u32(summary.sans_contrat),
        today: report.today.to_iso(),
        indicateurs: indicators_view(&effectifs, &summary.indicateurs),
    }
}

/// The indicators at the evaluation day (`at`, the summary's) and the month-end series of the school
/// years of the file, as `effectifs indicateurs` gives them without `--du` or `--au`.
fn indicators_view(effectifs: &Effectifs<'_>, at: &Indicateurs) -> IndicatorsView {
    // Without bounds the engine never refuses a period (it cuts it to the last months).
    let periode = effectifs.mois(None, None).unwrap_or(Periode {
        mois: Vec::new(),
        tronquee: false,
    });
    IndicatorsView {
        date: at.date.to_iso(),
        figures: figures(&at.compteurs),
        formations: at
            .par_formation
            .iter()
            .map(|formation| FormationFigures {
                rncp: formation.formation.rncp.as_deref().map(str::to_owned),
                cfd: formation.formation.cfd.as_deref().map(str::to_owned),
                libelle: formation.formation.libelle.as_deref().map(str::to_owned),
                figures: figures(&formation.compteurs),
            })
            .collect(),
        months: effectifs
            .serie(&periode.mois)
            .iter()
            .map(|point| MonthFigures {
                date: point.date.to_iso(),
                figures: figures(&point.compteurs),
            })
            .collect(),
        truncated: periode.tronquee,
        effectifs: to_u32(effectifs.len()),
    }
}

fn figures(compteurs: &Compteurs) -> Figures {
    Figures {
        apprenants: to_u32(compteurs.apprenants()),
        apprentis: to_u32(compteurs.apprentis()),
        inscrits: to_u32(compteurs.inscrits()),
        rupturants: to_u32(compteurs.rupturants()),
        abandons: to_u32(compteurs.abandons()),
    }
}

fn line_view(line: &LineReport, cells: Cells, columns: &ColumnMap) -> LineView {
    LineView {
        line: line.line,
        cells,
        marks: line
            .diagnostics
            .iter()
            .map(|diagnostic| mark(diagnostic, columns))
            .collect(),
        errors: to_u32(line.errors().count()),
        warnings: to_u32(line.warnings().count()),
        statut: line.statut.as_ref().map(statut_view),
        fixed: Vec::new(),
    }
}

fn mark(diagnostic: &Diagnostic, columns: &ColumnMap) -> Mark {
    Mark {
        column: diagnostic.field.and_then(|field| columns.column(field)).map(to_u32),
        field: diagnostic.field.map(|field| field.name().to_owned()),
        severity: match diagnostic.severity() {
            Severity::Error => MarkSeverity::Error,
            Severity::Warning => MarkSeverity::Warning,
        },
        code: diagnostic.code().to_owned(),
        message: diagnostic.message(),
        hint: diagnostic.hint().unwrap_or_default(),
        suggestion: diagnostic.suggestion.as_ref().map(ToString::to_string),
    }
}

fn statut_view(statut: &effectifs_core::Statut) -> StatutView {
    StatutView {
        current: StatutKind::from_core(statut.en_cours),
        timeline: statut
            .parcours
            .iter()
            .map(|etape| StatutStep {
                date: etape.date.to_iso(),
                kind: StatutKind::from_core(etape.valeur),
            })
            .collect(),
    }
}

/// The file name without its extension (`Export CFA.xlsx` → `Export CFA`).
fn file_stem(name: &str) -> &str {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ if base.is_empty() => "effectifs",
        _ => base,
    }
}

/// Counts and indices fit in `u32` (the reader limits lines and columns far below).
fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

fn to_usize(value: u32) -> usize {
    usize::try_from(value).unwrap_or(usize::MAX)
}

mod fix;
#[cfg(test)]
mod fix_tests;
#[cfg(test)]
mod indicators_tests;
#[cfg(test)]
mod tests;
#[cfg(all(test, target_arch = "wasm32"))]
mod wasm_tests;
