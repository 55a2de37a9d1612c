//! Diagnostics: what is wrong (or worth knowing) about a cell or a line, in French.
//!
//! A diagnostic is data: the field it concerns, and a [`Kind`] carrying what the message needs (the
//! value read, the other line, the contract number). Its stable code (kebab-case, never renamed once
//! published, D2), its severity and its French message and hint are all derived from the kind, so
//! that the CLI, the JSON report, the web app and the npm package say exactly the same thing.

use std::fmt;

use crate::field::Field;

/// Whether a diagnostic blocks the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The line is still sent; the user should know.
    Warning,
    /// The national API would reject, alter or later discard the line: it is not sent.
    Error,
}

/// Why a value was left out of the payload (D5: never silently).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IgnoredBecause {
    /// An optional date that is not a date.
    UnreadableDate,
    /// An optional Oui/Non that is neither.
    UnreadableBoolean,
    /// A SIRET that does not have 14 digits, in a column where the platform drops it.
    SiretNot14Digits,
    /// A code postal de naissance that is not 5 digits.
    CodePostalNot5Digits,
    /// A duration that is not a whole number in the accepted range.
    DurationOutOfRange {
        /// The smallest accepted value.
        min: i64,
        /// The largest accepted value.
        max: i64,
    },
    /// The number 0 (or FALSE) typed in a text column, which the platform treats as empty.
    ZeroInTextColumn,
}

