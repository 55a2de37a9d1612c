//! Delimited text (CSV, TSV, Excel's "Texte Unicode"): encoding and delimiter detection (D3), then
//! every field as text, each record numbered with the file line where it starts.

use std::borrow::Cow;

use csv::{ByteRecord, ReaderBuilder};
use effectifs_core::{Cell, Row};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::limits::{Budget, Limits};
use super::{FileFormat, FileInfo, HEADER_SEARCH_ROWS, ReadError, Sheet, header};

/// The delimiters we recognise, in order of preference when the evidence is even.
const DELIMITERS: [u8; 4] = [b';', b',', b'\t', b'|'];

/// How many records the delimiter detection looks at.
const SNIFF_RECORDS: usize = 50;

/// How many bytes of the text the delimiter detection looks at.
const SNIFF_BYTES: usize = 1024 * 1024;

/// How many characters the binary-content check looks at.
const BINARY_SAMPLE: usize = 64 * 1024;

/// Reads `bytes` (not a zip or OLE2 file) as delimited text.
pub(super) fn read(bytes: &[u8], file_name: &str, limits: &Limits) -> Result<Sheet, ReadError> {
    let (text, encoding) = decode(bytes);
    if looks_binary(&text) {
        return Err(ReadError::NotASpreadsheet);
    }
    let content = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    if content.is_empty() {
        return Err(ReadError::Empty);
    }
    if content.starts_with('<') {
        return Err(ReadError::WebPageOrXml);
    }
    let delimiter = sniff_delimiter(&text);
    prescan(text.as_bytes(), delimiter, limits)?;
    let rows = parse(&text, delimiter, limits)?;
    let header_index = header::find(&rows).ok_or(ReadError::NoHeader { sheets: Vec::new() })?;
    let (header_line, table, warnings) = super::table_below_header(rows, header_index);
    Ok(Sheet {
        info: FileInfo {
            name: file_name.to_owned(),
            format: FileFormat::Csv,
            sheet: None,
            sheets: Vec::new(),
            hidden_sheets: Vec::new(),
            sheet_choice: Vec::new(),
            encoding: Some(encoding.to_owned()),
            delimiter: Some(char::from(delimiter)),
            header_line,
        },
        table,
        warnings,
    })
}

/// The text of the file and the name of its encoding: a BOM decides; else valid UTF-8 is UTF-8;
/// else UTF-16 without BOM if the zero bytes say so; else Windows-1252, the usual French Excel export.
fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        let (text, _) = encoding.decode_without_bom_handling(body);
        let name = if encoding == UTF_8 {
            "UTF-8 (BOM)"
        } else {
            encoding.name()
        };
        return (text, name);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => return (Cow::Borrowed(text), "UTF-8"),
        // Cut in the middle of a character at the very end: still UTF-8.
        Err(error) if error.error_len().is_none() => return (String::from_utf8_lossy(bytes), "UTF-8"),
        Err(_) => {}
    }
    let encoding = utf16_without_bom(bytes).unwrap_or(WINDOWS_1252);
    (encoding.decode_without_bom_handling(bytes).0, encoding.name())
}

