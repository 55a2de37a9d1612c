//! The field table: every field of the v3 "dossier apprenant", declared once.
//!
//! Name, presence per profile, value type, French label, the header spellings CFAs use, and the
//! texts of the official template all live here. The [`Field`] enum, the header matcher, the
//! template and the documentation are generated from this one table, so a field can never be known
//! to one part of the product and unknown to another.

/// When a field must be filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required by the API contract (and so by both profiles).
    Required,
    /// Optional for the API, required by the upload page (`televersement` profile, D1).
    RequiredForUpload,
    /// Optional.
    Optional,
    /// Required, but generated from the learner's identity when the file has no value (D7).
    Generated,
}

/// The kind of value a field holds, for forms and documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// Free or normalised text.
    Text,
    /// A calendar day, sent as `AAAA-MM-JJ`.
    Date,
    /// Oui / Non.
    Boolean,
    /// A whole number.
    Integer,
    /// A code with a fixed format (UAI, SIRET, code postal, RNCP…).
    Code,
}

impl ValueType {
    /// The stable name used in reports (`texte`, `date`, `booleen`, `entier`, `code`).
    pub fn as_str(self) -> &'static str {
        match self {
            ValueType::Text => "texte",
            ValueType::Date => "date",
            ValueType::Boolean => "booleen",
            ValueType::Integer => "entier",
            ValueType::Code => "code",
        }
    }
}

/// Everything known about one field.
#[derive(Debug)]
pub struct FieldSpec {
    /// The contract's name (`nom_apprenant`).
    pub name: &'static str,
    /// When it must be filled.
    pub presence: Presence,
    /// The kind of value.
    pub value_type: ValueType,
    /// A short French label for tables and messages.
    pub label: &'static str,
    /// Other French headers CFAs write for this column (matched like the label).
    pub synonyms: &'static [&'static str],
    /// The header of the official template (with its `*`/`**` marks), if the template has the column.
    pub template_header: Option<&'static str>,
    /// "Obligatoire" column of the template's description sheet.
    pub template_required: &'static str,
    /// What the field means.
    pub description: &'static str,
    /// The accepted format, in words.
    pub format: &'static str,
    /// An example value.
    pub example: &'static str,
}

macro_rules! fields {
    ($(
        $variant:ident = $name:literal, $presence:ident, $value_type:ident, $label:literal,
        [$($synonym:literal),* $(,)?], $template:expr, $required:expr,
        $description:expr, $format:expr, $example:expr;
    )*) => {
        /// A field of the v3 contract, in the contract's schema order (the order of diagnostics).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Field {
            $(
                #[doc = concat!("`", $name, "`: ", $label)]
                $variant,
            )*
        }

        static SPECS: &[FieldSpec] = &[$(
            FieldSpec {
                name: $name,
                presence: Presence::$presence,
                value_type: ValueType::$value_type,
                label: $label,
                synonyms: &[$($synonym),*],
                template_header: $template,
                template_required: $required,
                description: $description,
                format: $format,
                example: $example,
            },
        )*];

        impl Field {
            /// Every field, in schema order.
            pub const ALL: &'static [Field] = &[$(Field::$variant),*];
        }
    };
}

const DATE_FORMAT: &str = "Date : JJ/MM/AAAA ou AAAA-MM-JJ (une cellule au format date convient aussi)";
const SIRET_FORMAT: &str =
    "14 chiffres : les 9 chiffres du SIREN + 5 chiffres propres à l'établissement (espaces possibles)";
const UAI_FORMAT: &str = "7 chiffres suivis d'une lettre, ex. 0755805C";
const BOOLEAN_FORMAT: &str = "Oui / Non (ou VRAI / FAUX, 1 / 0)";
const EMAIL_FORMAT: &str = "Adresse électronique : texte@texte.texte";
const CONTRACT: &str = "Oui, s'il y a un contrat";
const IF_ANY: &str = "Oui, le cas échéant";

