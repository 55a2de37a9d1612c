//! Structure-aware generators of hostile files, run as property tests: valid archives (`.xlsb`,
//! `.xlsx`, `.ods`) and CSV texts whose contents are hostile (records cut short, indexes out of
//! range, rows past the sheet, repeats written as character references, quotes left open, control
//! characters…). Whatever is generated, reading gives a table or a French `ReadError`:
//! - never a panic, and never one caught by the reader's last-resort net (its checks must have
//!   refused the file first: the net does not exist in WebAssembly);
//! - a table's rows in strictly increasing line order, below the header, within a sheet's rows.
//!
//! The same shapes are what `fuzz/` mutates at length when a nightly toolchain is at hand; here
//! the case counts stay small so that `cargo test` stays fast.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use effectifs_sheet::{ReadError, ReadOptions, read};
use proptest::prelude::*;
use zip::write::SimpleFileOptions;

/// The checks every outcome must pass.
fn check(bytes: &[u8], name: &str) -> Result<(), TestCaseError> {
    match read(bytes, name, &ReadOptions::default()) {
        Ok(sheet) => {
            let lines: Vec<u32> = sheet.table.rows.iter().map(|row| row.line).collect();
            prop_assert!(lines.windows(2).all(|pair| pair[0] < pair[1]), "{lines:?}");
            prop_assert!(lines.first().is_none_or(|first| *first > sheet.info.header_line));
            prop_assert!(lines.last().is_none_or(|last| *last <= 1_048_576));
        }
        Err(ReadError::Corrupted { detail, .. }) => {
            prop_assert!(
                !detail.starts_with("the reader stopped"),
                "a panic reached the net: {detail}"
            );
        }
        Err(error) => prop_assert!(!error.to_string().is_empty()),
    }
    Ok(())
}

/// A zip archive of `parts`.
fn archive(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(*name, SimpleFileOptions::default()).expect("in memory");
        zip.write_all(bytes).expect("in memory");
    }
    zip.finish().expect("in memory").into_inner()
}

const HEADER: [&str; 4] = [
    "nom_apprenant",
    "prenom_apprenant",
    "date_de_naissance_apprenant",
    "annee_scolaire",
];

// ----------------------------------------------------------------------------------------------
// .xlsb: BIFF12 records, each possibly cut short

/// One record: its type (one or two bytes), its length (7 bits a byte), its body.
fn record(kind: u16, body: &[u8]) -> Vec<u8> {
    let mut out = if kind < 0x80 {
        vec![u8::try_from(kind).unwrap_or(0)]
    } else {
        vec![
            u8::try_from(kind & 0x7F).unwrap_or(0) | 0x80,
            u8::try_from(kind >> 7).unwrap_or(0),
        ]
    };
    let mut size = body.len();
    loop {
        let byte = u8::try_from(size & 0x7F).unwrap_or(0);
        size >>= 7;
        out.push(byte | if size > 0 { 0x80 } else { 0 });
        if size == 0 {
            break;
        }
    }
    out.extend_from_slice(body);
    out
}

fn wide(text: &str) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut out = u32::try_from(units.len()).unwrap_or(0).to_le_bytes().to_vec();
    out.extend(units.iter().flat_map(|unit| unit.to_le_bytes()));
    out
}

/// A body, cut to `keep` bytes when given.
fn cut(mut body: Vec<u8>, keep: Option<usize>) -> Vec<u8> {
    if let Some(keep) = keep {
        body.truncate(keep);
    }
    body
}

/// What can go wrong in a generated `.xlsb`.
#[derive(Debug, Clone)]
struct XlsbShape {
    wb_prop: Option<usize>,
    bundle: Option<usize>,
    relationship: bool,
    dimension: Option<usize>,
    strings: u32,
    /// Cells: (row, column, kind 0..5, index or cut).
    cells: Vec<(u32, u32, u8, u32)>,
}

fn xlsb_shape() -> impl Strategy<Value = XlsbShape> {
    let cut = proptest::option::weighted(0.2, 0..20_usize);
    let row = prop_oneof![
        0..30_u32,
        Just(1_048_575),
        Just(1_048_576),
        Just(0x0020_0000),
        Just(u32::MAX)
    ];
    let cell = (row, 0..8_u32, 0..6_u8, prop_oneof![0..3_u32, Just(u32::MAX), 0..40_u32]);
    (
        cut.clone(),
        cut.clone(),
        proptest::bool::weighted(0.9),
        cut,
        0..3_u32,
        proptest::collection::vec(cell, 0..12),
    )
        .prop_map(|(wb_prop, bundle, relationship, dimension, strings, cells)| XlsbShape {
            wb_prop,
            bundle,
            relationship,
            dimension,
            strings,
            cells,
        })
}

