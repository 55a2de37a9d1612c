//! Structure-aware generators of hostile spreadsheets, shared by `hostile_properties.rs` and by the
//! `xlsx`, `xlsb`, `ods` and `csv` fuzz targets of `fuzz/`: each target turns libFuzzer's bytes (through `arbitrary`) into a shape, the shape
//! into a *valid* container (a real zip with its parts, records with their headers, a decodable
//! text) whose contents are hostile — huge or lying counts, character references, rows near 2³²,
//! reversed or colliding, string indexes out of the table, long cells, control characters — and
//! into what the reader must then do ([`Expect`]). [`check`] reads the bytes and holds the reader to
//! it.
//!
//! The pieces every format uses are here: the texts ([`Text`]), the numbers and how they are
//! spelled ([`Spelled`]), XML escaping, the zip archive and the expectations.

pub mod csv;
pub mod ods;
pub mod xlsb;
pub mod xlsx;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use arbitrary::{Arbitrary, Unstructured};
use effectifs_core::{Date, Profile};
use effectifs_sheet::{ReadError, ReadOptions, ReadWarning, read};
use zip::write::SimpleFileOptions;

/// The header every generated sheet starts with (its line 1): known field names, so that the reader
/// finds it there.
pub const HEADER: [&str; 6] = [
    "nom_apprenant",
    "prenom_apprenant",
    "date_de_naissance_apprenant",
    "annee_scolaire",
    "code_postal_apprenant",
    "sexe_apprenant",
];

/// Values a learner file holds. None is blank, a field name, or holds a separator, a quote or
/// markup, so a cell holding one is surely a non-blank cell in every format.
const WORDS: [&str; 12] = [
    "Durand",
    "Léa",
    "Inès",
    "2005-03-14",
    "2025-2026",
    "0755805C",
    "77568013501139",
    "75002",
    "F",
    "1",
    "Zoë François",
    "a@example.fr",
];

/// Markup and references that a text may carry raw into an XML part.
const MARKUP: [&str; 14] = [
    "&#50;",
    "&#x32;",
    "&amp;",
    "&lt;b&gt;",
    "&#0;",
    "&#x1B;",
    "&unknown;",
    "&#1114112;",
    "&#xD800;",
    "<b>",
    "]]>",
    "<![CDATA[x]]>",
    "&",
    "<?pi x?>",
];

/// The last row a sheet has (Excel, `LibreOffice`): no line of a table may be beyond it.
pub const LAST_LINE: u32 = 1_048_576;

/// The most columns the reader accepts by default: a value beyond is refused, not read.
const MAX_COLUMNS: u32 = 1_000;

/// A cell's text. Mostly words (so that most rows are surely non-blank and the expectations
/// have rows to check); a data source run dry gives words too.
#[derive(Debug, Clone)]
pub enum Text {
    /// One of the words of a learner file (`WORDS`): surely non-blank.
    Word(u8),
    /// A letter repeated `count` times (around Excel's 32 767-character limit), or 16 times more
    /// when `factor` is 255 (far beyond it: rare, so that most inputs stay quick to read).
    Long(u16, u8),
    /// Blank: empty, spaces, a tab, a no-break space, a line break.
    Blank(u8),
    /// A word with a control character (C0 but tab and line breaks, DEL, C1) inserted.
    Control(u8, u8),
    /// Raw markup or a character reference (written unescaped into XML).
    Markup(u8),
    /// Any bytes (invalid UTF-8 included), written as they are.
    Raw(Vec<u8>),
}

impl<'a> Arbitrary<'a> for Text {
    fn arbitrary(data: &mut Unstructured<'a>) -> arbitrary::Result<Text> {
        Ok(match u8::arbitrary(data)? {
            0..=149 => Text::Word(data.arbitrary()?),
            150..=169 => Text::Blank(data.arbitrary()?),
            170..=189 => Text::Control(data.arbitrary()?, data.arbitrary()?),
            190..=209 => Text::Markup(data.arbitrary()?),
            210..=234 => Text::Long(data.arbitrary()?, data.arbitrary()?),
            _ => Text::Raw(data.arbitrary()?),
        })
    }
}

