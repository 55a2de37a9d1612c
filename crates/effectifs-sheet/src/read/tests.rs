//! Tests of the file layer: every case is built in memory (CSV bytes, workbooks written with
//! `rust_xlsxwriter`, hand-made zip files), read, and compared with the expected rendering.
#![allow(
    clippy::needless_raw_string_hashes,
    clippy::too_many_lines,
    reason = "case tables are long, and expect-test writes its literals as `r#\"…\"#`"
)]

use std::fmt::Write as _;

use effectifs_core::Cell;
use expect_test::{Expect, expect};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError};

use super::{ReadOptions, read};

/// One case: a file (bytes and name), the sheet asked for, and what reading it must give.
struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    file_name: &'static str,
    sheet: Option<&'static str>,
    expected: Expect,
}

fn case(name: &'static str, bytes: impl Into<Vec<u8>>, file_name: &'static str, expected: Expect) -> Case {
    Case {
        name,
        bytes: bytes.into(),
        file_name,
        sheet: None,
        expected,
    }
}

fn case_with_sheet(name: &'static str, bytes: Vec<u8>, sheet: &'static str, expected: Expect) -> Case {
    Case {
        name,
        bytes,
        file_name: "classeur.xlsx",
        sheet: Some(sheet),
        expected,
    }
}

/// Reads the case's file and compares the rendering with the expectation.
fn check(case: &Case) {
    let options = ReadOptions {
        sheet: case.sheet.map(str::to_owned),
        ..ReadOptions::default()
    };
    let actual = render(read(&case.bytes, case.file_name, &options));
    eprintln!("case: {}", case.name);
    case.expected.assert_eq(&actual);
}

/// A compact, readable rendering: file facts, columns (`header=field` when recognised), then one
/// line per row (`line: cells`), cells as `"text"`, `·` (empty), `n:1`, `b:true`, `d:45000`, `e:#N/A`.
fn render(result: Result<super::Sheet, super::ReadError>) -> String {
    let sheet = match result {
        Ok(sheet) => sheet,
        Err(error) => return format!("error: {error}\n"),
    };
    let info = &sheet.info;
    let mut out = format!("{} header_line={}", info.format.as_str(), info.header_line);
    if let Some(encoding) = &info.encoding {
        let _ = write!(out, " encoding={encoding}");
    }
    if let Some(delimiter) = info.delimiter {
        let _ = write!(out, " delimiter={delimiter:?}");
    }
    if let Some(name) = &info.sheet {
        let _ = write!(out, " sheet={name:?} sheets={:?}", info.sheets);
    }
    out.push('\n');
    let columns: Vec<String> = sheet
        .table
        .columns
        .iter()
        .map(|column| match column.field {
            Some(field) if field.name() == column.header => column.header.clone(),
            Some(field) => format!("{:?}={}", column.header, field.name()),
            None => format!("{:?}", column.header),
        })
        .collect();
    let _ = writeln!(out, "columns: {}", columns.join(" | "));
    for row in &sheet.table.rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|cell| match cell {
                Cell::Empty => "·".to_owned(),
                Cell::Text(text) => format!("{text:?}"),
                Cell::Number(number) => format!("n:{number}"),
                Cell::Bool(value) => format!("b:{value}"),
                Cell::Date(serial) => format!("d:{serial}"),
                Cell::Error(error) => format!("e:{error}"),
            })
            .collect();
        let _ = writeln!(out, "{}: {}", row.line, cells.join(" | "));
    }
    out
}

// ----------------------------------------------------------------------------------------------
// Building inputs

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

fn utf16be_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    bytes
}

fn utf16le_without_bom(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// A workbook written by `rust_xlsxwriter`: `build` fills it.
pub(super) fn xlsx(build: impl FnOnce(&mut Workbook) -> Result<(), XlsxError>) -> Vec<u8> {
    let mut workbook = Workbook::new();
    build(&mut workbook).expect("test workbook");
    workbook.save_to_buffer().expect("test workbook")
}

/// Writes a row of strings starting at (`row`, `col`).
pub(super) fn strings(sheet: &mut Worksheet, row: u32, col: u16, texts: &[&str]) -> Result<(), XlsxError> {
    for (offset, text) in (0..).zip(texts) {
        sheet.write_string(row, col + offset, *text)?;
    }
    Ok(())
}

/// Text, number, boolean, date, date-time and formula cells under a recognisable header.
fn typed_cells_workbook() -> Vec<u8> {
    xlsx(|book| {
        let date = Format::new().set_num_format("dd/mm/yyyy");
        let date_time = Format::new().set_num_format("dd/mm/yyyy hh:mm");
        let sheet = book.add_worksheet().set_name("Apprentis")?;
        strings(
            sheet,
            0,
            0,
            &[
                "nom_apprenant",
                "code_postal_apprenant",
                "annee_formation",
                "rqth_apprenant",
                "date_de_naissance_apprenant",
                "date_entree_formation",
                "type_cfa",
                "duree_theorique_formation_mois",
                "Commentaire",
                "2024",
            ],
        )?;
        sheet.write_number(0, 9, 2024)?;
        sheet.write_string(1, 0, "  Dupont ")?;
        sheet.write_string(1, 1, "01000")?;
        sheet.write_number(1, 2, 1)?;
        sheet.write_boolean(1, 3, true)?;
        sheet.write_datetime_with_format(1, 4, ExcelDateTime::from_ymd(2005, 3, 14)?, &date)?;
        sheet.write_datetime_with_format(
            1,
            5,
            ExcelDateTime::from_ymd(2024, 9, 2)?.and_hms(12, 0, 0)?,
            &date_time,
        )?;
        sheet.write_formula(1, 6, Formula::new("=NA()").set_result("#N/A"))?;
        sheet.write_formula(1, 7, Formula::new("=6*4").set_result("24"))?;
        sheet.write_number(1, 8, 12.5)?;
        sheet.write_string(2, 0, "Martin")?;
        sheet.write_number(2, 1, 75001)?;
        sheet.write_boolean(2, 3, false)?;
        sheet.write_formula(2, 6, Formula::new("=1/0").set_result("#DIV/0!"))?;
        Ok(())
    })
}

/// Data starting at C5, a blank row 7 inside it, a cell past the header's last column.
fn offset_workbook() -> Vec<u8> {
    xlsx(|book| {
        let sheet = book.add_worksheet();
        strings(sheet, 4, 2, &["Nom", "Prénom", "Date de naissance"])?;
        strings(sheet, 5, 2, &["Durand", "Léa"])?;
        sheet.write_number(5, 4, 38_000)?;
        strings(sheet, 7, 2, &["Petit", "Hugo"])?;
        sheet.write_string(7, 6, "hors tableau")?;
        Ok(())
    })
}

/// A title and a blank row above the header, and a column before the header's first one.
fn title_workbook() -> Vec<u8> {
    xlsx(|book| {
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "Liste des apprentis — rentrée 2024")?;
        sheet.write_string(2, 0, "N°")?;
        strings(sheet, 2, 1, &["nom_apprenant", "prenom_apprenant"])?;
        sheet.write_number(3, 0, 1)?;
        strings(sheet, 3, 1, &["Bernard", "Chloé"])?;
        Ok(())
    })
}

