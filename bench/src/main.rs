//! `effectifs-bench`: how long a CFA's file takes to go from bytes to a report, in xlsx and CSV.
//!
//! It generates a realistic effectifs file (deterministic), writes it as xlsx and CSV in memory,
//! then times reading (bytes → table) and validating with statuts (table → report), reporting
//! the median of several runs after a warm-up. It also checks the report against what was
//! generated: every planted error must be found where it was planted and no other line may be
//! invalid, so a regression in the pipeline fails the bench (exit 1), while a missed speed target
//! only prints "au-dessus de la cible" (exit 0).
//!
//! ```text
//! cargo run --release -p effectifs-bench -- [--lines N] [--runs N] [--seed N] [--only xlsx|csv] [--detail] [--keep DIR]
//! cargo build --release -p effectifs-cli && cargo run --release -p effectifs-bench -- --memory [--lines N]
//! ```
//!
//! `--memory` measures something else: the peak memory of the real `effectifs check` command (the
//! release binary, as a child process) on a generated file of 100 000 lines by default, in xlsx and
//! CSV; the target is under 500 MB.
//!
//! `--indicateurs` measures the month-end series of the Tableau de bord's indicators on 100 000 lines over
//! three school years by default (see `indicateurs.rs`): figures only.
//!
//! `--web` measures the web app's worker pipeline instead, phase by phase (read, validate, building
//! the page's view, encoding and decoding the answer, its size): figures only (see `web.rs`).

/// The same allocator as the `effectifs` command, so the figures are the ones users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod detail;
mod generate;
mod indicateurs;
mod measure;
mod memory;
mod rng;
mod web;
mod write;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use effectifs_core::{Date, Report, StatutValeur};

use crate::generate::{Dataset, Defect};
use crate::measure::Measured;

const USAGE: &str = "\
usage : effectifs-bench [--lines N] [--runs N] [--seed N] [--only xlsx|csv] [--detail] [--keep DIR] [--web]
        effectifs-bench --memory [--lines N] [--seed N] [--only xlsx|csv]
        effectifs-bench --indicateurs [--lines N] [--runs N] [--seed N]

  --lines N   lignes d'apprenants générées (défaut 20000)
  --runs N    mesures retenues après une mesure d'échauffement (défaut 5) ; la médiane est affichée
  --seed N    graine du générateur (défaut 1) : même graine, même fichier
  --only F    ne mesure que ce format (xlsx ou csv), par exemple sous un profileur
  --detail    détaille le temps : bibliothèque de lecture seule, règle de chaque champ, statuts
  --keep DIR  enregistre les fichiers générés (effectifs-N.xlsx, effectifs-N.csv) dans DIR
  --web       détaille le chemin de l'application web (lecture, validation, vue, encodage,
              décodage, taille du message) au lieu de vérifier le bilan
  --indicateurs
              mesure la série mensuelle des indicateurs du Tableau de bord sur 100000 lignes par défaut,
              réparties sur trois années scolaires (chiffres seulement)
  --memory    mesure la mémoire maximale de `effectifs check` (binaire de release, processus fils)
              sur un fichier de 100000 lignes par défaut (cible < 500 Mo)
";

/// Lines of the `--memory` file unless `--lines` says otherwise.
const MEMORY_LINES: usize = 100_000;
/// The `--memory` target for the peak of `effectifs check`.
const MEMORY_TARGET: u64 = 500 * 1_000_000;

/// The evaluation day of the statuts (fixed, so that figures are comparable over time): within the
/// school year the generator writes (2025-2026), so that the summary counts every valid line's
/// statut as the Tableau de bord would.
const TODAY: (i32, u32, u32) = (2026, 3, 16);
/// Lines of the small file read first, to measure what the first use of the crates costs.
const COLD_START_LINES: usize = 10;
/// Targets for the whole pipeline on the default 20 000 lines.
const XLSX_TARGET: Duration = Duration::from_millis(400);
const CSV_TARGET: Duration = Duration::from_millis(100);

/// Command-line options.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools, reason = "one flag per command-line switch")]
struct Options {
    lines: usize,
    runs: usize,
    seed: u64,
    only: Option<Format>,
    detail: bool,
    keep: Option<PathBuf>,
    memory: bool,
    web: bool,
    indicateurs: bool,
}

/// The file formats measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Csv,
}

impl Format {
    fn as_str(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }

    /// The target for the whole pipeline on the default 20 000 lines.
    fn target(self) -> Duration {
        match self {
            Format::Xlsx => XLSX_TARGET,
            Format::Csv => CSV_TARGET,
        }
    }
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("erreur : {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let outcome = if options.memory {
        run_memory(&options)
    } else {
        run(&options)
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("erreur : {message}");
            ExitCode::from(2)
        }
    }
}

