//! A worksheet part, inflated a window at a time and read as calamine's `XlsxCellReader` reads it
//! (cell by cell, positions and values), then as its `merge_cells_by_sheet_name` reads the merged
//! areas that follow the cells.
//!
//! calamine's cell loop is flat: it reacts to `<row>` and `</row>` (the row count), `<c>` (a cell)
//! and `</sheetData>` wherever they come, and skips everything else. So does this one; a cell's
//! children are read as calamine's `read_value` reads them, and whatever it would read loosely (a
//! `<v>` holding more than one piece of text, a number written unusually…) falls back. A cell
//! written the usual way (`<c r="B2" s="1" t="s"><v>12</v></c>`, or self-closing) is read
//! straight from the bytes, with the same result as through its events.
//!
//! After the cells, calamine reads merged areas only when some sheet of the workbook contains
//! `mergeCell ` (see `workbook::precheck`), from the first `<mergeCells>` of the sheet, and ignores
//! its own errors there (no merged area then). So does this reader: an XML error after the cells
//! is no reason to fall back.

use std::io::Read;

use calamine::{CellErrorType, DataRef, Dimensions, ExcelDateTime, ExcelDateTimeType};
use quick_xml::events::{BytesStart, Event};

use super::parts::{NumberKind, SharedStrings, read_string};
use super::windows::Windows;
use super::xml::{Attributes, Events, area, attribute, attributes, cell_reference, decimal, index, local, local_end};
use super::{Failure, Fallback};
use crate::ReadError;

/// What the cells' values depend on: the workbook's shared strings, styles and date system.
#[derive(Debug, Clone, Copy)]
pub(super) struct Context<'s> {
    pub(super) strings: &'s SharedStrings,
    pub(super) kinds: &'s [NumberKind],
    pub(super) is_1904: bool,
}

/// Reads the worksheet part `source`, handing each cell (position from 0, value) to `on_cell`,
/// which says whether to go on. The merged areas when the sheet was read to its end, `None` when
/// `on_cell` stopped it.
pub(super) fn read<'s>(
    source: impl Read,
    context: Context<'s>,
    mut on_cell: impl FnMut((u32, u32), DataRef<'s>) -> Result<bool, ReadError>,
) -> Result<Option<Vec<Dimensions>>, Failure> {
    let mut windows = Windows::new(source);
    let mut reader = SheetReader::new(context);
    loop {
        let Some(window) = windows.next(b"</row>")? else {
            return Err(Fallback("empty sheet part").into());
        };
        let (len, last) = (window.bytes.len(), window.last);
        let step = reader.window(window.bytes, last, &mut on_cell);
        match step {
            Ok(Step::More) => windows.consume(len),
            Ok(Step::Stopped) => {
                windows.drain()?;
                return Ok(None);
            }
            Ok(Step::Finished) => {
                windows.drain()?;
                return Ok(Some(reader.merged));
            }
            Err(Failure::Read(error)) => {
                windows.drain()?;
                return Err(Failure::Read(error));
            }
            Err(fallback) => return Err(fallback),
        }
    }
}

/// Where the reading of the sheet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before `<sheetData>`.
    Header,
    /// The cells.
    Data,
    /// After `</sheetData>`, looking for the merged areas.
    Tail,
}

/// What a cell's start tag says.
struct CellStart<'a> {
    /// Row and column, from 0.
    position: (u32, u32),
    /// The raw `s` (style) and `t` (type) attributes.
    style: Option<&'a str>,
    kind: Option<&'a str>,
}

/// How a window ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Read to its end: the next window goes on.
    More,
    /// `on_cell` asked to stop.
    Stopped,
    /// The sheet is read (cells and merged areas).
    Finished,
}

/// The state carried from window to window.
struct SheetReader<'s> {
    context: Context<'s>,
    phase: Phase,
    /// Elements open at the end of the last window.
    depth: usize,
    /// calamine's current row and column (from 0), for cells without a reference.
    row: u32,
    column: u32,
    merged: Vec<Dimensions>,
    /// A buffer lent to text readings.
    scratch: String,
}

