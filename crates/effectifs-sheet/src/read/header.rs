//! Finding the header row (D9): among the first rows, the first one that names the most known
//! columns.

use effectifs_core::columns::match_header;

use super::HEADER_SEARCH_ROWS;

/// Longer texts are never column names (the longest field name has 41 characters); skipping them
/// keeps the search cheap on rows of free text.
const MAX_HEADER_LEN: usize = 200;

/// How many of these cell texts name a known field.
pub(super) fn count_known<'a>(texts: impl Iterator<Item = &'a str>) -> usize {
    texts
        .filter(|text| !text.is_empty() && text.len() <= MAX_HEADER_LEN && match_header(text).0.is_some())
        .count()
}

/// The index of the header among rows whose known-column counts are given in order: the first row,
/// among the first [`HEADER_SEARCH_ROWS`], with the highest count; `None` when no row names any
/// known column.
pub(super) fn best_row(counts: impl Iterator<Item = usize>) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (index, count) in counts.take(HEADER_SEARCH_ROWS).enumerate() {
        if count > 0 && best.is_none_or(|(_, best_count)| count > best_count) {
            best = Some((index, count));
        }
    }
    best.map(|(index, _)| index)
}
