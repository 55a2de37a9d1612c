//! Writing a checked file back as a workbook: the annotated copy (every problem marked where it is)
//! and the corrected data (the current cells, ready to upload again).
//!
//! Both are built in memory with `rust_xlsxwriter` (`save_to_buffer`), so they work the same in the
//! CLI and in the browser's worker (the crate's `wasm` feature is on for `wasm32`, see Cargo.toml).
//! Nothing here judges a value: the marks, messages and hints are the engine's diagnostics.
//!
//! The annotated sheet keeps the spreadsheet's geometry: the header is on its own line and each
//! learner on the line it had in the file, so "ligne 12" in a message is row 12 in Excel; the
//! columns keep their letters, and the verdict ("État") is added after the last one.

use effectifs_core::diagnostic::{Diagnostic, Severity};
use effectifs_core::field::{Field, ValueType};
use effectifs_core::french::plural;
use effectifs_core::indicateurs::{Compteurs, SERIE_MAX_MOIS};
use effectifs_core::table::column_letter;
use effectifs_core::validate::ColumnMap;
use std::collections::HashMap;

use effectifs_core::recipe::Fix;
use effectifs_core::{Cell, Effectifs, LineReport, Report, Table};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet, XlsxError};

/// Name of the annotated copy's first sheet.
pub const DATA_SHEET: &str = "Effectifs";
/// Name of the annotated copy's list of problems.
pub const ERRORS_SHEET: &str = "Erreurs";
/// Header of the verdict column added after the file's columns.
pub const STATE_HEADER: &str = "État";
/// Headers of the "Erreurs" sheet.
pub const ERRORS_HEADERS: [&str; 7] = ["Ligne", "Colonne", "Champ", "Gravité", "Code", "Message", "Conseil"];
/// Name of the annotated copy's month-by-month indicators (D16, `docs/indicators.md`).
pub const INDICATORS_SHEET: &str = "Indicateurs";
/// Headers of the monthly table of the "Indicateurs" sheet.
pub const INDICATORS_HEADERS: [&str; 6] = [
    "Fin de mois",
    "Apprenants",
    "Apprentis",
    "Inscrits sans contrat",
    "Rupturants",
    "Abandons",
];
/// Text put before the value of a cell with an error, so that colour is not the only cue.
pub const ERROR_MARKER: &str = "✖";
/// Text put before the value of a cell with a warning.
pub const WARNING_MARKER: &str = "⚠";

/// Light red: cells with an error.
const ERROR_FILL: u32 = 0x00FF_C7CE;
/// Its dark red text.
const ERROR_FONT: u32 = 0x009C_0006;
/// Light orange: cells with a warning only.
const WARNING_FILL: u32 = 0x00FF_E0B2;
/// Its dark orange text.
const WARNING_FONT: u32 = 0x0084_3C0C;
/// Light green: the verdict of a valid line.
const VALID_FILL: u32 = 0x00C6_EFCE;
/// Light blue: cells a recipe or a column-wide action changed (D15), not the file's own value.
const FIXED_FILL: u32 = 0x00DD_EBF7;
/// Its dark blue text.
const FIXED_FONT: u32 = 0x001F_4E79;
/// Header fill.
const HEADER_FILL: u32 = 0x00D9_E1F2;
/// Date cells, as the template writes them.
const DATE_NUM_FORMAT: &str = "dd/mm/yyyy";
/// Column width of the data columns, in characters.
const DATA_WIDTH: f64 = 18.0;
/// The author shown on the notes.
const NOTE_AUTHOR: &str = "effectifs";

