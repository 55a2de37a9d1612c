//! What the file layer tells a report about the file it read: plain data that `effectifs-sheet`
//! fills and `effectifs-api` writes, so that neither depends on the other.

/// The file a report is about: how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDescription {
    /// The file name.
    pub name: String,
    /// `xlsx`, `xlsm`, `xlsb`, `xls`, `ods`, `csv` (or `rows` for data given as records).
    pub format: String,
    /// The sheet read (workbooks).
    pub sheet: Option<String>,
    /// The detected encoding (CSV).
    pub encoding: Option<String>,
    /// The detected delimiter (CSV).
    pub delimiter: Option<String>,
    /// The spreadsheet row number of the header.
    pub header_line: u32,
}

impl FileDescription {
    /// Objects judged as the API receives them (D14: the npm package's `checkRows`, `effectifs check`
    /// on a `.json` file): format `json`; object 0 is line 1, so the (virtual) header is line 0.
    pub fn json(name: &str) -> FileDescription {
        FileDescription {
            name: name.to_owned(),
            format: "json".to_owned(),
            sheet: None,
            encoding: None,
            delimiter: None,
            header_line: 0,
        }
    }

    /// Data given as records rather than a file (the npm package's `checkRows`): format `rows`; record
    /// 0 is line 1, so the (virtual) header is line 0.
    pub fn rows() -> FileDescription {
        FileDescription {
            name: "rows".to_owned(),
            format: "rows".to_owned(),
            sheet: None,
            encoding: None,
            delimiter: None,
            header_line: 0,
        }
    }
}

/// A finding of the file layer about the file rather than one line's values: a header repeated
/// mid-file (that line is left out), merged cells (their value copied into each cell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileWarning {
    /// The spreadsheet line concerned, if it is one line.
    pub line: Option<u32>,
    /// The stable code (`en-tete-repetee`, `cellules-fusionnees`, `feuille-endommagee`).
    pub code: &'static str,
    /// The French message.
    pub message: String,
}
