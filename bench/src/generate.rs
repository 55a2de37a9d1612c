//! The synthetic effectifs file: the learners of three CFAs as a CFA would export them, with about
//! 15 % of the lines carrying exactly one deliberate error each.
//!
//! The generator remembers which line got which error, so that the bench is also a sanity check
//! of the whole pipeline: every intended error must be found on its line and column, and nothing
//! else may block a line.

use chrono::{Datelike, NaiveDate, TimeDelta};
use effectifs_core::Field;
use effectifs_core::field::{CONTRACT_SLOTS, TEMPLATE_ORDER};

use crate::rng::Rng;

/// The header of the one column the contract does not know (it must be ignored).
pub const UNKNOWN_COLUMN: &str = "Commentaire";

/// Lines with an error, per thousand lines.
const INVALID_PER_MILLE: u32 = 150;

/// One cell of the generated file, before it is written as xlsx or CSV.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing in the cell.
    Empty,
    /// A text cell (codes included, so that leading zeros survive).
    Text(String),
    /// A whole number (xlsx: numeric cell; CSV: its digits).
    Integer(u32),
    /// xlsx: a boolean cell; CSV: `Oui` / `Non`.
    Bool(bool),
    /// xlsx: a date cell (`jj/mm/aaaa` format); CSV: `JJ/MM/AAAA`.
    Date(NaiveDate),
}

/// The kinds of mistakes planted in the file, each with the diagnostic it must raise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Defect {
    /// A date that does not exist, typed as text (`31/02/2026`).
    DateInexistante,
    /// A malformed `email_contact`.
    EmailInvalide,
    /// A 13-digit établissement SIRET.
    SiretTreizeChiffres,
    /// No `nom_apprenant`.
    NomManquant,
    /// A contract end date without its start date.
    FinSansDebut,
    /// A malformed `code_postal_apprenant`.
    CodePostalInvalide,
    /// A malformed `annee_scolaire`.
    AnneeScolaireInvalide,
}

impl Defect {
    /// Every kind, with its share of the invalid lines (relative weights).
    pub const WEIGHTS: [(Defect, u32); 7] = [
        (Defect::DateInexistante, 20),
        (Defect::EmailInvalide, 18),
        (Defect::SiretTreizeChiffres, 10),
        (Defect::NomManquant, 12),
        (Defect::FinSansDebut, 15),
        (Defect::CodePostalInvalide, 13),
        (Defect::AnneeScolaireInvalide, 12),
    ];

    /// The code of the error the validator must raise.
    pub fn code(self) -> &'static str {
        match self {
            Defect::DateInexistante => "date-inexistante",
            Defect::EmailInvalide => "email-invalide",
            Defect::SiretTreizeChiffres => "siret-invalide",
            Defect::NomManquant => "champ-obligatoire",
            Defect::FinSansDebut => "contrat-incomplet",
            Defect::CodePostalInvalide => "code-postal-invalide",
            Defect::AnneeScolaireInvalide => "annee-scolaire-invalide",
        }
    }
}

/// A planted error: what it is and the column where it must be reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected {
    /// The kind of mistake.
    pub defect: Defect,
    /// The field the diagnostic must name.
    pub field: Field,
}

/// The generated file, format-neutral.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Header texts, in column order.
    pub headers: Vec<String>,
    /// Data rows (spreadsheet line = index + 2).
    pub rows: Vec<Vec<Value>>,
    /// The planted error of each row, if any.
    pub expected: Vec<Option<Expected>>,
}

impl Dataset {
    /// How many lines carry a planted error.
    pub fn invalid(&self) -> usize {
        self.expected.iter().filter(|expected| expected.is_some()).count()
    }

    /// How many lines carry this kind of error.
    pub fn count(&self, defect: Defect) -> usize {
        self.expected
            .iter()
            .flatten()
            .filter(|expected| expected.defect == defect)
            .count()
    }
}

