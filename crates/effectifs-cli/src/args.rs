//! Command-line arguments, with French error messages.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{Parser, Subcommand, ValueEnum};
use effectifs_core::{Date, Mois, Profile};

#[derive(Debug, Parser)]
#[command(
    name = "effectifs",
    version,
    about = "Vérifie un fichier d'effectifs d'un CFA avant sa transmission au Tableau de bord de l'apprentissage."
)]
struct Cli {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, Subcommand)]
enum Sub {
    /// Vérifie un fichier (xlsx, xlsm, xlsb, xls, ods, csv) ligne par ligne.
    Check {
        /// Le fichier à vérifier.
        fichier: PathBuf,
        /// Le profil de validation : televersement (par défaut) ou api.
        #[arg(long, value_enum, default_value_t = ProfileArg::Televersement)]
        profile: ProfileArg,
        /// La date d'évaluation des statuts, AAAA-MM-JJ (par défaut : aujourd'hui, heure de Paris).
        #[arg(long)]
        today: Option<String>,
        /// Le format de sortie : human (par défaut) ou json.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// La feuille à lire, pour un classeur qui en a plusieurs.
        #[arg(long)]
        sheet: Option<String>,
        /// Écrit aussi une copie annotée du fichier (.xlsx) : cellules en erreur surlignées, message et conseil en
        /// commentaire, colonne « État », feuille « Erreurs » et feuille « Indicateurs » (ce que le Tableau de bord
        /// affichera, mois par mois).
        #[arg(long, value_name = "SORTIE.xlsx")]
        annote: Option<PathBuf>,
        /// Applique une recette (.json, voir docs/recipe.md) avant la vérification : correspondance des colonnes,
        /// valeurs pour toutes les lignes, remplacements.
        #[arg(long, value_name = "FICHIER.json")]
        recette: Option<PathBuf>,
    },
    /// Montre, fin de mois par fin de mois, ce que le Tableau de bord affichera une fois les lignes valides envoyées :
    /// apprenants, apprentis, inscrits sans contrat, rupturants et abandons, en tout et par formation.
    Indicateurs {
        /// Le fichier à lire.
        fichier: PathBuf,
        /// Le premier mois, AAAA-MM (par défaut : le début de la plus ancienne année scolaire du fichier).
        #[arg(long, value_name = "AAAA-MM")]
        du: Option<String>,
        /// Le dernier mois, AAAA-MM (par défaut : la fin de la plus récente année scolaire du fichier).
        #[arg(long, value_name = "AAAA-MM")]
        au: Option<String>,
        /// Le format de sortie : human (par défaut), json ou csv.
        #[arg(long, value_enum, default_value_t = SeriesFormat::Human)]
        format: SeriesFormat,
        /// Le profil de validation : televersement (par défaut) ou api.
        #[arg(long, value_enum, default_value_t = ProfileArg::Televersement)]
        profile: ProfileArg,
        /// La feuille à lire, pour un classeur qui en a plusieurs.
        #[arg(long)]
        sheet: Option<String>,
        /// Applique une recette (.json, voir docs/recipe.md) avant le calcul.
        #[arg(long, value_name = "FICHIER.json")]
        recette: Option<PathBuf>,
    },
    /// Écrit le modèle Excel vierge.
    Template {
        /// Le fichier à écrire.
        #[arg(long, default_value = "modele-effectifs.xlsx")]
        out: PathBuf,
    },
    /// Vérifie un fichier puis envoie ses lignes valides au Tableau de bord (API v3), par lots.
    Send(SendArgs),
    /// Lance le bac à sable : une copie locale de l'API du Tableau de bord, pour essayer sans rien transmettre.
    Sandbox(SandboxArgs),
    /// Sert l'application web et relaie /api vers l'API (par défaut : un bac à sable local).
    Serve(ServeArgs),
}

