//! `effectifs send`, `sandbox` and `serve` as a user runs them, against the sandbox started in
//! this process on 127.0.0.1 (never any other address): batches, a wrong key, 429, failures and
//! resume, server-side refusals, and the key never shown.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use effectifs_sandbox::{ExtraRule, Fault, RateLimit, Sandbox, SandboxConfig, Store};
use serde_json::Value as Json;

mod common;
use common::{KEY, repo, scratch};

fn sandbox(config: SandboxConfig) -> Sandbox {
    let config = SandboxConfig {
        keys: vec![KEY.to_owned()],
        ..config
    };
    Sandbox::start("127.0.0.1:0", config, Store::in_memory().expect("a store")).expect("the sandbox starts")
}

const HEADER: &str = "nom_apprenant;prenom_apprenant;date_de_naissance_apprenant;annee_scolaire;id_erp_apprenant;\
date_inscription_formation;date_entree_formation;date_fin_formation;etablissement_responsable_uai;\
etablissement_responsable_siret;etablissement_formateur_uai;etablissement_formateur_siret;email_contact;\
adresse_apprenant;code_postal_apprenant;sexe_apprenant;annee_formation;contrat_date_debut";

/// A CSV of `count` valid learners (lines 2…), with the values of the fixture's valid lines;
/// `nom` gives the last name of the learner on a line.
fn write_csv(path: &Path, count: u32, nom: impl Fn(u32) -> String) {
    let mut text = String::from(HEADER);
    text.push('\n');
    for line in 2..2 + count {
        text.push_str(&format!(
            "{};Hélène;14/03/2007;2025-2026;E{line:05};02/07/2025;01/09/2025;30/06/2027;0755805C;77568013501139;\
             0802004U;77937827200016;eleve{line}@exemple.fr;12 rue de la Fontaine;01000;F;1;01/09/2025\n",
            nom(line)
        ));
    }
    std::fs::write(path, text).expect("the CSV is written");
}