/// The fields of the columns, in file order: the 62 template columns, `id_erp_apprenant`, and
/// `None` for the unknown column.
pub fn layout() -> Vec<Option<Field>> {
    TEMPLATE_ORDER
        .iter()
        .copied()
        .map(Some)
        .chain([Some(Field::IdErpApprenant), None])
        .collect()
}

/// Generates `lines` learners from `seed`; `today` is the evaluation day (no exclusion or rupture
/// is dated after it).
pub fn generate(lines: usize, seed: u64, today: NaiveDate) -> Dataset {
    let layout = layout();
    let headers = layout
        .iter()
        .map(|field| field.map_or(UNKNOWN_COLUMN, Field::name).to_owned())
        .collect();
    let mut positions = vec![None; Field::COUNT];
    for (position, field) in layout.iter().enumerate() {
        if let Some(field) = field {
            positions[field.index()] = Some(position);
        }
    }
    let mut rng = Rng::new(seed);
    let mut rows = Vec::with_capacity(lines);
    let mut expected = Vec::with_capacity(lines);
    for index in 0..lines {
        let mut row = RowBuilder {
            cells: vec![Value::Empty; layout.len()],
            positions: &positions,
        };
        learner(&mut rng, index, today, &mut row);
        expected.push(rng.chance(INVALID_PER_MILLE).then(|| plant_defect(&mut rng, &mut row)));
        rows.push(row.cells);
    }
    Dataset {
        headers,
        rows,
        expected,
    }
}

/// A row being filled, field by field.
struct RowBuilder<'a> {
    cells: Vec<Value>,
    positions: &'a [Option<usize>],
}

impl RowBuilder<'_> {
    fn set(&mut self, field: Field, value: Value) {
        if let Some(position) = self.positions[field.index()] {
            self.cells[position] = value;
        }
    }

    fn text(&mut self, field: Field, text: impl Into<String>) {
        self.set(field, Value::Text(text.into()));
    }

    fn set_unknown(&mut self, value: Value) {
        if let Some(last) = self.cells.last_mut() {
            *last = value;
        }
    }

    fn get(&self, field: Field) -> &Value {
        self.positions[field.index()].map_or(&Value::Empty, |position| &self.cells[position])
    }
}

