//! The workbook-level parts, read as calamine's `Xlsx::new` reads them: the package and workbook
//! relationships, `workbook.xml` (sheets, their state and part, the 1904 date system), `styles.xml`
//! (which cell styles are dates or durations) and `sharedStrings.xml`.
//!
//! Each loop below mirrors one of calamine's (same elements matched by local name, same order,
//! same attributes read raw or unescaped), so that a workbook calamine opens gives the same facts
//! here; where calamine would fail, we fall back.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, BytesText, Event};
use zip::ZipArchive;
use zip::read::ZipFile;

use super::Fallback;
use super::windows::Windows;
use super::xml::{Events, attribute, attributes, check_attributes, decode, local, local_end};

/// The zip package, with calamine's way of finding a part: ignoring case (and `\` for `/`).
pub(super) struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Lower-case names (`\` turned to `/`) → names in the archive, as calamine's path cache.
    names: HashMap<String, String>,
}

impl<'a> Package<'a> {
    pub(super) fn new(zip: ZipArchive<Cursor<&'a [u8]>>) -> Result<Package<'a>, Fallback> {
        let mut names = HashMap::with_capacity(zip.len());
        for name in zip.file_names() {
            let name = name.map_err(|_| Fallback("unreadable part name"))?;
            names.insert(name.replace('\\', "/").to_ascii_lowercase(), name.into_owned());
        }
        Ok(Package { zip, names })
    }

    /// The archive's name for the part at `path`.
    pub(super) fn entry_name<'p>(&'p self, path: &'p str) -> &'p str {
        self.names.get(&path.to_ascii_lowercase()).map_or(path, String::as_str)
    }

    /// The part at `path`, to be inflated as it is read; `None` when there is none.
    pub(super) fn open(&mut self, path: &str) -> Result<Option<ZipFile<'_, Cursor<&'a [u8]>>>, Fallback> {
        let name = self.entry_name(path).to_owned();
        match self.zip.by_name(&name) {
            Ok(file) if file.encrypted() => Err(Fallback("encrypted part")),
            Ok(file) => Ok(Some(file)),
            Err(zip::result::ZipError::FileNotFound) => Ok(None),
            Err(_) => Err(Fallback("unreadable part")),
        }
    }

    /// The whole inflated part at `path` (the small parts); `None` when there is none. A part
    /// larger than a window may grow ([`super::super::archive::MAX_ITEM_XML`]) is left to
    /// calamine's path, which reads it as it is inflated.
    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, Fallback> {
        let Some(mut file) = self.open(path)? else {
            return Ok(None);
        };
        if file.size() > super::super::archive::MAX_ITEM_XML {
            return Err(Fallback("a workbook part of more than 16 Mio"));
        }
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(|_| Fallback("unreadable part"))?;
        Ok(Some(bytes))
    }

    /// The part at `path`, which calamine requires.
    fn require(&mut self, path: &str) -> Result<Vec<u8>, Fallback> {
        self.read(path)?.ok_or(Fallback("missing part"))
    }
}

/// Where the workbook part is: its folder (`xl/`) and file name (`workbook.xml`), from the package
/// relationships, as calamine's `read_package_relationships`.
pub(super) fn workbook_location(package: &mut Package<'_>) -> Result<(String, String), Fallback> {
    let bytes = package.require("_rels/.rels")?;
    let mut xml = Events::new(&bytes, 0);
    xml.check_attributes();
    loop {
        match xml.next()? {
            Event::Start(start) if local(&start) == "Relationships" => break,
            Event::Eof => return Err(Fallback("empty package relationships")),
            _ => {}
        }
    }
    let mut target = None;
    loop {
        match xml.next()? {
            Event::Start(start) if local(&start) == "Relationship" => {
                let [kind, found] = attributes(&start, ["Type", "Target"])?;
                if let (Some(kind), Some(found)) = (kind, found)
                    && kind.ends_with("/relationships/officeDocument")
                {
                    if kind.starts_with("http://purl.oclc.org/") {
                        return Err(Fallback("Strict Open XML"));
                    }
                    target = Some(decode(found)?.into_owned());
                }
            }
            Event::End(end) if local_end(&end) == "Relationships" => break,
            Event::Eof => return Err(Fallback("unclosed package relationships")),
            _ => {}
        }
    }
    let target = target.ok_or(Fallback("no workbook in the package"))?;
    let (folder, name) = match target.rfind('/') {
        Some(slash) => target.split_at(slash + 1),
        None => ("", target.as_str()),
    };
    let folder = folder.strip_prefix('/').unwrap_or(folder).to_owned();
    let name = if name.is_empty() { "workbook.xml" } else { name };
    Ok((folder, name.to_owned()))
}

/// The workbook's relationships: id → (target, type), raw, as calamine's `read_relationships`.
pub(super) fn relationships(
    package: &mut Package<'_>,
    folder: &str,
    workbook: &str,
) -> Result<HashMap<String, (String, String)>, Fallback> {
    let bytes = package.require(&format!("{folder}_rels/{workbook}.rels"))?;
    let mut xml = Events::new(&bytes, 0);
    xml.check_attributes();
    let mut relationships = HashMap::new();
    loop {
        match xml.next()? {
            Event::Start(start) if local(&start) == "Relationship" => {
                let [id, kind, target] = attributes(&start, ["Id", "Type", "Target"])?;
                if let Some(id) = id {
                    relationships.insert(
                        id.to_owned(),
                        (
                            target.unwrap_or_default().to_owned(),
                            kind.unwrap_or_default().to_owned(),
                        ),
                    );
                }
            }
            Event::End(end) if local_end(&end) == "Relationships" => break,
            Event::Eof => return Err(Fallback("unclosed workbook relationships")),
            _ => {}
        }
    }
    Ok(relationships)
}

/// A worksheet listed by the workbook.
#[derive(Debug)]
pub(super) struct SheetEntry {
    pub(super) name: String,
    pub(super) visible: bool,
    /// Its part, as calamine resolves it.
    pub(super) path: String,
}

/// What `workbook.xml` says.
#[derive(Debug)]
pub(super) struct WorkbookFacts {
    /// The worksheets, in workbook order.
    pub(super) sheets: Vec<SheetEntry>,
    /// Whether dates count from 1904.
    pub(super) is_1904: bool,
}

/// Reads `workbook.xml` as calamine's `read_workbook`. Sheets other than worksheets (chart and
/// dialog sheets) are left to calamine.
pub(super) fn workbook(
    package: &mut Package<'_>,
    folder: &str,
    workbook: &str,
    relationships: &HashMap<String, (String, String)>,
) -> Result<WorkbookFacts, Fallback> {
    let bytes = package.require(&format!("{folder}{workbook}"))?;
    let mut xml = Events::new(&bytes, 0);
    xml.check_attributes();
    let mut facts = WorkbookFacts {
        sheets: Vec::new(),
        is_1904: false,
    };
    loop {
        match xml.next()? {
            Event::Start(start) if local(&start) == "sheet" => {
                facts.sheets.push(sheet_entry(&start, folder, relationships)?);
            }
            Event::Start(start) if local(&start) == "workbookPr" => {
                if let Some(value) = attribute(&start, "date1904")? {
                    facts.is_1904 = value == "1" || value == "true";
                }
            }
            Event::Start(start) if local(&start) == "definedName" => defined_name(&mut xml, &start)?,
            Event::End(end) if local_end(&end) == "workbook" => break,
            Event::Eof => return Err(Fallback("unclosed workbook")),
            _ => {}
        }
    }
    Ok(facts)
}

/// One `<sheet>` of the workbook.
fn sheet_entry(
    start: &BytesStart<'_>,
    folder: &str,
    relationships: &HashMap<String, (String, String)>,
) -> Result<SheetEntry, Fallback> {
    let mut name = None;
    let mut state = None;
    let mut id = None;
    for attribute in super::xml::Attributes::of(start) {
        let (key, value) = attribute?;
        let slot = match key {
            "name" => &mut name,
            "state" => &mut state,
            key if key == "id" || key.strip_suffix("id").is_some_and(|prefix| prefix.ends_with(':')) => &mut id,
            _ => continue,
        };
        if slot.replace(value).is_some() {
            return Err(Fallback("repeated sheet attribute"));
        }
    }
    let visible = match state {
        None | Some("visible") => true,
        Some("hidden" | "veryHidden") => false,
        Some(_) => return Err(Fallback("unknown sheet state")),
    };
    let (target, kind) = relationships
        .get(id.unwrap_or_default())
        .ok_or(Fallback("sheet without a relationship"))?;
    if kind.split('/').next_back() != Some("worksheet") {
        return Err(Fallback("chart or dialog sheet"));
    }
    let path = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("{folder}{target}"),
    };
    Ok(SheetEntry {
        name: name.map(decode).transpose()?.unwrap_or_default().into_owned(),
        visible,
        path,
    })
}

/// Reads a `<definedName>` (just opened) that has a name to its end, as calamine does (its
/// entities must resolve).
fn defined_name(xml: &mut Events<'_>, start: &BytesStart<'_>) -> Result<(), Fallback> {
    if attribute(start, "name")?.is_none() {
        return Ok(());
    }
    let mut scratch = String::new();
    loop {
        match xml.next()? {
            Event::GeneralRef(reference) => super::xml::push_reference(&reference, &mut scratch)?,
            Event::End(end) if end.name() == start.name() => return Ok(()),
            Event::Eof => return Err(Fallback("unclosed defined name")),
            _ => {}
        }
    }
}

/// What a cell style's number format makes of a number, as calamine's `CellFormat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NumberKind {
    /// A plain number.
    Other,
    /// A date or time.
    DateTime,
    /// A duration (`[h]:mm`).
    TimeDelta,
}

/// The number kind of each cell style (`cellXfs`, indexed by a cell's `s`), as calamine's
/// `read_styles`: `None` when the workbook has no styles part.
pub(super) fn styles(package: &mut Package<'_>, folder: &str) -> Result<Vec<NumberKind>, Fallback> {
    let Some(bytes) = package.read(&format!("{folder}styles.xml"))? else {
        return Ok(Vec::new());
    };
    let mut xml = Events::new(&bytes, 0);
    xml.check_attributes();
    let mut custom: HashMap<String, String> = HashMap::new();
    let mut kinds = Vec::new();
    loop {
        match xml.next()? {
            Event::Start(start) => match local(&start) {
                "numFmts" => number_formats(&mut xml, &mut custom)?,
                "fonts" => list(&mut xml, "fonts", "font")?,
                "fills" => list(&mut xml, "fills", "fill")?,
                "borders" => borders(&mut xml)?,
                "cellXfs" => cell_formats(&mut xml, &custom, &mut kinds)?,
                _ => {}
            },
            Event::End(end) if local_end(&end) == "styleSheet" => break,
            Event::Eof => return Err(Fallback("unclosed styles")),
            _ => {}
        }
    }
    Ok(kinds)
}

/// `<numFmts>`: the custom number formats, by raw id.
fn number_formats(xml: &mut Events<'_>, custom: &mut HashMap<String, String>) -> Result<(), Fallback> {
    loop {
        match xml.next()? {
            Event::Start(start) if local(&start) == "numFmt" => {
                if let [Some(id), Some(code)] = attributes(&start, ["numFmtId", "formatCode"])? {
                    custom.insert(id.to_owned(), decode(code)?.into_owned());
                }
            }
            Event::End(end) if local_end(&end) == "numFmts" => return Ok(()),
            Event::Eof => return Err(Fallback("unclosed styles")),
            _ => {}
        }
    }
}

/// A list whose items calamine parses to their end (`<fonts>`, `<fills>`): only how far it reads
/// matters here.
fn list(xml: &mut Events<'_>, list: &str, item: &str) -> Result<(), Fallback> {
    loop {
        match xml.next()? {
            Event::Start(start) if local(&start) == item => xml.skip_to_local_end(item)?,
            Event::End(end) if local_end(&end) == list => return Ok(()),
            Event::Eof => return Err(Fallback("unclosed styles")),
            _ => {}
        }
    }
}

/// `<borders>`, read as far as calamine's `parse_border` reads (each side to its own end).
fn borders(xml: &mut Events<'_>) -> Result<(), Fallback> {
    loop {
        match xml.next()? {
            Event::Start(start) if local(&start) == "border" => border(xml)?,
            Event::End(end) if local_end(&end) == "borders" => return Ok(()),
            Event::Eof => return Err(Fallback("unclosed styles")),
            _ => {}
        }
    }
}

/// One `<border>`, just opened.
fn border(xml: &mut Events<'_>) -> Result<(), Fallback> {
    loop {
        match xml.next()? {
            Event::Start(side) if matches!(local(&side), "left" | "right" | "top" | "bottom" | "diagonal") => {
                xml.skip_to_local_end(local(&side))?;
            }
            Event::End(end) if local_end(&end) == "border" => return Ok(()),
            Event::Eof => return Err(Fallback("unclosed styles")),
            _ => {}
        }
    }
}

/// `<cellXfs>`: the number kind of each cell style.
fn cell_formats(
    xml: &mut Events<'_>,
    custom: &HashMap<String, String>,
    kinds: &mut Vec<NumberKind>,
) -> Result<(), Fallback> {
    loop {
        match xml.next()? {
            Event::Start(start) if local(&start) == "xf" => {
                let kind = attribute(&start, "numFmtId")?.map_or(NumberKind::Other, |id| match custom.get(id) {
                    Some(code) => custom_format_kind(code),
                    None => builtin_format_kind(id),
                });
                kinds.push(kind);
                xml.skip_to_local_end("xf")?;
            }
            Event::End(end) if local_end(&end) == "cellXfs" => return Ok(()),
            Event::Eof => return Err(Fallback("unclosed styles")),
            _ => {}
        }
    }
}

/// The kind of a built-in number format, by its raw id: calamine 0.38's `builtin_format_by_id`.
fn builtin_format_kind(id: &str) -> NumberKind {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" | "27" | "28" | "29" | "30"
        | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51" | "52" | "53" | "54" | "55" | "56" | "57" | "58" => {
            NumberKind::DateTime
        }
        "46" => NumberKind::TimeDelta,
        _ => NumberKind::Other,
    }
}

