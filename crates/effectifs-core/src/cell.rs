//! One spreadsheet cell as the file layer hands it to the engine.
//!
//! The engine never sees calamine or CSV types: every reader turns what it finds into a [`Cell`],
//! keeping the distinction that matters for the contract (a number typed in a text column is not
//! the same thing as text; a date-formatted cell carries an Excel serial number).

/// The text of a cell or of a normalised value. Most of them are short (codes, dates, names: up to
/// 23 bytes) and are then stored inline, in the cell itself: reading and checking a file of 20 000
/// lines would otherwise allocate and free about a million small strings, which costs more than
/// the checks themselves in WebAssembly. Longer texts are shared (cloning one is a counter
/// increment). It dereferences to `str`.
pub type Text = smol_str::SmolStr;

/// A raw cell value, before any field rule has looked at it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing in the cell.
    Empty,
    /// Text, exactly as stored (CSV cells are always text).
    Text(Text),
    /// A numeric cell.
    Number(f64),
    /// A boolean cell (`VRAI`/`FAUX` in a French Excel).
    Bool(bool),
    /// A date-formatted cell, as an Excel serial number (days since 1899-12-30, fraction = time).
    Date(f64),
    /// A formula whose cached value is an error (`#N/A`, `#REF!`…), with its text.
    Error(String),
}

impl Cell {
    /// True when the cell holds nothing a person would call content: empty, or text made only of
    /// blanks (JavaScript `trim` set).
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => crate::text::js_trim(text).is_empty(),
            Cell::Number(_) | Cell::Bool(_) | Cell::Date(_) | Cell::Error(_) => false,
        }
    }

    /// The cell as JavaScript's `String(v)` would spell it (numbers without formatting, booleans as
    /// `true`/`false`, date cells as their serial number, like `SheetJS` gives them).
    pub fn display_raw(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.to_string(),
            Cell::Error(text) => text.clone(),
            Cell::Number(number) | Cell::Date(number) => crate::text::js_number_to_string(*number),
            Cell::Bool(flag) => flag.to_string(),
        }
    }

    /// The cell as a person reads it, for messages, tables and the annotated workbook.
    pub fn display(&self) -> String {
        self.shown().into_owned()
    }

    /// [`Cell::display`], borrowing the cell's own text when it has one: what an edge that copies
    /// every cell of a file into its own buffer (the web app's table) reads without allocating.
    pub fn shown(&self) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(text) => Cow::Borrowed(text.as_str()),
            Cell::Error(text) => Cow::Borrowed(text.as_str()),
            Cell::Number(number) => Cow::Owned(crate::text::js_number_to_string(*number)),
            Cell::Bool(true) => Cow::Borrowed("VRAI"),
            Cell::Bool(false) => Cow::Borrowed("FAUX"),
            Cell::Date(serial) => Cow::Owned(crate::date::Date::from_excel_serial(*serial).map_or_else(
                || crate::text::js_number_to_string(*serial),
                crate::date::Date::to_french,
            )),
        }
    }
}
