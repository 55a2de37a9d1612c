//! `send`, `serve` and `sandbox` against hostile or broken peers, all on 127.0.0.1: a recording
//! proxy, servers answering 200 with a page, redirecting, stalling, or refusing a key, and clients
//! that stop half-way. Each test names the promise it keeps.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use effectifs_sandbox::{Sandbox, SandboxConfig, Store};
use serde_json::Value as Json;

mod common;
use common::{KEY, repo, scratch};

const OTHER_KEY: &str = "00000000-0000-4000-8000-000000000000";

fn key_file(dir: &Path, key: &str) -> String {
    let path = dir.join(format!("cle-{}.txt", &key[..8]));
    std::fs::write(&path, format!("{key}\n")).expect("the key file is written");
    path.display().to_string()
}

fn text(path: &Path) -> String {
    path.display().to_string()
}

const HEADER: &str = "nom_apprenant;prenom_apprenant;date_de_naissance_apprenant;annee_scolaire;id_erp_apprenant;\
date_inscription_formation;date_entree_formation;date_fin_formation;etablissement_responsable_uai;\
etablissement_responsable_siret;etablissement_formateur_uai;etablissement_formateur_siret;email_contact;\
adresse_apprenant;code_postal_apprenant;sexe_apprenant;annee_formation;contrat_date_debut";

/// A CSV of `count` valid learners (lines 2…).
fn write_csv(path: &Path, count: u32) {
    let mut text = String::from(HEADER);
    text.push('\n');
    for line in 2..2 + count {
        text.push_str(&format!(
            "NOM{line};Hélène;14/03/2007;2025-2026;E{line:05};02/07/2025;01/09/2025;30/06/2027;0755805C;77568013501139;\
             0802004U;77937827200016;eleve{line}@exemple.fr;12 rue de la Fontaine;01000;F;1;01/09/2025\n"
        ));
    }
    std::fs::write(path, text).expect("the CSV is written");
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary; no key ever appears on its outputs.
fn run(args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_effectifs"))
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("the binary runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    for key in [KEY, OTHER_KEY] {
        assert!(
            !run.stdout.contains(key) && !run.stderr.contains(key),
            "a key leaked in the output of {args:?}"
        );
    }
    run
}

fn sandbox(keys: &[&str]) -> Sandbox {
    let config = SandboxConfig {
        keys: keys.iter().map(|key| (*key).to_owned()).collect(),
        ..SandboxConfig::default()
    };
    Sandbox::start("127.0.0.1:0", config, Store::in_memory().expect("a store")).expect("the sandbox starts")
}

/// One request a fake server received.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    target: String,
    head: String,
    body: Vec<u8>,
}

/// What a fake server does with a request.
enum Reply {
    /// Answers these bytes and closes.
    Raw(String),
    /// Writes these bytes, then holds the connection open without another byte.
    Stall(&'static str),
}

fn reply(status: &str, content_type: &str, body: &str) -> Reply {
    Reply::Raw(format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ))
}

/// A one-request-per-connection HTTP server on 127.0.0.1 that records what it receives.
struct Fake {
    addr: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
}

impl Fake {
    fn start(answer: impl Fn(&Seen) -> Reply + Send + 'static) -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
        listener.set_nonblocking(true).expect("non-blocking");
        let addr = listener.local_addr().expect("an address").to_string();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (recorded, stopped) = (Arc::clone(&seen), Arc::clone(&stop));
        std::thread::spawn(move || {
            // Stalled connections stay open until the fake is dropped.
            let mut held = Vec::new();
            while !stopped.load(Ordering::Relaxed) {
                let Ok((mut stream, _)) = listener.accept() else {
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                };
                let _ = stream.set_nonblocking(false);
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let Some(request) = read_request(&mut stream) else {
                    continue;
                };
                recorded.lock().expect("not poisoned").push(request.clone());
                match answer(&request) {
                    Reply::Raw(bytes) => {
                        let _ = stream.write_all(bytes.as_bytes());
                    }
                    Reply::Stall(bytes) => {
                        let _ = stream.write_all(bytes.as_bytes());
                        held.push(stream);
                    }
                }
            }
        });
        Fake { addr, seen, stop }
    }