/// The kind of a custom number format code: calamine 0.38's `detect_custom_number_format`, rule
/// for rule (only the first section counts; quoted text, escaped and fill characters are
/// literals; `[h]`, `[mm]`, `[ss]` make a duration; a date or time letter outside brackets, or
/// `a/p` / `am/pm`, a date).
fn custom_format_kind(format: &str) -> NumberKind {
    let mut escaped = false;
    let mut quoted = false;
    let mut brackets = 0_u8;
    let mut previous = ' ';
    let mut elapsed = false;
    let mut am_pm = false;
    for character in format.chars() {
        match (character, escaped, quoted, am_pm, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => quoted = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => quoted = true,
            (';', ..) => return NumberKind::Other,
            ('[', ..) => brackets = brackets.saturating_add(1),
            (']', .., 1) if elapsed => return NumberKind::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => am_pm = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return NumberKind::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return NumberKind::DateTime;
            }
            _ => {
                if !(elapsed && character.eq_ignore_ascii_case(&previous)) {
                    elapsed = previous == '[' && matches!(character, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        previous = character;
    }
    NumberKind::Other
}

/// The shared strings: all their texts end to end, and where each ends.
#[derive(Debug, Default)]
pub(super) struct SharedStrings {
    text: String,
    ends: Vec<usize>,
}

impl SharedStrings {
    /// The string at `index`.
    pub(super) fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)?;
        let start = match index.checked_sub(1) {
            Some(previous) => *self.ends.get(previous)?,
            None => 0,
        };
        self.text.get(start..end)
    }
}

/// Reads `sharedStrings.xml` as calamine's `read_shared_strings` (none when the part is missing),
/// a window at a time. Strings whose text goes past `max_text_bytes` (used or not, they would all be
/// held) hand the file over to calamine's path, whose scan refuses it
/// ([`super::super::archive::Archive::scan`]).
pub(super) fn shared_strings(
    package: &mut Package<'_>,
    folder: &str,
    max_text_bytes: u64,
) -> Result<SharedStrings, Fallback> {
    let too_much = |strings: &SharedStrings| u64::try_from(strings.text.len()).map_or(true, |len| len > max_text_bytes);
    let mut strings = SharedStrings::default();
    let Some(file) = package.open(&format!("{folder}sharedStrings.xml"))? else {
        return Ok(strings);
    };
    let mut windows = Windows::new(file);
    let mut phase = StringsPhase::BeforeTable;
    let mut depth = 0;
    let mut scratch = String::new();
    loop {
        let Some(window) = windows.next(b"</si>")? else {
            return Err(Fallback("unclosed shared strings"));
        };
        let (len, last) = (window.bytes.len(), window.last);
        let mut xml = Events::new(window.bytes, depth);
        loop {
            if phase == StringsPhase::Table
                && let Some((start, closes)) = xml.start_named("si")?
            {
                if !closes && !usual_string(&mut xml, &mut strings.text)? {
                    read_string(&mut xml, &start, &mut strings.text, &mut scratch)?;
                }
                strings.ends.push(strings.text.len());
                if too_much(&strings) {
                    return Err(Fallback("shared strings beyond the text limit"));
                }
                continue;
            }
            match (phase, xml.next()?) {
                (StringsPhase::BeforeTable, Event::Start(start)) if local(&start) == "sst" => {
                    check_attributes(&start)?;
                    phase = StringsPhase::Table;
                }
                (StringsPhase::Table, Event::Start(start)) if local(&start) == "si" => {
                    read_string(&mut xml, &start, &mut strings.text, &mut scratch)?;
                    strings.ends.push(strings.text.len());
                    if too_much(&strings) {
                        return Err(Fallback("shared strings beyond the text limit"));
                    }
                }
                (StringsPhase::Table, Event::End(end)) if local_end(&end) == "sst" => {
                    windows.drain()?;
                    return Ok(strings);
                }
                (_, Event::Eof) => break,
                _ => {}
            }
        }
        if last {
            return Err(Fallback("unclosed shared strings"));
        }
        depth = xml.depth();
        windows.consume(len);
    }
}

/// Where the shared strings' reading is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StringsPhase {
    BeforeTable,
    Table,
}

