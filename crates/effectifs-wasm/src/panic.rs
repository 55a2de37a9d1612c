//! A panic never kills the host page silently.
//!
//! On `wasm32-unknown-unknown` a panic aborts: without a hook, the caller gets a bare
//! `RuntimeError: unreachable` and the instance is left in whatever state the panic interrupted.
//! The hook below writes the panic to the console, asks wasm-bindgen for a fresh instance before the
//! next call (`schedule_reinit`: the next `checkFile` starts from clean memory), and throws a
//! JavaScript `Error` with a French message that the caller can catch and show.

use std::sync::Once;

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Installs the hook, once per instance: every export calls this first. (Not from a
/// `#[wasm_bindgen(start)]` function, which wasm-bindgen would also export as `start()`.)
pub fn install_hook() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| std::panic::set_hook(Box::new(hook)));
}

/// Logs, schedules a fresh instance, and throws instead of letting the panic abort: the instance
/// is left as the panic found it (the throw skips destructors and keeps Rust's "panicking" state),
/// so it must not be reused; wasm-bindgen swaps in a new one at the next call.
fn hook(info: &std::panic::PanicHookInfo<'_>) {
    let message =
        format!("Erreur interne du vérificateur effectifs ; merci de la signaler avec le fichier concerné. ({info})");
    console_error(&message);
    wasm_bindgen::handler::schedule_reinit();
    wasm_bindgen::throw_str(&message);
}
