//! The sandbox over real HTTP on 127.0.0.1: every answer of `docs/api.md`, byte for byte where
//! the reference gives the body.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use effectifs_sandbox::{Fault, RateLimit, Sandbox, SandboxConfig, Store};
use serde_json::{Value as Json, json};

const KEY: &str = "3f0d8e3c-5b1a-4c2e-9f7a-0a1b2c3d4e5f";

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn json(&self) -> Json {
        serde_json::from_str(&self.body).unwrap_or(Json::Null)
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// One HTTP/1.1 request with `Connection: close`; `None` when the server closed without answering.
fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Option<Answer> {
    let mut stream = TcpStream::connect(addr).expect("the sandbox listens");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("a timeout");
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    // The server may close early (a drop): a failed write is part of what is tested.
    let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body));
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    if raw.is_empty() {
        return None;
    }
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("a head and a body");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|line| line.split_once(": "))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    Some(Answer {
        status,
        headers,
        body: body.to_owned(),
    })
}

fn start(config: SandboxConfig) -> Sandbox {
    let config = SandboxConfig {
        keys: vec![KEY.to_owned()],
        ..config
    };
    Sandbox::start("127.0.0.1:0", config, Store::in_memory().expect("a store")).expect("the sandbox starts")
}

fn item(id: &str, nom: &str) -> Json {
    json!({
        "nom_apprenant": nom,
        "prenom_apprenant": "John",
        "date_de_naissance_apprenant": "2000-10-28",
        "annee_scolaire": "2024-2025",
        "id_erp_apprenant": id,
        "date_inscription_formation": "2024-09-01",
        "date_entree_formation": "2024-09-01",
        "date_fin_formation": "2025-06-30",
        "etablissement_responsable_uai": "0755805C",
        "etablissement_responsable_siret": "77568013501139",
        "etablissement_formateur_uai": "0802004U",
        "etablissement_formateur_siret": "77937827200016"
    })
}

const BEARER: &str = "Bearer 3f0d8e3c-5b1a-4c2e-9f7a-0a1b2c3d4e5f";
const JSON_TYPE: (&str, &str) = ("Content-Type", "application/json");

/// A request and the answer expected from the sandbox.
struct Case {
    method: &'static str,
    path: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: &'static [u8],
    status: u16,
    expected: Json,
}

fn check(sandbox: &Sandbox, cases: &[Case]) {
    for case in cases {
        let answer = request(sandbox.addr(), case.method, case.path, case.headers, case.body).expect("an answer");
        assert_eq!(
            (answer.status, answer.json()),
            (case.status, case.expected.clone()),
            "{} {} {:?}",
            case.method,
            case.path,
            case.headers
        );
    }
}

const AUTH: (&str, &str) = ("Authorization", BEARER);

