//! The hostile and broken files of `tests/data/hostile/`: each is read (in a thread with a deadline,
//! so that a hang fails the test instead of blocking it) and validated, and the outcome is compared
//! with its expectation. A file the engine must refuse gives its French message; a file it must
//! read gives its lines, their verdicts and the reader's warnings.

#![allow(
    clippy::needless_raw_string_hashes,
    clippy::too_many_lines,
    reason = "expect-test writes its snapshots as r#\"…\"#, and a table of cases is long"
)]

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use effectifs_core::{Date, Profile};
use effectifs_sheet::{Limits, ReadOptions, read};
use expect_test::{Expect, expect};

/// A case runs well under a second; a file that hangs or crawls fails after this.
const DEADLINE: Duration = Duration::from_secs(20);

/// One case: a file of `tests/data/` (or `tests/data/hostile/`), limits if not the defaults, and
/// the expected outcome.
struct Case {
    file: &'static str,
    limits: Limits,
    expected: Expect,
}

fn case(file: &'static str, expected: Expect) -> Case {
    Case {
        file,
        limits: Limits::default(),
        expected,
    }
}

fn with_limits(file: &'static str, limits: Limits, expected: Expect) -> Case {
    Case { file, limits, expected }
}

/// A big file's outcome shows this many lines (after its counts).
const SHOWN: usize = 5;

/// Reads and validates the file, and renders the outcome.
fn render(file: &str, limits: Limits) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data").join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("fixture {}: {error}", path.display()));
    let name = path
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    let options = ReadOptions { sheet: None, limits };
    let sheet = match read(&bytes, &name, &options) {
        Ok(sheet) => sheet,
        Err(error) => return format!("unreadable: {error}\n"),
    };
    let today = Date::from_ymd(2026, 1, 15).expect("a real day");
    let report = effectifs_core::validate(&sheet.table, Profile::Televersement, today);
    let info = &sheet.info;
    let mut out = format!(
        "{} sheet={:?} encoding={:?} header_line={} columns={}\n",
        info.format,
        info.sheet,
        info.encoding,
        info.header_line,
        sheet.table.columns.len()
    );
    if !info.hidden_sheets.is_empty() {
        out.push_str(&format!("hidden sheets: {:?}\n", info.hidden_sheets));
    }
    for warning in &sheet.warnings {
        out.push_str(&format!("warning {}: {warning}\n", warning.code()));
    }
    // A big file: its counts, and its first lines only.
    if report.lines.len() > 2 * SHOWN {
        let valid = report.lines.iter().filter(|line| line.is_valid()).count();
        out.push_str(&format!(
            "{} lines ({valid} valid), {} diagnostics; first lines:\n",
            report.lines.len(),
            report.lines.iter().map(|line| line.diagnostics.len()).sum::<usize>()
        ));
    }
    for line in report.lines.iter().take(if report.lines.len() > 2 * SHOWN {
        SHOWN
    } else {
        usize::MAX
    }) {
        let verdict = if line.is_valid() { "valid" } else { "INVALID" };
        let mut text = format!("L{} {verdict}", line.line);
        for diagnostic in &line.diagnostics {
            let field = diagnostic.field.map_or("ligne", |field| field.name());
            text.push_str(&format!(" {}@{field} « {} »", diagnostic.code(), diagnostic.message()));
            if let Some(suggestion) = &diagnostic.suggestion {
                text.push_str(&format!(" → « {suggestion} »"));
            }
        }
        out.push_str(&text);
        out.push('\n');
    }
    out
}

/// Checks each case of a table, in order.
fn check_all(cases: &[Case]) {
    for case in cases {
        check(case);
    }
}

/// Runs the case in a thread and checks its outcome, and that it came before the deadline.
fn check(case: &Case) {
    let (sender, receiver) = mpsc::channel();
    let (file, limits) = (case.file, case.limits);
    let started = Instant::now();
    std::thread::spawn(move || {
        let _ = sender.send(render(file, limits));
    });
    let actual = receiver
        .recv_timeout(DEADLINE)
        .unwrap_or_else(|error| panic!("{}: no outcome after {DEADLINE:?} ({error})", case.file));
    eprintln!("{}: {:?}", case.file, started.elapsed());
    case.expected.assert_eq(&actual);
}

