//! The fast `.xlsx` / `.xlsm` reader: the same [`Sheet`] as calamine's, several times sooner.
//!
//! # Why
//!
//! calamine reads a sheet through quick-xml's buffered reader (every event copied into a buffer),
//! parses the cell attributes one by one, and builds a value per cell that we convert again; the
//! merged-cells check then inflated every sheet once more. On a 20 000-line export (24 Mo of sheet
//! XML) that is most of the reading time, twice as much in WebAssembly. Here each part is inflated
//! once, a window of a few hundred kilobytes at a time (see [`windows`]), parsed with quick-xml's
//! borrowed reader straight from the inflated bytes; the usual shapes of a cell
//! (`<c …><v>…</v></c>`) and of a shared string (`<si><t>…</t></si>`) are even read without
//! spending an event per tag on them (see [`xml::Events::start_named`]). Each cell becomes an
//! engine [`Cell`] with at most one allocation (its text). The whole reading of the bench's
//! 20 000-line file takes 0.10 s instead of 0.22 s natively, 0.16 s instead of 0.40 s in
//! WebAssembly under Node.js.
//!
//! # The contract: calamine's result, or calamine
//!
//! calamine stays the reference. Every loop of this reader mirrors one of calamine 0.38's (the
//! same elements matched by local name, in the same order, attributes split and decoded the same
//! way, values converted by the same functions: [`super::workbook::data_ref_to_cell`] and the rest
//! of `workbook.rs`), so that it gives exactly the [`Sheet`] the calamine path gives: rows, cell
//! values and variants, lines and columns, warnings (merged cells included), [`FileInfo`], sheet
//! choice, and the limit errors at the same cell.
//!
//! Whatever it does not handle exactly like calamine, it does not guess: it returns
//! [`Failure::Fallback`] and the caller reads the file again with calamine, which is always right,
//! only slower. That covers damage of any kind (zip or XML errors, a wrong checksum, a missing
//! part), Strict Open XML namespaces, chart and dialog sheets, encrypted parts, and constructs
//! calamine reads loosely (a `<v>` in several pieces, a number or an index written unusually,
//! `<mergeCells>` before the end of the cells, a cell reference past `XFD`…). Only the errors our
//! own code gives on both paths ([`Limits`], no sheet, unknown sheet, no header)
//! come out of here as [`Failure::Read`].
//!
//! Three details keep "exactly" true on damaged files: a sheet left early (no header in its first
//! rows, a limit reached) is still inflated to its end, so that damage calamine's read-ahead could
//! meet makes us fall back; merged areas are taken only where calamine's precheck would let it look
//! for them; and an XML error after the cells drops the merged areas rather than the file, as
//! calamine ignores the errors of that reading (see [`sheet`]).

mod parts;
mod sheet;
mod windows;
mod xml;

#[cfg(test)]
mod tests;

use calamine::Dimensions;
use effectifs_core::Row;

#[cfg(doc)]
use super::FileInfo;
use super::archive::Archive;
use super::limits::Limits;
use super::workbook::{Book, RowStream, SheetError, build_sheet, data_ref_to_cell};
use super::{FileFormat, ReadError, ReadOptions, Sheet};
#[cfg(doc)]
use effectifs_core::Cell;

/// Why the fast reader did not give a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Failure {
    /// A reading error calamine's path gives too, at the same point: report it.
    Read(ReadError),
    /// Something this reader does not handle exactly like calamine (the reason, for tests and
    /// debugging): read the file with calamine instead.
    Fallback(&'static str),
}

/// Why the fast reader hands a file back to calamine (for tests and debugging). Small, since it
/// travels with every XML event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Fallback(pub(super) &'static str);

impl From<Fallback> for Failure {
    fn from(Fallback(reason): Fallback) -> Failure {
        Failure::Fallback(reason)
    }
}

impl From<ReadError> for Failure {
    fn from(error: ReadError) -> Failure {
        Failure::Read(error)
    }
}

impl SheetError for Failure {
    fn damage(&self) -> Option<&str> {
        match self {
            Failure::Read(error) => error.damage(),
            Failure::Fallback(reason) => reason.strip_prefix(DAMAGE),
        }
    }

    fn needs_other_reader(&self) -> bool {
        matches!(self, Failure::Fallback(reason) if !reason.starts_with(DAMAGE))
    }
}