fields! {
    NomApprenant = "nom_apprenant", Required, Text, "Nom",
        ["Nom de famille", "Nom apprenant", "Nom de l'apprenant", "Nom d'usage", "Nom apprenti", "Nom de l'apprenti"],
        Some("nom_apprenant *"), "Oui",
        "Nom de famille de l'apprenant (nom d'usage).", "Texte, au moins 1 caractère", "Dupuis";
    PrenomApprenant = "prenom_apprenant", Required, Text, "Prénom",
        ["Prénom apprenant", "Prénom de l'apprenant", "Premier prénom", "Prénom apprenti", "Prénom de l'apprenti"],
        Some("prenom_apprenant *"), "Oui",
        "Prénom de l'apprenant (uniquement le premier prénom).", "Texte, au moins 1 caractère", "Gaston";
    DateDeNaissanceApprenant = "date_de_naissance_apprenant", Required, Date, "Date de naissance",
        ["Né le", "Née le", "Né(e) le", "Naissance", "Date naissance", "Date de naissance de l'apprenant"],
        Some("date_de_naissance_apprenant *"), "Oui",
        "Date de naissance de l'apprenant.", DATE_FORMAT, "24/01/1998";
    AnneeScolaire = "annee_scolaire", Required, Code, "Année scolaire",
        ["Année scolaire en cours"],
        Some("annee_scolaire *"), "Oui",
        "Année scolaire en cours pour l'apprenant.", "AAAA-AAAA, deux années identiques ou consécutives", "2024-2025";
    StatutApprenant = "statut_apprenant", Optional, Integer, "Statut déclaré",
        ["Statut apprenant", "Statut de l'apprenant"],
        None, "Non",
        "Statut déclaré par le CFA : 0 abandon, 2 inscrit sans contrat, 3 apprenti en contrat.", "0, 2 ou 3", "3";
    DateMetierMiseAJourStatut = "date_metier_mise_a_jour_statut", Optional, Date, "Date du statut déclaré",
        ["Date de mise à jour du statut", "Date statut"],
        None, "Non",
        "Date à laquelle le statut déclaré a pris effet.", DATE_FORMAT, "15/01/2025";
    IdErpApprenant = "id_erp_apprenant", Generated, Text, "Identifiant de l'apprenant",
        ["Identifiant apprenant", "Identifiant ERP", "Id apprenant", "Identifiant"],
        None, "Non",
        "Identifiant de l'apprenant dans votre logiciel. Laissé vide, il est calculé à partir du prénom, du nom et de la date de naissance, comme le fait la plateforme.", "Texte", "123456789";
    IneApprenant = "ine_apprenant", Optional, Code, "INE",
        ["Numéro INE", "Identifiant national élève", "INE apprenant"],
        Some("ine_apprenant"), "Non",
        "Identifiant National Élève. Si l'apprenant en possède deux, indiquez le dernier attribué.", "11 caractères", "1234567890A";
    EmailContact = "email_contact", RequiredForUpload, Text, "Courriel",
        ["Email", "E-mail", "Mail", "Courriel apprenant", "Email apprenant", "Adresse mail", "Adresse électronique"],
        Some("email_contact *"), "Oui",
        "Courriel de l'apprenant.", EMAIL_FORMAT, "gaston.dupuis@domain.tld";
    TelApprenant = "tel_apprenant", Optional, Code, "Téléphone",
        ["Tél", "Tel", "Téléphone apprenant", "Portable", "Numéro de téléphone", "Téléphone portable", "Mobile"],
        Some("tel_apprenant"), "Non",
        "Numéro de téléphone portable ou fixe de l'apprenant.", "10 chiffres commençant par 0 (espaces, tirets, points possibles) ou +33 suivi de 9 chiffres", "0612345678";
    LibelleCourtFormation = "libelle_court_formation", Optional, Text, "Libellé de la formation",
        ["Formation", "Intitulé de la formation", "Libellé formation", "Libellé court"],
        Some("libelle_court_formation"), "Non",
        "Libellé court de la formation.", "Texte, au moins 2 caractères", "CAP PATISSIER";
    AnneeFormation = "annee_formation", RequiredForUpload, Integer, "Année de formation",
        ["Année de la formation", "Année d'études"],
        Some("annee_formation *"), "Oui",
        "Année de formation concernée (se référer à la notice SIFA).", "Un chiffre de 0 à 5", "2";
    FormationRncp = "formation_rncp", Optional, Code, "Code RNCP",
        ["RNCP", "Code RNCP de la formation", "Fiche RNCP"],
        Some("formation_rncp *"), "Oui",
        "Code RNCP (Répertoire National des Certifications Professionnelles) de la formation suivie.", "RNCP suivi de 2 à 5 chiffres, ou les chiffres seuls", "RNCP12345";
    ContratDateDebut = "contrat_date_debut", Optional, Date, "Début du contrat",
        ["Date de début de contrat", "Date début contrat", "Début contrat", "Date de début du contrat"],
        Some("contrat_date_debut **"), CONTRACT,
        "Date de début du 1er contrat d'apprentissage (date du CERFA ou de la convention).", DATE_FORMAT, "11/01/2023";
    ContratDateFin = "contrat_date_fin", Optional, Date, "Fin du contrat",
        ["Date de fin de contrat", "Date fin contrat", "Fin contrat", "Date de fin du contrat"],
        Some("contrat_date_fin **"), CONTRACT,
        "Date de fin du 1er contrat d'apprentissage.", DATE_FORMAT, "11/06/2024";
    ContratDateRupture = "contrat_date_rupture", Optional, Date, "Rupture du contrat",
        ["Date de rupture", "Date rupture contrat", "Date de rupture du contrat"],
        Some("contrat_date_rupture **"), "Oui, s'il y a rupture dans le contrat d'apprentissage",
        "Date de rupture du 1er contrat d'apprentissage.", DATE_FORMAT, "11/06/2024";
    CustomStatutApprenant = "custom_statut_apprenant", Optional, Text, "Statut interne",
        ["Statut personnalisé"],
        None, "Non",
        "Statut de l'apprenant dans votre propre nomenclature (texte libre).", "Texte libre", "En contrat";
    AdresseApprenant = "adresse_apprenant", RequiredForUpload, Text, "Adresse",
        ["Adresse apprenant", "Adresse de l'apprenant", "Adresse postale"],
        Some("adresse_apprenant *"), "Oui",
        "Adresse principale actuelle de l'apprenant : numéro, voie, complément.", "Texte", "64 bis, route de Paris";
    CodePostalApprenant = "code_postal_apprenant", RequiredForUpload, Code, "Code postal",
        ["CP", "Code postal apprenant", "Code postal de l'apprenant"],
        Some("code_postal_apprenant *"), "Oui",
        "Code postal du lieu d'habitation de l'apprenant.", "5 chiffres", "44000";
    CodePostalDeNaissanceApprenant = "code_postal_de_naissance_apprenant", Optional, Code, "Code postal de naissance",
        ["CP de naissance", "CP naissance"],
        Some("code_postal_de_naissance_apprenant"), "Non",
        "Code postal du lieu de naissance de l'apprenant.", "5 chiffres", "44400";
    CodeCommuneInseeApprenant = "code_commune_insee_apprenant", Optional, Code, "Code commune INSEE",
        ["Code INSEE", "Commune INSEE", "Code INSEE de la commune"],
        None, "Non",
        "Code INSEE de la commune de résidence de l'apprenant.", "5 caractères : 2 chiffres (ou 2A, 2B) puis 3 chiffres", "75056";
    CodeCommuneInseeDeNaissanceApprenant = "code_commune_insee_de_naissance_apprenant", Optional, Code, "Code commune INSEE de naissance",
        ["Code INSEE de naissance", "Commune de naissance INSEE"],
        None, "Non",
        "Code INSEE de la commune de naissance de l'apprenant.", "5 caractères : 2 chiffres (ou 2A, 2B) puis 3 chiffres", "44109";
    SexeApprenant = "sexe_apprenant", RequiredForUpload, Code, "Sexe",
        ["Genre", "Civilité", "Sexe apprenant"],
        Some("sexe_apprenant *"), "Oui",
        "Sexe de l'apprenant.", "M ou H (homme), F (femme), ou 1 (homme), 2 (femme)", "F";
    RqthApprenant = "rqth_apprenant", Optional, Boolean, "RQTH",
        ["Travailleur handicapé", "Reconnaissance travailleur handicapé"],
        Some("rqth_apprenant"), "Non",
        "L'apprenant a-t-il la reconnaissance de la qualité de travailleur handicapé ?", BOOLEAN_FORMAT, "Oui";
    DateRqthApprenant = "date_rqth_apprenant", Optional, Date, "Date de la RQTH",
        ["Date RQTH"],
        Some("date_rqth_apprenant"), "Non",
        "Date de reconnaissance de la qualité de travailleur handicapé.", DATE_FORMAT, "22/08/2023";
    ResponsableApprenantMail1 = "responsable_apprenant_mail1", Optional, Text, "Courriel du 1er responsable légal",
        ["Email responsable 1", "Mail responsable 1", "Courriel responsable 1", "Email parent 1"],
        Some("responsable_apprenant_mail1"), "Non",
        "Courriel du 1er responsable légal de l'apprenant (parent ou tuteur).", EMAIL_FORMAT, "marc.dupuis@domain.tld";
    ResponsableApprenantMail2 = "responsable_apprenant_mail2", Optional, Text, "Courriel du 2e responsable légal",
        ["Email responsable 2", "Mail responsable 2", "Courriel responsable 2", "Email parent 2"],
        Some("responsable_apprenant_mail2"), "Non",
        "Courriel du 2e responsable légal de l'apprenant (parent ou tuteur).", EMAIL_FORMAT, "jeanne.dupuis@domain.tld";
    ObtentionDiplomeFormation = "obtention_diplome_formation", Optional, Boolean, "Diplôme obtenu",
        ["Obtention du diplôme"],
        Some("obtention_diplome_formation"), "Non",
        "Oui si le diplôme a été obtenu à l'issue de la formation, Non sinon ; vide si la formation est en cours.", BOOLEAN_FORMAT, "Oui";
    DateObtentionDiplomeFormation = "date_obtention_diplome_formation", Optional, Date, "Date d'obtention du diplôme",
        ["Date obtention diplôme", "Date du diplôme"],
        Some("date_obtention_diplome_formation"), "Non",
        "Date d'obtention du diplôme correspondant à la formation.", DATE_FORMAT, "28/09/2022";
    DateExclusionFormation = "date_exclusion_formation", Optional, Date, "Date d'exclusion ou d'abandon",
        ["Date d'exclusion", "Date d'abandon", "Date de sortie", "Date exclusion"],
        Some("date_exclusion_formation **"), "Oui, s'il y a une rupture de formation",
        "Date d'exclusion ou d'abandon de la formation (changement de CFA, exclusion…).", DATE_FORMAT, "28/09/2022";
    CauseExclusionFormation = "cause_exclusion_formation", Optional, Text, "Cause de l'exclusion",
        ["Motif d'exclusion", "Cause d'exclusion", "Motif d'abandon"],
        Some("cause_exclusion_formation"), "Non",
        "Cause de l'exclusion ou de l'abandon (texte libre).", "Texte libre", "Absences répétées et injustifiées";
    NomReferentHandicapFormation = "nom_referent_handicap_formation", Optional, Text, "Nom du référent handicap",
        ["Nom référent handicap"],
        Some("nom_referent_handicap_formation"), "Non",
        "Nom du référent handicap affecté à cette formation, s'il y en a un.", "Texte", "Dumas";
    PrenomReferentHandicapFormation = "prenom_referent_handicap_formation", Optional, Text, "Prénom du référent handicap",
        ["Prénom référent handicap"],
        Some("prenom_referent_handicap_formation"), "Non",
        "Prénom du référent handicap affecté à cette formation, s'il y en a un.", "Texte", "Sylvie";
    EmailReferentHandicapFormation = "email_referent_handicap_formation", Optional, Text, "Courriel du référent handicap",
        ["Email référent handicap", "Mail référent handicap"],
        Some("email_referent_handicap_formation"), "Non",
        "Courriel du référent handicap affecté à cette formation, s'il y en a un.", EMAIL_FORMAT, "sylvie.dumas@domain.tld";
    CauseRuptureContrat = "cause_rupture_contrat", Optional, Text, "Cause de la rupture",
        ["Motif de rupture", "Cause rupture contrat", "Motif de la rupture"],
        Some("cause_rupture_contrat"), "Non",
        "Cause de la rupture du 1er contrat d'apprentissage (texte libre).", "Texte libre", "Démission";
    ContratDateDebut2 = "contrat_date_debut_2", Optional, Date, "Début du contrat 2",
        ["Date de début de contrat 2", "Date début contrat 2", "Début contrat 2"],
        Some("contrat_date_debut_2 **"), IF_ANY,
        "Date de début du 2e contrat, après la rupture du 1er.", DATE_FORMAT, "11/01/2023";
    ContratDateFin2 = "contrat_date_fin_2", Optional, Date, "Fin du contrat 2",
        ["Date de fin de contrat 2", "Date fin contrat 2", "Fin contrat 2"],
        Some("contrat_date_fin_2 **"), IF_ANY,
        "Date de fin du 2e contrat.", DATE_FORMAT, "11/06/2024";
    ContratDateRupture2 = "contrat_date_rupture_2", Optional, Date, "Rupture du contrat 2",
        ["Date de rupture 2", "Date rupture contrat 2"],
        Some("contrat_date_rupture_2 **"), IF_ANY,
        "Date de rupture du 2e contrat.", DATE_FORMAT, "11/06/2024";
    CauseRuptureContrat2 = "cause_rupture_contrat_2", Optional, Text, "Cause de la rupture 2",
        ["Motif de rupture 2", "Cause rupture contrat 2"],
        Some("cause_rupture_contrat_2"), "Non",
        "Cause de la rupture du 2e contrat (texte libre).", "Texte libre", "Démission";
    ContratDateDebut3 = "contrat_date_debut_3", Optional, Date, "Début du contrat 3",
        ["Date de début de contrat 3", "Date début contrat 3", "Début contrat 3"],
        Some("contrat_date_debut_3 **"), IF_ANY,
        "Date de début du 3e contrat, après la rupture du 2e.", DATE_FORMAT, "11/01/2023";
    ContratDateFin3 = "contrat_date_fin_3", Optional, Date, "Fin du contrat 3",
        ["Date de fin de contrat 3", "Date fin contrat 3", "Fin contrat 3"],
        Some("contrat_date_fin_3 **"), IF_ANY,
        "Date de fin prévisionnelle du 3e contrat.", DATE_FORMAT, "11/06/2024";
    ContratDateRupture3 = "contrat_date_rupture_3", Optional, Date, "Rupture du contrat 3",
        ["Date de rupture 3", "Date rupture contrat 3"],
        Some("contrat_date_rupture_3 **"), IF_ANY,
        "Date de rupture du 3e contrat.", DATE_FORMAT, "11/06/2024";
    CauseRuptureContrat3 = "cause_rupture_contrat_3", Optional, Text, "Cause de la rupture 3",
        ["Motif de rupture 3", "Cause rupture contrat 3"],
        Some("cause_rupture_contrat_3"), "Non",
        "Cause de la rupture du 3e contrat (texte libre).", "Texte libre", "Démission";
    ContratDateDebut4 = "contrat_date_debut_4", Optional, Date, "Début du contrat 4",
        ["Date de début de contrat 4", "Date début contrat 4", "Début contrat 4"],
        Some("contrat_date_debut_4 **"), IF_ANY,
        "Date de début du 4e contrat, après la rupture du 3e.", DATE_FORMAT, "11/01/2023";
    ContratDateFin4 = "contrat_date_fin_4", Optional, Date, "Fin du contrat 4",
        ["Date de fin de contrat 4", "Date fin contrat 4", "Fin contrat 4"],
        Some("contrat_date_fin_4 **"), IF_ANY,
        "Date de fin prévisionnelle du 4e contrat.", DATE_FORMAT, "11/06/2024";
    ContratDateRupture4 = "contrat_date_rupture_4", Optional, Date, "Rupture du contrat 4",
        ["Date de rupture 4", "Date rupture contrat 4"],
        Some("contrat_date_rupture_4 **"), IF_ANY,
        "Date de rupture du 4e contrat.", DATE_FORMAT, "11/06/2024";
    CauseRuptureContrat4 = "cause_rupture_contrat_4", Optional, Text, "Cause de la rupture 4",
        ["Motif de rupture 4", "Cause rupture contrat 4"],
        Some("cause_rupture_contrat_4"), "Non",
        "Cause de la rupture du 4e contrat (texte libre).", "Texte libre", "Démission";
    SiretEmployeur = "siret_employeur", Optional, Code, "SIRET de l'employeur",
        ["SIRET employeur", "Siret entreprise", "SIRET de l'entreprise"],
        Some("siret_employeur **"), CONTRACT,
        "SIRET de l'employeur du 1er contrat d'apprentissage.", SIRET_FORMAT, "12345678901237";
    SiretEmployeur2 = "siret_employeur_2", Optional, Code, "SIRET de l'employeur 2",
        ["SIRET employeur 2", "Siret entreprise 2"],
        Some("siret_employeur_2 **"), IF_ANY,
        "SIRET de l'employeur du 2e contrat.", SIRET_FORMAT, "12345678901237";
    SiretEmployeur3 = "siret_employeur_3", Optional, Code, "SIRET de l'employeur 3",
        ["SIRET employeur 3", "Siret entreprise 3"],
        Some("siret_employeur_3 **"), IF_ANY,
        "SIRET de l'employeur du 3e contrat.", SIRET_FORMAT, "12345678901237";
    SiretEmployeur4 = "siret_employeur_4", Optional, Code, "SIRET de l'employeur 4",
        ["SIRET employeur 4", "Siret entreprise 4"],
        Some("siret_employeur_4 **"), IF_ANY,
        "SIRET de l'employeur du 4e contrat.", SIRET_FORMAT, "12345678901237";
    FormationPresentielle = "formation_presentielle", Optional, Boolean, "Formation en présentiel",
        ["Présentiel", "Formation présentielle"],
        Some("formation_presentielle"), "Non",
        "Non si la formation est suivie à 100 % à distance.", BOOLEAN_FORMAT, "Oui";
    DureeTheoriqueFormation = "duree_theorique_formation", Optional, Integer, "Durée théorique (années)",
        ["Durée théorique en années", "Durée formation années"],
        None, "Non",
        "Ancienne durée théorique de la formation, en années (préférez la durée en mois).", "Entier de 1 à 4", "2";
    DureeTheoriqueFormationMois = "duree_theorique_formation_mois", Optional, Integer, "Durée théorique (mois)",
        ["Durée théorique", "Durée de la formation", "Durée formation", "Durée en mois", "Durée théorique en mois"],
        Some("duree_theorique_formation_mois *"), "Oui",
        "Durée théorique de la formation, de l'inscription au diplôme, en mois.", "Entier de 1 à 48", "12";
    DateInscriptionFormation = "date_inscription_formation", Required, Date, "Date d'inscription",
        ["Date inscription", "Inscrit le", "Date d'inscription en formation"],
        Some("date_inscription_formation *"), "Oui",
        "Date à laquelle le jeune s'est inscrit sur sa formation (avec ou sans contrat).", DATE_FORMAT, "28/09/2022";
    DateEntreeFormation = "date_entree_formation", Required, Date, "Date d'entrée en formation",
        ["Date d'entrée", "Date entrée", "Date de début de formation", "Début de formation", "Date début formation"],
        Some("date_entree_formation *"), "Oui",
        "Date à laquelle le jeune a démarré sa formation (avec ou sans contrat).", DATE_FORMAT, "28/09/2022";
    DateFinFormation = "date_fin_formation", Required, Date, "Date de fin de formation",
        ["Date de fin", "Fin de formation", "Date fin formation", "Date de fin prévue"],
        Some("date_fin_formation *"), "Oui",
        "Date de fin prévisionnelle de la formation.", DATE_FORMAT, "30/06/2025";
    EtablissementResponsableUai = "etablissement_responsable_uai", Required, Code, "UAI du CFA responsable",
        ["UAI responsable", "UAI établissement responsable", "UAI du responsable", "UAI gestionnaire"],
        Some("etablissement_responsable_uai *"), "Oui",
        "Code UAI de l'établissement signataire du contrat d'apprentissage, responsable de la gestion de la formation.", UAI_FORMAT, "0755805C";
    EtablissementResponsableSiret = "etablissement_responsable_siret", Required, Code, "SIRET du CFA responsable",
        ["SIRET responsable", "SIRET établissement responsable", "SIRET du responsable", "SIRET gestionnaire"],
        Some("etablissement_responsable_siret *"), "Oui",
        "SIRET de l'établissement responsable de la gestion de la formation.", SIRET_FORMAT, "77568013501139";
    EtablissementFormateurUai = "etablissement_formateur_uai", Required, Code, "UAI du CFA formateur",
        ["UAI formateur", "UAI établissement formateur", "UAI du formateur"],
        Some("etablissement_formateur_uai *"), "Oui",
        "Code UAI de l'établissement qui accueille et forme l'apprenant (le même que le responsable s'il forme lui-même).", UAI_FORMAT, "0802004U";
    EtablissementFormateurSiret = "etablissement_formateur_siret", Required, Code, "SIRET du CFA formateur",
        ["SIRET formateur", "SIRET établissement formateur", "SIRET du formateur"],
        Some("etablissement_formateur_siret *"), "Oui",
        "SIRET de l'établissement formateur.", SIRET_FORMAT, "77937827200016";
    EtablissementLieuDeFormationUai = "etablissement_lieu_de_formation_uai", Optional, Code, "UAI du lieu de formation",
        ["UAI lieu de formation", "UAI lieu formation"],
        Some("etablissement_lieu_de_formation_uai"), "Non",
        "Code UAI du lieu où se déroule la formation, s'il diffère du formateur.", UAI_FORMAT, "0802004U";
    EtablissementLieuDeFormationSiret = "etablissement_lieu_de_formation_siret", Optional, Code, "SIRET du lieu de formation",
        ["SIRET lieu de formation", "SIRET lieu formation"],
        Some("etablissement_lieu_de_formation_siret"), "Non",
        "SIRET du lieu de formation.", SIRET_FORMAT, "77937827200016";
    EtablissementLieuDeFormationAdresse = "etablissement_lieu_de_formation_adresse", Optional, Text, "Adresse du lieu de formation",
        ["Adresse lieu de formation", "Adresse lieu formation"],
        Some("etablissement_lieu_de_formation_adresse"), "Non",
        "Adresse principale du lieu de formation.", "Texte", "64 bis, route de Paris";
    EtablissementLieuDeFormationCodePostal = "etablissement_lieu_de_formation_code_postal", Optional, Code, "Code postal du lieu de formation",
        ["CP lieu de formation", "Code postal lieu de formation", "Code postal lieu formation"],
        Some("etablissement_lieu_de_formation_code_postal"), "Non",
        "Code postal du lieu de formation.", "5 chiffres", "44000";
    FormationCfd = "formation_cfd", Optional, Code, "Code CFD",
        ["CFD", "Code diplôme", "Code formation diplôme"],
        Some("formation_cfd"), "Non",
        "Code formation diplôme (CFD) de la formation suivie.", "8 caractères, ex. 50022141", "50022145";
    DerniereSituation = "derniere_situation", Optional, Integer, "Dernière situation (SIFA)",
        ["Situation N-1", "Situation l'année dernière", "SIT_N_1"],
        Some("derniere_situation"), "Non",
        "Situation de l'apprenant l'année précédente, codée selon la nomenclature SIFA (SIT_N_1).", "4 chiffres de la nomenclature SIFA", "4101";
    DernierOrganismeUai = "dernier_organisme_uai", Optional, Code, "Dernier établissement fréquenté",
        ["UAI N-1", "Établissement N-1", "ETAB_N_1", "UAI de l'établissement fréquenté l'année dernière"],
        Some("dernier_organisme_uai"), "Non",
        "UAI de l'établissement fréquenté l'année précédente, ou numéro de département (SIFA ETAB_N_1).", "7 chiffres et une lettre, ou numéro de département", "0123456A";
    TypeCfa = "type_cfa", Optional, Code, "Type de CFA",
        ["Type CFA", "TYPE_CFA"],
        Some("type_cfa"), "Non",
        "Type de CFA au sens de SIFA : 01 public (éducation nationale), 02 public (enseignement supérieur), 03 public agricole, 04 collectivité territoriale, 05 autre public, 06 consulaire, 07 de branche, 08 d'entreprise, 09 associatif, 10 autre privé.", "01 à 10", "09";
    NirApprenant = "nir_apprenant", Optional, Code, "NIR",
        ["Numéro de sécurité sociale", "N° de sécurité sociale"],
        None, "Non",
        "Numéro de sécurité sociale de l'apprenant. La plateforme ne le conserve pas : elle retient seulement qu'il a été fourni.", "13 chiffres et la clé", "";
}

