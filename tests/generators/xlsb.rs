//! `.xlsb`: BIFF12 records (workbook, sheets, shared strings) in a real zip with its
//! relationships, whose contents are hostile: records cut short or whose length lies, sheets
//! sharing one part or pointing nowhere, row numbers at every edge (reversed, colliding, beyond
//! the sheet), string indexes out of the table, dimensions and merged areas that lie, defined names
//! of any bytes.

use std::collections::BTreeSet;

use arbitrary::{Arbitrary, Unstructured};

use super::{Column, Expect, HEADER, Number, RowCells, SheetEntry, SheetExpect, Text, archive, pick, within_columns};

/// A generated binary workbook.
#[derive(Arbitrary, Debug)]
pub struct Workbook {
    properties: Damage,
    date1904: bool,
    /// The sheets, each with what is wrong with its record.
    sheets: Vec<(SheetEntry, Damage)>,
    names: Vec<(Text, Vec<u8>, Damage)>,
    parts: Vec<Part>,
    strings: Vec<(Text, Damage)>,
    /// The shared-string table's total and unique counts, when they lie.
    counts: Option<(Number, Number)>,
    deflate: bool,
}

/// What is wrong with a record: mostly nothing.
#[derive(Debug, Clone, Copy)]
enum Damage {
    None,
    /// The body cut to this many bytes (its header telling the cut length).
    Cut(u8),
    /// The header telling this length, whatever the body's.
    Lie(u32),
}

#[derive(Arbitrary, Debug)]
struct Part {
    header: bool,
    dimension: Option<([Number; 4], Damage)>,
    rows: Vec<BRow>,
    merges: Vec<([Number; 4], Damage)>,
}

#[derive(Arbitrary, Debug)]
struct BRow {
    /// `None`: the row after the previous one.
    number: Option<Number>,
    damage: Damage,
    cells: Vec<BCell>,
}

#[derive(Arbitrary, Debug)]
struct BCell {
    column: Column,
    value: BValue,
    damage: Damage,
}

#[derive(Arbitrary, Debug)]
enum BValue {
    Blank,
    Rk(u32),
    Error(u8),
    Bool(u8),
    Real(f64),
    Text(Text),
    /// A shared string: an index among the strings (modulo), or any number.
    Shared(Option<u8>, Number),
    FormulaText(Text),
    FormulaNumber(f64),
}

impl<'a> Arbitrary<'a> for Damage {
    fn arbitrary(data: &mut Unstructured<'a>) -> arbitrary::Result<Damage> {
        Ok(match u8::arbitrary(data)? {
            0..=219 => Damage::None,
            220..=239 => Damage::Cut(data.arbitrary()?),
            _ => Damage::Lie(data.arbitrary()?),
        })
    }
}

/// A number as a 32-bit field: wrapped, as a file that means −1 writes it.
fn field(number: Number) -> u32 {
    u32::try_from(number.value().rem_euclid(1 << 32)).unwrap_or(u32::MAX)
}

/// One record: its type (one or two bytes, 7 bits each), its length (7 bits a byte), its body,
/// damaged as told. Whether it was damaged is returned too.
fn record(kind: u16, body: &[u8], damage: Damage) -> (Vec<u8>, bool) {
    let mut out = if kind < 0x80 {
        vec![u8::try_from(kind).unwrap_or(0)]
    } else {
        vec![
            u8::try_from(kind & 0x7F).unwrap_or(0) | 0x80,
            u8::try_from(kind >> 7).unwrap_or(0),
        ]
    };
    let (body, mut size, damaged) = match damage {
        Damage::None => (body, body.len(), false),
        Damage::Cut(keep) => {
            let keep = usize::from(keep).min(body.len());
            (&body[..keep], keep, keep < body.len())
        }
        Damage::Lie(size) => {
            let size = usize::try_from(size % (1 << 28)).unwrap_or(0);
            (body, size, size != body.len())
        }
    };
    loop {
        let byte = u8::try_from(size & 0x7F).unwrap_or(0);
        size >>= 7;
        out.push(byte | if size > 0 { 0x80 } else { 0 });
        if size == 0 {
            break;
        }
    }
    out.extend_from_slice(body);
    (out, damaged)
}

/// A record never damaged.
fn sound(kind: u16, body: &[u8]) -> Vec<u8> {
    record(kind, body, Damage::None).0
}