#[derive(Debug, clap::Args)]
struct SendArgs {
    /// Le fichier à envoyer.
    fichier: PathBuf,
    /// Le fichier qui contient la clé d'échange (jamais la clé elle-même sur la ligne de commande).
    #[arg(long, value_name = "FICHIER", conflicts_with = "key_env")]
    key_file: Option<PathBuf>,
    /// La variable d'environnement qui contient la clé d'échange.
    #[arg(long, value_name = "VARIABLE")]
    key_env: Option<String>,
    /// L'adresse de l'API (se termine par /api).
    #[arg(long, value_name = "URL", default_value = effectifs_send::DEFAULT_BASE)]
    base: String,
    /// Le nombre de lignes par lot (2000 au plus).
    #[arg(long, value_name = "N", default_value_t = 2000, value_parser = clap::value_parser!(u64).range(1..=2000))]
    batch: u64,
    /// Affiche ce qui serait envoyé, sans rien envoyer.
    #[arg(long)]
    dry_run: bool,
    /// Le format de sortie : human (par défaut) ou json.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Le profil de validation : televersement (par défaut) ou api.
    #[arg(long, value_enum, default_value_t = ProfileArg::Televersement)]
    profile: ProfileArg,
    /// La date d'évaluation des statuts, AAAA-MM-JJ (par défaut : aujourd'hui, heure de Paris).
    #[arg(long)]
    today: Option<String>,
    /// La feuille à lire, pour un classeur qui en a plusieurs.
    #[arg(long)]
    sheet: Option<String>,
    /// Applique une recette (.json, voir docs/recipe.md) avant la vérification et l'envoi.
    #[arg(long, value_name = "FICHIER.json")]
    recette: Option<PathBuf>,
    /// Le fichier d'état de l'envoi : une reprise après interruption ne renvoie pas les lots déjà acceptés.
    #[arg(long, value_name = "FICHIER")]
    state: Option<PathBuf>,
    /// Le nombre de nouveaux essais d'une requête après une erreur du serveur ou du réseau.
    #[arg(long, value_name = "N", default_value_t = 5)]
    retries: u32,
    /// Premier délai d'attente avant un nouvel essai, en millisecondes (il double ensuite).
    #[arg(long, value_name = "MS", default_value_t = 1000, hide = true)]
    backoff_ms: u64,
    /// Délai maximal d'une requête, en secondes.
    #[arg(long, value_name = "S", default_value_t = 300, hide = true)]
    timeout: u64,
}

#[derive(Debug, clap::Args)]
struct SandboxArgs {
    /// L'adresse d'écoute.
    #[arg(long, default_value = "127.0.0.1:8787")]
    listen: String,
    /// Une clé d'échange acceptée (répétable) ; sans elle, une clé de démonstration est générée.
    #[arg(long, value_name = "CLE")]
    key: Vec<String>,
    /// Le fichier de base de données (.sqlite) où sont enregistrés les dossiers acceptés (par défaut : dans le
    /// dossier de données de l'utilisateur). Il contient des données personnelles.
    #[arg(long, value_name = "FICHIER")]
    db: Option<PathBuf>,
    /// Le nombre de requêtes par minute et par clé avant une réponse 429.
    #[arg(long, value_name = "N")]
    rate: Option<u32>,
    /// La part (de 0 à 1) des envois qui échouent exprès (erreur 500 ou connexion coupée).
    #[arg(long, value_name = "PART", default_value_t = 0.0, value_parser = parse_fail_rate)]
    fail_rate: f64,
    /// Un délai ajouté à chaque réponse, en millisecondes.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    latency: u64,
    /// Affiche les dossiers enregistrés, un objet JSON par ligne, tels que reçus, puis s'arrête.
    #[arg(long)]
    list: bool,
    /// La graine des pannes simulées.
    #[arg(long, hide = true)]
    seed: Option<u64>,
    #[command(flatten)]
    timeouts: TimeoutArgs,
}

/// How long a client may take (hidden: the defaults suit; tests make them short).
#[derive(Debug, Clone, Copy, clap::Args)]
struct TimeoutArgs {
    /// Délai pour recevoir les en-têtes d'une requête (et attente maximale d'une connexion inactive), en ms.
    #[arg(long, value_name = "MS", default_value_t = 30_000, hide = true)]
    header_timeout_ms: u64,
    /// Délai maximal sans données pendant la réception du corps d'une requête, en ms.
    #[arg(long, value_name = "MS", default_value_t = 30_000, hide = true)]
    body_timeout_ms: u64,
}

