//! Command-line arguments, with French error messages.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{Parser, Subcommand, ValueEnum};
use effectifs_core::{Date, Profile};

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
    },
    /// Écrit le modèle Excel vierge.
    Template {
        /// Le fichier à écrire.
        #[arg(long, default_value = "modele-effectifs.xlsx")]
        out: PathBuf,
    },
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

/// Options of `effectifs check`.
#[derive(Debug)]
pub struct CheckOptions {
    pub file: PathBuf,
    pub profile: Profile,
    pub today: Date,
    pub format: Format,
    pub sheet: Option<String>,
}

/// A parsed command.
#[derive(Debug)]
pub enum Command {
    Check(CheckOptions),
    Template { out: PathBuf },
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
            ErrorKind::InvalidSubcommand => "commande inconnue (commandes : check, template)",
            ErrorKind::MissingRequiredArgument => "argument obligatoire manquant",
            ErrorKind::MissingSubcommand => "commande manquante (commandes : check, template)",
            ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => "arguments incompatibles ou en trop",
            _ => "arguments incorrects",
        };
        let detail = error.render().to_string();
        let detail = detail.lines().next().unwrap_or_default().trim_start_matches("error: ");
        eprintln!("Erreur : {french} ({detail}).\nAide : effectifs --help");
        ExitCode::from(2)
    })?;
    match cli.command {
        Sub::Check {
            fichier,
            profile,
            today,
            format,
            sheet,
        } => {
            let today = match today {
                None => paris_today(),
                Some(text) => Date::parse_iso(&text).ok_or_else(|| {
                    eprintln!("Erreur : date d'évaluation invalide « {text} » (format attendu : AAAA-MM-JJ).");
                    ExitCode::from(2)
                })?,
            };
            let profile = match profile {
                ProfileArg::Televersement => Profile::Televersement,
                ProfileArg::Api => Profile::Api,
            };
            Ok(Command::Check(CheckOptions {
                file: fichier,
                profile,
                today,
                format,
                sheet,
            }))
        }
        Sub::Template { out } => Ok(Command::Template { out }),
    }
}

/// Today's date in Paris, where CFAs and the platform live.
fn paris_today() -> Date {
    use chrono::Datelike;
    let now = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Paris);
    Date::from_ymd(now.year(), now.month(), now.day()).unwrap_or_else(|| unreachable!("a real clock date exists"))
}
