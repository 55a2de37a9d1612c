//! (in progress: reading files)
use effectifs_core::Table;

/// Formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// CSV.
    Csv,
}
/// Info.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInfo {}
/// Options.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {}
/// Sheet.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// Info.
    pub info: FileInfo,
    /// Table.
    pub table: Table,
}
/// Error.
#[derive(Debug)]
pub enum ReadError {}
/// Reads.
pub fn read(_bytes: &[u8], _name: &str, _options: &ReadOptions) -> Result<Sheet, ReadError> {
    todo!()
}