impl TimeoutArgs {
    fn timeouts(self) -> effectifs_sandbox::Timeouts {
        effectifs_sandbox::Timeouts {
            header_read: std::time::Duration::from_millis(self.header_timeout_ms.max(1)),
            body_idle: std::time::Duration::from_millis(self.body_timeout_ms.max(1)),
        }
    }
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// L'adresse d'écoute.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// Le dossier de l'application web construite.
    #[arg(long, default_value = "dist")]
    dir: PathBuf,
    #[arg(
        long,
        value_name = "URL",
        help = "L'API vers laquelle relayer /api (par exemple https://cfas.apprentissage.beta.gouv.fr/api) ; \
                sans elle, un bac à sable local est lancé."
    )]
    upstream: Option<String>,
    /// Le fichier de base de données (.sqlite) du bac à sable local (par défaut : dans le dossier de données de
    /// l'utilisateur). Il contient des données personnelles.
    #[arg(long, value_name = "FICHIER")]
    db: Option<PathBuf>,
    /// Délai maximal d'une requête relayée vers l'API, en ms.
    #[arg(long, value_name = "MS", default_value_t = 300_000, hide = true)]
    upstream_timeout_ms: u64,
    #[command(flatten)]
    timeouts: TimeoutArgs,
}

fn parse_fail_rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err("une part entre 0 et 1 est attendue (par exemple 0.2)".to_owned()),
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ProfileArg {
    Televersement,
    Api,
}

/// The output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable summary and the problems line by line, in French.
    Human,
    /// The stable JSON report.
    Json,
}

/// The output format of `indicateurs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeriesFormat {
    /// A table in French.
    #[value(help = "un tableau en français, une ligne par fin de mois")]
    Human,
    /// An array of objects shaped like the report's `summary.indicateurs`.
    #[value(help = "un tableau JSON d'objets de la forme de summary.indicateurs du rapport")]
    Json,
    /// One row per month and scope (the whole file, then each formation).
    #[value(help = "une ligne par mois pour l'ensemble, puis par formation (séparateur « ; »)")]
    Csv,
}

/// Options of `effectifs indicateurs`.
#[derive(Debug)]
pub struct SeriesOptions {
    /// The file, profile and sheet, read as `check` reads them (evaluation day: today).
    pub check: CheckOptions,
    pub du: Option<Mois>,
    pub au: Option<Mois>,
    pub format: SeriesFormat,
}

/// Options of `effectifs check`.
#[derive(Debug)]
pub struct CheckOptions {
    pub file: PathBuf,
    pub profile: Profile,
    pub today: Date,
    pub format: Format,
    pub sheet: Option<String>,
    /// `check --annote`: where to write the annotated workbook.
    pub annotate: Option<PathBuf>,
    /// `--recette`: the recipe applied before validation (D15).
    pub recipe: Option<effectifs_core::Recipe>,
}

/// Where the exchange key is read from (never from the command line itself).
#[derive(Debug, Clone)]
pub enum KeySource {
    /// A file holding the key.
    File(PathBuf),
    /// An environment variable holding the key.
    Env(String),
    /// None given (allowed with `--dry-run` only).
    None,
}

/// Options of `effectifs send`.
#[derive(Debug)]
pub struct SendOptions {
    pub check: CheckOptions,
    pub key: KeySource,
    pub base: String,
    pub batch: usize,
    pub dry_run: bool,
    pub state: Option<PathBuf>,
    pub retries: u32,
    pub backoff_ms: u64,
    pub timeout_s: u64,
}

