//! Fuzz target: a binary workbook of BIFF12 records in a valid zip, with hostile contents (see `src/xlsb.rs`), read and held to the invariants of `effectifs_fuzz::check`:
//! no panic, every surely non-blank row reported under its own line, or the file refused in French.
#![no_main]

use effectifs_fuzz::xlsb::Workbook;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|shape: Workbook| {
    let (bytes, expect) = shape.build();
    effectifs_fuzz::check(&bytes, "f.xlsb", &expect);
});