impl Text {
    /// The text as it is meant (before any escaping); `Raw` bytes and `Markup` as written.
    pub fn bytes(&self) -> Vec<u8> {
        match self {
            Text::Word(index) => pick(&WORDS, *index).as_bytes().to_vec(),
            Text::Long(count, factor) => vec![b'x'; usize::from(*count) * if *factor == 255 { 16 } else { 1 }],
            Text::Blank(kind) => pick(&["", " ", "   ", "\t", "\u{a0}", "\r\n"], *kind)
                .as_bytes()
                .to_vec(),
            Text::Control(index, control) => {
                let word = pick(&WORDS, *index);
                let control = control_char(*control);
                let (head, tail) = word.split_at(word.char_indices().nth(1).map_or(word.len(), |(at, _)| at));
                format!("{head}{control}{tail}").into_bytes()
            }
            Text::Markup(index) => pick(&MARKUP, *index).as_bytes().to_vec(),
            Text::Raw(bytes) => bytes.clone(),
        }
    }

    /// The text as a string (invalid UTF-8 replaced): for the formats that store UTF-16.
    pub fn string(&self) -> String {
        String::from_utf8_lossy(&self.bytes()).into_owned()
    }

    /// Whether a cell holding this text is surely non-blank (whatever the reader makes of control
    /// characters, a word stays).
    pub fn sure(&self) -> bool {
        matches!(self, Text::Word(_) | Text::Control(..)) || matches!(self, Text::Long(count, _) if *count > 0)
    }

    /// The text for an XML part: escaped, except `Markup` and `Raw`, which go in as they are;
    /// control characters stay raw when `raw_controls`, else become character references.
    pub fn xml(&self, raw_controls: bool) -> Vec<u8> {
        match self {
            // Long texts need no escaping (and are the ones escaping would slow down).
            Text::Markup(_) | Text::Raw(_) | Text::Long(..) => self.bytes(),
            _ => escape(&self.string(), raw_controls).into_bytes(),
        }
    }
}

/// The control character a [`Text::Control`] inserts: C0 but tab, LF and CR; DEL; C1.
fn control_char(index: u8) -> char {
    let controls: Vec<char> = (0_u8..0x20)
        .filter(|byte| !matches!(byte, b'\t' | b'\n' | b'\r'))
        .map(char::from)
        .chain(['\u{7f}', '\u{80}', '\u{9b}', '\u{9f}'])
        .collect();
    controls[usize::from(index) % controls.len()]
}

/// The `index`-th item of `items`, wrapping.
pub fn pick<T: Copy>(items: &[T], index: u8) -> T {
    items[usize::from(index) % items.len()]
}

/// Escapes a text for an XML attribute or element; control characters raw or as references.
pub fn escape(text: &str, raw_controls: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(character),
            control if control.is_control() && !raw_controls => {
                let _ = write!(out, "&#{};", u32::from(control));
            }
            other => out.push(other),
        }
    }
    out
}

/// Numbers at the edges the readers care about: Excel's rows and columns, 16, 31, 32, 53 and 64
/// bits, and beyond.
const EDGES: [i128; 24] = [
    0,
    1,
    2,
    20,
    21,
    16_383,
    16_384,
    16_385,
    32_767,
    32_768,
    65_536,
    1_048_575,
    1_048_576,
    1_048_577,
    2_147_483_647,
    2_147_483_648,
    4_294_967_295,
    4_294_967_296,
    4_294_967_297,
    9_007_199_254_740_993,
    9_223_372_036_854_775_808,
    18_446_744_073_709_551_615,
    18_446_744_073_709_551_616,
    100_000_000_000_000_000_000,
];

/// A number as a file writes it: its value and its spelling.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Spelled {
    value: Number,
    spelling: Spelling,
}

/// A number's value: mostly small.
#[derive(Debug, Clone, Copy)]
pub enum Number {
    /// A small count or index.
    Small(u8),
    /// One of the edges (`EDGES`), minus `offset % 4` (so 1 048 574, 4 294 967 294…).
    Edge(u8, u8),
    /// The opposite of an edge (−1, −2³¹…).
    Negative(u8),
    /// Anything.
    Any(u64),
}

/// How a number is spelled in a file: mostly plainly.
#[derive(Debug, Clone, Copy)]
pub enum Spelling {
    /// `5`.
    Plain,
    /// `0005`.
    LeadingZeros,
    /// `&#53;` for the first digit (XML), as calamine unescapes it.
    DecimalReference,
    /// `&#x35;` for every digit (XML).
    HexReferences,
    /// ` 5 `: XML collapses it for numbers, a strict parser refuses it.
    Spaces,
    /// `+5`.
    Plus,
    /// `5.0`.
    Decimal,
    /// `5e0`.
    Exponent,
    /// `5x`: garbage after the digits.
    Garbage,
}