/// A CFA: its responsable and formateur établissements and what its lines share.
struct Cfa {
    responsable: (&'static str, &'static str),
    formateur: (&'static str, &'static str),
    sifa_type: &'static str,
    adresse: &'static str,
    code_postal: &'static str,
    referent: (&'static str, &'static str, &'static str),
    id_prefix: &'static str,
}

const CFAS: [(Cfa, u32); 3] = [
    (
        Cfa {
            responsable: ("0755805C", "77568013501139"),
            formateur: ("0755805C", "77568013501139"),
            sifa_type: "06",
            adresse: "8 rue Brillat-Savarin",
            code_postal: "75013",
            referent: ("Lemoine", "Hélène", "referent.handicap@cfa-paris.fr"),
            id_prefix: "PAR",
        },
        45,
    ),
    (
        Cfa {
            responsable: ("0802004U", "77937827200016"),
            formateur: ("0802004U", "77937827200016"),
            sifa_type: "09",
            adresse: "56 rue du Faubourg de Hem",
            code_postal: "80000",
            referent: ("Dufour", "Benoît", "handicap@cfa-amiens.fr"),
            id_prefix: "AMI",
        },
        35,
    ),
    (
        Cfa {
            responsable: ("0802004U", "77937827200016"),
            formateur: ("0332456R", "33922815400037"),
            sifa_type: "09",
            adresse: "12 quai de Bacalan",
            code_postal: "33300",
            referent: ("Etcheverry", "Maïté", "m.etcheverry@cfa-bordeaux.fr"),
            id_prefix: "BDX",
        },
        20,
    ),
];

const PRENOMS_F: &[&str] = &[
    "Emma",
    "Léa",
    "Chloé",
    "Manon",
    "Inès",
    "Camille",
    "Jade",
    "Louise",
    "Zoé",
    "Lucie",
    "Anaïs",
    "Océane",
    "Élodie",
    "Maëlys",
    "Clémence",
    "Héloïse",
    "Noémie",
    "Gaëlle",
    "Salomé",
    "Ambre",
    "Léna",
    "Aïcha",
    "Yasmine",
    "Marie-Ève",
    "Agathe",
    "Maëlle",
    "Bérénice",
    "Lou",
    "Romane",
    "Justine",
];
const PRENOMS_M: &[&str] = &[
    "Lucas",
    "Hugo",
    "Théo",
    "Nathan",
    "Mathéo",
    "Raphaël",
    "Louis",
    "Noé",
    "Maël",
    "Jules",
    "Clément",
    "Léo",
    "Enzo",
    "Loïc",
    "Jérôme",
    "François",
    "Benoît",
    "Aurélien",
    "Kévin",
    "Mehdi",
    "Yanis",
    "Adam",
    "Gaël",
    "Timothée",
    "Anthony",
    "Jean-Baptiste",
    "Rémi",
    "Quentin",
    "Ibrahima",
    "Sébastien",
];
const NOMS: &[&str] = &[
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Müller",
    "Henry",
    "Roussel",
    "Perrin",
    "Morin",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Le Goff",
    "Le Gall",
    "N'Diaye",
    "Nguyen",
    "Da Silva",
    "Benali",
    "Lenôtre",
    "O'Brien",
    "Ménard",
    "Brûlé",
    "Kerbrat",
    "Hoarau",
    "Béranger",
    "Lemaître",
    "Œuvrard",
    "Saint-Éloi",
];
const DOMAINES: &[&str] = &[
    "gmail.com",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "hotmail.fr",
    "yahoo.fr",
    "outlook.fr",
    "sfr.fr",
    "icloud.com",
];
const VOIES: &[&str] = &[
    "rue de la République",
    "avenue Jean-Jaurès",
    "boulevard Victor-Hugo",
    "impasse des Tilleuls",
    "chemin du Moulin",
    "rue Pasteur",
    "place de l'Église",
    "allée des Érables",
    "rue du Général-de-Gaulle",
    "route de Paris",
    "rue des Écoles",
    "quai de la Loire",
    "résidence Les Hauts de Seine, bât. C",
];
/// Codes postaux, several with a leading zero.
const CODES_POSTAUX: &[&str] = &[
    "75011", "75019", "93200", "92100", "94000", "80000", "80100", "60000", "02100", "01000", "06000", "08000",
    "33000", "33800", "44000", "69003", "13008", "59000", "05000", "07000", "09100", "97400",
];
/// Libellé, RNCP digits, CFD, theoretical length in months.
const FORMATIONS: &[(&str, &str, &str, u32)] = &[
    ("CAP PATISSIER", "37863", "50022137", 24),
    ("CAP CUISINE", "38313", "50022135", 24),
    ("CAP ELECTRICIEN", "36886", "50025525", 24),
    ("CAP COIFFURE", "37505", "50033607", 24),
    ("BAC PRO MELEC", "37948", "40025510", 36),
    ("BP BOULANGER", "37849", "45022103", 24),
    ("BTS MCO", "38362", "32031213", 24),
    ("BTS NDRC", "38368", "32031214", 24),
    ("TP DEVELOPPEUR WEB", "37674", "26X32602", 12),
    ("MC BOULANGERIE SPECIALISEE", "34873", "01022104", 12),
];
const SITUATIONS: &[u32] = &[3003, 3103, 2005, 2007, 3033, 3133, 4101, 4103, 1021, 5907, 5903, 9999];
const DERNIERS_ORGANISMES: &[&str] = &["75", "080", "33", "93", "2A", "974", "0801234F", "0331234K"];
const CAUSES_RUPTURE: &[&str] = &[
    "démission",
    "résiliation",
    "force majeure",
    "obtention du diplôme",
    "faute lourde",
    "inaptitude constatée par la médecine du travail",
    "Rupture d'un commun accord entre l'apprenti et l'employeur (art. L.6222-18, al.2)",
];
const CAUSES_EXCLUSION: &[&str] = &[
    "absences répétées et injustifiées",
    "cessation du travail et abandon des cours",
    "non respect des règles de sécurité",
];
const COMMENTAIRES: &[&str] = &[
    "Relancé par mail ; attend le CERFA signé",
    "Dossier \"OPCO\" en cours",
    "Transfert depuis le site de Lille",
    "RQTH à vérifier",
    "Aménagement d'horaires",
    "Changement d'employeur prévu",
];
const DATES_INEXISTANTES: &[&str] = &["31/02/2026", "30/02/2025", "31/04/2026", "31/06/2025", "29/02/2025"];
const CODES_POSTAUX_INVALIDES: &[&str] = &["750011", "7500A", "2A004", "F-75011", "75 011"];
const ANNEES_INVALIDES: &[&str] = &["2025-2027", "2025/26", "25-26", "2026-2025", "2025 2026"];

/// The day `days` after `date` (before, when negative).
fn shift(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_signed(TimeDelta::days(days)).unwrap_or(date)
}

/// A day of the calendar, falling back to the 1st of the month for an impossible day.
fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day)
        .or_else(|| NaiveDate::from_ymd_opt(year, month, 1))
        .unwrap_or(NaiveDate::MIN)
}