fn key_file(dir: &Path) -> String {
    let path = dir.join("cle.txt");
    std::fs::write(&path, format!("{KEY}\n")).expect("the key file is written");
    path.display().to_string()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// Runs the binary; the key never appears on its outputs.
fn run(args: &[&str], env: &[(&str, &str)]) -> Run {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_effectifs"))
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("the binary runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed: started.elapsed(),
    };
    assert!(
        !run.stdout.contains(KEY) && !run.stderr.contains(KEY),
        "the key leaked in the output of {args:?}"
    );
    run
}

fn json(run: &Run) -> Json {
    serde_json::from_str(&run.stdout).unwrap_or_else(|error| panic!("JSON expected ({error}): {}", run.stdout))
}

/// The `id_erp_apprenant` of every dossier the sandbox stored, in arrival order.
fn stored_ids(sandbox: &Sandbox) -> Vec<String> {
    sandbox
        .store()
        .received()
        .expect("the store is readable")
        .iter()
        .map(|text| {
            let item: Json = serde_json::from_str(text).expect("stored as JSON");
            item["id_erp_apprenant"].as_str().unwrap_or_default().to_owned()
        })
        .collect()
}

/// `E00002`… for lines `2..2+count`.
fn expected_ids(lines: impl IntoIterator<Item = u32>) -> Vec<String> {
    lines.into_iter().map(|line| format!("E{line:05}")).collect()
}

/// Every id exactly once.
fn assert_exactly_once(stored: &[String], expected: &[String]) {
    let unique: BTreeSet<&String> = stored.iter().collect();
    assert_eq!(unique.len(), stored.len(), "a dossier was stored twice");
    let expected: BTreeSet<&String> = expected.iter().collect();
    assert_eq!(unique, expected, "stored exactly the valid lines");
}

#[test]
fn happy_path_with_the_fixture() {
    let sandbox = sandbox(SandboxConfig::default());
    let dir = scratch("send", "happy");
    let keys = key_file(&dir);
    let fixture = repo("tests/data/effectifs-cp1252.csv");
    let base = sandbox.base_url();
    let human = run(
        &[
            "send",
            &fixture,
            "--key-file",
            &keys,
            "--base",
            &base,
            "--today",
            "2026-11-23",
        ],
        &[],
    );
    assert_eq!(human.code, 1, "4 lines of the file are invalid: {}", human.stderr);
    for expected in [
        "12 lignes : 8 valides, 4 en erreur",
        "Envoi de 8 lignes valides vers",
        "8 lignes acceptées par le serveur",
        "4 lignes non envoyées car en erreur dans le fichier (lignes 5, 8, 11 et 13)",
        "Lots acceptés : 1/1",
    ] {
        assert!(human.stdout.contains(expected), "« {expected} » in:\n{}", human.stdout);
    }
    assert!(
        !human.stderr.contains("ERP"),
        "no notice for a local sandbox: {}",
        human.stderr
    );
    assert_eq!(sandbox.store().received().expect("listed").len(), 8);

    // The same file again, in JSON, with the key in an environment variable.
    let machine = run(
        &[
            "send",
            &fixture,
            "--key-env",
            "EFFECTIFS_CLE",
            "--base",
            &base,
            "--format",
            "json",
        ],
        &[("EFFECTIFS_CLE", KEY)],
    );
    assert_eq!(machine.code, 1);
    let report = json(&machine);
    assert_eq!(report["completed"], true);
    assert_eq!(report["stop"], Json::Null);
    assert_eq!(report["summary"]["accepted"], 8);
    assert_eq!(report["summary"]["invalid"], 4);
    let statuses: Vec<(u64, &str)> = report["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|line| {
            (
                line["line"].as_u64().unwrap_or(0),
                line["status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            (2, "accepted"),
            (3, "accepted"),
            (4, "accepted"),
            (5, "invalid"),
            (6, "accepted"),
            (7, "accepted"),
            (8, "invalid"),
            (9, "accepted"),
            (10, "accepted"),
            (11, "invalid"),
            (12, "accepted"),
            (13, "invalid"),
        ]
    );
    assert_eq!(report["lines"][3]["errors"][0]["code"], "date-inexistante");
}

#[test]
fn a_4500_line_file_goes_in_3_batches() {
    let sandbox = sandbox(SandboxConfig::default());
    let dir = scratch("send", "batches");
    let keys = key_file(&dir);
    let file = dir.join("effectifs.csv");
    write_csv(&file, 4500, |line| format!("NOM{line}"));
    let result = run(
        &[
            "send",
            &file.display().to_string(),
            "--key-file",
            &keys,
            "--base",
            &sandbox.base_url(),
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(result.code, 0, "{}", result.stderr);
    let report = json(&result);
    let batches: Vec<(u64, u64, u64)> = report["batches"]
        .as_array()
        .expect("batches")
        .iter()
        .map(|batch| {
            (
                batch["lines"].as_u64().unwrap_or(0),
                batch["first_line"].as_u64().unwrap_or(0),
                batch["last_line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(batches, [(2000, 2, 2001), (2000, 2002, 4001), (500, 4002, 4501)]);
    assert_eq!(report["summary"]["accepted"], 4500);
    assert_eq!(sandbox.store().batch_count().expect("counted"), 3);
    assert_exactly_once(&stored_ids(&sandbox), &expected_ids(2..4502));
}

#[test]
fn a_wrong_key_stops_with_the_server_message() {
    let sandbox = sandbox(SandboxConfig::default());
    let dir = scratch("send", "wrong-key");
    let keys = dir.join("autre-cle.txt");
    std::fs::write(&keys, "00000000-0000-4000-8000-000000000000\n").expect("written");
    let result = run(
        &[
            "send",
            &repo("tests/data/effectifs-cp1252.csv"),
            "--key-file",
            &keys.display().to_string(),
            "--base",
            &sandbox.base_url(),
        ],
        &[],
    );
    assert_eq!(result.code, 3, "{}", result.stdout);
    assert!(
        result.stdout.contains("« La clé API n'est pas valide »")
            && result.stdout.contains("la clé d'échange est refusée"),
        "{}",
        result.stdout
    );
    assert!(sandbox.store().received().expect("listed").is_empty());
}

#[test]
fn rate_limit_retry_after_is_honoured() {
    let sandbox = sandbox(SandboxConfig {
        rate: Some(RateLimit {
            requests: 2,
            window: Duration::from_secs(1),
        }),
        ..SandboxConfig::default()
    });
    let dir = scratch("send", "rate");
    let keys = key_file(&dir);
    let file = dir.join("effectifs.csv");
    write_csv(&file, 2, |line| format!("NOM{line}"));
    // The key check and batch 1 use the window's two requests; batch 2 gets a 429 with `Retry-After: 1`.
    let result = run(
        &[
            "send",
            &file.display().to_string(),
            "--key-file",
            &keys,
            "--base",
            &sandbox.base_url(),
            "--batch",
            "1",
        ],
        &[],
    );
    assert_eq!(result.code, 0, "{}\n{}", result.stdout, result.stderr);
    assert!(
        result.stderr.contains(
            "Lot 2 : le serveur limite le nombre de requêtes (HTTP 429) et demande d'attendre ; nouvel essai dans 1 s"
        ),
        "{}",
        result.stderr
    );
    assert!(
        result.elapsed >= Duration::from_secs(1),
        "the client waited: {:?}",
        result.elapsed
    );
    assert_exactly_once(&stored_ids(&sandbox), &expected_ids(2..4));
}

#[test]
fn failures_are_retried_then_an_interrupted_send_resumes() {
    // Retried within the budget: a 500, then a dropped connection, then success.
    let sandbox_a = sandbox(SandboxConfig {
        faults: vec![Fault::ServerError, Fault::DropConnection],
        ..SandboxConfig::default()
    });
    let dir = scratch("send", "resume");
    let keys = key_file(&dir);
    let file = dir.join("effectifs.csv");
    write_csv(&file, 5, |line| format!("NOM{line}"));
    let file = file.display().to_string();
    let quick = ["--backoff-ms", "5", "--batch", "2"];
    let mut args = vec!["send", &file, "--key-file", &keys];
    args.extend(quick);
    let base_a = sandbox_a.base_url();
    let result = run(&[args.as_slice(), &["--base", &base_a]].concat(), &[]);
    assert_eq!(result.code, 0, "{}\n{}", result.stdout, result.stderr);
    assert!(
        result.stderr.contains("Lot 1 : le serveur répond HTTP 500"),
        "{}",
        result.stderr
    );
    assert!(result.stderr.contains("Lot 1 : erreur réseau"), "{}", result.stderr);
    assert_exactly_once(&stored_ids(&sandbox_a), &expected_ids(2..7));

    // Beyond the budget: batch 1 accepted, batch 2 fails twice, the send stops; the re-run resumes.
    let sandbox_b = sandbox(SandboxConfig {
        faults: vec![Fault::None, Fault::ServerError, Fault::DropConnection],
        ..SandboxConfig::default()
    });
    let state = dir.join("envoi.json");
    let state_text = state.display().to_string();
    let base_b = sandbox_b.base_url();
    let resumable = [
        args.as_slice(),
        &["--base", &base_b, "--retries", "1", "--state", &state_text],
    ]
    .concat();
    let stopped = run(&resumable, &[]);
    assert_eq!(stopped.code, 3, "{}\n{}", stopped.stdout, stopped.stderr);
    assert!(stopped.stdout.contains("après 2 essais"), "{}", stopped.stdout);
    assert!(stopped.stdout.contains("Lots acceptés : 1/3"), "{}", stopped.stdout);
    assert_exactly_once(&stored_ids(&sandbox_b), &expected_ids(2..4));
    let saved = std::fs::read_to_string(&state).expect("the state is written");
    assert!(!saved.contains(KEY), "no key in the state file");

    let resumed = run(&resumable, &[]);
    assert_eq!(resumed.code, 0, "{}\n{}", resumed.stdout, resumed.stderr);
    assert!(
        resumed
            .stdout
            .contains("Reprise d'un envoi : 1 lot déjà accepté(s) (2 lignes) ne sera pas renvoyé."),
        "{}",
        resumed.stdout
    );
    assert!(
        resumed
            .stdout
            .contains("Lots acceptés : 3/3 (dont 1 lors d'un envoi précédent)")
    );
    assert_exactly_once(&stored_ids(&sandbox_b), &expected_ids(2..7));
    assert_eq!(
        sandbox_b.store().batch_count().expect("counted"),
        3,
        "batch 1 was not sent again"
    );

    // Done: a third run sends nothing.
    let again = run(&resumable, &[]);
    assert_eq!(again.code, 0);
    assert!(again.stdout.contains("rien à renvoyer"), "{}", again.stdout);
    assert_exactly_once(&stored_ids(&sandbox_b), &expected_ids(2..7));
    assert!(!std::fs::read_to_string(&state).expect("kept").contains(KEY));

    // The state belongs to this content: after an edit, it is refused.
    write_csv(Path::new(&file), 5, |line| {
        if line == 4 {
            "AUTRE".to_owned()
        } else {
            format!("NOM{line}")
        }
    });
    let edited = run(&resumable, &[]);
    assert_eq!(edited.code, 2);
    assert!(edited.stderr.contains("autre contenu"), "{}", edited.stderr);
    assert_exactly_once(&stored_ids(&sandbox_b), &expected_ids(2..7));
}

#[test]
fn server_side_refusals_are_mapped_to_their_lines() {
    // A server stricter than our validator: it refuses the learners named REFUS*.
    let rule: ExtraRule = Arc::new(|item| {
        let refused = item
            .get("nom_apprenant")
            .and_then(Json::as_str)
            .is_some_and(|nom| nom.starts_with("REFUS"));
        if refused {
            vec![(
                "nom_apprenant".to_owned(),
                "Nom refusé par le serveur de test".to_owned(),
            )]
        } else {
            Vec::new()
        }
    });
    let sandbox = sandbox(SandboxConfig {
        extra_rule: Some(rule),
        ..SandboxConfig::default()
    });
    let dir = scratch("send", "refusals");
    let keys = key_file(&dir);
    let file = dir.join("effectifs.csv");
    write_csv(&file, 6, |line| {
        if line == 3 || line == 6 {
            format!("Refus{line}")
        } else {
            format!("Nom{line}")
        }
    });
    let file = file.display().to_string();
    let base = sandbox.base_url();
    let args = ["send", &file, "--key-file", &keys, "--base", &base, "--batch", "4"];
    let machine = run(&[args.as_slice(), &["--format", "json"]].concat(), &[]);
    assert_eq!(machine.code, 1, "{}", machine.stderr);
    let report = json(&machine);
    let outcomes: Vec<String> = report["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|line| {
            let errors: Vec<String> = line["errors"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|error| {
                    format!(
                        "{}: {}",
                        error["field"].as_str().unwrap_or("-"),
                        error["message"].as_str().unwrap_or("")
                    )
                })
                .collect();
            format!(
                "{} {} {}",
                line["line"],
                line["status"].as_str().unwrap_or(""),
                errors.join(", ")
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            "2 accepted ",
            "3 rejected nom_apprenant: Nom refusé par le serveur de test",
            "4 accepted ",
            "5 accepted ",
            "6 rejected nom_apprenant: Nom refusé par le serveur de test",
            "7 accepted ",
        ]
    );
    assert_eq!(report["summary"]["rejected"], 2);
    assert_exactly_once(&stored_ids(&sandbox), &expected_ids([2, 4, 5, 7]));

    let human = run(&args, &[]);
    assert_eq!(human.code, 1);
    assert!(
        human
            .stdout
            .contains("2 lignes refusées par le serveur (lignes 3 et 6)"),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains("Ligne 6 — refusée par le serveur\n  ✗ Nom (nom_apprenant) : Nom refusé par le serveur de test"),
        "{}",
        human.stdout
    );
}

#[test]
fn the_key_is_never_a_plain_argument() {
    let dir = scratch("send", "arguments");
    let fixture = repo("tests/data/effectifs-cp1252.csv");
    let cases: &[(&[&str], i32, &str)] = &[
        (&["send", &fixture], 2, "--key-file FICHIER ou --key-env VARIABLE"),
        (
            &["send", &fixture, "--key", KEY],
            2,
            "jamais en clair sur la ligne de commande",
        ),
        (
            &["send", &fixture, "--key-env", "EFFECTIFS_TEST_ABSENTE"],
            2,
            "n'est pas définie",
        ),
        (
            &[
                "send",
                &fixture,
                "--key-env",
                "EFFECTIFS_TEST_CLE",
                "--base",
                "http://exemple.fr/api",
            ],
            2,
            "n'est pas chiffrée",
        ),
    ];
    for (args, code, expected) in cases {
        let output = Command::new(env!("CARGO_BIN_EXE_effectifs"))
            .args(*args)
            .env("EFFECTIFS_TEST_CLE", KEY)
            .output()
            .expect("the binary runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(*code), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(!stderr.contains(KEY), "the key is not repeated: {args:?}");
    }
    // A key file with a space inside: refused without showing it.
    let spaced = dir.join("cle.txt");
    std::fs::write(&spaced, format!("{KEY} {KEY}")).expect("written");
    let result = run(&["send", &fixture, "--key-file", &spaced.display().to_string()], &[]);
    assert_eq!(result.code, 2);
    assert!(result.stderr.contains("caractères inattendus"), "{}", result.stderr);
    // A dry run needs no key and sends nothing.
    let sandbox = sandbox(SandboxConfig::default());
    let dry = run(&["send", &fixture, "--dry-run", "--base", &sandbox.base_url()], &[]);
    assert_eq!(dry.code, 1, "invalid lines in the file: {}", dry.stderr);
    assert!(
        dry.stdout
            .contains("Simulation (--dry-run), rien n'est envoyé : seraient envoyées 8 lignes valides"),
        "{}",
        dry.stdout
    );
    assert!(sandbox.store().received().expect("listed").is_empty());
}

/// A child process killed when the test ends (ours, by its handle).
struct Server {
    child: Child,
    lines: Vec<String>,
}

impl Server {
    /// Starts `effectifs ARGS` and reads its banner up to the `Arrêt` line.
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_effectifs"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let lines = common::banner(child.stdout.take().expect("piped"));
        Server { child, lines }
    }

    /// The text after `prefix` on the banner line that starts with it.
    fn banner(&self, prefix: &str) -> String {
        self.lines
            .iter()
            .find_map(|line| line.trim_start().strip_prefix(prefix))
            .unwrap_or_else(|| panic!("« {prefix} » in {:?}", self.lines))
            .trim()
            .to_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `(status, body)` of a plain HTTP/1.1 request to 127.0.0.1.
fn http(address: &str, method: &str, path: &str, authorization: Option<&str>) -> (u16, String) {
    let mut stream = TcpStream::connect(address).expect("the server listens");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("a timeout");
    let auth = authorization.map_or_else(String::new, |value| format!("Authorization: {value}\r\n"));
    let request =
        format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n{auth}Content-Length: 0\r\n\r\n");
    stream.write_all(request.as_bytes()).expect("sent");
    let mut raw = String::new();
    let _ = stream.read_to_string(&mut raw);
    let status = raw.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    let body = raw
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn sandbox_command_serves_and_lists() {
    let dir = scratch("send", "sandbox-command");
    let db = dir.join("sandbox.sqlite").display().to_string();
    let server = Server::start(&["sandbox", "--listen", "127.0.0.1:0", "--db", &db, "--key", KEY]);
    let base = server.banner("Bac à sable de l'API du Tableau de bord de l'apprentissage :");
    assert!(
        base.starts_with("http://127.0.0.1:") && base.ends_with("/api"),
        "{base}"
    );
    assert!(
        !server.lines.iter().any(|line| line.contains(KEY)),
        "a given key is not printed"
    );
    let address = base.trim_start_matches("http://").trim_end_matches("/api");
    let bearer = format!("Bearer {KEY}");
    assert_eq!(
        http(address, "POST", "/api/v3/dossiers-apprenants/test", Some(&bearer)),
        (200, r#"{"msg":"ok"}"#.to_owned())
    );
    let keys = key_file(&dir);
    let sent = run(
        &[
            "send",
            &repo("tests/data/effectifs-cp1252.csv"),
            "--key-file",
            &keys,
            "--base",
            &base,
        ],
        &[],
    );
    assert_eq!(sent.code, 1, "{}", sent.stderr);
    drop(server);

    let listed = run(&["sandbox", "--db", &db, "--list"], &[]);
    assert_eq!(listed.code, 0);
    let items: Vec<Json> = listed
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect();
    assert_eq!(items.len(), 8);
    assert_eq!(items[0]["nom_apprenant"], "LEFÈVRE", "as received");

    // Without --key, a demo key (UUID v4) is generated and printed.
    let demo = Server::start(&["sandbox", "--listen", "127.0.0.1:0", "--db", &db]);
    let key = demo.banner("Clé d'échange de démonstration :");
    assert_eq!(
        key.split('-').map(str::len).collect::<Vec<_>>(),
        [8, 4, 4, 4, 12],
        "{key}"
    );
}

#[test]
fn serve_relays_the_api_and_serves_the_app() {
    let dir = scratch("send", "serve");
    let db = dir.join("serve.sqlite");
    let missing = dir.join("dist");
    let server = Server::start(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--dir",
        &missing.display().to_string(),
        "--db",
        &db.display().to_string(),
    ]);
    let url = server.banner("effectifs serve :");
    let address = url.trim_start_matches("http://").trim_end_matches('/').to_owned();
    let key = server.banner("Clé d'échange de démonstration :");
    let (status, page) = http(&address, "GET", "/", None);
    assert_eq!(status, 200);
    assert!(page.contains("L'application web n'est pas encore construite"), "{page}");
    assert_eq!(
        http(
            &address,
            "POST",
            "/api/v3/dossiers-apprenants/test",
            Some("Bearer faux")
        ),
        (
            403,
            r#"{"error":"Forbidden","message":"La clé API n'est pas valide"}"#.to_owned()
        )
    );
    let sent = Command::new(env!("CARGO_BIN_EXE_effectifs"))
        .args([
            "send",
            &repo("tests/data/effectifs-cp1252.csv"),
            "--key-env",
            "EFFECTIFS_DEMO",
            "--base",
            &format!("http://{address}/api"),
        ])
        .env("EFFECTIFS_DEMO", &key)
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&sent.stdout);
    assert_eq!(sent.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("8 lignes acceptées par le serveur"), "{stdout}");
    drop(server);
    let store = Store::open(&db).expect("the sandbox store");
    assert_eq!(store.received().expect("listed").len(), 8);

    // With a built app: its files, and its index for the app's own routes.
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).expect("created");
    std::fs::write(dist.join("index.html"), "<!doctype html><title>app</title>").expect("written");
    let built = Server::start(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--dir",
        &dist.display().to_string(),
        "--db",
        &db.display().to_string(),
    ]);
    let address = built
        .banner("effectifs serve :")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    assert_eq!(
        http(&address, "GET", "/", None),
        (200, "<!doctype html><title>app</title>".to_owned())
    );
    assert_eq!(
        http(&address, "GET", "/envoi/recu", None),
        (200, "<!doctype html><title>app</title>".to_owned())
    );
}
