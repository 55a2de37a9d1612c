//! The worker's message loop: decodes each [`Request`], lets the [`Engine`] answer it and posts
//! every [`Response`] (progress included) back to the page as postcard bytes. The reading and
//! validation all happen here, never on the page's thread.

use std::cell::RefCell;

use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::bridge::post_bytes;
use crate::protocol::{Request, Response};
use crate::session::Engine;

/// Install the message loop (the worker binary's `main`).
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let engine = RefCell::new(Engine::new());
    let poster = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let bytes = Uint8Array::new(&event.data()).to_vec();
        let post = |response: Response| post(&poster, &response);
        match postcard::from_bytes::<Request>(&bytes) {
            Ok(request) => {
                let answer = engine.borrow_mut().handle(request, &mut |response| post(response));
                post(answer);
                // While the user reads the answer: what the first edit would otherwise wait for.
                engine.borrow_mut().idle();
            }
            Err(_) => post(Response::Refused {
                message: "Demande illisible : rechargez la page pour réessayer.".to_owned(),
            }),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The loop lives as long as the worker.
    on_message.forget();
    // The page holds its requests until then (see `bridge`).
    let _ = scope.post_message(&wasm_bindgen::JsValue::from_str(super::bridge::READY));
    warm_up();
}

/// Read and validate the blank template once, for nothing, and compile the telephone patterns of
/// France and the overseas departments, while the user has not chosen a file yet: the engine's
/// first use compiles its code paths and patterns, which would otherwise delay the user's first
/// file by some tens of milliseconds. A request arriving meanwhile simply waits in the worker's
/// queue.
fn warm_up() {
    effectifs_core::phone::warm_up();
    let Ok(bytes) = effectifs_sheet::template() else {
        return;
    };
    let request = Request::Open {
        bytes,
        name: "modele.xlsx".to_owned(),
        sheet: None,
        profile: crate::state::DEFAULT_PROFILE.to_owned(),
        today: "2025-09-01".to_owned(),
        mapping: None,
    };
    let _ = Engine::new().handle(request, &mut |_| ());
}

fn post(scope: &DedicatedWorkerGlobalScope, response: &Response) {
    // A response always encodes (plain data); if posting fails the page sees no answer and the
    // user can cancel.
    if let Ok(bytes) = postcard::to_allocvec(response) {
        let _ = post_bytes(&bytes, |message, transfer| {
            scope.post_message_with_transfer(message, transfer)
        });
    }
}
