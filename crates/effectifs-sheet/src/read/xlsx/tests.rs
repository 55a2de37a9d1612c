//! Differential tests of the fast `.xlsx` reader: every case is read by it and by the calamine
//! path ([`workbook::read_with_calamine`], the reference), and the two [`Sheet`]s (or errors) must
//! be equal field by field, numbers bit for bit. Each case also says which way it must go: read by
//! the fast reader, or handed back to calamine.
//!
//! The cases are data: the workbooks of `tests/data` (and `hostile/`), the official template,
//! generated exports like the bench's, workbooks written with `rust_xlsxwriter` for every kind of
//! cell, and hand-written XML for what `rust_xlsxwriter` never writes (inline strings, phonetic
//! runs, missing references, Strict Open XML…). Then the same workbooks under tight limits, and
//! thousands of random mutations of a small one, for which the public `read` must always equal
//! calamine. In tests the reader inflates 1 000 bytes at a time, so that every case crosses many
//! window boundaries.
#![allow(
    clippy::too_many_lines,
    clippy::needless_raw_string_hashes,
    reason = "case tables are long, and the XML of hand-written workbooks reads best raw"
)]

use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use effectifs_core::Cell;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula};

use super::Failure;
use crate::read::tests::{stored_zip, strings, xlsx};
use crate::read::{FileFormat, Limits, ReadError, ReadOptions, ReadWarning, Sheet, archive, detect, workbook};

/// Which reader must give the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    /// The fast reader (a sheet, or an error of ours such as a limit).
    Fast,
    /// calamine, the fast reader having handed the file back.
    Fallback,
    /// Either (where it depends on where the windows end).
    Any,
}

/// One workbook read one way.
struct Case {
    name: String,
    bytes: Vec<u8>,
    options: ReadOptions,
    route: Route,
}

fn case(name: impl Into<String>, bytes: Vec<u8>, route: Route) -> Case {
    Case {
        name: name.into(),
        bytes,
        options: ReadOptions::default(),
        route,
    }
}

/// The same case with other options.
fn with(case: &Case, suffix: &str, options: ReadOptions, route: Route) -> Case {
    Case {
        name: format!("{} ({suffix})", case.name),
        bytes: case.bytes.clone(),
        options,
        route,
    }
}

/// The fast reader alone, as `workbook::read` calls it.
fn fast(bytes: &[u8], options: &ReadOptions) -> Result<Sheet, Failure> {
    let archive = archive::inspect(bytes, &options.limits)?.ok_or(Failure::Fallback("not an archive"))?;
    super::read(archive, FileFormat::Xlsx, "f.xlsx", options)
}

fn reference(bytes: &[u8], options: &ReadOptions) -> Result<Sheet, ReadError> {
    workbook::read_with_calamine(bytes, FileFormat::Xlsx, "f.xlsx", options)
}

/// Reads the case both ways and compares.
fn check(case: &Case) {
    let fast = fast(&case.bytes, &case.options);
    // Damage calamine would read wrongly without a word (or panic on, in a debug build): refused
    // by the fast reader (the file, or the sheet, skipped with a warning, when another is read),
    // and by the public one the same way, whatever calamine would give.
    if known_damage(&fast).is_some() {
        let public = crate::read(&case.bytes, "f.xlsx", &case.options);
        let fast = match fast {
            Ok(sheet) => Ok(sheet),
            Err(Failure::Read(error)) => Err(error),
            Err(Failure::Fallback(reason)) => panic!("{}: a damage found, then a fallback ({reason})", case.name),
        };
        assert_same(&case.name, &render(&public), &render(&fast));
        return;
    }
    let reference = reference(&case.bytes, &case.options);
    // A reference calamine would read with overflowing arithmetic, refused before calamine reads
    // the file: the fast reader refuses it too (in its own words, or at a limit met first) or
    // hands it over.
    if let Err(ReadError::Corrupted { detail, .. }) = &reference
        && detail.ends_with(", beyond any sheet")
    {
        assert!(
            fast.is_err(),
            "{}: read by the fast reader, refused before calamine",
            case.name
        );
        return;
    }
    let expected = render(&reference);
    match (&fast, case.route) {
        (Err(Failure::Fallback(reason)), Route::Fast) => {
            panic!(
                "{}: handed back to calamine ({reason}), expected the fast reader",
                case.name
            )
        }
        (Ok(_) | Err(Failure::Read(_)), Route::Fallback) => {
            panic!("{}: read by the fast reader, expected a fallback", case.name)
        }
        (Ok(sheet), _) => assert_same(&case.name, &render(&Ok(sheet.clone())), &expected),
        (Err(Failure::Read(error)), _) => assert_same(&case.name, &render(&Err(error.clone())), &expected),
        (Err(Failure::Fallback(_)), Route::Fallback | Route::Any) => {}
    }
    // Whatever the route, the public reader gives calamine's result.
    let public = crate::read(&case.bytes, "f.xlsx", &case.options);
    assert_same(
        &case.name,
        &render(&public.map(|mut sheet| {
            sheet.info.format = FileFormat::Xlsx;
            sheet
        })),
        &expected,
    );
}

