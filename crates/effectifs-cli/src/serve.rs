//! `effectifs serve`: serves the web app's static files and relays `/api/*` to the API — an
//! embedded sandbox by default, or the national platform with `--upstream`. The production API sends
//! no CORS headers (D11), so a page must reach it through its own origin: this relay (or the
//! reverse proxy of the README) is that origin.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::header::{
    ACCEPT, ALLOW, AUTHORIZATION, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Response, StatusCode};
use axum::routing::{any, get};
use effectifs_sandbox::serving::{self, BodyError};
use effectifs_sandbox::{Sandbox, SandboxConfig, Store};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::address::Base;
use crate::args::ServeOptions;
use crate::terminal;

/// The API's body limit (10 MB): larger requests are refused here as the API would.
const BODY_LIMIT: usize = 10 * 1024 * 1024;

/// The largest answer relayed (the API's answer to 2000 items is a few megabytes).
const ANSWER_LIMIT: usize = 64 * 1024 * 1024;

/// Answer headers worth passing back to the page.
const RELAYED_ANSWER_HEADERS: [&str; 5] = [
    "retry-after",
    "ratelimit-limit",
    "ratelimit-remaining",
    "ratelimit-reset",
    "ratelimit-policy",
];

/// Where some Trunk versions put a nonce in the inline scripts and styles of the page they build;
/// replaced by the request's nonce.
const NONCE_PLACEHOLDER: &str = "{{__TRUNK NONCE__}}";

/// The policy of everything served: the app's own files only; WebAssembly compiled from them
/// (`'wasm-unsafe-eval'`, needed by the page and by its worker, whose script gets this header too);
/// requests to this origin only (the `/api` relay); never framed, no plugins, no base or form
/// elsewhere. The page adds its nonce to `script-src` and `style-src`. Style attributes are allowed
/// (`style-src-attr`): the page sizes its virtualised table with them, and an attribute cannot run code.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; \
object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Runs the server until the process is stopped.
pub fn run(options: &ServeOptions) -> ExitCode {
    match serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            terminal::err(&format!("Erreur : {message}"));
            ExitCode::from(2)
        }
    }
}

struct Relay {
    client: reqwest::Client,
    upstream: String,
}

/// The API that `/api` reaches: the one given, or an embedded sandbox started here (with its demo
/// key and database path).
struct Upstream {
    base: Base,
    sandbox: Option<(Sandbox, String, PathBuf)>,
}

fn upstream(options: &ServeOptions) -> Result<Upstream, String> {
    if let Some(url) = &options.upstream {
        return Ok(Upstream {
            base: Base::parse(url)?,
            sandbox: None,
        });
    }
    let db = crate::local::database(options.db.as_deref())?;
    let store =
        Store::open(&db).map_err(|error| format!("impossible d'ouvrir la base « {} » ({error}).", db.display()))?;
    let key = effectifs_sandbox::demo_key();
    let config = SandboxConfig {
        keys: vec![key.clone()],
        log_requests: true,
        timeouts: options.timeouts,
        ..SandboxConfig::default()
    };
    let started = Sandbox::start("127.0.0.1:0", config, store)
        .map_err(|error| format!("impossible de lancer le bac à sable ({error})."))?;
    Ok(Upstream {
        base: Base::parse(&started.base_url())?,
        sandbox: Some((started, key, db)),
    })
}