/// The columns of the official upload template, in its order (`modele-import-29012025.xlsx`).
pub const TEMPLATE_ORDER: &[Field] = &[
    Field::NomApprenant,
    Field::PrenomApprenant,
    Field::DateDeNaissanceApprenant,
    Field::SexeApprenant,
    Field::CodePostalDeNaissanceApprenant,
    Field::EmailContact,
    Field::AdresseApprenant,
    Field::CodePostalApprenant,
    Field::IneApprenant,
    Field::TelApprenant,
    Field::RqthApprenant,
    Field::DateRqthApprenant,
    Field::ResponsableApprenantMail1,
    Field::ResponsableApprenantMail2,
    Field::DernierOrganismeUai,
    Field::DerniereSituation,
    Field::TypeCfa,
    Field::EtablissementResponsableUai,
    Field::EtablissementResponsableSiret,
    Field::EtablissementFormateurUai,
    Field::EtablissementFormateurSiret,
    Field::EtablissementLieuDeFormationUai,
    Field::EtablissementLieuDeFormationSiret,
    Field::EtablissementLieuDeFormationAdresse,
    Field::EtablissementLieuDeFormationCodePostal,
    Field::AnneeScolaire,
    Field::AnneeFormation,
    Field::FormationRncp,
    Field::FormationCfd,
    Field::DateInscriptionFormation,
    Field::DateEntreeFormation,
    Field::DateFinFormation,
    Field::DureeTheoriqueFormationMois,
    Field::LibelleCourtFormation,
    Field::ObtentionDiplomeFormation,
    Field::DateObtentionDiplomeFormation,
    Field::DateExclusionFormation,
    Field::CauseExclusionFormation,
    Field::FormationPresentielle,
    Field::NomReferentHandicapFormation,
    Field::PrenomReferentHandicapFormation,
    Field::EmailReferentHandicapFormation,
    Field::ContratDateDebut,
    Field::ContratDateFin,
    Field::SiretEmployeur,
    Field::ContratDateRupture,
    Field::CauseRuptureContrat,
    Field::ContratDateDebut2,
    Field::ContratDateFin2,
    Field::SiretEmployeur2,
    Field::ContratDateRupture2,
    Field::CauseRuptureContrat2,
    Field::ContratDateDebut3,
    Field::ContratDateFin3,
    Field::SiretEmployeur3,
    Field::ContratDateRupture3,
    Field::CauseRuptureContrat3,
    Field::ContratDateDebut4,
    Field::ContratDateFin4,
    Field::SiretEmployeur4,
    Field::ContratDateRupture4,
    Field::CauseRuptureContrat4,
];