/// An `XLWideString`: a length in UTF-16 units, then the units.
fn wide(text: &str) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut out = u32::try_from(units.len()).unwrap_or(0).to_le_bytes().to_vec();
    out.extend(units.iter().flat_map(|unit| unit.to_le_bytes()));
    out
}

fn words(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|value| value.to_le_bytes()).collect()
}

impl Workbook {
    /// The workbook's bytes, and what the reader must do with it.
    pub fn build(&self) -> (Vec<u8>, Expect) {
        let sheets: Vec<(Vec<u8>, SheetExpect)> = self.parts.iter().map(|part| part.bin(self)).collect();
        let mut expect = Expect::default();
        let mut properties = words(&[u32::from(self.date1904), 0, 0]);
        properties.extend(wide(""));
        let (properties, broken) = record(0x99, &properties, self.properties);
        let mut workbook = [sound(0x83, &[]), properties, sound(0x8F, &[])].concat();
        for (number, (sheet, damage)) in (1_u32..).zip(&self.sheets) {
            let part = sheet.part(self.parts.len());
            let relationship = sheet.relationship(self.parts.len());
            let (name, known) = sheet.name(number);
            let mut body = words(&[u32::from(sheet.state() % 4), number]);
            body.extend(wide(&relationship));
            body.extend(wide(&name));
            let (bundle, damaged) = record(0x9C, &body, *damage);
            workbook.extend(bundle);
            if known {
                let expected = part
                    .filter(|_| !damaged && !broken)
                    .and_then(|part| sheets.get(part))
                    .map(|(_, expected)| expected.clone());
                expect.sheets.push((name, expected));
            }
        }
        workbook.extend(sound(0x90, &[]));
        for (name, formula, damage) in &self.names {
            let mut body = words(&[0]);
            body.push(0);
            body.extend(words(&[u32::MAX]));
            body.extend(wide(&name.string()));
            body.extend(words(&[u32::try_from(formula.len()).unwrap_or(0)]));
            body.extend(formula);
            body.extend(words(&[0]));
            workbook.extend(record(0x27, &body, *damage).0);
        }
        workbook.extend(sound(0x84, &[]));

        let mut relationships = String::from(
            "<?xml version=\"1.0\"?><Relationships \
             xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
        );
        let mut parts = vec![
            (
                "[Content_Types].xml".to_owned(),
                b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
                  <Default Extension=\"bin\" ContentType=\"application/vnd.ms-excel.sheet.binary.macroEnabled.main\"/>\
                  <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
                  </Types>"
                    .to_vec(),
            ),
            (
                "_rels/.rels".to_owned(),
                b"<?xml version=\"1.0\"?><Relationships \
                  xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" \
                  Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" \
                  Target=\"xl/workbook.bin\"/></Relationships>"
                    .to_vec(),
            ),
            ("xl/workbook.bin".to_owned(), workbook),
        ];
        for (number, (sheet, _)) in (1..).zip(sheets) {
            relationships.push_str(&format!(
                "<Relationship Id=\"rId{number}\" \
                 Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" \
                 Target=\"worksheets/sheet{number}.bin\"/>"
            ));
            parts.push((format!("xl/worksheets/sheet{number}.bin"), sheet));
        }
        relationships.push_str("</Relationships>");
        parts.push(("xl/_rels/workbook.bin.rels".to_owned(), relationships.into_bytes()));
        parts.push(("xl/sharedStrings.bin".to_owned(), self.shared_strings()));
        (archive(&parts, self.deflate), expect)
    }

    fn shared_strings(&self) -> Vec<u8> {
        let count = u32::try_from(self.strings.len()).unwrap_or(u32::MAX);
        let (total, unique) = self
            .counts
            .map_or((count, count), |(total, unique)| (field(total), field(unique)));
        let mut out = sound(0x9F, &words(&[total, unique]));
        for (text, damage) in &self.strings {
            out.extend(record(0x13, &[vec![0], wide(&text.string())].concat(), *damage).0);
        }
        out.extend(sound(0xA0, &[]));
        out
    }

    /// Whether the shared string `index` (modulo the table) is sound and surely non-blank.
    fn shared_sure(&self, index: u8) -> bool {
        !self.strings.is_empty() && {
            let (text, damage) = &self.strings[usize::from(index) % self.strings.len()];
            text.sure() && matches!(damage, Damage::None)
        }
    }
}