/// Fills one valid learner line.
fn learner(rng: &mut Rng, index: usize, today: NaiveDate, row: &mut RowBuilder<'_>) {
    let cfa = &CFAS[usize::from(rng.weighted(&[(0_u8, CFAS[0].1), (1, CFAS[1].1), (2, CFAS[2].1)]))].0;
    apprenant(rng, row);
    etablissements(rng, cfa, row);
    let (entree, fin) = formation(rng, today, row);
    contrats(rng, entree, fin, today, row);
    if rng.chance(30) {
        let latest = shift(fin.min(today), -1);
        let date = shift(entree, rng.between(30, (latest - entree).num_days().max(30)));
        row.set(Field::DateExclusionFormation, Value::Date(date));
        row.text(Field::CauseExclusionFormation, *rng.pick(CAUSES_EXCLUSION));
    }
    row.text(Field::IdErpApprenant, format!("{}-{:06}", cfa.id_prefix, index + 1));
    if rng.chance(150) {
        row.set_unknown(Value::Text((*rng.pick(COMMENTAIRES)).to_owned()));
    }
}

/// The learner's identity and contact details.
fn apprenant(rng: &mut Rng, row: &mut RowBuilder<'_>) {
    let femme = rng.chance(450);
    let prenom = *rng.pick(if femme { PRENOMS_F } else { PRENOMS_M });
    let nom = *rng.pick(NOMS);
    let nom_cell = match rng.below(20) {
        0..=4 => nom.to_uppercase(),
        5 => format!(" {nom} "),
        _ => nom.to_owned(),
    };
    row.text(Field::NomApprenant, nom_cell);
    row.text(Field::PrenomApprenant, prenom);
    let year = if rng.chance(700) {
        2004 + rng.between(0, 6)
    } else {
        1995 + rng.between(0, 8)
    };
    let year = i32::try_from(year).unwrap_or(2005);
    let naissance = day(year, 1 + rng.below(12), 1 + rng.below(28));
    row.set(Field::DateDeNaissanceApprenant, Value::Date(naissance));
    let sexe = match (femme, rng.below(10)) {
        (true, 0) => "2",
        (true, _) => "F",
        (false, 0) => "H",
        (false, 1) => "1",
        (false, _) => "M",
    };
    row.text(Field::SexeApprenant, sexe);
    if rng.chance(700) {
        row.text(Field::CodePostalDeNaissanceApprenant, *rng.pick(CODES_POSTAUX));
    }
    coordonnees(rng, prenom, nom, row);
    if year >= 2007 && rng.chance(600) {
        let parent = *rng.pick(PRENOMS_F);
        row.text(
            Field::ResponsableApprenantMail1,
            format!("{}.{}@{}", ascii_fold(parent), ascii_fold(nom), rng.pick(DOMAINES)),
        );
        if rng.chance(400) {
            let parent = *rng.pick(PRENOMS_M);
            row.text(
                Field::ResponsableApprenantMail2,
                format!("{}{}@{}", ascii_fold(parent), rng.digits(2), rng.pick(DOMAINES)),
            );
        }
    }
    if rng.chance(400) {
        row.text(Field::DernierOrganismeUai, *rng.pick(DERNIERS_ORGANISMES));
    }
    if rng.chance(500) {
        row.set(Field::DerniereSituation, Value::Integer(*rng.pick(SITUATIONS)));
    }
}

