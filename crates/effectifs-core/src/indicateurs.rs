//! The indicators the Tableau de bord shows once the file is sent (D13, D16; `docs/indicators.md`):
//! apprenants, apprentis, inscrits sans contrat, rupturants and abandons at a date, for the whole file
//! and per formation, and the same figures month by month.
//!
//! They are computed the national way, which is not "the statut of each line":
//! - only the **valid** lines count (the others are not sent), and each effectif once: a line with the
//!   same identity as an earlier one (CFA formateur UAI + SIRET, `annee_scolaire`, `id_erp_apprenant`)
//!   replaces it, as the national database does on receipt;
//! - at a date D, only the effectifs of the school years of D count: `"Y-Y"` (Y = D's year) and the
//!   school year of D, `"(Y-1)-Y"` before August, `"Y-(Y+1)"` from August on;
//! - each effectif counts under the last step of its statut timeline dated D or earlier (none: it is
//!   counted nowhere); `apprentis` are the `APPRENTI` **and** `FIN_DE_FORMATION` steps, `apprenants`
//!   everything but the abandons.
//!
//! [`Effectifs::new`] does the per-file work once (identity, school year, formation); each date then
//! costs one pass over the effectifs, so a monthly series of 100 000 lines stays cheap.

use std::fmt;

use rustc_hash::FxHashMap;

use crate::cell::Text;
use crate::date::Date;
use crate::diagnostic::Kind;
use crate::field::Field;
use crate::report::LineReport;
use crate::statut::{Etape, StatutValeur};

/// The most months a series holds: three school years (see [`Effectifs::mois`]).
pub const SERIE_MAX_MOIS: usize = 36;

/// The figures of one scope (the file, or one formation) at one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Compteurs {
    /// Effectifs counted under each value of their last step, in [`StatutValeur::ALL`] order.
    par_statut: [usize; 5],
}

impl Compteurs {
    /// Effectifs whose last step on or before the date has this value.
    pub fn statut(&self, valeur: StatutValeur) -> usize {
        self.par_statut[index(valeur)]
    }

    /// `apprentis`: `APPRENTI` and `FIN_DE_FORMATION` (the Tableau de bord counts an apprentice whose
    /// training has ended as an apprentice).
    pub fn apprentis(&self) -> usize {
        self.statut(StatutValeur::Apprenti) + self.statut(StatutValeur::FinDeFormation)
    }

    /// `inscrits`: `INSCRIT` (inscrits sans contrat).
    pub fn inscrits(&self) -> usize {
        self.statut(StatutValeur::Inscrit)
    }

    /// `rupturants`: `RUPTURANT`.
    pub fn rupturants(&self) -> usize {
        self.statut(StatutValeur::Rupturant)
    }

    /// `abandons`: `ABANDON`.
    pub fn abandons(&self) -> usize {
        self.statut(StatutValeur::Abandon)
    }

    /// `apprenants`: every effectif counted but the abandons.
    pub fn apprenants(&self) -> usize {
        self.apprentis() + self.inscrits() + self.rupturants()
    }

    /// Every effectif counted, abandons included.
    pub fn total(&self) -> usize {
        self.par_statut.iter().sum()
    }

    fn add(&mut self, valeur: StatutValeur) {
        self.par_statut[index(valeur)] += 1;
    }
}

/// The position of a value in [`StatutValeur::ALL`].
fn index(valeur: StatutValeur) -> usize {
    match valeur {
        StatutValeur::Inscrit => 0,
        StatutValeur::Apprenti => 1,
        StatutValeur::Rupturant => 2,
        StatutValeur::Abandon => 3,
        StatutValeur::FinDeFormation => 4,
    }
}

/// A formation as the Tableau de bord groups effectifs: by the pair (RNCP, CFD).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formation {
    /// `formation_rncp`, if given.
    pub rncp: Option<Text>,
    /// `formation_cfd`, if given.
    pub cfd: Option<Text>,
    /// The label: the last non-empty `libelle_court_formation` of the formation's effectifs, in file
    /// order (the Tableau de bord takes its own from the national catalogue).
    pub libelle: Option<Text>,
}

/// The figures of one formation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParFormation {
    /// The formation.
    pub formation: Formation,
    /// Its figures.
    pub compteurs: Compteurs,
}

