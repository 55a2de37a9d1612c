//! `effectifs send`: check a file, then send its valid lines in batches (D11), driving the sans-IO
//! engine of `effectifs-send` with reqwest, a clock and a progress bar.
//!
//! The exchange key is read from a file or an environment variable, kept in memory, marked
//! sensitive in the request, and never printed, logged or written (the state file holds only a
//! one-way fingerprint of it). Delivery is at-least-once: a batch is recorded as accepted only on
//! the API's own answer, so a lost answer means it is sent again — harmless, since the platform
//! keys an effectif by (organisme, année scolaire, `id_erp_apprenant`).

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use effectifs_api::FileDescription;
use effectifs_core::french::plural;
use effectifs_core::{Field, Report};
use effectifs_send::{
    BatchOutcome, BatchStatus, Config, Event, LineStatus, RequestKind, SendOutcome, SendSession, SendState, Step, Stop,
};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use serde::Serialize;

use crate::address::Base;
use crate::args::{Format, KeySource, SendOptions};
use crate::state_file::StateFile;
use crate::terminal;

/// The largest answer body read (the API's answer to 2000 items is a few megabytes); beyond, the
/// answer is treated as unreadable.
const ANSWER_LIMIT: usize = 64 * 1024 * 1024;

/// Exit code when sending stopped before every batch was accepted.
const EXIT_STOPPED: u8 = 3;

/// What the platform does with data sent with a key (`docs/api.md#what-source-erp-implies`), said before the first
/// send.
const NOTICE: &str = "Important : les données envoyées avec une clé d'échange sont enregistrées par le Tableau de bord \
de l'apprentissage comme venant d'un logiciel (source « ERP »), et non d'un téléversement de fichier. Les champs \
transmis sont alors verrouillés : ils ne pourront plus être modifiés dans l'interface du Tableau de bord, et votre \
organisme apparaîtra comme transmettant ses effectifs par un ERP.";

/// Runs `effectifs send` and returns the exit code: 0 every line accepted, 1 some line invalid or
/// refused, 2 wrong arguments or unreadable file, 3 sending stopped.
pub fn run(options: &SendOptions) -> ExitCode {
    match send(options) {
        Ok(code) => code,
        Err(message) => {
            terminal::err(&format!("Erreur : {message}"));
            ExitCode::from(2)
        }
    }
}

fn send(options: &SendOptions) -> Result<ExitCode, String> {
    let base = Base::parse(&options.base)?;
    let key = match &options.key {
        KeySource::None => None,
        source => Some(read_key(source)?),
    };
    let (sheet, fixes) = crate::check::load(&options.check)?;
    let report = effectifs_core::validate(&sheet.table, options.check.profile, options.check.today);
    let items = effectifs_send::items(&report);
    let config = Config {
        batch_size: options.batch,
        max_retries: options.retries,
        base_delay_ms: options.backoff_ms,
        seed: effectifs_sandbox::random_seed(),
        ..Config::default()
    };
    // Locked for the whole run (a dry run writes nothing and takes no lock).
    let state_file = match &options.state {
        Some(path) if !options.dry_run => Some(StateFile::lock(path)?),
        _ => None,
    };
    let saved = match (&state_file, &options.state) {
        (Some(file), _) => file.read()?,
        (None, Some(path)) => crate::state_file::read(path)?,
        (None, None) => None,
    };
    let mut session = open_session(items, &base.url, config, saved, options.state.as_deref())?;
    if let (Some(key), Some(path)) = (&key, &options.state) {
        session.use_key(key).map_err(|error| refused_state(&error, path))?;
    }
    if let Some(file) = &state_file {
        // Before anything is sent: a state that cannot be written would resend everything next time.
        file.save(session.state())
            .map_err(|message| format!("{message}. Rien n'a été envoyé."))?;
    }
    let human = options.check.format == Format::Human;
    if human {
        let mut out = crate::human::render(&sheet, &report, fixes.as_ref());
        out.push_str(&plan_text(&session, &base.url, options.dry_run));
        terminal::out(&out);
    }
    // A resumed send checks the key even when nothing is left (the state vouches for no key).
    let resumed = options.state.is_some() && session.progress().batches_accepted > 0;
    if !options.dry_run && (!session.is_completed() || resumed) {
        let key = key.ok_or_else(|| "aucune clé d'échange (--key-file ou --key-env).".to_owned())?;
        if !base.loopback && !session.is_completed() {
            terminal::err(&format!("\n{NOTICE}\n"));
        }
        drive(&mut session, &key, &base, options, state_file.as_ref(), human)?;
    }
    let outcome = session.outcome();
    match options.check.format {
        Format::Human => terminal::out(&outcome_text(&report, &outcome, options, &base.url)),
        Format::Json => {
            let json = SendJson::new(sheet.file_description(), &report, &outcome, &base.url, options.dry_run);
            let text = serde_json::to_string_pretty(&json).map_err(|error| error.to_string())?;
            terminal::out(&(text + "\n"));
        }
    }
    Ok(exit_code(&report, &outcome, options.dry_run))
}

