//! `effectifs check`: read, validate, print.

use std::io::Write as _;
use std::process::ExitCode;

use effectifs_api::{FileDescription, JsonReport};
use effectifs_sheet::{ReadOptions, Sheet};

use crate::args::{CheckOptions, Format};

/// Runs the check and returns the exit code (0 all valid, 1 some invalid, 2 unreadable).
pub fn run(options: &CheckOptions) -> ExitCode {
    let name = options.file.file_name().map_or_else(
        || options.file.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let bytes = match std::fs::read(&options.file) {
        Ok(bytes) => bytes,
        Err(error) => {
            let reason = match error.kind() {
                std::io::ErrorKind::NotFound => "fichier introuvable".to_owned(),
                std::io::ErrorKind::PermissionDenied => "accès refusé".to_owned(),
                _ if options.file.is_dir() => "c'est un dossier, pas un fichier".to_owned(),
                _ => error.to_string(),
            };
            eprintln!("Erreur : impossible de lire « {} » : {reason}.", options.file.display());
            return ExitCode::from(2);
        }
    };
    let read_options = ReadOptions {
        sheet: options.sheet.clone(),
    };
    let sheet = match effectifs_sheet::read(&bytes, &name, &read_options) {
        Ok(sheet) => sheet,
        Err(error) => {
            eprintln!("Erreur : {name} : {error}");
            return ExitCode::from(2);
        }
    };
    let report = effectifs_core::validate(&sheet.table, options.profile, options.today);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match options.format {
        Format::Json => JsonReport::new(describe(&sheet), &sheet.table, &report).write_pretty(&mut out),
        Format::Human => out.write_all(crate::human::render(&sheet, &report).as_bytes()),
    };
    if let Err(error) = written.and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is the reader's choice, not an error worth a message.
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("Erreur : impossible d'écrire le rapport ({error}).");
            return ExitCode::from(2);
        }
    }
    if report.lines.iter().all(effectifs_core::LineReport::is_valid) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The file part of the JSON report.
pub fn describe(sheet: &Sheet) -> FileDescription {
    FileDescription {
        name: sheet.info.name.clone(),
        format: sheet.info.format.as_str().to_owned(),
        sheet: sheet.info.sheet.clone(),
        encoding: sheet.info.encoding.clone(),
        delimiter: sheet.info.delimiter.map(|delimiter| delimiter.to_string()),
        header_line: sheet.info.header_line,
    }
}
