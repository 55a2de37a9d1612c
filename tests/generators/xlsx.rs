//! `.xlsx`: a real Office Open XML package (`[Content_Types].xml`, relationships, workbook, shared
//! strings, styles, worksheets) whose contents are hostile: sheets sharing one part or pointing
//! nowhere, row numbers at every edge (spelled with references, reversed, colliding, omitted),
//! cell references that contradict their row, shared-string indexes out of the table, counts that
//! lie, merged areas of any size, deep nesting, long and control-laden texts, defined names.

use arbitrary::{Arbitrary, Unstructured};

use super::{
    Column, Expect, HEADER, RowCells, SheetEntry, SheetExpect, Spelled, Text, archive, column_letters, pick,
    within_columns,
};

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELATIONSHIPS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// A generated workbook.
#[derive(Arbitrary, Debug)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "each is an independent choice about the generated package"
)]
pub struct Workbook {
    sheets: Vec<SheetEntry>,
    parts: Vec<Part>,
    strings: Vec<Vec<Text>>,
    /// The shared-string table's `count` and `uniqueCount`, which may lie.
    counts: Option<(Spelled, Spelled)>,
    names: Vec<(Text, Text)>,
    styles: bool,
    date1904: bool,
    content_types: bool,
    deflate: bool,
    raw_controls: bool,
}

/// A worksheet part.
#[derive(Arbitrary, Debug)]
struct Part {
    header: bool,
    dimension: Option<(Column, Spelled)>,
    rows: Vec<Row>,
    merges: Vec<(Column, Spelled, Column, Spelled)>,
    /// Unknown elements nested this deep after the sheet data.
    nesting: u16,
}

#[derive(Arbitrary, Debug)]
struct Row {
    /// `None`: no `r` attribute (the row after the previous one).
    number: Option<Spelled>,
    cells: Vec<XCell>,
}

#[derive(Arbitrary, Debug)]
struct XCell {
    reference: Reference,
    value: Value,
    style: Option<Spelled>,
}

/// A cell's `r` attribute: rarely one that contradicts its row.
#[derive(Debug)]
enum Reference {
    /// None: the column after the previous cell's.
    Omitted,
    /// This column, on the cell's own row.
    At(Column),
    /// This column on another row than the `<row>`'s.
    Elsewhere(Column, Spelled),
}

impl<'a> Arbitrary<'a> for Reference {
    fn arbitrary(data: &mut Unstructured<'a>) -> arbitrary::Result<Reference> {
        Ok(match u8::arbitrary(data)? {
            0..=119 => Reference::Omitted,
            120..=239 => Reference::At(data.arbitrary()?),
            _ => Reference::Elsewhere(data.arbitrary()?, data.arbitrary()?),
        })
    }
}

#[derive(Arbitrary, Debug)]
enum Value {
    Inline(Text),
    Shared(Index),
    Number(f64),
    Bool(u8),
    /// A formula's text result (`t="str"`).
    Str(Text),
    Error(u8),
    /// A day serial (a date when the cell's style says so).
    Date(u16),
    Empty,
    /// An inline string whose text sits this deep in unknown elements.
    Nested(u16, Text),
}

#[derive(Arbitrary, Debug)]
enum Index {
    Valid(u8),
    Other(Spelled),
}

const ERRORS: [&str; 10] = [
    "#N/A",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#GETTING_DATA",
    "#BOGUS",
    "",
];

