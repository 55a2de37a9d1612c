//! `effectifs sandbox`: the local stand-in for the national API (D12), or `--list` of what it stored.

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Duration;

use effectifs_sandbox::{RateLimit, Sandbox, SandboxConfig, Store};

use crate::args::SandboxOptions;
use crate::terminal;

/// Runs the sandbox until the process is stopped, or lists the store.
pub fn run(options: &SandboxOptions) -> ExitCode {
    let db = match crate::local::database(options.db.as_deref()) {
        Ok(db) => db,
        Err(message) => {
            terminal::err(&format!("Erreur : {message}"));
            return ExitCode::from(2);
        }
    };
    let store = match Store::open(&db) {
        Ok(store) => store,
        Err(error) => {
            terminal::err(&format!(
                "Erreur : impossible d'ouvrir la base « {} » ({error}).",
                db.display()
            ));
            return ExitCode::from(2);
        }
    };
    if options.list {
        return list(&store);
    }
    let demo = options.keys.is_empty();
    let keys = if demo {
        vec![effectifs_sandbox::demo_key()]
    } else {
        options.keys.clone()
    };
    let config = SandboxConfig {
        keys: keys.clone(),
        rate: options.rate.map(|requests| RateLimit {
            requests,
            window: Duration::from_secs(60),
        }),
        fail_rate: options.fail_rate,
        faults: Vec::new(),
        latency: Duration::from_millis(options.latency_ms),
        seed: options.seed.unwrap_or_else(effectifs_sandbox::random_seed),
        extra_rule: None,
        log_requests: true,
        timeouts: options.timeouts,
    };
    let sandbox = match Sandbox::start(&options.listen, config, store) {
        Ok(sandbox) => sandbox,
        Err(error) => {
            terminal::err(&format!(
                "Erreur : impossible d'écouter sur {} ({error}).",
                options.listen
            ));
            return ExitCode::from(2);
        }
    };
    let mut banner = format!(
        "Bac à sable de l'API du Tableau de bord de l'apprentissage : {}\n",
        sandbox.base_url()
    );
    banner.push_str(&format!(
        "  Envoi : POST {}/v3/dossiers-apprenants\n",
        sandbox.base_url()
    ));
    banner.push_str(&format!(
        "  Base : {} (effectifs sandbox --db {} --list) ; {}.\n",
        db.display(),
        db.display(),
        crate::local::PERSONAL_DATA
    ));
    if demo {
        // A demo key only opens this local sandbox: printing it is the point.
        banner.push_str(&format!("  Clé d'échange de démonstration : {}\n", keys.join(", ")));
    } else {
        banner.push_str(&format!("  Clés acceptées : {}\n", keys.len()));
    }
    terminal::out(&banner);
    if let Some(rate) = options.rate {
        println!("  Limite : {rate} requêtes par minute et par clé");
    }
    if options.fail_rate > 0.0 {
        println!("  Pannes simulées : {} % des envois", options.fail_rate * 100.0);
    }
    println!("Arrêt : Ctrl+C.");
    // Tests and scripts read the lines above as soon as they are printed.
    let _ = std::io::stdout().flush();
    crate::local::warn_if_exposed(sandbox.addr(), "le bac à sable");
    sandbox.wait();
    ExitCode::SUCCESS
}

/// Prints every stored dossier as received, one JSON object per line.
fn list(store: &Store) -> ExitCode {
    let received = match store.received() {
        Ok(received) => received,
        Err(error) => {
            terminal::err(&format!("Erreur : impossible de lire la base ({error})."));
            return ExitCode::from(2);
        }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for text in received {
        // Kept as received; an item sent pretty-printed is written compact, to stay on one line.
        let line = if text.contains(['\n', '\r']) {
            serde_json::from_str::<serde_json::Value>(&text).map_or(text, |value| value.to_string())
        } else {
            text
        };
        if writeln!(out, "{line}").is_err() {
            // A closed pipe (`| head`) is the reader's choice.
            return ExitCode::SUCCESS;
        }
    }
    let _ = out.flush();
    ExitCode::SUCCESS
}
