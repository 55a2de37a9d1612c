//! Fuzz target: any bytes, under every file-name extension, through the sheet reader (and, when a
//! table comes out, through the validator). Reading must return `Ok` or a `ReadError`: never panic,
//! hang or run out of memory.
//!
//! The extension is picked from the input's length, so that the mutations that grow or shrink an
//! input also try it under every extension, at the cost of one read per input (reading the same
//! bytes under all eight names would divide the executions per second by eight, and the content
//! decides the format anyway; the extension only matters for damaged zip files).
#![no_main]

use effectifs_core::{Date, Profile};
use effectifs_sheet::{ReadOptions, read};
use libfuzzer_sys::fuzz_target;

/// Every extension the reader gives a meaning to, and none.
const NAMES: [&str; 8] = ["f.xlsx", "f.xlsm", "f.xlsb", "f.xls", "f.ods", "f.csv", "f.txt", "f"];

fuzz_target!(|bytes: &[u8]| {
    let options = ReadOptions::default();
    let today = Date::from_ymd(2025, 3, 6).expect("a real day");
    let name = NAMES[bytes.len() % NAMES.len()];
    if let Ok(sheet) = read(bytes, name, &options) {
        // Invariants of a table: rows in strictly increasing line order, below the header.
        let lines: Vec<u32> = sheet.table.rows.iter().map(|row| row.line).collect();
        assert!(lines.windows(2).all(|pair| pair[0] < pair[1]), "{lines:?}");
        assert!(lines.first().is_none_or(|first| *first > sheet.info.header_line));
        let report = effectifs_core::validate(&sheet.table, Profile::Televersement, today);
        assert_eq!(report.lines.len(), sheet.table.rows.len());
    }
});