/// The detail of a refusal for damage that calamine would read wrongly (see [`super::DAMAGE`]): of
/// the file, or of a sheet skipped while another was read.
fn known_damage(fast: &Result<Sheet, Failure>) -> Option<&String> {
    let detail = match fast {
        Err(Failure::Read(ReadError::Corrupted { detail, .. })) => detail,
        Ok(sheet) => sheet.warnings.iter().find_map(|warning| match warning {
            ReadWarning::DamagedSheet { detail, .. } => Some(detail),
            _ => None,
        })?,
        Err(_) => return None,
    };
    [super::xml::ROW_BEYOND_SHEET, super::sheet::BAD_STRING_INDEX]
        .iter()
        .any(|reason| reason.trim_start_matches(super::DAMAGE) == detail)
        .then_some(detail)
}

fn assert_same(name: &str, actual: &str, expected: &str) {
    assert!(
        actual == expected,
        "{name}: the fast reader differs from calamine\n--- fast\n{actual}\n--- calamine\n{expected}"
    );
}

/// Everything in a result, numbers with their bits.
fn render(result: &Result<Sheet, ReadError>) -> String {
    let sheet = match result {
        Ok(sheet) => sheet,
        Err(error) => return format!("error: {error:?}\n"),
    };
    let mut out = format!("{:?}\n{:?}\n{:?}\n", sheet.info, sheet.warnings, sheet.table.columns);
    for row in &sheet.table.rows {
        let _ = write!(out, "{}:", row.line);
        for cell in &row.cells {
            match cell {
                Cell::Number(value) | Cell::Date(value) => {
                    let _ = write!(out, " {cell:?}#{:016x}", value.to_bits());
                }
                cell => {
                    let _ = write!(out, " {cell:?}");
                }
            }
        }
        out.push('\n');
    }
    out
}

// ----------------------------------------------------------------------------------------------
// Workbooks written with rust_xlsxwriter

const HEADER: &[&str] = &[
    "nom_apprenant",
    "prenom_apprenant",
    "date_de_naissance_apprenant",
    "annee_formation",
    "rqth_apprenant",
    "Remarque",
    "Durée",
    "Taux",
];

/// Every kind of cell under a header: texts (entities, escapes, blanks, rich text), numbers,
/// dates and durations in built-in and custom formats, percentages and currencies (not dates),
/// booleans, formulas with cached numbers, texts, booleans and errors, gaps.
fn every_cell_kind() -> Vec<u8> {
    xlsx(|book| {
        let sheet = book.add_worksheet().set_name("Apprentis")?;
        strings(sheet, 0, 0, HEADER)?;
        let dmy = Format::new().set_num_format("dd/mm/yyyy");
        let long = Format::new().set_num_format("[$-40C]d mmmm yyyy");
        let stamp = Format::new().set_num_format("yyyy-mm-dd hh:mm");
        let duration = Format::new().set_num_format("[h]:mm");
        let percent = Format::new().set_num_format("0.00%");
        let euros = Format::new().set_num_format("#,##0.00\\ \"€\"");
        let builtin_date = Format::new().set_num_format_index(14);
        let texts = [
            "Dupont",
            "  espaces autour  ",
            "a < b & c > d \"e\" 'f'",
            "ligne\r\nsuivante\rfin",
            "_x000D_ littéral et _x0041_",
            "tab\tet\u{1}contrôle",
            "Émilie 😀 ß",
            "",
            "=pas une formule",
        ];
        for (row, text) in (1_u32..).zip(texts) {
            sheet.write_string(row, 0, text)?;
            sheet.write_string(row, 1, "Léa")?;
        }
        let date = ExcelDateTime::from_ymd(2005, 3, 14)?;
        sheet.write_datetime_with_format(1, 2, &date, &dmy)?;
        sheet.write_datetime_with_format(2, 2, &date, &long)?;
        sheet.write_datetime_with_format(3, 2, &ExcelDateTime::from_ymd(2024, 9, 2)?.and_hms(10, 30, 0)?, &stamp)?;
        sheet.write_number_with_format(4, 2, 38_425.0, &builtin_date)?;
        sheet.write_number(1, 3, 1)?;
        sheet.write_number(2, 3, -2.5)?;
        sheet.write_number(3, 3, 0.1)?;
        sheet.write_number(4, 3, 1e-7)?;
        sheet.write_number(5, 3, 123_456_789_012_345.67)?;
        sheet.write_number(6, 3, -0.0)?;
        sheet.write_boolean(1, 4, true)?;
        sheet.write_boolean(2, 4, false)?;
        sheet.write_rich_string(
            1,
            5,
            &[(&Format::new().set_bold(), "gras "), (&Format::default(), "normal")],
        )?;
        sheet.write_formula(2, 5, Formula::new("=A2&\"x\"").set_result("Dupontx"))?;
        sheet.write_formula(3, 5, Formula::new("=1+1").set_result("2"))?;
        sheet.write_formula(4, 5, Formula::new("=1=1").set_result("TRUE"))?;
        sheet.write_formula(5, 5, Formula::new("=1/0").set_result("#DIV/0!"))?;
        sheet.write_formula(6, 5, Formula::new("=NA()").set_result("#N/A"))?;
        sheet.write_formula(7, 5, Formula::new("=A1").set_result("a & <b>"))?;
        sheet.write_number_with_format(1, 6, 1.75, &duration)?;
        sheet.write_number_with_format(1, 7, 0.125, &percent)?;
        sheet.write_number_with_format(2, 7, 1234.5, &euros)?;
        sheet.write_blank(3, 7, &percent)?;
        // A gap of rows, then a far column.
        sheet.write_string(40, 0, "Loin")?;
        sheet.write_string(40, 30, "à droite")?;
        Ok(())
    })
}

