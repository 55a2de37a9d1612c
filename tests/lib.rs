//! Integration tests of effectifs over the real files of `tests/data/` (see `fixtures.rs`), and the
//! structure-aware generators of hostile files they share with the fuzz targets ([`generators`]).

pub mod generators;
