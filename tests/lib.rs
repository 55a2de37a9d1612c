//! Integration tests of effectifs over the real files of `tests/data/` (see `fixtures.rs`).
