//! The `options` argument of `checkFile`, `checkRows` and `indicators`, read from a JavaScript object.
//!
//! Read by hand rather than through serde so that every mistake gets a French message naming the
//! option (`profile`, `today`, `sheet`, `columns`, `recipe`, `values`, `name`) and what it accepts; an unknown option
//! is an error too, so that a typo (`profil`) never goes unnoticed. A `recipe` is read by the API
//! crate's reader of recipe files, the one `effectifs --recette` uses: the same object gives the
//! same recipe, or the same French error.

use effectifs_core::{Changes, Date, Field, Mois, Profile, Recipe, Table};
use js_sys::{Array, Object};
use wasm_bindgen::{JsCast, JsError, JsValue};

/// The options, checked.
#[derive(Debug)]
pub struct Options {
    /// The validation profile (default `televersement`).
    pub profile: Profile,
    /// The evaluation day of the statuts (default: today, local calendar day).
    pub today: Date,
    /// Workbooks: the sheet to read.
    pub sheet: Option<String>,
    /// Column mapping overrides: header as written → field (or `None` to ignore the column).
    pub columns: Vec<(String, Option<Field>)>,
    /// `indicators`: the first month of the series (default: the file's school years').
    pub du: Option<Mois>,
    /// `indicators`: the last month of the series.
    pub au: Option<Mois>,
    /// The recipe applied before validation (D15), after `columns`.
    pub recipe: Option<Recipe>,
    /// `checkRows`: how the objects' values are read (`None`: not given, JSON).
    pub values: Option<Values>,
    /// `checkRows`: the name shown in `report.file.name` (default `rows`).
    pub name: Option<String>,
}

/// How `checkRows` reads the objects it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// As the API receives them (D14, the default): exact keys per object, JSON types.
    Json,
    /// As a spreadsheet's cells: keys are headers matched over the whole call, values are cells.
    Cells,
}

const KNOWN: &str = "profile, today, sheet, columns, recipe, values, name";
const KNOWN_SERIES: &str = "profile, today, sheet, columns, recipe, du, au";

impl Options {
    /// Reads the options of `checkFile` and `checkRows`; `undefined` and `null` mean "all defaults".
    pub fn from_js(value: &JsValue) -> Result<Options, JsError> {
        Options::read(value, false)
    }

    /// Reads the options of `indicators`: those of `checkFile`, and `du`, `au` (`"AAAA-MM"`).
    pub fn from_js_series(value: &JsValue) -> Result<Options, JsError> {
        Options::read(value, true)
    }

    fn read(value: &JsValue, series: bool) -> Result<Options, JsError> {
        let known = if series { KNOWN_SERIES } else { KNOWN };
        let mut options = Options {
            profile: Profile::Televersement,
            today: local_today(),
            sheet: None,
            columns: Vec::new(),
            du: None,
            au: None,
            recipe: None,
            values: None,
            name: None,
        };
        if value.is_undefined() || value.is_null() {
            return Ok(options);
        }
        let Some(object) = plain_object(value) else {
            return Err(JsError::new(&format!(
                "Les options doivent être un objet ({{ {known} }})."
            )));
        };
        for entry in Object::entries(object) {
            let entry: Array = entry.unchecked_into();
            let name = entry.get(0).as_string().unwrap_or_default();
            let value = entry.get(1);
            if value.is_undefined() {
                continue;
            }
            match name.as_str() {
                "profile" => {
                    let text = value.as_string();
                    options.profile = text.as_deref().and_then(Profile::from_name).ok_or_else(|| {
                        JsError::new(&format!(
                            "Option « profile » invalide ({}) : valeurs possibles « televersement » ou « api ».",
                            describe(&value)
                        ))
                    })?;
                }
                "today" => {
                    let text = value.as_string();
                    options.today = text.as_deref().and_then(Date::parse_iso).ok_or_else(|| {
                        JsError::new(&format!(
                            "Option « today » invalide ({}) : date d'évaluation attendue au format AAAA-MM-JJ.",
                            describe(&value)
                        ))
                    })?;
                }
                "sheet" => {
                    if value.is_null() {
                        options.sheet = None;
                    } else {
                        options.sheet = Some(value.as_string().ok_or_else(|| {
                            JsError::new(&format!(
                                "Option « sheet » invalide ({}) : le nom d'une feuille du classeur est attendu.",
                                describe(&value)
                            ))
                        })?);
                    }
                }
                "columns" => options.columns = columns(&value)?,
                "values" if !series => options.values = Some(values(&value)?),
                "name" if !series => {
                    options.name = Some(value.as_string().ok_or_else(|| {
                        JsError::new(&format!(
                            "Option « name » invalide ({}) : le nom à montrer dans report.file.name est attendu.",
                            describe(&value)
                        ))
                    })?);
                }
                "du" | "au" if series => {
                    let month = if value.is_null() {
                        None
                    } else {
                        Some(value.as_string().as_deref().and_then(Mois::parse).ok_or_else(|| {
                            JsError::new(&format!(
                                "Option « {name} » invalide ({}) : un mois au format AAAA-MM est attendu.",
                                describe(&value)
                            ))
                        })?)
                    };
                    if name == "du" {
                        options.du = month;
                    } else {
                        options.au = month;
                    }
                }
                "recipe" if value.is_null() => options.recipe = None,
                "recipe" => options.recipe = Some(recipe(&value)?),
                other => {
                    return Err(JsError::new(&format!(
                        "Option inconnue « {other} » (options possibles : {known})."
                    )));
                }
            }
        }
        Ok(options)
    }