/// E-mail, address, telephone, INE and RQTH.
fn coordonnees(rng: &mut Rng, prenom: &str, nom: &str, row: &mut RowBuilder<'_>) {
    let suffix = if rng.chance(300) { rng.digits(2) } else { String::new() };
    let email = format!(
        "{}.{}{suffix}@{}",
        ascii_fold(prenom),
        ascii_fold(nom),
        rng.pick(DOMAINES)
    );
    row.text(Field::EmailContact, email);
    let numero = rng.between(1, 150);
    let complement = match rng.below(20) {
        0 => " bis",
        1 => " ter",
        _ => "",
    };
    row.text(
        Field::AdresseApprenant,
        format!("{numero}{complement} {}", rng.pick(VOIES)),
    );
    row.text(Field::CodePostalApprenant, *rng.pick(CODES_POSTAUX));
    if rng.chance(600) {
        let letter = char::from(b'A' + u8::try_from(rng.below(26)).unwrap_or(0));
        row.text(Field::IneApprenant, format!("{}{letter}", rng.digits(10)));
    }
    if rng.chance(850) {
        row.text(Field::TelApprenant, telephone(rng));
    }
    match rng.below(100) {
        0..=3 => {
            row.set(Field::RqthApprenant, Value::Bool(true));
            let date = day(
                2015 + i32::try_from(rng.below(10)).unwrap_or(0),
                1 + rng.below(12),
                1 + rng.below(28),
            );
            row.set(Field::DateRqthApprenant, Value::Date(date));
        }
        4..=50 => row.set(Field::RqthApprenant, Value::Bool(false)),
        _ => {}
    }
}

/// A valid French mobile or landline number, in one of the ways people type them.
fn telephone(rng: &mut Rng) -> String {
    // Ranges every numbering-plan version accepts, away from the overseas prefixes (0590, 0690…):
    // 06 (but not 063x or 069x), 075–078, 01 and 03.
    let prefix = match rng.below(10) {
        0..=5 => format!("6{}", rng.pick(&['0', '1', '2', '4', '5', '6', '7', '8'])),
        6 | 7 => format!("7{}", rng.pick(&['5', '6', '7', '8'])),
        _ => format!("{}{}", rng.pick(&['1', '3']), rng.digits(1)),
    };
    let national = format!("{prefix}{}", rng.digits(7));
    let pairs = [
        &national[0..1],
        &national[1..3],
        &national[3..5],
        &national[5..7],
        &national[7..9],
    ];
    match rng.below(10) {
        0..=3 => format!("0{national}"),
        4..=6 => format!("0{}", pairs.join(" ")),
        7 => format!("0{}", pairs.join(".")),
        _ => format!("+33 {}", pairs.join(" ")),
    }
}

