//! (in progress: header matching)
use crate::field::Field;
use crate::table::Match;
/// Recognises a header.
pub fn match_header(_header: &str) -> (Option<Field>, Match) {
    (None, Match::None)
}