/// The formats, built once per workbook.
struct Formats {
    header: Format,
    date: Format,
    error: Format,
    warning: Format,
    valid: Format,
    fixed: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Formats {
        let marked = |fill: u32, font: u32| {
            Format::new()
                .set_background_color(Color::RGB(fill))
                .set_font_color(Color::RGB(font))
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(font))
        };
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(HEADER_FILL))
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0x00BF_BFBF)),
            date: Format::new()
                .set_num_format(DATE_NUM_FORMAT)
                .set_align(FormatAlign::Left),
            error: marked(ERROR_FILL, ERROR_FONT).set_bold(),
            warning: marked(WARNING_FILL, WARNING_FONT),
            valid: Format::new().set_background_color(Color::RGB(VALID_FILL)),
            fixed: marked(FIXED_FILL, FIXED_FONT).set_italic(),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

/// The annotated copy of a checked file: the sheet "Effectifs" with the file's header on its own
/// line (`header_line`) and every learner on its spreadsheet line, each cell a diagnostic concerns
/// filled (red for an error, orange for a warning), its value preceded by [`ERROR_MARKER`] or
/// [`WARNING_MARKER`] and carrying the French message and hint as a note; an "État" column after
/// the last one (`valide`, `2 erreurs`…, with the line's own diagnostics as a note); and the sheet
/// "Erreurs" listing every diagnostic (ligne, colonne, champ, gravité, code, message, conseil); and
/// the sheet "Indicateurs": what the Tableau de bord will show at each month end once the valid lines
/// are sent, then per formation at the evaluation day (D16).
///
/// `report` must be the validation of `table` (same rows, in order).
pub fn annotated(table: &Table, report: &Report, header_line: u32) -> Result<Vec<u8>, XlsxError> {
    annotated_with_fixes(table, report, header_line, &[])
}

/// [`annotated`], with the cells a recipe or a column-wide action changed (D15, one [`Fix`] per
/// cell: [`effectifs_core::Changes::cells`]) shown apart from the file's own values: a cell
/// without diagnostic is filled in blue and italic, and every fixed cell carries the note
/// « corrigé : « avant » → « après » » (before the diagnostics' note, if any).
pub fn annotated_with_fixes(
    table: &Table,
    report: &Report,
    header_line: u32,
    fixes: &[Fix],
) -> Result<Vec<u8>, XlsxError> {
    let by_cell: HashMap<(usize, usize), &Fix> = fixes.iter().map(|fix| ((fix.row, fix.column), fix)).collect();
    let formats = Formats::new();
    let columns = ColumnMap::new(table);
    let mut workbook = Workbook::new();
    let data = workbook.add_worksheet();
    data.set_name(DATA_SHEET)?;
    let state_column = col(table.columns.len())?;
    let header_row = header_line.saturating_sub(1);
    for (index, column) in table.columns.iter().enumerate() {
        data.write_string_with_format(header_row, col(index)?, &column.header, &formats.header)?;
    }
    data.write_string_with_format(header_row, state_column, STATE_HEADER, &formats.header)?;
    data.set_column_range_width(0, state_column.saturating_sub(1), DATA_WIDTH)?;
    data.set_column_width(state_column, DATA_WIDTH)?;
    data.set_freeze_panes(header_row + 1, 0)?;

    for (index, line) in report.lines.iter().enumerate() {
        let row = line.line.saturating_sub(1);
        let cells = table
            .rows
            .get(index)
            .filter(|candidate| candidate.line == line.line)
            .map_or(&[][..], |candidate| candidate.cells.as_slice());
        // Diagnostics per column, and those shown on the verdict (the line's, or a field without column).
        let mut on_column: Vec<Vec<&Diagnostic>> = vec![Vec::new(); table.columns.len()];
        let mut on_line = Vec::new();
        for diagnostic in &line.diagnostics {
            match diagnostic.field.and_then(|field| columns.column(field)) {
                Some(column) => on_column[column].push(diagnostic),
                None => on_line.push(diagnostic),
            }
        }
        let line_index = index;
        for (index, diagnostics) in on_column.iter().enumerate() {
            let cell = cells.get(index).unwrap_or(&Cell::Empty);
            let column = col(index)?;
            let fix = by_cell.get(&(line_index, index));
            if diagnostics.is_empty() {
                match fix {
                    Some(fix) => {
                        // A recipe's value is text (`after` is what was checked).
                        data.write_string_with_format(row, column, cell.display(), &formats.fixed)?;
                        data.insert_note(row, column, &note_of(fix.note()))?;
                    }
                    None => write_cell(data, row, column, cell, &formats)?,
                }
                continue;
            }
            let error = diagnostics.iter().any(|d| d.severity() == Severity::Error);
            let (marker, format) = if error {
                (ERROR_MARKER, &formats.error)
            } else {
                (WARNING_MARKER, &formats.warning)
            };
            let value = cell.display();
            let text = if value.is_empty() {
                marker.to_owned()
            } else {
                format!("{marker} {value}")
            };
            data.write_string_with_format(row, column, &text, format)?;
            let text = match fix {
                Some(fix) => format!("{}\n\n{}", fix.note(), note_text(diagnostics)),
                None => note_text(diagnostics),
            };
            data.insert_note(row, column, &note_of(text))?;
        }
        let (verdict, format) = verdict(line);
        let format = match format {
            Some(Severity::Error) => &formats.error,
            Some(Severity::Warning) => &formats.warning,
            None => &formats.valid,
        };
        data.write_string_with_format(row, state_column, &verdict, format)?;
        if !on_line.is_empty() {
            data.insert_note(row, state_column, &note(&on_line))?;
        }
    }
    let last_row = report
        .lines
        .last()
        .map_or(header_row, |line| line.line.saturating_sub(1));
    data.autofilter(header_row, 0, last_row.max(header_row), state_column)?;

    write_errors_sheet(workbook.add_worksheet(), table, report, &columns, &formats)?;
    write_indicators_sheet(workbook.add_worksheet(), report, &formats)?;
    workbook.save_to_buffer()
}