/// The four contract slots: début, fin, rupture, cause, SIRET employeur (suffix "", `_2`, `_3`, `_4`).
pub const CONTRACT_SLOTS: [[Field; 5]; 4] = [
    [
        Field::ContratDateDebut,
        Field::ContratDateFin,
        Field::ContratDateRupture,
        Field::CauseRuptureContrat,
        Field::SiretEmployeur,
    ],
    [
        Field::ContratDateDebut2,
        Field::ContratDateFin2,
        Field::ContratDateRupture2,
        Field::CauseRuptureContrat2,
        Field::SiretEmployeur2,
    ],
    [
        Field::ContratDateDebut3,
        Field::ContratDateFin3,
        Field::ContratDateRupture3,
        Field::CauseRuptureContrat3,
        Field::SiretEmployeur3,
    ],
    [
        Field::ContratDateDebut4,
        Field::ContratDateFin4,
        Field::ContratDateRupture4,
        Field::CauseRuptureContrat4,
        Field::SiretEmployeur4,
    ],
];

impl Field {
    /// The number of fields.
    pub const COUNT: usize = Field::ALL.len();

    /// Everything the table says about this field.
    pub fn spec(self) -> &'static FieldSpec {
        &SPECS[self as usize]
    }

    /// The contract's name of the field.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The short French label.
    pub fn label(self) -> &'static str {
        self.spec().label
    }

    /// The field with this exact contract name.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|field| field.name() == name)
    }

    /// The position of the field in [`Field::ALL`], for per-field arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A set of fields, one bit each (two words rather than a `u128`, whose shifts WebAssembly does
