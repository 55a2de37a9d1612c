//! Fuzz target: a valid OpenDocument package with hostile contents (see `src/ods.rs`), read and held to the invariants of `effectifs_fuzz::check`:
//! no panic, every surely non-blank row reported under its own line, or the file refused in French.
#![no_main]

use effectifs_fuzz::ods::Document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|shape: Document| {
    let (bytes, expect) = shape.build();
    effectifs_fuzz::check(&bytes, "f.ods", &expect);
});