fn xlsb(shape: &XlsbShape) -> Vec<u8> {
    let mut wb_prop = vec![0; 12];
    wb_prop.extend(wide(""));
    let mut bundle = [0_u32.to_le_bytes(), 1_u32.to_le_bytes()].concat();
    bundle.extend(wide(if shape.relationship { "rId1" } else { "rId7" }));
    bundle.extend(wide("Effectifs"));
    let workbook = [
        record(0x83, &[]),
        record(0x99, &cut(wb_prop, shape.wb_prop)),
        record(0x8F, &[]),
        record(0x9C, &cut(bundle, shape.bundle)),
        record(0x90, &[]),
        record(0x9D, &[0; 12]),
    ]
    .concat();
    let rels = b"<?xml version=\"1.0\"?><Relationships><Relationship Id=\"rId1\" Type=\"x\" \
                 Target=\"worksheets/sheet1.bin\"/></Relationships>"
        .to_vec();
    let dimension = [0_u32, 10, 0, 4].map(u32::to_le_bytes).concat();
    let mut sheet = [
        record(0x81, &[]),
        record(0x94, &cut(dimension, shape.dimension)),
        record(0x91, &[]),
    ]
    .concat();
    let mut header_row = [0_u32.to_le_bytes().to_vec(), vec![0; 13]].concat();
    sheet.extend(record(0x00, &header_row));
    for (column, name) in (0_u32..).zip(HEADER) {
        let body = [column.to_le_bytes().to_vec(), vec![0; 4], wide(name)].concat();
        sheet.extend(record(0x06, &body));
    }
    for &(row, column, kind, value) in &shape.cells {
        header_row.splice(0..4, row.to_le_bytes());
        sheet.extend(record(0x00, &header_row));
        let start = [column.to_le_bytes(), 0_u32.to_le_bytes()].concat();
        let cell = match kind {
            0 => record(0x07, &[start, value.to_le_bytes().to_vec()].concat()),
            1 => record(0x06, &[start, wide("Durand")].concat()),
            2 => record(0x05, &[start, 45_000.0_f64.to_le_bytes().to_vec()].concat()),
            3 => record(0x02, &[start, value.to_le_bytes().to_vec()].concat()),
            4 => record(0x04, &[start, vec![1]].concat()),
            // A cell record cut to `value` bytes.
            _ => record(0x05, &cut(start, Some(usize::try_from(value % 8).unwrap_or(0)))),
        };
        sheet.extend(cell);
    }
    sheet.extend(record(0x92, &[]));
    let mut sst = record(
        0x9F,
        &[shape.strings.to_le_bytes(), shape.strings.to_le_bytes()].concat(),
    );
    for _ in 0..shape.strings {
        sst.extend(record(0x13, &[vec![0], wide("Durand")].concat()));
    }
    archive(&[
        ("xl/workbook.bin", workbook),
        ("xl/_rels/workbook.bin.rels", rels),
        ("xl/worksheets/sheet1.bin", sheet),
        ("xl/sharedStrings.bin", sst),
    ])
}

// ----------------------------------------------------------------------------------------------
// .ods and .xlsx: XML with hostile numbers

/// A count as calamine may read it: decimal, or with character references (`&#50;0`, `&#x32;0`).
fn count() -> impl Strategy<Value = String> {
    (
        prop_oneof![1..4_u64, Just(1_048_576), Just(16_384), Just(2_000_000_000)],
        0..3_u8,
    )
        .prop_map(|(value, spelling)| {
            let digits = value.to_string();
            match spelling {
                0 => digits,
                1 => format!("&#{};{}", u32::from(digits.as_bytes()[0]), &digits[1..]),
                _ => digits.bytes().fold(String::new(), |mut out, digit| {
                    let _ = write!(out, "&#x{digit:x};");
                    out
                }),
            }
        })
}

fn ods(rows: &[(String, String, String)]) -> Vec<u8> {
    let mut content = String::from(
        "<?xml version=\"1.0\"?><office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:spreadsheet>\
         <table:table table:name=\"Feuille1\"><table:table-row>",
    );
    for name in HEADER {
        content.push_str(&format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{name}</text:p></table:table-cell>"
        ));
    }
    content.push_str("</table:table-row>");
    for (rows_repeated, columns_repeated, spaces) in rows {
        content.push_str(&format!(
            "<table:table-row table:number-rows-repeated=\"{rows_repeated}\"><table:table-cell \
             table:number-columns-repeated=\"{columns_repeated}\" office:value-type=\"string\"><text:p>a\
             <text:s text:c=\"{spaces}\"/></text:p></table:table-cell></table:table-row>"
        ));
    }
    content.push_str("</table:table></office:spreadsheet></office:body></office:document-content>");
    archive(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".to_vec()),
        ("content.xml", content.into_bytes()),
    ])
}

