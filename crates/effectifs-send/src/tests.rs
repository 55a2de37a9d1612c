//! The state machine as data: each case is a list of scripted server answers, and the expected
//! transcript of what the engine asked for.

#![allow(
    clippy::needless_raw_string_hashes,
    reason = "expect-test writes its snapshots with hashes"
)]

use expect_test::{Expect, expect};
use serde_json::{Map, Value as Json, json};

use crate::{Config, Ending, Event, Item, RequestKind, SendSession, SendState, Step};

const BASE: &str = "http://127.0.0.1:8787/api";
/// Milliseconds since the epoch of 2025-03-06T10:00:00Z, the clock of every case.
const NOW: u64 = 1_741_255_200_000;

/// `count` items on lines 2, 3, 4…
fn items(count: u32) -> Vec<Item> {
    (2..2 + count)
        .map(|line| {
            let mut dossier = Map::new();
            dossier.insert("nom_apprenant".to_owned(), Json::String(format!("Nom{line}")));
            dossier.insert("id_erp_apprenant".to_owned(), Json::String(format!("id-{line}")));
            Item { line, dossier }
        })
        .collect()
}

fn config(batch_size: usize) -> Config {
    Config {
        batch_size,
        seed: 7,
        ..Config::default()
    }
}

/// A 200 body for `lines`, the lines of `rejected` refused on `nom_apprenant`.
fn ok_body(lines: &[u32], rejected: &[u32]) -> Vec<u8> {
    let data: Vec<Json> = lines
        .iter()
        .map(|line| {
            if rejected.contains(line) {
                json!({"validation_errors": [{"message": "Champ obligatoire", "path": ["nom_apprenant"]}], "has_error": true})
            } else {
                json!({"validation_errors": [], "has_error": false})
            }
        })
        .collect();
    let mut body = json!({"status": "OK", "message": "Queued", "data": data});
    if !rejected.is_empty() {
        body["detail"] = json!("Some data are invalid");
    }
    body.to_string().into_bytes()
}

/// Runs `session` against scripted answers and renders the transcript. Answers:
/// `200` (the API's answer: `{"msg":"ok"}` to the key check, all accepted for a batch), `200!3!5`
/// (lines 3 and 5 refused), `200?` (an HTML page), `200~` (JSON that is not the API's answer),
/// `403:<message>`, `429`, `429+<seconds>` (with `Retry-After`), `net` (network failure), or any
/// other status (empty body).
fn transcript(session: &mut SendSession, answers: &[&str]) -> String {
    let mut out = Vec::new();
    let mut answers = answers.iter();
    // Bounded: every answer is consumed by at most one request and one wait.
    for _ in 0..100 {
        match session.next_step() {
            Step::Send(request) => {
                let what = match request.kind {
                    RequestKind::KeyCheck => format!("send key-check {}", request.path),
                    RequestKind::Batch { batch } => {
                        let sent: Vec<Json> = serde_json::from_slice(&request.body).unwrap_or_default();
                        assert_eq!(sent.len(), request.lines.len(), "one item per line");
                        format!("send batch {batch} lines {:?} ({} items)", request.lines, sent.len())
                    }
                };
                out.push(format!("{what} try {}", request.attempt));
                let Some(answer) = answers.next() else {
                    out.push("(no more answers)".to_owned());
                    break;
                };
                out.push(format!("  <- {answer}"));
                let (status, rest) = answer.split_once([':', '+', '!', '?', '~']).unwrap_or((answer, ""));
                let separator = answer[status.len()..].chars().next();
                if *answer == "net" {
                    session.handle(
                        NOW,
                        Event::NetworkError {
                            detail: "connexion interrompue",
                        },
                    );
                    continue;
                }
                let status: u16 = status.parse().expect("a status");
                let body = match (status, separator) {
                    (200, Some('?')) => b"<html><body>Bienvenue sur le portail Wi-Fi</body></html>".to_vec(),
                    (200, Some('~')) => br#"{"status":"OK","message":"Queued"}"#.to_vec(),
                    (200, _) if request.kind == RequestKind::KeyCheck => br#"{"msg":"ok"}"#.to_vec(),
                    (200, _) => {
                        let rejected: Vec<u32> = rest.split('!').filter_map(|line| line.parse().ok()).collect();
                        ok_body(&request.lines, &rejected)
                    }
                    (_, Some(':')) => json!({"error": "Forbidden", "message": rest}).to_string().into_bytes(),
                    _ => Vec::new(),
                };
                let retry_after = (separator == Some('+')).then_some(rest);
                session.handle(
                    NOW,
                    Event::Response {
                        status,
                        retry_after,
                        body: &body,
                    },
                );
            }
            Step::Wait(wait) => out.push(format!("wait {} ms: {wait}", wait.delay_ms)),
            Step::Done(Ending::Completed) => {
                out.push("done: completed".to_owned());
                break;
            }
            Step::Done(Ending::Stopped(stop)) => {
                out.push(format!("done: stopped {:?} — {}", stop.reason, stop.message));
                break;
            }
        }
    }
    let progress = session.progress();
    out.push(format!(
        "progress: {}/{} batches, {} sent, {} accepted, {} rejected, {} unconfirmed",
        progress.batches_accepted,
        progress.batches_total,
        progress.items_sent,
        progress.items_accepted,
        progress.items_rejected,
        progress.items_unconfirmed
    ));
    out.join("\n") + "\n"
}

