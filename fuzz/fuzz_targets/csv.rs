//! Fuzz target: delimited text in a real encoding, with hostile fields (see `src/csv.rs`), read and held to the invariants of `effectifs_fuzz::check`:
//! no panic, every surely non-blank row reported under its own line, or the file refused in French.
#![no_main]

use effectifs_fuzz::csv::Csv;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|shape: Csv| {
    let (bytes, expect) = shape.build();
    effectifs_fuzz::check(&bytes, "f.csv", &expect);
});
