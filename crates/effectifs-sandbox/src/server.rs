//! The HTTP side: the shared connection loop ([`crate::serving`]), a handler that can drop a
//! connection on purpose, around an axum router that answers like the platform (`docs/api.md`).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Response, StatusCode};
use axum::routing::{get, post};
use effectifs_core::Date;
use serde_json::value::RawValue;
use serde_json::{Map, Value as Json, json};
use tower::ServiceExt;

use crate::SandboxConfig;
use crate::ids::{ObjectIds, organisme_id};
use crate::ingest::{self, Context};
use crate::limits::{Fault, Faults, Limiter, Verdict};
use crate::serving::{self, BodyError};
use crate::store::{Batch, Store, StoredDossier};

/// The body size limit (Express `10mb`, nginx `10M`).
const BODY_LIMIT: usize = 10 * 1024 * 1024;
/// Items per request (Joi `array().max(2000)`).
const MAX_ITEMS: usize = 2000;
const INGESTION: &str = "/api/v3/dossiers-apprenants";
const KEY_CHECK: &str = "/api/v3/dossiers-apprenants/test";

/// What every request handler shares.
pub struct Shared {
    config: SandboxConfig,
    /// Each accepted key with its organisme id.
    organismes: Vec<(String, String)>,
    store: Store,
    limiter: Mutex<Limiter>,
    faults: Mutex<Faults>,
    ids: ObjectIds,
}

impl Shared {
    pub fn new(config: SandboxConfig, store: Store) -> Shared {
        let organismes = config.keys.iter().map(|key| (key.clone(), organisme_id(key))).collect();
        let faults = Faults::new(config.faults.clone(), config.fail_rate, config.seed);
        Shared {
            config,
            organismes,
            store,
            limiter: Mutex::new(Limiter::default()),
            faults: Mutex::new(faults),
            ids: ObjectIds::new(),
        }
    }

    fn log(&self, line: &str) {
        if self.config.log_requests {
            println!("{line}");
        }
    }
}

/// The connection was dropped on purpose (`Fault::DropConnection`): hyper closes it unanswered.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("connexion coupée volontairement par le bac à sable")
    }
}

impl std::error::Error for Dropped {}

/// Accepts connections until the task is aborted.
pub async fn serve(listener: tokio::net::TcpListener, shared: Arc<Shared>) {
    let router = router(Arc::clone(&shared));
    let timeouts = shared.config.timeouts;
    serving::serve(listener, timeouts, move |request| {
        handle(Arc::clone(&shared), router.clone(), request)
    })
    .await;
}

/// Latency and faults first, then the API.
async fn handle(shared: Arc<Shared>, router: Router, request: Request<Body>) -> Result<Response<Body>, Dropped> {
    if !shared.config.latency.is_zero() {
        tokio::time::sleep(shared.config.latency).await;
    }
    let path = request.uri().path().trim_end_matches('/');
    if request.method() == Method::POST && path == INGESTION {
        let fault = shared
            .faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .next_fault();
        if fault != Fault::None {
            // Read the request whole (the client has sent everything), then fail it.
            let _ = serving::read_body(request.into_body(), BODY_LIMIT).await;
            if fault == Fault::DropConnection {
                shared.log("POST /api/v3/dossiers-apprenants — connexion coupée (panne simulée), rien d'enregistré");
                return Err(Dropped);
            }
            shared.log("POST /api/v3/dossiers-apprenants — 500 (panne simulée), rien d'enregistré");
            return Ok(error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal Server Error",
                "An internal server error occurred",
            ));
        }
    }
    match router.oneshot(request).await {
        Ok(response) => Ok(response),
        Err(infallible) => match infallible {},
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/api", get(info))
        .route(INGESTION, post(ingestion).fallback(not_found))
        .route("/api/v3/dossiers-apprenants/", post(ingestion).fallback(not_found))
        .route(KEY_CHECK, post(key_test).fallback(not_found))
        .route("/api/v3/dossiers-apprenants/test/", post(key_test).fallback(not_found))
        .fallback(not_found)
        .with_state(shared)
}