/// A first sheet without a header (instructions), a second one with it, a third one with another.
fn two_sheets_workbook() -> Vec<u8> {
    xlsx(|book| {
        let notes = book.add_worksheet().set_name("Notice")?;
        strings(notes, 0, 0, &["Remplissez l'onglet suivant", "merci"])?;
        let data = book.add_worksheet().set_name("Effectifs")?;
        strings(data, 0, 0, &["nom_apprenant", "prenom_apprenant"])?;
        strings(data, 1, 0, &["Roux", "Inès"])?;
        let other = book.add_worksheet().set_name("Sortants 2023")?;
        strings(other, 0, 0, &["Nom", "Prénom"])?;
        strings(other, 1, 0, &["Blanc", "Noé"])?;
        Ok(())
    })
}

/// A hidden sheet with a header comes first; the visible one must win.
fn hidden_first_workbook() -> Vec<u8> {
    xlsx(|book| {
        let hidden = book.add_worksheet().set_name("Listes")?;
        strings(hidden, 0, 0, &["sexe_apprenant"])?;
        strings(hidden, 1, 0, &["M"])?;
        hidden.set_hidden(true);
        let data = book.add_worksheet().set_name("Saisie")?;
        // Excel never hides the active sheet.
        data.set_active(true);
        strings(data, 0, 0, &["nom_apprenant"])?;
        strings(data, 1, 0, &["Garnier"])?;
        Ok(())
    })
}

/// A long first sheet of notes (read only up to its 20th row), then the data; the data sheet has
/// a value far below its table.
fn long_notes_workbook() -> Vec<u8> {
    xlsx(|book| {
        let notes = book.add_worksheet().set_name("Notes")?;
        for row in 0..500 {
            strings(notes, row, 0, &["Remarque", "voir la feuille suivante"])?;
        }
        let data = book.add_worksheet().set_name("Données")?;
        strings(data, 0, 0, &["nom_apprenant", "prenom_apprenant"])?;
        strings(data, 1, 0, &["Perrin", "Jade"])?;
        data.write_string(1_048_575, 1, "tout en bas")?;
        Ok(())
    })
}

fn no_header_workbook() -> Vec<u8> {
    xlsx(|book| {
        strings(book.add_worksheet().set_name("A")?, 0, 0, &["x", "y"])?;
        book.add_worksheet().set_name("B")?;
        Ok(())
    })
}

/// The CRC-32 of `data` (zip flavour).
pub(super) fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFF_u32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip archive with these entries, stored uncompressed.
pub(super) fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for (name, data) in entries {
        let offset = u32::try_from(out.len()).expect("small zip");
        let size = u32::try_from(data.len()).expect("small zip");
        let name_len = u16::try_from(name.len()).expect("short name");
        let crc = crc32(data);
        // Local header: signature, version, flags, method (stored), time, date, crc, sizes, lengths.
        out.extend(b"PK\x03\x04");
        out.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend(crc.to_le_bytes());
        out.extend(size.to_le_bytes());
        out.extend(size.to_le_bytes());
        out.extend(name_len.to_le_bytes());
        out.extend([0, 0]);
        out.extend(name.as_bytes());
        out.extend(*data);
        directory.extend(b"PK\x01\x02");
        directory.extend([20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        directory.extend(crc.to_le_bytes());
        directory.extend(size.to_le_bytes());
        directory.extend(size.to_le_bytes());
        directory.extend(name_len.to_le_bytes());
        directory.extend([0; 12]);
        directory.extend(offset.to_le_bytes());
        directory.extend(name.as_bytes());
    }
    let count = u16::try_from(entries.len()).expect("few entries");
    let directory_offset = u32::try_from(out.len()).expect("small zip");
    let directory_len = u32::try_from(directory.len()).expect("small zip");
    out.extend(&directory);
    out.extend(b"PK\x05\x06");
    out.extend([0, 0, 0, 0]);
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(directory_len.to_le_bytes());
    out.extend(directory_offset.to_le_bytes());
    out.extend([0, 0]);
    out
}

/// A minimal `.ods` spreadsheet: header on row 2 (row 1 is empty), a date, a date-time, a
/// float, a boolean, a duration and a string.
fn ods() -> Vec<u8> {
    // calamine's ODS reader wants no text between the cells of a row.
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Feuille1"><table:table-row><table:table-cell/></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>nom_apprenant</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>date_de_naissance_apprenant</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>date_entree_formation</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>annee_formation</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>rqth_apprenant</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Durée</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>Lefèvre</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2005-03-14"><text:p>14/03/2005</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2024-09-02T12:00:00"><text:p>02/09/2024 12:00</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell><table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>VRAI</text:p></table:table-cell><table:table-cell office:value-type="time" office:time-value="PT10H30M00S"><text:p>10:30</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#;
    stored_zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content.as_bytes()),
        ("META-INF/manifest.xml", manifest.as_bytes()),
    ])
}

