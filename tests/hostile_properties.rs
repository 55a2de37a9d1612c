//! Structure-aware generators of hostile files (`generators.rs` in this crate: the shapes the fuzz
//! targets of `fuzz/` mutate at length), run as property tests: valid archives (`.xlsx`, `.xlsb`,
//! `.ods`) and CSV texts whose contents are hostile (records cut short, lengths that lie, indexes
//! out of range, rows past the sheet, repeats written as character references, quotes left open,
//! control characters…). Whatever is generated, reading gives a table or a French `ReadError`,
//! never a panic (nor one caught by the reader's last-resort net, which WebAssembly lacks); a
//! table's rows are in strictly increasing line order, below the header, within the sheet, each
//! surely non-blank row reported under its own line (see `generators::check`).
//!
//! Proptest draws the bytes that `arbitrary` turns into a shape; the case counts stay small so that
//! `cargo test` stays fast.

use arbitrary::{Arbitrary, Unstructured};
use effectifs_tests::generators::{Expect, check, csv, ods, xlsb, xlsx};
use proptest::prelude::*;

/// Builds the shape `bytes` describe, writes it as `name` and checks the reader on it.
fn run<T: for<'a> Arbitrary<'a>>(bytes: &[u8], name: &str, build: impl Fn(&T) -> (Vec<u8>, Expect)) {
    if let Ok(shape) = T::arbitrary_take_rest(Unstructured::new(bytes)) {
        let (file, expect) = build(&shape);
        check(&file, name, &expect);
    }
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..2048)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn hostile_xlsx(bytes in bytes()) {
        run(&bytes, "f.xlsx", xlsx::Workbook::build);
    }

    #[test]
    fn hostile_xlsb(bytes in bytes()) {
        run(&bytes, "f.xlsb", xlsb::Workbook::build);
    }

    #[test]
    fn hostile_ods(bytes in bytes()) {
        run(&bytes, "f.ods", ods::Document::build);
    }

    #[test]
    fn hostile_csv(bytes in bytes()) {
        run(&bytes, "f.csv", csv::Csv::build);
    }
}