/// What a diagnostic says. New kinds may be added; codes never change.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// A required column is absent or its cell is empty.
    ChampObligatoire,
    /// The cell holds a formula error (`#N/A`, `#REF!`…).
    CelluleEnErreur {
        /// The error as Excel shows it.
        value: String,
    },
    /// A number or a boolean where the contract wants text.
    TexteAttendu {
        /// The value as read.
        value: String,
    },
    /// Text shorter than the contract's minimum once trimmed.
    TexteTropCourt {
        /// The minimum number of characters.
        min: usize,
    },
    /// A date that cannot be read, in a required column.
    DateInvalide {
        /// The value as read.
        value: String,
    },
    /// A date that does not exist (`31/02/2024`), in any date column (D4).
    DateInexistante {
        /// The value as read.
        value: String,
    },
    /// `annee_scolaire` not of the form `2024-2025`.
    AnneeScolaireInvalide {
        /// The value as read.
        value: String,
    },
    /// `statut_apprenant` other than 0, 2 or 3.
    StatutApprenantInvalide {
        /// The value as read.
        value: String,
    },
    /// An e-mail address the platform rejects.
    EmailInvalide {
        /// The value as read.
        value: String,
    },
    /// A phone number that cannot be a phone number.
    TelephoneFormatInvalide {
        /// The value as read.
        value: String,
    },
    /// A phone number with the right shape that no operator uses.
    TelephoneInvalide {
        /// The value as read.
        value: String,
    },
    /// A premium-rate, shared-cost, pager or voicemail number.
    TelephoneSpecial {
        /// The value as read.
        value: String,
    },
    /// Not a number where the contract wants one.
    NombreAttendu {
        /// The value as read.
        value: String,
    },
    /// A number with a fractional part where the contract wants a whole number.
    EntierAttendu {
        /// The value as read.
        value: String,
    },
    /// `annee_formation` outside 0–5.
    AnneeFormationHorsLimites {
        /// The value read.
        value: i64,
    },
    /// A RNCP code the platform rejects.
    RncpInvalide {
        /// The value as read.
        value: String,
    },
    /// A code postal that is not 5 digits.
    CodePostalInvalide {
        /// The value as read.
        value: String,
    },
    /// A code commune INSEE of the wrong shape.
    CodeInseeInvalide {
        /// The value as read.
        value: String,
    },
    /// A sexe other than M, H, F, 1 or 2.
    SexeInvalide {
        /// The value as read.
        value: String,
    },
    /// An UAI that is not 7 digits and a letter.
    UaiInvalide {
        /// The value as read.
        value: String,
    },
    /// A SIRET that is not 14 digits.
    SiretInvalide {
        /// The value as read.
        value: String,
    },
    /// A CFD code that is not 8 letters or digits.
    CfdInvalide {
        /// The value as read.
        value: String,
    },
    /// A `derniere_situation` not in the SIFA list.
    DerniereSituationInvalide {
        /// The value as read.
        value: String,
    },
    /// A `dernier_organisme_uai` that is neither an UAI nor a département.
    DernierOrganismeUaiInvalide {
        /// The value as read.
        value: String,
    },
    /// A `type_cfa` outside 01–10.
    TypeCfaInvalide {
        /// The value as read.
        value: String,
    },
    /// A contract date without its start date (D6, `docs/contract.md#incomplete-contract`).
    ContratIncomplet {
        /// The contract number, 1 to 4.
        contrat: u8,
    },
    /// `date_fin_formation` before `date_entree_formation` (D6, `docs/contract.md#formation-dates-order`).
    FinAvantEntree {
        /// The entry date, `AAAA-MM-JJ`.
        entree: String,
        /// The end date, `AAAA-MM-JJ`.
        fin: String,
    },
    /// A value left out of the payload (D5).
    ValeurIgnoree {
        /// Why.
        because: IgnoredBecause,
        /// The value as read.
        value: String,
    },
    /// A SIRET whose control key is wrong (D8).
    CleSiretIncorrecte {
        /// The SIRET.
        value: String,
    },
    /// An UAI whose control letter is wrong (D8).
    CleUaiIncorrecte {
        /// The UAI.
        value: String,
    },
    /// The same learner appears on other lines (D7). Named in constant space, so that a learner
    /// repeated on every line of a big file costs a line's worth of report each, not the file's:
    /// the group's first line (its second for the first line itself) and the group's size.
    Doublon {
        /// The group's first spreadsheet line; for the first line itself, the second.
        other: u32,
        /// How many lines the group has (2 or more), this one included.
        count: u32,
    },
    /// No contract start date on the line (`docs/contract.md#no-contract-warning`).
    SansContrat,
    /// A posted date that is not the API's `AAAA-MM-JJ` (D14): the API refuses it, in every date
    /// field, required or optional.
    DateNonIso {
        /// The value as posted.
        value: String,
    },
    /// A posted value that is not a JSON boolean where the contract wants one (D14).
    BooleenAttendu {
        /// The value as posted.
        value: String,
    },
    /// A posted array or object where the contract wants a text, a number or a boolean (D14).
    ValeurComposee {
        /// `un tableau` or `un objet`.
        value: String,
    },
    /// A posted key that is not a field name but resembles one (D14): the API ignores it.
    CleApprochante {
        /// The key as posted.
        key: String,
        /// The field it resembles.
        field: Field,
    },
    /// A posted `api_version` other than `v1`, `v2`, `v3` or `""` (D14).
    ApiVersionInvalide {
        /// The value as posted.
        value: String,
    },
    /// A posted `source_organisme_id` that is not a non-empty string (D14): the API's schema
    /// refuses it before replacing it with the key's organisme.
    SourceOrganismeIdInvalide {
        /// The value as posted (`""`, a number, `un objet`…).
        value: String,
    },
    /// A required field missing from a posted object (D14): same code and message as
    /// [`Kind::ChampObligatoire`], with a hint in the API's terms (the key, dates `AAAA-MM-JJ`).
    CleObligatoire,
    /// [`Kind::TexteAttendu`] in a posted object (D14): same code, worded for the object's field
    /// rather than a cell, with a hint in JSON terms.
    CleTexteAttendu {
        /// The field whose value was posted.
        field: Field,
        /// The value as posted (`0`, `true`, `12`).
        value: String,
    },
    /// [`Kind::ContratIncomplet`] in a posted object (D14): same code and message, with a hint
    /// naming the keys to send or remove rather than columns.
    CleContratIncomplet {
        /// Which contract (1 to 4).
        contrat: u8,
    },
    /// A text holding invisible control characters (NUL, ESC…: never typed, they come from a
    /// damaged export or a copy from another program). Refused rather than sent, or stripped
    /// silently; the value without them is the safe correction.
    CaracteresDeControle {
        /// The characters found, as code points (`U+001B`), each once, in order.
        found: Vec<String>,
        /// The value without them.
        cleaned: String,
    },
}

