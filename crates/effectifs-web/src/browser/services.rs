//! The browser services the page uses: today's date, offering a download, remembering a recipe (column
//! mapping, values for every line, replacements: never any data) per header row in localStorage, the exchange
//! key only when the user asks for it, reading a chosen file, and the timings the browser benchmark reads.

use js_sys::{Array, Date, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Prefix of the localStorage keys of remembered recipes (earlier versions kept only a column mapping there:
/// a JSON array, still read).
const MAPPING_KEY: &str = "effectifs.correspondance.";
/// Prefix of the localStorage keys saying a header row's recipe is not applied on opening (D15: a way to
/// switch it off).
const RECIPE_OFF_KEY: &str = "effectifs.recette-desactivee.";
/// The localStorage entry of the exchange key, written only when the user asks to be remembered (D11).
const EXCHANGE_KEY: &str = "effectifs.envoi.cle";
/// The localStorage entry saying the notice about sending with the key was acknowledged.
const NOTICE_SEEN: &str = "effectifs.envoi.avis-lu";

/// Today in the browser's time zone, ISO `AAAA-MM-JJ`.
pub fn today_iso() -> String {
    let now = Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

/// Milliseconds since the page started (`performance.now()`), 0 when unavailable.
pub fn now_perf_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Offer bytes as a download through a Blob and an object URL; no network request.
pub fn download(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), JsValue> {
    let array = Uint8Array::from(bytes);
    let parts = Array::of1(&array);
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or(JsValue::NULL)?;
    let anchor: HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_hidden(true);
    let body = document.body().ok_or(JsValue::NULL)?;
    body.append_child(&anchor)?;
    anchor.click();
    body.remove_child(&anchor)?;
    // The click has started the download: the URL can go once the event loop turns.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000)?;
    }
    Ok(())
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// What is remembered for a header key.
pub enum RememberedEntry {
    /// A column mapping, per column (earlier versions).
    Mapping(Vec<Option<String>>),
    /// A recipe's JSON, and whether it applies on opening.
    Recipe {
        /// The recipe's JSON.
        json: String,
        /// Not switched off by the user.
        automatic: bool,
    },
}

/// What is remembered for this header key, if anything readable.
pub fn load_remembered(key: &str) -> Option<RememberedEntry> {
    let storage = storage()?;
    let text = storage.get_item(&format!("{MAPPING_KEY}{key}")).ok().flatten()?;
    if let Ok(mapping) = serde_json::from_str::<Vec<Option<String>>>(&text) {
        return Some(RememberedEntry::Mapping(mapping));
    }
    // The recipe itself is read by the engine (in the worker), which names any problem.
    let automatic = storage
        .get_item(&format!("{RECIPE_OFF_KEY}{key}"))
        .ok()
        .flatten()
        .is_none();
    Some(RememberedEntry::Recipe { json: text, automatic })
}

/// Remember a recipe for this header key. Only the recipe (headers, field names, the values and
/// replacements the user chose), never a line of the file.
pub fn save_recipe(key: &str, json: &str) {
    if let Some(storage) = storage() {
        // A full or disabled storage only means the recipe is not remembered.
        let _ = storage.set_item(&format!("{MAPPING_KEY}{key}"), json);
    }
}

/// Apply the recipe remembered for this header key on opening (`true`), or not.
pub fn set_recipe_automatic(key: &str, on: bool) {
    if let Some(storage) = storage() {
        let entry = format!("{RECIPE_OFF_KEY}{key}");
        let _ = if on {
            storage.remove_item(&entry)
        } else {
            storage.set_item(&entry, "1")
        };
    }
}

/// The exchange key remembered on this device, if the user asked for it.
pub fn load_key() -> Option<String> {
    storage()?
        .get_item(EXCHANGE_KEY)
        .ok()
        .flatten()
        .filter(|key| !key.is_empty())
}

/// Remember the exchange key on this device (the user asked to), or forget it (`None`).
pub fn store_key(key: Option<&str>) {
    if let Some(storage) = storage() {
        // A full or disabled storage only means the key is not remembered.
        let _ = match key {
            Some(key) => storage.set_item(EXCHANGE_KEY, key),
            None => storage.remove_item(EXCHANGE_KEY),
        };
    }
}

/// Whether the notice about sending with the key was acknowledged on this device.
pub fn notice_seen() -> bool {
    storage().and_then(|s| s.get_item(NOTICE_SEEN).ok().flatten()).is_some()
}

/// Remember that the notice about sending with the key was acknowledged.
pub fn acknowledge_notice() {
    if let Some(storage) = storage() {
        let _ = storage.set_item(NOTICE_SEEN, "1");
    }
}

/// Now in the browser's time zone, as the receipt shows it: "23/11/2026 à 17:45".
pub fn now_french() -> String {
    let now = Date::new_0();
    format!(
        "{:02}/{:02}/{:04} à {:02}:{:02}",
        now.get_date(),
        now.get_month() + 1,
        now.get_full_year(),
        now.get_hours(),
        now.get_minutes()
    )
}

/// Read a chosen file's bytes (asynchronously: the page stays responsive).
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, JsValue> {
    let buffer = JsFuture::from(file.array_buffer()).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Fetch a file of the site itself (the sample), as bytes.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url)).await?.unchecked_into();
    if !response.ok() {
        return Err(JsValue::from_str("status"));
    }
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Record one opening in `window.__effectifsTimings` (`{ start, end, lines }`, milliseconds of
/// `performance.now()`), for the browser benchmark.
pub fn record_timing(start: f64, end: f64, lines: u32) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let key = JsValue::from_str("__effectifsTimings");
    let list = match Reflect::get(&window, &key) {
        Ok(value) if Array::is_array(&value) => value.unchecked_into::<Array>(),
        _ => {
            let list = Array::new();
            let _ = Reflect::set(&window, &key, &list);
            list
        }
    };
    let entry = Object::new();
    let _ = Reflect::set(&entry, &"start".into(), &start.into());
    let _ = Reflect::set(&entry, &"end".into(), &end.into());
    let _ = Reflect::set(&entry, &"lines".into(), &lines.into());
    list.push(&entry);
}
