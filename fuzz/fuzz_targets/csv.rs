//! Fuzz target: delimited text in a real encoding, with hostile fields (see `tests/generators/csv.rs`), read and held to the invariants of `effectifs_tests::generators::check`:
//! no panic, every surely non-blank row reported under its own line, or the file refused in French.
#![no_main]

use effectifs_tests::generators::csv::Csv;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|shape: Csv| {
    let (bytes, expect) = shape.build();
    effectifs_tests::generators::check(&bytes, "f.csv", &expect);
});
