//! Delimited text: a header and records in one of the encodings a CFA's tools write (UTF-8 with or
//! without BOM, UTF-16 with BOM, windows-1252), one of the delimiters, every line ending, whose
//! fields are hostile: quoted fields holding delimiters, quotes and line breaks, runs of thousands
//! of delimiters, quotes left open or stray, control characters, invalid bytes, long texts.

use std::collections::BTreeSet;

use arbitrary::{Arbitrary, Unstructured};

use super::{Expect, HEADER, SheetExpect, Text, pick};

/// A generated file.
#[derive(Arbitrary, Debug)]
pub struct Csv {
    encoding: u8,
    delimiter: u8,
    header_ending: Ending,
    records: Vec<Record>,
}

/// A line ending: mostly CRLF or LF.
#[derive(Debug, Clone, Copy)]
enum Ending {
    CrLf,
    Lf,
    Cr,
    /// No line ending (only meaningful for the last record).
    None,
}

#[derive(Arbitrary, Debug)]
struct Record {
    fields: Vec<Field>,
    ending: Ending,
}

/// A field: mostly one that keeps the file's structure.
#[derive(Debug)]
enum Field {
    /// A text as it is (it may hold line breaks or bytes that break the structure).
    Plain(Text),
    /// A quoted field, its pieces inside the quotes.
    Quoted(Vec<Piece>),
    /// `n` delimiters, or `1 024 × n` when the second number is 255 (rare, so that most inputs
    /// stay quick to read): as many empty fields.
    Delimiters(u8, u8),
    /// A quote that opens the field and never closes.
    Unclosed(Text),
    /// A quote in the middle of an unquoted field.
    Stray(Text),
}

#[derive(Arbitrary, Debug)]
enum Piece {
    Text(Text),
    /// `""`: one quote.
    Quote,
    Break(Ending),
    Delimiter,
}

impl<'a> Arbitrary<'a> for Ending {
    fn arbitrary(data: &mut Unstructured<'a>) -> arbitrary::Result<Ending> {
        Ok(match u8::arbitrary(data)? {
            0..=99 => Ending::CrLf,
            100..=199 => Ending::Lf,
            200..=239 => Ending::Cr,
            _ => Ending::None,
        })
    }
}

impl<'a> Arbitrary<'a> for Field {
    fn arbitrary(data: &mut Unstructured<'a>) -> arbitrary::Result<Field> {
        Ok(match u8::arbitrary(data)? {
            0..=149 => Field::Plain(data.arbitrary()?),
            150..=209 => Field::Quoted(data.arbitrary()?),
            210..=234 => Field::Delimiters(data.arbitrary()?, data.arbitrary()?),
            235..=244 => Field::Unclosed(data.arbitrary()?),
            _ => Field::Stray(data.arbitrary()?),
        })
    }
}

const DELIMITERS: [u8; 4] = [b';', b',', b'\t', b'|'];

impl Ending {
    fn bytes(self) -> &'static [u8] {
        match self {
            Ending::CrLf => b"\r\n",
            Ending::Lf => b"\n",
            Ending::Cr => b"\r",
            Ending::None => b"",
        }
    }
}

impl Csv {
    /// The file's bytes, and what the reader must do with it.
    pub fn build(&self) -> (Vec<u8>, Expect) {
        let delimiter = pick(&DELIMITERS, self.delimiter);
        let mut text = HEADER.join(&char::from(delimiter).to_string()).into_bytes();
        // A header without a line ending has no records after it.
        let header_ending = match self.header_ending {
            Ending::None => Ending::Lf,
            ending => ending,
        };
        text.extend_from_slice(header_ending.bytes());
        let mut expect = SheetExpect {
            possible: Some(BTreeSet::new()),
            ..SheetExpect::default()
        };
        // Whether every field so far keeps the file's structure (quotes closed, line breaks only
        // where meant): only then are the records' lines known.
        let mut clean = true;
        let mut starts = Vec::new();
        for (index, record) in self.records.iter().enumerate() {
            starts.push((text.len(), record));
            for (position, field) in record.fields.iter().enumerate() {
                if position > 0 {
                    text.push(delimiter);
                }
                clean &= field.write(&mut text, delimiter);
            }
            let last = index + 1 == self.records.len();
            match record.ending {
                // A record without a line ending runs into the next one.
                Ending::None if !last => clean = false,
                ending => text.extend_from_slice(ending.bytes()),
            }
        }
        if clean {
            for (start, record) in starts {
                let line = 1 + line_breaks(&text[..start]);
                let sure = record.fields.iter().any(Field::sure);
                let blank = record.fields.iter().all(Field::blank);
                if !blank {
                    expect.row(Some(i128::from(line)), sure);
                }
            }
        } else {
            expect = SheetExpect::unknown();
        }
        let bytes = self.encode(&text);
        let expect = Expect {
            sheets: vec![(String::new(), Some(expect))],
        };
        (bytes, expect)
    }

