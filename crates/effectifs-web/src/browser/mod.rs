//! The browser side of the web app: the page (Yew components), its bridge to the Web Worker, the
//! worker's message loop, and the few browser services the page needs (downloads, localStorage,
//! clock).

pub mod app;
pub mod bridge;
pub mod components;
pub mod services;
pub mod worker;