/// in a function call).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct FieldSet([u64; 2]);

const _: () = assert!(Field::COUNT <= 2 * u64::BITS as usize, "a field's bit in a `FieldSet`");

impl FieldSet {
    /// Adds `field`.
    pub(crate) fn insert(&mut self, field: Field) {
        self.0[field.index() / 64] |= 1 << (field.index() % 64);
    }

    /// How many fields the set holds.
    pub(crate) fn len(self) -> usize {
        (self.0[0].count_ones() + self.0[1].count_ones()) as usize
    }

    /// The fields of both sets.
    pub(crate) fn union(self, other: FieldSet) -> FieldSet {
        FieldSet([self.0[0] | other.0[0], self.0[1] | other.0[1]])
    }

    /// The two words: field `i` is bit `i % 64` of word `i / 64`.
    pub(crate) fn words(self) -> [u64; 2] {
        self.0
    }

    /// The fields, in schema order.
    pub(crate) fn iter(self) -> impl Iterator<Item = Field> {
        let [mut low, mut high] = self.0;
        std::iter::from_fn(move || {
            let index = if low != 0 {
                let index = low.trailing_zeros() as usize;
                low &= low - 1;
                index
            } else if high != 0 {
                let index = high.trailing_zeros() as usize + 64;
                high &= high - 1;
                index
            } else {
                return None;
            };
            Field::ALL.get(index).copied()
        })
    }
}

impl FromIterator<Field> for FieldSet {
    fn from_iter<I: IntoIterator<Item = Field>>(fields: I) -> FieldSet {
        let mut set = FieldSet::default();
        for field in fields {
            set.insert(field);
        }
        set
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        for (index, field) in Field::ALL.iter().enumerate() {
            assert_eq!(field.index(), index);
            assert_eq!(Field::from_name(field.name()), Some(*field));
        }
        assert_eq!(Field::COUNT, 70);
        let in_template: Vec<Field> = Field::ALL
            .iter()
            .copied()
            .filter(|field| field.spec().template_header.is_some())
            .collect();
        assert_eq!(in_template.len(), TEMPLATE_ORDER.len());
        for field in TEMPLATE_ORDER {
            assert!(field.spec().template_header.is_some(), "{field} has no template header");
        }
    }
}
