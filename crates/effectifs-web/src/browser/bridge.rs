//! The page's end of the worker: spawns the worker (Trunk's loader shim), posts [`Request`]s as
//! postcard bytes and hands every [`Response`] to a callback. Dropping the bridge terminates the
//! worker at once, even in the middle of a long read: that is how a read is cancelled.
//! Requests sent before the worker has loaded its WebAssembly are kept and posted when it says it
//! is ready ([`READY`]): a message arriving earlier would be lost.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::protocol::{Request, Response};

/// The worker's script, written by Trunk (`data-loader-shim` on the worker's `<link>`).
pub const WORKER_SCRIPT: &str = "./worker_loader.js";

/// What the worker posts once its message loop is installed (not a protocol message).
pub const READY: &str = "pret";

/// Requests waiting for the worker to be ready; `None` once it is.
type Pending = Rc<RefCell<Option<Vec<Vec<u8>>>>>;

/// A running worker.
pub struct Bridge {
    worker: Worker,
    pending: Pending,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

/// Why the worker could not be used.
const START_FAILED: &str =
    "Le traitement des fichiers n'a pas pu démarrer dans ce navigateur. Rechargez la page pour réessayer.";
const ANSWER_UNREADABLE: &str = "Réponse illisible du traitement des fichiers : rechargez la page pour réessayer.";
const CRASHED: &str = "Le traitement du fichier s'est arrêté de façon inattendue (mémoire insuffisante ?). \
     Rechargez la page ou essayez avec un fichier plus petit.";

impl Bridge {
    /// Start a worker; `on_response` gets each answer, `on_failure` a French message when the
    /// worker cannot start, crashes or answers something unreadable.
    pub fn start(
        on_response: impl Fn(Response) + 'static,
        on_failure: impl Fn(String) + Clone + 'static,
    ) -> Result<Bridge, String> {
        let options = WorkerOptions::new();
        // Trunk builds the worker with wasm-bindgen's `no-modules` target: a classic script.
        options.set_type(WorkerType::Classic);
        let worker = Worker::new_with_options(WORKER_SCRIPT, &options).map_err(|_| START_FAILED.to_owned())?;
        let failure = on_failure.clone();
        let pending: Pending = Rc::new(RefCell::new(Some(Vec::new())));
        let queue = Rc::clone(&pending);
        let target = worker.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            if data.as_string().as_deref() == Some(READY) {
                let waiting = queue.borrow_mut().take().unwrap_or_default();
                for bytes in waiting {
                    if post_bytes(&bytes, |message, transfer| {
                        target.post_message_with_transfer(message, transfer)
                    })
                    .is_err()
                    {
                        failure(START_FAILED.to_owned());
                    }
                }
                return;
            }
            let bytes = Uint8Array::new(&data).to_vec();
            match postcard::from_bytes::<Response>(&bytes) {
                Ok(response) => on_response(response),
                Err(_) => failure(ANSWER_UNREADABLE.to_owned()),
            }
        });
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            on_failure(CRASHED.to_owned());
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Bridge {
            worker,
            pending,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Post a request (its bytes are transferred, not copied, to the worker).
    pub fn send(&self, request: &Request) -> Result<(), String> {
        let bytes = postcard::to_allocvec(request).map_err(|_| START_FAILED.to_owned())?;
        if let Some(waiting) = self.pending.borrow_mut().as_mut() {
            waiting.push(bytes);
            return Ok(());
        }
        post_bytes(&bytes, |message, transfer| {
            self.worker.post_message_with_transfer(message, transfer)
        })
        .map_err(|_| START_FAILED.to_owned())
    }
}

impl Drop for Bridge {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// Post bytes as a `Uint8Array` whose buffer is transferred; the error is the browser's.
pub fn post_bytes(bytes: &[u8], post: impl FnOnce(&JsValue, &JsValue) -> Result<(), JsValue>) -> Result<(), JsValue> {
    let array = Uint8Array::from(bytes);
    let transfer = Array::of1(&array.buffer());
    post(&array, &transfer)
}