/// UTF-16 without a BOM shows as a zero byte in every other position (for the Latin text of a CSV).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = bytes.get(..1024).unwrap_or(bytes);
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros_at = |parity: usize| sample.iter().skip(parity).step_by(2).filter(|byte| **byte == 0).count();
    let (even, odd) = (zeros_at(0), zeros_at(1));
    let mostly = |count: usize| count * 10 >= pairs * 4;
    let rarely = |count: usize| count * 10 <= pairs;
    if mostly(odd) && rarely(even) {
        Some(UTF_16LE)
    } else if mostly(even) && rarely(odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Binary content decodes into control characters that text never holds: more than 1 % of them in
/// the first characters means it is not a text file.
fn looks_binary(text: &str) -> bool {
    let mut total = 0_usize;
    let mut suspicious = 0_usize;
    for c in text.chars().take(BINARY_SAMPLE) {
        total += 1;
        let control = (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{1A}'))
            || ('\u{80}'..='\u{9F}').contains(&c);
        suspicious += usize::from(control);
    }
    suspicious * 100 > total
}

fn reader_builder(delimiter: u8) -> ReaderBuilder {
    let mut builder = ReaderBuilder::new();
    builder.has_headers(false).flexible(true).delimiter(delimiter);
    builder
}

/// The delimiter that best splits the first records: the one whose split names the most known
/// columns in one row, then the one giving the same number of fields (more than one) to the most
/// records, then the one giving more fields; `;` first on a tie.
fn sniff_delimiter(text: &str) -> u8 {
    // The first records fit in the first mebibyte of any real file; looking no further keeps a
    // record of millions of separators from being split four times before the limits see it.
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = text.get(..end).unwrap_or_default();
    let mut best = (DELIMITERS[0], (0, 0, 0));
    for delimiter in DELIMITERS {
        let score = delimiter_score(text, delimiter);
        if score > best.1 {
            best = (delimiter, score);
        }
    }
    best.0
}

fn delimiter_score(text: &str, delimiter: u8) -> (usize, usize, usize) {
    let mut reader = reader_builder(delimiter).from_reader(text.as_bytes());
    let mut record = ByteRecord::new();
    let mut known = 0;
    let mut counts = Vec::with_capacity(SNIFF_RECORDS);
    for index in 0..SNIFF_RECORDS {
        if !matches!(reader.read_byte_record(&mut record), Ok(true)) {
            break;
        }
        if u32::try_from(index).is_ok_and(|index| index < HEADER_SEARCH_ROWS) {
            known = known.max(header::count_known(
                record.iter().filter_map(|field| std::str::from_utf8(field).ok()),
            ));
        }
        if record.iter().any(|field| !field.trim_ascii().is_empty()) {
            counts.push(record.len());
        }
    }
    counts.sort_unstable();
    // The most frequent field count (the larger one on a tie) and how often it occurs.
    let (mut mode, mut frequency) = (0, 0);
    for run in counts.chunk_by(|a, b| a == b) {
        if let Some(&count) = run.first()
            && run.len() >= frequency
        {
            (mode, frequency) = (count, run.len());
        }
    }
    (known, if mode > 1 { frequency } else { 0 }, mode)
}

/// Every non-blank record of the text, each with the line number of its first character, within the
/// limits (empty fields after the last non-empty one are not kept).
fn parse(text: &str, delimiter: u8, limits: &Limits) -> Result<Vec<Row>, ReadError> {
    let mut budget = Budget::new(limits);
    let bytes = text.as_bytes();
    let mut reader = reader_builder(delimiter).from_reader(bytes);
    let mut record = ByteRecord::new();
    // The reader counts `\n` line breaks; only old Mac files (a lone `\r`) need a recount.
    let mut recount = has_lone_return(text).then_some(LineCounter { bytes, at: 0, line: 1 });
    let mut rows = Vec::new();
    while let Ok(true) = reader.read_byte_record(&mut record) {
        let (offset, line) = record.position().map_or((0, 1), |position| {
            (usize::try_from(position.byte()).unwrap_or(usize::MAX), position.line())
        });
        let line = match &mut recount {
            Some(counter) => counter.line_at(offset),
            None => u32::try_from(line)
                .unwrap_or(u32::MAX)
                .saturating_add(skipped_feeds(bytes, offset)),
        };
        // Blank records (separators and blanks only) are not rows (D3): skip them before anything.
        if record.iter().all(|field| field.trim_ascii().is_empty()) {
            continue;
        }
        // One UTF-8 check per record: the fields of a decoded text split at ASCII delimiters are
        // valid UTF-8, and slicing them out only checks character boundaries. (`from_utf8` first:
        // its ASCII fast path is several times faster than the lossy decoder's, never needed here.)
        let joined = std::str::from_utf8(record.as_slice())
            .map_or_else(|_| String::from_utf8_lossy(record.as_slice()), Cow::Borrowed);
        let used = (0..record.len())
            .rposition(|index| record.get(index).is_some_and(|field| !field.is_empty()))
            .map_or(0, |last| last + 1);
        let cells = (0..used)
            .map(|index| match record.range(index).and_then(|range| joined.get(range)) {
                None | Some("") => Cell::Empty,
                Some(field) => Cell::Text(field.into()),
            })
            .collect();
        let row = Row { line, cells };
        budget.whole_row(&row)?;
        rows.push(row);
    }
    Ok(rows)
}

/// Walks the text as the CSV reader will split it (its defaults: a quote opens a quoted field only
/// at a field's start, `""` inside is a quote, a line ends at `\r`, `\n` or `\r\n`), before it
/// does, and refuses what it would read wrongly or at a cost out of proportion: a quote opened and
/// never closed (the reader would take the rest of the file as one cell, and the lines after it
/// would vanish without a word), and a record of more fields than [`max_fields`] (the reader keeps
/// every field's bounds: 100 million separators on one line would take 800 Mo before any limit is
/// checked). It jumps from quote to line break with `memchr`; delimiters are counted (a vectorised
/// count) only in a record long enough to hold too many: a record of `n` bytes has at most `n + 1`
/// fields, so a real file's records are never counted and the walk costs a small part of the parse.
fn prescan(bytes: &[u8], delimiter: u8, limits: &Limits) -> Result<(), ReadError> {
    let max = max_fields(limits);
    let (mut at, mut line, mut record_line, mut fields) = (0, 1_u32, 1_u32, 1_u64);
    // Where the current record starts, and whether its delimiters are being counted.
    let (mut record_start, mut counting) = (0, false);
    loop {
        let rest = bytes.get(at..).unwrap_or_default();
        let next = memchr::memchr3(b'"', b'\n', b'\r', rest);
        let plain = rest.get(..next.unwrap_or(rest.len())).unwrap_or_default();
        if !counting && u64::try_from(at + plain.len() - record_start).unwrap_or(u64::MAX) >= max {
            // Long enough to reach the limit: walked again from its start, counting this time.
            (at, line, fields, counting) = (record_start, record_line, 1, true);
            continue;
        }
        if counting {
            fields += count_byte(plain, delimiter);
            if fields > max {
                return Err(ReadError::TooManyFields { line: record_line, max });
            }
        }
        let Some(offset) = next else {
            return Ok(());
        };
        let at_byte = at + offset;
        match bytes.get(at_byte) {
            Some(b'"') => {
                let field_start = at_byte == 0
                    || bytes
                        .get(at_byte - 1)
                        .is_some_and(|byte| *byte == delimiter || matches!(byte, b'\n' | b'\r'));
                at = at_byte + 1;
                if field_start {
                    let opened = line;
                    // To the quote that closes the field (`""` is a quote inside it).
                    loop {
                        let quoted = bytes.get(at..).unwrap_or_default();
                        let Some(quote) = memchr::memchr(b'"', quoted) else {
                            return Err(ReadError::UnclosedQuote { line: opened });
                        };
                        line = line.saturating_add(line_breaks(quoted.get(..quote).unwrap_or_default()));
                        at += quote + 1;
                        if bytes.get(at) == Some(&b'"') {
                            at += 1;
                        } else {
                            break;
                        }
                    }
                }
            }
            Some(b'\r') if bytes.get(at_byte + 1) == Some(&b'\n') => {
                (at, line, fields) = (at_byte + 2, line.saturating_add(1), 1);
                (record_line, record_start, counting) = (line, at, false);
            }
            _ => {
                (at, line, fields) = (at_byte + 1, line.saturating_add(1), 1);
                (record_line, record_start, counting) = (line, at, false);
            }
        }
    }
}

/// How many times `byte` occurs in `bytes` (a loop the compiler vectorises).
#[allow(
    clippy::naive_bytecount,
    reason = "the compiler vectorises it; no extra crate needed"
)]
fn count_byte(bytes: &[u8], byte: u8) -> u64 {
    u64::try_from(bytes.iter().filter(|each| **each == byte).count()).unwrap_or(u64::MAX)
}