fn exit_code(report: &Report, outcome: &SendOutcome, dry_run: bool) -> ExitCode {
    let invalid = report.lines.iter().any(|line| !line.is_valid());
    if outcome.stop.is_some() {
        return ExitCode::from(EXIT_STOPPED);
    }
    let refused = outcome.progress.items_rejected + outcome.progress.items_unconfirmed > 0;
    if invalid || (!dry_run && refused) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads the key: trimmed, and made only of visible ASCII (a UUID in practice). It is never shown,
/// not even in an error message.
fn read_key(source: &KeySource) -> Result<String, String> {
    let (text, origin) = match source {
        KeySource::File(path) => {
            let text = std::fs::read_to_string(path).map_err(|error| {
                let reason = match error.kind() {
                    std::io::ErrorKind::NotFound => "fichier introuvable".to_owned(),
                    std::io::ErrorKind::PermissionDenied => "accès refusé".to_owned(),
                    std::io::ErrorKind::InvalidData => "ce n'est pas un fichier texte".to_owned(),
                    _ => error.to_string(),
                };
                format!(
                    "impossible de lire la clé d'échange dans « {} » : {reason}.",
                    path.display()
                )
            })?;
            (text, format!("le fichier « {} »", path.display()))
        }
        KeySource::Env(variable) => {
            let text = std::env::var(variable).map_err(|error| match error {
                std::env::VarError::NotPresent => {
                    format!("la variable d'environnement {variable} (clé d'échange) n'est pas définie.")
                }
                std::env::VarError::NotUnicode(_) => {
                    format!("la variable d'environnement {variable} (clé d'échange) n'est pas un texte lisible.")
                }
            })?;
            (text, format!("la variable d'environnement {variable}"))
        }
        KeySource::None => return Err("aucune clé d'échange (--key-file ou --key-env).".to_owned()),
    };
    let key = text.trim_start_matches('\u{feff}').trim();
    if key.is_empty() {
        return Err(format!("la clé d'échange est vide dans {origin}."));
    }
    if !key.bytes().all(|byte| byte.is_ascii_graphic()) {
        return Err(format!(
            "la clé d'échange lue dans {origin} contient des espaces, des retours à la ligne ou des caractères \
             inattendus (une clé d'échange a la forme xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."
        ));
    }
    Ok(key.to_owned())
}

/// A new session, or the one the state file's text `saved` records.
fn open_session(
    items: Vec<effectifs_send::Item>,
    base: &str,
    config: Config,
    saved: Option<String>,
    path: Option<&Path>,
) -> Result<SendSession, String> {
    let (Some(text), Some(path)) = (saved, path) else {
        return Ok(SendSession::new(items, base, config));
    };
    let saved: SendState = serde_json::from_str(&text).map_err(|error| {
        format!(
            "« {} » n'est pas un état d'envoi lisible ({error}). Supprimez-le pour repartir de zéro, ou indiquez un \
             autre fichier avec --state.",
            path.display()
        )
    })?;
    SendSession::resume(items, base, config, saved).map_err(|error| refused_state(&error, path))
}

/// Why the state at `path` cannot serve, and what to do.
fn refused_state(error: &effectifs_send::ResumeError, path: &Path) -> String {
    format!(
        "{error}. L'état « {} » ne peut pas servir pour cet envoi : supprimez-le pour repartir de zéro (les lots qu'il \
         marque comme acceptés seraient alors renvoyés, sans risque : le Tableau de bord identifie un effectif par \
         son organisme, son année scolaire et son id_erp_apprenant), ou indiquez un autre fichier avec --state.",
        path.display()
    )
}

fn now_unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX))
}