/// Appends the text of a string item just opened, when it is written the usual way: one `<t>`
/// (with `xml:space="preserve"` or without attributes) holding text free of markup and
/// references, then `</si>`. It is read straight from the bytes, as [`read_string`] would read
/// it from the four events the XML reader would spend on it. `false` (nothing read) otherwise.
fn usual_string(xml: &mut Events<'_>, out: &mut String) -> Result<bool, Fallback> {
    const PLAIN: &[u8] = b"<t>";
    const PRESERVED: &[u8] = b"<t xml:space=\"preserve\">";
    const END: &[u8] = b"</t></si>";
    let Some(rest) = xml.rest_between_markup() else {
        return Ok(false);
    };
    let (start_len, preserve, content) = if let Some(content) = rest.strip_prefix(PLAIN) {
        (PLAIN.len(), false, content)
    } else if let Some(content) = rest.strip_prefix(PRESERVED) {
        (PRESERVED.len(), true, content)
    } else {
        return Ok(false);
    };
    let Some(text_len) = memchr::memchr2(b'<', b'&', content) else {
        return Ok(false);
    };
    if !content.get(text_len..).is_some_and(|after| after.starts_with(END)) {
        return Ok(false);
    }
    let text = xml.rest_str(start_len, text_len)?;
    let text = BytesText::from_escaped(text).xml10_content();
    let text = if preserve {
        &text
    } else {
        text.trim_matches([' ', '\t', '\r', '\n'])
    };
    super::xml::push_unescaped(text, out);
    xml.skip_read(start_len + text_len + END.len(), 0, 1);
    Ok(true)
}