/// The header on line 4 below a title, data from column C, a merged title and merged areas below.
fn offset_and_merged() -> Vec<u8> {
    xlsx(|book| {
        let sheet = book.add_worksheet();
        sheet.merge_range(0, 2, 0, 6, "Effectifs 2025", &Format::new().set_bold())?;
        strings(sheet, 3, 2, &["Nom", "Prénom", "Établissement", "Ville"])?;
        for (row, name) in (4_u32..).zip(["Durand", "Petit", "Roux", "Blanc"]) {
            sheet.write_string(row, 2, name)?;
            sheet.write_string(row, 3, "Jade")?;
        }
        sheet.merge_range(4, 4, 7, 4, "CFA du Nord", &Format::new())?;
        sheet.merge_range(4, 5, 5, 6, "Lille", &Format::new())?;
        Ok(())
    })
}

/// Sheets: a visible notice without header, a very hidden one and a hidden one with headers, the
/// data on the fourth.
fn many_sheets() -> Vec<u8> {
    xlsx(|book| {
        strings(book.add_worksheet().set_name("Notice")?, 0, 0, &["Lisez-moi", "2025"])?;
        let hidden = book.add_worksheet().set_name("Caché")?;
        strings(hidden, 0, 0, &["nom_apprenant"])?;
        strings(hidden, 1, 0, &["Masqué"])?;
        hidden.set_very_hidden(true);
        let listes = book.add_worksheet().set_name("Listes")?;
        strings(listes, 0, 0, &["nom_apprenant", "prenom_apprenant"])?;
        listes.set_hidden(true);
        let data = book.add_worksheet().set_name("Données & co")?;
        strings(data, 0, 0, &["nom_apprenant", "prenom_apprenant"])?;
        strings(data, 1, 0, &["Garnier", "Noé"])?;
        Ok(())
    })
}

/// Two visible sheets, the header only on the second.
fn header_on_second_sheet() -> Vec<u8> {
    xlsx(|book| {
        let notice = book.add_worksheet().set_name("Notice")?;
        strings(notice, 0, 0, &["Ce classeur contient les effectifs 2025."])?;
        strings(notice, 2, 1, &["Contact", "cfa@exemple.fr"])?;
        let data = book.add_worksheet().set_name("Effectifs")?;
        strings(data, 0, 0, &["nom_apprenant", "prenom_apprenant"])?;
        strings(data, 1, 0, &["Roux", "Inès"])?;
        Ok(())
    })
}

/// A long sheet: `lines` learners of the bench's kind (texts, codes, integers, dates, booleans,
/// empties), deterministic.
fn export(lines: u32, seed: u32) -> Vec<u8> {
    let columns = [
        "nom_apprenant",
        "prenom_apprenant",
        "date_de_naissance_apprenant",
        "code_postal_apprenant",
        "annee_formation",
        "rqth_apprenant",
        "email_contact",
        "date_entree_formation",
        "siret_employeur",
        "adresse_apprenant",
    ];
    let names = [
        "Martin", "Bernard", "Thomas", "Petit", "Robert", "Lefèvre", "N'Diaye", "Ölçer", "",
    ];
    xlsx(|book| {
        let sheet = book.add_worksheet().set_name("Effectifs")?;
        let bold = Format::new().set_bold();
        let date = Format::new().set_num_format("dd/mm/yyyy");
        for (column, header) in (0_u16..).zip(columns) {
            sheet.write_string_with_format(0, column, header, &bold)?;
        }
        let mut state = seed;
        let mut next = move || {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            state >> 8
        };
        for line in 1..=lines {
            let pick = |value: u32, len: usize| usize::try_from(value).unwrap_or(0) % len;
            sheet.write_string(line, 0, names[pick(next(), names.len())])?;
            sheet.write_string(line, 1, format!("Prénom {}", next() % 97))?;
            let day = ExcelDateTime::from_ymd(
                1990 + u16::try_from(next() % 20).unwrap_or(0),
                1 + u8::try_from(next() % 12).unwrap_or(0),
                1 + u8::try_from(next() % 28).unwrap_or(0),
            )?;
            sheet.write_datetime_with_format(line, 2, &day, &date)?;
            sheet.write_string(line, 3, format!("{:05}", next() % 99_999))?;
            if next() % 5 != 0 {
                sheet.write_number(line, 4, f64::from(next() % 3 + 1))?;
            }
            sheet.write_boolean(line, 5, next() % 2 == 0)?;
            sheet.write_string(line, 6, format!("contact{}@exemple.fr", next() % 1000))?;
            sheet.write_number_with_format(line, 7, f64::from(45_000 + next() % 900), &date)?;
            sheet.write_string(line, 8, format!("{:014}", u64::from(next()) * 977))?;
            if next() % 3 == 0 {
                sheet.write_string(line, 9, "12 rue de la Paix\n59000 Lille")?;
            }
        }
        Ok(())
    })
}