/// The server's answer, as the engine needs it.
struct Answer {
    status: u16,
    retry_after: Option<String>,
    body: Vec<u8>,
}

/// Performs the engine's requests until it says it is done, saving the state after each answer.
fn drive(
    session: &mut SendSession,
    key: &str,
    base: &Base,
    options: &SendOptions,
    state_file: Option<&StateFile>,
    human: bool,
) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| format!("impossible de démarrer le client HTTP ({error})."))?;
    let mut builder = reqwest::Client::builder()
        .user_agent(concat!("effectifs/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(30))
        .timeout(Duration::from_secs(options.timeout_s.max(1)))
        // A POST is never replayed elsewhere: a redirection is an answer to explain, not to follow.
        .redirect(reqwest::redirect::Policy::none());
    if base.loopback {
        builder = builder.no_proxy();
    }
    let client = builder
        .build()
        .map_err(|error| format!("impossible de préparer le client HTTP ({error})."))?;
    let mut authorization = HeaderValue::from_str(&format!("Bearer {key}"))
        .map_err(|_| "la clé d'échange contient des caractères impossibles dans un en-tête HTTP.".to_owned())?;
    authorization.set_sensitive(true);
    let bar = progress_bar(session, human);
    let driven = runtime.block_on(async {
        // Bounded: the engine counts every retry and every wait, and always ends with `Done`.
        loop {
            match session.next_step() {
                Step::Send(request) => {
                    let total = session.progress().batches_total;
                    bar.set_message(match request.kind {
                        RequestKind::KeyCheck => "vérification de la clé d'échange".to_owned(),
                        RequestKind::Batch { batch } => format!("lot {batch}/{total}"),
                    });
                    let answer = post(&client, &request.url(&base.url), &authorization, request.body).await;
                    let now = now_unix_ms();
                    match &answer {
                        Ok(answer) => session.handle(
                            now,
                            Event::Response {
                                status: answer.status,
                                retry_after: answer.retry_after.as_deref(),
                                body: &answer.body,
                            },
                        ),
                        Err(detail) => session.handle(now, Event::NetworkError { detail }),
                    }
                    if let Some(file) = state_file
                        && let Err(message) = file.save(session.state())
                    {
                        // Going on would send batches that a resume would not know about.
                        let accepted = session.progress().batches_accepted;
                        return Err(format!(
                            "{message} : envoi arrêté, {} accepté(s) par le serveur. Une reprise avec cet état \
                             renverra peut-être le dernier lot accepté, sans risque : le Tableau de bord identifie un \
                             effectif par son organisme, son année scolaire et son id_erp_apprenant.",
                            plural(accepted, "lot", "lots")
                        ));
                    }
                    bar.set_position(u64::try_from(session.progress().items_sent).unwrap_or(u64::MAX));
                }
                Step::Wait(wait) => {
                    if human {
                        bar.suspend(|| terminal::err(&wait.to_string()));
                    }
                    tokio::time::sleep(Duration::from_millis(wait.delay_ms)).await;
                }
                Step::Done(_) => return Ok(()),
            }
        }
    });
    bar.finish_and_clear();
    driven
}

fn progress_bar(session: &SendSession, human: bool) -> ProgressBar {
    if !human {
        return ProgressBar::hidden();
    }
    let total = u64::try_from(session.progress().items_total).unwrap_or(u64::MAX);
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} lignes envoyées · {msg}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_position(u64::try_from(session.progress().items_sent).unwrap_or(u64::MAX));
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

async fn post(
    client: &reqwest::Client,
    url: &str,
    authorization: &HeaderValue,
    body: Vec<u8>,
) -> Result<Answer, String> {
    let response = client
        .post(url)
        .header(AUTHORIZATION, authorization.clone())
        .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
        .body(body)
        .send()
        .await
        .map_err(|error| network_detail(&error))?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    Ok(Answer {
        status,
        retry_after,
        body: read_capped(response).await?,
    })
}

/// The answer's body, at most [`ANSWER_LIMIT`] bytes: a larger one is read as empty, which no success
/// or error answer of the API is (so a 200 is "non confirmé", not accepted).
async fn read_capped(mut response: reqwest::Response) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|error| network_detail(&error))? {
        if body.len() + chunk.len() > ANSWER_LIMIT {
            return Ok(Vec::new());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A network failure in French, with its deepest cause ("connection closed before message completed").
fn network_detail(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "délai dépassé"
    } else if error.is_connect() {
        "connexion impossible"
    } else {
        "connexion interrompue"
    };
    let mut cause: &dyn std::error::Error = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    format!("{kind} : {cause}")
}

/// `5, 8, 11 et 13`, with runs written `2 à 2001`.
fn line_list(lines: &[u32]) -> String {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &line in lines {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == line => *end = line,
            _ => runs.push((line, line)),
        }
    }
    let words: Vec<String> = runs
        .iter()
        .flat_map(|&(start, end)| match end - start {
            0 => vec![start.to_string()],
            1 => vec![start.to_string(), end.to_string()],
            _ => vec![format!("{start} à {end}")],
        })
        .collect();
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} et {last}", rest.join(", ")),
    }
}