/// Lower-case ASCII for an e-mail address: accents dropped, spaces and apostrophes removed.
fn ascii_fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.to_lowercase().chars() {
        match c {
            'à' | 'â' | 'ä' => folded.push('a'),
            'é' | 'è' | 'ê' | 'ë' => folded.push('e'),
            'î' | 'ï' => folded.push('i'),
            'ô' | 'ö' => folded.push('o'),
            'ù' | 'û' | 'ü' => folded.push('u'),
            'ç' => folded.push('c'),
            'ÿ' => folded.push('y'),
            'œ' => folded.push_str("oe"),
            'æ' => folded.push_str("ae"),
            'a'..='z' | '0'..='9' | '-' => folded.push(c),
            _ => {}
        }
    }
    folded
}

/// A SIRET with a right Luhn key (every 14th digit derived from the 13 before it).
fn siret(rng: &mut Rng) -> String {
    let mut digits: Vec<u32> = std::iter::once(1 + rng.below(9))
        .chain((0..12).map(|_| rng.below(10)))
        .collect();
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(position, digit)| match position % 2 {
            // The key will sit at the right: the last of these 13 digits is doubled.
            0 if digit * 2 > 9 => digit * 2 - 9,
            0 => digit * 2,
            _ => *digit,
        })
        .sum();
    digits.push((10 - sum % 10) % 10);
    digits.iter().filter_map(|digit| char::from_digit(*digit, 10)).collect()
}

/// A SIRET as people type it: plain, or grouped `SIREN` + `NIC`.
fn typed_siret(rng: &mut Rng, siret: &str) -> String {
    if rng.chance(250) {
        format!("{} {} {} {}", &siret[0..3], &siret[3..6], &siret[6..9], &siret[9..])
    } else {
        siret.to_owned()
    }
}

/// The responsable, formateur and lieu de formation columns.
fn etablissements(rng: &mut Rng, cfa: &Cfa, row: &mut RowBuilder<'_>) {
    row.text(Field::TypeCfa, cfa.sifa_type);
    row.text(Field::EtablissementResponsableUai, cfa.responsable.0);
    let responsable_siret = typed_siret(rng, cfa.responsable.1);
    row.text(Field::EtablissementResponsableSiret, responsable_siret);
    row.text(Field::EtablissementFormateurUai, cfa.formateur.0);
    let formateur_siret = typed_siret(rng, cfa.formateur.1);
    row.text(Field::EtablissementFormateurSiret, formateur_siret);
    if rng.chance(500) {
        row.text(Field::EtablissementLieuDeFormationUai, cfa.formateur.0);
        row.text(Field::EtablissementLieuDeFormationSiret, cfa.formateur.1);
        row.text(Field::EtablissementLieuDeFormationAdresse, cfa.adresse);
        row.text(Field::EtablissementLieuDeFormationCodePostal, cfa.code_postal);
    }
    if rng.chance(500) {
        row.text(Field::NomReferentHandicapFormation, cfa.referent.0);
        row.text(Field::PrenomReferentHandicapFormation, cfa.referent.1);
        row.text(Field::EmailReferentHandicapFormation, cfa.referent.2);
    }
}

