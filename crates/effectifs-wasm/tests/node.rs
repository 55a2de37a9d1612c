//! The package's calls under Node.js (the default engine of `wasm-bindgen-test-runner`).
#![cfg(target_arch = "wasm32")]

mod cases;