impl<'s> SheetReader<'s> {
    fn new(context: Context<'s>) -> SheetReader<'s> {
        SheetReader {
            context,
            phase: Phase::Header,
            depth: 0,
            row: 0,
            column: 0,
            merged: Vec::new(),
            scratch: String::new(),
        }
    }

    /// Reads one window (`last` when it runs to the end of the part).
    fn window(
        &mut self,
        bytes: &[u8],
        last: bool,
        on_cell: &mut impl FnMut((u32, u32), DataRef<'s>) -> Result<bool, ReadError>,
    ) -> Result<Step, Failure> {
        let mut xml = Events::new(bytes, self.depth);
        xml.guard_merged_cells(self.phase != Phase::Tail);
        let step = self.events(&mut xml, last, on_cell)?;
        self.depth = xml.depth();
        match (step, last) {
            (Step::More, false) | (Step::Stopped | Step::Finished, _) => Ok(step),
            // The end of the part: without `</sheetData>`, calamine fails; after it, no merged area.
            (Step::More, true) if self.phase == Phase::Tail => Ok(Step::Finished),
            (Step::More, true) => Err(Fallback("unclosed sheet data").into()),
        }
    }

    fn events(
        &mut self,
        xml: &mut Events<'_>,
        last: bool,
        on_cell: &mut impl FnMut((u32, u32), DataRef<'s>) -> Result<bool, ReadError>,
    ) -> Result<Step, Failure> {
        loop {
            if self.phase == Phase::Tail {
                return Ok(self.tail(xml, last)?);
            }
            if self.phase == Phase::Data
                && let Some((start, closes)) = xml.start_named("c")?
            {
                let (position, value) = if closes {
                    self.empty_cell(&start)?
                } else {
                    self.cell(xml, &start)?
                };
                if !on_cell(position, value)? {
                    return Ok(Step::Stopped);
                }
                continue;
            }
            let event = xml.next()?;
            match (self.phase, event) {
                (_, Event::Eof) => return Ok(Step::More),
                (Phase::Header, Event::Start(start)) => self.header_element(&start)?,
                (Phase::Data, Event::Start(start)) => match local(&start) {
                    "row" => {
                        if let Some(reference) = attribute(&start, "r")? {
                            self.row = super::xml::reference(reference)?.0;
                        }
                    }
                    "c" => {
                        let (position, value) = self.cell(xml, &start)?;
                        if !on_cell(position, value)? {
                            return Ok(Step::Stopped);
                        }
                    }
                    _ => {}
                },
                (Phase::Data, Event::End(end)) => match local_end(&end) {
                    "row" => {
                        self.row = self.row.wrapping_add(1);
                        self.column = 0;
                    }
                    "sheetData" => {
                        self.phase = Phase::Tail;
                        xml.guard_merged_cells(false);
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    }

    /// An element before the cells: `<dimension>` (which calamine requires readable), `<sheetData>`
    /// (a Strict Open XML root is refused by [`Events::next`]).
    fn header_element(&mut self, start: &BytesStart<'_>) -> Result<(), Fallback> {
        match local(start) {
            "dimension" => {
                area(attribute(start, "ref")?.ok_or(Fallback("dimension without a reference"))?)?;
            }
            "sheetData" => self.phase = Phase::Data,
            _ => {}
        }
        Ok(())
    }

    /// A self-closing cell (`<c r="B2" s="3"/>`, a formatted blank): its position, and no value.
    fn empty_cell(&mut self, start: &BytesStart<'_>) -> Result<((u32, u32), DataRef<'s>), Fallback> {
        let position = self.position(start)?.position;
        self.column = self.column.wrapping_add(1);
        Ok((position, DataRef::Empty))
    }

    /// A cell's position (from its reference, else after the previous cell) and its style and
    /// type attributes, as calamine's `next_cell`.
    fn position<'a>(&mut self, start: &'a BytesStart<'_>) -> Result<CellStart<'a>, Fallback> {
        let [reference, style, kind] = attributes(start, ["r", "s", "t"])?;
        let position = match reference {
            Some(reference) => {
                let position = cell_reference(reference)?;
                self.column = position.1;
                position
            }
            None => (self.row, self.column),
        };
        Ok(CellStart { position, style, kind })
    }

    /// A cell, just opened as `start`: its position and value, as calamine's `next_cell` (the
    /// value of its last child element counts).
    fn cell(&mut self, xml: &mut Events<'_>, start: &BytesStart<'_>) -> Result<((u32, u32), DataRef<'s>), Fallback> {
        let CellStart { position, style, kind } = self.position(start)?;
        if let Some(value) = self.usual_value(xml, style, kind)? {
            self.column = self.column.wrapping_add(1);
            return Ok((position, value));
        }
        let mut value = DataRef::Empty;
        loop {
            match xml.next()? {
                Event::Start(element) => value = self.value(xml, &element, style, kind)?,
                Event::End(end) if local_end(&end) == "c" => break,
                Event::Eof => return Err(Fallback("unclosed cell")),
                _ => {}
            }
        }
        self.column = self.column.wrapping_add(1);
        Ok((position, value))
    }

    /// The value of a cell just opened whose content is written the usual way, `<v>…</v></c>` with
    /// text free of markup and references, read straight from the bytes: what the events would
    /// give (`<v>`, its text, `</v>`, `</c>`) without the XML reader spending four events on
    /// it, the most frequent content of a sheet. `None` for any other content, read by events.
    fn usual_value(
        &self,
        xml: &mut Events<'_>,
        style: Option<&str>,
        kind: Option<&str>,
    ) -> Result<Option<DataRef<'s>>, Fallback> {
        const START: &[u8] = b"<v>";
        const END: &[u8] = b"</v></c>";
        if !matches!(kind, None | Some("n" | "s" | "b" | "e")) {
            return Ok(None);
        }
        let Some(content) = xml.rest_between_markup().and_then(|rest| rest.strip_prefix(START)) else {
            return Ok(None);
        };
        let Some(text_len) = memchr::memchr2(b'<', b'&', content) else {
            return Ok(None);
        };
        if !content.get(text_len..).is_some_and(|after| after.starts_with(END)) {
            return Ok(None);
        }
        let text = xml.rest_str(START.len(), text_len)?;
        let value = if text.is_empty() {
            DataRef::Empty
        } else {
            self.plain(text, style, kind)?
        };
        xml.skip_read(START.len() + text_len + END.len(), 0, 1);
        Ok(Some(value))
    }

    /// A child of a cell, just opened as `element`, as calamine's `read_value`.
    fn value(
        &mut self,
        xml: &mut Events<'_>,
        element: &BytesStart<'_>,
        style: Option<&str>,
        kind: Option<&str>,
    ) -> Result<DataRef<'s>, Fallback> {
        match local(element) {
            "is" => {
                let mut text = String::new();
                read_string(xml, element, &mut text, &mut self.scratch)?;
                Ok(DataRef::String(text))
            }
            "v" if matches!(kind, Some("inlineStr" | "is")) => {
                xml.skip(element.name())?;
                Ok(DataRef::Empty)
            }
            "v" if matches!(kind, None | Some("n" | "s" | "b" | "e")) => self.plain_value(xml, element, style, kind),
            "v" => self.text_value(xml, element, kind),
            "f" => {
                xml.skip(element.name())?;
                Ok(DataRef::Empty)
            }
            _ => Err(Fallback("unexpected element in a cell")),
        }
    }

    /// A `<v>` of a number, shared string, boolean or error: calamine reads its first piece of text
    /// raw. We require it to be its only content.
    fn plain_value(
        &self,
        xml: &mut Events<'_>,
        element: &BytesStart<'_>,
        style: Option<&str>,
        kind: Option<&str>,
    ) -> Result<DataRef<'s>, Fallback> {
        match xml.next()? {
            Event::Text(text) => {
                let value = self.plain(&text, style, kind)?;
                match xml.next()? {
                    Event::End(end) if end.name() == element.name() => Ok(value),
                    _ => Err(Fallback("value in several pieces")),
                }
            }
            Event::End(end) if end.name() == element.name() => Ok(DataRef::Empty),
            _ => Err(Fallback("unusual value")),
        }
    }

    /// The text of a plain `<v>`, as calamine's `read_v`.
    fn plain(&self, value: &str, style: Option<&str>, kind: Option<&str>) -> Result<DataRef<'s>, Fallback> {
        match kind {
            // calamine reads an index that is not plain digits (`-1`, one beyond 2^64) as 0: the
            // first string, silently. Refused as damage instead.
            Some("s") => self
                .context
                .strings
                .get(index(value).map_err(|_| Fallback(BAD_STRING_INDEX))?)
                .map(DataRef::SharedString)
                .ok_or(Fallback("missing shared string")),
            Some("b") => boolean(value),
            Some("e") => value
                .parse::<CellErrorType>()
                .map(DataRef::Error)
                .map_err(|_| Fallback("unknown formula error")),
            _ => {
                let number = decimal(value).ok_or(Fallback("unusual number"))?;
                let kind = match style {
                    Some(style) => self.context.kinds.get(index(style)?).copied(),
                    None => Some(NumberKind::Other),
                };
                Ok(number_value(number, kind, self.context.is_1904))
            }
        }
    }

    /// A `<v>` of a formula string (`str`) or an ISO date (`d`): its whole text, entities resolved.
    fn text_value(
        &mut self,
        xml: &mut Events<'_>,
        element: &BytesStart<'_>,
        kind: Option<&str>,
    ) -> Result<DataRef<'s>, Fallback> {
        self.scratch.clear();
        loop {
            match xml.next()? {
                Event::Text(text) => self.scratch.push_str(&text.xml10_content()),
                Event::GeneralRef(reference) => super::xml::push_reference(&reference, &mut self.scratch)?,
                Event::End(end) if end.name() == element.name() => break,
                Event::Eof => return Err(Fallback("unclosed value")),
                _ => {}
            }
        }
        match kind {
            Some("str") => {
                let mut text = String::with_capacity(self.scratch.len());
                super::xml::push_unescaped(&self.scratch, &mut text);
                Ok(DataRef::String(text))
            }
            Some("d") => Ok(DataRef::DateTimeIso(self.scratch.clone())),
            _ => Err(Fallback("unknown cell type")),
        }
    }

    /// After the cells: the first `<mergeCells>`, read as calamine's `merge_cells_by_sheet_name`
    /// reads it. calamine ignores the errors of that reading (the sheet then has no merged area),
    /// so an XML error here is no reason to fall back: the areas are dropped, as calamine drops
    /// them.
    fn tail(&mut self, xml: &mut Events<'_>, last: bool) -> Result<Step, Fallback> {
        loop {
            match xml.next() {
                Err(_) => return Ok(self.unreadable_merged_cells()),
                Ok(Event::Eof) => return Ok(Step::More),
                Ok(Event::Start(start)) if local(&start) == "mergeCells" => return self.merged_cells(xml, last),
                Ok(_) => {}
            }
        }
    }

    /// `<mergeCells>`, just opened: its areas, as calamine's `read_merge_cells`.
    fn merged_cells(&mut self, xml: &mut Events<'_>, last: bool) -> Result<Step, Fallback> {
        loop {
            let Ok(event) = xml.next() else {
                return Ok(self.unreadable_merged_cells());
            };
            match event {
                Event::Start(start) if local(&start) == "mergeCell" => {
                    // calamine's `raw_attr`: the first `ref`, unless a malformed attribute comes first.
                    let reference = Attributes::of(&start).find_map(|attribute| match attribute {
                        Ok(("ref", value)) => Some(Ok(value)),
                        Ok(_) => None,
                        Err(error) => Some(Err(error)),
                    });
                    match reference {
                        Some(Ok(reference)) => {
                            // calamine looks for merged areas only in workbooks whose sheets
                            // contain `mergeCell ` (see `workbook::precheck`): leave it others.
                            if !start.attributes_raw().starts_with(' ') {
                                return Err(Fallback("merged area spelt otherwise"));
                            }
                            self.merged.push(area(reference)?);
                        }
                        Some(Err(_)) => return Ok(self.unreadable_merged_cells()),
                        None => {}
                    }
                }
                Event::End(end) if local_end(&end) == "mergeCells" => return Ok(Step::Finished),
                Event::Eof if last => return Ok(self.unreadable_merged_cells()),
                Event::Eof => return Err(Fallback("merged areas cut by a window")),
                _ => {}
            }
        }
    }

    /// What calamine makes of merged areas it fails to read: none.
    fn unreadable_merged_cells(&mut self) -> Step {
        self.merged.clear();
        Step::Finished
    }
}

/// A `t="b"` value, as calamine's `read_bool`.
/// The fallback reason of a shared-string index calamine would misread: damage (see [`super::DAMAGE`]).
pub(super) const BAD_STRING_INDEX: &str =
    "damaged: a shared-string index that is not an index (read as the first string by calamine)";

fn boolean(value: &str) -> Result<DataRef<'static>, Fallback> {
    let value = value.trim();
    if value.is_empty() {
        Ok(DataRef::Empty)
    } else if value == "0" || value.eq_ignore_ascii_case("false") {
        Ok(DataRef::Bool(false))
    } else if value == "1" || value.eq_ignore_ascii_case("true") {
        Ok(DataRef::Bool(true))
    } else {
        Err(Fallback("unknown boolean"))
    }
}

/// A number in a cell of the given style kind, as calamine's `format_excel_f64_ref`.
fn number_value(value: f64, kind: Option<NumberKind>, is_1904: bool) -> DataRef<'static> {
    match kind {
        Some(NumberKind::DateTime) => {
            DataRef::DateTime(ExcelDateTime::new(value, ExcelDateTimeType::DateTime, is_1904))
        }
        Some(NumberKind::TimeDelta) => {
            DataRef::DateTime(ExcelDateTime::new(value, ExcelDateTimeType::TimeDelta, is_1904))
        }
        Some(NumberKind::Other) | None => DataRef::Float(value),
    }
}