/// `GET /api`, like the platform's: handy to see that the sandbox runs.
async fn info() -> Response<Body> {
    json_response(
        StatusCode::OK,
        &json!({"name": "TDB Apprentissage API (bac à sable effectifs)", "version": env!("CARGO_PKG_VERSION"), "env": "sandbox"}),
    )
}

async fn not_found(request: Request<Body>) -> Response<Body> {
    let message = format!("Cannot {} {}", request.method(), request.uri().path());
    error(StatusCode::NOT_FOUND, "Not Found", &message)
}

/// `POST …/test`: `{"msg":"ok"}` once the key is accepted.
async fn key_test(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Body) -> Response<Body> {
    match admit(&shared, KEY_CHECK, &headers, body).await {
        Err(response) => response,
        Ok(admitted) => {
            shared.log(&format!("POST {KEY_CHECK} — 200, clé acceptée"));
            admitted.decorate(json_response(StatusCode::OK, &json!({"msg": "ok"})))
        }
    }
}

/// `POST /api/v3/dossiers-apprenants`.
async fn ingestion(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Body) -> Response<Body> {
    let admitted = match admit(&shared, INGESTION, &headers, body).await {
        Ok(admitted) => admitted,
        Err(response) => return response,
    };
    let Admitted {
        body,
        organisme_id,
        rate_headers,
    } = admitted;
    let decorate = |mut response: Response<Body>| {
        add_headers(&mut response, &rate_headers);
        response
    };
    let raw_items = match body {
        Parsed::Array(raw_items) if raw_items.len() <= MAX_ITEMS => raw_items,
        Parsed::Array(raw_items) => {
            let values: Vec<Json> = raw_items.iter().map(|raw| raw_value(raw)).collect();
            shared.log(&format!(
                "POST {INGESTION} — 400, {} éléments (plus de {MAX_ITEMS})",
                values.len()
            ));
            let context = json!({"limit": MAX_ITEMS, "value": values, "label": "value"});
            let detail = json!({
                "message": format!("\"value\" must contain less than or equal to {MAX_ITEMS} items"),
                "path": [],
                "type": "array.max",
                "context": context,
            });
            return decorate(validation_failure(&detail));
        }
        Parsed::Other(value) => {
            shared.log(&format!("POST {INGESTION} — 400, le corps n'est pas un tableau"));
            let detail = json!({
                "message": "\"value\" must be an array",
                "path": [],
                "type": "array.base",
                "context": {"label": "value", "value": value},
            });
            return decorate(validation_failure(&detail));
        }
    };
    let response = ingest_items(&shared, &organisme_id, &raw_items).await;
    decorate(response)
}