/// The indicators at one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicateurs {
    /// The date.
    pub date: Date,
    /// The whole file's figures.
    pub compteurs: Compteurs,
    /// The formations with at least one effectif counted at that date, by RNCP then CFD (absent
    /// codes last).
    pub par_formation: Vec<ParFormation>,
}

/// One effectif: what its figures depend on.
#[derive(Debug, Clone, Copy)]
struct Effectif<'a> {
    /// The years of its `annee_scolaire` (`2024-2025` → (2024, 2025)).
    annee: (i32, i32),
    /// Its formation, in [`Effectifs::formations`].
    formation: usize,
    /// Its statut timeline (empty when it has none).
    parcours: &'a [Etape],
}

/// The effectifs the Tableau de bord would store from a file's lines: what every date's indicators
/// are computed from.
#[derive(Debug, Clone)]
pub struct Effectifs<'a> {
    effectifs: Vec<Effectif<'a>>,
    /// In display order.
    formations: Vec<Formation>,
}

/// The identity of an effectif in the national database: CFA formateur (UAI, SIRET), school year,
/// learner id.
type Identite<'a> = [Option<&'a str>; 4];

/// A formation as effectifs give it: (RNCP, CFD).
type FormationKey<'a> = (Option<&'a str>, Option<&'a str>);