/// The formation columns; returns the session (entrée, fin).
fn formation(rng: &mut Rng, today: NaiveDate, row: &mut RowBuilder<'_>) -> (NaiveDate, NaiveDate) {
    let &(libelle, rncp, cfd, months) = rng.pick(FORMATIONS);
    let years = i32::try_from(months / 12).unwrap_or(1);
    let entry_year = 2025 - i32::try_from(rng.below(u32::try_from(years).unwrap_or(1))).unwrap_or(0);
    let entree = if rng.chance(80) {
        let late = day(entry_year, 10, 1 + rng.below(28));
        shift(late, i64::from(rng.below(100)))
    } else {
        day(entry_year, 9, 1 + rng.below(15))
    };
    let fin = match rng.below(10) {
        0..=5 => day(entry_year + years, 6, 20 + rng.below(11)),
        6..=8 => day(entry_year + years, 7, 1 + rng.below(10)),
        _ => day(entry_year + years, 8, 31),
    };
    let inscription = if rng.chance(100) {
        entree
    } else {
        shift(entree, -rng.between(1, 90))
    };
    row.text(
        Field::AnneeScolaire,
        if rng.chance(50) { "2025/2026" } else { "2025-2026" },
    );
    row.set(
        Field::AnneeFormation,
        Value::Integer(u32::try_from(2026 - entry_year).unwrap_or(1)),
    );
    let rncp_cell = match rng.below(20) {
        0..=15 => format!("RNCP{rncp}"),
        16..=18 => rncp.to_owned(),
        _ => format!("rncp {}-{}", &rncp[..2], &rncp[2..]),
    };
    row.text(Field::FormationRncp, rncp_cell);
    if rng.chance(850) {
        row.text(Field::FormationCfd, cfd);
    }
    row.set(Field::DateInscriptionFormation, Value::Date(inscription));
    row.set(Field::DateEntreeFormation, Value::Date(entree));
    row.set(Field::DateFinFormation, Value::Date(fin));
    row.set(Field::DureeTheoriqueFormationMois, Value::Integer(months));
    if rng.chance(900) {
        row.text(Field::LibelleCourtFormation, libelle);
    }
    if fin < today && rng.chance(700) {
        let obtenu = rng.chance(850);
        row.set(Field::ObtentionDiplomeFormation, Value::Bool(obtenu));
        if obtenu {
            row.set(
                Field::DateObtentionDiplomeFormation,
                Value::Date(shift(fin, rng.between(0, 20))),
            );
        }
    }
    match rng.below(100) {
        0..=69 => row.set(Field::FormationPresentielle, Value::Bool(true)),
        70..=74 => row.set(Field::FormationPresentielle, Value::Bool(false)),
        _ => {}
    }
    (entree, fin)
}

/// Zero to three apprenticeship contracts; each rupture may be followed by a new contract.
fn contrats(rng: &mut Rng, entree: NaiveDate, fin: NaiveDate, today: NaiveDate, row: &mut RowBuilder<'_>) {
    let mut next_start = rng.chance(880).then(|| shift(entree, rng.between(-20, 75)));
    for slot in CONTRACT_SLOTS.iter().take(3) {
        let Some(debut) = next_start.take() else {
            break;
        };
        if debut >= fin {
            break;
        }
        let [debut_field, fin_field, rupture_field, cause_field, siret_field] = *slot;
        let fin_prevue = (!rng.chance(30)).then(|| shift(fin, rng.between(-5, 45)));
        row.set(debut_field, Value::Date(debut));
        if let Some(date) = fin_prevue {
            row.set(fin_field, Value::Date(date));
        }
        let employeur = siret(rng);
        let employeur = typed_siret(rng, &employeur);
        row.text(siret_field, employeur);
        let horizon = fin_prevue.unwrap_or(fin).min(today);
        let span = (horizon - debut).num_days();
        if span > 45 && rng.chance(200) {
            let rupture = shift(debut, rng.between(30, span - 1));
            row.set(rupture_field, Value::Date(rupture));
            if rng.chance(800) {
                row.text(cause_field, *rng.pick(CAUSES_RUPTURE));
            }
            if rng.chance(600) {
                next_start = Some(shift(rupture, rng.between(7, 90)));
            }
        }
    }
}

