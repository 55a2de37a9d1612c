//! Tests of the exports on the real fixtures of `tests/data`: each workbook written is read back
//! with calamine (values, sheets) and its XML is opened with zip (the notes).
#![allow(
    clippy::needless_raw_string_hashes,
    reason = "expect-test writes its literals as `r#\"…\"#`"
)]

use std::io::{Cursor, Read as _};

use calamine::{Data, Reader as _, Xlsx};
use effectifs_core::{Cell, Date, Profile, Report, validate};

use effectifs_core::table::column_letter;
use expect_test::expect;

use super::{ERROR_MARKER, INDICATORS_SHEET, STATE_HEADER, WARNING_MARKER, annotated, corrected};
use crate::{ReadOptions, Sheet, read};

#[expect(clippy::disallowed_methods, reason = "a test reads the fixtures of tests/data")]
fn fixture(name: &str) -> Sheet {
    let path = format!("{}/../../tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).expect("fixture exists");
    read(&bytes, name, &ReadOptions::default()).expect("fixture reads")
}

fn today() -> Date {
    Date::from_ymd(2026, 11, 23).expect("a real day")
}

/// The sheets of a workbook, each as rows of cell texts (`""` empty, numbers as calamine shows them).
fn sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let mut book = Xlsx::new(Cursor::new(bytes)).expect("a workbook");
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("the sheet reads");
            let (top, _) = range.start().unwrap_or((0, 0));
            let mut rows = vec![Vec::new(); usize::try_from(top).unwrap_or(0)];
            rows.extend(range.rows().map(|row| {
                row.iter()
                    .map(|cell| match cell {
                        Data::Empty => String::new(),
                        other => other.to_string(),
                    })
                    .collect()
            }));
            (name, rows)
        })
        .collect()
}

/// A part of the xlsx archive, as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut text = String::new();
    archive
        .by_name(name)
        .expect("the part exists")
        .read_to_string(&mut text)
        .expect("utf-8 xml");
    text
}

fn checked(name: &str) -> (Sheet, Report) {
    let sheet = fixture(name);
    let report = validate(&sheet.table, Profile::Televersement, today());
    (sheet, report)
}

/// Renders an annotated workbook: the header line, every cell holding a marker and every verdict
/// (`line letter: text`), then the "Erreurs" rows (`|`-separated).
fn render_annotated(bytes: &[u8]) -> String {
    let books = sheets(bytes);
    let mut out = String::new();
    let names: Vec<&str> = books.iter().map(|(name, _)| name.as_str()).collect();
    out.push_str(&format!("sheets: {}\n", names.join(", ")));
    let data = &books[0].1;
    let state = data
        .iter()
        .find_map(|row| row.iter().position(|cell| cell == STATE_HEADER))
        .expect("a verdict column");
    for (line, row) in (1u32..).zip(data) {
        if row.iter().all(String::is_empty) {
            continue;
        }
        if row.get(state).is_some_and(|cell| cell == STATE_HEADER) {
            out.push_str(&format!("{line} header: {} | {}\n", row[0], row[state]));
            continue;
        }
        for (index, cell) in row.iter().enumerate() {
            if index == state || cell.starts_with(ERROR_MARKER) || cell.starts_with(WARNING_MARKER) {
                out.push_str(&format!("{line} {}: {cell}\n", column_letter(index)));
            }
        }
    }
    for row in &books[1].1 {
        out.push_str(&format!("Erreurs: {}\n", row[..5].join(" | ")));
    }
    out
}