    fn encode(&self, text: &[u8]) -> Vec<u8> {
        let string = || String::from_utf8_lossy(text).into_owned();
        match self.encoding % 5 {
            0 => text.to_vec(),
            1 => [b"\xEF\xBB\xBF".as_slice(), text].concat(),
            2 => [
                vec![0xFF, 0xFE],
                string().encode_utf16().flat_map(u16::to_le_bytes).collect(),
            ]
            .concat(),
            3 => [
                vec![0xFE, 0xFF],
                string().encode_utf16().flat_map(u16::to_be_bytes).collect(),
            ]
            .concat(),
            // windows-1252: Latin-1 letters as one byte, anything else as `?`.
            _ => string()
                .chars()
                .map(|character| u8::try_from(u32::from(character)).unwrap_or(b'?'))
                .collect(),
        }
    }
}

/// The line breaks in `text`: CRLF, LF and a lone CR each end a line.
fn line_breaks(text: &[u8]) -> u32 {
    let mut count = 0;
    let mut bytes = text.iter().peekable();
    while let Some(byte) = bytes.next() {
        match byte {
            b'\r' => {
                if bytes.peek() == Some(&&b'\n') {
                    bytes.next();
                }
                count += 1;
            }
            b'\n' => count += 1,
            _ => {}
        }
    }
    count
}

/// Whether a text written as it is keeps the structure: no quote, delimiter, line break or
/// invalid byte.
fn keeps_structure(text: &Text) -> bool {
    matches!(
        text,
        Text::Word(_) | Text::Long(..) | Text::Control(..) | Text::Markup(_)
    ) || matches!(text, Text::Blank(kind) if pick(&[true, true, true, false, true, false], *kind))
}

impl Field {
    /// Writes the field; whether it keeps the file's structure.
    fn write(&self, out: &mut Vec<u8>, delimiter: u8) -> bool {
        match self {
            Field::Plain(text) => {
                out.extend(text.bytes());
                keeps_structure(text)
            }
            Field::Quoted(pieces) => {
                out.push(b'"');
                for piece in pieces {
                    match piece {
                        Piece::Text(text) => out.extend(
                            text.bytes()
                                .iter()
                                .flat_map(|byte| if *byte == b'"' { vec![b'"', b'"'] } else { vec![*byte] }),
                        ),
                        Piece::Quote => out.extend_from_slice(b"\"\""),
                        Piece::Break(ending) => out.extend_from_slice(ending.bytes()),
                        Piece::Delimiter => out.push(delimiter),
                    }
                }
                out.push(b'"');
                pieces
                    .iter()
                    .all(|piece| !matches!(piece, Piece::Text(text) if std::str::from_utf8(&text.bytes()).is_err()))
            }
            Field::Delimiters(count, factor) => {
                let count = usize::from(*count) * if *factor == 255 { 1024 } else { 1 };
                out.extend(std::iter::repeat_n(delimiter, count));
                true
            }
            Field::Unclosed(text) => {
                out.push(b'"');
                out.extend(text.bytes());
                false
            }
            Field::Stray(text) => {
                out.extend(text.bytes());
                out.push(b'"');
                out.extend(text.bytes());
                false
            }
        }
    }

    /// Whether the field surely holds a non-blank value.
    fn sure(&self) -> bool {
        match self {
            Field::Plain(text) => text.sure(),
            Field::Quoted(pieces) => pieces
                .iter()
                .any(|piece| matches!(piece, Piece::Text(text) if text.sure()) || matches!(piece, Piece::Quote)),
            _ => false,
        }
    }

    /// Whether the field is surely blank (so that a record of such fields is no learner).
    fn blank(&self) -> bool {
        match self {
            Field::Plain(Text::Blank(_)) | Field::Delimiters(..) => true,
            Field::Quoted(pieces) => pieces.is_empty(),
            _ => false,
        }
    }
}