/// One diagnostic of one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The field (column) concerned, or `None` for the whole line.
    pub field: Option<Field>,
    /// What it says.
    pub kind: Kind,
    /// The corrected cell text, where the engine knows the one meaning of a wrong value (D15, see
    /// [`crate::rules::suggestion`]); `None` for anything that would be a guess.
    pub suggestion: Option<crate::cell::Text>,
}

impl Diagnostic {
    /// A diagnostic on a field.
    pub fn on(field: Field, kind: Kind) -> Diagnostic {
        Diagnostic {
            field: Some(field),
            kind,
            suggestion: None,
        }
    }

    /// This diagnostic with a safe correction (D15), if there is one.
    #[must_use]
    pub fn suggesting(mut self, suggestion: Option<crate::cell::Text>) -> Diagnostic {
        self.suggestion = suggestion;
        self
    }

    /// A diagnostic on the whole line.
    pub fn line(kind: Kind) -> Diagnostic {
        Diagnostic {
            field: None,
            kind,
            suggestion: None,
        }
    }

    /// Whether it blocks the line.
    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The French message.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }

    /// A French hint saying how to fix it, where one helps.
    pub fn hint(&self) -> Option<String> {
        self.kind.hint(self.field)
    }
}

impl Kind {
    /// Whether it blocks the line.
    pub fn severity(&self) -> Severity {
        match self {
            Kind::ValeurIgnoree { .. }
            | Kind::CleSiretIncorrecte { .. }
            | Kind::CleUaiIncorrecte { .. }
            | Kind::Doublon { .. }
            | Kind::SansContrat
            | Kind::CleApprochante { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// The stable kebab-case code (D2).
    pub fn code(&self) -> &'static str {
        match self {
            Kind::CelluleEnErreur { .. } => "cellule-en-erreur",
            Kind::TexteAttendu { .. } | Kind::CleTexteAttendu { .. } => "texte-attendu",
            Kind::TexteTropCourt { .. } => "texte-trop-court",
            Kind::DateInvalide { .. } => "date-invalide",
            Kind::DateInexistante { .. } => "date-inexistante",
            Kind::AnneeScolaireInvalide { .. } => "annee-scolaire-invalide",
            Kind::StatutApprenantInvalide { .. } => "statut-apprenant-invalide",
            Kind::EmailInvalide { .. } => "email-invalide",
            Kind::TelephoneFormatInvalide { .. } => "telephone-format-invalide",
            Kind::TelephoneInvalide { .. } => "telephone-invalide",
            Kind::TelephoneSpecial { .. } => "telephone-special",
            Kind::NombreAttendu { .. } => "nombre-attendu",
            Kind::EntierAttendu { .. } => "entier-attendu",
            Kind::AnneeFormationHorsLimites { .. } => "annee-formation-hors-limites",
            Kind::RncpInvalide { .. } => "rncp-invalide",
            Kind::CodePostalInvalide { .. } => "code-postal-invalide",
            Kind::CodeInseeInvalide { .. } => "code-insee-invalide",
            Kind::SexeInvalide { .. } => "sexe-invalide",
            Kind::UaiInvalide { .. } => "uai-invalide",
            Kind::SiretInvalide { .. } => "siret-invalide",
            Kind::CfdInvalide { .. } => "cfd-invalide",
            Kind::DerniereSituationInvalide { .. } => "derniere-situation-invalide",
            Kind::DernierOrganismeUaiInvalide { .. } => "dernier-organisme-uai-invalide",
            Kind::TypeCfaInvalide { .. } => "type-cfa-invalide",
            Kind::ContratIncomplet { .. } | Kind::CleContratIncomplet { .. } => "contrat-incomplet",
            Kind::FinAvantEntree { .. } => "fin-formation-avant-entree",
            Kind::ValeurIgnoree { because, .. } => match because {
                IgnoredBecause::UnreadableDate => "date-ignoree",
                IgnoredBecause::UnreadableBoolean => "booleen-ignore",
                IgnoredBecause::SiretNot14Digits => "siret-ignore",
                IgnoredBecause::CodePostalNot5Digits => "code-postal-ignore",
                IgnoredBecause::DurationOutOfRange { .. } => "duree-ignoree",
                IgnoredBecause::ZeroInTextColumn => "zero-ignore",
            },
            Kind::CleSiretIncorrecte { .. } => "cle-siret-incorrecte",
            Kind::CleUaiIncorrecte { .. } => "cle-uai-incorrecte",
            Kind::Doublon { .. } => "doublon",
            Kind::SansContrat => "sans-contrat",
            Kind::DateNonIso { .. } => "date-non-iso",
            Kind::BooleenAttendu { .. } => "booleen-attendu",
            Kind::ValeurComposee { .. } => "valeur-composee",
            Kind::CleApprochante { .. } => "cle-approchante",
            Kind::ApiVersionInvalide { .. } => "api-version-invalide",
            Kind::SourceOrganismeIdInvalide { .. } => "source-organisme-id-invalide",
            Kind::ChampObligatoire | Kind::CleObligatoire => "champ-obligatoire",
            Kind::CaracteresDeControle { .. } => "caracteres-de-controle",
        }
    }

    /// The hint of a required field without a value: the cell to fill, or the key to send with
    /// the format the API reads.
    fn missing_hint(&self, field: Field) -> String {
        if *self == Kind::CleObligatoire {
            let format = if field.spec().value_type == crate::field::ValueType::Date {
                API_DATE_FORMAT
            } else {
                field.spec().format
            };
            format!("Envoyez la clé « {} » ({format}).", field.name())
        } else {
            format!("Renseignez « {} » ({}).", field.label(), field.spec().format)
        }
    }

    /// A French hint saying how to fix it.
    pub fn hint(&self, field: Option<Field>) -> Option<String> {
        let text = match self {
            Kind::ChampObligatoire | Kind::CleObligatoire => return field.map(|field| self.missing_hint(field)),
            Kind::CelluleEnErreur { .. } => "Corrigez la formule dans le fichier, ou remplacez-la par sa valeur.",
            Kind::TexteAttendu { .. } => "Saisissez ce champ comme du texte.",
            Kind::CleTexteAttendu { .. } => "Envoyez ce champ comme une chaîne de caractères JSON, entre guillemets.",
            Kind::DateInvalide { .. }
            | Kind::ValeurIgnoree {
                because: IgnoredBecause::UnreadableDate,
                ..
            } => "Écrivez la date au format JJ/MM/AAAA (ex. 05/09/2025) ou AAAA-MM-JJ.",
            Kind::DateInexistante { .. } => {
                "Vérifiez le jour et le mois : cette date n'existe pas dans le calendrier (ex. pas de 31/04 ni de 30/02)."
            }
            Kind::AnneeScolaireInvalide { .. } => "Écrivez l'année scolaire sous la forme 2025-2026.",
            Kind::StatutApprenantInvalide { .. } => {
                "Indiquez 0 pour un abandon, 2 pour un inscrit sans contrat, 3 pour un apprenti en contrat."
            }
            Kind::EmailInvalide { .. } => {
                "Vérifiez l'adresse : une seule @, pas d'espace ni d'accent, ex. prenom.nom@exemple.fr."
            }
            Kind::TelephoneFormatInvalide { .. } | Kind::TelephoneInvalide { .. } => {
                "Formats acceptés : 0612345678, 06 12 34 56 78 ou +33612345678."
            }
            Kind::TelephoneSpecial { .. } => {
                "Indiquez le numéro personnel de l'apprenant, pas un numéro surtaxé ou partagé."
            }
            Kind::NombreAttendu { .. } | Kind::EntierAttendu { .. } | Kind::AnneeFormationHorsLimites { .. } => {
                "L'année de formation est un chiffre de 0 à 5 (ex. 2 pour la 2e année d'un CAP)."
            }
            Kind::RncpInvalide { .. } => "Écrivez RNCP suivi de 2 à 5 chiffres (ex. RNCP35316), ou les chiffres seuls.",
            Kind::CodePostalInvalide { .. }
            | Kind::ValeurIgnoree {
                because: IgnoredBecause::CodePostalNot5Digits,
                ..
            } => "Un code postal a 5 chiffres (ex. 01000, 75001).",
            Kind::CodeInseeInvalide { .. } => {
                "Le code commune INSEE a 5 caractères : 2 chiffres (ou 2A, 2B pour la Corse) puis 3 chiffres, ex. 75056."
            }
            Kind::SexeInvalide { .. } => "Indiquez M ou H pour un homme, F pour une femme (ou 1 et 2), en majuscule.",
            Kind::UaiInvalide { .. } => "Un UAI a 7 chiffres suivis d'une lettre, ex. 0755805C.",
            Kind::SiretInvalide { .. }
            | Kind::ValeurIgnoree {
                because: IgnoredBecause::SiretNot14Digits,
                ..
            } => "Un SIRET a 14 chiffres (SIREN + NIC) ; les espaces, points et tirets sont acceptés.",
            Kind::CfdInvalide { .. } => "Le code CFD a 8 caractères, ex. 50022141.",
            Kind::DerniereSituationInvalide { .. } => {
                "Utilisez un code de 4 chiffres de la nomenclature SIFA, ex. 4101 pour une 1re année de BTS en apprentissage."
            }
            Kind::DernierOrganismeUaiInvalide { .. } => {
                "Indiquez l'UAI de l'établissement (7 chiffres et une lettre) ou le numéro de département (ex. 075, 2A, 974)."
            }
            Kind::TypeCfaInvalide { .. } => "Indiquez un code de 01 à 10 (ex. 09 pour un CFA associatif).",
            Kind::ContratIncomplet { .. } => {
                "Ajoutez la date de début du contrat, ou videz ses autres colonnes s'il n'y a pas de contrat."
            }
            Kind::CleContratIncomplet { contrat } => return Some(contract_keys_hint(*contrat)),
            Kind::FinAvantEntree { .. } => {
                "Vérifiez les dates d'entrée et de fin de formation : elles semblent inversées."
            }
            Kind::ValeurIgnoree {
                because: IgnoredBecause::UnreadableBoolean,
                ..
            } => "Écrivez Oui ou Non.",
            Kind::ValeurIgnoree {
                because: IgnoredBecause::DurationOutOfRange { .. },
                ..
            } => "Indiquez un nombre entier de mois, sans décimale.",
            Kind::ValeurIgnoree {
                because: IgnoredBecause::ZeroInTextColumn,
                ..
            } => "Si la valeur 0 est voulue, saisissez-la comme du texte ; sinon videz la cellule.",
            Kind::CleSiretIncorrecte { .. } | Kind::CleUaiIncorrecte { .. } => {
                "Vérifiez le numéro : un chiffre est peut-être faux ou inversé."
            }
            Kind::Doublon { .. } => "Gardez une seule ligne par apprenant et par année scolaire.",
            Kind::SansContrat => {
                "Sans date de contrat, un apprenti passe en « abandon » 3 mois après son entrée en formation. Renseignez les dates de contrat s'il y en a un."
            }
            Kind::DateNonIso { .. } => {
                "L'API n'accepte que les dates AAAA-MM-JJ (ex. 2025-09-05), éventuellement suivies d'une heure ISO 8601."
            }
            Kind::BooleenAttendu { .. } => "Envoyez true ou false (booléens JSON, sans guillemets).",
            Kind::ValeurComposee { .. } => "Envoyez un texte, un nombre ou un booléen.",
            Kind::CleApprochante { key, field } => {
                return Some(format!("Renommez la clé « {key} » en « {} ».", field.name()));
            }
            Kind::ApiVersionInvalide { .. } => "Retirez api_version, ou envoyez « v3 ».",
            Kind::SourceOrganismeIdInvalide { .. } => {
                "Retirez source_organisme_id : l'API le remplace par l'identifiant de l'organisme de la clé d'échange."
            }
            Kind::CaracteresDeControle { cleaned, .. } => {
                return Some(format!(
                    "Retapez la valeur sans ces caractères invisibles : « {cleaned} »."
                ));
            }
            Kind::TexteTropCourt { .. } => return None,
        };
        Some(text.to_owned())
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::ChampObligatoire | Kind::CleObligatoire => f.write_str("Champ obligatoire"),
            Kind::CelluleEnErreur { value } => write!(f, "La cellule contient une erreur de formule ({value})"),
            Kind::TexteAttendu { value } => write!(f, "Texte attendu (la cellule contient la valeur {value})"),
            Kind::CleTexteAttendu { field, value } => {
                write!(f, "Texte attendu (le champ « {} » vaut {value})", field.name())
            }
            Kind::TexteTropCourt { min: 1 } => f.write_str("Le texte ne doit pas être vide"),
            Kind::TexteTropCourt { min } => write!(f, "Le texte doit contenir au moins {min} caractères"),
            Kind::DateInvalide { value } => write!(f, "Date invalide : « {value} »"),
            Kind::DateInexistante { value } => write!(f, "Cette date n'existe pas : « {value} »"),
            Kind::AnneeScolaireInvalide { .. } => f.write_str(
                "Format invalide (format attendu : 2023-2024). Les années doivent être consécutives ou identiques (ex : 2023-2024 ou 2023-2023)",
            ),
            Kind::StatutApprenantInvalide { value } => write!(f, "Valeurs possibles : 0, 2 ou 3 (trouvé : « {value} »)"),
            Kind::EmailInvalide { value } => write!(f, "Email non valide : « {value} »"),
            Kind::TelephoneFormatInvalide { value } => write!(f, "Numéro de téléphone : format invalide (« {value} »)"),
            Kind::TelephoneInvalide { value } => write!(f, "Numéro de téléphone invalide : « {value} »"),
            Kind::TelephoneSpecial { value } => write!(f, "Numéro de téléphone est un numéro spécial : « {value} »"),
            Kind::NombreAttendu { value } => write!(f, "Nombre attendu (trouvé : « {value} »)"),
            Kind::EntierAttendu { value } => write!(f, "Nombre entier attendu (trouvé : « {value} »)"),
            Kind::AnneeFormationHorsLimites { value } if *value < 0 => {
                write!(f, "Le chiffre doit être supérieur ou égal à 0 (trouvé : {value})")
            }
            Kind::AnneeFormationHorsLimites { value } => {
                write!(f, "Le chiffre doit être inférieur ou égal à 5 (trouvé : {value})")
            }
            Kind::RncpInvalide { value } => write!(f, "Code RNCP invalide : « {value} »"),
            Kind::CodePostalInvalide { value } => {
                write!(f, "Le code postal doit faire 5 caractères numériques exactement (trouvé : « {value} »)")
            }
            Kind::CodeInseeInvalide { value } => write!(f, "Code commune INSEE : format invalide (« {value} »)"),
            Kind::SexeInvalide { value } => write!(f, "M, H ou F attendu (trouvé : « {value} »)"),
            Kind::UaiInvalide { value } => write!(f, "UAI invalide : « {value} »"),
            Kind::SiretInvalide { value } => write!(f, "Siret invalide. Format attendu : 14 chiffres (trouvé : « {value} »)"),
            Kind::CfdInvalide { value } => write!(f, "Code CFD invalide : « {value} »"),
            Kind::DerniereSituationInvalide { value } => {
                write!(f, "Code de dernière situation inconnu de la nomenclature SIFA : « {value} »")
            }
            Kind::DernierOrganismeUaiInvalide { value } => write!(f, "UAI ou département attendu (trouvé : « {value} »)"),
            Kind::TypeCfaInvalide { value } => write!(f, "Type de CFA invalide : « {value} » (valeurs possibles : 01 à 10)"),
            Kind::ContratIncomplet { contrat } | Kind::CleContratIncomplet { contrat } => {
                let suffix = contract_suffix(*contrat);
                write!(
                    f,
                    "Information de contrat incomplète : contrat_date_fin{suffix}, cause_rupture_contrat{suffix} ou contrat_date_rupture{suffix} nécessite la présence de contrat_date_debut{suffix}"
                )
            }
            Kind::FinAvantEntree { .. } => {
                f.write_str("La date de fin de formation doit être supérieure à la date d'entrée en formation")
            }
            Kind::ValeurIgnoree { because, value } => match because {
                IgnoredBecause::UnreadableDate => write!(f, "Valeur ignorée : « {value} » n'est pas une date"),
                IgnoredBecause::UnreadableBoolean => write!(f, "Valeur ignorée : « {value} » n'est ni Oui ni Non"),
                IgnoredBecause::SiretNot14Digits => {
                    write!(f, "Valeur ignorée : « {value} » n'est pas un SIRET de 14 chiffres")
                }
                IgnoredBecause::CodePostalNot5Digits => {
                    write!(f, "Valeur ignorée : « {value} » n'est pas un code postal de 5 chiffres")
                }
                IgnoredBecause::DurationOutOfRange { min, max } => {
                    write!(f, "Valeur ignorée : « {value} » n'est pas un nombre entier de {min} à {max}")
                }
                IgnoredBecause::ZeroInTextColumn => {
                    write!(f, "Valeur ignorée : « {value} » saisi comme nombre est traité comme une cellule vide")
                }
            },
            Kind::CleSiretIncorrecte { value } => {
                write!(f, "Clé de contrôle incorrecte, vérifiez le numéro SIRET « {value} »")
            }
            Kind::CleUaiIncorrecte { value } => write!(f, "Clé de contrôle incorrecte, vérifiez l'UAI « {value} »"),
            Kind::Doublon { other, count } => {
                write!(f, "Même apprenant, même année scolaire et même CFA formateur qu'à la ligne {other}")?;
                if *count > 2 {
                    let count = crate::french::group_thousands(u64::from(*count), ' ');
                    write!(f, " ({count} lignes en tout pour cet apprenant)")?;
                }
                Ok(())
            }
            Kind::SansContrat => f.write_str("Aucune date de début de contrat renseignée"),
            Kind::DateNonIso { value } => write!(f, "Date invalide : « {value} » (format attendu : AAAA-MM-JJ)"),
            Kind::BooleenAttendu { value } => write!(f, "Booléen attendu : true ou false (trouvé : « {value} »)"),
            Kind::ValeurComposee { value } => write!(f, "Valeur non prise en charge : {value}"),
            Kind::CleApprochante { key, field } => write!(
                f,
                "Clé « {key} » ignorée : l'API ne lit que le nom exact du champ, « {field} »"
            ),
            Kind::ApiVersionInvalide { value } => {
                write!(f, "api_version invalide : « {value} » (valeurs possibles : v1, v2, v3)")
            }
            Kind::SourceOrganismeIdInvalide { value } => write_source_organisme_id(f, value),
            Kind::CaracteresDeControle { found, cleaned } => write!(
                f,
                "Caractère{} de contrôle invisible{} ({}) dans « {cleaned} »",
                if found.len() > 1 { "s" } else { "" },
                if found.len() > 1 { "s" } else { "" },
                found.join(", ")
            ),
        }
    }
}

/// The hint of [`Kind::CleContratIncomplet`]: the contract's keys to send or remove.
fn contract_keys_hint(contrat: u8) -> String {
    let suffix = contract_suffix(contrat);
    format!(
        "Envoyez la clé « contrat_date_debut{suffix} », ou retirez les clés contrat_date_fin{suffix}, \
         cause_rupture_contrat{suffix} et contrat_date_rupture{suffix} s'il n'y a pas de contrat."
    )
}

/// The message of `source-organisme-id-invalide` (an empty value is not quoted).
fn write_source_organisme_id(f: &mut fmt::Formatter<'_>, value: &str) -> fmt::Result {
    if value.is_empty() {
        f.write_str("source_organisme_id vide (texte non vide attendu)")
    } else {
        write!(f, "source_organisme_id invalide : « {value} » (texte non vide attendu)")
    }
}

/// The format of a date an object must post: what the API reads (`docs/json-objects.md`), not
/// the cells a file may hold.
const API_DATE_FORMAT: &str = "date AAAA-MM-JJ, ex. 2025-09-05";

/// `""`, `_2`, `_3`, `_4`: the contract field suffix of contract `n`.
pub fn contract_suffix(contrat: u8) -> String {
    if contrat <= 1 {
        String::new()
    } else {
        format!("_{contrat}")
    }
}