/// Options of `effectifs sandbox`.
#[derive(Debug)]
pub struct SandboxOptions {
    pub listen: String,
    pub keys: Vec<String>,
    /// `None`: the default file in the user's data directory.
    pub db: Option<PathBuf>,
    pub rate: Option<u32>,
    pub fail_rate: f64,
    pub latency_ms: u64,
    pub list: bool,
    pub seed: Option<u64>,
    pub timeouts: effectifs_sandbox::Timeouts,
}

/// Options of `effectifs serve`.
#[derive(Debug)]
pub struct ServeOptions {
    pub listen: String,
    pub dir: PathBuf,
    pub upstream: Option<String>,
    /// `None`: the default file in the user's data directory.
    pub db: Option<PathBuf>,
    pub upstream_timeout: std::time::Duration,
    pub timeouts: effectifs_sandbox::Timeouts,
}

/// A parsed command.
#[derive(Debug)]
pub enum Command {
    Check(CheckOptions),
    Indicateurs(SeriesOptions),
    Template { out: PathBuf },
    Send(SendOptions),
    Sandbox(SandboxOptions),
    Serve(ServeOptions),
}

/// Parses the arguments; on error or `--help`, prints in French and returns the exit code.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, ExitCode> {
    let cli = Cli::try_parse_from(args).map_err(|error| {
        let french = match error.kind() {
            ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                let _ = error.print();
                return if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                };
            }
            ErrorKind::InvalidValue => "valeur non reconnue",
            ErrorKind::UnknownArgument => "option inconnue",
            ErrorKind::InvalidSubcommand => "commande inconnue (commandes : check, indicateurs, template, send, sandbox, serve)",
            ErrorKind::MissingRequiredArgument => "argument obligatoire manquant",
            ErrorKind::MissingSubcommand => "commande manquante (commandes : check, indicateurs, template, send, sandbox, serve)",
            ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => "arguments incompatibles ou en trop",
            _ => "arguments incorrects",
        };
        let detail = error.render().to_string();
        let detail = detail.lines().next().unwrap_or_default().trim_start_matches("error: ");
        if detail.contains("'--key'") {
            // `send --key`: the key is never taken on the command line, where shells and process lists keep it.
            crate::terminal::err(&format!(
                "Erreur : {french} ({detail}).\nLa clé d'échange ne se donne jamais en clair sur la ligne de commande : \
                 utilisez --key-file FICHIER ou --key-env VARIABLE."
            ));
            return ExitCode::from(2);
        }
        crate::terminal::err(&format!("Erreur : {french} ({detail}).\nAide : effectifs --help"));
        ExitCode::from(2)
    })?;
    match cli.command {
        Sub::Check {
            fichier,
            profile,
            today,
            format,
            sheet,
            annote,
            recette,
        } => {
            let mut options = check_options(fichier, profile, today.as_deref(), format, sheet)?;
            options.annotate = annote.map(annotated_path).transpose()?;
            options.recipe = recette.as_deref().map(read_recipe).transpose()?;
            Ok(Command::Check(options))
        }
        Sub::Indicateurs {
            fichier,
            du,
            au,
            format,
            profile,
            sheet,
            recette,
        } => {
            let month = |option: &str, text: Option<String>| {
                text.map(|text| {
                    Mois::parse(&text).ok_or_else(|| {
                        eprintln!("Erreur : mois invalide pour {option} « {text} » (format attendu : AAAA-MM).");
                        ExitCode::from(2)
                    })
                })
                .transpose()
            };
            let mut check = check_options(fichier, profile, None, Format::Json, sheet)?;
            check.recipe = recette.as_deref().map(read_recipe).transpose()?;
            Ok(Command::Indicateurs(SeriesOptions {
                du: month("--du", du)?,
                au: month("--au", au)?,
                check,
                format,
            }))
        }
        Sub::Template { out } => Ok(Command::Template { out }),
        Sub::Send(args) => send_options(args).map(Command::Send),
        Sub::Sandbox(args) => Ok(Command::Sandbox(SandboxOptions {
            listen: args.listen,
            keys: args.key,
            db: args.db,
            rate: args.rate,
            fail_rate: args.fail_rate,
            latency_ms: args.latency,
            list: args.list,
            seed: args.seed,
            timeouts: args.timeouts.timeouts(),
        })),
        Sub::Serve(args) => Ok(Command::Serve(ServeOptions {
            listen: args.listen,
            dir: args.dir,
            upstream: args.upstream,
            db: args.db,
            upstream_timeout: std::time::Duration::from_millis(args.upstream_timeout_ms.max(1)),
            timeouts: args.timeouts.timeouts(),
        })),
    }
}