impl Part {
    /// The sheet's records, and what the reader must do with its rows.
    fn bin(&self, book: &Workbook) -> (Vec<u8>, SheetExpect) {
        let mut expect = SheetExpect {
            possible: Some(BTreeSet::new()),
            ..SheetExpect::default()
        };
        let mut void = false;
        let mut out = sound(0x81, &[]);
        if let Some((bounds, damage)) = &self.dimension {
            out.extend(record(0x94, &words(&bounds.map(field)), *damage).0);
        }
        out.extend(sound(0x91, &[]));
        let row_header = |row: u32| [row.to_le_bytes().to_vec(), vec![0; 13]].concat();
        let mut previous: u32 = 0;
        if self.header {
            out.extend(sound(0x00, &row_header(0)));
            for (column, name) in (0_u32..).zip(HEADER) {
                out.extend(sound(0x06, &[words(&[column, 0]), wide(name)].concat()));
            }
        }
        for row in &self.rows {
            // Rows count from 0 in the file: `previous` is the last row's index.
            let index = row.number.map_or(previous.wrapping_add(1), field);
            previous = index;
            let (header, damaged) = record(0x00, &row_header(index), row.damage);
            out.extend(header);
            void |= damaged;
            let mut cells = RowCells::default();
            let mut column: Option<u64> = None;
            for cell in &row.cells {
                let at = cell.column.resolve(column);
                column = Some(at);
                let start = words(&[u32::try_from(at).unwrap_or(u32::MAX), 0]);
                let (kind, value, value_sure) = cell.value.bin(book);
                let (bytes, damaged) = record(kind, &[start, value].concat(), cell.damage);
                out.extend(bytes);
                void |= matches!(cell.damage, Damage::Lie(_)) && damaged;
                cells.write(at, value_sure && !damaged && within_columns(at));
            }
            expect.row(Some(i128::from(index) + 1), cells.sure());
        }
        out.extend(sound(0x92, &[]));
        if !self.merges.is_empty() {
            out.extend(sound(0xB1, &words(&[u32::try_from(self.merges.len()).unwrap_or(0)])));
            for (bounds, damage) in &self.merges {
                let (bytes, damaged) = record(0xB0, &words(&bounds.map(field)), *damage);
                out.extend(bytes);
                void |= matches!(damage, Damage::Lie(_)) && damaged;
            }
            out.extend(sound(0xB2, &[]));
        }
        out.extend(sound(0x82, &[]));
        (out, if void { SheetExpect::unknown() } else { expect })
    }
}

impl BValue {
    /// The record type, the body after the column and style, and whether the cell is surely
    /// non-blank.
    fn bin(&self, book: &Workbook) -> (u16, Vec<u8>, bool) {
        // An empty formula: no tokens, no extra bytes.
        let formula = || [0_u16.to_le_bytes().to_vec(), words(&[0, 0])].concat();
        match self {
            BValue::Blank => (0x01, Vec::new(), false),
            BValue::Rk(value) => (0x02, value.to_le_bytes().to_vec(), true),
            BValue::Error(code) => (
                0x03,
                vec![pick(&[0x00, 0x07, 0x0F, 0x17, 0x1D, 0x24, 0x2A, 0x2B, 0xFF], *code)],
                false,
            ),
            BValue::Bool(value) => (0x04, vec![*value], *value < 2),
            BValue::Real(value) => (0x05, value.to_le_bytes().to_vec(), value.is_finite()),
            BValue::Text(text) => (0x06, wide(&text.string()), text.sure()),
            BValue::Shared(Some(index), _) => {
                let at = u32::try_from(usize::from(*index) % book.strings.len().max(1)).unwrap_or(0);
                (0x07, at.to_le_bytes().to_vec(), book.shared_sure(*index))
            }
            BValue::Shared(None, number) => (0x07, field(*number).to_le_bytes().to_vec(), false),
            BValue::FormulaText(text) => (0x08, [wide(&text.string()), formula()].concat(), text.sure()),
            BValue::FormulaNumber(value) => (
                0x09,
                [value.to_le_bytes().to_vec(), formula()].concat(),
                value.is_finite(),
            ),
        }
    }
}
