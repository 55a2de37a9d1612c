//! What JavaScript sees: the exported functions, their documentation and TypeScript signatures.
//!
//! Each export installs the panic hook (see `panic.rs`), then calls the Rust function of the same
//! name in the crate root. The hook stays out of those Rust functions so that the wasm-bindgen
//! tests, which call them directly, keep their own panic reporting.
//!
//! The arguments are taken as JavaScript references and copied on the Rust side, never as
//! `&[u8]`/`&str`: the glue would copy those into the instance *before* its check for a pending
//! re-initialisation (after a panic), and they would then point into the discarded instance's
//! memory.

use wasm_bindgen::prelude::*;

use crate::panic;

// The TypeScript types of the report, the options and the field table, written by hand: the
// generated `.d.ts` only knows `any` for the values this crate builds.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// Reads a learner file (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`, `.csv`, `.tsv`, `.txt`) from its
/// bytes (a `Uint8Array` or an `ArrayBuffer`) and checks every line. The result is the report of
/// `effectifs check --format json`, as a plain object.
///
/// `fileName` only helps to tell the format when the content leaves a choice, and is copied into
/// `report.file.name`. Throws an `Error` with a French message when the file cannot be read at all
/// or an option is wrong.
#[wasm_bindgen(js_name = checkFile, unchecked_return_type = "Report")]
pub fn check_file(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
    #[wasm_bindgen(js_name = fileName, unchecked_param_type = "string")] file_name: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CheckFileOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    panic::install_hook();
    crate::check_file(bytes, file_name, options)
}

/// What the Tableau de bord will show once the file's valid lines are sent, at the end of each month:
/// an array of objects shaped like `report.summary.indicateurs` (`date`, `apprenants`, `apprentis`,
/// `inscrits`, `rupturants`, `abandons`, `par_formation`), as `effectifs indicateurs --format json`
/// prints them. The file is read and checked as by `checkFile` (same options); `du` and `au`
/// (`"AAAA-MM"`) choose the months, by default the school years of the file, 36 months at most (the
/// most recent). Throws an `Error` with a French message when the file cannot be read or the period
/// is wrong.
#[wasm_bindgen(unchecked_return_type = "Indicateurs[]")]
pub fn indicators(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
    #[wasm_bindgen(js_name = fileName, unchecked_param_type = "string")] file_name: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "IndicatorsOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    panic::install_hook();
    crate::indicators(bytes, file_name, options)
}

/// Checks learners given as objects keyed by the contract's field names (`nom_apprenant`,
/// `date_de_naissance_apprenant`…), as an ERP posts them: record `i` (from 0) is line `i + 1`.
///
/// By default each object is judged exactly as the national API would judge it (decision D14): only
/// its own exact keys are read (a key that merely resembles a field gets a warning), values are
/// what `JSON.stringify` would send (`""` is a string, `0` a number, a `Date` its `toJSON()`), and
/// `id_erp_apprenant` is required. With `{ values: "cells" }` the objects are read as a
/// spreadsheet's cells instead (keys matched as headers over the whole call).
#[wasm_bindgen(js_name = checkRows, unchecked_return_type = "Report")]
pub fn check_rows(
    #[wasm_bindgen(unchecked_param_type = "Array<Record<string, unknown>>")] rows: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CheckRowsOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    panic::install_hook();
    crate::check_rows(rows, options)
}

/// The 70 fields of the contract, in the contract's order: name, French label, whether each
/// profile requires it, value type, description, accepted format, example, template header and
/// the other headers recognised for it.
#[wasm_bindgen(unchecked_return_type = "FieldInfo[]")]
pub fn fields() -> Result<JsValue, JsError> {
    panic::install_hook();
    crate::fields()
}

/// The blank upload template (`.xlsx` bytes): the sheet "Modèle" (the official headers and one
/// example line) and the sheet "Description des données".
#[wasm_bindgen]
pub fn template() -> Result<Vec<u8>, JsError> {
    panic::install_hook();
    crate::template()
}

/// For the package's own tests only (hidden from the types): panics, to prove that a panic
/// reaches the caller as an `Error` and that the next call works again.
#[doc(hidden)]
#[wasm_bindgen(js_name = __panicForTests, skip_typescript)]
pub fn panic_for_tests() {
    panic::install_hook();
    panic!("panique volontaire pour les tests");
}