#[test]
#[allow(clippy::too_many_lines, reason = "a table of cases")]
fn errors_and_key_check() {
    let sandbox = start(SandboxConfig::default());
    check(
        &sandbox,
        &[
            Case {
                method: "POST",
                path: "/api/v3/dossiers-apprenants",
                headers: &[JSON_TYPE],
                body: b"[]",
                status: 403,
                expected: json!({"error": "Forbidden", "message": "Clé API manquante"}),
            },
            Case {
                method: "POST",
                path: "/api/v3/dossiers-apprenants",
                headers: &[JSON_TYPE, ("Authorization", "Basic abc")],
                body: b"[]",
                status: 403,
                expected: json!({"error": "Forbidden", "message": "La clé API doit etre au format Bearer"}),
            },
            Case {
                method: "POST",
                path: "/api/v3/dossiers-apprenants",
                headers: &[
                    JSON_TYPE,
                    ("Authorization", "bearer 3f0d8e3c-5b1a-4c2e-9f7a-0a1b2c3d4e5f"),
                ],
                body: b"[]",
                status: 403,
                expected: json!({"error": "Forbidden", "message": "La clé API doit etre au format Bearer"}),
            },
            Case {
                method: "POST",
                path: "/api/v3/dossiers-apprenants",
                headers: &[
                    JSON_TYPE,
                    ("Authorization", "Bearer 00000000-0000-4000-8000-000000000000"),
                ],
                body: b"[]",
                status: 403,
                expected: json!({"error": "Forbidden", "message": "La clé API n'est pas valide"}),
            },
            Case {
                method: "POST",
                path: "/api/v3/dossiers-apprenants/test",
                headers: &[AUTH],
                body: b"",
                status: 200,
                expected: json!({"msg": "ok"}),
            },
            Case {
                method: "POST",
                path: "/api/v3/dossiers-apprenants/test/",
                headers: &[AUTH],
                body: b"",
                status: 200,
                expected: json!({"msg": "ok"}),
            },
            Case {
                method: "POST",
                path: "/api/v3/dossiers-apprenants/test",
                headers: &[("Authorization", "Bearer nope")],
                body: b"",
                status: 403,
                expected: json!({"error": "Forbidden", "message": "La clé API n'est pas valide"}),
            },
            Case {
                method: "POST",
                path: "/api/v3/dossiers-apprenants",
                headers: &[JSON_TYPE, AUTH],
                body: b"[]",
                status: 200,
                expected: json!({"status": "OK", "message": "Queued", "data": []}),
            },
            Case {
                method: "POST",
                path: "/api/v3/dossiers-apprenants/",
                headers: &[JSON_TYPE, AUTH],
                body: b" [ ] ",
                status: 200,
                expected: json!({"status": "OK", "message": "Queued", "data": []}),
            },
            Case {
                method: "POST",
                path: "/api/v3/dossiers-apprenants",
                headers: &[JSON_TYPE, AUTH],
                body: br#"{"nom_apprenant":"Doe"}"#,
                status: 400,
                expected: json!({"error": "Bad Request", "message": "Erreur de validation", "details": [
                    {"message": "\"value\" must be an array", "path": [], "type": "array.base",
                     "context": {"label": "value", "value": {"nom_apprenant": "Doe"}}}
                ]}),
            },
            // A body that is not JSON by its content type is left as `{}` by the parser.
            Case {
                method: "POST",
                path: "/api/v3/dossiers-apprenants",
                headers: &[("Content-Type", "text/plain"), AUTH],
                body: b"[]",
                status: 400,
                expected: json!({"error": "Bad Request", "message": "Erreur de validation", "details": [
                    {"message": "\"value\" must be an array", "path": [], "type": "array.base",
                     "context": {"label": "value", "value": {}}}
                ]}),
            },
            Case {
                method: "GET",
                path: "/api/v3/dossiers-apprenants",
                headers: &[AUTH],
                body: b"",
                status: 404,
                expected: json!({"error": "Not Found", "message": "Cannot GET /api/v3/dossiers-apprenants"}),
            },
            Case {
                method: "GET",
                path: "/api",
                headers: &[],
                body: b"",
                status: 200,
                expected: json!({"name": "TDB Apprentissage API (bac à sable effectifs)", "version": env!("CARGO_PKG_VERSION"), "env": "sandbox"}),
            },
        ],
    );
}

#[test]
fn limits() {
    let sandbox = start(SandboxConfig::default());
    // Invalid JSON: 400 with the parser's message.
    let answer = request(
        sandbox.addr(),
        "POST",
        "/api/v3/dossiers-apprenants",
        &[JSON_TYPE, AUTH],
        b"[{\"nom_apprenant\": }]",
    )
    .expect("an answer");
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json()["error"], "Bad Request");
    assert!(
        answer.json()["message"]
            .as_str()
            .is_some_and(|message| !message.is_empty())
    );

    // Over 2000 items: the Joi body, with the whole array as its context value.
    let items: Vec<Json> = (0..2001).map(|index| json!({"i": index})).collect();
    let body = serde_json::to_vec(&items).expect("serialises");
    let answer = request(
        sandbox.addr(),
        "POST",
        "/api/v3/dossiers-apprenants",
        &[JSON_TYPE, AUTH],
        &body,
    )
    .expect("an answer");
    assert_eq!(answer.status, 400);
    let detail = &answer.json()["details"][0];
    assert_eq!(
        detail["message"],
        "\"value\" must contain less than or equal to 2000 items"
    );
    assert_eq!(detail["type"], "array.max");
    assert_eq!(detail["context"]["limit"], 2000);
    assert_eq!(detail["context"]["label"], "value");
    assert_eq!(detail["context"]["value"].as_array().map(Vec::len), Some(2001));

    // Over 10 MB: 413.
    let big = vec![b' '; 10 * 1024 * 1024 + 1];
    let answer = request(
        sandbox.addr(),
        "POST",
        "/api/v3/dossiers-apprenants",
        &[JSON_TYPE, AUTH],
        &big,
    )
    .expect("an answer");
    assert_eq!(
        (answer.status, answer.json()),
        (
            413,
            json!({"error": "Payload Too Large", "message": "request entity too large"})
        )
    );
    assert!(sandbox.store().received().expect("listed").is_empty(), "nothing stored");
}