/// The lines of a batch: the list when it is short, else its first and last line.
fn batch_lines(lines: &[u32]) -> String {
    let runs = lines.windows(2).filter(|pair| pair[0] + 1 != pair[1]).count() + 1;
    match (lines.first(), lines.last()) {
        (Some(first), Some(last)) if first == last => format!("ligne {first}"),
        (Some(first), Some(last)) if runs > 4 => format!("de la ligne {first} à la ligne {last}"),
        (Some(_), Some(_)) => format!("lignes {}", line_list(lines)),
        _ => String::new(),
    }
}

/// What is about to be sent, or would be with `--dry-run`.
fn plan_text(session: &SendSession, base: &str, dry_run: bool) -> String {
    let outcome = session.outcome();
    let progress = outcome.progress;
    let mut out = String::from("\n");
    if progress.items_total == 0 {
        out.push_str("Aucune ligne valide : rien à envoyer.\n");
        return out;
    }
    let pending: Vec<&BatchOutcome> = outcome
        .batches
        .iter()
        .filter(|batch| batch.status == BatchStatus::Pending)
        .collect();
    let pending_lines: usize = pending.iter().map(|batch| batch.lines).sum();
    if progress.batches_accepted > 0 {
        let _ = writeln!(
            out,
            "Reprise d'un envoi : {} déjà accepté(s) ({}) ne sera pas renvoyé.",
            plural(progress.batches_accepted, "lot", "lots"),
            plural(progress.items_sent, "ligne", "lignes")
        );
    }
    if pending.is_empty() {
        out.push_str("Tous les lots ont déjà été acceptés lors d'un envoi précédent : rien à renvoyer.\n");
        return out;
    }
    let verb = if dry_run {
        "Simulation (--dry-run), rien n'est envoyé : seraient envoyées"
    } else {
        "Envoi de"
    };
    let _ = writeln!(
        out,
        "{verb} {} vers {base}, en {} :",
        plural(pending_lines, "ligne valide", "lignes valides"),
        plural(pending.len(), "lot", "lots")
    );
    for batch in pending {
        let lines = session
            .state()
            .batches
            .get(batch.batch - 1)
            .map(|record| record.lines.as_slice())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  lot {} : {} ({})",
            batch.batch,
            plural(batch.lines, "ligne", "lignes"),
            batch_lines(lines)
        );
    }
    out
}

