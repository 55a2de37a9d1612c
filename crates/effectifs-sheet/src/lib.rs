//! `effectifs-sheet`: the file layer.
//!
//! Bytes in, [`effectifs_core::Table`] out: workbooks (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) through
//! calamine (`.xlsx` and `.xlsm` through a faster reader of our own giving calamine's result), always
//! from memory so that the same code runs in a browser; CSV through `csv` and
//! `encoding_rs`, with encoding and delimiter detection. It also writes workbooks: the blank upload
//! template generated from the field table, and the annotated and corrected copies of a checked file
//! ([`export`]).

pub mod export;
pub mod read;
pub mod template;

pub use read::{
    FileFormat, FileInfo, Limits, ReadError, ReadOptions, ReadWarning, SHEET_CHOICE_MIN_FIELDS, Sheet, check_size, read,
};
pub use template::template;