// ----------------------------------------------------------------------------------------------
// Hand-written workbooks

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The styles of hand-written workbooks: `s` 0 general, 1 built-in date (14), 2 `dd/mm/yyyy`,
/// 3 `[$-40C]d mmmm yyyy`, 4 `[h]:mm`, 5 euros, 6 percent (10), 7 built-in duration (46), 8
/// built-in date-time (22), 9 `yyyy-mm-dd hh:mm`.
fn styles() -> String {
    format!(
        r##"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}"><numFmts count="5"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="[$-40C]d\ mmmm\ yyyy"/><numFmt numFmtId="166" formatCode="[h]:mm"/><numFmt numFmtId="167" formatCode="#,##0.00\ &quot;€&quot;"/><numFmt numFmtId="168" formatCode="yyyy\-mm\-dd\ hh:mm"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border><left/><right style="thin"><color rgb="FF000000"/></right><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0"/></cellStyleXfs>
<cellXfs count="10"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"><alignment horizontal="center"/></xf><xf numFmtId="167"/><xf numFmtId="10"/><xf numFmtId="46"/><xf numFmtId="22"/><xf numFmtId="168"/></cellXfs></styleSheet>"##
    )
}

/// A workbook of the given sheets (`name`, `state` attribute or empty, XML), shared strings and
/// styles, with `workbook_pr` in `<workbookPr>`.
fn package(sheets: &[(&str, &str, String)], shared: Option<&str>, styles: Option<&str>, workbook_pr: &str) -> Vec<u8> {
    let mut workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr {workbook_pr}/><sheets>"#
    );
    let mut rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#.to_owned();
    for (index, (name, state, _)) in (1..).zip(sheets) {
        let _ = write!(
            workbook,
            r#"<sheet name="{name}" sheetId="{index}" {state} r:id="rId{index}"/>"#
        );
        let _ = write!(
            rels,
            r#"<Relationship Id="rId{index}" Type="{REL}/worksheet" Target="worksheets/sheet{index}.xml"/>"#
        );
    }
    workbook.push_str(r#"</sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'Feuil1'!$A$1:$B$2</definedName></definedNames></workbook>"#);
    rels.push_str(&format!(
        r#"<Relationship Id="rId99" Type="{REL}/styles" Target="styles.xml"/></Relationships>"#
    ));
    let root = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;
    let sheet_names: Vec<String> = (1..=sheets.len())
        .map(|index| format!("xl/worksheets/sheet{index}.xml"))
        .collect();
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", root.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
    ];
    for (name, (_, _, xml)) in sheet_names.iter().zip(sheets) {
        entries.push((name, xml.as_bytes()));
    }
    if let Some(shared) = shared {
        entries.push(("xl/sharedStrings.xml", shared.as_bytes()));
    }
    if let Some(styles) = styles {
        entries.push(("xl/styles.xml", styles.as_bytes()));
    }
    stored_zip(&entries)
}

/// A worksheet part around `data` (the content of `sheetData`) and `after` (what follows it).
fn sheet_xml(data: &str, after: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><dimension ref="A1:H9"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>{data}</sheetData>{after}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"#
    )
}

/// Shared strings: index 0 `nom_apprenant`, 1 `prenom_apprenant`, 2 `date_de_naissance_apprenant`,
/// then the interesting ones.
fn shared_strings() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="14" uniqueCount="14"><si><t>nom_apprenant</t></si><si><t>prenom_apprenant</t></si><si><t>date_de_naissance_apprenant</t></si><si><t xml:space="preserve">  Dupont  </t></si><si><t>  trimmed	
</t></si><si><r><rPr><b/></rPr><t>Rich</t></r><r><t xml:space="preserve"> text</t></r></si><si><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh><phoneticPr fontId="1"/></si><si><t>a &amp; b &lt;c&gt; &#233;&#x20AC; &quot;q&quot;</t></si><si><t>ligne_x000D_
suivante _x005F_x000D_ _xD83D__xDE00_</t></si><si><t/></si><si/><si><t><![CDATA[<cdata> & co]]></t></si>{}</sst>"#,
        "<si><t>crlf\r\nfin\r</t></si><si><t xml:space=\"preserve\">\r\n  gardé  \r</t></si>"
    )
}

