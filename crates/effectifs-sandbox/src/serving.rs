//! The connection loop shared by the sandbox and `effectifs serve`: HTTP/1.1 with hyper, a
//! header-read timeout, an idle timeout on request bodies, and bounded body reading.
//!
//! A client that opens a connection and never finishes its request headers, or that stops in the
//! middle of a body, would otherwise hold a connection and a task forever.

use std::future::Future;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{Request, Response};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tower_http::timeout::TimeoutBody;

/// How long a client may keep a connection waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// To send a request's headers, from the moment the server waits for them: a new connection, or
    /// a kept-alive one between two requests (so it is also the idle time of a connection).
    pub header_read: Duration,
    /// Between two pieces of a request body.
    pub body_idle: Duration,
}

impl Default for Timeouts {
    fn default() -> Timeouts {
        Timeouts {
            header_read: Duration::from_secs(30),
            body_idle: Duration::from_secs(30),
        }
    }
}

/// Accepts connections on `listener` and serves each with `handle` until the task is aborted.
/// The request body given to `handle` fails with a time-out after [`Timeouts::body_idle`] without data.
pub async fn serve<F, Fut, E>(listener: tokio::net::TcpListener, timeouts: Timeouts, handle: F)
where
    F: Fn(Request<Body>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<Response<Body>, E>> + Send + 'static,
    E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
{
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors and the like: wait a little rather than spin.
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        let handle = handle.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                let request = request.map(|body| Body::new(TimeoutBody::new(timeouts.body_idle, body)));
                handle(request)
            });
            // A client that goes away, or a connection dropped or timed out, ends here: nothing to report.
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(timeouts.header_read)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Why a request body could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    /// Larger than the limit.
    TooLarge,
    /// The client stopped sending it ([`Timeouts::body_idle`]).
    TimedOut,
    /// The connection broke.
    Broken,
}

/// Reads a whole request body, at most `limit` bytes.
pub async fn read_body(body: Body, limit: usize) -> Result<Bytes, BodyError> {
    axum::body::to_bytes(body, limit).await.map_err(|error| {
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&error);
        while let Some(current) = cause {
            if current.is::<http_body_util::LengthLimitError>() {
                return BodyError::TooLarge;
            }
            if current.is::<tower_http::timeout::TimeoutError>() {
                return BodyError::TimedOut;
            }
            cause = current.source();
        }
        BodyError::Broken
    })
}

/// Whether an address is this machine only (`127.0.0.0/8`, `::1`): anything else may be reached from the network.
pub fn is_loopback(addr: std::net::SocketAddr) -> bool {
    addr.ip().is_loopback()
}
