//! The `effectifs` command.
fn main() {}