impl<'a> Arbitrary<'a> for Number {
    fn arbitrary(data: &mut Unstructured<'a>) -> arbitrary::Result<Number> {
        Ok(match u8::arbitrary(data)? {
            0..=127 => Number::Small(data.arbitrary()?),
            128..=199 => Number::Edge(data.arbitrary()?, data.arbitrary()?),
            200..=219 => Number::Negative(data.arbitrary()?),
            _ => Number::Any(data.arbitrary()?),
        })
    }
}

impl<'a> Arbitrary<'a> for Spelling {
    fn arbitrary(data: &mut Unstructured<'a>) -> arbitrary::Result<Spelling> {
        Ok(match u8::arbitrary(data)? {
            0..=159 => Spelling::Plain,
            160..=174 => Spelling::LeadingZeros,
            175..=189 => Spelling::DecimalReference,
            190..=204 => Spelling::HexReferences,
            205..=214 => Spelling::Spaces,
            215..=224 => Spelling::Plus,
            225..=234 => Spelling::Decimal,
            235..=244 => Spelling::Exponent,
            _ => Spelling::Garbage,
        })
    }
}

impl Number {
    /// The value.
    pub fn value(self) -> i128 {
        match self {
            Number::Small(value) => i128::from(value),
            Number::Edge(index, offset) => pick(&EDGES, index) - i128::from(offset % 4),
            Number::Negative(index) => -pick(&EDGES, index).max(1),
            Number::Any(value) => i128::from(value),
        }
    }
}

impl Spelled {
    /// A plain small number.
    pub fn small(value: u8) -> Spelled {
        Spelled {
            value: Number::Small(value),
            spelling: Spelling::Plain,
        }
    }

    /// The value the file means, when every reader must agree on it: `None` for the spellings
    /// whose meaning is open (spaces, a sign, a decimal point, an exponent, garbage), or when the
    /// spelling uses character references and `xml` is false.
    pub fn meaning(&self, xml: bool) -> Option<i128> {
        match self.spelling {
            Spelling::Plain | Spelling::LeadingZeros => Some(self.value.value()),
            Spelling::DecimalReference | Spelling::HexReferences if xml => Some(self.value.value()),
            _ => None,
        }
    }

    /// The text written in the file.
    pub fn text(&self) -> String {
        let value = self.value.value();
        let digits = value.to_string();
        match self.spelling {
            Spelling::Plain => digits,
            Spelling::LeadingZeros if value >= 0 => format!("000{digits}"),
            Spelling::LeadingZeros => format!("-000{}", value.unsigned_abs()),
            Spelling::DecimalReference => {
                let first = digits.chars().next().map_or(0, u32::from);
                format!("&#{first};{}", &digits[1..])
            }
            Spelling::HexReferences => digits.chars().fold(String::new(), |mut out, digit| {
                let _ = write!(out, "&#x{:x};", u32::from(digit));
                out
            }),
            Spelling::Spaces => format!(" {digits} "),
            Spelling::Plus => format!("+{digits}"),
            Spelling::Decimal => format!("{digits}.0"),
            Spelling::Exponent => format!("{digits}e0"),
            Spelling::Garbage => format!("{digits}x"),
        }
    }
}

