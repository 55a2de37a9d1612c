//! `effectifs check`: read, validate, print. A `.json` file is the array of objects an ERP would
//! post, judged as the API receives it (D14, `docs/json-objects.md`).

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use effectifs_api::JsonReport;
use effectifs_core::{Changes, FileDescription, Objects, Report};
use effectifs_sheet::{Limits, ReadOptions, Sheet};
use serde_json::Value as Json;

use crate::args::{CheckOptions, Format};

/// Runs the check and returns the exit code (0 all valid, 1 some invalid, 2 unreadable).
pub fn run(options: &CheckOptions) -> ExitCode {
    if is_json(&options.file) {
        return run_objects(options);
    }
    let (mut sheet, fixes) = match load(options) {
        Ok(loaded) => loaded,
        Err(message) => {
            crate::terminal::err(&format!("Erreur : {message}"));
            return ExitCode::from(2);
        }
    };
    let report = if let Some(out) = &options.annotate {
        // The annotated copy needs the cells, so they are kept.
        let report = effectifs_core::validate(&sheet.table, options.profile, options.today);
        if let Err(message) = write_annotated(&sheet, &report, fixes.as_ref(), out, &options.file) {
            crate::terminal::err(&format!("Erreur : {message}"));
            return ExitCode::from(2);
        }
        report
    } else {
        // The cells are not needed once validated: freeing them as we go halves the peak memory.
        effectifs_core::validate_draining(&mut sheet.table, options.profile, options.today)
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match options.format {
        Format::Json => {
            let mut head = JsonReport::without_lines(sheet.file_description(), &sheet.table, &report)
                .with_read_warnings(sheet.file_warnings());
            if let Some(fixes) = &fixes {
                head = head.with_fixes(&sheet.table, fixes);
            }
            serde_json::to_writer_pretty(&mut out, &head.view(&report.lines))
                .map_err(std::io::Error::from)
                .and_then(|()| out.write_all(b"\n"))
        }
        Format::Human => {
            out.write_all(crate::terminal::clean(&crate::human::render(&sheet, &report, fixes.as_ref())).as_bytes())
        }
    };
    finish(written.and_then(|()| out.flush()), &report)
}

/// Whether the file is read as JSON objects: its name ends in `.json`.
fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("json"))
}

/// `effectifs check FICHIER.json`: the objects judged as `checkRows` judges them.
fn run_objects(options: &CheckOptions) -> ExitCode {
    let (name, objects) = match load_objects(options) {
        Ok(loaded) => loaded,
        Err(message) => {
            crate::terminal::err(&format!("Erreur : {message}"));
            return ExitCode::from(2);
        }
    };
    let report = effectifs_core::validate_objects(&objects, options.profile, options.today);
    let columns = objects.columns();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match options.format {
        Format::Json => {
            JsonReport::write_streaming(FileDescription::json(&name), &columns, &report, Vec::new(), &mut out)
        }
        Format::Human => {
            out.write_all(crate::terminal::clean(&crate::human::render_objects(&name, &columns, &report)).as_bytes())
        }
    };
    finish(written.and_then(|()| out.flush()), &report)
}