impl<'a> Effectifs<'a> {
    /// The effectifs of a file: its valid lines, one per identity (the last line wins). The lines
    /// are a validation's, their duplicate warnings (D7) up to date: [`crate::validate::validate`] and
    /// [`crate::validate::DuplicateIndex`] keep them so.
    pub fn new(lines: &'a [LineReport]) -> Effectifs<'a> {
        // The lines kept, in file order. The identity is the duplicate warning's key (a valid line
        // has its two required parts, the id and the school year): a valid line without the
        // warning is the only line of its identity, and only the warned ones go through a map of
        // identity → the index of its last valid line.
        let mut kept: Vec<usize> = Vec::with_capacity(lines.len());
        let mut last: FxHashMap<Identite<'a>, usize> = FxHashMap::default();
        for (position, line) in lines.iter().enumerate() {
            if !line.is_valid() {
                continue;
            }
            if line
                .diagnostics
                .iter()
                .any(|diagnostic| matches!(diagnostic.kind, Kind::Doublon { .. }))
            {
                let dossier = &line.dossier;
                let identite = [
                    dossier.text(Field::EtablissementFormateurUai),
                    dossier.text(Field::EtablissementFormateurSiret),
                    dossier.text(Field::AnneeScolaire),
                    dossier.text(Field::IdErpApprenant),
                ];
                last.insert(identite, position);
            } else {
                kept.push(position);
            }
        }
        if !last.is_empty() {
            kept.extend(last.into_values());
            kept.sort_unstable();
        }

        // Formations in file order first (labels: the last one given wins), then sorted. Labels are
        // borrowed until the end: most lines repeat their formation's.
        let mut formations: Vec<Formation> = Vec::new();
        let mut libelles: Vec<Option<&'a str>> = Vec::new();
        let mut by_key: FxHashMap<FormationKey<'a>, usize> = FxHashMap::default();
        let mut previous: Option<(FormationKey<'a>, usize)> = None;
        let mut effectifs = Vec::with_capacity(kept.len());
        for position in kept {
            let line = &lines[position];
            let dossier = &line.dossier;
            let Some(annee) = dossier.text(Field::AnneeScolaire).and_then(annee_scolaire) else {
                // Never for a valid line: the school year is required and checked.
                continue;
            };
            let key = (dossier.text(Field::FormationRncp), dossier.text(Field::FormationCfd));
            // Lines of one formation mostly follow each other: the line before's needs no lookup.
            let formation = match previous {
                Some((known, formation)) if known == key => formation,
                _ => *by_key.entry(key).or_insert_with(|| {
                    formations.push(Formation {
                        rncp: key.0.map(Text::from),
                        cfd: key.1.map(Text::from),
                        libelle: None,
                    });
                    libelles.push(None);
                    formations.len() - 1
                }),
            };
            previous = Some((key, formation));
            if let Some(libelle) = dossier
                .text(Field::LibelleCourtFormation)
                .filter(|libelle| !libelle.trim().is_empty())
            {
                libelles[formation] = Some(libelle);
            }
            effectifs.push(Effectif {
                annee,
                formation,
                parcours: line.statut.as_ref().map_or(&[], |statut| statut.parcours.as_slice()),
            });
        }
        for (formation, libelle) in formations.iter_mut().zip(libelles) {
            formation.libelle = libelle.map(Text::from);
        }
        let mut order: Vec<usize> = (0..formations.len()).collect();
        order.sort_by(|a, b| display_key(&formations[*a]).cmp(&display_key(&formations[*b])));
        let mut rank = vec![0; formations.len()];
        for (position, original) in order.iter().enumerate() {
            rank[*original] = position;
        }
        for effectif in &mut effectifs {
            effectif.formation = rank[effectif.formation];
        }
        let formations = order.into_iter().map(|original| formations[original].clone()).collect();
        Effectifs { effectifs, formations }
    }

    /// How many effectifs the file holds (valid lines, one per identity), whatever the date.
    pub fn len(&self) -> usize {
        self.effectifs.len()
    }

    /// Whether the file holds no effectif at all.
    pub fn is_empty(&self) -> bool {
        self.effectifs.is_empty()
    }

    /// The indicators at `date`.
    pub fn at(&self, date: Date) -> Indicateurs {
        let year = date.year();
        let calendaire = (year, year);
        let scolaire = if date.month() < 8 {
            (year - 1, year)
        } else {
            (year, year + 1)
        };
        let mut compteurs = Compteurs::default();
        let mut par_formation = vec![Compteurs::default(); self.formations.len()];
        for effectif in &self.effectifs {
            if effectif.annee != calendaire && effectif.annee != scolaire {
                continue;
            }
            // The timeline is chronological: the steps dated `date` or earlier come first.
            let reached = effectif.parcours.partition_point(|etape| etape.date <= date);
            let Some(dernier) = reached.checked_sub(1).map(|last| effectif.parcours[last].valeur) else {
                continue;
            };
            compteurs.add(dernier);
            par_formation[effectif.formation].add(dernier);
        }
        Indicateurs {
            date,
            compteurs,
            par_formation: self
                .formations
                .iter()
                .zip(par_formation)
                .filter(|(_, compteurs)| compteurs.total() > 0)
                .map(|(formation, compteurs)| ParFormation {
                    formation: formation.clone(),
                    compteurs,
                })
                .collect(),
        }
    }

    /// The months the school years of the effectifs span: from the first month of the earliest
    /// (August for `"Y-(Y+1)"`, January for `"Y-Y"`) to the last month of the latest (July, or
    /// December); `None` without any effectif.
    pub fn periode(&self) -> Option<(Mois, Mois)> {
        let debut = self
            .effectifs
            .iter()
            .map(|effectif| premier_mois(effectif.annee))
            .min()?;
        let fin = self
            .effectifs
            .iter()
            .map(|effectif| dernier_mois(effectif.annee))
            .max()?;
        Some((debut, fin))
    }

    /// The months of a series from `du` to `au` (both included). A bound not given is the one of
    /// [`Effectifs::periode`]. At most [`SERIE_MAX_MOIS`] months: a longer span is cut to the months
    /// that follow `du` when only `du` is given, else to the months up to its end (the most recent
    /// ones), and refused when both bounds are given.
    ///
    /// # Errors
    /// A span that ends before it starts, or two given bounds more than [`SERIE_MAX_MOIS`] months apart.
    pub fn mois(&self, du: Option<Mois>, au: Option<Mois>) -> Result<Periode, PeriodeError> {
        let periode = self.periode();
        let (Some(debut), Some(fin)) = (
            du.or(periode.map(|(debut, _)| debut)),
            au.or(periode.map(|(_, fin)| fin)),
        ) else {
            // No effectif and no bound: nothing to show.
            return Ok(Periode {
                mois: Vec::new(),
                tronquee: false,
            });
        };
        if debut > fin {
            return Err(PeriodeError::Vide { du: debut, au: fin });
        }
        let count = fin.number() - debut.number() + 1;
        let max = i32::try_from(SERIE_MAX_MOIS).unwrap_or(i32::MAX);
        let (first, tronquee) = if count <= max {
            (debut.number(), false)
        } else if du.is_some() && au.is_some() {
            return Err(PeriodeError::TropLongue {
                du: debut,
                au: fin,
                mois: count,
            });
        } else if du.is_some() {
            (debut.number(), true)
        } else {
            (fin.number() - max + 1, true)
        };
        let mois = (first..first + count.min(max)).filter_map(Mois::from_number).collect();
        Ok(Periode { mois, tronquee })
    }

    /// The indicators at the last day of each month.
    pub fn serie(&self, mois: &[Mois]) -> Vec<Indicateurs> {
        mois.iter()
            .filter_map(|mois| mois.fin())
            .map(|date| self.at(date))
            .collect()
    }
}

/// Formations are listed by RNCP, then CFD, absent codes last.
fn display_key(formation: &Formation) -> (bool, Option<&str>, bool, Option<&str>) {
    (
        formation.rncp.is_none(),
        formation.rncp.as_deref(),
        formation.cfd.is_none(),
        formation.cfd.as_deref(),
    )
}

/// The years of an `annee_scolaire` (`"2024-2025"` → (2024, 2025)).
fn annee_scolaire(text: &str) -> Option<(i32, i32)> {
    let (first, second) = text.split_once('-')?;
    Some((first.parse().ok()?, second.parse().ok()?))
}

/// The first month of a school year: August, or January for a calendar year (`"Y-Y"`).
fn premier_mois((first, second): (i32, i32)) -> Mois {
    Mois {
        annee: first,
        mois: if first == second { 1 } else { 8 },
    }
}

/// The last month of a school year: July of its second year, or December for a calendar year.
fn dernier_mois((first, second): (i32, i32)) -> Mois {
    Mois {
        annee: second,
        mois: if first == second { 12 } else { 7 },
    }
}

/// A calendar month, `AAAA-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Mois {
    annee: i32,
    mois: u32,
}

impl Mois {
    /// The month of this year (1 to 9999) and number (1 to 12), if it exists.
    pub fn new(annee: i32, mois: u32) -> Option<Mois> {
        ((1..=9999).contains(&annee) && (1..=12).contains(&mois)).then_some(Mois { annee, mois })
    }