#[test]
fn a_lone_surrogate_is_read_as_the_api_reads_it() {
    // `JSON.stringify` escapes a lone surrogate; the API's `JSON.parse` reads it and the platform stores U+FFFD, as
    // `checkRows` and `effectifs check` read it (`docs/json-objects.md`): the item is judged, not refused.
    let sandbox = start(SandboxConfig::default());
    let text = serde_json::to_string(&item("id-1", "NOM"))
        .expect("serialises")
        .replace("NOM", r"Ab\ud800");
    let answer = request(
        sandbox.addr(),
        "POST",
        "/api/v3/dossiers-apprenants",
        &[JSON_TYPE, AUTH],
        format!("[{text}]").as_bytes(),
    )
    .expect("an answer");
    assert_eq!(answer.status, 200);
    let first = &answer.json()["data"][0];
    assert_eq!(first["validation_errors"], json!([]));
    assert_eq!(first["nom_apprenant"], "Ab\u{FFFD}");
    assert_eq!(sandbox.store().received().expect("listed"), [text]);
}

#[test]
fn a_value_nested_at_any_depth_is_judged_as_the_api_judges_it() {
    // `JSON.parse` reads nesting of any depth; the item is judged (an array is no address), not taken for a non-object
    // (`docs/json-objects.md`). 127 levels were the first beyond `serde_json`'s limit in the item.
    let sandbox = start(SandboxConfig::default());
    for depth in [126, 127, 5_000] {
        let mut valid = item("id-1", "Doe");
        valid["inconnue"] = json!(1);
        let mut nested = item("id-2", "Roe");
        nested["inconnue"] = json!(1);
        let valid_text = serde_json::to_string(&valid).expect("serialises");
        let nested_text = serde_json::to_string(&nested).expect("serialises");
        let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let body = format!(
            "[{}, {}]",
            valid_text.replace("\"inconnue\":1", &format!("\"inconnue\":{deep}")),
            nested_text.replace("\"inconnue\":1", &format!("\"adresse_apprenant\":{deep}"))
        );
        let answer = request(
            sandbox.addr(),
            "POST",
            "/api/v3/dossiers-apprenants",
            &[JSON_TYPE, AUTH],
            body.as_bytes(),
        )
        .expect("an answer");
        assert_eq!(answer.status, 200, "{depth}");
        let data = &answer.json()["data"];
        assert_eq!(
            data[0]["validation_errors"],
            json!([]),
            "{depth}: an unknown key is dropped"
        );
        let errors = data[1]["validation_errors"].as_array().cloned().unwrap_or_default();
        assert_eq!(errors.len(), 1, "{depth}: {errors:?}");
        assert_eq!(errors[0]["path"], json!(["adresse_apprenant"]), "{depth}: {errors:?}");
    }
}