    fn base(&self) -> String {
        format!("http://{}/api", self.addr)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("not poisoned").clone()
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn read_request(stream: &mut TcpStream) -> Option<Seen> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let end = line == "\r\n";
        head.push_str(&line);
        if end {
            break;
        }
    }
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())
                .flatten()
        })
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let mut words = head.split(' ');
    Some(Seen {
        method: words.next().unwrap_or_default().to_owned(),
        target: words.next().unwrap_or_default().to_owned(),
        head: head.clone(),
        body,
    })
}

/// The API's answers, or not, as the test switches: 0 the API, 1 a 200 that is not the API's
/// answer for batches, 2 the key refused.
fn fake_api(mode: Arc<AtomicU8>) -> Fake {
    Fake::start(move |request| {
        let mode = mode.load(Ordering::Relaxed);
        if mode == 2 {
            return reply(
                "403 Forbidden",
                "application/json",
                r#"{"error":"Forbidden","message":"La clé API n'est pas valide"}"#,
            );
        }
        if request.target.ends_with("/test") {
            return reply("200 OK", "application/json", r#"{"msg":"ok"}"#);
        }
        if mode == 1 {
            return reply("200 OK", "application/json", r#"{"status":"OK","message":"Queued"}"#);
        }
        let items: Vec<Json> = serde_json::from_slice(&request.body).unwrap_or_default();
        let data: Vec<Json> = items
            .iter()
            .map(|_| serde_json::json!({"validation_errors": [], "has_error": false}))
            .collect();
        let body = serde_json::json!({"status": "OK", "message": "Queued", "data": data});
        reply("200 OK", "application/json", &body.to_string())
    })
}

/// `(status, headers, body)` of a raw HTTP/1.1 request to 127.0.0.1, sent exactly as written.
fn http(address: &str, method: &str, target: &str, headers: &str) -> (u16, BTreeMap<String, String>, String) {
    let mut stream = TcpStream::connect(address).expect("the server listens");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("a timeout");
    let request = format!(
        "{method} {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n{headers}Content-Length: 0\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).expect("sent");
    let mut raw = String::new();
    let _ = stream.read_to_string(&mut raw);
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    let headers = head
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    (status, headers, body.to_owned())
}

/// A server process killed when the test ends (ours, by its handle).
struct Server {
    child: Child,
    lines: Vec<String>,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_effectifs"))
            .args(args)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut errors = child.stderr.take().expect("piped");
        let collected = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = errors.read_to_string(&mut text);
            collected.lock().expect("not poisoned").push_str(&text);
        });
        let lines = common::banner(child.stdout.take().expect("piped"));
        Server { child, lines, stderr }
    }

    fn banner(&self, prefix: &str) -> String {
        self.lines
            .iter()
            .find_map(|line| line.trim_start().strip_prefix(prefix))
            .unwrap_or_else(|| panic!("« {prefix} » in {:?}", self.lines))
            .trim()
            .to_owned()
    }

    /// `127.0.0.1:PORT` of `effectifs serve`.
    fn address(&self) -> String {
        self.banner("effectifs serve :")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Point 1: the relay reaches this machine directly, never through a proxy (which would see the key
/// in clear), and refuses a plain-http upstream elsewhere, or one with credentials.
#[test]
fn the_relay_never_uses_a_proxy_for_this_machine() {
    let proxy = Fake::start(|_| reply("200 OK", "application/json", r#"{"msg":"ok"}"#));
    let proxy_url = format!("http://{}", proxy.addr);
    let proxied = [
        ("HTTP_PROXY", proxy_url.as_str()),
        ("http_proxy", proxy_url.as_str()),
        ("HTTPS_PROXY", proxy_url.as_str()),
        ("ALL_PROXY", proxy_url.as_str()),
        ("all_proxy", proxy_url.as_str()),
    ];
    let dir = scratch("hardening", "proxy");
    let db = text(&dir.join("serve.sqlite"));
    let dist = text(&dir.join("dist"));
    let serve = Server::start(
        &["serve", "--listen", "127.0.0.1:0", "--dir", &dist, "--db", &db],
        &proxied,
    );
    let key = serve.banner("Clé d'échange de démonstration :");
    let base = format!("http://{}/api", serve.address());
    let sent = Command::new(env!("CARGO_BIN_EXE_effectifs"))
        .args([
            "send",
            &repo("tests/data/effectifs-cp1252.csv"),
            "--key-env",
            "EFFECTIFS_DEMO",
            "--base",
            &base,
        ])
        .env("EFFECTIFS_DEMO", &key)
        .envs(proxied)
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&sent.stdout);
    assert_eq!(sent.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("8 lignes acceptées par le serveur"), "{stdout}");
    assert!(proxy.seen().is_empty(), "the proxy saw {:?}", proxy.seen());
    drop(serve);

    // An upstream on this machine, given explicitly: no proxy either.
    let api = fake_api(Arc::new(AtomicU8::new(0)));
    let relay = Server::start(
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--dir",
            &dist,
            "--upstream",
            &api.base(),
        ],
        &proxied,
    );
    let bearer = format!("Authorization: Bearer {KEY}\r\n");
    let (status, _, body) = http(&relay.address(), "POST", "/api/v3/dossiers-apprenants/test", &bearer);
    assert_eq!((status, body.as_str()), (200, r#"{"msg":"ok"}"#));
    assert_eq!(api.seen().len(), 1, "the upstream got it directly");
    assert!(proxy.seen().is_empty(), "the proxy saw {:?}", proxy.seen());

    // Unsafe upstreams and bases are refused before anything runs, and a password is never repeated.
    let cases: &[(&[&str], &str)] = &[
        (&["serve", "--upstream", "http://exemple.fr/api"], "n'est pas chiffrée"),
        (
            &["serve", "--upstream", "http://10.1.2.3:8080/api"],
            "n'est pas chiffrée",
        ),
        (
            &["serve", "--upstream", "https://moi:secret@exemple.fr/api"],
            "identifiant ou un mot de passe",
        ),
        (
            &[
                "send",
                "x.csv",
                "--key-env",
                "X",
                "--base",
                "https://moi:secret@exemple.fr/api",
            ],
            "identifiant ou un mot de passe",
        ),
    ];
    for (args, expected) in cases {
        let refused = run(args, &[]);
        assert_eq!(refused.code, 2, "{args:?}: {}", refused.stderr);
        assert!(refused.stderr.contains(expected), "{args:?}: {}", refused.stderr);
        assert!(!refused.stderr.contains("secret"), "{args:?}: {}", refused.stderr);
    }
}

/// Point 2: only the API's own answers count. A 200 page, or a 200 that is not the API's answer,
/// is "non confirmé": the batch stays to be sent, the exit code says the send did not finish, and
/// a resume sends it.
#[test]
fn a_success_that_is_not_the_api_answer_is_not_acceptance() {
    let dir = scratch("hardening", "not-the-api");
    let keys = key_file(&dir, KEY);
    let file = dir.join("effectifs.csv");
    write_csv(&file, 3);
    let file = text(&file);

    let page = Fake::start(|_| reply("200 OK", "text/html", "<html><body>Portail Wi-Fi</body></html>"));
    let state = text(&dir.join("page.json"));
    let base = page.base();
    let checked = run(
        &["send", &file, "--key-file", &keys, "--base", &base, "--state", &state],
        &[],
    );
    assert_eq!(checked.code, 3, "{}\n{}", checked.stdout, checked.stderr);
    assert!(
        checked
            .stdout
            .contains("la vérification de la clé d'échange n'est pas confirmée"),
        "{}",
        checked.stdout
    );
    assert_eq!(page.seen().len(), 1, "nothing after the key check");

    let mode = Arc::new(AtomicU8::new(1));
    let api = fake_api(Arc::clone(&mode));
    let state = dir.join("envoi.json");
    let base = api.base();
    let args = [
        "send",
        &file,
        "--key-file",
        &keys,
        "--base",
        &base,
        "--state",
        &text(&state),
        "--format",
        "json",
    ];
    let unconfirmed = run(&args, &[]);
    assert_eq!(unconfirmed.code, 3, "{}", unconfirmed.stderr);
    let report: Json = serde_json::from_str(&unconfirmed.stdout).expect("JSON");
    assert_eq!(report["stop"]["reason"], "unconfirmed");
    assert_eq!(report["summary"]["accepted"], 0);
    assert_eq!(report["summary"]["unconfirmed"], 3);
    let statuses: Vec<&str> = report["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|line| line["status"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(statuses, ["unconfirmed"; 3]);
    let saved: Json = serde_json::from_str(&std::fs::read_to_string(&state).expect("saved")).expect("JSON");
    assert!(
        saved["batches"][0].get("accepted_at_ms").is_none(),
        "not recorded as accepted: {saved}"
    );

    // The same address now answers as the API: the resume sends the batch again.
    mode.store(0, Ordering::Relaxed);
    let resumed = run(&args, &[]);
    assert_eq!(resumed.code, 0, "{}", resumed.stderr);
    let report: Json = serde_json::from_str(&resumed.stdout).expect("JSON");
    assert_eq!(report["summary"]["accepted"], 3);
    let batches = api.seen().iter().filter(|seen| !seen.target.ends_with("/test")).count();
    assert_eq!(batches, 2, "sent once unconfirmed, once accepted");

    // Point 3: a resume checks the key again, even with nothing left to send.
    mode.store(2, Ordering::Relaxed);
    let before = api.seen().len();
    let refused = run(&args, &[]);
    assert_eq!(refused.code, 3, "{}", refused.stdout);
    assert_eq!(api.seen().len(), before + 1, "one key check, no batch");
    assert!(api.seen()[before].target.ends_with("/test"));
    let report: Json = serde_json::from_str(&refused.stdout).expect("JSON");
    assert_eq!(report["stop"]["reason"], "key_refused");
}

/// `send` follows no redirection, and gives up on a server that stops half-way through its answer
/// (its time-out is made short here; the default is 300 s).
#[test]
fn send_follows_no_redirect_and_gives_up_on_a_stalled_server() {
    let dir = scratch("hardening", "redirect");
    let keys = key_file(&dir, KEY);
    let file = dir.join("effectifs.csv");
    write_csv(&file, 2);
    let file = text(&file);

    let elsewhere = Fake::start(|_| reply("200 OK", "application/json", r#"{"msg":"ok"}"#));
    let target = format!("http://{}/api/v3/dossiers-apprenants/test", elsewhere.addr);
    let redirecting = Fake::start(move |_| {
        Reply::Raw(format!(
            "HTTP/1.1 307 Temporary Redirect\r\nLocation: {target}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ))
    });
    let base = redirecting.base();
    let redirected = run(&["send", &file, "--key-file", &keys, "--base", &base], &[]);
    assert_eq!(redirected.code, 3, "{}", redirected.stdout);
    assert!(redirected.stdout.contains("HTTP 307"), "{}", redirected.stdout);
    assert!(elsewhere.seen().is_empty(), "the redirection was not followed");

    let stalling = Fake::start(|_| Reply::Stall("HTTP/1.1 200 OK\r\nContent-"));
    let base = stalling.base();
    let stalled = run(
        &[
            "send",
            &file,
            "--key-file",
            &keys,
            "--base",
            &base,
            "--timeout",
            "1",
            "--retries",
            "0",
        ],
        &[],
    );
    assert_eq!(stalled.code, 3, "{}\n{}", stalled.stdout, stalled.stderr);
    assert!(stalled.stdout.contains("délai dépassé"), "{}", stalled.stdout);
}

/// Point 4: the relay forwards exactly two requests, answers JSON only, and gives up on a stalled upstream.
#[test]
fn the_relay_forwards_only_the_two_api_requests() {
    let dir = scratch("hardening", "relay-paths");
    let dist = text(&dir.join("dist"));
    let upstream = Fake::start(|request| {
        if request.target.contains("html") {
            reply("200 OK", "text/html", "<html>pas l'API</html>")
        } else {
            reply("200 OK", "application/json", r#"{"msg":"ok"}"#)
        }
    });
    let relay = Server::start(
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--dir",
            &dist,
            "--upstream",
            &upstream.base(),
        ],
        &[],
    );
    let address = relay.address();
    let bearer = format!("Authorization: Bearer {KEY}\r\n");
    let cases: &[(&str, &str, u16)] = &[
        ("POST", "/api/v3/dossiers-apprenants/test", 200),
        ("POST", "/api/v3/dossiers-apprenants/test/", 200),
        ("POST", "/api/v3/dossiers-apprenants", 200),
        ("GET", "/api/v3/dossiers-apprenants/test", 405),
        ("DELETE", "/api/v3/dossiers-apprenants", 405),
        ("POST", "/api/../x", 404),
        ("POST", "/api/%2e%2e/x", 404),
        ("POST", "/api/%2E%2E/%2E%2E/etc/passwd", 404),
        ("POST", "/api/v3/dossiers-apprenants/../test", 404),
        ("POST", "/api/v3/dossiers-apprenants/./test", 404),
        ("POST", "/api/v3/dossiers-apprenants%2ftest", 404),
        ("POST", "/api/v3/dossiers-apprenants/test?x=1", 404),
        ("POST", "/api/v1/organismes/search-by-uai", 404),
        ("POST", "/api//v3/dossiers-apprenants", 404),
        ("POST", "/api", 404),
        ("GET", "/api/", 404),
    ];
    for (method, target, expected) in cases {
        let (status, headers, body) = http(&address, method, target, &bearer);
        assert_eq!(status, *expected, "{method} {target}: {body}");
        assert_eq!(
            headers.get("content-type").map(String::as_str),
            Some("application/json; charset=utf-8"),
            "{method} {target}"
        );
        serde_json::from_str::<Json>(&body).unwrap_or_else(|_| panic!("{method} {target}: JSON, not {body}"));
    }
    let forwarded: Vec<(String, String)> = upstream
        .seen()
        .iter()
        .map(|seen| (seen.method.clone(), seen.target.clone()))
        .collect();
    assert_eq!(
        forwarded,
        [
            ("POST".to_owned(), "/api/v3/dossiers-apprenants/test".to_owned()),
            ("POST".to_owned(), "/api/v3/dossiers-apprenants/test".to_owned()),
            ("POST".to_owned(), "/api/v3/dossiers-apprenants".to_owned()),
        ],
        "only the two API requests, at their normal paths"
    );
    assert!(
        upstream
            .seen()
            .iter()
            .all(|seen| seen.head.contains(&format!("Bearer {KEY}"))),
        "the key goes through untouched"
    );
}

/// Point 4: the relay answers JSON only, and gives up on an upstream that stalls.
#[test]
fn the_relay_answers_json_only_and_gives_up_on_a_stalled_upstream() {
    let dir = scratch("hardening", "relay-answers");
    let dist = text(&dir.join("dist"));
    let bearer = format!("Authorization: Bearer {KEY}\r\n");
    // An upstream answering HTML: the page gets a JSON 502, never the HTML.
    let html = Fake::start(|_| reply("200 OK", "text/html", "<html><script>alert(1)</script></html>"));
    let relay_html = Server::start(
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--dir",
            &dist,
            "--upstream",
            &html.base(),
        ],
        &[],
    );
    let (status, headers, body) = http(
        &relay_html.address(),
        "POST",
        "/api/v3/dossiers-apprenants/test",
        &bearer,
    );
    assert_eq!(status, 502, "{body}");
    assert_eq!(headers["content-type"], "application/json; charset=utf-8");
    assert!(!body.contains("<script>"), "{body}");
    assert!(body.contains("au lieu de JSON"), "{body}");

    // A stalled upstream: a JSON 502 once the (short, here) time-out is over.
    let stalling = Fake::start(|_| Reply::Stall("HTTP/1.1 200 OK\r\nContent-"));
    let relay_stalled = Server::start(
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--dir",
            &dist,
            "--upstream",
            &stalling.base(),
            "--upstream-timeout-ms",
            "300",
        ],
        &[],
    );
    let (status, _, body) = http(
        &relay_stalled.address(),
        "POST",
        "/api/v3/dossiers-apprenants/test",
        &bearer,
    );
    assert_eq!(status, 502, "{body}");
    assert!(body.contains("délai dépassé"), "{body}");
}

/// Point 4: `serve` and `sandbox` close a request whose headers never end, and answer 408 to one
/// whose body stops (time-outs made short here; 30 s by default).
#[test]
fn servers_close_stalled_requests() {
    let dir = scratch("hardening", "stalled-clients");
    let db = text(&dir.join("base.sqlite"));
    let dist = text(&dir.join("dist"));
    let short = ["--header-timeout-ms", "300", "--body-timeout-ms", "300"];
    let serve = Server::start(
        &[
            &["serve", "--listen", "127.0.0.1:0", "--dir", &dist, "--db", &db][..],
            &short,
        ]
        .concat(),
        &[],
    );
    let sandbox = Server::start(
        &[
            &["sandbox", "--listen", "127.0.0.1:0", "--db", &db, "--key", KEY][..],
            &short,
        ]
        .concat(),
        &[],
    );
    let sandbox_address = sandbox
        .banner("Bac à sable de l'API du Tableau de bord de l'apprentissage :")
        .trim_start_matches("http://")
        .trim_end_matches("/api")
        .to_owned();
    for address in [serve.address(), sandbox_address] {
        // Half the headers, then nothing: the server closes the connection.
        let mut stream = TcpStream::connect(&address).expect("listens");
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("a timeout");
        stream
            .write_all(b"POST /api/v3/dossiers-apprenants/test HTTP/1.1\r\nHost: x\r\n")
            .expect("sent");
        let mut answer = Vec::new();
        let read = stream.read_to_end(&mut answer);
        assert!(
            read.is_ok(),
            "{address}: closed by the server, not left open ({read:?})"
        );

        // Whole headers, a tenth of the body, then nothing: 408.
        let mut stream = TcpStream::connect(&address).expect("listens");
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("a timeout");
        let request = format!(
            "POST /api/v3/dossiers-apprenants HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\n\
             Content-Type: application/json\r\nContent-Length: 100\r\n\r\n[{{\"a\":1}}"
        );
        stream.write_all(request.as_bytes()).expect("sent");
        let mut answer = String::new();
        let read = stream.read_to_string(&mut answer);
        assert!(read.is_ok(), "{address}: answered, not left open ({read:?})");
        assert!(answer.starts_with("HTTP/1.1 408"), "{address}: {answer}");
    }
}

/// Point 5: every answer of `serve` carries the security headers, and the page's policy names a
/// fresh nonce that the page's inline script and style carry (Trunk's placeholder, replaced).
#[test]
fn security_headers_on_everything_served() {
    let dir = scratch("hardening", "headers");
    let db = text(&dir.join("serve.sqlite"));
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).expect("created");
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>app</title><style nonce=\"{{__TRUNK NONCE__}}\">p{}</style>\
         <script type=\"module\">import init from '/app.js';</script>",
    )
    .expect("written");
    std::fs::write(dist.join("app.js"), "export default function init() {}").expect("written");
    let built = Server::start(
        &["serve", "--listen", "127.0.0.1:0", "--dir", &text(&dist), "--db", &db],
        &[],
    );
    let placeholder = Server::start(
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--dir",
            &text(&dir.join("absent")),
            "--db",
            &db,
        ],
        &[],
    );
    let mut nonces = Vec::new();
    for (server, method, target) in [
        (&built, "GET", "/"),
        (&built, "GET", "/index.html"),
        (&built, "GET", "/envoi/recu"),
        (&built, "GET", "/app.js"),
        (&built, "GET", "/absent.png"),
        (&built, "POST", "/api/v3/dossiers-apprenants/test"),
        (&built, "GET", "/api/autre"),
        (&placeholder, "GET", "/"),
    ] {
        let (status, headers, body) = http(&server.address(), method, target, "");
        assert!(status > 0, "{target}");
        let policy = headers
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("{target}: a policy in {headers:?}"));
        for directive in [
            "default-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "'wasm-unsafe-eval'",
            "connect-src 'self'",
        ] {
            assert!(policy.contains(directive), "{target}: {directive} in {policy}");
        }
        // Inline code never: only style attributes, which cannot run any.
        let unsafe_inline: Vec<&str> = policy
            .split(';')
            .filter(|directive| directive.contains("unsafe-inline"))
            .map(str::trim)
            .collect();
        assert_eq!(unsafe_inline, ["style-src-attr 'unsafe-inline'"], "{policy}");
        assert!(!policy.contains("'unsafe-eval'"), "{policy}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{target}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{target}");
        assert_eq!(headers["x-frame-options"], "DENY", "{target}");
        if body.contains("<style") {
            assert!(!body.contains("__TRUNK NONCE__"), "{target}: replaced");
            let nonce = policy
                .split("'nonce-")
                .nth(1)
                .and_then(|rest| rest.split('\'').next())
                .unwrap_or_else(|| panic!("{target}: a nonce in {policy}"))
                .to_owned();
            assert!(nonce.len() >= 32, "{nonce}");
            assert_eq!(
                body.matches(&format!("nonce=\"{nonce}\"")).count(),
                body.matches("<s").count(),
                "{target}: every script and style carries it: {body}"
            );
            nonces.push(nonce);
        }
    }
    assert_eq!(
        nonces.len(),
        5,
        "the page, its routes (any unknown path) and the placeholder"
    );
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 5, "a new nonce for every page served");
}

/// Point 6: control characters from a cell or from a server's message are shown, never obeyed.
#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = scratch("hardening", "controls");
    let keys = key_file(&dir, KEY);
    let file = dir.join("effectifs.csv");
    let mut csv = String::from(HEADER);
    csv.push_str(
        "\nNOM\u{1b}[2J;Hélène;14/03/2007\u{1b}]2\u{7};2025-2026;E00002;02/07/2025;01/09/2025;30/06/2027;\
         0755805C;77568013501139;0802004U;77937827200016;eleve@exemple.fr;12 rue\u{202e}enisuac;01000;F;1;01/09/2025\n",
    );
    std::fs::write(&file, csv).expect("written");
    let file = text(&file);
    let checked = run(&["check", &file], &[]);
    assert_eq!(checked.code, 1, "{}", checked.stderr);
    assert!(checked.stdout.contains("\\x1b]2\\x07"), "{}", checked.stdout);
    let hostile = |text: &str| {
        text.chars()
            .any(|c| matches!(c, '\u{1b}' | '\u{7}' | '\r' | '\u{202e}'))
    };
    assert!(
        !hostile(&checked.stdout) && !hostile(&checked.stderr),
        "{:?}",
        checked.stdout
    );

    let server = Fake::start(|_| {
        reply(
            "403 Forbidden",
            "application/json",
            r#"{"error":"Forbidden","message":"\u001b[2J\u001b[31mclé\rrefusée\u202e"}"#,
        )
    });
    write_csv(Path::new(&file), 1);
    let base = server.base();
    let sent = run(&["send", &file, "--key-file", &keys, "--base", &base], &[]);
    assert_eq!(sent.code, 3, "{}", sent.stdout);
    assert!(
        sent.stdout.contains("\\x1b[2J\\x1b[31mclé\\x0drefusée\\u{202e}"),
        "{}",
        sent.stdout
    );
    assert!(!hostile(&sent.stdout) && !hostile(&sent.stderr), "{:?}", sent.stdout);
}

/// Point 3: the state file is locked for one run, private, written without following a planted
/// link, refused (exit 2, nothing sent) when it cannot be written, and tied to the key.
#[cfg(unix)]
#[test]
fn the_state_file_is_locked_private_and_tied_to_the_key() {
    use std::os::unix::fs::PermissionsExt as _;
    let sandbox = sandbox(&[KEY, OTHER_KEY]);
    let dir = scratch("hardening", "state");
    let keys = key_file(&dir, KEY);
    let other_keys = key_file(&dir, OTHER_KEY);
    let file = dir.join("effectifs.csv");
    write_csv(&file, 4);
    let file = text(&file);
    let base = sandbox.base_url();
    let state = dir.join("envoi.json");
    let send_with = |keys: &str, state: &Path| {
        run(
            &[
                "send",
                &file,
                "--key-file",
                keys,
                "--base",
                &base,
                "--batch",
                "2",
                "--state",
                &text(state),
            ],
            &[],
        )
    };

    // Another run holds the lock: refused before anything is sent.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join("envoi.json.lock"))
        .expect("the lock file");
    lock.try_lock().expect("locked by the test");
    let locked = send_with(&keys, &state);
    assert_eq!(locked.code, 2, "{}", locked.stderr);
    assert!(
        locked.stderr.contains("déjà utilisé par un autre envoi"),
        "{}",
        locked.stderr
    );
    assert!(sandbox.store().received().expect("listed").is_empty());
    drop(lock);

    // A link planted where the old versions wrote their temporary file is never written through.
    let victim = dir.join("victime.txt");
    std::fs::write(&victim, "intact").expect("written");
    std::os::unix::fs::symlink(&victim, dir.join("envoi.json.tmp")).expect("a link");

    let sent = send_with(&keys, &state);
    assert_eq!(sent.code, 0, "{}\n{}", sent.stdout, sent.stderr);
    assert_eq!(sandbox.store().received().expect("listed").len(), 4);
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "intact");
    let mode = std::fs::metadata(&state).expect("written").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "readable by its owner only");
    let saved = std::fs::read_to_string(&state).expect("read");
    assert!(!saved.contains(KEY) && !saved.contains(&KEY[..8]), "{saved}");
    assert!(saved.contains("\"key\""), "tied to the key by its fingerprint: {saved}");
    let leftovers: Vec<String> = std::fs::read_dir(&*dir)
        .expect("listed")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| Path::new(name).extension().is_some_and(|extension| extension == "tmp"))
        .filter(|name| name != "envoi.json.tmp")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // Another organisme's key: refused in French, nothing sent.
    let other = send_with(&other_keys, &state);
    assert_eq!(other.code, 2, "{}", other.stderr);
    assert!(other.stderr.contains("une autre clé d'échange"), "{}", other.stderr);
    assert_eq!(sandbox.store().received().expect("listed").len(), 4);
    assert_eq!(sandbox.store().batch_count().expect("counted"), 2);

    // A state that cannot be written (its directory is a file): exit 2 before anything is sent.
    let unwritable = dir.join("effectifs.csv").join("envoi.json");
    let refused = send_with(&keys, &unwritable);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("envoi.json"), "{}", refused.stderr);
    assert_eq!(sandbox.store().batch_count().expect("counted"), 2, "nothing sent");
    // Its lock can be taken, but no file can be written beside it (the temporary's longer name is
    // more than the file system takes): the first save fails, before anything is sent.
    let long = dir.join(format!("{}.json", "e".repeat(235)));
    let refused = send_with(&keys, &long);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("Rien n'a été envoyé"), "{}", refused.stderr);
    assert_eq!(sandbox.store().batch_count().expect("counted"), 2, "nothing sent");
}