/// The corrected data: the sheet "Effectifs" with the file's headers on line 1 and every line of
/// `table` below, in order, with its current cells: what the user fixed in the app, ready to upload
/// again. Numbers stay numbers and text stays text (`01000` keeps its zero), except in the column
/// that feeds a date field, where a text the engine read as a date (`report`, the validation of
/// `table`) becomes a real date cell: the official upload page reads date cells whatever their
/// display, but only two spellings of a date typed as text.
pub fn corrected(table: &Table, report: &Report) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let columns = ColumnMap::new(table);
    // Per column, the date field it feeds (the column whose value the dossier holds).
    let date_fields: Vec<Option<Field>> = (0..table.columns.len())
        .map(|index| {
            table.columns[index]
                .field
                .filter(|field| field.spec().value_type == ValueType::Date && columns.column(*field) == Some(index))
        })
        .collect();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(DATA_SHEET)?;
    for (index, column) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(0, col(index)?, &column.header, &formats.header)?;
    }
    if !table.columns.is_empty() {
        sheet.set_column_range_width(0, col(table.columns.len() - 1)?, DATA_WIDTH)?;
    }
    for ((row, line), index) in (1u32..).zip(&table.rows).zip(0..) {
        let dossier = report
            .lines
            .get(index)
            .filter(|report| report.line == line.line)
            .map(|report| &report.dossier);
        for (column, cell) in line.cells.iter().enumerate() {
            let date = match (cell, date_fields.get(column).copied().flatten(), dossier) {
                (Cell::Text(_), Some(field), Some(dossier)) => dossier.date(field),
                _ => None,
            };
            match date {
                Some(date) => {
                    sheet.write_number_with_format(row, col(column)?, date.to_excel_serial(), &formats.date)?;
                }
                None => write_cell(sheet, row, col(column)?, cell, &formats)?,
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

/// The verdict of a line (`valide`, `valide, 1 avertissement`, `2 erreurs`) and its worst severity.
pub fn verdict(line: &LineReport) -> (String, Option<Severity>) {
    let errors = line.errors().count();
    let warnings = line.warnings().count();
    if errors > 0 {
        (plural(errors, "erreur", "erreurs"), Some(Severity::Error))
    } else if warnings > 0 {
        (
            format!("valide, {}", plural(warnings, "avertissement", "avertissements")),
            Some(Severity::Warning),
        )
    } else {
        ("valide".to_owned(), None)
    }
}

/// The French word for a severity.
pub fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Erreur",
        Severity::Warning => "Avertissement",
    }
}

/// A note listing diagnostics: `Erreur : message` and `Conseil : hint`, one paragraph each.
fn note(diagnostics: &[&Diagnostic]) -> Note {
    note_of(note_text(diagnostics))
}

/// The text of the note of diagnostics: each one's severity and message, hint and safe correction.
fn note_text(diagnostics: &[&Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|diagnostic| {
            let mut text = format!("{} : {}", severity_label(diagnostic.severity()), diagnostic.message());
            if let Some(hint) = diagnostic.hint() {
                text.push_str("\nConseil : ");
                text.push_str(&hint);
            }
            if let Some(suggestion) = &diagnostic.suggestion {
                text.push_str("\nCorrection proposée : « ");
                text.push_str(suggestion);
                text.push_str(" »");
            }
            text
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A note of the annotated copy.
fn note_of(text: String) -> Note {
    Note::new(text)
        .set_author(NOTE_AUTHOR)
        .add_author_prefix(false)
        .set_width(360)
        .set_height(140)
}

/// A cell as it was read: numbers stay numbers, dates dates, text text (a string cell: `01000`
/// keeps its zero).
fn write_cell(sheet: &mut Worksheet, row: u32, column: u16, cell: &Cell, formats: &Formats) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(text) => {
            sheet.write_string(row, column, text.as_str())?;
        }
        Cell::Error(text) => {
            sheet.write_string(row, column, text)?;
        }
        Cell::Number(number) => {
            sheet.write_number(row, column, *number)?;
        }
        Cell::Bool(flag) => {
            sheet.write_boolean(row, column, *flag)?;
        }
        Cell::Date(serial) => {
            sheet.write_number_with_format(row, column, *serial, &formats.date)?;
        }
    }
    Ok(())
}

/// The "Erreurs" sheet: one row per diagnostic, in file order.
fn write_errors_sheet(
    sheet: &mut Worksheet,
    table: &Table,
    report: &Report,
    columns: &ColumnMap,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(ERRORS_SHEET)?;
    for (index, header) in ERRORS_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, col(index)?, *header, &formats.header)?;
    }
    for (column, width) in [
        (0, 8.0),
        (1, 24.0),
        (2, 30.0),
        (3, 14.0),
        (4, 26.0),
        (5, 70.0),
        (6, 70.0),
    ] {
        sheet.set_column_width(column, width)?;
    }
    let mut row = 1u32;
    for line in &report.lines {
        for diagnostic in &line.diagnostics {
            let column = diagnostic.field.and_then(|field| columns.column(field));
            let column_text = column.map_or_else(String::new, |index| {
                let header = table.columns.get(index).map_or("", |column| column.header.as_str());
                format!("{} ({header})", column_letter(index))
            });
            let severity = diagnostic.severity();
            sheet.write_number(row, 0, f64::from(line.line))?;
            sheet.write_string(row, 1, &column_text)?;
            sheet.write_string(row, 2, diagnostic.field.map_or("", |field| field.name()))?;
            let format = match severity {
                Severity::Error => &formats.error,
                Severity::Warning => &formats.warning,
            };
            sheet.write_string_with_format(row, 3, severity_label(severity), format)?;
            sheet.write_string(row, 4, diagnostic.code())?;
            sheet.write_string_with_format(row, 5, diagnostic.message(), &formats.wrap)?;
            sheet.write_string_with_format(row, 6, diagnostic.hint().unwrap_or_default(), &formats.wrap)?;
            row += 1;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row.saturating_sub(1).max(1), 6)?;
    Ok(())
}

/// The "Indicateurs" sheet: what the Tableau de bord will show at each month end once the valid lines
/// are sent (the engine's series over the file's school years), then per formation at the evaluation day.
fn write_indicators_sheet(sheet: &mut Worksheet, report: &Report, formats: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(INDICATORS_SHEET)?;
    for (index, header) in INDICATORS_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, col(index)?, *header, &formats.header)?;
    }
    sheet.set_column_width(0, 14.0)?;
    sheet.set_column_range_width(1, 5, 22.0)?;
    let effectifs = Effectifs::new(&report.lines);
    // Without given bounds the period cannot be empty; a failure would only leave the table empty.
    let periode = effectifs.mois(None, None).ok();
    let serie = periode
        .as_ref()
        .map(|periode| effectifs.serie(&periode.mois))
        .unwrap_or_default();
    let mut row = 1u32;
    for point in &serie {
        let figures = &point.compteurs;
        sheet.write_number_with_format(row, 0, point.date.to_excel_serial(), &formats.date)?;
        write_figures(sheet, row, 1, figures)?;
        row += 1;
    }
    let mut notes = vec![
        "Apprentis : y compris les fins de formation. Apprenants : tous sauf les abandons. Seules les lignes valides \
         comptent (les autres ne seront pas envoyées), un effectif par apprenant, année scolaire et CFA formateur (la \
         dernière ligne l'emporte), à chaque date les seules années scolaires de cette date."
            .to_owned(),
    ];
    if serie.is_empty() {
        notes.insert(
            0,
            "Aucune ligne valide : le Tableau de bord ne comptera rien.".to_owned(),
        );
    }
    if periode.is_some_and(|periode| periode.tronquee) {
        notes.push(format!(
            "Les années scolaires du fichier couvrent plus de {SERIE_MAX_MOIS} mois : seuls les {SERIE_MAX_MOIS} \
             derniers sont montrés."
        ));
    }
    row += 1;
    for note in notes {
        sheet.write_string(row, 0, note)?;
        row += 1;
    }

    // Per formation, at the evaluation day.
    let today = effectifs.at(report.today);
    row += 1;
    sheet.write_string_with_format(
        row,
        0,
        format!("Par formation, au {} (date d'évaluation)", report.today.to_french()),
        &formats.header,
    )?;
    row += 1;
    let headers = ["Code RNCP", "Code CFD", "Formation"]
        .into_iter()
        .chain(INDICATORS_HEADERS[1..].iter().copied());
    for (index, header) in headers.enumerate() {
        sheet.write_string_with_format(row, col(index)?, header, &formats.header)?;
    }
    row += 1;
    for ligne in &today.par_formation {
        let formation = &ligne.formation;
        for (index, text) in [&formation.rncp, &formation.cfd, &formation.libelle]
            .into_iter()
            .enumerate()
        {
            sheet.write_string(row, col(index)?, text.as_deref().unwrap_or_default())?;
        }
        write_figures(sheet, row, 3, &ligne.compteurs)?;
        row += 1;
    }
    sheet.write_string(row, 0, "Total")?;
    write_figures(sheet, row, 3, &today.compteurs)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The five figures, from column `first` on, in the order of [`INDICATORS_HEADERS`].
fn write_figures(sheet: &mut Worksheet, row: u32, first: u16, figures: &Compteurs) -> Result<(), XlsxError> {
    let counts = [
        figures.apprenants(),
        figures.apprentis(),
        figures.inscrits(),
        figures.rupturants(),
        figures.abandons(),
    ];
    for (column, count) in (first..).zip(counts) {
        #[allow(clippy::cast_precision_loss, reason = "a count of lines, far below 2^52")]
        sheet.write_number(row, column, count as f64)?;
    }
    Ok(())
}

/// A column index as `rust_xlsxwriter` wants it (beyond Excel's columns: the limit error).
fn col(index: usize) -> Result<u16, XlsxError> {
    u16::try_from(index).map_err(|_| XlsxError::RowColumnLimitError)
}

#[cfg(test)]
mod tests;