/// Deterministic bytes that look like nothing (a small linear congruential generator).
fn noise(len: usize) -> Vec<u8> {
    let mut state = 0x2545_F491_u32;
    (0..len)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            state.to_be_bytes()[0]
        })
        .collect()
}

// ----------------------------------------------------------------------------------------------
// Cases

#[test]
fn csv_files() {
    let cases = [
        case(
            "UTF-8, `;`, leading zeros stay text",
            "nom_apprenant;prenom_apprenant;code_postal_apprenant\nDupont;Jean;01000\n",
            "export.csv",
            expect![[r#"
                csv header_line=1 encoding=UTF-8 delimiter=';'
                columns: nom_apprenant | prenom_apprenant | code_postal_apprenant
                2: "Dupont" | "Jean" | "01000"
            "#]],
        ),
        case(
            "UTF-8 with BOM, `,`, CRLF, no final line break",
            "\u{FEFF}nom_apprenant,prenom_apprenant\r\nDurand,Zoé\r\nFaure,Noël",
            "export.csv",
            expect![[r#"
                csv header_line=1 encoding=UTF-8 (BOM) delimiter=','
                columns: nom_apprenant | prenom_apprenant
                2: "Durand" | "Zoé"
                3: "Faure" | "Noël"
            "#]],
        ),
        case(
            "Windows-1252 (é, à, ç as single bytes), French labels",
            &b"Nom;Pr\xe9nom;Code postal;Ann\xe9e de formation\r\nFran\xe7ois;L\xe9a;01000;1\r\n\xc0 voir;\xc7a;;\r\n"
                [..],
            "EXPORT.CSV",
            expect![[r#"
                csv header_line=1 encoding=windows-1252 delimiter=';'
                columns: "Nom"=nom_apprenant | "Prénom"=prenom_apprenant | "Code postal"=code_postal_apprenant | "Année de formation"=annee_formation
                2: "François" | "Léa" | "01000" | "1"
                3: "À voir" | "Ça"
            "#]],
        ),
        case(
            "UTF-16LE with BOM and tabs (Excel « Texte Unicode »)",
            utf16le_with_bom("nom_apprenant\tprenom_apprenant\tcode_postal_apprenant\r\nMüller\tÉlodie\t01000\r\n"),
            "export.txt",
            expect![[r#"
                csv header_line=1 encoding=UTF-16LE delimiter='\t'
                columns: nom_apprenant | prenom_apprenant | code_postal_apprenant
                2: "Müller" | "Élodie" | "01000"
            "#]],
        ),
        case(
            "UTF-16BE with BOM",
            utf16be_with_bom("nom_apprenant;prenom_apprenant\nOlivier;Maëlle\n"),
            "export.csv",
            expect![[r#"
                csv header_line=1 encoding=UTF-16BE delimiter=';'
                columns: nom_apprenant | prenom_apprenant
                2: "Olivier" | "Maëlle"
            "#]],
        ),
        case(
            "UTF-16LE without BOM",
            utf16le_without_bom("nom_apprenant\tprenom_apprenant\nSimon\tAnaïs\n"),
            "export.txt",
            expect![[r#"
                csv header_line=1 encoding=UTF-16LE delimiter='\t'
                columns: nom_apprenant | prenom_apprenant
                2: "Simon" | "Anaïs"
            "#]],
        ),
        case(
            "tab-separated",
            "nom_apprenant\tprenom_apprenant\tadresse_apprenant\nDupont\tJean\t3, rue de Lyon; bât. A\n",
            "export.tsv",
            expect![[r#"
                csv header_line=1 encoding=UTF-8 delimiter='\t'
                columns: nom_apprenant | prenom_apprenant | adresse_apprenant
                2: "Dupont" | "Jean" | "3, rue de Lyon; bât. A"
            "#]],
        ),
        case(
            "pipe-separated",
            "nom_apprenant|prenom_apprenant\nDupont|Jean\n",
            "export.txt",
            expect![[r#"
                csv header_line=1 encoding=UTF-8 delimiter='|'
                columns: nom_apprenant | prenom_apprenant
                2: "Dupont" | "Jean"
            "#]],
        ),
        case(
            "`,` with semicolons inside quoted values",
            "nom_apprenant,prenom_apprenant,adresse_apprenant\nDupont,Jean,\"3; rue; de Lyon\"\nMartin,Léa,\"1; place\"\n",
            "export.csv",
            expect![[r#"
                csv header_line=1 encoding=UTF-8 delimiter=','
                columns: nom_apprenant | prenom_apprenant | adresse_apprenant
                2: "Dupont" | "Jean" | "3; rue; de Lyon"
                3: "Martin" | "Léa" | "1; place"
            "#]],
        ),
        case(
            "`;` with commas in values",
            "nom_apprenant;adresse_apprenant\nDupont;12, rue de la Paix, bât. C\nMartin;1, place\n",
            "export.csv",
            expect![[r#"
                csv header_line=1 encoding=UTF-8 delimiter=';'
                columns: nom_apprenant | adresse_apprenant
                2: "Dupont" | "12, rue de la Paix, bât. C"
                3: "Martin" | "1, place"
            "#]],
        ),
        case(
            "quoted field with line breaks: the next record keeps its own file line",
            "nom_apprenant;adresse_apprenant;prenom_apprenant\n\"Dupont\";\"12 rue X\nBât. B\r\nEscalier 2\";Jean\nMartin;\"a;\"\"b\"\"\";Léa\n",
            "export.csv",
            expect![[r#"
                csv header_line=1 encoding=UTF-8 delimiter=';'
                columns: nom_apprenant | adresse_apprenant | prenom_apprenant
                2: "Dupont" | "12 rue X\nBât. B\r\nEscalier 2" | "Jean"
                5: "Martin" | "a;\"b\"" | "Léa"
            "#]],
        ),
        case(
            "header on line 3 under a title and a blank line",
            "Export Ypareo du 12/03/2025;;\n\nnom_apprenant;prenom_apprenant;sexe_apprenant\nDupont;Jean;M\n",
            "export.csv",
            expect![[r#"
                csv header_line=3 encoding=UTF-8 delimiter=';'
                columns: nom_apprenant | prenom_apprenant | sexe_apprenant
                4: "Dupont" | "Jean" | "M"
            "#]],
        ),
        case(
            "the row naming the most columns wins over an earlier one naming fewer",
            "Nom;CFA des Tests\nnom_apprenant;prenom_apprenant;date_de_naissance_apprenant\nDupont;Jean;01/02/2003\n",
            "export.csv",
            expect![[r#"
                csv header_line=2 encoding=UTF-8 delimiter=';'
                columns: nom_apprenant | prenom_apprenant | date_de_naissance_apprenant
                3: "Dupont" | "Jean" | "01/02/2003"
            "#]],
        ),
        case(
            "blank lines and blank records in the middle keep the numbering",
            "nom_apprenant;prenom_apprenant\nA;B\n\n;\n  ;  \nC;D\n\n",
            "export.csv",
            expect![[r#"
                csv header_line=1 encoding=UTF-8 delimiter=';'
                columns: nom_apprenant | prenom_apprenant
                2: "A" | "B"
                6: "C" | "D"
            "#]],
        ),
        case(
            "CRLF with blank lines and a quoted line break",
            "nom_apprenant;adresse_apprenant\r\n\r\nA;\"1 rue\r\nBât B\"\r\n\r\n\r\nB;x\r\n",
            "export.csv",
            expect![[r#"
                csv header_line=1 encoding=UTF-8 delimiter=';'
                columns: nom_apprenant | adresse_apprenant
                3: "A" | "1 rue\r\nBât B"
                7: "B" | "x"
            "#]],
        ),
        case(
            "blank lines before the header",
            "\n\r\n\nnom_apprenant\nX\n",
            "export.csv",
            expect![[r#"
                csv header_line=4 encoding=UTF-8 delimiter=';'
                columns: nom_apprenant
                5: "X"
            "#]],
        ),
        case(
            "mixed line endings (CRLF, LF, lone CR)",
            "nom_apprenant;prenom_apprenant\r\nA;B\nC;D\rE;F\r\n\r\nG;H",
            "export.csv",
            expect![[r#"
                csv header_line=1 encoding=UTF-8 delimiter=';'
                columns: nom_apprenant | prenom_apprenant
                2: "A" | "B"
                3: "C" | "D"
                4: "E" | "F"
                6: "G" | "H"
            "#]],
        ),
        case(
            "ragged rows and trailing empty columns",
            "nom_apprenant;prenom_apprenant;;;\nA;B;;;;;;\nC\nD;E;F;;x\n",
            "export.csv",
            expect![[r#"
                csv header_line=1 encoding=UTF-8 delimiter=';'
                columns: nom_apprenant | prenom_apprenant | "" | "" | ""
                2: "A" | "B"
                3: "C"
                4: "D" | "E" | "F" | · | "x"
            "#]],
        ),
        case(
            "a single column: no delimiter to find",
            "nom_apprenant\nDupont\n",
            "liste.txt",
            expect![[r#"
                csv header_line=1 encoding=UTF-8 delimiter=';'
                columns: nom_apprenant
                2: "Dupont"
            "#]],
        ),
        case(
            "blanks are kept as typed (no trim); whitespace-only cells stay text",
            "nom_apprenant;prenom_apprenant\n  Dupont ; \n",
            "export.csv",
            expect![[r#"
                csv header_line=1 encoding=UTF-8 delimiter=';'
                columns: nom_apprenant | prenom_apprenant
                2: "  Dupont " | " "
            "#]],
        ),
        case(
            "a text file with a workbook extension is read as CSV",
            "nom_apprenant;prenom_apprenant\nDupont;Jean\n",
            "export.xls",
            expect![[r#"
                csv header_line=1 encoding=UTF-8 delimiter=';'
                columns: nom_apprenant | prenom_apprenant
                2: "Dupont" | "Jean"
            "#]],
        ),
        case(
            "UTF-8 cut in the middle of its last character",
            &b"nom_apprenant;prenom_apprenant\nDupont;J\xc3"[..],
            "export.csv",
            expect![[r#"
                csv header_line=1 encoding=UTF-8 delimiter=';'
                columns: nom_apprenant | prenom_apprenant
                2: "Dupont" | "J�"
            "#]],
        ),
    ];
    for case in &cases {
        check(case);
    }
}

#[test]
fn workbooks() {
    let cases = [
        case(
            "xlsx cell types: text (untrimmed), numbers, booleans, dates, date-times, cached formula values",
            typed_cells_workbook(),
            "effectifs.xlsx",
            expect![[r#"
                xlsx header_line=1 sheet="Apprentis" sheets=["Apprentis"]
                columns: nom_apprenant | code_postal_apprenant | annee_formation | rqth_apprenant | date_de_naissance_apprenant | date_entree_formation | type_cfa | duree_theorique_formation_mois | "Commentaire" | "2024"
                2: "  Dupont " | "01000" | n:1 | b:true | d:38425 | d:45537.5 | e:#N/A | n:24 | n:12.5
                3: "Martin" | n:75001 | · | b:false | · | · | e:#DIV/0!
            "#]],
        ),
        case(
            "data starting at C5: rows and columns keep their place",
            offset_workbook(),
            "effectifs.xlsx",
            expect![[r#"
                xlsx header_line=5 sheet="Sheet1" sheets=["Sheet1"]
                columns: "" | "" | "Nom"=nom_apprenant | "Prénom"=prenom_apprenant | "Date de naissance"=date_de_naissance_apprenant | "" | ""
                6: · | · | "Durand" | "Léa" | n:38000
                8: · | · | "Petit" | "Hugo" | · | · | "hors tableau"
            "#]],
        ),
        case(
            "a title and a blank row above the header",
            title_workbook(),
            "effectifs.xlsx",
            expect![[r#"
                xlsx header_line=3 sheet="Sheet1" sheets=["Sheet1"]
                columns: "N°" | nom_apprenant | prenom_apprenant
                4: n:1 | "Bernard" | "Chloé"
            "#]],
        ),
        case(
            "the first sheet has no header: the second one is read",
            two_sheets_workbook(),
            "effectifs.xlsx",
            expect![[r#"
                xlsx header_line=1 sheet="Effectifs" sheets=["Notice", "Effectifs", "Sortants 2023"]
                columns: nom_apprenant | prenom_apprenant
                2: "Roux" | "Inès"
            "#]],
        ),
        case_with_sheet(
            "a sheet chosen by name",
            two_sheets_workbook(),
            "Sortants 2023",
            expect![[r#"
                xlsx header_line=1 sheet="Sortants 2023" sheets=["Notice", "Effectifs", "Sortants 2023"]
                columns: "Nom"=nom_apprenant | "Prénom"=prenom_apprenant
                2: "Blanc" | "Noé"
            "#]],
        ),
        case_with_sheet(
            "a sheet chosen by name, ignoring case and blanks",
            two_sheets_workbook(),
            " sortants 2023",
            expect![[r#"
                xlsx header_line=1 sheet="Sortants 2023" sheets=["Notice", "Effectifs", "Sortants 2023"]
                columns: "Nom"=nom_apprenant | "Prénom"=prenom_apprenant
                2: "Blanc" | "Noé"
            "#]],
        ),
        case(
            "a hidden sheet with a header comes first: the visible one is read",
            hidden_first_workbook(),
            "effectifs.xlsx",
            expect![[r#"
                xlsx header_line=1 sheet="Saisie" sheets=["Listes", "Saisie"]
                columns: nom_apprenant
                2: "Garnier"
            "#]],
        ),
        case(
            "a macro-enabled extension on a plain workbook",
            title_workbook(),
            "effectifs.xlsm",
            expect![[r#"
                xlsm header_line=3 sheet="Sheet1" sheets=["Sheet1"]
                columns: "N°" | nom_apprenant | prenom_apprenant
                4: n:1 | "Bernard" | "Chloé"
            "#]],
        ),
        case(
            "a workbook with a misleading extension is still a workbook",
            title_workbook(),
            "effectifs.csv",
            expect![[r#"
                xlsx header_line=3 sheet="Sheet1" sheets=["Sheet1"]
                columns: "N°" | nom_apprenant | prenom_apprenant
                4: n:1 | "Bernard" | "Chloé"
            "#]],
        ),
        case(
            "a long sheet without header is skipped; a value on the last row keeps its number",
            long_notes_workbook(),
            "effectifs.xlsx",
            expect![[r#"
                xlsx header_line=1 sheet="Données" sheets=["Notes", "Données"]
                columns: nom_apprenant | prenom_apprenant
                2: "Perrin" | "Jade"
                1048576: · | "tout en bas"
            "#]],
        ),
        case(
            "ods: ISO dates and date-times become serials, durations stay text",
            ods(),
            "effectifs.ods",
            expect![[r#"
                ods header_line=2 sheet="Feuille1" sheets=["Feuille1"]
                columns: nom_apprenant | date_de_naissance_apprenant | date_entree_formation | annee_formation | rqth_apprenant | "Durée"
                3: "Lefèvre" | d:38425 | d:45537.5 | n:2 | b:true | "PT10H30M00S"
            "#]],
        ),
    ];
    for case in &cases {
        check(case);
    }
}

#[test]
fn errors() {
    let xlsx_bytes = title_workbook();
    let cases = [
        case(
            "empty bytes",
            Vec::new(),
            "export.csv",
            expect![[r#"
            error: Le fichier est vide.
        "#]],
        ),
        case(
            "only blank lines",
            "\r\n  \r\n\t\n",
            "export.csv",
            expect![[r#"
            error: Le fichier est vide.
        "#]],
        ),
        case(
            "random binary",
            noise(4096),
            "photo.xlsx",
            expect![[r#"
            error: Ce fichier n'est pas un tableur reconnu : formats acceptés .xlsx, .xlsm, .xlsb, .xls, .ods, .csv.
        "#]],
        ),
        case(
            "a few random bytes",
            noise(7),
            "fichier",
            expect![[r#"
            error: Ce fichier n'est pas un tableur reconnu : formats acceptés .xlsx, .xlsm, .xlsb, .xls, .ods, .csv.
        "#]],
        ),
        case(
            "a truncated xlsx (its first 2 KB)",
            xlsx_bytes.get(..2048).unwrap_or_default(),
            "effectifs.xlsx",
            expect![[r#"
                error: Le fichier .xlsx est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : Xlsx error: Zip error: invalid Zip archive: Could not find EOCD)
            "#]],
        ),
        case(
            "a zip that is not a workbook",
            stored_zip(&[("notes.txt", b"nom_apprenant;prenom_apprenant\n")]),
            "effectifs.xlsx",
            expect![[r#"
                error: Ce fichier n'est pas un tableur reconnu : formats acceptés .xlsx, .xlsm, .xlsb, .xls, .ods, .csv.
            "#]],
        ),
        case(
            "an OpenDocument text, not a spreadsheet",
            stored_zip(&[
                ("mimetype", b"application/vnd.oasis.opendocument.text"),
                ("content.xml", b"<x/>"),
            ]),
            "lettre.odt",
            expect![[r#"
                error: Ce fichier n'est pas un tableur reconnu : formats acceptés .xlsx, .xlsm, .xlsb, .xls, .ods, .csv.
            "#]],
        ),
        case(
            "a zip that claims to be a workbook but is broken inside",
            stored_zip(&[("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook")]),
            "effectifs.xlsx",
            expect![[r#"
                error: Le fichier .xlsx est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : Xlsx error: File not found '_rels/.rels')
            "#]],
        ),
        case(
            "an OLE2 signature followed by garbage",
            [&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..], &noise(600)].concat(),
            "ancien.xls",
            expect![[r#"
                error: Le fichier .xls est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : invalid sector size)
            "#]],
        ),
        case(
            "an HTML page saved as .xls",
            "<html><body><table><tr><td>nom_apprenant</td></tr></table></body></html>",
            "export.xls",
            expect![[r#"
                error: Ce fichier n'est pas un vrai classeur : c'est une page web (HTML) ou un fichier XML enregistré avec une extension de tableur. Ouvrez-le dans Excel puis enregistrez-le au format « Classeur Excel (.xlsx) » avant de le déposer à nouveau.
            "#]],
        ),
        case(
            "CSV without any known column",
            "a;b\n1;2\n",
            "export.csv",
            expect![[r#"
            error: Aucune colonne reconnue dans les 20 premières lignes du fichier : la ligne d'en-tête doit contenir les noms de colonnes du modèle (nom_apprenant, prenom_apprenant, date_de_naissance_apprenant…). Pour partir d'un fichier conforme, utilisez le modèle : `effectifs template`.
        "#]],
        ),
        case(
            "CSV whose header is below line 20",
            format!("{}nom_apprenant\nDupont\n", "titre\n".repeat(20)),
            "export.csv",
            expect![[r#"
                error: Aucune colonne reconnue dans les 20 premières lignes du fichier : la ligne d'en-tête doit contenir les noms de colonnes du modèle (nom_apprenant, prenom_apprenant, date_de_naissance_apprenant…). Pour partir d'un fichier conforme, utilisez le modèle : `effectifs template`.
            "#]],
        ),
        case(
            "no sheet has a header",
            no_header_workbook(),
            "classeur.xlsx",
            expect![[r#"
            error: Aucune colonne reconnue dans les 20 premières lignes d'aucune feuille du classeur (« A », « B ») : la ligne d'en-tête doit contenir les noms de colonnes du modèle (nom_apprenant, prenom_apprenant, date_de_naissance_apprenant…). Pour partir d'un fichier conforme, utilisez le modèle : `effectifs template`.
        "#]],
        ),
        case_with_sheet(
            "the chosen sheet has no header",
            two_sheets_workbook(),
            "Notice",
            expect![[r#"
            error: Aucune colonne reconnue dans les 20 premières lignes de la feuille « Notice » : la ligne d'en-tête doit contenir les noms de colonnes du modèle (nom_apprenant, prenom_apprenant, date_de_naissance_apprenant…). Pour partir d'un fichier conforme, utilisez le modèle : `effectifs template`.
        "#]],
        ),
        case_with_sheet(
            "an unknown sheet",
            two_sheets_workbook(),
            "Feuil1",
            expect![[r#"
            error: La feuille « Feuil1 » n'existe pas dans ce classeur. Feuilles disponibles : « Notice », « Effectifs », « Sortants 2023 ».
        "#]],
        ),
    ];
    for case in &cases {
        check(case);
    }
}

/// The official upload template: 62 columns, all recognised, one example row with a real date cell.
#[test]
#[expect(clippy::disallowed_methods, reason = "a test reads the fixtures of tests/data")]
fn official_template() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/modele-officiel.xlsx");
    let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let sheet = read(&bytes, "modele-import-29012025.xlsx", &ReadOptions::default()).expect("template reads");
    assert_eq!(sheet.info.format, super::FileFormat::Xlsx);
    assert_eq!(sheet.info.header_line, 1);
    assert_eq!(sheet.table.columns.len(), 62);
    let unknown: Vec<&str> = sheet
        .table
        .columns
        .iter()
        .filter(|column| column.field.is_none())
        .map(|column| column.header.as_str())
        .collect();
    assert_eq!(unknown, Vec::<&str>::new());
    let [row] = sheet.table.rows.as_slice() else {
        panic!("one example row, got {:?}", sheet.table.rows)
    };
    assert_eq!(row.line, 2);
    let birth = sheet
        .table
        .columns
        .iter()
        .position(|column| {
            column
                .field
                .is_some_and(|field| field.name() == "date_de_naissance_apprenant")
        })
        .expect("birth date column");
    assert!(
        matches!(row.cells.get(birth), Some(Cell::Date(_))),
        "{:?}",
        row.cells.get(birth)
    );
}

/// calamine cells of every kind, including what a test workbook cannot produce (1904 dates, ISO
/// strings that are not dates).
#[test]
fn calamine_cells() {
    use calamine::{CellErrorType, Data, ExcelDateTimeType};
    let cases: [(Data, Cell); 11] = [
        (Data::Empty, Cell::Empty),
        (Data::String(" a ".into()), Cell::Text(" a ".into())),
        (Data::Float(1.5), Cell::Number(1.5)),
        (Data::Int(-3), Cell::Number(-3.0)),
        (Data::Bool(false), Cell::Bool(false)),
        (
            Data::DateTime(calamine::ExcelDateTime::new(
                45_000.25,
                ExcelDateTimeType::DateTime,
                false,
            )),
            Cell::Date(45_000.25),
        ),
        (
            Data::DateTime(calamine::ExcelDateTime::new(
                43_538.0,
                ExcelDateTimeType::DateTime,
                true,
            )),
            Cell::Date(45_000.0),
        ),
        (
            Data::DateTime(calamine::ExcelDateTime::new(0.5, ExcelDateTimeType::TimeDelta, false)),
            Cell::Number(0.5),
        ),
        (Data::DateTimeIso("2023-03-15".into()), Cell::Date(45_000.0)),
        (Data::DateTimeIso("15:30:00".into()), Cell::Text("15:30:00".into())),
        (Data::Error(CellErrorType::Ref), Cell::Error("#REF!".into())),
    ];
    for (data, expected) in cases {
        assert_eq!(super::workbook::to_cell(data.clone()), expected, "{data:?}");
    }
}

/// A value in the last column of the sheet is beyond the column limit: a clear error naming the
/// cell. A formatted but empty cell there is ignored, and a value just inside the limit is kept
/// without a dense copy of the sheet.
#[test]
fn far_column() {
    let bytes = xlsx(|book| {
        let sheet = book.add_worksheet();
        strings(sheet, 0, 0, &["nom_apprenant"])?;
        strings(sheet, 1, 0, &["Colin"])?;
        sheet.write_string(2, 16_383, "loin")?;
        Ok(())
    });
    let error = read(&bytes, "loin.xlsx", &ReadOptions::default()).expect_err("beyond the limit");
    assert_eq!(
        error.to_string(),
        "La cellule XFD3 est au-delà de la 1 000e colonne, la limite : un fichier d'effectifs en a une \
         soixantaine. Supprimez les colonnes inutiles à droite du tableau."
    );
    let bytes = xlsx(|book| {
        let sheet = book.add_worksheet();
        strings(sheet, 0, 0, &["nom_apprenant"])?;
        strings(sheet, 1, 0, &["Colin"])?;
        sheet.write_string(2, 999, "au bord")?;
        sheet.write_blank(3, 16_383, &Format::new().set_bold())?;
        Ok(())
    });
    let sheet = read(&bytes, "bord.xlsx", &ReadOptions::default()).expect("reads");
    assert_eq!(sheet.table.columns.len(), 1_000);
    let lines: Vec<(u32, usize)> = sheet.table.rows.iter().map(|row| (row.line, row.cells.len())).collect();
    assert_eq!(lines, [(2, 1), (3, 1_000)]);
}

/// Streamed cells land in line order whatever order they come in.
#[test]
fn cells_out_of_order() {
    let cases: &[(&[(u32, u32)], &str)] = &[
        (&[(1, 0), (1, 2), (2, 1)], "1:[1, ·, 2] 2:[·, 3]"),
        (&[(3, 0), (1, 1), (2, 0), (1, 0)], "1:[4, 2] 2:[3] 3:[1]"),
        (&[(5, 1), (5, 0), (5, 1)], "5:[2, 3]"),
        // Rows in reverse order, one of them met again, and one between two already read.
        (
            &[(4, 0), (2, 0), (1, 0), (2, 1), (3, 0), (5, 0)],
            "1:[3] 2:[2, 4] 3:[5] 4:[1] 5:[6]",
        ),
    ];
    for (cells, expected) in cases {
        let mut rows = super::workbook::Rows::default();
        for (order, (line, column)) in (1_u32..).zip(*cells) {
            let _ = rows.place(*line, *column, Cell::Number(f64::from(order)));
        }
        let actual: Vec<String> = rows
            .into_vec()
            .iter()
            .map(|row| {
                let cells: Vec<String> = row
                    .cells
                    .iter()
                    .map(|cell| match cell {
                        Cell::Number(number) => format!("{number}"),
                        _ => "·".to_owned(),
                    })
                    .collect();
                format!("{}:[{}]", row.line, cells.join(", "))
            })
            .collect();
        assert_eq!(actual.join(" "), *expected, "{cells:?}");
    }
}

/// Whatever the bytes, reading returns (never panics): prefixes of real files and noise.
#[test]
fn never_panics() {
    let workbook = typed_cells_workbook();
    let ods = ods();
    let inputs: Vec<Vec<u8>> = (0..workbook.len())
        .step_by(97)
        .map(|len| workbook.get(..len).unwrap_or_default().to_vec())
        .chain(
            (0..ods.len())
                .step_by(37)
                .map(|len| ods.get(..len).unwrap_or_default().to_vec()),
        )
        .chain((0..64).map(noise))
        .chain([
            b"PK\x03\x04".to_vec(),
            b"PK\x05\x06".to_vec(),
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
        ])
        .collect();
    for bytes in &inputs {
        for name in ["f.xlsx", "f.csv", "f"] {
            let _ = read(bytes, name, &ReadOptions::default());
        }
    }
}

/// What a sheet of [`sheet_choice`]'s workbooks holds.
#[derive(Debug, Clone, Copy)]
enum Holds {
    /// Four recognised columns and a learner, the header on this row (from 0).
    Learners(u32),
    /// Two recognised columns only: below [`super::SHEET_CHOICE_MIN_FIELDS`].
    TwoFields,
    /// A note naming a field, no header.
    Notes,
}

fn sheet_rows(holds: Holds) -> Vec<(u32, Vec<&'static str>)> {
    match holds {
        Holds::Learners(row) => vec![
            (
                row,
                vec![
                    "nom_apprenant",
                    "prenom_apprenant",
                    "date_de_naissance_apprenant",
                    "annee_scolaire",
                ],
            ),
            (row + 1, vec!["Doe", "John", "2000-10-28", "2025-2026"]),
        ],
        Holds::TwoFields => vec![(0, vec!["nom_apprenant", "prenom_apprenant"]), (1, vec!["Doe", "John"])],
        Holds::Notes => vec![(0, vec!["nom_apprenant : le nom"])],
    }
}

/// An `.xlsx` workbook of these sheets (name, hidden, what it holds); the first visible one active.
fn choice_xlsx(sheets: &[(&str, bool, Holds)]) -> Vec<u8> {
    xlsx(|book| {
        let active = sheets.iter().position(|(_, hidden, _)| !hidden);
        for (index, (name, hidden, holds)) in sheets.iter().enumerate() {
            let sheet = book.add_worksheet().set_name(*name)?;
            for (row, texts) in sheet_rows(*holds) {
                strings(sheet, row, 0, &texts)?;
            }
            if Some(index) == active {
                sheet.set_active(true);
            }
            sheet.set_hidden(*hidden);
        }
        Ok(())
    })
}

/// An `.ods` spreadsheet of these (visible) sheets: calamine reads it whole, then each sheet is
/// looked at from its range.
fn choice_ods(sheets: &[(&str, bool, Holds)]) -> Vec<u8> {
    let mut content = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>"#,
    );
    for (name, _, holds) in sheets {
        let _ = write!(content, r#"<table:table table:name="{name}">"#);
        let mut next = 0;
        for (row, texts) in sheet_rows(*holds) {
            for _ in next..row {
                content.push_str("<table:table-row><table:table-cell/></table:table-row>");
            }
            content.push_str("<table:table-row>");
            for text in texts {
                let _ = write!(
                    content,
                    r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
                );
            }
            content.push_str("</table:table-row>");
            next = row + 1;
        }
        content.push_str("</table:table>");
    }
    content.push_str("</office:spreadsheet></office:body></office:document-content>");
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    stored_zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content.as_bytes()),
        ("META-INF/manifest.xml", manifest.as_bytes()),
    ])
}

/// The sheets offered when several hold learners (`FileInfo::sheet_choice`), the same through the
/// fast `.xlsx` reader, calamine's `.xlsx` reader (streamed) and its `.ods` reader (ranges).
#[test]
fn sheet_choice() {
    use super::FileFormat;
    use super::workbook::read_with_calamine;
    type Sheets<'a> = &'a [(&'a str, bool, Holds)];
    let data = |name| (name, false, Holds::Learners(0));
    // (sheets, sheet asked for, the sheet read, the choice offered)
    let cases: &[(Sheets, Option<&str>, &str, &[&str])] = &[
        (
            &[("Notes", false, Holds::Notes), data("2024"), data("2025")],
            None,
            "2024",
            &["2024", "2025"],
        ),
        (
            &[("Notes", false, Holds::Notes), data("2024"), data("2025")],
            Some("2025"),
            "2025",
            &[],
        ),
        (
            &[data("2024"), ("Archive", true, Holds::Learners(0))],
            None,
            "2024",
            &[],
        ),
        (
            &[("Archive", true, Holds::Learners(0)), data("2024"), data("2025")],
            None,
            "2024",
            &["2024", "2025"],
        ),
        (&[("Notes", false, Holds::Notes), data("2025")], None, "2025", &[]),
        // A header further down counts; two recognised columns do not.
        (&[data("A"), ("B", false, Holds::Learners(5))], None, "A", &["A", "B"]),
        (&[data("A"), ("B", false, Holds::TwoFields)], None, "A", &[]),
        (&[("B", false, Holds::TwoFields), data("A")], None, "B", &[]),
        (&[data("A"), data("B"), data("C")], None, "A", &["A", "B", "C"]),
    ];
    for (sheets, asked, expected_sheet, expected_choice) in cases {
        let options = ReadOptions {
            sheet: asked.map(str::to_owned),
            ..ReadOptions::default()
        };
        let xlsx = choice_xlsx(sheets);
        let mut readings = vec![
            ("fast xlsx", read(&xlsx, "classeur.xlsx", &options)),
            (
                "calamine xlsx",
                read_with_calamine(&xlsx, FileFormat::Xlsx, "classeur.xlsx", &options),
            ),
        ];
        if sheets.iter().all(|(_, hidden, _)| !hidden) {
            readings.push(("calamine ods", read(&choice_ods(sheets), "classeur.ods", &options)));
        }
        for (reader, reading) in readings {
            let info = reading
                .unwrap_or_else(|error| panic!("{reader} {sheets:?}: {error}"))
                .info;
            assert_eq!(
                info.sheet.as_deref(),
                Some(*expected_sheet),
                "{reader} {sheets:?} {asked:?}"
            );
            assert_eq!(info.sheet_choice, *expected_choice, "{reader} {sheets:?} {asked:?}");
        }
    }
}