/// Point 6: the sandbox database lives in the user's data directory unless named, readable by its
/// owner only, and both servers say that it holds personal data.
#[cfg(unix)]
#[test]
fn the_sandbox_database_is_private_and_announced() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = scratch("hardening", "database");
    let data = text(&dir.join("data"));
    let home = text(&dir);
    let env = [("XDG_DATA_HOME", data.as_str()), ("HOME", home.as_str())];
    let sandbox = Server::start(&["sandbox", "--listen", "127.0.0.1:0"], &env);
    let expected = dir.join("data").join("effectifs").join("sandbox.sqlite");
    let line = sandbox.banner("Base :");
    assert!(line.starts_with(&text(&expected)), "{line}");
    assert!(line.contains("données personnelles"), "{line}");
    let mode = |path: &Path| std::fs::metadata(path).expect("exists").permissions().mode() & 0o777;
    assert_eq!(mode(&expected), 0o600);
    assert_eq!(mode(&dir.join("data").join("effectifs")), 0o700);
    drop(sandbox);

    let named = dir.join("nommee.sqlite");
    let dist = text(&dir.join("dist"));
    let serve = Server::start(
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--dir",
            &dist,
            "--db",
            &text(&named),
        ],
        &env,
    );
    assert!(
        serve.banner("/api →").contains("données personnelles"),
        "{:?}",
        serve.lines
    );
    assert_eq!(mode(&named), 0o600);
    assert!(
        serve.stderr.lock().expect("not poisoned").is_empty(),
        "no warning on this machine's address"
    );
}
