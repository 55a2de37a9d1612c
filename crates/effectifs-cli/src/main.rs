//! The `effectifs` command: checks a CFA's learner file against the national contract, shows what the
//! Tableau de bord will count from it month by month, sends its valid lines, runs the local API
//! stand-in and the local server, writes the upload template.
//! Exit codes: 0 every line valid, 1 some line invalid, 2 unreadable file or wrong arguments
//! (`send` adds 3: sending stopped before the end; `indicateurs` gives 0 once the series is printed).

mod address;
mod args;
mod check;
mod human;
mod indicateurs;
mod local;
mod sandbox;
mod send;
mod serve;
mod state_file;
mod terminal;

use std::process::ExitCode;

/// A faster allocator than the system's: validation allocates many small strings.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let command = match args::parse(std::env::args_os()) {
        Ok(command) => command,
        Err(exit) => return exit,
    };
    match command {
        args::Command::Check(options) => check::run(&options),
        args::Command::Indicateurs(options) => indicateurs::run(&options),
        args::Command::Template { out } => write_template(&out),
        args::Command::Send(options) => send::run(&options),
        args::Command::Sandbox(options) => sandbox::run(&options),
        args::Command::Serve(options) => serve::run(&options),
    }
}

fn write_template(out: &std::path::Path) -> ExitCode {
    let bytes = match effectifs_sheet::template() {
        Ok(bytes) => bytes,
        Err(error) => {
            terminal::err(&format!("Erreur : impossible de générer le modèle ({error})."));
            return ExitCode::from(2);
        }
    };
    match std::fs::write(out, bytes) {
        Ok(()) => {
            terminal::out(&format!("Modèle écrit : {}\n", out.display()));
            ExitCode::SUCCESS
        }
        Err(error) => {
            terminal::err(&format!(
                "Erreur : impossible d'écrire « {} » ({error}).",
                out.display()
            ));
            ExitCode::from(2)
        }
    }
}