/// Reads the `.xlsx` or `.xlsm` workbook whose archive (sizes already checked) is `archive`.
pub(super) fn read(
    archive: Archive<'_>,
    format: FileFormat,
    file_name: &str,
    options: &ReadOptions,
) -> Result<Sheet, Failure> {
    let mut package = parts::Package::new(archive.into_zip())?;
    let (folder, workbook_name) = parts::workbook_location(&mut package)?;
    let strings = parts::shared_strings(&mut package, &folder, options.limits.max_text_bytes)?;
    let kinds = parts::styles(&mut package, &folder)?;
    let relationships = parts::relationships(&mut package, &folder, &workbook_name)?;
    let facts = parts::workbook(&mut package, &folder, &workbook_name, &relationships)?;
    let worksheets = facts
        .sheets
        .iter()
        .map(|sheet| (sheet.name.clone(), sheet.visible))
        .collect();
    let mut book = FastBook {
        package,
        context: sheet::Context {
            strings: &strings,
            kinds: &kinds,
            is_1904: facts.is_1904,
        },
        sheets: facts.sheets,
        merged: None,
        without_header: std::collections::HashSet::new(),
        first_rows_of: std::collections::HashMap::new(),
    };
    build_sheet(&mut book, worksheets, format, file_name, options).map_err(|failure| match failure {
        Failure::Fallback(reason) if reason.starts_with(DAMAGE) => Failure::Read(ReadError::Corrupted {
            format,
            detail: reason.trim_start_matches(DAMAGE).to_owned(),
        }),
        failure => failure,
    })
}

/// The start of a fallback reason that is damage calamine would not notice (it would read the file
/// wrongly, without a word): the file is refused as damaged instead of being handed to calamine.
pub(super) const DAMAGE: &str = "damaged: ";

/// The opened workbook.
struct FastBook<'a, 's> {
    package: parts::Package<'a>,
    context: sheet::Context<'s>,
    sheets: Vec<parts::SheetEntry>,
    /// The merged areas of the last sheet read to its end, and its name.
    merged: Option<(String, Vec<Dimensions>)>,
    /// The parts already found without a header: several sheets may point at one part (a forged
    /// file: hundreds of sheets on one large part), which would otherwise be inflated once per sheet.
    without_header: std::collections::HashSet<String>,
    /// The first rows of the parts already looked at for the sheet choice, for the same reason.
    first_rows_of: std::collections::HashMap<String, Vec<Row>>,
}

impl Book for FastBook<'_, '_> {
    type Error = Failure;

    fn rows(&mut self, name: &str, limits: &Limits) -> Result<Option<Vec<Row>>, Failure> {
        let path = self
            .sheets
            .iter()
            .find(|sheet| sheet.name == name)
            .map(|sheet| sheet.path.clone())
            .ok_or(Fallback("unknown sheet"))?;
        // calamine's precheck looks for merged cells in these parts only (see `sheet`).
        let entry = self.package.entry_name(&path);
        #[allow(clippy::case_sensitive_file_extension_comparisons, reason = "as calamine's precheck")]
        let merges_seen = entry.starts_with("xl/worksheets/") && entry.ends_with(".xml");
        if self.without_header.contains(entry) {
            return Ok(None);
        }
        let entry = entry.to_owned();
        let file = self.package.open(&path)?.ok_or(Fallback("missing sheet part"))?;
        let mut stream = RowStream::new(limits);
        let merged = sheet::read(file, self.context, |position, value| {
            stream.push(position, data_ref_to_cell(value))
        })?;
        let Some(merged) = merged else {
            self.without_header.insert(entry);
            return Ok(None);
        };
        if !merged.is_empty() && !merges_seen {
            return Err(Fallback("merged cells outside xl/worksheets/").into());
        }
        self.merged = Some((name.to_owned(), merged));
        Ok(Some(stream.finish()))
    }

    fn first_rows(&mut self, name: &str, limits: &Limits) -> Result<Vec<Row>, Failure> {
        let path = self
            .sheets
            .iter()
            .find(|sheet| sheet.name == name)
            .map(|sheet| sheet.path.clone())
            .ok_or(Fallback("unknown sheet"))?;
        let entry = self.package.entry_name(&path).to_owned();
        if let Some(rows) = self.first_rows_of.get(&entry) {
            return Ok(rows.clone());
        }
        let file = self.package.open(&path)?.ok_or(Fallback("missing sheet part"))?;
        let mut stream = RowStream::header_window(limits);
        sheet::read(file, self.context, |position, value| {
            stream.push(position, data_ref_to_cell(value))
        })?;
        let rows = stream.finish();
        self.first_rows_of.insert(entry, rows.clone());
        Ok(rows)
    }

    fn merged_areas(&mut self, name: &str) -> Result<Vec<Dimensions>, Failure> {
        match self.merged.take() {
            Some((read, areas)) if read == name => Ok(areas),
            _ => Err(Fallback("merged areas of another sheet").into()),
        }
    }
}