/// Data rows using every way of writing a cell calamine reads.
fn raw_rows() -> String {
    [
        r#"<row r="1" spans="1:8"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="inlineStr"><is><t>Remarque</t></is></c></row>"#,
        r#"<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" s="2"><v>38425</v></c><c r="D2" t="inlineStr"><is><r><t>in</t></r><r><t xml:space="preserve">line </t></r></is></c><c r="E2" s="6"><v>0.125</v></c><c r="F2" s="5"><v>1234.5</v></c></row>"#,
        r#"<row r="3"><c r="A3" t="s"><v>5</v></c><c r="B3" t="s"><v>6</v></c><c r="C3" s="3"><v>38425.5</v></c><c r="D3" t="str"><f>A1&amp;"x"</f><v>a &amp; b_x000D_</v></c><c r="E3" s="4"><v>1.75</v></c><c r="F3" s="7"><v>2.5</v></c><c r="G3" s="8"><v>45000.25</v></c><c r="H3" s="9"><v>45000.75</v></c></row>"#,
        r#"<row r="5"><c r="A5" t="s"><v>7</v></c><c r="B5" t="s"><v>8</v></c><c r="C5" s="1"><v>1E-3</v></c><c r="D5" t="b"><v>1</v></c><c r="E5" t="b"><v>0</v></c><c r="F5" t="e"><v>#N/A</v></c><c r="G5" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="H5" t="d"><v>2024-09-01T10:30:00</v></c></row>"#,
        r#"<row r="6"><c r="A6" t="s"><v>9</v></c><c r="B6" t="s"><v>10</v></c><c r="C6" t="s"><v>11</v></c><c r="D6" t="n"><v>-12.5e+2</v></c><c r="E6"><v>1.7976931348623157E308</v></c><c r="F6"><v>2.2250738585072011e-308</v></c><c r="G6"><v>9007199254740993</v></c><c r="H6"><v>0.1000000000000000055511151231257827021181583404541015625</v></c></row>"#,
        r#"<row r="7"><c r="A7" t="inlineStr"><is><t>Sans</t></is></c><c t="inlineStr"><is><t>référence</t></is></c><c><v>3</v></c><c s="2"/><c r="F7" t="d"><v>pas une date</v></c><c r="G7" t="str"><v></v></c><c r="H7" t="b"><v>true</v></c></row>"#,
        r#"<row><c t="inlineStr"><is><t>Ligne</t></is></c><c t="inlineStr"><is><t>sans numéro</t></is></c><c><f>1+1</f></c><c><v></v></c><c t="s"></c><c r="F8" t="inlineStr"><v>ignoré</v><is><t>gardé</t></is></c><c r="G8"><v>1</v><f>x</f></c><c r="H8" s="99"><v>4</v></c></row>"#,
        r#"<row r="9" customHeight="1"/><row r="10"><c r="a10" t="inlineStr"><is><t>minuscules</t></is></c><c r="B10" t="inlineStr"><is><t>ok</t></is></c><c r="D10" s="2"/><c t="inlineStr"><is><t>après un blanc</t></is></c><c t="inlineStr"><is><t>&#13;retour&#13;</t></is></c><c t="s"><v>12</v></c><c t="s"><v>13</v></c></row>"#,
    ]
    .concat()
}

fn raw_book(data: &str, after: &str, workbook_pr: &str) -> Vec<u8> {
    package(
        &[("Feuil1", "", sheet_xml(data, after))],
        Some(&shared_strings()),
        Some(&styles()),
        workbook_pr,
    )
}