/// Appends the text of a string item (`<si>` or an inline `<is>`, just opened as `start`) to
/// `out`, as calamine's `read_string_with_bufs`: every `<t>` outside phonetic runs (`<rPh>`), rich
/// text runs concatenated, each trimmed of ASCII blanks unless `xml:space="preserve"`, its entities
/// resolved, its line ends normalised and its Excel escapes (`_x000D_`) decoded. `scratch` is a
/// buffer lent for each `<t>`.
pub(super) fn read_string(
    xml: &mut Events<'_>,
    start: &BytesStart<'_>,
    out: &mut String,
    scratch: &mut String,
) -> Result<(), Fallback> {
    let mut phonetic = false;
    loop {
        match xml.next()? {
            Event::Start(element) if local(&element) == "rPh" => phonetic = true,
            Event::End(end) if end.name() == start.name() => return Ok(()),
            Event::End(end) if local_end(&end) == "rPh" => phonetic = false,
            Event::Start(element) if local(&element) == "t" && !phonetic => {
                let preserve = attribute(&element, "xml:space")? == Some("preserve");
                scratch.clear();
                read_text(xml, &element, scratch)?;
                let text = if preserve {
                    scratch.as_str()
                } else {
                    scratch.trim_matches([' ', '\t', '\r', '\n'])
                };
                super::xml::push_unescaped(text, out);
            }
            Event::Eof => return Err(Fallback("unclosed text")),
            _ => {}
        }
    }
}