/// The line breaks in `bytes`: `\r\n`, `\n` and a lone `\r` count one each.
fn line_breaks(bytes: &[u8]) -> u32 {
    let feeds = count_byte(bytes, b'\n');
    let returns = count_byte(bytes, b'\r');
    let pairs = if returns == 0 {
        0
    } else {
        u64::try_from(bytes.windows(2).filter(|pair| pair == b"\r\n").count()).unwrap_or(0)
    };
    u32::try_from(feeds + returns - pairs).unwrap_or(u32::MAX)
}

/// The most fields a CSV record may have, empty ones included: a hundred times the column limit
/// (100 000 by default; exports padded with empty columns up to a sheet's edge have 16 384).
fn max_fields(limits: &Limits) -> u64 {
    u64::from(limits.max_columns).saturating_mul(100)
}

/// Does the text hold a `\r` that is not part of a `\r\n`?
fn has_lone_return(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices('\r')
        .any(|(at, _)| bytes.get(at + 1) != Some(&b'\n'))
}

/// The `\n` of the blank lines the reader skipped before the record it placed at `offset`.
fn skipped_feeds(bytes: &[u8], offset: usize) -> u32 {
    let blank = bytes
        .get(offset..)
        .unwrap_or_default()
        .iter()
        .take_while(|byte| matches!(byte, b'\r' | b'\n'));
    u32::try_from(blank.filter(|byte| **byte == b'\n').count()).unwrap_or(u32::MAX)
}