/// Hand-written workbooks the fast reader must read, and the ones it must hand back.
fn raw_cases() -> Vec<Case> {
    let merges = r#"<mergeCells count="2"><mergeCell ref="E2:E4"/><mergeCell ref="A9:B10"/></mergeCells>"#;
    let pretty = raw_rows()
        .replace("<c ", "\n      <c ")
        .replace("<row", "\n    <row")
        .replace("</row>", "\n    </row>");
    let prefixed = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>nom_apprenant</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2"><x:v>5</x:v></x:c></x:row></x:sheetData></x:worksheet>"#
    );
    let strict_namespace = "http://purl.oclc.org/ooxml/spreadsheetml/main";
    let strict = package(
        &[("Feuil1", "", sheet_xml(&raw_rows(), "").replace(MAIN, strict_namespace))],
        Some(&shared_strings().replace(MAIN, strict_namespace)),
        Some(&styles().replace(MAIN, strict_namespace)),
        "",
    )
    .pipe(|bytes| replace_in_zip(&bytes, "xl/workbook.xml", MAIN, strict_namespace));
    let strict_sheet = package(
        &[("Feuil1", "", sheet_xml(&raw_rows(), "").replace(MAIN, strict_namespace))],
        Some(&shared_strings()),
        Some(&styles()),
        "",
    );
    let mut chart = package(
        &[("Feuil1", "", sheet_xml(&raw_rows(), ""))],
        Some(&shared_strings()),
        Some(&styles()),
        "",
    );
    chart = replace_in_zip(&chart, "xl/_rels/workbook.xml.rels", "/worksheet\"", "/chartsheet\"");
    let no_styles = package(
        &[("Feuil1", "", sheet_xml(&raw_rows(), ""))],
        Some(&shared_strings()),
        None,
        "",
    );
    let hidden = package(
        &[
            ("Masquée", r#"state="hidden""#, sheet_xml(&raw_rows(), "")),
            ("Très masquée", r#"state="veryHidden""#, sheet_xml(&raw_rows(), "")),
            (
                "Visible",
                r#"state="visible""#,
                sheet_xml(
                    r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Note</t></is></c></row>"#,
                    "",
                ),
            ),
        ],
        Some(&shared_strings()),
        Some(&styles()),
        "",
    );
    vec![
        case(
            "raw: every way of writing a cell",
            raw_book(&raw_rows(), "", ""),
            Route::Fast,
        ),
        case(
            "raw: 1904 date system",
            raw_book(&raw_rows(), "", r#"date1904="1""#),
            Route::Fast,
        ),
        case(
            "raw: 1904 as true",
            raw_book(&raw_rows(), "", r#"date1904="true" defaultThemeVersion="1""#),
            Route::Fast,
        ),
        case("raw: merged areas", raw_book(&raw_rows(), merges, ""), Route::Fast),
        case("raw: pretty-printed", raw_book(&pretty, merges, ""), Route::Fast),
        case(
            "raw: prefixed names",
            package(&[("Feuil1", "", prefixed)], None, None, ""),
            Route::Fast,
        ),
        case("raw: no styles part", no_styles, Route::Fast),
        case("raw: hidden and very hidden sheets", hidden, Route::Fast),
        case("raw: Strict Open XML", strict, Route::Fallback),
        case("raw: a Strict Open XML sheet", strict_sheet, Route::Fallback),
        case("raw: a chart sheet", chart, Route::Fallback),
        case(
            "raw: merged cells before the data",
            raw_book(&raw_rows(), "", "").pipe(|bytes| {
                replace_in_zip(
                    &bytes,
                    "xl/worksheets/sheet1.xml",
                    "<sheetViews>",
                    &format!("{merges}<sheetViews>"),
                )
            }),
            Route::Fallback,
        ),
        case(
            "raw: a merged area written with a line break",
            raw_book(
                &raw_rows(),
                &merges.replace("<mergeCell ref=\"E2", "<mergeCell\nref=\"E2"),
                "",
            ),
            Route::Fallback,
        ),
        case(
            "raw: a value in two pieces",
            raw_book(&raw_rows().replace("<v>38425</v>", "<v>384<!-- -->25</v>"), "", ""),
            Route::Fallback,
        ),
        case(
            "raw: an unknown error value",
            raw_book(&raw_rows().replace("#N/A", "#GETTING_DATA"), "", ""),
            Route::Fallback,
        ),
        case(
            "raw: a shared string out of range",
            raw_book(&raw_rows().replace("<v>11</v>", "<v>99</v>"), "", ""),
            Route::Fallback,
        ),
        case(
            "raw: a number with blanks",
            raw_book(&raw_rows().replace("<v>0.125</v>", "<v> 0.125</v>"), "", ""),
            Route::Fallback,
        ),
        case(
            "raw: a truncated sheet",
            raw_book(&raw_rows(), "", "")
                .pipe(|bytes| replace_in_zip(&bytes, "xl/worksheets/sheet1.xml", "</sheetData>", "")),
            Route::Fallback,
        ),
        case(
            "raw: an end tag closing nothing",
            raw_book(&raw_rows(), "", "").pipe(|bytes| {
                replace_in_zip(
                    &bytes,
                    "xl/worksheets/sheet1.xml",
                    "</worksheet>",
                    "</worksheet></extra>",
                )
            }),
            Route::Fast,
        ),
        case(
            "raw: a byte order mark between rows",
            raw_book(
                &raw_rows().replace("</row><row r=\"5\">", "</row>\u{FEFF}<row r=\"5\">"),
                "",
                "",
            ),
            Route::Any,
        ),
    ]
}

/// A copy of the stored zip `bytes` whose entry `name` has `from` replaced by `to`.
fn replace_in_zip(bytes: &[u8], name: &str, from: &str, to: &str) -> Vec<u8> {
    let entries = unzip(bytes);
    let entries: Vec<(String, Vec<u8>)> = entries
        .into_iter()
        .map(|(entry, data)| {
            if entry == name {
                let text = String::from_utf8(data).expect("test XML").replace(from, to);
                (entry, text.into_bytes())
            } else {
                (entry, data)
            }
        })
        .collect();
    let borrowed: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(entry, data)| (entry.as_str(), data.as_slice()))
        .collect();
    stored_zip(&borrowed)
}

/// The entries of a zip archive, in order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("test zip");
    (0..zip.len())
        .map(|index| {
            let mut file = zip.by_index(index).expect("test zip");
            let mut data = Vec::new();
            file.read_to_end(&mut data).expect("test zip");
            (file.name().expect("test zip").into_owned(), data)
        })
        .collect()
}

trait Pipe: Sized {
    fn pipe<T>(self, apply: impl FnOnce(Self) -> T) -> T {
        apply(self)
    }
}

impl<T> Pipe for T {}

// ----------------------------------------------------------------------------------------------
// Files

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data")
}