/// The final report for a person.
fn outcome_text(report: &Report, outcome: &SendOutcome, options: &SendOptions, base: &str) -> String {
    let mut out = String::new();
    let invalid: Vec<u32> = report
        .lines
        .iter()
        .filter(|line| !line.is_valid())
        .map(|line| line.line)
        .collect();
    if options.dry_run {
        if !invalid.is_empty() {
            let _ = writeln!(
                out,
                "Non envoyées car en erreur dans le fichier : {} (lignes {}).",
                plural(invalid.len(), "ligne", "lignes"),
                line_list(&invalid)
            );
        }
        return out;
    }
    let progress = outcome.progress;
    let lines_with = |status: LineStatus| -> Vec<u32> {
        outcome
            .lines
            .iter()
            .filter(|line| line.status == status)
            .map(|line| line.line)
            .collect()
    };
    if let Some(stop) = &outcome.stop {
        out.push_str(&stop_text(stop, progress.batches_accepted, options.state.as_deref()));
    }
    let _ = writeln!(out, "\nRésultat de l'envoi vers {base} :");
    let _ = writeln!(
        out,
        "  {} par le serveur",
        plural(progress.items_accepted, "ligne acceptée", "lignes acceptées")
    );
    let rejected = lines_with(LineStatus::Rejected);
    if !rejected.is_empty() {
        let _ = writeln!(
            out,
            "  {} par le serveur (lignes {})",
            plural(rejected.len(), "ligne refusée", "lignes refusées"),
            line_list(&rejected)
        );
    }
    let unconfirmed = lines_with(LineStatus::Unconfirmed);
    if !unconfirmed.is_empty() {
        let _ = writeln!(
            out,
            "  {} : le serveur n'a pas répondu comme l'API, elles restent à envoyer (lignes {})",
            plural(unconfirmed.len(), "ligne non confirmée", "lignes non confirmées"),
            line_list(&unconfirmed)
        );
    }
    let not_sent = lines_with(LineStatus::NotSent);
    if !not_sent.is_empty() {
        let what = if not_sent.len() > 1 {
            format!("{} lignes valides ne sont pas encore envoyées", not_sent.len())
        } else {
            "1 ligne valide n'est pas encore envoyée".to_owned()
        };
        let _ = writeln!(out, "  {what} (lignes {})", line_list(&not_sent));
    }
    if !invalid.is_empty() {
        let _ = writeln!(
            out,
            "  {} car en erreur dans le fichier (lignes {})",
            plural(invalid.len(), "ligne non envoyée", "lignes non envoyées"),
            line_list(&invalid)
        );
    }
    let resumed = outcome.batches.iter().filter(|batch| batch.resumed).count();
    let _ = write!(
        out,
        "  Lots acceptés : {}/{}",
        progress.batches_accepted, progress.batches_total
    );
    if resumed > 0 {
        let _ = write!(out, " (dont {resumed} lors d'un envoi précédent)");
    }
    out.push('\n');
    for line in outcome.lines.iter().filter(|line| line.status == LineStatus::Rejected) {
        let _ = writeln!(out, "\nLigne {} — refusée par le serveur", line.line);
        for error in &line.errors {
            let place = match error.field.as_deref() {
                Some(name) => Field::from_name(name)
                    .map_or_else(|| name.to_owned(), |field| format!("{} ({name})", field.label())),
                None => "ligne".to_owned(),
            };
            let _ = writeln!(out, "  ✗ {place} : {}", error.message);
        }
    }
    if !rejected.is_empty() {
        out.push_str(
            "\nLes lignes refusées sont enregistrées comme invalides par le Tableau de bord et ne seront pas traitées : \
             corrigez-les dans le fichier puis envoyez-les à nouveau.\n",
        );
    }
    out
}