#[test]
fn hostile_files() {
    check_all(&[
        case(
            "hostile/bombe-zip.xlsx",
            expect![[r#"
                unreadable: Le classeur est anormalement compressé (la partie « xl/media/image1.bin » se décompresse 1 027 fois, limite : 100 fois) : c'est le signe d'un fichier malveillant (« bombe zip »), il n'a pas été ouvert. Enregistrez vos données dans un nouveau classeur ou au format .csv.
            "#]],
        ),
        case(
            "hostile/bombe-zip-chevauchante.xlsx",
            expect![[r#"
            unreadable: Le classeur occuperait 1 025 Mo une fois décompressé (limite : 1 024 Mo) : il est anormalement volumineux, voire malveillant (« bombe zip »), et n'a pas été ouvert. Enregistrez vos données dans un nouveau classeur ou au format .csv.
        "#]],
        ),
        case(
            "hostile/tronque.xlsx",
            expect![[r#"
                unreadable: Le fichier .xlsx est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : Xlsx error: Zip error: invalid Zip archive: Could not find EOCD)
            "#]],
        ),
        case(
            "hostile/chiffre.xlsx",
            expect![[r#"
            unreadable: Le fichier est protégé par un mot de passe : enregistrez-le sans mot de passe puis réessayez.
        "#]],
        ),
        case(
            "hostile/texte-unicode.txt",
            expect![[r#"
            csv sheet=None encoding=Some("UTF-16LE") header_line=1 columns=18
            L2 valid
            L3 valid
            L4 valid
        "#]],
        ),
        case(
            "hostile/10000-colonnes.csv",
            expect![[r#"
            unreadable: La cellule ALM2 est au-delà de la 1 000e colonne, la limite : un fichier d'effectifs en a une soixantaine. Supprimez les colonnes inutiles à droite du tableau.
        "#]],
        ),
        case(
            "hostile/colonnes-vides.csv",
            expect![[r#"
            csv sheet=None encoding=Some("UTF-8") header_line=1 columns=18
            L2 valid
            L3 valid
            L4 valid
        "#]],
        ),
        case(
            "hostile/cellule-1mo.xlsx",
            expect![[r#"
            unreadable: La cellule N3 contient plus de 32 767 caractères, le maximum d'une cellule Excel : raccourcissez son contenu.
        "#]],
        ),
        case(
            "hostile/ods-sans-fin-de-table.ods",
            expect![[r#"
            unreadable: Le fichier .ods est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : content.xml: unexpected end of file, an element is not closed)
        "#]],
        ),
        case(
            "hostile/ods-repetitions.ods",
            expect![[r#"
            unreadable: Le classeur contient plus de 15 000 000 cellules (lignes × colonnes de la zone remplie, toutes feuilles comprises), la limite : supprimez les feuilles, lignes et colonnes inutiles ou découpez le fichier.
        "#]],
        ),
        case(
            "hostile/ods-espaces.ods",
            expect![[r#"
            unreadable: La cellule A5 contient plus de 32 767 caractères, le maximum d'une cellule Excel : raccourcissez son contenu.
        "#]],
        ),
        case(
            "hostile/erreurs-de-formule.xlsx",
            expect![[r#"
            xlsx sheet=Some("Effectifs") encoding=None header_line=1 columns=18
            L2 valid
            L3 INVALID cellule-en-erreur@code_postal_apprenant « La cellule contient une erreur de formule (#N/A) »
            L4 INVALID cellule-en-erreur@annee_formation « La cellule contient une erreur de formule (#DIV/0!) »
        "#]],
        ),
        case(
            "hostile/cellules-fusionnees.xlsx",
            expect![[r#"
            xlsx sheet=Some("Effectifs") encoding=None header_line=2 columns=18
            warning cellules-fusionnees: Cellules fusionnées (I3:I5, J3:J5, K3:K5, L3:L5) : la valeur de chaque zone fusionnée a été reprise dans chacune de ses cellules. Vérifiez que c'est bien ce que vous vouliez.
            L3 valid
            L4 valid
            L5 valid
        "#]],
        ),
        case(
            "hostile/en-tete-repete.csv",
            expect![[r#"
            csv sheet=None encoding=Some("UTF-8") header_line=1 columns=18
            warning en-tete-repetee: Ligne 3 : elle répète la ligne d'en-tête (ligne 1) ; ce n'est pas un apprenant, elle n'est ni vérifiée ni envoyée.
            L2 valid
            L4 valid
            L5 valid
        "#]],
        ),
        case(
            "hostile/fins-de-ligne-mixtes.csv",
            expect![[r#"
            csv sheet=None encoding=Some("UTF-8") header_line=1 columns=18
            L2 valid
            L3 valid
            L6 valid
        "#]],
        ),
        case(
            "hostile/feuille-masquee.xlsx",
            expect![[r#"
            xlsx sheet=Some("Effectifs") encoding=None header_line=1 columns=18
            hidden sheets: ["Listes"]
            L2 valid
            L3 valid
            L4 valid
        "#]],
        ),
        case(
            "hostile/xls-dimensions.xls",
            expect![[r#"
            unreadable: Le classeur contient plus de 12 582 912 cellules (lignes × colonnes de la zone remplie, toutes feuilles comprises), la limite : supprimez les feuilles, lignes et colonnes inutiles ou découpez le fichier.
        "#]],
        ),
        case(
            "hostile/xls-cellule-lointaine.xls",
            expect![[r#"
            unreadable: Le classeur contient plus de 12 582 912 cellules (lignes × colonnes de la zone remplie, toutes feuilles comprises), la limite : supprimez les feuilles, lignes et colonnes inutiles ou découpez le fichier.
        "#]],
        ),
        case(
            "hostile/xls-chaine-en-boucle.xls",
            expect![[r#"
            unreadable: Le fichier .xls est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : a sector chain loops)
        "#]],
        ),
        case(
            "hostile/xls-secteur-hors-fichier.xls",
            expect![[r#"
            unreadable: Le fichier .xls est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : sector 23 is cut by the end of the file)
        "#]],
        ),
    ]);
}

/// Round two: the classes of "Hostile files, round two" (see `tests/data/hostile/README.md`).
#[test]
fn hostile_files_round_two() {
    check_all(&[
        case(
            "hostile/xlsb-valide.xlsb",
            expect![[r#"
            xlsb sheet=Some("Effectifs") encoding=None header_line=1 columns=18
            L2 valid
            L3 valid
            L4 valid
        "#]],
        ),
        case(
            "hostile/xlsb-proprietes-vides.xlsb",
            expect![[r#"
            unreadable: Le fichier .xlsb est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : workbook: empty BrtWbProp record)
        "#]],
        ),
        case(
            "hostile/xlsb-relation-absente.xlsb",
            expect![[r#"
            unreadable: Le fichier .xlsb est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : workbook: a sheet's relationship is absent)
        "#]],
        ),
        case(
            "hostile/xlsb-dimension-courte.xlsb",
            expect![[r#"
            unreadable: Le fichier .xlsb est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : sheet: BrtWsDim record shorter than 16 bytes)
        "#]],
        ),
        case(
            "hostile/xlsb-chaine-hors-table.xlsb",
            expect![[r#"
            unreadable: Le fichier .xlsb est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : sheet: shared-string index beyond the table)
        "#]],
        ),
        case(
            "hostile/xlsb-ligne-hors-feuille.xlsb",
            expect![[r#"
            unreadable: Le fichier .xlsb est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : sheet: a row beyond the last row of a sheet (1 048 576))
        "#]],
        ),
        case(
            "hostile/ods-repetitions-references.ods",
            expect![[r#"
            unreadable: Le classeur contient plus de 15 000 000 cellules (lignes × colonnes de la zone remplie, toutes feuilles comprises), la limite : supprimez les feuilles, lignes et colonnes inutiles ou découpez le fichier.
        "#]],
        ),
        case(
            "hostile/ods-espaces-references.ods",
            expect![[r#"
            unreadable: La cellule A5 contient plus de 32 767 caractères, le maximum d'une cellule Excel : raccourcissez son contenu.
        "#]],
        ),
        case(
            "hostile/chaine-partagee-repetee.xlsx",
            expect![[r#"
            unreadable: Les cellules du classeur contiennent ensemble plus de 256 Mo de texte, la limite : un même long texte est sans doute répété dans un très grand nombre de cellules. Supprimez ces répétitions ou enregistrez vos données au format .csv.
        "#]],
        ),
        case(
            "hostile/fusion-par-ligne.xlsx",
            expect![[r#"
            xlsx sheet=Some("Effectifs") encoding=None header_line=1 columns=18
            warning cellules-fusionnees: Cellules fusionnées (A2:B2, A2:C4, A5:B5, A6:B6, A7:B7 et 59 994 autres) : la valeur de chaque zone fusionnée a été reprise dans chacune de ses cellules. Vérifiez que c'est bien ce que vous vouliez.
            60000 lines (0 valid), 900000 diagnostics; first lines:
            L2 INVALID date-invalide@date_de_naissance_apprenant « Date invalide : « x » » champ-obligatoire@annee_scolaire « Champ obligatoire » champ-obligatoire@email_contact « Champ obligatoire » champ-obligatoire@annee_formation « Champ obligatoire » champ-obligatoire@adresse_apprenant « Champ obligatoire » champ-obligatoire@code_postal_apprenant « Champ obligatoire » champ-obligatoire@sexe_apprenant « Champ obligatoire » champ-obligatoire@date_inscription_formation « Champ obligatoire » champ-obligatoire@date_entree_formation « Champ obligatoire » champ-obligatoire@date_fin_formation « Champ obligatoire » champ-obligatoire@etablissement_responsable_uai « Champ obligatoire » champ-obligatoire@etablissement_responsable_siret « Champ obligatoire » champ-obligatoire@etablissement_formateur_uai « Champ obligatoire » champ-obligatoire@etablissement_formateur_siret « Champ obligatoire » sans-contrat@ligne « Aucune date de début de contrat renseignée »
            L3 INVALID date-invalide@date_de_naissance_apprenant « Date invalide : « x » » champ-obligatoire@annee_scolaire « Champ obligatoire » champ-obligatoire@email_contact « Champ obligatoire » champ-obligatoire@annee_formation « Champ obligatoire » champ-obligatoire@adresse_apprenant « Champ obligatoire » champ-obligatoire@code_postal_apprenant « Champ obligatoire » champ-obligatoire@sexe_apprenant « Champ obligatoire » champ-obligatoire@date_inscription_formation « Champ obligatoire » champ-obligatoire@date_entree_formation « Champ obligatoire » champ-obligatoire@date_fin_formation « Champ obligatoire » champ-obligatoire@etablissement_responsable_uai « Champ obligatoire » champ-obligatoire@etablissement_responsable_siret « Champ obligatoire » champ-obligatoire@etablissement_formateur_uai « Champ obligatoire » champ-obligatoire@etablissement_formateur_siret « Champ obligatoire » sans-contrat@ligne « Aucune date de début de contrat renseignée »
            L4 INVALID date-invalide@date_de_naissance_apprenant « Date invalide : « x » » champ-obligatoire@annee_scolaire « Champ obligatoire » champ-obligatoire@email_contact « Champ obligatoire » champ-obligatoire@annee_formation « Champ obligatoire » champ-obligatoire@adresse_apprenant « Champ obligatoire » champ-obligatoire@code_postal_apprenant « Champ obligatoire » champ-obligatoire@sexe_apprenant « Champ obligatoire » champ-obligatoire@date_inscription_formation « Champ obligatoire » champ-obligatoire@date_entree_formation « Champ obligatoire » champ-obligatoire@date_fin_formation « Champ obligatoire » champ-obligatoire@etablissement_responsable_uai « Champ obligatoire » champ-obligatoire@etablissement_responsable_siret « Champ obligatoire » champ-obligatoire@etablissement_formateur_uai « Champ obligatoire » champ-obligatoire@etablissement_formateur_siret « Champ obligatoire » sans-contrat@ligne « Aucune date de début de contrat renseignée »
            L5 INVALID champ-obligatoire@date_de_naissance_apprenant « Champ obligatoire » champ-obligatoire@annee_scolaire « Champ obligatoire » champ-obligatoire@email_contact « Champ obligatoire » champ-obligatoire@annee_formation « Champ obligatoire » champ-obligatoire@adresse_apprenant « Champ obligatoire » champ-obligatoire@code_postal_apprenant « Champ obligatoire » champ-obligatoire@sexe_apprenant « Champ obligatoire » champ-obligatoire@date_inscription_formation « Champ obligatoire » champ-obligatoire@date_entree_formation « Champ obligatoire » champ-obligatoire@date_fin_formation « Champ obligatoire » champ-obligatoire@etablissement_responsable_uai « Champ obligatoire » champ-obligatoire@etablissement_responsable_siret « Champ obligatoire » champ-obligatoire@etablissement_formateur_uai « Champ obligatoire » champ-obligatoire@etablissement_formateur_siret « Champ obligatoire » sans-contrat@ligne « Aucune date de début de contrat renseignée »
            L6 INVALID champ-obligatoire@date_de_naissance_apprenant « Champ obligatoire » champ-obligatoire@annee_scolaire « Champ obligatoire » champ-obligatoire@email_contact « Champ obligatoire » champ-obligatoire@annee_formation « Champ obligatoire » champ-obligatoire@adresse_apprenant « Champ obligatoire » champ-obligatoire@code_postal_apprenant « Champ obligatoire » champ-obligatoire@sexe_apprenant « Champ obligatoire » champ-obligatoire@date_inscription_formation « Champ obligatoire » champ-obligatoire@date_entree_formation « Champ obligatoire » champ-obligatoire@date_fin_formation « Champ obligatoire » champ-obligatoire@etablissement_responsable_uai « Champ obligatoire » champ-obligatoire@etablissement_responsable_siret « Champ obligatoire » champ-obligatoire@etablissement_formateur_uai « Champ obligatoire » champ-obligatoire@etablissement_formateur_siret « Champ obligatoire » sans-contrat@ligne « Aucune date de début de contrat renseignée »
        "#]],
        ),
        case(
            "hostile/ligne-hors-feuille.xlsx",
            expect![[r#"
            unreadable: Le fichier .xlsx est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : a row number beyond the last row of a sheet (1 048 576))
        "#]],
        ),
        case(
            "hostile/index-negatif.xlsx",
            expect![[r#"
            unreadable: Le fichier .xlsx est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : a shared-string index that is not an index (read as the first string by calamine))
        "#]],
        ),
        case(
            "hostile/guillemet-non-ferme.csv",
            expect![[r#"
            unreadable: Ligne 3 : un guillemet (") ouvre une cellule et n'est jamais refermé. Toute la suite du fichier serait lue comme le contenu de cette seule cellule et les lignes suivantes seraient perdues : refermez ce guillemet (ou supprimez-le) puis réessayez.
        "#]],
        ),
        case(
            "hostile/200000-separateurs.csv",
            expect![[r#"
            unreadable: La ligne 3 contient plus de 100 000 champs (séparateurs compris), la limite : un fichier d'effectifs en a une soixantaine. Supprimez les séparateurs en trop au bout des lignes.
        "#]],
        ),
        case(
            "hostile/feuilles-sur-une-partie.xlsx",
            expect![[r#"
            xlsx sheet=Some("Effectifs") encoding=None header_line=1 columns=18
            L2 valid
            L3 valid
            L4 valid
        "#]],
        ),
        case(
            "hostile/caracteres-de-controle.csv",
            expect![[r#"
            csv sheet=None encoding=Some("UTF-8") header_line=1 columns=18
            L2 INVALID caracteres-de-controle@nom_apprenant « Caractère de contrôle invisible (U+0000) dans « Durand » » → « Durand »
            L3 INVALID caracteres-de-controle@prenom_apprenant « Caractère de contrôle invisible (U+001B) dans « Hugo » » → « Hugo »
            L4 valid
        "#]],
        ),
        case(
            "hostile/doublons-1000.csv",
            expect![[r#"
            csv sheet=None encoding=Some("UTF-8") header_line=1 columns=18
            1000 lines (1000 valid), 1000 diagnostics; first lines:
            L2 valid doublon@ligne « Même apprenant, même année scolaire et même CFA formateur qu'à la ligne 3 (1 000 lignes en tout pour cet apprenant) »
            L3 valid doublon@ligne « Même apprenant, même année scolaire et même CFA formateur qu'à la ligne 2 (1 000 lignes en tout pour cet apprenant) »
            L4 valid doublon@ligne « Même apprenant, même année scolaire et même CFA formateur qu'à la ligne 2 (1 000 lignes en tout pour cet apprenant) »
            L5 valid doublon@ligne « Même apprenant, même année scolaire et même CFA formateur qu'à la ligne 2 (1 000 lignes en tout pour cet apprenant) »
            L6 valid doublon@ligne « Même apprenant, même année scolaire et même CFA formateur qu'à la ligne 2 (1 000 lignes en tout pour cet apprenant) »
        "#]],
        ),
    ]);
}

/// Round three: the `.xlsb` records calamine slices on lengths from the file (defined names'
/// formulas above all) and the parts it finds differently from a plain look-up (see `generer.py`).
#[test]
fn hostile_files_round_three() {
    let text_256k = Limits {
        max_text_bytes: 256 * 1024,
        ..Limits::default()
    };
    check_all(&[
        case(
            "hostile/xlsb-nom-zone-impression.xlsb",
            expect![[r#"
            xlsb sheet=Some("Effectifs") encoding=None header_line=1 columns=18
            L2 valid
            L3 valid
            L4 valid
        "#]],
        ),
        case(
            "hostile/xlsb-nom-formule-tronquee.xlsb",
            expect![[r#"
            unreadable: Le fichier .xlsb est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : workbook: a defined name's formula is cut short)
        "#]],
        ),
        case(
            "hostile/xlsb-nom-feuille-externe.xlsb",
            expect![[r#"
            unreadable: Le fichier .xlsb est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : workbook: a defined name refers to an external sheet beyond the table)
        "#]],
        ),
        case(
            "hostile/xlsb-nom-fonction-hors-table.xlsb",
            expect![[r#"
            unreadable: Le fichier .xlsb est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : workbook: a defined name calls a function beyond the table)
        "#]],
        ),
        case(
            "hostile/xlsb-nom-ligne-debordante.xlsb",
            expect![[r#"
            unreadable: Le fichier .xlsb est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : workbook: a defined name refers to a row that overflows)
        "#]],
        ),
        case(
            "hostile/xlsb-nom-zero.xlsb",
            expect![[r#"
            unreadable: Le fichier .xlsb est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : workbook: a defined name refers to name 0)
        "#]],
        ),
        case(
            "hostile/xlsb-nom-imbrique.xlsb",
            expect![[r#"
            unreadable: Le fichier .xlsb est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : workbook: a defined name's formula nested too deeply)
        "#]],
        ),
        case(
            "hostile/xlsb-nom-quadratique.xlsb",
            expect![[r#"
            unreadable: Le fichier .xlsb est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : workbook: defined names too costly to decode)
        "#]],
        ),
        case(
            "hostile/xlsb-enregistrement-geant.xlsb",
            expect![[r#"
            unreadable: Le fichier .xlsb est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : a record longer than 16 Mio (no spreadsheet writes one))
        "#]],
        ),
        case(
            "hostile/xlsb-texte-trop-long.xlsb",
            expect![[r#"
            unreadable: Le fichier .xlsb est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : sheet: a cell's text longer than its record)
        "#]],
        ),
        case(
            "hostile/xlsb-relation-doublee.xlsb",
            expect![[r#"
            unreadable: Le fichier .xlsb est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : workbook: a sheet's relationship is absent)
        "#]],
        ),
        case(
            "hostile/xlsb-nom-de-feuille-bom.xlsb",
            expect![[r#"
            unreadable: Le fichier .xlsb est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : sheet: shared-string index beyond the table)
        "#]],
        ),
        case(
            "hostile/xlsb-parties-homonymes.xlsb",
            expect![[r#"
            unreadable: Le fichier .xlsb est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : sheet: shared-string index beyond the table)
        "#]],
        ),
        case(
            "hostile/xlsb-chaines-inutilisees.xlsb",
            expect![[r#"
            xlsb sheet=Some("Effectifs") encoding=None header_line=1 columns=18
            L2 valid
            L3 valid
            L4 valid
        "#]],
        ),
        case(
            "hostile/crc-faux.xlsx",
            expect![[r#"
            unreadable: Le fichier .xlsx est endommagé : sa partie « xl/worksheets/sheet1.xml » ne correspond pas à sa somme de contrôle (CRC), son contenu a été altéré (copie interrompue, support défectueux…). Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez.
        "#]],
        ),
        case(
            "hostile/crc-faux.ods",
            expect![[r#"
            unreadable: Le fichier .ods est endommagé : sa partie « content.xml » ne correspond pas à sa somme de contrôle (CRC), son contenu a été altéré (copie interrompue, support défectueux…). Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez.
        "#]],
        ),
        case(
            "hostile/crc-faux.xlsb",
            expect![[r#"
            unreadable: Le fichier .xlsb est endommagé : sa partie « xl/worksheets/sheet1.bin » ne correspond pas à sa somme de contrôle (CRC), son contenu a été altéré (copie interrompue, support défectueux…). Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez.
        "#]],
        ),
        case(
            "hostile/texte-sans-balise.xlsx",
            expect![[r#"
            unreadable: Le classeur contient, dans sa partie « xl/worksheets/sheet1.xml », un texte de plus de 16 Mo d'un seul tenant, alors qu'une cellule contient au plus 32 767 caractères : ce fichier n'a pas été produit par un tableur et n'a pas été lu. Enregistrez vos données dans un nouveau classeur ou au format .csv.
        "#]],
        ),
        case(
            "hostile/lignes-a-l-envers.xlsx",
            expect![[r#"
            xlsx sheet=Some("Effectifs") encoding=None header_line=1 columns=18
            L2 valid
            L3 valid
            L4 valid
        "#]],
        ),
        case(
            "hostile/chaines-inutilisees.xlsx",
            expect![[r#"
            xlsx sheet=Some("Effectifs") encoding=None header_line=1 columns=18
            L2 valid
            L3 valid
            L4 valid
        "#]],
        ),
        with_limits(
            "hostile/chaines-inutilisees.xlsx",
            text_256k,
            expect![[r#"
                unreadable: Les cellules du classeur contiennent ensemble plus de 256 Ko de texte, la limite : un même long texte est sans doute répété dans un très grand nombre de cellules. Supprimez ces répétitions ou enregistrez vos données au format .csv.
            "#]],
        ),
        with_limits(
            "hostile/xlsb-chaines-inutilisees.xlsb",
            text_256k,
            expect![[r#"
                unreadable: Les cellules du classeur contiennent ensemble plus de 256 Ko de texte, la limite : un même long texte est sans doute répété dans un très grand nombre de cellules. Supprimez ces répétitions ou enregistrez vos données au format .csv.
            "#]],
        ),
    ]);
}

/// The findings of the structure-aware fuzz targets (`tests/generators.rs`), rebuilt small by `fuzz_finds()` in
/// `generer.py`.
#[test]
fn hostile_files_found_by_fuzzing() {
    check_all(&[
        case(
            "hostile/xlsx-nombre-de-chaines.xlsx",
            expect![[r#"
            unreadable: Le fichier .xlsx est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : xl/sharedStrings.xml declares 1099511627776 strings in 192 bytes)
        "#]],
        ),
        case(
            "hostile/xlsx-reference-debordante.xlsx",
            expect![[r#"
            unreadable: Le fichier .xlsx est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : xl/worksheets/sheet1.xml holds the reference B3:B99999999999, beyond any sheet)
        "#]],
        ),
        case(
            "hostile/zones-inversees.xlsx",
            expect![[r#"
            xlsx sheet=Some("Effectifs") encoding=None header_line=1 columns=18
            L2 valid
            L3 valid
            L4 valid
        "#]],
        ),
        case(
            "hostile/ods-lignes-au-dela-de-la-feuille.ods",
            expect![[r#"
                ods sheet=Some("Feuille3") encoding=None header_line=1 columns=6
                warning feuille-endommagee: La feuille « 0755805C » est endommagée et n'a pas été lue : si elle contient des apprenants, ils ne sont ni vérifiés ni envoyés. Ouvrez le classeur dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : the sheet holds 6291456 cells where its size says 1048577 × 6)
            "#]],
        ),
        case(
            "hostile/xlsx-nombre-de-chaines-juste.xlsx",
            expect![[r#"
            xlsx sheet=Some("Effectifs") encoding=None header_line=1 columns=18
            L2 valid
            L3 valid
            L4 valid
        "#]],
        ),
    ]);
}

/// A damaged sheet beside a sound one (`damaged_sheets()` in `generer.py`): the sound one is read, the
/// damaged one is named in a warning, never skipped without a word.
#[test]
fn damaged_sheet_beside_a_sound_one() {
    check_all(&[
        case(
            "hostile/feuille-endommagee.xlsx",
            expect![[r#"
                xlsx sheet=Some("Effectifs") encoding=None header_line=1 columns=18
                warning feuille-endommagee: La feuille « Ancienne » est endommagée et n'a pas été lue : si elle contient des apprenants, ils ne sont ni vérifiés ni envoyés. Ouvrez le classeur dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : Xlsx error: Xml error: syntax error: tag not closed: `>` not found before end of input)
                L2 valid
                L3 valid
                L4 valid
            "#]],
        ),
        case(
            "hostile/feuille-endommagee-index.xlsx",
            expect![[r#"
                xlsx sheet=Some("Effectifs") encoding=None header_line=1 columns=18
                warning feuille-endommagee: La feuille « Ancienne » est endommagée et n'a pas été lue : si elle contient des apprenants, ils ne sont ni vérifiés ni envoyés. Ouvrez le classeur dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : a shared-string index that is not an index (read as the first string by calamine))
                L2 valid
                L3 valid
                L4 valid
            "#]],
        ),
        case(
            "hostile/feuille-endommagee.ods",
            expect![[r#"
                ods sheet=Some("Effectifs") encoding=None header_line=1 columns=18
                warning feuille-endommagee: La feuille « Ancienne » est endommagée et n'a pas été lue : si elle contient des apprenants, ils ne sont ni vérifiés ni envoyés. Ouvrez le classeur dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : the sheet holds 1048576 cells where its size says 1048577 × 1)
                L2 valid
                L3 valid
                L4 valid
            "#]],
        ),
        case(
            "hostile/feuille-endommagee.xlsb",
            expect![[r#"
                xlsb sheet=Some("Effectifs") encoding=None header_line=1 columns=18
                warning feuille-endommagee: La feuille « Ancienne » est endommagée et n'a pas été lue : si elle contient des apprenants, ils ne sont ni vérifiés ni envoyés. Ouvrez le classeur dans votre tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : sheet: shared-string index beyond the table)
                L2 valid
                L3 valid
                L4 valid
            "#]],
        ),
    ]);
}

/// Round four: a cell made of many short runs, each far under the 16 Mio without markup, which
/// calamine gathers into one string before any cell limit applies, and an `.ods` whose other sheet
/// repeats one long cell (see `round_four()` in `generer.py`).
#[test]
fn hostile_files_round_four() {
    check_all(&[
        case(
            "hostile/texte-en-morceaux.xlsx",
            expect![[r#"
                unreadable: Le classeur contient, dans sa partie « xl/sharedStrings.xml », un texte de cellule écrit sur plus de 16 Mo, alors qu'une cellule contient au plus 32 767 caractères : ce fichier n'a pas été produit par un tableur et n'a pas été lu. Enregistrez vos données dans un nouveau classeur ou au format .csv.
            "#]],
        ),
        case(
            "hostile/texte-en-morceaux-en-ligne.xlsx",
            expect![[r#"
                unreadable: Le classeur contient, dans sa partie « xl/worksheets/sheet1.xml », un texte de cellule écrit sur plus de 16 Mo, alors qu'une cellule contient au plus 32 767 caractères : ce fichier n'a pas été produit par un tableur et n'a pas été lu. Enregistrez vos données dans un nouveau classeur ou au format .csv.
            "#]],
        ),
        case(
            "hostile/ods-texte-repete.ods",
            expect![[r#"
                unreadable: Les cellules du classeur contiennent ensemble plus de 256 Mo de texte, la limite : un même long texte est sans doute répété dans un très grand nombre de cellules. Supprimez ces répétitions ou enregistrez vos données au format .csv.
            "#]],
        ),
    ]);
}

/// `.ods` packages whose `mimetype` entry is deflated (`compressed_mimetype()` in `generer.py`): the
/// spreadsheet is read, as calamine and Calc read it; a text document stays refused.
#[test]
fn ods_with_a_compressed_mimetype() {
    check_all(&[
        case(
            "hostile/ods-mimetype-compresse.ods",
            expect![[r#"
            ods sheet=Some("Feuille1") encoding=None header_line=1 columns=18
            L2 valid
            L3 valid
            L4 valid
        "#]],
        ),
        case(
            "hostile/odt-mimetype-compresse.ods",
            expect![[r#"
            unreadable: Ce fichier n'est pas un tableur reconnu : formats acceptés .xlsx, .xlsm, .xlsb, .xls, .ods, .csv.
        "#]],
        ),
    ]);
}

/// `.ods` repeats that stay under the cell and text limits but would make calamine hold more than
/// the memory budget: it reads every sheet whole, each cell twice, before one is chosen
/// (`ods_in_memory()` in `generer.py`).
#[test]
fn ods_repeats_held_in_memory() {
    check_all(&[
        case(
            "hostile/ods-cellule-repetee.ods",
            expect![[r#"
                unreadable: Le fichier .ods occuperait environ 1 121 Mo en mémoire une fois ses lignes et colonnes répétées développées (limite : 768 Mo) : il est anormalement volumineux, voire malveillant, et n'a pas été ouvert. Supprimez les lignes, colonnes et feuilles inutiles, ou enregistrez vos données au format .xlsx ou .csv.
            "#]],
        ),
        case(
            "hostile/ods-nombre-repete.ods",
            expect![[r#"
                unreadable: Le fichier .ods occuperait environ 854 Mo en mémoire une fois ses lignes et colonnes répétées développées (limite : 768 Mo) : il est anormalement volumineux, voire malveillant, et n'a pas été ouvert. Supprimez les lignes, colonnes et feuilles inutiles, ou enregistrez vos données au format .xlsx ou .csv.
            "#]],
        ),
    ]);
}

/// Each limit on an ordinary file, lowered so that the file goes past it.
#[test]
fn limits_on_ordinary_files() {
    let defaults = Limits::default();
    check_all(&[
        with_limits(
            "effectifs.xlsx",
            Limits {
                max_file_bytes: 1_000,
                ..defaults
            },
            expect![[r#"
                unreadable: Le fichier est trop volumineux (8 Ko) : la limite est de 1000 octets. Un fichier d'effectifs, même de plusieurs milliers d'apprentis, pèse quelques mégaoctets : enregistrez-le au format .xlsx ou .csv, sans images ni autres feuilles, ou découpez-le.
            "#]],
        ),
        with_limits(
            "effectifs.ods",
            Limits {
                max_uncompressed_bytes: 20_000,
                ..defaults
            },
            expect![[r#"
                unreadable: Le classeur occuperait 84 Ko une fois décompressé (limite : 19 Ko) : il est anormalement volumineux, voire malveillant (« bombe zip »), et n'a pas été ouvert. Enregistrez vos données dans un nouveau classeur ou au format .csv.
            "#]],
        ),
        with_limits(
            "effectifs-cp1252.csv",
            Limits {
                max_lines: 10,
                ..defaults
            },
            expect![[r#"
                unreadable: Le fichier contient plus de 10 lignes, la limite : découpez-le en plusieurs fichiers (par exemple un par établissement ou par année scolaire).
            "#]],
        ),
        with_limits(
            "effectifs.xls",
            Limits {
                max_cells: 100,
                ..defaults
            },
            expect![[r#"
                unreadable: Le classeur contient plus de 100 cellules (lignes × colonnes de la zone remplie, toutes feuilles comprises), la limite : supprimez les feuilles, lignes et colonnes inutiles ou découpez le fichier.
            "#]],
        ),
        with_limits(
            "effectifs.xlsx",
            Limits {
                max_columns: 20,
                ..defaults
            },
            expect![[r#"
                unreadable: La cellule U1 est au-delà de la 20e colonne, la limite : un fichier d'effectifs en a une soixantaine. Supprimez les colonnes inutiles à droite du tableau.
            "#]],
        ),
        with_limits(
            "effectifs-cp1252.csv",
            Limits {
                max_cell_chars: 10,
                ..defaults
            },
            expect![[r#"
                unreadable: La cellule E1 contient plus de 10 caractères, le maximum d'une cellule Excel : raccourcissez son contenu.
            "#]],
        ),
        // A CSV record is checked whole, then cell by cell only when it may break a limit: the
        // first cell past each limit is still the one named.
        with_limits(
            "effectifs-cp1252.csv",
            Limits {
                max_columns: 20,
                ..defaults
            },
            expect![[r#"
                unreadable: La cellule U1 est au-delà de la 20e colonne, la limite : un fichier d'effectifs en a une soixantaine. Supprimez les colonnes inutiles à droite du tableau.
            "#]],
        ),
        with_limits(
            "effectifs-cp1252.csv",
            Limits {
                max_text_bytes: 1_000,
                ..defaults
            },
            expect![[r#"
                unreadable: Les cellules du classeur contiennent ensemble plus de 1000 octets de texte, la limite : un même long texte est sans doute répété dans un très grand nombre de cellules. Supprimez ces répétitions ou enregistrez vos données au format .csv.
            "#]],
        ),
    ]);
}