/// The data sheet keeps lines and letters; marked cells, verdicts and the "Erreurs" rows are the
/// engine's.
#[test]
fn annotated_workbooks() {
    let cases = [
        (
            "effectifs-cp1252.csv",
            expect![[r#"
                sheets: Effectifs, Erreurs, Indicateurs
                1 header: N° dossier | État
                2 AI: valide
                3 AI: valide
                4 AI: valide, 1 avertissement
                5 S: ✖ 31/02/2025
                5 AI: 1 erreur
                6 AI: valide
                7 AI: valide
                8 I: ✖ lucas.martin@gmail
                8 AI: 1 erreur
                9 AI: valide, 1 avertissement
                10 AI: valide
                11 Y: ✖ 7793782720001
                11 AI: 1 erreur
                12 AI: valide, 1 avertissement
                13 AA: ✖
                13 AI: 1 erreur
                Erreurs: Ligne | Colonne | Champ | Gravité | Code
                Erreurs: 4 |  |  | Avertissement | sans-contrat
                Erreurs: 5 | S (Date d'inscription) | date_inscription_formation | Erreur | date-inexistante
                Erreurs: 8 | I (Email) | email_contact | Erreur | email-invalide
                Erreurs: 9 |  |  | Avertissement | sans-contrat
                Erreurs: 11 | Y (SIRET formateur) | etablissement_formateur_siret | Erreur | siret-invalide
                Erreurs: 11 |  |  | Avertissement | sans-contrat
                Erreurs: 12 |  |  | Avertissement | sans-contrat
                Erreurs: 13 | AA (Date de début de contrat) | contrat_date_debut | Erreur | contrat-incomplet
                Erreurs: 13 |  |  | Avertissement | sans-contrat
            "#]],
        ),
        (
            "entete-ligne-3.xlsx",
            expect![[r#"
                sheets: Effectifs, Erreurs, Indicateurs
                3 header: nom_apprenant * | État
                4 W: valide
                5 Q: ✖ 30/06/2025
                5 W: 1 erreur
                6 W: valide, 1 avertissement
                Erreurs: Ligne | Colonne | Champ | Gravité | Code
                Erreurs: 5 | Q (date_fin_formation *) | date_fin_formation | Erreur | fin-formation-avant-entree
                Erreurs: 5 |  |  | Avertissement | sans-contrat
                Erreurs: 6 |  |  | Avertissement | sans-contrat
            "#]],
        ),
    ];
    for (name, expected) in cases {
        let (sheet, report) = checked(name);
        let bytes = annotated(&sheet.table, &report, sheet.info.header_line).expect("written");
        expected.assert_eq(&render_annotated(&bytes));
    }
}

/// The "Indicateurs" sheet: the month-end series of the file's school year (2025-2026), then the formations
/// at the evaluation day; the same figures as the engine's (`effectifs indicateurs` prints them too).
#[test]
fn annotated_indicators_sheet() {
    let sheet = fixture("effectifs-cp1252.csv");
    let report = validate(
        &sheet.table,
        Profile::Televersement,
        Date::from_ymd(2025, 12, 1).expect("a day"),
    );
    let bytes = annotated(&sheet.table, &report, sheet.info.header_line).expect("written");
    let books = sheets(&bytes);
    let names: Vec<&str> = books.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["Effectifs", "Erreurs", INDICATORS_SHEET]);
    let rows: Vec<String> = books[2]
        .1
        .iter()
        .map(|row| row.join(" | ").trim_end_matches([' ', '|']).to_owned())
        .collect();
    expect![[r#"
        Fin de mois | Apprenants | Apprentis | Inscrits sans contrat | Rupturants | Abandons
        45900 | 2 | 2 | 0 | 0 | 1
        45930 | 7 | 5 | 2 | 0 | 1
        45961 | 7 | 5 | 2 | 0 | 1
        45991 | 5 | 4 | 0 | 1 | 3
        46022 | 5 | 4 | 0 | 1 | 3
        46053 | 5 | 4 | 0 | 1 | 3
        46081 | 5 | 4 | 0 | 1 | 3
        46112 | 5 | 4 | 0 | 1 | 3
        46142 | 5 | 4 | 0 | 1 | 3
        46173 | 5 | 4 | 0 | 1 | 3
        46203 | 5 | 4 | 0 | 1 | 3
        46234 | 4 | 4 | 0 | 0 | 4

        Apprentis : y compris les fins de formation. Apprenants : tous sauf les abandons. Seules les lignes valides comptent (les autres ne seront pas envoyées), un effectif par apprenant, année scolaire et CFA formateur (la dernière ligne l'emporte), à chaque date les seules années scolaires de cette date.

        Par formation, au 01/12/2025 (date d'évaluation)
        Code RNCP | Code CFD | Formation | Apprenants | Apprentis | Inscrits sans contrat | Rupturants | Abandons
        RNCP37843 | 45022103 | BP BOULANGER | 1 | 1 | 0 | 0 | 0
        RNCP37859 | 50022137 | CAP CUISINE | 2 | 1 | 0 | 1 | 1
        RNCP37869 | 50022141 | CAP PATISSIER | 1 | 1 | 0 | 0 | 2
        RNCP38362 | 32031213 | BTS MCO | 1 | 1 | 0 | 0 | 0
        Total |  |  | 5 | 4 | 0 | 1 | 3"#]]
    .assert_eq(&rows.join("\n"));
    // The monthly table is the engine's series, figure for figure.
    let effectifs = effectifs_core::Effectifs::new(&report.lines);
    let serie = effectifs.serie(&effectifs.mois(None, None).expect("a period").mois);
    for (point, row) in serie.iter().zip(&books[2].1[1..]) {
        let figures = &point.compteurs;
        let expected = [
            figures.apprenants(),
            figures.apprentis(),
            figures.inscrits(),
            figures.rupturants(),
            figures.abandons(),
        ]
        .map(|count| count.to_string());
        assert_eq!(row[1..6], expected, "{}", point.date);
    }
}

/// A diagnostic on a field no column feeds (here "Nom" ignored by the user) is on the verdict
/// cell's note and in the "Erreurs" sheet without a column.
#[test]
fn diagnostics_without_a_column() {
    let mut sheet = fixture("effectifs-cp1252.csv");
    let mut mapping: Vec<_> = sheet.table.columns.iter().map(|column| column.field).collect();
    mapping[1] = None;
    sheet.table.apply_mapping(&mapping);
    let report = validate(&sheet.table, Profile::Televersement, today());
    let bytes = annotated(&sheet.table, &report, 1).expect("written");
    let rendered = render_annotated(&bytes);
    let first_lines: Vec<&str> = rendered
        .lines()
        .filter(|line| line.starts_with("2 ") || line.starts_with("Erreurs: 2 |"))
        .collect();
    expect![[r#"
        2 AI: 1 erreur
        Erreurs: 2 |  | nom_apprenant | Erreur | champ-obligatoire"#]]
    .assert_eq(&first_lines.join("\n"));
    let notes = notes(&bytes);
    let note = notes.lines().find(|line| line.starts_with("AI2:")).unwrap_or_default();
    expect!["AI2: Erreur : Champ obligatoire / Conseil : Renseignez « Nom » (Texte, au moins 1 caractère)."]
        .assert_eq(note);
}

/// The corrected data reads back as the same table: same headers, same cells except text dates
/// turned into date cells (counted), and the engine reads exactly the same dossiers and diagnostics.
#[test]
fn corrected_reads_back_the_same() {
    // (fixture, text cells of date columns that become date cells)
    let fixtures = [
        ("effectifs-cp1252.csv", 66),
        ("effectifs.xlsx", 0),
        ("effectifs.ods", 0),
        ("effectifs.xls", 0),
        ("entete-ligne-3.xlsx", 0),
        ("modele-officiel.xlsx", 0),
        ("lignes-vides.csv", 16),
    ];
    for (name, dates) in fixtures {
        let (sheet, report) = checked(name);
        let bytes = corrected(&sheet.table, &report).expect("written");
        let again = read(&bytes, "corrige.xlsx", &ReadOptions::default()).expect("reads back");
        assert_eq!(again.info.header_line, 1, "{name}");
        assert_eq!(again.table.columns, sheet.table.columns, "{name}");
        let mut converted = 0;
        for (before, after) in sheet.table.rows.iter().zip(&again.table.rows) {
            assert_eq!(before.cells.len(), after.cells.len(), "{name} line {}", before.line);
            for (cell, read_back) in before.cells.iter().zip(&after.cells) {
                match (cell, read_back) {
                    (Cell::Text(_), Cell::Date(_)) => converted += 1,
                    _ => assert_eq!(cell, read_back, "{name} line {}", before.line),
                }
            }
        }
        assert_eq!(converted, dates, "{name}: text dates made date cells");
        let report_again = validate(&again.table, Profile::Televersement, today());
        assert_eq!(report_again.lines.len(), report.lines.len(), "{name}");
        for (line, line_again) in report.lines.iter().zip(&report_again.lines) {
            assert_eq!(line_again.dossier, line.dossier, "{name} line {}", line.line);
            assert_eq!(line_again.diagnostics, line.diagnostics, "{name} line {}", line.line);
        }
    }
}

/// The notes of a workbook's first sheet, as `cell: text` (the XML's runs joined, entities read).
fn notes(bytes: &[u8]) -> String {
    let xml = part(bytes, "xl/comments1.xml");
    let mut out = String::new();
    for comment in xml.split("<comment ref=\"").skip(1) {
        let reference = comment.split('"').next().unwrap_or_default();
        let comment = comment.split("</comment>").next().unwrap_or_default();
        let runs: Vec<&str> = comment.split("</t>").collect();
        // Each piece but the last ends with a run's text, right after its `<t…>` tag.
        let text: String = runs[..runs.len() - 1]
            .iter()
            .filter_map(|piece| piece.rsplit('>').next())
            .collect();
        let text = text
            .replace("&apos;", "'")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        out.push_str(&format!("{reference}: {}\n", text.replace('\n', " / ")));
    }
    out
}

/// Every marked cell carries the engine's message and hint as a note; the verdict cell carries the
/// line's own diagnostics.
#[test]
fn notes_hold_message_and_hint() {
    let (sheet, report) = checked("effectifs-cp1252.csv");
    let bytes = annotated(&sheet.table, &report, 1).expect("written");
    expect![[r#"
        AI4: Avertissement : Aucune date de début de contrat renseignée / Conseil : Sans date de contrat, un apprenti passe en « abandon » 3 mois après son entrée en formation. Renseignez les dates de contrat s'il y en a un.
        S5: Erreur : Cette date n'existe pas : « 31/02/2025 » / Conseil : Vérifiez le jour et le mois : cette date n'existe pas dans le calendrier (ex. pas de 31/04 ni de 30/02).
        I8: Erreur : Email non valide : « lucas.martin@gmail » / Conseil : Vérifiez l'adresse : une seule @, pas d'espace ni d'accent, ex. prenom.nom@exemple.fr.
        AI9: Avertissement : Aucune date de début de contrat renseignée / Conseil : Sans date de contrat, un apprenti passe en « abandon » 3 mois après son entrée en formation. Renseignez les dates de contrat s'il y en a un.
        Y11: Erreur : Siret invalide. Format attendu : 14 chiffres (trouvé : « 7793782720001 ») / Conseil : Un SIRET a 14 chiffres (SIREN + NIC) ; les espaces, points et tirets sont acceptés.
        AI11: Avertissement : Aucune date de début de contrat renseignée / Conseil : Sans date de contrat, un apprenti passe en « abandon » 3 mois après son entrée en formation. Renseignez les dates de contrat s'il y en a un.
        AI12: Avertissement : Aucune date de début de contrat renseignée / Conseil : Sans date de contrat, un apprenti passe en « abandon » 3 mois après son entrée en formation. Renseignez les dates de contrat s'il y en a un.
        AA13: Erreur : Information de contrat incomplète : contrat_date_fin, cause_rupture_contrat ou contrat_date_rupture nécessite la présence de contrat_date_debut / Conseil : Ajoutez la date de début du contrat, ou videz ses autres colonnes s'il n'y a pas de contrat.
        AI13: Avertissement : Aucune date de début de contrat renseignée / Conseil : Sans date de contrat, un apprenti passe en « abandon » 3 mois après son entrée en formation. Renseignez les dates de contrat s'il y en a un.
    "#]].assert_eq(&notes(&bytes));
}

/// A recipe's fixes (D15) show apart from the file's own values: each fixed cell has a note saying
/// what it was, a fixed cell without diagnostic its own fill, and a diagnostic's safe correction is
/// in its note.
#[test]
fn fixed_cells_are_marked() {
    use effectifs_core::{Field, Recipe, Replacement};
    let mut sheet = fixture("export-erp.csv");
    let recipe = Recipe {
        columns: vec![("Matricule".to_owned(), Some(Field::IdErpApprenant))],
        values: vec![(Field::EtablissementFormateurUai, "0802004U".to_owned())],
        replace: vec![(
            Field::SexeApprenant,
            vec![Replacement {
                from: "Homme".to_owned(),
                to: "M".to_owned(),
            }],
        )],
    };
    let changes = recipe.apply(&mut sheet.table).expect("the recipe fits");
    let report = validate(&sheet.table, Profile::Televersement, today());
    let bytes = super::annotated_with_fixes(&sheet.table, &report, 1, &changes.cells()).expect("written");
    let notes = notes(&bytes);
    // Lines 3 (Homme) and 14 (Femme, code postal `80 090`), column U the one the recipe added.
    let lines: Vec<&str> = notes
        .lines()
        .filter(|note| {
            ["D3:", "U3:", "D14:", "G14:", "U14:"]
                .iter()
                .any(|cell| note.starts_with(cell))
        })
        .collect();
    expect![[r#"
        D3: corrigé : « Homme » → « M »
        U3: corrigé : «  » → « 0802004U »
        D14: Erreur : M, H ou F attendu (trouvé : « Femme ») / Conseil : Indiquez M ou H pour un homme, F pour une femme (ou 1 et 2), en majuscule. / Correction proposée : « F »
        G14: Erreur : Le code postal doit faire 5 caractères numériques exactement (trouvé : « 80 090 ») / Conseil : Un code postal a 5 chiffres (ex. 01000, 75001). / Correction proposée : « 80090 »
        U14: corrigé : «  » → « 0802004U »
    "#]]
    .assert_eq(&(lines.join("\n") + "\n"));
    // The fixed cells' fill (light blue), which no other mark uses.
    assert!(part(&bytes, "xl/styles.xml").contains("FFDDEBF7"));
    let fixed = changes.cells().len();
    assert_eq!(fixed, 30, "20 values and 10 replacements");
    assert_eq!(notes.matches("corrigé : ").count(), fixed, "one note per fixed cell");
}