/// The `.xlsx` files of `tests/data` and `hostile/` that the reader takes for `.xlsx`, and the
/// official template, with the route each must take.
#[expect(clippy::disallowed_methods, reason = "a test reads the fixtures of tests/data")]
fn file_cases() -> Vec<Case> {
    // A truncated archive, a wrong checksum; merged cells written before the cells (the
    // shared-string count fixtures); areas written end first (left to calamine's wrapping
    // arithmetic).
    let fallback = [
        "tronque.xlsx",
        "crc-faux.xlsx",
        "xlsx-nombre-de-chaines.xlsx",
        "xlsx-nombre-de-chaines-juste.xlsx",
        "xlsx-reference-debordante.xlsx",
        "zones-inversees.xlsx",
    ];
    // Refused (tests/hostile.rs), and 17 Mio to inflate per case in a debug build.
    let skipped = [
        "texte-sans-balise.xlsx",
        "texte-en-morceaux.xlsx",
        "texte-en-morceaux-en-ligne.xlsx",
    ];
    // A sheet's XML cut short: handed back when that sheet is read, not when the sound one is asked for.
    let either = ["feuille-endommagee.xlsx"];
    let mut paths: Vec<PathBuf> = [data_dir(), data_dir().join("hostile")]
        .iter()
        .flat_map(|dir| {
            std::fs::read_dir(dir)
                .expect("tests/data")
                .map(|entry| entry.expect("entry").path())
        })
        .filter(|path| path.extension().is_some_and(|extension| extension == "xlsx"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(&path).expect("fixture");
            let is_xlsx = matches!(
                detect::detect(&bytes, Some("xlsx")),
                Ok(detect::Kind::Workbook(FileFormat::Xlsx | FileFormat::Xlsm))
            );
            let name = path.file_name()?.to_string_lossy().into_owned();
            if skipped.contains(&name.as_str()) {
                return None;
            }
            let route = if fallback.contains(&name.as_str()) {
                Route::Fallback
            } else if either.contains(&name.as_str()) {
                Route::Any
            } else {
                Route::Fast
            };
            is_xlsx.then(|| case(name, bytes, route))
        })
        .collect()
}

/// Tight limits, each reached somewhere in an ordinary file.
fn tight_limits() -> Vec<(&'static str, Limits)> {
    let base = Limits::default();
    vec![
        ("3 lines", Limits { max_lines: 3, ..base }),
        ("3 columns", Limits { max_columns: 3, ..base }),
        (
            "5 characters",
            Limits {
                max_cell_chars: 5,
                ..base
            },
        ),
        ("20 cells", Limits { max_cells: 20, ..base }),
        (
            "ratio 2",
            Limits {
                max_compression_ratio: 2,
                ..base
            },
        ),
        (
            "1 Ko",
            Limits {
                max_uncompressed_bytes: 1024,
                ..base
            },
        ),
    ]
}

// ----------------------------------------------------------------------------------------------
// Tests

/// Every workbook both ways, also with each sheet asked for by name.
#[test]
fn same_sheet_as_calamine() {
    let mut cases = vec![
        case("every cell kind", every_cell_kind(), Route::Fast),
        case("offset header and merged cells", offset_and_merged(), Route::Fast),
        case("many sheets", many_sheets(), Route::Fast),
        case("the header on the second sheet", header_on_second_sheet(), Route::Fast),
        case("an export of 300 lines", export(300, 1), Route::Fast),
    ];
    cases.extend(raw_cases());
    cases.extend(file_cases());
    let mut by_name = Vec::new();
    for case in &cases {
        // calamine may panic on these (a debug build checks its arithmetic): `check` skips it.
        if known_damage(&fast(&case.bytes, &case.options)).is_some() {
            continue;
        }
        let Ok(sheet) = reference(&case.bytes, &case.options) else {
            continue;
        };
        for name in sheet.info.sheets.iter().chain([&"Inconnue".to_owned()]) {
            let options = ReadOptions {
                sheet: Some(name.clone()),
                ..ReadOptions::default()
            };
            // An unknown sheet is refused before any sheet is read, even one the fast reader
            // would hand back.
            let route = if name == "Inconnue" && case.route == Route::Fallback {
                Route::Any
            } else {
                case.route
            };
            by_name.push(with(case, &format!("sheet {name}"), options, route));
        }
    }
    for case in cases.iter().chain(&by_name) {
        check(case);
    }
}

