//! A part inflated a window at a time, so that a 200 000-line sheet (hundreds of megabytes of XML)
//! never sits whole in memory: each window ends just after the last end tag of an item (`</row>`,
//! `</si>`) inflated so far, and what follows it waits for the next window (so a window holds at
//! least one whole row: only the longest row makes it grow, up to 16 Mio, past which the file is
//! handed to calamine's path, see [`Windows::next`]).
//!
//! Cutting there is safe. A real end tag is where the reader stands between two events, so the
//! window's reader sees the same events as one reader over the whole part would (the elements still
//! open are counted by [`super::xml::Events`]). A `</row>` that is not a tag (inside a comment, a
//! CDATA section or an attribute value) leaves that construct unclosed at the end of the window:
//! an XML error, hence a fallback, never a wrong reading.

use std::io::Read;

use super::super::archive::{MAX_ITEM_XML, TextRun};
use super::Fallback;

/// How much is inflated at a time: enough that what each window costs (a reader, a UTF-8 check,
/// carrying the unfinished row over) vanishes, little enough that the buffer stays an ordinary
/// allocation. With windows of 2 Mio, the buffer freed after reading lingered in the allocator's
/// free pages (mimalloc returns them to the system after a delay) while validation allocated, and
/// raised the peak of `effectifs check` on 100 000 lines by about 20 Mo. In tests, 1 000 bytes:
/// every test workbook then crosses many window boundaries.
const CHUNK: usize = if cfg!(test) { 1_000 } else { 256 * 1024 };

/// Byte order marks, which a fresh XML reader would drop at the start of a window where the
/// reader of the whole part keeps them as text.
const MARKS: [&[u8]; 3] = [b"\xEF\xBB\xBF", b"\xFF\xFE", b"\xFE\xFF"];

/// The part being read.
pub(super) struct Windows<R> {
    source: R,
    /// Inflated bytes not consumed yet.
    buffer: Vec<u8>,
    /// Whether the part has been inflated to its end (its checksum verified).
    done: bool,
    /// Whether nothing has been consumed yet.
    first: bool,
    /// The stretch without markup inflated last: a longer one than
    /// [`super::super::archive::MAX_TEXT_RUN`] would grow the window without end (a 600 Mo cell);
    /// the reader hands the file to calamine's path, whose scan refuses it.
    run: TextRun,
}

/// The next bytes to parse.
pub(super) struct Window<'b> {
    pub(super) bytes: &'b [u8],
    /// Whether they run to the end of the part.
    pub(super) last: bool,
}

impl<R: Read> Windows<R> {
    pub(super) fn new(source: R) -> Windows<R> {
        Windows {
            source,
            buffer: Vec::new(),
            done: false,
            first: true,
            run: TextRun::default(),
        }
    }

    /// The next window: the bytes up to and including the last `marker` inflated so far (inflating
    /// on until one comes), or all that is left at the end of the part; `None` when nothing is.
    pub(super) fn next(&mut self, marker: &[u8]) -> Result<Option<Window<'_>>, Fallback> {
        let overlap = marker.len().saturating_sub(1);
        let mut searched = 0;
        let end = loop {
            if !self.done {
                self.inflate()?;
            }
            // A window holds every cell or string it gives whole: past the most one may take,
            // calamine's path refuses the file (see `MAX_ITEM_XML`), or reads a row that large
            // cell by cell. Either way this window would only grow.
            if u64::try_from(self.buffer.len()).map_or(true, |len| len > MAX_ITEM_XML) {
                return Err(Fallback("a window of more than 16 Mio"));
            }
            if self.done {
                break self.buffer.len();
            }
            if let Some(found) = self
                .buffer
                .get(searched..)
                .and_then(|fresh| memchr::memmem::rfind(fresh, marker))
            {
                break searched + found + marker.len();
            }
            searched = self.buffer.len().saturating_sub(overlap);
        };
        if end == 0 {
            return Ok(None);
        }
        if !self.first && MARKS.iter().any(|mark| self.buffer.starts_with(mark)) {
            return Err(Fallback("byte order mark between two elements"));
        }
        Ok(self.buffer.get(..end).map(|bytes| Window {
            bytes,
            last: self.done && end == self.buffer.len(),
        }))
    }

    /// Drops the first `len` bytes (a window just parsed).
    pub(super) fn consume(&mut self, len: usize) {
        self.buffer.drain(..len.min(self.buffer.len()));
        self.first = false;
    }

    /// Inflates the rest of the part without keeping it: a reader that stops early must still
    /// meet any damage calamine's path would meet (a wrong checksum, a text too long).
    pub(super) fn drain(&mut self) -> Result<(), Fallback> {
        self.buffer = Vec::new();
        let mut chunk = vec![0; CHUNK];
        while !self.done {
            let read = self.source.read(&mut chunk).map_err(|_| Fallback("damaged part"))?;
            if read == 0 {
                self.done = true;
            } else if !self.run.feed(chunk.get(..read).unwrap_or_default()) {
                return Err(Fallback("a text longer than 16 Mio without markup"));
            }
        }
        Ok(())
    }

    /// Inflates up to one more chunk.
    fn inflate(&mut self) -> Result<(), Fallback> {
        let limit = u64::try_from(CHUNK).unwrap_or(u64::MAX);
        let start = self.buffer.len();
        let read = (&mut self.source)
            .take(limit)
            .read_to_end(&mut self.buffer)
            .map_err(|_| Fallback("damaged part"))?;
        if !self.run.feed(self.buffer.get(start..).unwrap_or_default()) {
            return Err(Fallback("a text longer than 16 Mio without markup"));
        }
        // Fewer bytes than asked for: the source reached its end (and checked its checksum).
        self.done = read < CHUNK;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{CHUNK, Windows};

    /// Windows end after the last marker inflated so far, carry the rest over, and the last one
    /// runs to the end of the part.
    #[test]
    fn windows_cut_after_the_last_marker() {
        let item = b"<row>abc</row>";
        let count = CHUNK / item.len() * 3;
        let mut part: Vec<u8> = b"<sheetData>".to_vec();
        for _ in 0..count {
            part.extend_from_slice(item);
        }
        part.extend_from_slice(b"</sheetData>");
        let mut windows = Windows::new(part.as_slice());
        let mut joined = Vec::new();
        let mut last_seen = false;
        while let Some(window) = windows.next(b"</row>").expect("readable") {
            assert!(!last_seen);
            last_seen = window.last;
            assert!(window.last || window.bytes.ends_with(b"</row>"));
            let len = window.bytes.len();
            joined.extend_from_slice(window.bytes);
            windows.consume(len);
        }
        assert!(last_seen);
        assert_eq!(joined, part);
    }
}