fn serve(options: &ServeOptions) -> Result<(), String> {
    // The embedded sandbox, if any, is kept alive for as long as the server runs.
    let Upstream {
        base: upstream,
        sandbox,
    } = upstream(options)?;
    let mut client = reqwest::Client::builder()
        .user_agent(concat!("effectifs-serve/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(options.upstream_timeout.min(Duration::from_secs(30)))
        .timeout(options.upstream_timeout)
        .redirect(reqwest::redirect::Policy::none());
    if upstream.loopback {
        // This machine is never reached through a proxy: it would see the key in clear.
        client = client.no_proxy();
    }
    let client = client
        .build()
        .map_err(|error| format!("impossible de préparer le relais HTTP ({error})."))?;
    let listener = std::net::TcpListener::bind(&options.listen)
        .map_err(|error| format!("impossible d'écouter sur {} ({error}).", options.listen))?;
    listener
        .set_nonblocking(true)
        .map_err(|error| format!("impossible d'écouter sur {} ({error}).", options.listen))?;
    let addr = listener
        .local_addr()
        .map_err(|error| format!("impossible d'écouter sur {} ({error}).", options.listen))?;

    let built = options.dir.is_dir();
    let mut banner = format!("effectifs serve : http://{addr}/\n");
    if built {
        banner.push_str(&format!("  Application web : {}\n", options.dir.display()));
    } else {
        banner.push_str(&format!(
            "  Application web : dossier « {} » absent (page d'attente servie à la place)\n",
            options.dir.display()
        ));
    }
    match &sandbox {
        Some((_, key, db)) => {
            banner.push_str(&format!(
                "  /api → bac à sable local {} (base {} ; {})\n",
                upstream.url,
                db.display(),
                crate::local::PERSONAL_DATA
            ));
            // A demo key only opens this local sandbox: printing it is the point.
            banner.push_str(&format!("  Clé d'échange de démonstration : {key}\n"));
        }
        None => banner.push_str(&format!("  /api → {}\n", upstream.url)),
    }
    banner.push_str("Arrêt : Ctrl+C.\n");
    terminal::out(&banner);
    let _ = std::io::stdout().flush();
    crate::local::warn_if_exposed(addr, "effectifs serve");

    let relay = Arc::new(Relay {
        client,
        upstream: upstream.url.clone(),
    });
    let api = Router::new()
        .route("/api", any(refuse))
        .route("/api/", any(refuse))
        .route("/api/{*rest}", any(relay_request))
        .with_state(relay);
    let page = Arc::new(if built {
        Page::Built(options.dir.join("index.html"))
    } else {
        Page::Placeholder(placeholder(&options.dir, &addr.to_string(), &upstream.url))
    });
    let index = get(index_page).with_state(Arc::clone(&page));
    let app = if built {
        // A single-page app: unknown paths get its page, so that its own routes work on reload.
        let files = ServeDir::new(&options.dir)
            .append_index_html_on_directories(false)
            .fallback(index.clone());
        api.route("/", index.clone())
            .route("/index.html", index)
            .fallback_service(files)
    } else {
        api.fallback_service(index)
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| format!("impossible de démarrer le serveur ({error})."))?;
    let timeouts = options.timeouts;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|error| format!("impossible d'écouter sur {addr} ({error})."))?;
        serving::serve(listener, timeouts, move |request| {
            let app = app.clone();
            async move {
                let mut response = app.oneshot(request).await?;
                secure(response.headers_mut());
                Ok::<_, std::convert::Infallible>(response)
            }
        })
        .await;
        Ok::<(), String>(())
    })?;
    drop(sandbox);
    Ok(())
}

/// The security headers of every answer: the page's own policy when it set one, else [`CSP`].
fn secure(headers: &mut HeaderMap) {
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
}

/// The app's page: the built `index.html`, read at each request (a rebuild shows at once), or the
/// placeholder.
enum Page {
    Built(PathBuf),
    Placeholder(String),
}