/// Why sending stopped, and how to resume.
fn stop_text(stop: &Stop, accepted: usize, state: Option<&Path>) -> String {
    let mut out = format!("\n{}\n", stop.message);
    match state {
        Some(path) if accepted > 0 => {
            let _ = writeln!(
                out,
                "Pour reprendre, relancez la même commande (avec --state {}) : les {} déjà acceptés ne seront pas \
                 renvoyés.",
                path.display(),
                plural(accepted, "lot", "lots")
            );
        }
        Some(path) => {
            let _ = writeln!(
                out,
                "Pour reprendre, relancez la même commande (avec --state {}).",
                path.display()
            );
        }
        None if accepted > 0 => {
            out.push_str(
                "Sans --state, les lots déjà acceptés ne sont pas mémorisés : une nouvelle exécution les renverrait. \
                 Utilisez --state FICHIER pour qu'une reprise ne renvoie que le reste.\n",
            );
        }
        None => {}
    }
    out
}

/// `effectifs send --format json`.
#[derive(Debug, Serialize)]
struct SendJson<'a> {
    #[serde(serialize_with = "effectifs_api::report::serialize_file")]
    file: FileDescription,
    profile: &'static str,
    base: &'a str,
    dry_run: bool,
    completed: bool,
    stop: Option<Stop>,
    summary: SendSummaryJson,
    batches: Vec<BatchOutcome>,
    lines: Vec<SentLineJson>,
}

#[derive(Debug, Serialize)]
struct SendSummaryJson {
    lines: usize,
    valid: usize,
    invalid: usize,
    batches: usize,
    batches_accepted: usize,
    accepted: usize,
    rejected: usize,
    unconfirmed: usize,
    not_sent: usize,
}

#[derive(Debug, Serialize)]
struct SentLineJson {
    line: u32,
    /// `accepted`, `rejected`, `unconfirmed`, `not_sent` or `invalid` (not sent: errors in the file).
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    batch: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<ErrorJson>,
}

#[derive(Debug, Serialize)]
struct ErrorJson {
    field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'static str>,
    message: String,
}

impl SendJson<'_> {
    fn new<'a>(
        file: FileDescription,
        report: &Report,
        outcome: &SendOutcome,
        base: &'a str,
        dry_run: bool,
    ) -> SendJson<'a> {
        let mut lines: Vec<SentLineJson> = report
            .lines
            .iter()
            .filter(|line| !line.is_valid())
            .map(|line| SentLineJson {
                line: line.line,
                status: "invalid",
                batch: None,
                errors: line
                    .errors()
                    .map(|diagnostic| ErrorJson {
                        field: diagnostic.field.map(|field| field.name().to_owned()),
                        code: Some(diagnostic.code()),
                        message: diagnostic.message(),
                    })
                    .collect(),
            })
            .chain(outcome.lines.iter().map(|line| {
                SentLineJson {
                    line: line.line,
                    status: line.status.as_str(),
                    batch: Some(line.batch),
                    errors: line
                        .errors
                        .iter()
                        .map(|error| ErrorJson {
                            field: error.field.clone(),
                            code: None,
                            message: error.message.clone(),
                        })
                        .collect(),
                }
            }))
            .collect();
        lines.sort_by_key(|line| line.line);
        let summary = report.summary();
        let progress = outcome.progress;
        SendJson {
            file,
            profile: report.profile.as_str(),
            base,
            dry_run,
            completed: outcome.completed,
            stop: outcome.stop.clone(),
            summary: SendSummaryJson {
                lines: summary.lines,
                valid: summary.valid,
                invalid: summary.invalid,
                batches: progress.batches_total,
                batches_accepted: progress.batches_accepted,
                accepted: progress.items_accepted,
                rejected: progress.items_rejected,
                unconfirmed: progress.items_unconfirmed,
                not_sent: progress.items_total - progress.items_sent,
            },
            batches: outcome.batches.clone(),
            lines,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_lists() {
        let cases: &[(&[u32], &str)] = &[
            (&[], ""),
            (&[5], "5"),
            (&[5, 8], "5 et 8"),
            (&[5, 8, 11, 13], "5, 8, 11 et 13"),
            (&[2, 3, 4, 7, 9, 10], "2 à 4, 7, 9 et 10"),
        ];
        for (lines, expected) in cases {
            assert_eq!(line_list(lines), *expected);
        }
    }
}