/// The exit code once the report is written (or could not be).
fn finish(written: std::io::Result<()>, report: &Report) -> ExitCode {
    if let Err(error) = written {
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

/// Writes the annotated workbook of `--annote` (never over the checked file); says so on standard
/// error, so that standard output stays the report. The error is a French sentence.
fn write_annotated(
    sheet: &Sheet,
    report: &Report,
    fixes: Option<&Changes>,
    out: &Path,
    checked: &Path,
) -> Result<(), String> {
    let same_file = matches!(
        (std::fs::canonicalize(out), std::fs::canonicalize(checked)),
        (Ok(out), Ok(checked)) if out == checked
    );
    if same_file {
        return Err(format!(
            "--annote « {} » est le fichier vérifié lui-même : choisissez un autre nom pour ne pas l'écraser.",
            out.display()
        ));
    }
    let cells = fixes.map(Changes::cells).unwrap_or_default();
    let bytes = effectifs_sheet::export::annotated_with_fixes(&sheet.table, report, sheet.info.header_line, &cells)
        .map_err(|error| format!("impossible de créer le fichier annoté ({error})."))?;
    std::fs::write(out, bytes).map_err(|error| format!("impossible d'écrire « {} » ({error}).", out.display()))?;
    let problems: usize = report.lines.iter().map(|line| line.diagnostics.len()).sum();
    crate::terminal::err(&format!(
        "Fichier annoté écrit : {} ({problems} signalement{}).",
        out.display(),
        if problems > 1 { "s" } else { "" }
    ));
    Ok(())
}

/// Reads the file into a table and applies the recipe of `--recette` to it, if any (with what it
/// changed); the error is a French sentence for the user.
pub fn load(options: &CheckOptions) -> Result<(Sheet, Option<Changes>), String> {
    let mut sheet = read(options)?;
    let fixes = match &options.recipe {
        Some(recipe) => Some(recipe.apply(&mut sheet.table).map_err(|error| error.to_string())?),
        None => None,
    };
    Ok((sheet, fixes))
}

/// Reads the file into a table; the error is a French sentence for the user.
fn read(options: &CheckOptions) -> Result<Sheet, String> {
    let read_options = ReadOptions {
        sheet: options.sheet.clone(),
        ..ReadOptions::default()
    };
    let (name, bytes) = read_bytes(options, &read_options.limits)?;
    effectifs_sheet::read(&bytes, &name, &read_options).map_err(|error| format!("{name} : {error}"))
}

/// Reads a `.json` file into objects; the error is a French sentence for the user.
pub fn load_objects(options: &CheckOptions) -> Result<(String, Objects), String> {
    if options.annotate.is_some() {
        return Err("--annote ne s'applique pas à un fichier JSON : il n'a pas de cellules à annoter.".to_owned());
    }
    if options.sheet.is_some() {
        return Err("--sheet ne s'applique pas à un fichier JSON : il n'a pas de feuilles.".to_owned());
    }
    if options.recipe.is_some() {
        return Err(
            "--recette ne s'applique pas à un fichier JSON : l'API lit les objets tels qu'ils sont envoyés.".to_owned(),
        );
    }
    let limits = Limits::default();
    let (name, bytes) = read_bytes(options, &limits)?;
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if text.iter().all(u8::is_ascii_whitespace) {
        return Err(format!("{name} : Le fichier est vide."));
    }
    // As the API's `JSON.parse` reads it: a lone surrogate's escape (`"\ud800"`), values nested at any depth
    // (`docs/json-objects.md`).
    let value = effectifs_api::objects::posted_json(text).map_err(|error| json_error(&name, &error))?;
    if let Json::Array(items) = &value
        && items.len() > limits.max_lines as usize
    {
        return Err(format!(
            "{name} : {} objets, au-delà de la limite de {} objets par fichier.",
            items.len(),
            limits.max_lines
        ));
    }
    let objects = effectifs_api::objects(&value).map_err(|error| format!("{name} : {error}"))?;
    Ok((name, objects))
}

/// A JSON syntax error in French, with its place.
fn json_error(name: &str, error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let place = format!("ligne {}, colonne {}", error.line(), error.column());
    match error.classify() {
        Category::Eof => format!("{name} : JSON incomplet, le fichier s'arrête avant la fin ({place})."),
        Category::Syntax | Category::Data => format!(
            "{name} : ce n'est pas du JSON valide ({place}) ; un tableau d'objets [{{ \"nom_apprenant\": …, … }}] est attendu."
        ),
        Category::Io => format!("{name} : lecture impossible ({error})."),
    }
}

/// The file's name and bytes, never more than the size limit; the error is a French sentence.
fn read_bytes(options: &CheckOptions, limits: &Limits) -> Result<(String, Vec<u8>), String> {
    let name = options.file.file_name().map_or_else(
        || options.file.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let unreadable = |error: std::io::Error| {
        let reason = match error.kind() {
            std::io::ErrorKind::NotFound => "fichier introuvable".to_owned(),
            std::io::ErrorKind::PermissionDenied => "accès refusé".to_owned(),
            _ if options.file.is_dir() => "c'est un dossier, pas un fichier".to_owned(),
            _ => error.to_string(),
        };
        format!("impossible de lire « {} » : {reason}.", options.file.display())
    };
    // The size first, from the file system: a file over the limit is refused before it is read
    // into memory; and never more than the limit (and a byte, to know it is over) is read, should
    // the file grow in between.
    let too_large = |size: u64| effectifs_sheet::check_size(size, limits).map_err(|error| format!("{name} : {error}"));
    let file = std::fs::File::open(&options.file).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    if options.file.is_dir() {
        return Err(unreadable(std::io::Error::other("dossier")));
    }
    too_large(size)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, limits.max_file_bytes.saturating_add(1)),
        &mut bytes,
    )
    .map_err(unreadable)?;
    too_large(u64::try_from(bytes.len()).unwrap_or(u64::MAX))?;
    Ok((name, bytes))
}
