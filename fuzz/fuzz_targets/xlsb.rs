//! Fuzz target: a binary workbook of BIFF12 records in a valid zip, with hostile contents (see `tests/generators/xlsb.rs`), read and held to the invariants of `effectifs_tests::generators::check`:
//! no panic, every surely non-blank row reported under its own line, or the file refused in French.
#![no_main]

use effectifs_tests::generators::xlsb::Workbook;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|shape: Workbook| {
    let (bytes, expect) = shape.build();
    effectifs_tests::generators::check(&bytes, "f.xlsb", &expect);
});
