//! Finding the header row (D9): among the first rows, the first one that names the most known
//! columns.

use effectifs_core::columns::match_header;
use effectifs_core::{Cell, Row};

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

/// The index of the header among `rows` (in line order): among the rows of the
/// [`HEADER_SEARCH_ROWS`] lines starting at the first row holding anything, the first one that
/// names the most known columns; `None` when none names any.
pub(super) fn find(rows: &[Row]) -> Option<usize> {
    let first = rows
        .iter()
        .find(|row| row.cells.iter().any(|cell| !cell.is_blank()))?
        .line;
    let end = first.saturating_add(HEADER_SEARCH_ROWS);
    let mut best: Option<(usize, usize)> = None;
    for (index, row) in rows.iter().enumerate().take_while(|(_, row)| row.line < end) {
        let count = count_known(row.cells.iter().filter_map(|cell| match cell {
            Cell::Text(text) => Some(text.as_str()),
            _ => None,
        }));
        if count > 0 && best.is_none_or(|(_, best_count)| count > best_count) {
            best = Some((index, count));
        }
    }
    best.map(|(index, _)| index)
}
