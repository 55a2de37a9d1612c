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
use axum::http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderName, HeaderValue, Request, Response, StatusCode};
use axum::routing::any;
use effectifs_sandbox::{Sandbox, SandboxConfig, Store};
use hyper_util::rt::TokioIo;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::args::ServeOptions;

/// The API's body limit (10 MB): larger requests are refused here as the API would.
const BODY_LIMIT: usize = 10 * 1024 * 1024;

/// Answer headers worth passing back to the page.
const RELAYED_ANSWER_HEADERS: [&str; 6] = [
    "content-type",
    "retry-after",
    "ratelimit-limit",
    "ratelimit-remaining",
    "ratelimit-reset",
    "ratelimit-policy",
];

/// Runs the server until the process is stopped.
pub fn run(options: &ServeOptions) -> ExitCode {
    match serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("Erreur : {message}");
            ExitCode::from(2)
        }
    }
}

struct Relay {
    client: reqwest::Client,
    upstream: String,
}

fn serve(options: &ServeOptions) -> Result<(), String> {
    // Kept alive for as long as the server runs.
    let mut sandbox = None;
    let mut demo_key = None;
    let upstream = if let Some(url) = &options.upstream {
        upstream_url(url)?
    } else {
        let store = Store::open(&options.db)
            .map_err(|error| format!("impossible d'ouvrir la base « {} » ({error}).", options.db.display()))?;
        let key = effectifs_sandbox::demo_key();
        let config = SandboxConfig {
            keys: vec![key.clone()],
            log_requests: true,
            ..SandboxConfig::default()
        };
        let started = Sandbox::start("127.0.0.1:0", config, store)
            .map_err(|error| format!("impossible de lancer le bac à sable ({error})."))?;
        let base = started.base_url();
        sandbox = Some(started);
        demo_key = Some(key);
        base
    };
    let client = reqwest::Client::builder()
        .user_agent(concat!("effectifs-serve/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(30))
        .timeout(Duration::from_secs(300))
        .redirect(reqwest::redirect::Policy::none())
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
    println!("effectifs serve : http://{addr}/");
    if built {
        println!("  Application web : {}", options.dir.display());
    } else {
        println!(
            "  Application web : dossier « {} » absent (page d'attente servie à la place)",
            options.dir.display()
        );
    }
    match &demo_key {
        Some(key) => {
            println!("  /api → bac à sable local {upstream} (base {})", options.db.display());
            // A demo key only opens this local sandbox: printing it is the point.
            println!("  Clé d'échange de démonstration : {key}");
        }
        None => println!("  /api → {upstream}"),
    }
    println!("Arrêt : Ctrl+C.");
    let _ = std::io::stdout().flush();

    let relay = Arc::new(Relay {
        client,
        upstream: upstream.clone(),
    });
    let api = Router::new()
        .route("/api", any(relay_request))
        .route("/api/{*rest}", any(relay_request))
        .with_state(relay);
    let app = if built {
        let index = options.dir.join("index.html");
        // A single-page app: unknown paths get its index, so that its own routes work on reload.
        api.fallback_service(ServeDir::new(&options.dir).fallback(ServeFile::new(index)))
    } else {
        let page = placeholder(&options.dir, &addr.to_string(), &upstream);
        api.fallback(move || {
            let page = page.clone();
            async move { html(page) }
        })
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| format!("impossible de démarrer le serveur ({error})."))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|error| format!("impossible d'écouter sur {addr} ({error})."))?;
        accept(listener, app).await;
        Ok::<(), String>(())
    })?;
    drop(sandbox);
    Ok(())
}

/// Serves connections forever.
async fn accept(listener: tokio::net::TcpListener, app: Router) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors and the like: wait a little rather than spin.
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        let app = app.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| app.clone().oneshot(request));
            // A client that goes away ends its connection here: nothing to report.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

fn upstream_url(text: &str) -> Result<String, String> {
    let url = reqwest::Url::parse(text.trim()).map_err(|_| {
        format!(
            "adresse de l'API invalide « {text} » (exemple : {}).",
            effectifs_send::DEFAULT_BASE
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.query().is_some() {
        return Err(format!(
            "adresse de l'API invalide « {text} » (http ou https, sans « ? »)."
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Relays one request to the upstream API: same method, path under `/api`, query, body, and the
/// headers the API reads (the key travels in `Authorization`, untouched and never logged).
async fn relay_request(State(relay): State<Arc<Relay>>, request: Request<Body>) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let rest = parts.uri.path().strip_prefix("/api").unwrap_or_default();
    let mut url = format!("{}{rest}", relay.upstream);
    if let Some(query) = parts.uri.query() {
        url.push('?');
        url.push_str(query);
    }
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return json(
            StatusCode::PAYLOAD_TOO_LARGE,
            &serde_json::json!({"error": "Payload Too Large", "message": "request entity too large"}),
        );
    };
    let mut outgoing = relay.client.request(parts.method.clone(), &url).body(bytes);
    for name in [AUTHORIZATION, CONTENT_TYPE, ACCEPT] {
        if let Some(value) = parts.headers.get(&name) {
            outgoing = outgoing.header(name, value.clone());
        }
    }
    let answer = match outgoing.send().await {
        Ok(answer) => answer,
        Err(error) => return bad_gateway(&relay.upstream, &error),
    };
    let status = answer.status();
    let headers: Vec<(HeaderName, HeaderValue)> = RELAYED_ANSWER_HEADERS
        .iter()
        .filter_map(|name| {
            let value = answer.headers().get(*name)?;
            Some((HeaderName::from_static(name), value.clone()))
        })
        .collect();
    let body = match answer.bytes().await {
        Ok(body) => body,
        Err(error) => return bad_gateway(&relay.upstream, &error),
    };
    println!("{} {} → {}", parts.method, parts.uri.path(), status.as_u16());
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    for (name, value) in headers {
        response.headers_mut().insert(name, value);
    }
    response
}

fn bad_gateway(upstream: &str, error: &reqwest::Error) -> Response<Body> {
    let mut cause: &dyn std::error::Error = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    println!("relais → {upstream} : pas de réponse ({cause})");
    json(
        StatusCode::BAD_GATEWAY,
        &serde_json::json!({
            "error": "Bad Gateway",
            "message": format!("L'API {upstream} n'a pas répondu ({cause})."),
        }),
    )
}

fn json(status: StatusCode, body: &serde_json::Value) -> Response<Body> {
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

fn html(page: String) -> Response<Body> {
    let mut response = Response::new(Body::from(page));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
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