/// The limits stop both readers at the same cell, with the same message.
#[test]
fn same_limits_as_calamine() {
    let mut cases = vec![
        case("every cell kind", every_cell_kind(), Route::Fast),
        case("offset header and merged cells", offset_and_merged(), Route::Fast),
        case("an export of 100 lines", export(100, 2), Route::Fast),
        case("raw", raw_book(&raw_rows(), "", ""), Route::Fast),
    ];
    cases.extend(file_cases().into_iter().filter(|case| case.route == Route::Fast));
    for case in &cases {
        for (name, limits) in tight_limits() {
            let options = ReadOptions { sheet: None, limits };
            check(&with(case, name, options, Route::Fast));
        }
    }
}

/// A long export, read across many windows (and its first rows alone, for the sheet choice).
#[test]
fn long_export() {
    check(&case("an export of 3 000 lines", export(3_000, 3), Route::Fast));
}

/// Random damage to a small workbook's parts: whatever the fast reader makes of it (a sheet, an
/// error, a fallback), the public reader gives calamine's result. calamine's own panics (its
/// arithmetic overflows in debug builds) are not ours: such cases are skipped.
#[test]
fn mutations_never_diverge() {
    let original = raw_book(
        &raw_rows(),
        r#"<mergeCells count="1"><mergeCell ref="E2:E4"/></mergeCells>"#,
        "",
    );
    let entries = unzip(&original);
    let pieces: [&[u8]; 12] = [
        b"<", b">", b"/", b"&", b"\"", b" ", b"</row>", b"<c>", b"<v>", b"_x00", b"\xC3", b":",
    ];
    let mut state = 0x9E37_79B9_u32;
    let mut random = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        usize::try_from(state).unwrap_or(0) % bound.max(1)
    };
    let mut compared = 0;
    for round in 0..1_500 {
        let target = random(entries.len());
        let mut mutated = entries.clone();
        let Some((_, data)) = mutated.get_mut(target) else {
            continue;
        };
        for _ in 0..=random(3) {
            let at = random(data.len() + 1);
            match random(4) {
                0 => {
                    let end = (at + 1 + random(12)).min(data.len());
                    data.drain(at.min(end)..end);
                }
                1 => {
                    let piece = pieces[random(pieces.len())];
                    data.splice(at..at, piece.iter().copied());
                }
                2 => {
                    if let Some(byte) = data.get_mut(at) {
                        *byte = u8::try_from(random(256)).unwrap_or(0);
                    }
                }
                _ => {
                    let end = (at + random(40)).min(data.len());
                    let copy = data.get(at..end).unwrap_or_default().to_vec();
                    data.splice(at..at, copy);
                }
            }
        }
        let borrowed: Vec<(&str, &[u8])> = mutated
            .iter()
            .map(|(name, data)| (name.as_str(), data.as_slice()))
            .collect();
        let bytes = stored_zip(&borrowed);
        let options = ReadOptions::default();
        let Ok(expected) = catch_unwind(AssertUnwindSafe(|| render(&reference(&bytes, &options)))) else {
            continue;
        };
        let actual = render(&crate::read(&bytes, "f.xlsx", &options));
        assert_same(
            &format!(
                "mutation {round} of {}",
                entries.get(target).map_or("", |(name, _)| name)
            ),
            &actual,
            &expected,
        );
        compared += 1;
    }
    assert!(compared > 1_000, "only {compared} mutations compared");
}

/// Every `.xlsx` and `.xlsm` of the folder `EFFECTIFS_XLSX_DIR` both ways, to check the fast reader
/// on a corpus that is not committed (the bench's files of every size and seed, real exports):
/// `EFFECTIFS_XLSX_DIR=… cargo test -p effectifs-sheet --release -- --ignored corpus --nocapture`.
/// Prints the way each file went.
#[test]
#[ignore = "reads the folder named by EFFECTIFS_XLSX_DIR"]
#[expect(
    clippy::disallowed_methods,
    reason = "a test reads the files of the folder it is given"
)]
fn corpus() {
    let Some(dir) = std::env::var_os("EFFECTIFS_XLSX_DIR") else {
        return;
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("EFFECTIFS_XLSX_DIR")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "xlsx" || extension == "xlsm")
        })
        .collect();
    paths.sort();
    for path in paths {
        let bytes = std::fs::read(&path).expect("readable file");
        let route = match fast(&bytes, &ReadOptions::default()) {
            Ok(_) | Err(Failure::Read(_)) => "fast".to_owned(),
            Err(Failure::Fallback(reason)) => format!("calamine ({reason})"),
        };
        check(&case(path.display().to_string(), bytes, Route::Any));
        eprintln!("{}: {route}, same as calamine", path.display());
    }
}