/// The options, or `None` when help was asked for.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut options = Options {
        lines: 20_000,
        runs: 5,
        seed: 1,
        only: None,
        detail: false,
        keep: None,
        memory: false,
        web: false,
        indicateurs: false,
    };
    let mut lines_given = false;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} attend une valeur"));
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--lines" => {
                options.lines = number(&value("--lines")?, "--lines")?;
                lines_given = true;
            }
            "--memory" => options.memory = true,
            "--web" => options.web = true,
            "--indicateurs" => options.indicateurs = true,
            "--runs" => options.runs = number(&value("--runs")?, "--runs")?,
            "--seed" => options.seed = number(&value("--seed")?, "--seed")?,
            "--only" => {
                options.only = match value("--only")?.as_str() {
                    "xlsx" => Some(Format::Xlsx),
                    "csv" => Some(Format::Csv),
                    other => return Err(format!("--only : xlsx ou csv, pas « {other} »")),
                };
            }
            "--detail" => options.detail = true,
            "--keep" => options.keep = Some(PathBuf::from(value("--keep")?)),
            other => return Err(format!("option inconnue : {other}")),
        }
    }
    if (options.memory || options.indicateurs) && !lines_given {
        options.lines = MEMORY_LINES;
    }
    if options.lines == 0 || options.runs == 0 {
        return Err("--lines et --runs doivent être au moins 1".to_owned());
    }
    if options.lines >= 1_048_576 {
        return Err("--lines : une feuille Excel a au plus 1 048 575 lignes de données".to_owned());
    }
    Ok(Some(options))
}

fn number<T: std::str::FromStr>(text: &str, name: &str) -> Result<T, String> {
    text.replace('_', "")
        .parse()
        .map_err(|_| format!("{name} : nombre attendu, pas « {text} »"))
}

/// Generates, writes, measures and checks. `Ok(false)` when the report is not what the generator
/// intended; `Err` when a file could not be written or read.
fn run(options: &Options) -> Result<bool, String> {
    let (year, month, day) = TODAY;
    let today = Date::from_ymd(year, month, day).ok_or("date d'évaluation invalide")?;
    let today_naive = NaiveDate::from_ymd_opt(year, month, day).ok_or("date d'évaluation invalide")?;
    if options.indicateurs {
        let dataset = generate::generate(options.lines, options.seed, today_naive);
        indicateurs::run(&dataset, today, options.runs)?;
        return Ok(true);
    }

    let started = Instant::now();
    let dataset = generate::generate(options.lines, options.seed, today_naive);
    let generated = started.elapsed();
    let started = Instant::now();
    let xlsx = write::xlsx(&dataset).map_err(|error| format!("écriture du xlsx : {error}"))?;
    let xlsx_written = started.elapsed();
    let started = Instant::now();
    let csv = write::csv(&dataset);
    let csv_written = started.elapsed();
    if let Some(dir) = &options.keep {
        keep(dir, options.lines, &xlsx, &csv)?;
    }
    let generation_peak = measure::peak_memory();
    let peak_reset = measure::reset_peak_memory();
    let baseline = measure::resident_memory();

    println!(
        "effectifs bench — {} lines, {} columns (xlsx {}, csv {}), median of {} runs after 1 warm-up",
        options.lines,
        dataset.headers.len(),
        megabytes(xlsx.len()),
        megabytes(csv.len()),
        options.runs,
    );
    println!(
        "generated in {} (xlsx written in {}, csv in {}), {} planted errors",
        seconds(generated),
        seconds(xlsx_written),
        seconds(csv_written),
        dataset.invalid(),
    );
    let sample = Dataset {
        headers: dataset.headers.clone(),
        rows: dataset.rows.iter().take(COLD_START_LINES).cloned().collect(),
        expected: Vec::new(),
    };
    let cold = measure::cold_start(&write::csv(&sample), "premier-essai.csv", today)
        .map_err(|error| format!("lecture du csv : {error}"))?;
    println!(
        "cold start: {} for the first {} lines in a fresh process (tables built on first use: telephone \
         metadata, regexes…), paid once by a one-shot command on top of the figures below; of which {} \
         for the first telephone number",
        seconds(cold.total),
        sample.rows.len(),
        seconds(cold.first_phone),
    );
    if options.web {
        for (format, bytes) in [(Format::Xlsx, &xlsx), (Format::Csv, &csv)] {
            if options.only.is_none_or(|only| only == format) {
                let file_name = format!("effectifs-{}.{}", options.lines, format.as_str());
                web::run(bytes, &file_name, today, options.runs)?;
            }
        }
        return Ok(true);
    }
    let mut ok = true;
    let mut summaries = Vec::new();
    // The last format's read table, for the recipe figure (measured after the memory figure).
    let mut last_table = None;
    for (format, bytes) in [(Format::Xlsx, &xlsx), (Format::Csv, &csv)] {
        if options.only.is_some_and(|only| only != format) {
            continue;
        }
        // One format's table at a time: the previous one is not part of this one's peak memory.
        drop(last_table.take());
        let file_name = format!("effectifs-{}.{}", options.lines, format.as_str());
        let measured = measure::pipeline(bytes, &file_name, today, options.runs)
            .map_err(|error| format!("lecture du {} : {error}", format.as_str()))?;
        println!("{}", timing_line(format, options.lines, &measured));
        if options.detail {
            print_detail(format, bytes, &measured, today, options.runs);
        }
        ok &= check_format(format.as_str(), &measured, &dataset);
        last_table = Some(measured.sheet.table);
        summaries.push((format, measured.report));
    }
    if let Some((_, report)) = summaries.first() {
        print_report(report, &dataset, today_naive);
    }
    if let [(_, first), (_, second)] = summaries.as_slice() {
        let (first, second) = (first.summary(), second.summary());
        if first != second {
            println!("attention : les deux formats ne donnent pas le même bilan");
            println!("  xlsx {first:?}");
            println!("  csv  {second:?}");
        }
    }
    print_memory(generation_peak, peak_reset, baseline);
    if options.detail {
        println!("(with --detail, the peak also holds the copies the detailed timings keep)");
    }
    if let Some(table) = &last_table {
        print_recipe(table, today, options);
    }
    Ok(ok)
}