/// Validates and stores the items of an admitted request, and answers.
async fn ingest_items(shared: &Arc<Shared>, organisme_id: &str, raw_items: &[Box<RawValue>]) -> Response<Body> {
    let values: Vec<Json> = raw_items.iter().map(|raw| raw_value(raw)).collect();
    let now = chrono::Utc::now();
    let now_text = now.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    let today = {
        use chrono::Datelike;
        Date::from_ymd(now.year(), now.month(), now.day())
    };
    let Some(today) = today else {
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal Server Error",
            "An internal server error occurred",
        );
    };
    let context = Context {
        organisme_id,
        now: &now_text,
        today,
    };
    let processed = ingest::process(&values, &context, shared.config.extra_rule.as_ref());
    let seconds = u32::try_from(now.timestamp()).unwrap_or(u32::MAX);
    let mut data = Vec::with_capacity(processed.len());
    let mut dossiers = Vec::new();
    for (index, (item, raw)) in processed.into_iter().zip(raw_items).enumerate() {
        let id = shared.ids.next_id(seconds);
        let mut document = item.document;
        document.insert("_id".to_owned(), Json::String(id.clone()));
        let document = Json::Object(document);
        if item.valid {
            dossiers.push(StoredDossier {
                id,
                index,
                received: raw.get().to_owned(),
                document: document.to_string(),
            });
        }
        data.push(document);
    }
    let invalid = data.len() - dossiers.len();
    let batch = Batch {
        id: shared.ids.next_id(seconds),
        received_at: now_text,
        organisme_id: organisme_id.to_owned(),
        items: data.len(),
        invalid,
        dossiers,
    };
    let store = shared.store.clone();
    let batch_id = batch.id.clone();
    let recorded = tokio::task::spawn_blocking(move || store.record(&batch)).await;
    match recorded {
        Ok(Ok(())) => {}
        Ok(Err(store_error)) => {
            shared.log(&format!("POST {INGESTION} — 400, base de données : {store_error}"));
            return json_response(
                StatusCode::BAD_REQUEST,
                &json!({"status": "ERROR", "message": store_error.to_string()}),
            );
        }
        Err(_) => {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal Server Error",
                "An internal server error occurred",
            );
        }
    }
    shared.log(&format!(
        "POST {INGESTION} — 200, {} dossier(s) : {} valide(s) enregistré(s), {invalid} invalide(s) (lot {batch_id})",
        data.len(),
        data.len() - invalid
    ));
    let mut body = Map::new();
    body.insert("status".to_owned(), Json::String("OK".to_owned()));
    body.insert("message".to_owned(), Json::String("Queued".to_owned()));
    if invalid > 0 {
        body.insert("detail".to_owned(), Json::String("Some data are invalid".to_owned()));
    }
    body.insert("data".to_owned(), Json::Array(data));
    json_response(StatusCode::OK, &Json::Object(body))
}

/// An item as the API's `JSON.parse` reads it: a lone surrogate's escape is U+FFFD, a value nested at any depth
/// is read (`docs/json-objects.md`). The body parser has checked its syntax.
fn raw_value(raw: &RawValue) -> Json {
    effectifs_api::objects::posted_item(raw.get().as_bytes()).unwrap_or(Json::Null)
}

/// The request body as Express's JSON parser leaves it.
enum Parsed {
    /// A JSON array, each element as received.
    Array(Vec<Box<RawValue>>),
    /// Anything else (an object, or `{}` for a non-JSON content type or an empty body).
    Other(Json),
}

/// A request past the body parser, the key check and the rate limit.
struct Admitted {
    body: Parsed,
    organisme_id: String,
    rate_headers: Vec<(HeaderName, String)>,
}

impl Admitted {
    fn decorate(&self, mut response: Response<Body>) -> Response<Body> {
        add_headers(&mut response, &self.rate_headers);
        response
    }
}

/// The middleware chain of `docs/api.md#endpoints`, in the platform's order: body parser (413, 400), Bearer key
/// (403), rate limit per organisme (429).
async fn admit(shared: &Shared, path: &str, headers: &HeaderMap, body: Body) -> Result<Admitted, Response<Body>> {
    let bytes = match serving::read_body(body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(BodyError::TooLarge) => {
            shared.log(&format!("POST {path} — 413, corps de plus de 10 Mo"));
            return Err(error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Payload Too Large",
                "request entity too large",
            ));
        }
        Err(BodyError::TimedOut | BodyError::Broken) => {
            shared.log(&format!("POST {path} — 408, corps de la requête incomplet"));
            return Err(error(
                StatusCode::REQUEST_TIMEOUT,
                "Request Timeout",
                "request body incomplete",
            ));
        }
    };
    let body = parse_body(headers, &bytes).map_err(|message| {
        shared.log(&format!("POST {path} — 400, JSON illisible"));
        error(StatusCode::BAD_REQUEST, "Bad Request", &message)
    })?;
    let organisme_id = authenticate(shared, headers).map_err(|message| {
        shared.log(&format!("POST {path} — 403, {message}"));
        error(StatusCode::FORBIDDEN, "Forbidden", message)
    })?;
    let mut rate_headers = Vec::new();
    if let Some(limit) = shared.config.rate {
        let verdict =
            shared
                .limiter
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .check(limit, &organisme_id, Instant::now());
        let (remaining, reset) = match verdict {
            Verdict::Allowed { remaining, reset } => (remaining, reset),
            Verdict::Limited { reset } => (0, reset),
        };
        let reset_seconds = reset.as_millis().div_ceil(1000).max(1).to_string();
        rate_headers = vec![
            (HeaderName::from_static("ratelimit-limit"), limit.requests.to_string()),
            (HeaderName::from_static("ratelimit-remaining"), remaining.to_string()),
            (HeaderName::from_static("ratelimit-reset"), reset_seconds.clone()),
            (
                HeaderName::from_static("ratelimit-policy"),
                format!("{};w={}", limit.requests, limit.window.as_secs().max(1)),
            ),
        ];
        if let Verdict::Limited { .. } = verdict {
            shared.log(&format!(
                "POST — 429, limite atteinte, réessayer dans {reset_seconds} s"
            ));
            let mut response = error(
                StatusCode::TOO_MANY_REQUESTS,
                "Too Many Requests",
                "Trop de requêtes, veuillez réessayer plus tard.",
            );
            rate_headers.push((RETRY_AFTER, reset_seconds));
            add_headers(&mut response, &rate_headers);
            return Err(response);
        }
    }
    Ok(Admitted {
        body,
        organisme_id,
        rate_headers,
    })
}

