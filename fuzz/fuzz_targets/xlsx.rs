//! Fuzz target: a valid Office Open XML package with hostile contents (see `src/xlsx.rs`), read and held to the invariants of `effectifs_fuzz::check`:
//! no panic, every surely non-blank row reported under its own line, or the file refused in French.
#![no_main]

use effectifs_fuzz::xlsx::Workbook;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|shape: Workbook| {
    let (bytes, expect) = shape.build();
    effectifs_fuzz::check(&bytes, "f.xlsx", &expect);
});