/// The recipe figure (D15): a column-wide action on every line of the read table, then validation.
fn print_recipe(table: &effectifs_core::Table, today: Date, options: &Options) {
    let times = measure::recipe(table, today, options.runs);
    println!(
        "recipe (D15): a value for every line and a replacement over {} lines: applied in {}, {} cells \
         changed, revalidated in {} (the browser's figure, with the display: bench/browser)",
        options.lines,
        seconds(times.apply),
        times.cells,
        seconds(times.revalidate),
    );
}

/// `--memory`: writes the generated file as xlsx and CSV into a temporary directory and prints the
/// peak memory of `effectifs check` on each. `Ok(false)` when a peak is over the target or the
/// command could not read its file.
fn run_memory(options: &Options) -> Result<bool, String> {
    let binary = memory::effectifs_binary()?;
    let (year, month, day) = TODAY;
    let today = NaiveDate::from_ymd_opt(year, month, day).ok_or("date d'évaluation invalide")?;
    let dataset = generate::generate(options.lines, options.seed, today);
    let dir = std::env::temp_dir().join(format!("effectifs-bench-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|error| format!("{} : {error}", dir.display()))?;
    let result = (|| {
        let mut ok = true;
        println!(
            "effectifs check peak memory — {} lines, {} columns, {} (child process, target < {})",
            options.lines,
            dataset.headers.len(),
            binary.display(),
            megabytes_u64(MEMORY_TARGET)
        );
        for format in [Format::Xlsx, Format::Csv] {
            if options.only.is_some_and(|only| only != format) {
                continue;
            }
            let bytes = match format {
                Format::Xlsx => write::xlsx(&dataset).map_err(|error| format!("écriture du xlsx : {error}"))?,
                Format::Csv => write::csv(&dataset),
            };
            let path = dir.join(format!("effectifs-{}.{}", options.lines, format.as_str()));
            std::fs::write(&path, &bytes).map_err(|error| format!("{} : {error}", path.display()))?;
            for output in ["human", "json"] {
                let peak = memory::check_peak(&binary, &path, &today.format("%Y-%m-%d").to_string(), output)?;
                let readable = matches!(peak.exit, Some(0 | 1));
                let over = peak.bytes > MEMORY_TARGET;
                ok &= readable && !over;
                println!(
                    "{:<5} --format {output:<5}  file {}  peak {}  in {}  (exit {}, {}){}",
                    format.as_str(),
                    megabytes(bytes.len()),
                    megabytes_u64(peak.bytes),
                    seconds(peak.wall),
                    peak.exit.map_or_else(|| "?".to_owned(), |code| code.to_string()),
                    match peak.source {
                        memory::Source::GnuTime => "GNU time maximum resident set size",
                        memory::Source::ProcStatus => "VmHWM",
                    },
                    if over { "  au-dessus de la cible" } else { "" }
                );
            }
        }
        if options.only.is_none() {
            ok &= ods_peak(&binary, &dir, &dataset, &today.format("%Y-%m-%d").to_string())?;
        }
        ok &= hostile_sweep(&binary, &today.format("%Y-%m-%d").to_string())?;
        Ok(ok)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// The same file as an `.ods` (every cell a text, as in the CSV): calamine reads `.ods` whole, every
/// sheet at once, so this is the largest memory a valid file costs. Its peak and time, against the
/// hostile files' targets (< 10 s, < 1 Gio). `Ok(false)` when one is missed.
fn ods_peak(binary: &std::path::Path, dir: &std::path::Path, dataset: &Dataset, today: &str) -> Result<bool, String> {
    let bytes = write::ods(dataset)?;
    let path = dir.join(format!("effectifs-{}.ods", dataset.rows.len()));
    std::fs::write(&path, &bytes).map_err(|error| format!("{} : {error}", path.display()))?;
    let peak = memory::check_peak(binary, &path, today, "human")?;
    let readable = matches!(peak.exit, Some(0 | 1));
    let over = peak.bytes > 1024 * 1024 * 1024 || peak.wall > std::time::Duration::from_secs(10);
    println!(
        "ods   --format human  file {}  peak {}  in {}  (exit {}; targets < 1 Gio, < 10 s){}",
        megabytes(bytes.len()),
        megabytes_u64(peak.bytes),
        seconds(peak.wall),
        peak.exit.map_or_else(|| "?".to_owned(), |code| code.to_string()),
        if over { "  au-dessus de la cible" } else { "" }
    );
    Ok(readable && !over)
}

/// The hostile files of `tests/data/hostile/`: each one's time and peak memory under
/// `effectifs check`, which must answer (exit 0, 1, or 2 with a French refusal: never a crash)
/// in under 10 s and 1 Gio. Figures, not a timed test. `Ok(false)` when one misses a target.
fn hostile_sweep(binary: &std::path::Path, today: &str) -> Result<bool, String> {
    const TIME_TARGET: std::time::Duration = std::time::Duration::from_secs(10);
    const PEAK_TARGET: u64 = 1024 * 1024 * 1024;
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data/hostile");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .map_err(|error| format!("{} : {error}", folder.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| !matches!(path.extension().and_then(|e| e.to_str()), Some("md" | "py" | "time")))
        .collect();
    files.sort();
    // Files too big to keep in the repository, made here: a 1.5 Go file (sparse: it takes no disk),
    // which must be refused from its size before being read, a CSV line of 100 million separators,
    // just under the file size limit, a workbook with a 600 Mo cell (in one piece, and in short
    // rich-text runs), and one of 150 000 lines written in reverse order.
    let generated = std::env::temp_dir().join(format!("effectifs-hostile-generated-{}", std::process::id()));
    std::fs::create_dir_all(&generated).map_err(|error| format!("{} : {error}", generated.display()))?;
    let huge = generated.join("grand-1500mo.csv");
    std::fs::File::create(&huge)
        .and_then(|file| file.set_len(1_500_000_000))
        .map_err(|error| format!("{} : {error}", huge.display()))?;
    let separators = generated.join("100-millions-de-separateurs.csv");
    let mut text = "nom_apprenant;prenom_apprenant\r\nDurand;Léa\r\n".as_bytes().to_vec();
    text.resize(text.len() + 100_000_000, b';');
    std::fs::write(&separators, &text).map_err(|error| format!("{} : {error}", separators.display()))?;
    drop(text);
    let long_cell = generated.join("cellule-600mo.xlsx");
    std::fs::write(&long_cell, long_cell_workbook(false)?)
        .map_err(|error| format!("{} : {error}", long_cell.display()))?;
    let long_runs = generated.join("cellule-600mo-en-morceaux.xlsx");
    std::fs::write(&long_runs, long_cell_workbook(true)?)
        .map_err(|error| format!("{} : {error}", long_runs.display()))?;
    let reversed = generated.join("150000-lignes-a-l-envers.xlsx");
    std::fs::write(&reversed, reversed_rows_workbook()?)
        .map_err(|error| format!("{} : {error}", reversed.display()))?;
    files.extend([huge, separators, long_cell, long_runs, reversed]);
    println!(
        "hostile files — effectifs check on each of tests/data/hostile/ (targets < {} and < {})",
        seconds(TIME_TARGET),
        megabytes_u64(PEAK_TARGET)
    );
    let mut ok = true;
    for file in files {
        // `check_peak` writes GNU time's figure beside the file: work on a copy.
        let copy = std::env::temp_dir().join(format!(
            "effectifs-hostile-{}-{}",
            std::process::id(),
            file.file_name()
                .map_or_else(String::new, |name| name.to_string_lossy().into_owned())
        ));
        std::fs::copy(&file, &copy).map_err(|error| format!("{} : {error}", file.display()))?;
        let peak = memory::check_peak(binary, &copy, today, "human");
        let _ = std::fs::remove_file(&copy);
        let _ = std::fs::remove_file(copy.with_extension("time"));
        let peak = peak?;
        let answered = matches!(peak.exit, Some(0..=2));
        let over = peak.bytes > PEAK_TARGET || peak.wall > TIME_TARGET;
        ok &= answered && !over;
        println!(
            "{:<36} {:>10}  peak {:>9}  in {:>8}  exit {}{}",
            file.file_name()
                .map_or_else(String::new, |name| name.to_string_lossy().into_owned()),
            megabytes(usize::try_from(std::fs::metadata(&file).map_or(0, |meta| meta.len())).unwrap_or(0)),
            megabytes_u64(peak.bytes),
            seconds(peak.wall),
            peak.exit.map_or_else(|| "?".to_owned(), |code| code.to_string()),
            if !answered {
                "  PLANTAGE"
            } else if over {
                "  au-dessus de la cible"
            } else {
                ""
            }
        );
    }
    let _ = std::fs::remove_dir_all(&generated);
    let _ = std::fs::remove_dir_all(&generated);
    Ok(ok)
}

/// A workbook whose one cell holds 600 Mo of letters, compressed about 35 times (under the ratio
/// limit, so that it is inflated): a 16 Kio block of random letters repeated, a fresh block every
/// 60. In one piece, or (`runs`) as rich-text runs of 16 Kio each, none long without markup, which
/// calamine would join into one string. It must be refused while being inflated, never held whole
/// (about 17 Mo on disk).
fn long_cell_workbook(runs: bool) -> Result<Vec<u8>, String> {
    use std::io::Write as _;
    const BLOCK: usize = 16 * 1024;
    const CELL: usize = 600_000_000;
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut letters = move |out: &mut [u8]| {
        for byte in out {
            // xorshift64: reproducible letters, no dependency.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *byte = b'a' + u8::try_from(state % 26).unwrap_or(0);
        }
    };
    let mut block = vec![0; BLOCK];
    letters(&mut block);
    let mut fresh = vec![0; BLOCK];
    one_sheet_workbook("cellule de 600 Mo", |sheet| {
        sheet.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/\
              spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>nom_apprenant</t>\
              </is></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is>",
        )?;
        for index in 0..CELL / BLOCK {
            if runs {
                sheet.write_all(if index == 0 { b"<r><t>" } else { b"</t></r><r><t>" })?;
            } else if index == 0 {
                sheet.write_all(b"<t>")?;
            }
            if index % 60 == 59 {
                letters(&mut fresh);
                sheet.write_all(&fresh)?;
            } else {
                sheet.write_all(&block)?;
            }
        }
        sheet.write_all(if runs { b"</t></r>" } else { b"</t>" })?;
        sheet.write_all(b"</is></c></row></sheetData></worksheet>")
    })
}

/// A workbook of 150 000 learners whose rows are written in reverse order, the header last: each
/// row must be placed in line order without moving the others (it used to take 40 s).
fn reversed_rows_workbook() -> Result<Vec<u8>, String> {
    use std::io::Write as _;
    const LINES: u32 = 150_000;
    const HEADERS: [&str; 4] = [
        "nom_apprenant",
        "prenom_apprenant",
        "id_erp_apprenant",
        "annee_scolaire",
    ];
    let cell =
        |reference: String, text: &str| format!("<c r=\"{reference}\" t=\"inlineStr\"><is><t>{text}</t></is></c>");
    one_sheet_workbook("lignes à l'envers", |sheet| {
        sheet.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/\
              spreadsheetml/2006/main\"><sheetData>",
        )?;
        for line in (2..=LINES + 1).rev() {
            let values = [
                "Durand".to_owned(),
                "Léa".to_owned(),
                format!("A{line}"),
                "2025-2026".to_owned(),
            ];
            let cells: String = ["A", "B", "C", "D"]
                .iter()
                .zip(&values)
                .map(|(column, value)| cell(format!("{column}{line}"), value))
                .collect();
            sheet.write_all(format!("<row r=\"{line}\">{cells}</row>").as_bytes())?;
        }
        let header: String = ["A", "B", "C", "D"]
            .iter()
            .zip(HEADERS)
            .map(|(column, name)| cell(format!("{column}1"), name))
            .collect();
        sheet.write_all(format!("<row r=\"1\">{header}</row></sheetData></worksheet>").as_bytes())
    })
}

/// A workbook of one sheet `Effectifs`, whose part `write_sheet` writes (deflated), in memory.
fn one_sheet_workbook(
    what: &str,
    write_sheet: impl FnOnce(&mut zip::ZipWriter<std::io::Cursor<Vec<u8>>>) -> std::io::Result<()>,
) -> Result<Vec<u8>, String> {
    use std::io::Write as _;
    let failed = |error: &dyn std::fmt::Display| format!("écriture du classeur ({what}) : {error}");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let parts: [(&str, &str); 4] = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/\
             content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.\
             relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>",
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/\
             package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/\
             officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
        ),
        (
            "xl/workbook.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/\
             spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/\
             relationships\"><sheets><sheet name=\"Effectifs\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        ),
        (
            "xl/_rels/workbook.xml.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/\
             package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/\
             officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, deflated).map_err(|error| failed(&error))?;
        zip.write_all(text.as_bytes()).map_err(|error| failed(&error))?;
    }
    zip.start_file("xl/worksheets/sheet1.xml", deflated)
        .map_err(|error| failed(&error))?;
    write_sheet(&mut zip).map_err(|error| failed(&error))?;
    zip.finish()
        .map(std::io::Cursor::into_inner)
        .map_err(|error| failed(&error))
}

/// Saves both files into `dir`.
fn keep(dir: &PathBuf, lines: usize, xlsx: &[u8], csv: &[u8]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|error| format!("{} : {error}", dir.display()))?;
    for (extension, bytes) in [("xlsx", xlsx), ("csv", csv)] {
        let path = dir.join(format!("effectifs-{lines}.{extension}"));
        std::fs::write(&path, bytes).map_err(|error| format!("{} : {error}", path.display()))?;
        println!("saved {}", path.display());
    }
    Ok(())
}

/// `xlsx  read 0.180 s  validate 0.090 s  total 0.270 s   74 000 lines/s  (target < 0.400 s)`.
fn timing_line(format: Format, lines: usize, measured: &Measured) -> String {
    let target = format.target();
    let wall = measured.wall;
    let lines = u128::try_from(lines).unwrap_or(u128::MAX);
    let per_second = lines.saturating_mul(1_000_000_000) / wall.total.as_nanos().max(1);
    let cpu = measured
        .cpu
        .map_or_else(String::new, |cpu| format!(" (cpu {})", seconds(cpu.total)));
    let mut line = format!(
        "{:<5} read {}  validate {}  total {}{cpu}  {:>9} lines/s  (target < {})",
        format.as_str(),
        seconds(wall.read),
        seconds(wall.validate),
        seconds(wall.total),
        thousands(per_second),
        seconds(target),
    );
    if wall.total > target {
        line.push_str("  au-dessus de la cible");
    }
    line
}

/// The `--detail` lines under a format's timing line, in best-of-runs wall time (other processes
/// only ever add time).
fn print_detail(format: Format, bytes: &[u8], measured: &Measured, today: Date, runs: usize) {
    let times = measured.best;
    let clock = "best run";
    match format {
        Format::Xlsx => {
            let calamine = detail::calamine_floor(bytes, runs);
            println!(
                "      {clock}: read {} (its own xlsx reader), {} % of calamine's open + worksheet_range alone ({})",
                seconds(times.read),
                percent(times.read, calamine),
                seconds(calamine),
            );
        }
        Format::Csv => {
            let floor = detail::csv_floor(bytes, runs);
            println!(
                "      {clock}: read {} = csv crate (byte records) alone {} ({} %) + effectifs-sheet {}",
                seconds(times.read),
                seconds(floor),
                percent(floor, times.read),
                seconds(times.read.saturating_sub(floor)),
            );
        }
    }
    let steps = detail::validate_steps(&measured.sheet.table, &measured.report, today, runs);
    println!(
        "      {clock}: validate {} = lines {} (field rules {}, statuts {}, dossier/diagnostics/deferred rules {}) \
         + whole file {} (duplicates)",
        seconds(times.validate),
        seconds(steps.rows),
        seconds(steps.rules),
        seconds(steps.statuts),
        seconds(steps.rows.saturating_sub(steps.rules + steps.statuts)),
        seconds(times.validate.saturating_sub(steps.rows)),
    );
    println!("      slowest rules (each column alone): {}", detail::slowest(&steps));
}

/// `part` as a whole percentage of `whole`.
fn percent(part: Duration, whole: Duration) -> u128 {
    part.as_nanos() * 100 / whole.as_nanos().max(1)
}

/// Compares a format's report with the generated file; prints what differs. True when all is as
/// intended.
fn check_format(format: &str, measured: &Measured, dataset: &Dataset) -> bool {
    let mut problems = Vec::new();
    let table = &measured.sheet.table;
    let unknown = table.columns.iter().filter(|column| column.field.is_none()).count();
    if table.columns.len() != dataset.headers.len() || unknown != 1 {
        problems.push(format!(
            "{} colonnes lues dont {unknown} inconnue(s), {} attendues dont 1 inconnue",
            table.columns.len(),
            dataset.headers.len()
        ));
    }
    let report = &measured.report;
    if !report.missing_columns.is_empty() {
        problems.push(format!(
            "colonnes obligatoires manquantes : {:?}",
            report.missing_columns
        ));
    }
    if report.lines.len() != dataset.rows.len() {
        problems.push(format!(
            "{} lignes lues, {} générées",
            report.lines.len(),
            dataset.rows.len()
        ));
    }
    for line in &report.lines {
        if let Some(problem) = check_line(line, dataset) {
            problems.push(problem);
        }
    }
    let summary = report.summary();
    if summary.invalid != dataset.invalid() {
        problems.insert(
            0,
            format!(
                "{} lignes invalides, {} attendues ({} valides)",
                summary.invalid,
                dataset.invalid(),
                summary.valid
            ),
        );
    }
    if problems.is_empty() {
        return true;
    }
    eprintln!(
        "{format} : le bilan n'est pas celui attendu ({} écarts)",
        problems.len()
    );
    for problem in problems.iter().take(15) {
        eprintln!("  {problem}");
    }
    false
}

/// What is wrong with one line's outcome, if anything: a planted error must be the line's only
/// error, on its field; a line without planted error must have none.
fn check_line(line: &effectifs_core::LineReport, dataset: &Dataset) -> Option<String> {
    let index = usize::try_from(line.line)
        .ok()?
        .checked_sub(2)
        .filter(|index| *index < dataset.rows.len());
    let Some(index) = index else {
        return Some(format!("ligne {} : hors du fichier généré", line.line));
    };
    let errors: Vec<String> = line
        .errors()
        .map(|diagnostic| match diagnostic.field {
            Some(field) => format!("{} ({field})", diagnostic.code()),
            None => diagnostic.code().to_owned(),
        })
        .collect();
    match dataset.expected[index] {
        None if errors.is_empty() => None,
        None => Some(format!(
            "ligne {} : attendue valide, erreurs {}",
            line.line,
            errors.join(", ")
        )),
        Some(expected) => {
            let wanted = format!("{} ({})", expected.defect.code(), expected.field);
            (errors != [wanted.clone()])
                .then(|| format!("ligne {} : attendu {wanted}, trouvé [{}]", line.line, errors.join(", ")))
        }
    }
}

/// The report's figures: validity, planted errors, statuts.
fn print_report(report: &Report, dataset: &Dataset, today: NaiveDate) {
    let summary = report.summary();
    println!(
        "report: {} valid, {} invalid (planted {}), {} errors, {} warnings, {} without contract",
        summary.valid,
        summary.invalid,
        dataset.invalid(),
        summary.errors,
        summary.warnings,
        summary.sans_contrat,
    );
    let mut planted = String::from("planted:");
    for (defect, _) in Defect::WEIGHTS {
        let _ = write!(planted, " {} {}", defect.code(), dataset.count(defect));
    }
    println!("{planted}");
    let mut statuts = format!("statuts at {}:", generate::french_date(today));
    let mut computed = 0;
    for (valeur, count) in summary.statuts {
        computed += count;
        let _ = write!(statuts, " {} {count}", StatutValeur::as_str(valeur));
    }
    let _ = write!(
        statuts,
        " (as the Tableau de bord counts them: {} lines not counted — in error, replaced, of another school year or \
         not started)",
        summary.lines - computed
    );
    println!("{statuts}");
}

/// The peak resident memory: of the measured part when the peak could be reset after generating
/// the files (with what the generated data already held), else of the whole process.
fn print_memory(generation_peak: Option<u64>, reset: bool, baseline: Option<u64>) {
    match (measure::peak_memory(), generation_peak, baseline) {
        (Some(peak), Some(generation), Some(baseline)) if reset => println!(
            "peak memory (VmHWM): {} while reading and validating ({} already held by the generated data \
             and files), {} while generating and writing",
            megabytes_u64(peak),
            megabytes_u64(baseline),
            megabytes_u64(generation)
        ),
        (Some(peak), _, _) => println!("peak memory (VmHWM): {}", megabytes_u64(peak)),
        (None, _, _) => println!("peak memory: n/a"),
    }
}

/// `0.180 s`.
fn seconds(duration: Duration) -> String {
    format!("{:.3} s", duration.as_secs_f64())
}

/// `3.1 MB` (decimal megabytes).
fn megabytes(bytes: usize) -> String {
    megabytes_u64(u64::try_from(bytes).unwrap_or(u64::MAX))
}

fn megabytes_u64(bytes: u64) -> String {
    let tenths = bytes.saturating_add(50_000) / 100_000;
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

/// `74 000`.
fn thousands(value: u128) -> String {
    effectifs_core::french::group_thousands(u64::try_from(value).unwrap_or(u64::MAX), ' ')
}

#[cfg(test)]
mod tests {
    use effectifs_core::{Diagnostic, Dossier, Field, Kind, LineReport};

    use super::{Format, Options, check_line, megabytes, parse_args, thousands};
    use crate::generate::{Dataset, Defect, Expected};

    fn args(list: &[&str]) -> impl Iterator<Item = String> {
        list.iter().map(|arg| (*arg).to_owned()).collect::<Vec<_>>().into_iter()
    }

    #[test]
    fn options() {
        let parsed = parse_args(args(&["--lines", "2_000", "--keep", "out"]));
        assert_eq!(
            parsed,
            Ok(Some(Options {
                lines: 2000,
                runs: 5,
                seed: 1,
                only: None,
                detail: false,
                keep: Some("out".into()),
                memory: false,
                web: false,
                indicateurs: false,
            }))
        );
        assert_eq!(parse_args(args(&["--help"])), Ok(None));
        assert_eq!(
            parse_args(args(&["--only", "csv"])).map(|options| options.and_then(|o| o.only)),
            Ok(Some(Format::Csv))
        );
        assert!(parse_args(args(&["--only", "ods"])).is_err());
        assert!(parse_args(args(&["--lines"])).is_err());
        assert!(parse_args(args(&["--lines", "abc"])).is_err());
        assert!(parse_args(args(&["--frobnicate"])).is_err());
        let memory = parse_args(args(&["--memory"])).map(|options| options.map(|o| (o.memory, o.lines)));
        assert_eq!(memory, Ok(Some((true, 100_000))));
        let memory = parse_args(args(&["--lines", "500", "--memory"])).map(|options| options.map(|o| o.lines));
        assert_eq!(memory, Ok(Some(500)));
    }

    #[test]
    fn figures() {
        assert_eq!(thousands(74_000), "74 000");
        assert_eq!(thousands(1_234_567), "1 234 567");
        assert_eq!(thousands(999), "999");
        assert_eq!(megabytes(3_140_000), "3.1 MB");
        assert_eq!(megabytes(0), "0.0 MB");
    }

    #[test]
    fn a_line_must_carry_exactly_its_planted_error() {
        let dataset = Dataset {
            headers: Vec::new(),
            rows: vec![Vec::new(), Vec::new()],
            expected: vec![
                None,
                Some(Expected {
                    defect: Defect::EmailInvalide,
                    field: Field::EmailContact,
                }),
            ],
        };
        let line = |line, diagnostics| LineReport {
            line,
            diagnostics,
            dossier: Dossier::default(),
            statut: None,
        };
        let email = || {
            Diagnostic::on(
                Field::EmailContact,
                Kind::EmailInvalide {
                    value: "a@b".to_owned(),
                },
            )
        };
        assert_eq!(
            check_line(&line(2, vec![Diagnostic::line(Kind::SansContrat)]), &dataset),
            None
        );
        assert_eq!(check_line(&line(3, vec![email()]), &dataset), None);
        assert!(check_line(&line(2, vec![email()]), &dataset).is_some());
        assert!(check_line(&line(3, Vec::new()), &dataset).is_some());
        assert!(check_line(&line(3, vec![email(), email()]), &dataset).is_some());
        let elsewhere = Diagnostic::on(
            Field::ResponsableApprenantMail1,
            Kind::EmailInvalide { value: "x".to_owned() },
        );
        assert!(check_line(&line(3, vec![elsewhere]), &dataset).is_some());
        assert!(check_line(&line(4, Vec::new()), &dataset).is_some());
    }
}