    /// Reads `AAAA-MM` exactly.
    pub fn parse(text: &str) -> Option<Mois> {
        let (annee, mois) = text.split_once('-')?;
        if annee.len() != 4 || mois.len() != 2 || !(annee.bytes().chain(mois.bytes())).all(|b| b.is_ascii_digit()) {
            return None;
        }
        Mois::new(annee.parse().ok()?, mois.parse().ok()?)
    }

    /// The month of a day.
    pub fn of(date: Date) -> Mois {
        Mois {
            annee: date.year(),
            mois: date.month(),
        }
    }

    /// The last day of the month.
    pub fn fin(self) -> Option<Date> {
        let next = Mois::from_number(self.number() + 1)?;
        Date::from_ymd(next.annee, next.mois, 1)?.add_days(-1)
    }

    /// Months since year 0, for arithmetic.
    fn number(self) -> i32 {
        #[allow(clippy::cast_possible_wrap, reason = "a month is 1 to 12")]
        let mois = self.mois as i32;
        self.annee * 12 + mois - 1
    }

    fn from_number(number: i32) -> Option<Mois> {
        #[allow(clippy::cast_sign_loss, reason = "rem_euclid(12) is 0 to 11")]
        let mois = number.rem_euclid(12) as u32 + 1;
        Mois::new(number.div_euclid(12), mois)
    }
}

impl fmt::Display for Mois {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{:04}-{:02}", self.annee, self.mois)
    }
}

/// The months of a series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Periode {
    /// The months, in order.
    pub mois: Vec<Mois>,
    /// Whether the span was cut to [`SERIE_MAX_MOIS`] months.
    pub tronquee: bool,
}

/// Why a series cannot be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodeError {
    /// The span ends before it starts.
    Vide {
        /// First month.
        du: Mois,
        /// Last month.
        au: Mois,
    },
    /// Both bounds were given, too far apart.
    TropLongue {
        /// First month.
        du: Mois,
        /// Last month.
        au: Mois,
        /// How many months they span.
        mois: i32,
    },
}

impl fmt::Display for PeriodeError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PeriodeError::Vide { du, au } => write!(
                formatter,
                "la période est vide : elle commencerait en {du} et finirait en {au} (le mois de début doit précéder \
                 le mois de fin ; sans --du ou --au, ce sont les années scolaires du fichier qui les fixent)."
            ),
            PeriodeError::TropLongue { du, au, mois } => write!(
                formatter,
                "la période de {du} à {au} compte {mois} mois : {SERIE_MAX_MOIS} au plus à la fois."
            ),
        }
    }
}

impl std::error::Error for PeriodeError {}

#[cfg(test)]
mod tests;