    /// Applies the column mapping overrides to the table's columns (every column with that header),
    /// before validation. A header the table does not have is an error: the mapping was meant for
    /// another file, or has a typo.
    pub fn map_columns(&self, table: &mut Table) -> Result<(), JsError> {
        for (header, field) in &self.columns {
            if !table.map_header(header, *field) {
                return Err(JsError::new(&format!(
                    "Option « columns » : le fichier n'a pas de colonne « {header} » (l'en-tête doit être écrit \
                     exactement comme dans le fichier)."
                )));
            }
        }
        Ok(())
    }

    /// Applies the recipe, if any, to the table (after [`Options::map_columns`]); what it changed.
    /// Nothing is changed when the recipe does not fit the table (a header it does not have).
    pub fn apply_recipe(&self, table: &mut Table) -> Result<Option<Changes>, JsError> {
        self.recipe
            .as_ref()
            .map(|recipe| recipe.apply(table).map_err(|error| JsError::new(&error.to_string())))
            .transpose()
    }
}

/// A recipe object, read as the JSON text it stands for (`JSON.stringify`), by the reader of recipe
/// files.
fn recipe(value: &JsValue) -> Result<Recipe, JsError> {
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| {
            JsError::new(&format!(
                "Option « recipe » invalide ({}) : un objet {{ \"version\": 1, … }} est attendu (voir docs/recipe.md).",
                describe(value)
            ))
        })?;
    effectifs_api::recipe::parse(&text).map_err(|message| JsError::new(&message))
}

/// `"json"` or `"cells"`.
fn values(value: &JsValue) -> Result<Values, JsError> {
    match value.as_string().as_deref() {
        Some("json") => Ok(Values::Json),
        Some("cells") => Ok(Values::Cells),
        _ => Err(JsError::new(&format!(
            "Option « values » invalide ({}) : valeurs possibles « json » (les objets tels que l'API les reçoit) ou \
             « cells » (des cellules de tableur).",
            describe(value)
        ))),
    }
}

/// `{ "<header as in the file>": "<field name>" | null }`.
fn columns(value: &JsValue) -> Result<Vec<(String, Option<Field>)>, JsError> {
    let Some(object) = plain_object(value) else {
        return Err(JsError::new(&format!(
            "Option « columns » invalide ({}) : un objet {{ \"en-tête du fichier\": \"nom_du_champ\" ou null }} est \
             attendu.",
            describe(value)
        )));
    };
    let mut columns = Vec::new();
    for entry in Object::entries(object) {
        let entry: Array = entry.unchecked_into();
        let header = entry.get(0).as_string().unwrap_or_default();
        let target = entry.get(1);
        let field = if target.is_null() || target.is_undefined() {
            None
        } else {
            let name = target.as_string();
            Some(name.as_deref().and_then(Field::from_name).ok_or_else(|| {
                JsError::new(&format!(
                    "Option « columns » : « {} » n'est pas un champ connu (colonne « {header} ») ; utilisez le nom \
                     exact d'un champ, comme nom_apprenant, ou null pour ignorer la colonne.",
                    name.unwrap_or_else(|| describe(&target))
                ))
            })?)
        };
        columns.push((header, field));
    }
    Ok(columns)
}

/// The value as an object whose entries can be read, unless it is an array or not an object.
fn plain_object(value: &JsValue) -> Option<&Object> {
    (value.is_object() && !Array::is_array(value)).then(|| value.unchecked_ref::<Object>())
}

/// A short French description of a JavaScript value, for error messages.
pub fn describe(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        format!("« {text} »")
    } else if let Some(number) = value.as_f64() {
        effectifs_core::text::js_number_to_string(number)
    } else if let Some(flag) = value.as_bool() {
        flag.to_string()
    } else if value.is_null() {
        "null".to_owned()
    } else if Array::is_array(value) {
        "un tableau".to_owned()
    } else if value.is_instance_of::<js_sys::Date>() {
        "une Date".to_owned()
    } else if value.is_object() {
        "un objet".to_owned()
    } else {
        format!(
            "une valeur de type {}",
            value.js_typeof().as_string().unwrap_or_default()
        )
    }
}

/// Today's local calendar day, as the browser (or Node.js) sees it.
fn local_today() -> Date {
    let now = js_sys::Date::new_0();
    // The JavaScript clock always gives a real day; the fallback only guards against a broken one.
    Date::from_ymd(
        i32::try_from(now.get_full_year()).unwrap_or(2000),
        now.get_month() + 1,
        now.get_date(),
    )
    .or_else(|| Date::from_ymd(2000, 1, 1))
    .unwrap_or_else(|| unreachable!("2000-01-01 exists"))
}
