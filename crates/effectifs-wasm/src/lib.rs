//! `effectifs-wasm`: the npm package `effectifs`, a thin wasm-bindgen layer over the engine.
//!
//! Five calls for any web UI or Node.js program (see the `exports` module): `checkFile` and `checkRows`
//! return the very report of `effectifs check --format json` as a plain JavaScript object,
//! `indicators` the month-end series of `effectifs indicateurs --format json`, `fields` describes the 70 fields of the contract, `template` writes the upload template.
//! Reading is `effectifs-sheet`'s job, checking `effectifs-core`'s, the report shape
//! `effectifs-api`'s: this crate only converts between JavaScript and Rust, owns the clock
//! (`js_sys::Date`) and turns failures into JavaScript `Error`s with French messages.
//!
//! Everything here is for `wasm32`: on a native target the crate is empty (see `Cargo.toml`).
#![cfg(target_arch = "wasm32")]

mod fields;
mod options;
mod panic;
mod rows;
mod tags;
mod tape;

pub mod exports;

use effectifs_api::report::ReportView;
use effectifs_api::{FileDescription, FileWarning, JsonReport};
use effectifs_core::{Changes, Table};
use effectifs_sheet::ReadOptions;
use js_sys::{ArrayBuffer, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::options::{Options, Values};

/// `checkFile(bytes, fileName, options?)`, without the panic hook (the Rust side of the export in
/// [`exports`], called directly by the tests).
pub fn check_file(bytes: &JsValue, file_name: &JsValue, options: &JsValue) -> Result<JsValue, JsError> {
    let options = Options::from_js(options)?;
    let (mut sheet, fixes) = read_file("checkFile", bytes, file_name, &options)?;
    let file = sheet.file_description();
    let warnings = sheet.file_warnings();
    report(file, &mut sheet.table, warnings, &options, fixes.as_ref())
}

/// `indicators(bytes, fileName, options?)`, without the panic hook: the file read and checked as by
/// `checkFile`, then the Tableau de bord's indicators at each month end (`docs/indicators.md`), as
/// `effectifs indicateurs --format json` prints them.
pub fn indicators(bytes: &JsValue, file_name: &JsValue, options: &JsValue) -> Result<JsValue, JsError> {
    let options = Options::from_js_series(options)?;
    let (mut sheet, _fixes) = read_file("indicators", bytes, file_name, &options)?;
    let report = effectifs_core::validate_draining(&mut sheet.table, options.profile, options.today);
    let effectifs = effectifs_core::Effectifs::new(&report.lines);
    let periode = effectifs
        .mois(options.du, options.au)
        .map_err(|error| JsError::new(&format!("indicators : {error}")))?;
    let serie: Vec<effectifs_api::IndicateursJson> = effectifs
        .serie(&periode.mois)
        .iter()
        .map(effectifs_api::IndicateursJson::of)
        .collect();
    to_js(&serie)
}

/// Reads the file given to `call` (its bytes, a `Uint8Array` or an `ArrayBuffer`, and its name) and
/// applies the column mapping and the recipe of the options (with what the recipe changed).
fn read_file(
    call: &str,
    bytes: &JsValue,
    file_name: &JsValue,
    options: &Options,
) -> Result<(effectifs_sheet::Sheet, Option<Changes>), JsError> {
    let array = if let Some(array) = bytes.dyn_ref::<Uint8Array>() {
        array.clone()
    } else if let Some(buffer) = bytes.dyn_ref::<ArrayBuffer>() {
        Uint8Array::new(buffer)
    } else {
        return Err(JsError::new(&format!(
            "{call} : le contenu du fichier doit être un Uint8Array ou un ArrayBuffer, pas {}.",
            options::describe(bytes)
        )));
    };
    let file_name = file_name.as_string().ok_or_else(|| {
        JsError::new(&format!(
            "{call} : le nom du fichier doit être une chaîne de caractères, pas {}.",
            options::describe(file_name)
        ))
    })?;
    if options.values.is_some() || options.name.is_some() {
        return Err(JsError::new(&format!(
            "{call} : les options « values » et « name » sont propres à checkRows (le nom vient du fichier)."
        )));
    }
    let read_options = ReadOptions {
        sheet: options.sheet.clone(),
        ..ReadOptions::default()
    };
    // The size first: a file over the limit is refused before it is copied into WebAssembly memory.
    effectifs_sheet::check_size(u64::from(array.length()), &read_options.limits)
        .map_err(|error| JsError::new(&format!("{file_name} : {error}")))?;
    let bytes = array.to_vec();
    let mut sheet = effectifs_sheet::read(&bytes, &file_name, &read_options)
        .map_err(|error| JsError::new(&format!("{file_name} : {error}")))?;
    options.map_columns(&mut sheet.table)?;
    let fixes = options.apply_recipe(&mut sheet.table)?;
    Ok((sheet, fixes))
}

/// `checkRows(rows, options?)`, without the panic hook.
pub fn check_rows(rows: &JsValue, options: &JsValue) -> Result<JsValue, JsError> {
    let options = Options::from_js(options)?;
    if options.values == Some(Values::Cells) {
        // File semantics, on purpose: keys are headers matched over the whole call.
        let mut table = rows::table(rows)?;
        options.map_columns(&mut table)?;
        let fixes = options.apply_recipe(&mut table)?;
        let file = FileDescription {
            name: options.name.clone().unwrap_or_else(|| "rows".to_owned()),
            ..FileDescription::rows()
        };
        return report(file, &mut table, Vec::new(), &options, fixes.as_ref());
    }
    if !options.columns.is_empty() || options.recipe.is_some() {
        return Err(JsError::new(
            "Options « columns » et « recipe » : elles ne s'appliquent qu'avec values: \"cells\" ; les objets sont \
             lus comme l'API les reçoit, par les noms exacts des champs.",
        ));
    }
    // D14: each object as the API receives it.
    let objects = rows::objects(rows)?;
    let report = effectifs_core::validate_objects(&objects, options.profile, options.today);
    let file = FileDescription::json(options.name.as_deref().unwrap_or("rows"));
    let head = JsonReport::without_lines(file, &objects.columns(), &report);
    report_to_js(&head.view(&report.lines))
}

/// `fields()`, without the panic hook.
pub fn fields() -> Result<JsValue, JsError> {
    to_js(&fields::fields())
}

/// `template()`, without the panic hook.
pub fn template() -> Result<Vec<u8>, JsError> {
    effectifs_sheet::template()
        .map_err(|error| JsError::new(&format!("Impossible d'écrire le modèle (erreur interne) : {error}")))
}

/// Validates the table (freeing each row's cells once validated: a WebAssembly memory never shrinks,
/// so its peak is what the page keeps) and converts the report into a plain JavaScript object.
fn report(
    file: FileDescription,
    table: &mut Table,
    read_warnings: Vec<FileWarning>,
    options: &Options,
    fixes: Option<&Changes>,
) -> Result<JsValue, JsError> {
    let report = effectifs_core::validate_draining(table, options.profile, options.today);
    // Lines go from the engine's reports to the tape directly (no `LineJson` built in between).
    let mut head = JsonReport::without_lines(file, table, &report).with_read_warnings(read_warnings);
    if let Some(fixes) = fixes {
        // Only the columns are read: the drained table still has them.
        head = head.with_fixes(table, fixes);
    }
    report_to_js(&head.view(&report.lines))
}

/// A plain JavaScript value: maps become objects (not `Map`s), keys keep their order, missing
/// values are `null`, as in the JSON report.
fn to_js(value: &impl Serialize) -> Result<JsValue, JsError> {
    tape::to_js(value).map_err(|error| internal(&error))
}

/// [`to_js`] for a report.
fn report_to_js(report: &ReportView<'_>) -> Result<JsValue, JsError> {
    tape::report_to_js(report).map_err(|error| internal(&error))
}

/// The error of a value the tape could not hand over.
fn internal(error: &tape::Error) -> JsError {
    JsError::new(&format!(
        "Impossible de construire le résultat (erreur interne) : {error}"
    ))
}