/// The content of a `<t>` (just opened as `start`): text with normalised line ends, CDATA, entities.
fn read_text(xml: &mut Events<'_>, start: &BytesStart<'_>, out: &mut String) -> Result<(), Fallback> {
    loop {
        match xml.next()? {
            Event::Text(text) => out.push_str(&text.xml10_content()),
            Event::CData(text) => out.push_str(&text.xml10_content()),
            Event::GeneralRef(reference) => super::xml::push_reference(&reference, out)?,
            Event::End(end) if end.name() == start.name() => return Ok(()),
            Event::Eof => return Err(Fallback("unclosed text")),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{NumberKind, custom_format_kind};

    /// calamine's own cases for `detect_custom_number_format` (ported from openpyxl), and ours.
    #[test]
    fn custom_number_formats() {
        let cases = [
            ("DD/MM/YY", NumberKind::DateTime),
            ("H:MM:SS;@", NumberKind::DateTime),
            ("#,##0\\ [$\\u20bd-46D]", NumberKind::Other),
            ("m\"M\"d\"D\";@", NumberKind::DateTime),
            ("[h]:mm:ss", NumberKind::TimeDelta),
            ("\"Y: \"0.00\"m\";\"Y: \"-0.00\"m\";\"Y: <num>m\";@", NumberKind::Other),
            ("#,##0\\ [$''u20bd-46D]", NumberKind::Other),
            ("\"$\"#,##0_);[Red](\"$\"#,##0)", NumberKind::Other),
            ("[$-404]e\"\\xfc\"m\"\\xfc\"d\"\\xfc\"", NumberKind::DateTime),
            ("0_ ;[Red]\\-0\\ ", NumberKind::Other),
            ("\\Y000000", NumberKind::Other),
            ("#,##0.0####\" YMD\"", NumberKind::Other),
            ("[h]", NumberKind::TimeDelta),
            ("[ss]", NumberKind::TimeDelta),
            ("[s].000", NumberKind::TimeDelta),
            ("[m]", NumberKind::TimeDelta),
            ("[mm]", NumberKind::TimeDelta),
            ("[Blue]\\+[h]:mm;[Red]\\-[h]:mm;[Green][h]:mm", NumberKind::TimeDelta),
            ("[>=100][Magenta][s].00", NumberKind::TimeDelta),
            ("[h]:mm;[=0]\\-", NumberKind::TimeDelta),
            ("[>=100][Magenta].00", NumberKind::Other),
            ("[>=100][Magenta]General", NumberKind::Other),
            ("ha/p\\\\m", NumberKind::DateTime),
            ("#,##0.00\\ _M\"H\"_);[Red]#,##0.00\\ _M\"S\"_)", NumberKind::Other),
            ("#,##0*y", NumberKind::Other),
            ("0\"x\"*d", NumberKind::Other),
            ("*-#,##0", NumberKind::Other),
            ("*-yyyy-mm-dd", NumberKind::DateTime),
            ("dd/mm/yyyy", NumberKind::DateTime),
            ("[$-40C]d mmmm yyyy", NumberKind::DateTime),
            ("[h]:mm", NumberKind::TimeDelta),
            ("0.00%", NumberKind::Other),
            ("#,##0.00\\ \"€\"", NumberKind::Other),
        ];
        for (code, kind) in cases {
            assert_eq!(custom_format_kind(code), kind, "{code}");
        }
    }
}