#[test]
fn answer_per_item_and_store() {
    let sandbox = start(SandboxConfig::default());
    let mut invalid = item("id-2", "Roe");
    invalid["date_de_naissance_apprenant"] = json!("2000-02-30");
    invalid["bidule"] = json!(1);
    let valid_text = serde_json::to_string(&item("id-1", "Doe")).expect("serialises");
    let body = format!(
        "[{valid_text}, {}]",
        serde_json::to_string(&invalid).expect("serialises")
    );
    let answer = request(
        sandbox.addr(),
        "POST",
        "/api/v3/dossiers-apprenants",
        &[JSON_TYPE, ("Authorization", BEARER)],
        body.as_bytes(),
    )
    .expect("an answer");
    assert_eq!(answer.status, 200);
    let json = answer.json();
    let keys: Vec<&str> = json
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(keys, ["status", "message", "detail", "data"]);
    assert_eq!(json["detail"], "Some data are invalid");
    let first = &json["data"][0];
    assert_eq!(first["validation_errors"], json!([]));
    assert_eq!(first["has_error"], false);
    assert!(
        first.get("processed_at").is_none(),
        "only invalid items are processed at once"
    );
    assert_eq!(first["source"], "ERP");
    assert_eq!(first["api_version"], "v3");
    assert_eq!(first["source_organisme_id"], effectifs_sandbox::organisme_id(KEY));
    let id = first["_id"].as_str().unwrap_or_default();
    assert!(
        id.len() == 24 && id.bytes().all(|byte| byte.is_ascii_hexdigit()),
        "{id}"
    );
    let second = &json["data"][1];
    assert_eq!(second["has_error"], true);
    assert_eq!(
        second["validation_errors"],
        json!([{"message": "Cette date n'existe pas : « 2000-02-30 »", "path": ["date_de_naissance_apprenant"]}])
    );
    assert!(second.get("bidule").is_none(), "unknown keys are dropped");
    assert!(second["processed_at"].is_string());
    // Only the valid item is stored, exactly as received.
    assert_eq!(sandbox.store().received().expect("listed"), [valid_text]);
}

#[test]
fn rate_limit_answers_429_with_retry_after() {
    let sandbox = start(SandboxConfig {
        rate: Some(RateLimit {
            requests: 2,
            window: Duration::from_secs(60),
        }),
        ..SandboxConfig::default()
    });
    let auth = [("Authorization", BEARER)];
    let statuses: Vec<u16> = (0..3)
        .map(|_| {
            request(sandbox.addr(), "POST", "/api/v3/dossiers-apprenants/test", &auth, b"")
                .expect("an answer")
                .status
        })
        .collect();
    assert_eq!(statuses, [200, 200, 429]);
    let answer = request(sandbox.addr(), "POST", "/api/v3/dossiers-apprenants/test", &auth, b"").expect("an answer");
    assert_eq!(
        answer.json(),
        json!({"error": "Too Many Requests", "message": "Trop de requêtes, veuillez réessayer plus tard."})
    );
    let retry_after: u64 = answer
        .header("retry-after")
        .and_then(|value| value.parse().ok())
        .unwrap_or(0);
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(answer.header("ratelimit-limit"), Some("2"));
    assert_eq!(answer.header("ratelimit-remaining"), Some("0"));
    assert_eq!(answer.header("ratelimit-policy"), Some("2;w=60"));
    assert!(answer.header("ratelimit-reset").is_some());
}

#[test]
fn faults_store_nothing() {
    let sandbox = start(SandboxConfig {
        faults: vec![Fault::ServerError, Fault::DropConnection],
        ..SandboxConfig::default()
    });
    let body = serde_json::to_vec(&[item("id-1", "Doe")]).expect("serialises");
    let headers = [JSON_TYPE, ("Authorization", BEARER)];
    let post = || request(sandbox.addr(), "POST", "/api/v3/dossiers-apprenants", &headers, &body);
    let failed = post().expect("an answer");
    assert_eq!(
        (failed.status, failed.json()),
        (
            500,
            json!({"error": "Internal Server Error", "message": "An internal server error occurred"})
        )
    );
    assert!(post().is_none(), "the connection is closed without an answer");
    assert!(sandbox.store().received().expect("listed").is_empty());
    assert_eq!(post().expect("an answer").status, 200);
    assert_eq!(sandbox.store().received().expect("listed").len(), 1);
}