impl Workbook {
    /// The package's bytes, and what the reader must do with it.
    pub fn build(&self) -> (Vec<u8>, Expect) {
        let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
        if self.content_types {
            parts.push(("[Content_Types].xml".into(), self.content_types_xml().into_bytes()));
        }
        parts.push((
            "_rels/.rels".into(),
            format!(
                "<?xml version=\"1.0\"?><Relationships xmlns=\"{PACKAGE}\"><Relationship Id=\"rId1\" \
                 Type=\"{RELATIONSHIPS}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            )
            .into_bytes(),
        ));
        let sheets: Vec<(Vec<u8>, SheetExpect)> = self
            .parts
            .iter()
            .map(|part| part.xml(self, self.raw_controls))
            .collect();
        let (workbook, expect) = self.workbook_xml(&sheets);
        parts.push(("xl/workbook.xml".into(), workbook));
        parts.push(("xl/_rels/workbook.xml.rels".into(), self.relationships().into_bytes()));
        parts.push(("xl/sharedStrings.xml".into(), self.shared_strings()));
        if self.styles {
            parts.push(("xl/styles.xml".into(), styles().into_bytes()));
        }
        for (number, (sheet, _)) in (1..).zip(sheets) {
            parts.push((format!("xl/worksheets/sheet{number}.xml"), sheet));
        }
        (archive(&parts, self.deflate), expect)
    }

    fn content_types_xml(&self) -> String {
        let mut xml = String::from(
            "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/xl/workbook.xml\" \
             ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
             <Override PartName=\"/xl/sharedStrings.xml\" \
             ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>",
        );
        for number in 1..=self.parts.len() {
            xml.push_str(&format!(
                "<Override PartName=\"/xl/worksheets/sheet{number}.xml\" \
                 ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            ));
        }
        xml.push_str("</Types>");
        xml
    }

    fn workbook_xml(&self, parts: &[(Vec<u8>, SheetExpect)]) -> (Vec<u8>, Expect) {
        let mut xml =
            format!("<?xml version=\"1.0\"?><workbook xmlns=\"{MAIN}\" xmlns:r=\"{RELATIONSHIPS}\">").into_bytes();
        if self.date1904 {
            xml.extend_from_slice(b"<workbookPr date1904=\"1\"/>");
        }
        xml.extend_from_slice(b"<sheets>");
        let mut expect = Expect::default();
        for (number, sheet) in (1_u32..).zip(&self.sheets) {
            let (name_xml, name) = match (sheet.name_text(), sheet.name(number)) {
                (None, (name, _)) => (name.clone().into_bytes(), Some(name)),
                (Some(text), (name, true)) => (text.xml(false), Some(name)),
                (Some(text), _) => (text.xml(self.raw_controls), None),
            };
            let part = sheet.part(self.parts.len());
            let relationship = sheet.relationship(self.parts.len());
            let state = pick(
                &["", " state=\"hidden\"", " state=\"veryHidden\"", " state=\"bogus\""],
                sheet.state(),
            );
            xml.extend_from_slice(b"<sheet name=\"");
            xml.extend(name_xml);
            xml.extend(format!("\" sheetId=\"{number}\" r:id=\"{relationship}\"{state}/>").into_bytes());
            if let Some(name) = name {
                let expected = part
                    .and_then(|part| parts.get(part))
                    .map(|(_, expected)| expected.clone());
                expect.sheets.push((name, expected));
            }
        }
        xml.extend_from_slice(b"</sheets>");
        if !self.names.is_empty() {
            xml.extend_from_slice(b"<definedNames>");
            for (name, value) in &self.names {
                xml.extend_from_slice(b"<definedName name=\"");
                xml.extend(name.xml(self.raw_controls));
                xml.extend_from_slice(b"\">");
                xml.extend(value.xml(self.raw_controls));
                xml.extend_from_slice(b"</definedName>");
            }
            xml.extend_from_slice(b"</definedNames>");
        }
        xml.extend_from_slice(b"</workbook>");
        (xml, expect)
    }

    fn relationships(&self) -> String {
        let mut xml = format!("<?xml version=\"1.0\"?><Relationships xmlns=\"{PACKAGE}\">");
        for number in 1..=self.parts.len() {
            xml.push_str(&format!(
                "<Relationship Id=\"rId{number}\" Type=\"{RELATIONSHIPS}/worksheet\" \
                 Target=\"worksheets/sheet{number}.xml\"/>"
            ));
        }
        xml.push_str(&format!(
            "<Relationship Id=\"rIdS\" Type=\"{RELATIONSHIPS}/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        ));
        if self.styles {
            xml.push_str(&format!(
                "<Relationship Id=\"rIdT\" Type=\"{RELATIONSHIPS}/styles\" Target=\"styles.xml\"/>"
            ));
        }
        xml.push_str("</Relationships>");
        xml
    }

    fn shared_strings(&self) -> Vec<u8> {
        let counts = self.counts.map_or_else(String::new, |(count, unique)| {
            format!(" count=\"{}\" uniqueCount=\"{}\"", count.text(), unique.text())
        });
        let mut xml = format!("<?xml version=\"1.0\"?><sst xmlns=\"{MAIN}\"{counts}>").into_bytes();
        for runs in &self.strings {
            xml.extend_from_slice(b"<si>");
            if let [text] = runs.as_slice() {
                xml.extend_from_slice(b"<t xml:space=\"preserve\">");
                xml.extend(text.xml(self.raw_controls));
                xml.extend_from_slice(b"</t>");
            } else {
                for run in runs {
                    xml.extend_from_slice(b"<r><rPr><b/></rPr><t>");
                    xml.extend(run.xml(self.raw_controls));
                    xml.extend_from_slice(b"</t></r>");
                }
            }
            xml.extend_from_slice(b"</si>");
        }
        xml.extend_from_slice(b"</sst>");
        xml
    }

    /// Whether the shared string at `index` (of a valid index) is surely non-blank.
    fn shared_sure(&self, index: u8) -> bool {
        !self.strings.is_empty()
            && self.strings[usize::from(index) % self.strings.len()]
                .iter()
                .any(Text::sure)
    }
}

fn styles() -> String {
    format!(
        "<?xml version=\"1.0\"?><styleSheet xmlns=\"{MAIN}\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" \
         formatCode=\"yyyy-mm-dd\"/></numFmts><cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>\
         <xf numFmtId=\"164\"/></cellXfs></styleSheet>"
    )
}

impl Part {
    /// The part's XML, and what the reader must do with its rows.
    fn xml(&self, book: &Workbook, raw_controls: bool) -> (Vec<u8>, SheetExpect) {
        let mut expect = SheetExpect {
            possible: Some(std::collections::BTreeSet::new()),
            ..SheetExpect::default()
        };
        let mut xml = format!("<?xml version=\"1.0\"?><worksheet xmlns=\"{MAIN}\">").into_bytes();
        if let Some((column, row)) = &self.dimension {
            xml.extend(
                format!(
                    "<dimension ref=\"A1:{}{}\"/>",
                    column_letters(column.resolve(None)),
                    row.text()
                )
                .into_bytes(),
            );
        }
        xml.extend_from_slice(b"<sheetData>");
        let mut previous: Option<i128> = Some(0);
        if self.header {
            xml.extend_from_slice(b"<row r=\"1\">");
            for name in HEADER {
                xml.extend(format!("<c t=\"inlineStr\"><is><t>{name}</t></is></c>").into_bytes());
            }
            xml.extend_from_slice(b"</row>");
            previous = Some(1);
        }
        for row in &self.rows {
            let line = match &row.number {
                None => previous.map(|previous| previous + 1),
                Some(number) => number.meaning(true),
            };
            previous = line;
            let row_text = row.number.as_ref().map(Spelled::text);
            match &row_text {
                Some(text) => xml.extend(format!("<row r=\"{text}\">").into_bytes()),
                None => xml.extend_from_slice(b"<row>"),
            }
            let mut cells = RowCells::default();
            let mut certain = true;
            let mut column: Option<u64> = None;
            for cell in &row.cells {
                let (reference, at) = match &cell.reference {
                    Reference::Omitted => (None, column.map_or(0, |column| column + 1)),
                    Reference::At(wanted) => {
                        let at = wanted.resolve(column);
                        // The row's own number, spelled as the row spells it (or as its meaning).
                        let own = line.map_or_else(|| row_text.clone().unwrap_or_default(), |line| line.to_string());
                        (Some(format!("{}{own}", column_letters(at))), at)
                    }
                    Reference::Elsewhere(wanted, other) => {
                        let at = wanted.resolve(column);
                        certain = false;
                        (Some(format!("{}{}", column_letters(at), other.text())), at)
                    }
                };
                column = Some(at);
                let (body, value_sure) = cell.value.xml(book, raw_controls);
                let reference = reference.map_or_else(String::new, |reference| format!(" r=\"{reference}\""));
                let style = cell
                    .style
                    .map_or_else(String::new, |style| format!(" s=\"{}\"", style.text()));
                xml.extend(format!("<c{reference}{style}").into_bytes());
                xml.extend(body);
                // Whatever its style (even one the styles do not have), a value is non-blank.
                cells.write(
                    at,
                    value_sure && within_columns(at) && matches!(cell.reference, Reference::Omitted | Reference::At(_)),
                );
            }
            xml.extend_from_slice(b"</row>");
            if certain {
                expect.row(line, cells.sure());
            } else {
                expect.possible = None;
            }
        }
        xml.extend_from_slice(b"</sheetData>");
        if !self.merges.is_empty() {
            xml.extend(format!("<mergeCells count=\"{}\">", self.merges.len()).into_bytes());
            for (left, top, right, bottom) in &self.merges {
                xml.extend(
                    format!(
                        "<mergeCell ref=\"{}{}:{}{}\"/>",
                        column_letters(left.resolve(None)),
                        top.text(),
                        column_letters(right.resolve(None)),
                        bottom.text()
                    )
                    .into_bytes(),
                );
            }
            xml.extend_from_slice(b"</mergeCells>");
        }
        for _ in 0..self.nesting {
            xml.extend_from_slice(b"<extLst>");
        }
        for _ in 0..self.nesting {
            xml.extend_from_slice(b"</extLst>");
        }
        xml.extend_from_slice(b"</worksheet>");
        (xml, expect)
    }
}

impl Value {
    /// The rest of a `<c` element (its type attribute, `>`, its value, `</c>`), and whether the
    /// cell is surely non-blank.
    fn xml(&self, book: &Workbook, raw_controls: bool) -> (Vec<u8>, bool) {
        let text = |text: &Text| text.xml(raw_controls);
        match self {
            Value::Inline(value) => (
                [b"  t=\"inlineStr\"><is><t>".as_slice(), &text(value), b"</t></is></c>"].concat(),
                value.sure(),
            ),
            Value::Shared(Index::Valid(index)) => (
                format!(
                    " t=\"s\"><v>{}</v></c>",
                    usize::from(*index) % book.strings.len().max(1)
                )
                .into_bytes(),
                book.shared_sure(*index),
            ),
            Value::Shared(Index::Other(index)) => (format!(" t=\"s\"><v>{}</v></c>", index.text()).into_bytes(), false),
            Value::Number(number) => (format!("><v>{number}</v></c>").into_bytes(), number.is_finite()),
            Value::Bool(value) => (
                format!(" t=\"b\"><v>{}</v></c>", pick(&["0", "1", "2", "true", ""], *value)).into_bytes(),
                *value % 5 < 2,
            ),
            Value::Str(value) => (
                [b" t=\"str\"><f>A1</f><v>".as_slice(), &text(value), b"</v></c>"].concat(),
                value.sure(),
            ),
            Value::Error(code) => (
                format!(" t=\"e\"><v>{}</v></c>", pick(&ERRORS, *code)).into_bytes(),
                usize::from(*code) % ERRORS.len() < 7,
            ),
            Value::Date(day) => (format!("><v>{day}</v></c>").into_bytes(), true),
            Value::Empty => (b"/>".to_vec(), false),
            Value::Nested(depth, value) => {
                let depth = usize::from(*depth);
                let body = [
                    b" t=\"inlineStr\"><is>".as_slice(),
                    &b"<r>".repeat(depth),
                    b"<t>",
                    &text(value),
                    b"</t>",
                    &b"</r>".repeat(depth),
                    b"</is></c>",
                ]
                .concat();
                (body, false)
            }
        }
    }
}