fn send_options(args: SendArgs) -> Result<SendOptions, ExitCode> {
    let key = match (args.key_file, args.key_env) {
        (Some(path), _) => KeySource::File(path),
        (None, Some(variable)) => KeySource::Env(variable),
        (None, None) if args.dry_run => KeySource::None,
        (None, None) => {
            eprintln!(
                "Erreur : indiquez où lire la clé d'échange : --key-file FICHIER ou --key-env VARIABLE \
                 (la clé n'est jamais acceptée en clair sur la ligne de commande).\nAide : effectifs send --help"
            );
            return Err(ExitCode::from(2));
        }
    };
    let mut check = check_options(
        args.fichier,
        args.profile,
        args.today.as_deref(),
        args.format,
        args.sheet,
    )?;
    check.recipe = args.recette.as_deref().map(read_recipe).transpose()?;
    Ok(SendOptions {
        check,
        key,
        base: args.base,
        batch: usize::try_from(args.batch).unwrap_or(effectifs_send::MAX_BATCH),
        dry_run: args.dry_run,
        state: args.state,
        retries: args.retries,
        backoff_ms: args.backoff_ms,
        timeout_s: args.timeout,
    })
}

fn check_options(
    file: PathBuf,
    profile: ProfileArg,
    today: Option<&str>,
    format: Format,
    sheet: Option<String>,
) -> Result<CheckOptions, ExitCode> {
    let today = match today {
        None => paris_today(),
        Some(text) => Date::parse_iso(text).ok_or_else(|| {
            crate::terminal::err(&format!(
                "Erreur : date d'évaluation invalide « {text} » (format attendu : AAAA-MM-JJ)."
            ));
            ExitCode::from(2)
        })?,
    };
    let profile = match profile {
        ProfileArg::Televersement => Profile::Televersement,
        ProfileArg::Api => Profile::Api,
    };
    Ok(CheckOptions {
        file,
        profile,
        today,
        format,
        sheet,
        annotate: None,
        recipe: None,
    })
}

/// Reads and checks the recipe of `--recette`; a French message and exit code 2 when it cannot be used.
fn read_recipe(path: &std::path::Path) -> Result<effectifs_core::Recipe, ExitCode> {
    let fail = |reason: String| {
        eprintln!("Erreur : {} : {reason}", path.display());
        ExitCode::from(2)
    };
    let text = std::fs::read_to_string(path).map_err(|error| {
        fail(match error.kind() {
            std::io::ErrorKind::NotFound => "recette introuvable.".to_owned(),
            std::io::ErrorKind::InvalidData => "la recette n'est pas un fichier texte UTF-8.".to_owned(),
            _ => format!("impossible de lire la recette ({error})."),
        })
    })?;
    effectifs_api::recipe::parse(&text).map_err(fail)
}

/// The annotated workbook's path: an `.xlsx` name, since that is what is written.
fn annotated_path(path: PathBuf) -> Result<PathBuf, ExitCode> {
    let is_xlsx = path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("xlsx"));
    if is_xlsx {
        Ok(path)
    } else {
        crate::terminal::err(&format!(
            "Erreur : --annote écrit un classeur Excel : donnez un nom de fichier en .xlsx (par exemple \
             --annote annote.xlsx), pas « {} ».",
            path.display()
        ));
        Err(ExitCode::from(2))
    }
}

/// Today's date in Paris, where CFAs and the platform live.
fn paris_today() -> Date {
    use chrono::Datelike;
    let now = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Paris);
    Date::from_ymd(now.year(), now.month(), now.day()).unwrap_or_else(|| unreachable!("a real clock date exists"))
}