fn xlsx(rows: &[(String, String, Option<String>)]) -> Vec<u8> {
    let mut sheet = String::from(
        "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
         <sheetData><row r=\"1\">",
    );
    for name in HEADER {
        sheet.push_str(&format!("<c t=\"inlineStr\"><is><t>{name}</t></is></c>"));
    }
    sheet.push_str("</row>");
    let mut merges = String::new();
    for (row, index, merge) in rows {
        sheet.push_str(&format!(
            "<row r=\"{row}\"><c r=\"A{row}\" t=\"s\"><v>{index}</v></c></row>"
        ));
        if let Some(merge) = merge {
            merges.push_str(&format!("<mergeCell ref=\"{merge}\"/>"));
        }
    }
    sheet.push_str("</sheetData>");
    if !merges.is_empty() {
        sheet.push_str(&format!("<mergeCells>{merges}</mergeCells>"));
    }
    sheet.push_str("</worksheet>");
    let ns = "http://schemas.openxmlformats.org";
    archive(&[
        (
            "[Content_Types].xml",
            format!("<?xml version=\"1.0\"?><Types xmlns=\"{ns}/package/2006/content-types\"/>").into_bytes(),
        ),
        (
            "_rels/.rels",
            format!(
                "<?xml version=\"1.0\"?><Relationships xmlns=\"{ns}/package/2006/relationships\"><Relationship \
                 Id=\"rId1\" Type=\"{ns}/officeDocument/2006/relationships/officeDocument\" \
                 Target=\"xl/workbook.xml\"/></Relationships>"
            )
            .into_bytes(),
        ),
        (
            "xl/workbook.xml",
            format!(
                "<?xml version=\"1.0\"?><workbook xmlns=\"{ns}/spreadsheetml/2006/main\" \
                 xmlns:r=\"{ns}/officeDocument/2006/relationships\"><sheets><sheet name=\"Effectifs\" sheetId=\"1\" \
                 r:id=\"rId1\"/></sheets></workbook>"
            )
            .into_bytes(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                "<?xml version=\"1.0\"?><Relationships xmlns=\"{ns}/package/2006/relationships\"><Relationship \
                 Id=\"rId1\" Type=\"{ns}/officeDocument/2006/relationships/worksheet\" \
                 Target=\"worksheets/sheet1.xml\"/></Relationships>"
            )
            .into_bytes(),
        ),
        (
            "xl/sharedStrings.xml",
            format!("<?xml version=\"1.0\"?><sst xmlns=\"{ns}/spreadsheetml/2006/main\"><si><t>Durand</t></si></sst>")
                .into_bytes(),
        ),
        ("xl/worksheets/sheet1.xml", sheet.into_bytes()),
    ])
}

fn xlsx_rows() -> impl Strategy<Value = Vec<(String, String, Option<String>)>> {
    let row = prop_oneof![
        (2..40_u64).prop_map(|row| row.to_string()),
        Just("1048577".to_owned()),
        Just("4294967297".to_owned()),
        Just("99999999999999999999".to_owned()),
    ];
    let index = prop_oneof![
        Just("0".to_owned()),
        Just("-1".to_owned()),
        Just("1".to_owned()),
        Just("18446744073709551616".to_owned())
    ];
    let merge = proptest::option::weighted(
        0.3,
        prop_oneof![
            Just("A2:C4".to_owned()),
            Just("A2:XFD1048576".to_owned()),
            Just("B3:A2".to_owned())
        ],
    );
    proptest::collection::vec((row, index, merge), 0..10)
}

// ----------------------------------------------------------------------------------------------
// CSV: quotes, separators, line endings and control characters in every position

fn csv() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(";".to_owned()),
        Just("\"".to_owned()),
        Just("\"\"".to_owned()),
        Just("\r\n".to_owned()),
        Just("\n".to_owned()),
        Just("\r".to_owned()),
        Just("\u{0}".to_owned()),
        Just("\u{1B}".to_owned()),
        Just("é".to_owned()),
        Just("Durand".to_owned()),
        Just("2005-03-14".to_owned()),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|pieces| {
        let mut text = format!("{}\r\n", HEADER.join(";"));
        text.extend(pieces);
        text.into_bytes()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn hostile_xlsb(shape in xlsb_shape()) {
        check(&xlsb(&shape), "f.xlsb")?;
    }

    #[test]
    fn hostile_ods(rows in proptest::collection::vec((count(), count(), count()), 0..3)) {
        check(&ods(&rows), "f.ods")?;
    }

    #[test]
    fn hostile_xlsx(rows in xlsx_rows()) {
        check(&xlsx(&rows), "f.xlsx")?;
    }

    #[test]
    fn hostile_csv(bytes in csv()) {
        check(&bytes, "f.csv")?;
    }
}