/// Express `bodyParser.json()`: only `application/json` bodies are parsed (others leave `{}`), an
/// empty body is `{}`, and the top level must be an object or an array (strict mode).
fn parse_body(headers: &HeaderMap, bytes: &[u8]) -> Result<Parsed, String> {
    let is_json = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Ok(Parsed::Other(Json::Object(Map::new())));
    }
    let Some(position) = bytes.iter().position(|byte| !byte.is_ascii_whitespace()) else {
        return Ok(Parsed::Other(Json::Object(Map::new())));
    };
    match bytes[position] {
        b'[' => serde_json::from_slice::<Vec<Box<RawValue>>>(bytes)
            .map(Parsed::Array)
            .map_err(|error| format!("JSON invalide : {error}")),
        b'{' => serde_json::from_slice::<Json>(bytes)
            .map(Parsed::Other)
            .map_err(|error| format!("JSON invalide : {error}")),
        other => Err(format!(
            "Unexpected token {} in JSON at position {position}",
            char::from(other)
        )),
    }
}

/// `requireBearerAuthentication` then `getOrganismeByAPIKey` (`docs/api.md#exchange-key`): the organisme id, or the
/// 403 message.
fn authenticate(shared: &Shared, headers: &HeaderMap) -> Result<String, &'static str> {
    let value = headers
        .get(AUTHORIZATION)
        .map(HeaderValue::as_bytes)
        .unwrap_or_default();
    if value.is_empty() {
        return Err("Clé API manquante");
    }
    let Some(token) = value.strip_prefix(b"Bearer ") else {
        return Err("La clé API doit etre au format Bearer");
    };
    shared
        .organismes
        .iter()
        .find(|(key, _)| key.as_bytes() == token)
        .map(|(_, organisme)| organisme.clone())
        .ok_or("La clé API n'est pas valide")
}

/// The 400 of the Joi array check (`docs/api.md#limits`).
fn validation_failure(detail: &Json) -> Response<Body> {
    json_response(
        StatusCode::BAD_REQUEST,
        &json!({"error": "Bad Request", "message": "Erreur de validation", "details": [detail]}),
    )
}

/// The generic error body of the platform's error middleware.
fn error(status: StatusCode, name: &str, message: &str) -> Response<Body> {
    json_response(status, &json!({"error": name, "message": message}))
}

fn json_response(status: StatusCode, body: &Json) -> Response<Body> {
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

fn add_headers(response: &mut Response<Body>, headers: &[(HeaderName, String)]) {
    for (name, value) in headers {
        if let Ok(value) = HeaderValue::from_str(value) {
            response.headers_mut().insert(name.clone(), value);
        }
    }
}
