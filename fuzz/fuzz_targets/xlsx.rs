//! Fuzz target: a valid Office Open XML package with hostile contents (see `tests/generators/xlsx.rs`), read and held to the invariants of `effectifs_tests::generators::check`:
//! no panic, every surely non-blank row reported under its own line, or the file refused in French.
#![no_main]

use effectifs_tests::generators::xlsx::Workbook;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|shape: Workbook| {
    let (bytes, expect) = shape.build();
    effectifs_tests::generators::check(&bytes, "f.xlsx", &expect);
});