/// The spreadsheet letters of a column counted from 0 (`A`, `Z`, `AA`, … beyond `XFD` too).
pub fn column_letters(column: u64) -> String {
    let mut letters = Vec::new();
    let mut rest = column + 1;
    while rest > 0 {
        let digit = u8::try_from((rest - 1) % 26).unwrap_or(0);
        letters.push(b'A' + digit);
        rest = (rest - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// A zip archive of `parts`, each deflated or stored.
pub fn archive(parts: &[(String, Vec<u8>)], deflate: bool) -> Vec<u8> {
    let method = if deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let options = SimpleFileOptions::default().compression_method(method);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        // A name twice is refused by the writer: the first one stays.
        if zip.start_file(name.as_str(), options).is_ok() {
            zip.write_all(bytes).expect("writing in memory");
        }
    }
    zip.finish().expect("writing in memory").into_inner()
}

/// What the reader must do with the rows of one sheet, when it reads it.
#[derive(Debug, Clone, Default)]
pub struct SheetExpect {
    /// The lines holding a surely non-blank cell within the columns read: each must be a line of
    /// the table (unless it is at or above the header, or repeats it).
    pub present: BTreeSet<u32>,
    /// A surely non-blank row beyond the sheet's last row (or beyond 2³²): the file must be refused,
    /// since reading it would lose or misnumber that row.
    pub beyond: bool,
    /// Every line a row may be reported under; `None` when a row's number is open to readings.
    pub possible: Option<BTreeSet<u32>>,
}

impl SheetExpect {
    /// An expectation that holds nothing (a sheet whose structure lies too much to predict).
    pub fn unknown() -> SheetExpect {
        SheetExpect {
            present: BTreeSet::new(),
            beyond: false,
            possible: None,
        }
    }

    /// A row at `line` (its meaning, `None` if open), surely non-blank or not.
    pub fn row(&mut self, line: Option<i128>, sure: bool) {
        let Some(line) = line else {
            self.possible = None;
            return;
        };
        if line > i128::from(LAST_LINE) {
            self.beyond |= sure;
            return;
        }
        match u32::try_from(line) {
            Ok(line) if line >= 1 => {
                if sure {
                    self.present.insert(line);
                }
                if let Some(possible) = &mut self.possible {
                    possible.insert(line);
                }
            }
            // Row 0 or below: no reading is the right one.
            _ => self.possible = None,
        }
    }

    /// `count` consecutive rows from `first`; only their bounds when there are many.
    pub fn rows(&mut self, first: i128, count: i128, sure: bool) {
        if count <= 0 {
            return;
        }
        let last = first + count - 1;
        if count > 64 && first <= i128::from(LAST_LINE) {
            // Many rows: keep the bounds only, the lines in between are not checked one by one.
            self.row(Some(first), sure);
            self.row(Some(last.min(i128::from(LAST_LINE))), sure);
            self.possible = None;
            self.beyond |= sure && last > i128::from(LAST_LINE);
        } else {
            for line in first..=last.min(first + 64) {
                self.row(Some(line), sure);
            }
        }
    }
}

/// What the reader must do with a generated file: for each worksheet, by name, what it must do
/// with its rows (`None`: nothing predicted). A CSV file has one entry, named "".
#[derive(Debug, Clone, Default)]
pub struct Expect {
    /// The worksheets, by name.
    pub sheets: Vec<(String, Option<SheetExpect>)>,
}

/// Reads `bytes` as `name` and holds the outcome to the invariants and to `expect`: a table or a
/// French error, never a panic (nor one caught by the reader's last-resort net, which WebAssembly
/// does not have); a table's lines strictly increasing, below the header and within the sheet, one
/// line report per row with its number; every surely non-blank row present, no row invented, no
/// row beyond the sheet read silently.
pub fn check(bytes: &[u8], name: &str, expect: &Expect) {
    let sheet = match read(bytes, name, &ReadOptions::default()) {
        Ok(sheet) => sheet,
        Err(ReadError::Corrupted { detail, .. }) => {
            assert!(
                !detail.starts_with("the reader stopped"),
                "a panic reached the net: {detail}"
            );
            return;
        }
        Err(error) => {
            assert!(!error.to_string().is_empty());
            return;
        }
    };
    let lines: Vec<u32> = sheet.table.rows.iter().map(|row| row.line).collect();
    let header_line = sheet.info.header_line;
    assert!(lines.windows(2).all(|pair| pair[0] < pair[1]), "{lines:?}");
    assert!(
        lines.first().is_none_or(|first| *first > header_line),
        "{header_line} {lines:?}"
    );
    assert!(lines.last().is_none_or(|last| *last <= LAST_LINE), "{lines:?}");
    let today = Date::from_ymd(2026, 1, 15).expect("a real day");
    let report = effectifs_core::validate(&sheet.table, Profile::Televersement, today);
    let reported: Vec<u32> = report.lines.iter().map(|line| line.line).collect();
    assert_eq!(reported, lines, "one line report per row, with its number");

    let read_name = sheet.info.sheet.clone().unwrap_or_default();
    let mut matching = expect.sheets.iter().filter(|(sheet, _)| *sheet == read_name);
    let (Some((_, Some(expected))), None) = (matching.next(), matching.next()) else {
        return;
    };
    assert!(
        !expected.beyond,
        "a non-blank row beyond line {LAST_LINE} was read without a word: {lines:?}"
    );
    let repeated: BTreeSet<u32> = sheet
        .warnings
        .iter()
        .filter_map(|warning| match warning {
            ReadWarning::HeaderRepeated { line, .. } => Some(*line),
            _ => None,
        })
        .collect();
    let table: BTreeSet<u32> = lines.iter().copied().collect();
    let lost: Vec<u32> = expected
        .present
        .iter()
        .copied()
        .filter(|line| *line > header_line && !table.contains(line) && !repeated.contains(line))
        .collect();
    assert!(
        lost.is_empty(),
        "non-blank lines lost without a word: {lost:?}, read {lines:?}"
    );
    if let Some(possible) = &expected.possible {
        let invented: Vec<u32> = lines.iter().copied().filter(|line| !possible.contains(line)).collect();
        assert!(invented.is_empty(), "lines no row has: {invented:?}");
    }
}

/// A sheet of a workbook (`.xlsx`, `.xlsb`): its name, the part it points at, its state.
#[derive(Arbitrary, Debug)]
pub struct SheetEntry {
    /// Its name (`Feuille<n>` when `None`).
    name: Option<Text>,
    /// The part it points at (modulo the parts: several sheets may share one).
    part: u8,
    /// 0 visible, 1 hidden, 2 very hidden, more: a state no one knows.
    state: u8,
    /// Points at a relationship that does not exist (when 255: rare, so that most sheets can be
    /// read).
    dangling: u8,
}

impl SheetEntry {
    /// The name the workbook gives sheet `number` (from 1), and whether a reader must give it back
    /// as it is (a default name or a word: the expectations are looked up by it).
    pub fn name(&self, number: u32) -> (String, bool) {
        match &self.name {
            None => (format!("Feuille{number}"), true),
            Some(text) => (text.string(), matches!(text, Text::Word(_))),
        }
    }

    /// The name as text, when it is one (to be written in the format's own way).
    pub fn name_text(&self) -> Option<&Text> {
        self.name.as_ref()
    }

    /// The state, as a number to pick from.
    pub fn state(&self) -> u8 {
        self.state
    }

    /// The part (among `parts`) the sheet points at, `None` when it points nowhere.
    pub fn part(&self, parts: usize) -> Option<usize> {
        (parts > 0 && self.dangling != 255).then(|| usize::from(self.part) % parts)
    }

    /// The sheet's relationship id: `rId<part + 1>`, or one that does not exist.
    pub fn relationship(&self, parts: usize) -> String {
        self.part(parts)
            .map_or_else(|| "rId999".to_owned(), |part| format!("rId{}", part + 1))
    }
}

/// A column index for a cell: the next one, a small one, or one at an edge.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Column {
    /// The column after the previous cell's.
    Next,
    /// A column among the first 256.
    Small(u8),
    /// An edge (999, 1 000, 16 383, 16 384, 2³²−1…).
    Edge(u8),
}

impl Column {
    /// The column (from 0) this gives after `previous` (the last cell's column, if any).
    pub fn resolve(self, previous: Option<u64>) -> u64 {
        match self {
            Column::Next => previous.map_or(0, |previous| previous + 1),
            Column::Small(column) => u64::from(column),
            Column::Edge(index) => pick(
                &[999, 1_000, 1_001, 16_383, 16_384, 65_535, 4_294_967_295, 4_294_967_296],
                index,
            ),
        }
    }
}

/// The cells a row writes, column by column: a column written twice holds whichever write the
/// reader keeps, so it is surely non-blank only when every write to it is.
#[derive(Debug, Default)]
pub struct RowCells(BTreeMap<u64, bool>);

impl RowCells {
    /// A write to `column`, surely non-blank or not.
    pub fn write(&mut self, column: u64, sure: bool) {
        self.0.entry(column).and_modify(|all| *all &= sure).or_insert(sure);
    }

    /// Whether some column surely holds a non-blank value.
    pub fn sure(&self) -> bool {
        self.0.values().any(|&sure| sure)
    }
}

/// Whether a value in column `column` (from 0) is read as part of the table (not refused).
pub fn within_columns(column: u64) -> bool {
    column < u64::from(MAX_COLUMNS)
}
