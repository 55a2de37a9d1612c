//! `effectifs-sandbox`: a local stand-in for the national API (decision D12).
//!
//! It implements the contract of `POST /api/v3/dossiers-apprenants` as `docs/api.md` describes it:
//! the Bearer key check with its three 403 messages, the 10 MB and 2000-item limits with the
//! platform's error bodies, per-item validation with the `api` profile of our core, the exact 200
//! answer (`status`, `message`, `detail`, `data[i]` = the stored document), a rate limit answering
//! 429 with `Retry-After`, and `POST /api/v3/dossiers-apprenants/test`. What it accepts is stored in
//! an embedded `SQLite` database ([`Store`]), with its batch and time.
//!
//! For tests and demonstrations it can also misbehave on purpose: latency, a share of 500 answers
//! and dropped connections ([`SandboxConfig::fail_rate`]), scripted faults, and an extra rule that
//! makes it stricter than our own validator. A dropped or failed request stores nothing, like a
//! request that never reached the platform.
//!
//! Differences from the platform, on purpose: validation messages are our core's (French) rather
//! than the platform's zod texts; dates are read with our core's rules; the rules the platform
//! applies later in its queue (D6) are applied at once; nothing is processed further (no effectif
//! is created, no UAI/SIRET lookup).

mod ids;
mod ingest;
mod limits;
mod server;
pub mod serving;
mod store;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub use ids::{demo_key, organisme_id, random_seed};
pub use ingest::ExtraRule;
pub use limits::{Fault, RateLimit};
pub use serving::Timeouts;
pub use store::{Store, StoreError};

/// How the sandbox behaves.
#[derive(Clone, Default)]
pub struct SandboxConfig {
    /// The exchange keys it accepts (each stands for its own organisme).
    pub keys: Vec<String>,
    /// The rate limit per organisme, if any.
    pub rate: Option<RateLimit>,
    /// The share (0 to 1) of ingestion requests answered with a 500 or a dropped connection.
    pub fail_rate: f64,
    /// Faults for the first ingestion requests, in order (then `fail_rate` applies).
    pub faults: Vec<Fault>,
    /// A delay before every answer.
    pub latency: Duration,
    /// Seed of the random faults.
    pub seed: u64,
    /// A rule added to the validation (a stricter server).
    pub extra_rule: Option<ExtraRule>,
    /// Print one line per request on standard output (never a key).
    pub log_requests: bool,
    /// How long a client may take to send a request.
    pub timeouts: Timeouts,
}

impl std::fmt::Debug for SandboxConfig {
    /// Never shows the keys.
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("SandboxConfig")
            .field("keys", &format_args!("[{} clé(s)]", self.keys.len()))
            .field("rate", &self.rate)
            .field("fail_rate", &self.fail_rate)
            .field("faults", &self.faults)
            .field("latency", &self.latency)
            .field("seed", &self.seed)
            .field("extra_rule", &self.extra_rule.is_some())
            .field("log_requests", &self.log_requests)
            .field("timeouts", &self.timeouts)
            .finish()
    }
}

/// A sandbox serving on its own thread (with its own small runtime) until dropped.
#[derive(Debug)]
pub struct Sandbox {
    addr: SocketAddr,
    store: Store,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Sandbox {
    /// Binds `addr` (`127.0.0.1:0` for any free port) and starts serving.
    pub fn start(addr: &str, config: SandboxConfig, store: Store) -> std::io::Result<Sandbox> {
        let listener = std::net::TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let shared = Arc::new(server::Shared::new(config, store.clone()));
        let thread = std::thread::Builder::new()
            .name("effectifs-sandbox".to_owned())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    let serving = tokio::spawn(server::serve(listener, shared));
                    // Sent or dropped: either way, stop.
                    let _ = stopped.await;
                    serving.abort();
                });
            })?;
        Ok(Sandbox {
            addr,
            store,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The API base URL, `http://127.0.0.1:PORT/api` (what `effectifs send --base` takes).
    pub fn base_url(&self) -> String {
        format!("http://{}/api", self.addr)
    }

    /// Its store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Serves until the process ends.
    pub fn wait(mut self) {
        let _keep_running = self.stop.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