/// Turns byte offsets (increasing) into 1-based line numbers, counting `\r\n`, `\n` and a lone `\r`
/// each as one line break (for files with lone `\r`, which the CSV reader does not count).
struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u32,
}

impl LineCounter<'_> {
    #[allow(
        clippy::naive_bytecount,
        reason = "the compiler vectorises these counts; no extra crate needed"
    )]
    fn line_at(&mut self, offset: usize) -> u32 {
        // The reader may place a record before the blank lines it skipped: start at its first byte.
        let mut start = offset.min(self.bytes.len());
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if let Some(skipped) = self.bytes.get(self.at..start) {
            let feeds = skipped.iter().filter(|byte| **byte == b'\n').count();
            let returns = skipped.iter().filter(|byte| **byte == b'\r').count();
            // A `\r` followed by `\n` is one break with it; `start` never points at a `\n`.
            let paired = if returns == 0 {
                0
            } else {
                let after = skipped.get(1..).unwrap_or_default();
                skipped
                    .iter()
                    .zip(after)
                    .filter(|(byte, next)| **byte == b'\r' && **next == b'\n')
                    .count()
            };
            let breaks = u32::try_from(feeds + returns - paired).unwrap_or(u32::MAX);
            self.line = self.line.saturating_add(breaks);
            self.at = start;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::{Limits, ReadError, prescan};

    /// The quoting and field counts the prescan sees, as the CSV reader would split the text.
    #[test]
    fn prescan_finds_unclosed_quotes_and_long_records() {
        let limits = Limits {
            max_columns: 1,
            ..Limits::default()
        };
        let cases: [(&str, Result<(), ReadError>); 13] = [
            ("a;b\r\nc;d\r\n", Ok(())),
            // Quotes closed, doubled inside, over line breaks, or literal inside a field.
            ("a;\"b;\r\nc\"\"d\";e\r\nf\r\n", Ok(())),
            ("a;b\"c\r\n\"d\"\r\n", Ok(())),
            ("\"\"\r\n", Ok(())),
            // Opened at a field's start and never closed: its line, after quoted line breaks too.
            ("a;\"b\r\nc\r\n", Err(ReadError::UnclosedQuote { line: 1 })),
            ("a\r\n\"x\ny\"\r\nb;\"c\rd", Err(ReadError::UnclosedQuote { line: 4 })),
            ("a\"\"\"", Ok(())),
            ("\"a\"\"", Err(ReadError::UnclosedQuote { line: 1 })),
            // 100 fields a record at most here (100 × 1 column); separators inside quotes are text.
            (&";".repeat(99), Ok(())),
            (&format!("a\n\"{}\"\n", ";".repeat(500)), Ok(())),
            // A record longer than the limit in bytes is counted, and is refused only for its fields.
            (&format!("{};{}\n", "x".repeat(300), ";".repeat(98)), Ok(())),
            (
                &format!("{};{}\n", "x".repeat(300), ";".repeat(99)),
                Err(ReadError::TooManyFields { line: 1, max: 100 }),
            ),
            (
                &format!("a\r\n\"b\nc\";{}\n", ";".repeat(99)),
                Err(ReadError::TooManyFields { line: 2, max: 100 }),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(prescan(text.as_bytes(), b';', &limits), expected, "{text:?}");
        }
    }
}
