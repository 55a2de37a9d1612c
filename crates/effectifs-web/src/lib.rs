//! The effectifs web app. `protocol` is what the page and the worker say to each other; `session` is
//! the worker's state (the file, its report, edits, exports), plain Rust tested natively; `state` is
//! the page's state and reducer, plain Rust too. `browser` is the rest, the browser side: the page's
//! components, its bridge to the worker and the worker's own loop; `send` drives the send engine with
//! `fetch`, the only place that talks HTTP.

pub mod protocol;
pub mod session;
pub mod state;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod send;