/// Plants one error in a valid line and says where it must be reported.
fn plant_defect(rng: &mut Rng, row: &mut RowBuilder<'_>) -> Expected {
    let defect = rng.weighted(&Defect::WEIGHTS);
    let field = match defect {
        Defect::DateInexistante => {
            let has_contract = matches!(row.get(Field::ContratDateDebut), Value::Date(_));
            let mut fields = vec![
                Field::DateEntreeFormation,
                Field::DateFinFormation,
                Field::DateDeNaissanceApprenant,
            ];
            if has_contract {
                fields.push(Field::ContratDateDebut);
            }
            let field = *rng.pick(&fields);
            row.text(field, *rng.pick(DATES_INEXISTANTES));
            field
        }
        Defect::EmailInvalide => {
            let Value::Text(email) = row.get(Field::EmailContact).clone() else {
                unreachable!("always filled")
            };
            let (local, domain) = email.split_once('@').unwrap_or((&email, "gmail.com"));
            let bad = match rng.below(5) {
                0 => format!("{local}@{}", domain.split('.').next().unwrap_or(domain)),
                1 => format!("{local}@@{domain}"),
                2 => format!("{local} @{domain}"),
                3 => format!("{local}.{domain}"),
                _ => format!("{}..{local}@{domain}", &local[..1]),
            };
            row.text(Field::EmailContact, bad);
            Field::EmailContact
        }
        Defect::SiretTreizeChiffres => {
            let field = *rng.pick(&[Field::EtablissementFormateurSiret, Field::EtablissementResponsableSiret]);
            let Value::Text(siret) = row.get(field).clone() else {
                unreachable!("always filled")
            };
            let digits: String = siret.chars().filter(char::is_ascii_digit).take(13).collect();
            row.text(field, digits);
            field
        }
        Defect::NomManquant => {
            row.set(Field::NomApprenant, Value::Empty);
            Field::NomApprenant
        }
        Defect::FinSansDebut => {
            if let Value::Date(debut) = *row.get(Field::ContratDateDebut) {
                if matches!(row.get(Field::ContratDateFin), Value::Empty) {
                    row.set(Field::ContratDateFin, Value::Date(shift(debut, 365)));
                }
            } else {
                let Value::Date(fin) = *row.get(Field::DateFinFormation) else {
                    unreachable!("always filled")
                };
                row.set(Field::ContratDateFin, Value::Date(fin));
                row.text(Field::SiretEmployeur, siret(rng));
            }
            row.set(Field::ContratDateDebut, Value::Empty);
            Field::ContratDateDebut
        }
        Defect::CodePostalInvalide => {
            row.text(Field::CodePostalApprenant, *rng.pick(CODES_POSTAUX_INVALIDES));
            Field::CodePostalApprenant
        }
        Defect::AnneeScolaireInvalide => {
            row.text(Field::AnneeScolaire, *rng.pick(ANNEES_INVALIDES));
            Field::AnneeScolaire
        }
    };
    Expected { defect, field }
}

/// `JJ/MM/AAAA`.
pub fn french_date(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

#[cfg(test)]
mod tests {
    use super::{ascii_fold, generate, layout, siret};
    use crate::rng::Rng;
    use chrono::NaiveDate;

    #[test]
    fn generated_sirets_have_a_luhn_key() {
        let mut rng = Rng::new(1);
        for _ in 0..1000 {
            let siret = siret(&mut rng);
            assert_eq!(siret.len(), 14);
            assert!(effectifs_core::checksum::siret_key_ok(&siret), "{siret}");
        }
    }

    #[test]
    fn emails_are_ascii() {
        assert_eq!(ascii_fold("Œuvrard"), "oeuvrard");
        assert_eq!(ascii_fold("N'Diaye"), "ndiaye");
        assert_eq!(ascii_fold("Le Goff"), "legoff");
        assert_eq!(ascii_fold("Marie-Ève"), "marie-eve");
    }

    #[test]
    fn about_fifteen_percent_invalid() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        let dataset = generate(10_000, 3, today);
        assert_eq!(dataset.headers.len(), layout().len());
        assert!((1_300..=1_700).contains(&dataset.invalid()), "{}", dataset.invalid());
    }
}
