//! Integration tests over real fixture files live in `tests/`.