/// The page with a fresh nonce on its `<script>` and `<style>` elements (Trunk writes the app's start
/// as an inline module script), and the policy that allows exactly them. The page is our own build
/// output, with no user content: every element of it is trusted.
async fn index_page(State(page): State<Arc<Page>>) -> Response<Body> {
    let html = match &*page {
        Page::Built(path) => match tokio::fs::read_to_string(path).await {
            Ok(html) => html,
            Err(error) => {
                let mut response = text(&format!(
                    "La page « {} » est illisible ({error}) : reconstruisez l'application web.",
                    path.display()
                ));
                *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
                return response;
            }
        },
        Page::Placeholder(html) => html.clone(),
    };
    let nonce = format!(
        "{:016x}{:016x}",
        effectifs_sandbox::random_seed(),
        effectifs_sandbox::random_seed()
    );
    let html = with_nonce(&html.replace(NONCE_PLACEHOLDER, &nonce), &nonce);
    let policy = CSP
        .replace("script-src 'self'", &format!("script-src 'self' 'nonce-{nonce}'"))
        .replace("style-src 'self'", &format!("style-src 'self' 'nonce-{nonce}'"));
    let mut response = Response::new(Body::from(html));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        headers.insert(CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// `html` with ` nonce="…"` on every `<script>` and `<style>` start tag that has none.
fn with_nonce(html: &str, nonce: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let name = ["<script", "<style"].into_iter().find(|name| {
            rest.get(..name.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(name))
                && rest[name.len()..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>')
        });
        let end = rest.find('>').map_or(rest.len(), |end| end + 1);
        match name {
            Some(name) if !rest[..end].contains("nonce=") => {
                out.push_str(&rest[..name.len()]);
                out.push_str(&format!(" nonce=\"{nonce}\""));
                out.push_str(&rest[name.len()..end]);
            }
            _ => out.push_str(&rest[..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The only requests relayed, by exact path (no `..`, no percent-encoding, no query): the
/// ingestion and the key check, under the upstream base.
fn relayed_path(path: &str) -> Option<&'static str> {
    match path {
        "/api/v3/dossiers-apprenants" | "/api/v3/dossiers-apprenants/" => Some(effectifs_send::INGESTION_PATH),
        "/api/v3/dossiers-apprenants/test" | "/api/v3/dossiers-apprenants/test/" => {
            Some(effectifs_send::KEY_CHECK_PATH)
        }
        _ => None,
    }
}

/// Anything under `/api` that is not relayed.
async fn refuse(request: Request<Body>) -> Response<Body> {
    json(
        StatusCode::NOT_FOUND,
        &serde_json::json!({
            "error": "Not Found",
            "message": format!(
                "Le relais n'accepte que POST /api/v3/dossiers-apprenants et POST /api/v3/dossiers-apprenants/test \
                 (reçu : {} {}).",
                request.method(),
                request.uri().path()
            ),
        }),
    )
}

/// Relays one request to the upstream API: the path under `/api`, the body, and the headers the
/// API reads (the key travels in `Authorization`, untouched and never logged). Only JSON comes
/// back: anything else the upstream answers becomes a 502 with a French message.
async fn relay_request(State(relay): State<Arc<Relay>>, request: Request<Body>) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let target = match relayed_path(parts.uri.path()) {
        Some(target) if parts.uri.query().is_none() => target,
        _ => return refuse(Request::from_parts(parts, Body::empty())).await,
    };
    if parts.method != Method::POST {
        let mut response = json(
            StatusCode::METHOD_NOT_ALLOWED,
            &serde_json::json!({"error": "Method Not Allowed", "message": "Le relais n'accepte que POST."}),
        );
        response.headers_mut().insert(ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    let bytes = match serving::read_body(body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(BodyError::TooLarge) => {
            return json(
                StatusCode::PAYLOAD_TOO_LARGE,
                &serde_json::json!({"error": "Payload Too Large", "message": "request entity too large"}),
            );
        }
        Err(BodyError::TimedOut | BodyError::Broken) => {
            return json(
                StatusCode::REQUEST_TIMEOUT,
                &serde_json::json!({"error": "Request Timeout", "message": "request body incomplete"}),
            );
        }
    };
    let url = format!("{}{target}", relay.upstream);
    let mut outgoing = relay.client.post(&url).body(bytes);
    for name in [AUTHORIZATION, CONTENT_TYPE, ACCEPT] {
        if let Some(value) = parts.headers.get(&name) {
            outgoing = outgoing.header(name, value.clone());
        }
    }
    let mut answer = match outgoing.send().await {
        Ok(answer) => answer,
        Err(error) => return bad_gateway(&relay.upstream, &cause(&error)),
    };
    let status = answer.status();
    let headers: Vec<(HeaderName, HeaderValue)> = RELAYED_ANSWER_HEADERS
        .iter()
        .filter_map(|name| {
            let value = answer.headers().get(*name)?;
            Some((HeaderName::from_static(name), value.clone()))
        })
        .collect();
    let media = answer
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(|value| value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
        .unwrap_or_default();
    let mut body = Vec::new();
    loop {
        match answer.chunk().await {
            Ok(Some(chunk)) if body.len() + chunk.len() <= ANSWER_LIMIT => body.extend_from_slice(&chunk),
            Ok(Some(_)) => {
                return bad_gateway(&relay.upstream, "réponse de plus de 64 Mo, non relayée");
            }
            Ok(None) => break,
            Err(error) => return bad_gateway(&relay.upstream, &cause(&error)),
        }
    }
    let is_json = (media == "application/json" || media.ends_with("+json"))
        && serde_json::from_slice::<serde::de::IgnoredAny>(&body).is_ok();
    if !is_json {
        let shown = if media.is_empty() { "sans type" } else { media.as_str() };
        return bad_gateway(
            &relay.upstream,
            &format!("HTTP {} {shown} au lieu de JSON, non relayée", status.as_u16()),
        );
    }
    println!("{} {} → {}", parts.method, parts.uri.path(), status.as_u16());
    let mut response = json_bytes(status, body);
    for (name, value) in headers {
        response.headers_mut().insert(name, value);
    }
    response
}

/// The deepest cause of a client error ("connection refused", "operation timed out").
fn cause(error: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    if error.is_timeout() {
        format!("délai dépassé : {cause}")
    } else {
        cause.to_string()
    }
}

fn bad_gateway(upstream: &str, what: &str) -> Response<Body> {
    terminal::out(&format!("relais → {upstream} : {what}\n"));
    json(
        StatusCode::BAD_GATEWAY,
        &serde_json::json!({
            "error": "Bad Gateway",
            "message": format!("L'API {upstream} n'a pas répondu correctement ({what})."),
        }),
    )
}

fn json(status: StatusCode, body: &serde_json::Value) -> Response<Body> {
    json_bytes(status, body.to_string().into_bytes())
}

fn json_bytes(status: StatusCode, body: Vec<u8>) -> Response<Body> {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    // Answers that carry learners' data are never kept by a cache.
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn text(message: &str) -> Response<Body> {
    let mut response = Response::new(Body::from(message.to_owned()));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    response
}

/// The page served while the web app is not built: what to do instead, in French.
fn placeholder(dir: &Path, addr: &str, upstream: &str) -> String {
    let dir = escape(&PathBuf::from(dir).display().to_string());
    let addr = escape(addr);
    let upstream = escape(upstream);
    format!(
        r#"<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>effectifs — application web non construite</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 46rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; color: #161616; }}
code, pre {{ background: #f3f3f3; border-radius: 4px; }}
code {{ padding: 0.1rem 0.3rem; }}
pre {{ padding: 0.8rem 1rem; overflow-x: auto; }}
</style>
</head>
<body>
<main>
<h1>effectifs</h1>
<p>L'application web n'est pas encore construite : le dossier <code>{dir}</code> est absent.</p>
<p>En attendant, la ligne de commande fait tout le travail : vérifier un fichier d'effectifs, puis envoyer ses lignes valides.</p>
<pre>effectifs check mon-fichier.xlsx
effectifs send mon-fichier.xlsx --key-file cle.txt --base http://{addr}/api --dry-run
effectifs send mon-fichier.xlsx --key-file cle.txt --base http://{addr}/api</pre>
<p>Ici, <code>/api</code> est relayé vers <code>{upstream}</code>. La clé d'échange se lit dans un fichier
(<code>--key-file</code>) ou une variable d'environnement (<code>--key-env</code>), jamais en clair sur la ligne de commande.</p>
</main>
</body>
</html>
"#
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_and_style_gets_the_nonce() {
        let cases = [
            (
                "<script type=\"module\">import x;</script>",
                "<script nonce=\"N\" type=\"module\">import x;</script>",
            ),
            (
                "<style>p{}</style><SCRIPT>",
                "<style nonce=\"N\">p{}</style><SCRIPT nonce=\"N\">",
            ),
            (
                "<script nonce=\"N\" src=\"/a.js\"></script>",
                "<script nonce=\"N\" src=\"/a.js\"></script>",
            ),
            (
                "<scripts><stylesheet><link rel=\"stylesheet\">",
                "<scripts><stylesheet><link rel=\"stylesheet\">",
            ),
            ("a < b", "a < b"),
            ("<script\n>", "<script nonce=\"N\"\n>"),
            ("<script", "<script"),
        ];
        for (html, expected) in cases {
            assert_eq!(with_nonce(html, "N"), expected, "{html}");
        }
    }
}