/// One case: `count` items in batches of `batch_size`, the scripted answers, the transcript.
fn check(count: u32, batch_size: usize, answers: &[&str], expected: &Expect) {
    let mut session = SendSession::new(items(count), BASE, config(batch_size));
    expected.assert_eq(&transcript(&mut session, answers));
}

#[test]
fn happy_path_in_batches() {
    check(
        5,
        2,
        &["200", "200", "200", "200"],
        &expect![[r#"
            send key-check /v3/dossiers-apprenants/test try 1
              <- 200
            send batch 1 lines [2, 3] (2 items) try 1
              <- 200
            send batch 2 lines [4, 5] (2 items) try 1
              <- 200
            send batch 3 lines [6] (1 items) try 1
              <- 200
            done: completed
            progress: 3/3 batches, 5 sent, 5 accepted, 0 rejected, 0 unconfirmed
        "#]],
    );
}

#[test]
fn nothing_to_send_sends_nothing() {
    check(
        0,
        2,
        &[],
        &expect![[r#"
            done: completed
            progress: 0/0 batches, 0 sent, 0 accepted, 0 rejected, 0 unconfirmed
        "#]],
    );
}

#[test]
fn wrong_key_stops_before_any_batch() {
    check(
        3,
        2,
        &["403:La clé API n'est pas valide"],
        &expect![[r#"
            send key-check /v3/dossiers-apprenants/test try 1
              <- 403:La clé API n'est pas valide
            done: stopped KeyRefused — Envoi refusé (HTTP 403, « La clé API n'est pas valide ») : la clé d'échange est refusée : elle est inconnue du serveur, a été remplacée par une clé plus récente, ou a été désactivée après 12 mois sans transmission. Générez une nouvelle clé d'échange dans les paramètres de votre espace sur le Tableau de bord de l'apprentissage, puis relancez l'envoi.
            progress: 0/2 batches, 0 sent, 0 accepted, 0 rejected, 0 unconfirmed
        "#]],
    );
}

#[test]
fn key_refused_in_the_middle_keeps_accepted_batches() {
    check(
        3,
        1,
        &["200", "200", "403:Clé API manquante"],
        &expect![[r#"
            send key-check /v3/dossiers-apprenants/test try 1
              <- 200
            send batch 1 lines [2] (1 items) try 1
              <- 200
            send batch 2 lines [3] (1 items) try 1
              <- 403:Clé API manquante
            done: stopped KeyRefused — Envoi refusé (HTTP 403, « Clé API manquante ») : aucune clé d'échange n'a été transmise. Indiquez la clé générée dans les paramètres de votre espace sur le Tableau de bord de l'apprentissage.
            progress: 1/3 batches, 1 sent, 1 accepted, 0 rejected, 0 unconfirmed
        "#]],
    );
}

#[test]
fn server_errors_and_network_failures_are_retried_with_back_off() {
    check(
        2,
        2,
        &["200", "503", "net", "500", "200"],
        &expect![[r#"
            send key-check /v3/dossiers-apprenants/test try 1
              <- 200
            send batch 1 lines [2, 3] (2 items) try 1
              <- 503
            wait 779 ms: Lot 1 : le serveur répond HTTP 503 ; nouvel essai dans 779 ms (essai 2).
            send batch 1 lines [2, 3] (2 items) try 2
              <- net
            wait 1451 ms: Lot 1 : erreur réseau (connexion interrompue) ; nouvel essai dans 1,5 s (essai 3).
            send batch 1 lines [2, 3] (2 items) try 3
              <- 500
            wait 3515 ms: Lot 1 : le serveur répond HTTP 500 ; nouvel essai dans 3,5 s (essai 4).
            send batch 1 lines [2, 3] (2 items) try 4
              <- 200
            done: completed
            progress: 1/1 batches, 2 sent, 2 accepted, 0 rejected, 0 unconfirmed
        "#]],
    );
}

#[test]
fn retries_are_bounded() {
    check(
        1,
        2,
        &["200", "502", "502", "502", "502", "502", "502"],
        &expect![[r#"
            send key-check /v3/dossiers-apprenants/test try 1
              <- 200
            send batch 1 lines [2] (1 items) try 1
              <- 502
            wait 779 ms: Lot 1 : le serveur répond HTTP 502 ; nouvel essai dans 779 ms (essai 2).
            send batch 1 lines [2] (1 items) try 2
              <- 502
            wait 1451 ms: Lot 1 : le serveur répond HTTP 502 ; nouvel essai dans 1,5 s (essai 3).
            send batch 1 lines [2] (1 items) try 3
              <- 502
            wait 3515 ms: Lot 1 : le serveur répond HTTP 502 ; nouvel essai dans 3,5 s (essai 4).
            send batch 1 lines [2] (1 items) try 4
              <- 502
            wait 7131 ms: Lot 1 : le serveur répond HTTP 502 ; nouvel essai dans 7,1 s (essai 5).
            send batch 1 lines [2] (1 items) try 5
              <- 502
            wait 10770 ms: Lot 1 : le serveur répond HTTP 502 ; nouvel essai dans 10,8 s (essai 6).
            send batch 1 lines [2] (1 items) try 6
              <- 502
            done: stopped RetriesExhausted — Envoi interrompu : le serveur n'a pas pu être joint correctement après 6 essais (dernier : HTTP 502). Relancez l'envoi plus tard ; les lots déjà acceptés ne seront pas renvoyés.
            progress: 0/1 batches, 0 sent, 0 accepted, 0 rejected, 0 unconfirmed
        "#]],
    );
}

#[test]
fn rate_limit_honours_retry_after() {
    check(
        2,
        1,
        &["200", "200", "429+2", "429", "200"],
        &expect![[r#"
            send key-check /v3/dossiers-apprenants/test try 1
              <- 200
            send batch 1 lines [2] (1 items) try 1
              <- 200
            send batch 2 lines [3] (1 items) try 1
              <- 429+2
            wait 2000 ms: Lot 2 : le serveur limite le nombre de requêtes (HTTP 429) et demande d'attendre ; nouvel essai dans 2 s (essai 2).
            send batch 2 lines [3] (1 items) try 2
              <- 429
            wait 1310 ms: Lot 2 : le serveur limite le nombre de requêtes (HTTP 429) ; nouvel essai dans 1,3 s (essai 3).
            send batch 2 lines [3] (1 items) try 3
              <- 200
            done: completed
            progress: 2/2 batches, 2 sent, 2 accepted, 0 rejected, 0 unconfirmed
        "#]],
    );
}

#[test]
fn a_retry_after_too_long_stops() {
    check(
        1,
        1,
        &["429+3600"],
        &expect![[r#"
            send key-check /v3/dossiers-apprenants/test try 1
              <- 429+3600
            done: stopped RateLimited — Envoi interrompu : le serveur limite le nombre de requêtes et demande d'attendre 60 min avant de reprendre (HTTP 429). Relancez l'envoi plus tard ; les lots déjà acceptés ne seront pas renvoyés.
            progress: 0/1 batches, 0 sent, 0 accepted, 0 rejected, 0 unconfirmed
        "#]],
    );
}

#[test]
fn client_errors_stop_with_an_explanation() {
    check(
        2,
        1,
        &["200", "200", "413"],
        &expect![[r#"
            send key-check /v3/dossiers-apprenants/test try 1
              <- 200
            send batch 1 lines [2] (1 items) try 1
              <- 200
            send batch 2 lines [3] (1 items) try 1
              <- 413
            done: stopped TooLarge — Envoi arrêté : Le lot 2 dépasse la taille acceptée par le serveur (10 Mo, HTTP 413). Rien de ce lot n'a été enregistré : relancez l'envoi avec des lots plus petits ; les lots déjà acceptés ne seront pas renvoyés.
            progress: 1/2 batches, 1 sent, 1 accepted, 0 rejected, 0 unconfirmed
        "#]],
    );
    check(
        1,
        1,
        &["200", "400:Erreur de validation"],
        &expect![[r#"
            send key-check /v3/dossiers-apprenants/test try 1
              <- 200
            send batch 1 lines [2] (1 items) try 1
              <- 400:Erreur de validation
            done: stopped BadRequest — Envoi arrêté : le serveur a refusé le lot 1 en entier (HTTP 400, « Erreur de validation »). Rien de ce lot n'a été enregistré. C'est inattendu pour un fichier vérifié : signalez-le avec le message ci-dessus.
            progress: 0/1 batches, 0 sent, 0 accepted, 0 rejected, 0 unconfirmed
        "#]],
    );
    check(
        1,
        1,
        &["404"],
        &expect![[r#"
            send key-check /v3/dossiers-apprenants/test try 1
              <- 404
            done: stopped UnexpectedStatus — Envoi arrêté : réponse inattendue du serveur (HTTP 404). Vérifiez l'adresse du serveur : elle doit finir par « /api » (par exemple https://cfas.apprentissage.beta.gouv.fr/api).
            progress: 0/1 batches, 0 sent, 0 accepted, 0 rejected, 0 unconfirmed
        "#]],
    );
}

#[test]
fn server_validation_errors_are_mapped_to_lines() {
    let mut session = SendSession::new(items(5), BASE, config(3));
    let expected = expect![[r#"
        send key-check /v3/dossiers-apprenants/test try 1
          <- 200
        send batch 1 lines [2, 3, 4] (3 items) try 1
          <- 200!3
        send batch 2 lines [5, 6] (2 items) try 1
          <- 200!5!6
        done: completed
        progress: 2/2 batches, 5 sent, 2 accepted, 3 rejected, 0 unconfirmed
    "#]];
    expected.assert_eq(&transcript(&mut session, &["200", "200!3", "200!5!6"]));
    assert_eq!(
        lines(&session),
        [
            "2 accepted []",
            "3 rejected [\"nom_apprenant: Champ obligatoire\"]",
            "4 accepted []",
            "5 rejected [\"nom_apprenant: Champ obligatoire\"]",
            "6 rejected [\"nom_apprenant: Champ obligatoire\"]",
        ]
    );
}

/// Every line's outcome: `line status [field: message, …]`.
fn lines(session: &SendSession) -> Vec<String> {
    session
        .outcome()
        .lines
        .iter()
        .map(|outcome| {
            let errors: Vec<String> = outcome
                .errors
                .iter()
                .map(|error| format!("{}: {}", error.field.as_deref().unwrap_or("-"), error.message))
                .collect();
            format!("{} {} {:?}", outcome.line, outcome.status.as_str(), errors)
        })
        .collect()
}

/// A success status without the API's answer (a placeholder page, a captive portal, a wrong address)
/// is not acceptance: the send stops "non confirmé", the batch stays to be sent, and a resume sends it.
#[test]
fn a_success_that_is_not_the_api_answer_is_not_acceptance() {
    let mut session = SendSession::new(items(5), BASE, config(2));
    let expected = expect![[r#"
        send key-check /v3/dossiers-apprenants/test try 1
          <- 200
        send batch 1 lines [2, 3] (2 items) try 1
          <- 200
        send batch 2 lines [4, 5] (2 items) try 1
          <- 200?
        done: stopped Unconfirmed — Envoi arrêté : lot 2 non confirmé. Le serveur a répondu HTTP 200, mais pas comme l'API du Tableau de bord de l'apprentissage : rien ne prouve que ses lignes ont été enregistrées. Elles restent à envoyer ; les renvoyer est sans risque, car le Tableau de bord identifie un effectif par son organisme, son année scolaire et son id_erp_apprenant. Vérifiez l'adresse du serveur : elle doit être celle de l'API et finir par « /api » (par exemple https://cfas.apprentissage.beta.gouv.fr/api). Une page de connexion à un réseau (Wi-Fi public), un proxy ou un autre site peut aussi répondre à sa place.
        progress: 1/3 batches, 2 sent, 2 accepted, 0 rejected, 2 unconfirmed
    "#]];
    expected.assert_eq(&transcript(&mut session, &["200", "200", "200?"]));
    assert_eq!(
        lines(&session),
        [
            "2 accepted []",
            "3 accepted []",
            "4 unconfirmed []",
            "5 unconfirmed []",
            "6 not_sent []",
        ]
    );
    let outcome = session.outcome();
    assert!(!outcome.completed);
    assert_eq!(outcome.batches[1].status, crate::BatchStatus::Unconfirmed);
    let saved = session.state().clone();
    assert!(!saved.batches[1].is_accepted(), "the state keeps it to send");

    let mut resumed = SendSession::resume(items(5), BASE, config(2), saved).expect("same content");
    let expected = expect![[r#"
        send key-check /v3/dossiers-apprenants/test try 1
          <- 200
        send batch 2 lines [4, 5] (2 items) try 1
          <- 200
        send batch 3 lines [6] (1 items) try 1
          <- 200
        done: completed
        progress: 3/3 batches, 5 sent, 5 accepted, 0 rejected, 0 unconfirmed
    "#]];
    expected.assert_eq(&transcript(&mut resumed, &["200", "200", "200"]));

    // Each non-API success: JSON of another shape, 201, 204; and on the key check, the batch's answer.
    for (answers, expected_stop) in [
        (
            &["200", "200~"][..],
            "lot 1 non confirmé. Le serveur a répondu HTTP 200",
        ),
        (&["200", "201"][..], "lot 1 non confirmé. Le serveur a répondu HTTP 201"),
        (&["200", "204"][..], "lot 1 non confirmé. Le serveur a répondu HTTP 204"),
        (&["200?"][..], "la vérification de la clé d'échange n'est pas confirmée"),
        (&["200~"][..], "la vérification de la clé d'échange n'est pas confirmée"),
        (&["204"][..], "la vérification de la clé d'échange n'est pas confirmée"),
    ] {
        let mut session = SendSession::new(items(1), BASE, config(2));
        let text = transcript(&mut session, answers);
        assert!(text.contains(expected_stop), "{answers:?}: {text}");
        assert!(!session.is_completed(), "{answers:?}");
        assert_eq!(session.progress().items_accepted, 0, "{answers:?}");
    }
}

#[test]
fn a_request_in_flight_is_given_again_and_stray_answers_are_ignored() {
    let mut session = SendSession::new(items(1), BASE, config(1));
    let Step::Send(first) = session.next_step() else {
        panic!("a request first");
    };
    let Step::Send(again) = session.next_step() else {
        panic!("the same request");
    };
    assert_eq!(first, again, "not a second try");
    session.handle(
        NOW,
        Event::Response {
            status: 200,
            retry_after: None,
            body: br#"{"msg":"ok"}"#,
        },
    );
    let Step::Send(batch) = session.next_step() else {
        panic!("the batch");
    };
    assert_eq!(batch.kind, RequestKind::Batch { batch: 1 });
    session.handle(NOW, Event::NetworkError { detail: "x" });
    session.handle(
        NOW,
        Event::NetworkError {
            detail: "a stray second report",
        },
    );
    assert!(matches!(session.next_step(), Step::Wait(_)));
}

/// Interrupted after batch 1, saved as JSON, resumed with another batch size: batch 1 is never
/// sent again, the rest is planned anew.
#[test]
fn resume_never_sends_an_accepted_batch_again() {
    let mut first = SendSession::new(items(5), BASE, config(2));
    let expected = expect![[r#"
        send key-check /v3/dossiers-apprenants/test try 1
          <- 200
        send batch 1 lines [2, 3] (2 items) try 1
          <- 200!3
        send batch 2 lines [4, 5] (2 items) try 1
          <- 403:La clé API n'est pas valide
        done: stopped KeyRefused — Envoi refusé (HTTP 403, « La clé API n'est pas valide ») : la clé d'échange est refusée : elle est inconnue du serveur, a été remplacée par une clé plus récente, ou a été désactivée après 12 mois sans transmission. Générez une nouvelle clé d'échange dans les paramètres de votre espace sur le Tableau de bord de l'apprentissage, puis relancez l'envoi.
        progress: 1/3 batches, 2 sent, 1 accepted, 1 rejected, 0 unconfirmed
    "#]];
    expected.assert_eq(&transcript(
        &mut first,
        &["200", "200!3", "403:La clé API n'est pas valide"],
    ));
    let saved = serde_json::to_string(first.state()).expect("a state serialises");
    assert!(!saved.contains("Nom"), "no payload in the state: {saved}");
    let saved: SendState = serde_json::from_str(&saved).expect("and reads back");

    let mut resumed = SendSession::resume(items(5), BASE, config(3), saved.clone()).expect("same content");
    let expected = expect![[r#"
        send key-check /v3/dossiers-apprenants/test try 1
          <- 200
        send batch 2 lines [4, 5, 6] (3 items) try 1
          <- 200
        done: completed
        progress: 2/2 batches, 5 sent, 4 accepted, 1 rejected, 0 unconfirmed
    "#]];
    expected.assert_eq(&transcript(&mut resumed, &["200", "200"]));
    let outcome = resumed.outcome();
    let batches: Vec<(usize, bool)> = outcome
        .batches
        .iter()
        .map(|batch| (batch.lines, batch.resumed))
        .collect();
    assert_eq!(batches, [(2, true), (3, false)]);
    assert_eq!(
        outcome.lines[1].errors[0].message, "Champ obligatoire",
        "line 3 keeps its answer"
    );

    // A finished state resumes to nothing but the key check: the state vouches for no key.
    let done = resumed.state().clone();
    let mut again = SendSession::resume(items(5), BASE, config(3), done.clone()).expect("same content");
    let expected = expect![[r#"
        send key-check /v3/dossiers-apprenants/test try 1
          <- 200
        done: completed
        progress: 2/2 batches, 5 sent, 4 accepted, 1 rejected, 0 unconfirmed
    "#]];
    expected.assert_eq(&transcript(&mut again, &["200"]));
    let mut refused = SendSession::resume(items(5), BASE, config(3), done).expect("same content");
    let expected = expect![[r#"
        send key-check /v3/dossiers-apprenants/test try 1
          <- 403:La clé API n'est pas valide
        done: stopped KeyRefused — Envoi refusé (HTTP 403, « La clé API n'est pas valide ») : la clé d'échange est refusée : elle est inconnue du serveur, a été remplacée par une clé plus récente, ou a été désactivée après 12 mois sans transmission. Générez une nouvelle clé d'échange dans les paramètres de votre espace sur le Tableau de bord de l'apprentissage, puis relancez l'envoi.
        progress: 2/2 batches, 5 sent, 4 accepted, 1 rejected, 0 unconfirmed
    "#]];
    expected.assert_eq(&transcript(&mut refused, &["403:La clé API n'est pas valide"]));

    // Another content, another server, another version: refused.
    let mut other = items(5);
    other[4]
        .dossier
        .insert("nom_apprenant".to_owned(), Json::String("Autre".to_owned()));
    let errors = [
        SendSession::resume(other, BASE, config(3), saved.clone()).map(|_| ()),
        SendSession::resume(items(5), "https://example.invalid/api", config(3), saved.clone()).map(|_| ()),
        SendSession::resume(items(5), BASE, config(3), SendState { version: 9, ..saved }).map(|_| ()),
    ];
    let errors: Vec<String> = errors
        .into_iter()
        .map(|result| result.err().map(|error| error.to_string()).unwrap_or_default())
        .collect();
    assert!(errors[0].contains("autre contenu"), "{errors:?}");
    assert!(errors[1].contains("autre serveur"), "{errors:?}");
    assert!(errors[2].contains("format 9"), "{errors:?}");
}

#[test]
fn back_off_stays_within_its_bounds() {
    for seed in 0..50 {
        let mut session = SendSession::new(
            items(1),
            BASE,
            Config {
                seed,
                check_key: false,
                max_retries: 12,
                ..Config::default()
            },
        );
        for failure in 1..=12u32 {
            assert!(matches!(session.next_step(), Step::Send(_)));
            session.handle(NOW, Event::NetworkError { detail: "x" });
            let Step::Wait(wait) = session.next_step() else {
                panic!("a wait after failure {failure}");
            };
            let full = (1000u64 << (failure - 1)).min(60_000);
            assert!(
                (full / 2..=full).contains(&wait.delay_ms),
                "seed {seed}, failure {failure}: {} not in {}..={full}",
                wait.delay_ms,
                full / 2
            );
        }
    }
}

const KEY: &str = "7c0ffee0-5ec2-4e7a-9d1b-c1e5ec2e7a9d";
const OTHER_KEY: &str = "00000000-0000-4000-8000-000000000000";

/// The state is tied to the key once the server accepts it (never before: a refused key leaves it
/// free), by a one-way fingerprint; resuming with another key is refused.
#[test]
fn the_state_is_tied_to_the_accepted_key() {
    // A refused key: nothing ties the state yet, so the right key can resume it.
    let mut refused = SendSession::new(items(3), BASE, config(2));
    refused.use_key(OTHER_KEY).expect("a new send takes any key");
    transcript(&mut refused, &["403:La clé API n'est pas valide"]);
    assert_eq!(refused.state().key, None);
    let mut resumed = SendSession::resume(items(3), BASE, config(2), refused.state().clone()).expect("same content");
    resumed.use_key(KEY).expect("no key recorded yet");

    // Accepted: tied. The state holds a digest, never the key.
    transcript(&mut resumed, &["200", "200", "503"]);
    let saved = resumed.state().clone();
    let digest = saved.key.clone().expect("tied to the accepted key");
    assert_eq!(digest, crate::key_fingerprint(&saved.fingerprint, KEY));
    let text = serde_json::to_string(&saved).expect("serialises");
    assert!(!text.contains(KEY) && !text.contains("7c0ffee0"), "{text}");

    let mut other = SendSession::resume(items(3), BASE, config(2), saved.clone()).expect("same content");
    let error = other.use_key(OTHER_KEY).expect_err("another key is refused");
    assert!(error.to_string().contains("une autre clé d'échange"), "{error}");
    let mut same = SendSession::resume(items(3), BASE, config(2), saved).expect("same content");
    same.use_key(KEY).expect("the same key resumes");
    let expected = expect![[r#"
        send key-check /v3/dossiers-apprenants/test try 1
          <- 200
        send batch 2 lines [4] (1 items) try 1
          <- 200
        done: completed
        progress: 2/2 batches, 3 sent, 3 accepted, 0 rejected, 0 unconfirmed
    "#]];
    expected.assert_eq(&transcript(&mut same, &["200", "200"]));
    assert_eq!(same.state().key, Some(digest), "still tied to it");
}
