//! Sending from the browser: drives the send engine (`effectifs-send`, no I/O of its own) with `fetch`,
//! the page's clock and timers. The engine decides everything — batches, retries, waits, stops and their French
//! explanations, the per-line outcome — so the web app and `effectifs send` behave the same.
//!
//! The page talks to its own origin (`/api`): `effectifs serve` or the reverse proxy of the README relays to the
//! API, which sends no CORS headers (D11). The key only lives in memory here and in the `Authorization` header.

use std::cell::RefCell;
use std::rc::Rc;

use effectifs_send::{Config, Event, Item, Progress, RequestKind, SendOutcome, SendSession, SendState, Step};
use serde_json::Value as Json;
use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::protocol::PayloadItem;

/// The API base as the page sees it: its own origin's `/api`, relayed by the server that serves the page.
pub fn default_base() -> String {
    web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .map_or_else(|| "/api".to_owned(), |origin| format!("{origin}/api"))
}

/// The engine's items from the worker's payloads: each valid line's number and its dossier as JSON text.
/// A payload that is not a JSON object would be a bug of ours, never of the user's file: it is skipped.
pub fn items(payloads: Vec<PayloadItem>) -> Vec<Item> {
    payloads
        .into_iter()
        .filter_map(|item| match serde_json::from_str::<Json>(&item.dossier) {
            Ok(Json::Object(dossier)) => Some(Item {
                line: item.line,
                dossier,
            }),
            _ => None,
        })
        .collect()
}

/// What the page shows while sending.
#[derive(Debug, Clone, PartialEq)]
pub enum Update {
    /// A request is about to leave: what it is, with the figures so far.
    Sending {
        /// "Vérification de la clé d'échange" or "Lot 2 sur 3".
        what: String,
        /// The engine's figures.
        progress: Progress,
    },
    /// The engine asked to wait before trying again: its French sentence.
    Waiting(String),
    /// The send is over (completed or stopped): the whole outcome, line by line.
    Finished(SendOutcome),
}

/// One send, kept by the page so that an interrupted send can be resumed without resending accepted batches.
#[derive(Debug)]
pub struct Sending {
    session: SendSession,
    base: String,
    /// The page dropped this send (the data changed): `run` stops at its next step and reports nothing more.
    cancelled: bool,
}

impl Sending {
    /// A new send of `items` to `base`.
    pub fn new(items: Vec<Item>, base: String) -> Sending {
        let config = Config {
            seed: jitter_seed(),
            ..Config::default()
        };
        Sending {
            session: SendSession::new(items, &base, config),
            base,
            cancelled: false,
        }
    }

    /// The same send again after a stop: batches already accepted are kept and never sent again.
    pub fn resumed(&self) -> Result<Sending, String> {
        let state: SendState = self.session.state().clone();
        let config = Config {
            seed: jitter_seed(),
            ..Config::default()
        };
        SendSession::resume(self.session.items().to_vec(), &self.base, config, state)
            .map(|session| Sending {
                session,
                base: self.base.clone(),
                cancelled: false,
            })
            .map_err(|error| format!("Reprise impossible : {error}."))
    }

    /// Stop this send at its next step (a request already gone is not called back).
    pub fn cancel(&mut self) {
        self.cancelled = true;
    }

    /// Where the dossiers go.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The engine's figures.
    pub fn progress(&self) -> Progress {
        self.session.progress()
    }

    /// The outcome so far.
    pub fn outcome(&self) -> SendOutcome {
        self.session.outcome()
    }
}

/// Runs `sending` to its end (completed or stopped), calling `update` as it goes. The send is shared with the page
/// (`Rc<RefCell<…>>`) but never borrowed across an `await`.
pub async fn run(sending: Rc<RefCell<Sending>>, key: String, update: impl Fn(Update)) {
    loop {
        if sending.borrow().cancelled {
            return;
        }
        let step = sending.borrow_mut().session.next_step();
        match step {
            Step::Send(request) => {
                let (url, progress) = {
                    let sending = sending.borrow();
                    (request.url(&sending.base), sending.session.progress())
                };
                let what = match request.kind {
                    RequestKind::KeyCheck => "Vérification de la clé d'échange".to_owned(),
                    RequestKind::Batch { batch } => format!("Lot {batch} sur {}", progress.batches_total),
                };
                update(Update::Sending { what, progress });
                let answer = post(&url, &key, &request.body).await;
                let now = now_unix_ms();
                let mut sending = sending.borrow_mut();
                if sending.cancelled {
                    return;
                }
                match &answer {
                    Ok(answer) => sending.session.handle(
                        now,
                        Event::Response {
                            status: answer.status,
                            retry_after: answer.retry_after.as_deref(),
                            body: &answer.body,
                        },
                    ),
                    Err(detail) => sending.session.handle(now, Event::NetworkError { detail }),
                }
            }
            Step::Wait(wait) => {
                update(Update::Waiting(wait.to_string()));
                sleep(wait.delay_ms).await;
            }
            Step::Done(_) => {
                update(Update::Finished(sending.borrow().session.outcome()));
                return;
            }
        }
    }
}

struct Answer {
    status: u16,
    retry_after: Option<String>,
    body: Vec<u8>,
}

/// `POST url` with the key as a Bearer token and a JSON body; a network failure is described in French.
async fn post(url: &str, key: &str, body: &[u8]) -> Result<Answer, String> {
    let network = |error: JsValue| {
        let detail = error
            .dyn_ref::<js_sys::Error>()
            .map(|error| String::from(error.message()))
            .unwrap_or_default();
        if detail.is_empty() {
            "le serveur ne répond pas".to_owned()
        } else {
            format!("le serveur ne répond pas : {detail}")
        }
    };
    let window = web_sys::window().ok_or_else(|| "pas de fenêtre de navigateur".to_owned())?;
    let headers = web_sys::Headers::new().map_err(network)?;
    headers.set("Authorization", &format!("Bearer {key}")).map_err(|_| {
        "la clé d'échange contient des caractères impossibles dans un en-tête HTTP (espace, accent…).".to_owned()
    })?;
    headers.set("Content-Type", "application/json").map_err(network)?;
    headers.set("Accept", "application/json").map_err(network)?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&js_sys::Uint8Array::from(body));
    // Same origin only: the key never goes anywhere but the page's own server. A redirection is never
    // followed (a POST with the key replayed elsewhere): it fails, as a network error the engine reports.
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    init.set_redirect(web_sys::RequestRedirect::Error);
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(network)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(network)?
        .dyn_into()
        .map_err(network)?;
    let retry_after = response.headers().get("Retry-After").ok().flatten();
    let buffer = JsFuture::from(response.array_buffer().map_err(network)?)
        .await
        .map_err(network)?;
    Ok(Answer {
        status: response.status(),
        retry_after,
        body: js_sys::Uint8Array::new(&buffer).to_vec(),
    })
}

/// Resolves after `ms` milliseconds (the page's `setTimeout`).
async fn sleep(ms: u64) {
    let delay = i32::try_from(ms).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            // Without a window nothing can wait: the engine's next step comes at once.
            if window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, delay)
                .is_err()
            {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
        } else {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(promise).await;
}

fn now_unix_ms() -> u64 {
    // Milliseconds since the epoch fit in a u64 for the next 500 million years.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a positive whole number of ms"
    )]
    let now = js_sys::Date::now() as u64;
    now
}

/// The jitter's seed: the engine draws no random number of its own.
fn jitter_seed() -> u64 {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a random whole number"
    )]
    let seed = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    seed
}
