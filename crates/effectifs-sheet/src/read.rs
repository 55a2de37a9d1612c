//! Reading a learner file: bytes and a file name in, a [`Sheet`] (what we found out about the file,
//! and the [`Table`] the engine validates) out.
//!
//! The format is decided from the content first (zip, OLE2 or text) and from the extension only
//! where the content leaves a choice (D3). Workbooks are read from memory so that the same code runs
//! in a browser: `.xlsx` and `.xlsm` by our own reader (`read/xlsx.rs`), which gives calamine's result
//! several times sooner and hands calamine whatever it does not handle exactly like it; the other
//! workbooks by calamine. CSV goes through `encoding_rs` (encoding detection) and `csv` (delimiter
//! detection, quoted fields). In both, the header row is the row among the first 20 that
//! names the most known columns (D9), and every row keeps the spreadsheet's own row number.

mod archive;
mod delimited;
mod detect;
mod header;
mod limits;
mod ods;
mod workbook;
mod xls;
mod xlsb;
mod xlsx;

#[cfg(test)]
mod tests;

use std::fmt;

use effectifs_core::{Cell, FileDescription, FileWarning, Row, Table};

pub use limits::Limits;
use limits::{count, size};

/// The kinds of files we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileFormat {
    /// Excel workbook (Office Open XML).
    Xlsx,
    /// Excel workbook with macros (read like `.xlsx`; the macros are ignored).
    Xlsm,
    /// Excel binary workbook.
    Xlsb,
    /// Excel 97–2003 workbook.
    Xls,
    /// `OpenDocument` spreadsheet (`LibreOffice`, `OpenOffice`).
    Ods,
    /// Delimited text (`.csv`, `.tsv`, `.txt`, or any file that reads as text).
    Csv,
}

impl FileFormat {
    /// The usual file extension, without the dot: `xlsx`, `xlsm`, `xlsb`, `xls`, `ods`, `csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            FileFormat::Xlsx => "xlsx",
            FileFormat::Xlsm => "xlsm",
            FileFormat::Xlsb => "xlsb",
            FileFormat::Xls => "xls",
            FileFormat::Ods => "ods",
            FileFormat::Csv => "csv",
        }
    }

    /// The format an extension (lower case, without the dot) usually stands for.
    fn from_extension(extension: &str) -> Option<FileFormat> {
        match extension {
            "xlsx" => Some(FileFormat::Xlsx),
            "xlsm" => Some(FileFormat::Xlsm),
            "xlsb" => Some(FileFormat::Xlsb),
            "xls" => Some(FileFormat::Xls),
            "ods" => Some(FileFormat::Ods),
            "csv" | "tsv" | "txt" => Some(FileFormat::Csv),
            _ => None,
        }
    }
}

impl fmt::Display for FileFormat {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// What the reader found out about the file, for the summary shown to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInfo {
    /// The file name, as given.
    pub name: String,
    /// The format actually read (from the content, not only the extension).
    pub format: FileFormat,
    /// Workbooks: the sheet that was read.
    pub sheet: Option<String>,
    /// Workbooks: the names of all worksheets, in workbook order (to offer another sheet).
    /// Empty for CSV.
    pub sheets: Vec<String>,
    /// Workbooks: the worksheets marked hidden (or "very hidden"), a subset of `sheets`. Empty for CSV.
    pub hidden_sheets: Vec<String>,
    /// Workbooks read without a requested sheet ([`ReadOptions::sheet`]): the sheets a person should
    /// choose among when several hold learners — the visible ones whose header row names at least
    /// [`SHEET_CHOICE_MIN_FIELDS`] different fields, in workbook order — when there are at least two.
    /// Empty otherwise: the sheet read is the one. The other sheets are only read up to their header
    /// for this; hidden sheets are never offered.
    pub sheet_choice: Vec<String>,
    /// CSV: the detected encoding (`UTF-8`, `UTF-8 (BOM)`, `windows-1252`, `UTF-16LE`, `UTF-16BE`).
    pub encoding: Option<String>,
    /// CSV: the detected delimiter (`;`, `,`, tab or `|`).
    pub delimiter: Option<char>,
    /// The spreadsheet row number (first row = 1) of the header row.
    pub header_line: u32,
}

/// A sheet is offered in a sheet choice ([`FileInfo::sheet_choice`]) when its header row names at
/// least this many different fields: a documentation sheet listing one field name per line (the
/// official template's "Description des données") never does.
pub const SHEET_CHOICE_MIN_FIELDS: usize = 3;

/// Choices the user (or the edge) can make about how the file is read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Workbooks: read this sheet (by name) instead of the first one holding a header.
    /// Ignored for CSV.
    pub sheet: Option<String>,
    /// The resource limits (sizes, lines, columns, cell length).
    pub limits: Limits,
}

/// A file read into a table.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// What was found out about the file.
    pub info: FileInfo,
    /// The header and the non-blank data rows, numbered as in the spreadsheet.
    pub table: Table,
    /// What the reader did that the user should know: lines it left out of the table, cells whose
    /// value it copied. Shown with the report; never empty when a non-blank line is not in `table`.
    pub warnings: Vec<ReadWarning>,
}

impl Sheet {
    /// How the file was read, as a report describes it.
    pub fn file_description(&self) -> FileDescription {
        let info = &self.info;
        FileDescription {
            name: info.name.clone(),
            format: info.format.as_str().to_owned(),
            sheet: info.sheet.clone(),
            encoding: info.encoding.clone(),
            delimiter: info.delimiter.map(|delimiter| delimiter.to_string()),
            header_line: info.header_line,
        }
    }

    /// The reader's warnings as a report lists them, in their order.
    pub fn file_warnings(&self) -> Vec<FileWarning> {
        self.warnings
            .iter()
            .map(|warning| FileWarning {
                line: warning.line(),
                code: warning.code(),
                message: warning.to_string(),
            })
            .collect()
    }
}

/// Something the reader did to the file's content that the user should know about. Its `Display`
/// is a French message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReadWarning {
    /// A data line identical to the header row (a header repeated mid-file, as after a page break
    /// or when two exports are pasted one under the other): it is not a learner, so it is not in
    /// the table.
    HeaderRepeated {
        /// The spreadsheet line of the repeated header.
        line: u32,
        /// The line of the header row.
        header_line: u32,
    },
    /// Merged cells: the value of the merged area's first cell was copied into each of its cells,
    /// as the person who merged them meant.
    MergedCells {
        /// The merged areas (`A5:A9`), in sheet order.
        areas: Vec<String>,
    },
    /// A worksheet its reader refused as damaged, skipped while another sheet was read: whatever
    /// it holds is neither checked nor sent.
    DamagedSheet {
        /// The sheet's name.
        sheet: String,
        /// The reader's own (English, technical) explanation, for support.
        detail: String,
    },
}

impl ReadWarning {
    /// A stable code (kebab-case, never renamed once published).
    pub fn code(&self) -> &'static str {
        match self {
            ReadWarning::HeaderRepeated { .. } => "en-tete-repetee",
            ReadWarning::MergedCells { .. } => "cellules-fusionnees",
            ReadWarning::DamagedSheet { .. } => "feuille-endommagee",
        }
    }

    /// The spreadsheet line concerned, if it is one line.
    pub fn line(&self) -> Option<u32> {
        match self {
            ReadWarning::HeaderRepeated { line, .. } => Some(*line),
            ReadWarning::MergedCells { .. } | ReadWarning::DamagedSheet { .. } => None,
        }
    }
}

impl fmt::Display for ReadWarning {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadWarning::HeaderRepeated { line, header_line } => write!(
                formatter,
                "Ligne {line} : elle répète la ligne d'en-tête (ligne {header_line}) ; ce n'est pas un apprenant, elle \
                 n'est ni vérifiée ni envoyée."
            ),
            ReadWarning::MergedCells { areas } => {
                const SHOWN: usize = 5;
                let shown: Vec<&str> = areas.iter().take(SHOWN).map(String::as_str).collect();
                let more = if areas.len() > SHOWN {
                    format!(
                        " et {} autres",
                        count(u64::try_from(areas.len() - SHOWN).unwrap_or(u64::MAX))
                    )
                } else {
                    String::new()
                };
                write!(
                    formatter,
                    "Cellules fusionnées ({}{more}) : la valeur de chaque zone fusionnée a été reprise dans \
                     chacune de ses cellules. Vérifiez que c'est bien ce que vous vouliez.",
                    shown.join(", ")
                )
            }
            ReadWarning::DamagedSheet { sheet, detail } => write!(
                formatter,
                "La feuille « {sheet} » est endommagée et n'a pas été lue : si elle contient des apprenants, ils ne \
                 sont ni vérifiés ni envoyés. Ouvrez le classeur dans votre tableur, enregistrez-le à nouveau puis \
                 réessayez. (Détail technique : {detail})"
            ),
        }
    }
}

/// Why a file could not be read. Its `Display` is a French message meant for the person who
/// dropped the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The file holds no data at all.
    Empty,
    /// Neither a workbook we know nor text.
    NotASpreadsheet,
    /// An HTML page or an XML document saved under a spreadsheet extension (a common "Excel"
    /// export of older software).
    WebPageOrXml,
    /// A workbook that its reader could not decode (damaged or truncated).
    Corrupted {
        /// The format we tried to read it as.
        format: FileFormat,
        /// The reader's own (English, technical) explanation, for support.
        detail: String,
    },
    /// A part of a zip-based workbook does not match its checksum (CRC-32): its bytes were altered.
    DamagedPart {
        /// The format of the workbook.
        format: FileFormat,
        /// The part's name in the archive.
        part: String,
    },
    /// An XML part of a zip-based workbook holds a stretch of more than 16 Mio without markup, a
    /// text no cell may hold (see `docs/reading.md#hostile-files`).
    TextRunTooLong {
        /// The part's name in the archive.
        part: String,
    },
    /// An XML part of a zip-based workbook holds a cell, shared string or defined name (or one
    /// piece of markup) written on more than 16 Mio, which a reader would gather whole before any
    /// cell limit applies (see `docs/reading.md#hostile-files`).
    XmlItemTooLong {
        /// The part's name in the archive.
        part: String,
    },
    /// The workbook is encrypted with a password.
    PasswordProtected,
    /// The workbook has no worksheet.
    NoSheet,
    /// The sheet asked for does not exist.
    UnknownSheet {
        /// The name asked for.
        requested: String,
        /// The worksheets the workbook does have.
        available: Vec<String>,
    },
    /// No row among the first 20 names any known column.
    NoHeader {
        /// The worksheets searched (empty for CSV).
        sheets: Vec<String>,
    },
    /// The file is bigger than [`Limits::max_file_bytes`].
    FileTooLarge {
        /// The file's size in bytes.
        bytes: u64,
        /// The limit.
        max: u64,
    },
    /// The workbook's parts would take more than [`Limits::max_uncompressed_bytes`] once
    /// decompressed (a zip bomb, or a sheet bloated by repeats).
    UncompressedTooLarge {
        /// What they would take, in bytes.
        bytes: u64,
        /// The limit.
        max: u64,
    },
    /// A part of the workbook is compressed beyond [`Limits::max_compression_ratio`] (a zip bomb).
    CompressionRatio {
        /// The part's name in the archive.
        entry: String,
        /// Its ratio (decompressed size / compressed size).
        ratio: u64,
        /// The limit.
        max: u64,
    },
    /// More non-blank rows than [`Limits::max_lines`].
    TooManyLines {
        /// The limit.
        max: u32,
    },
    /// A non-empty cell beyond [`Limits::max_columns`].
    TooManyColumns {
        /// The spreadsheet line of the first such cell.
        line: u32,
        /// Its column letter.
        column: String,
        /// The limit.
        max: u32,
    },
    /// `.ods`: what calamine would build in memory, every sheet at once with its repeated rows and
    /// columns expanded, passes three quarters of [`Limits::max_uncompressed_bytes`] (an estimate,
    /// in bytes, see `ods.rs`).
    OdsTooLargeInMemory {
        /// The estimate, in bytes.
        bytes: u64,
        /// The limit, in bytes.
        max: u64,
    },
    /// A cell longer than [`Limits::max_cell_chars`].
    CellTooLong {
        /// Its spreadsheet line.
        line: u32,
        /// Its column letter.
        column: String,
        /// The limit, in characters.
        max: usize,
    },
    /// More cells than [`Limits::max_cells`] in the used area of the sheets (or, for merged
    /// cells, more cells to fill).
    TooManyCells {
        /// The limit.
        max: u64,
    },
    /// More text than [`Limits::max_text_bytes`] in the cells read (a long text repeated in many
    /// cells, through a shared string or a merged area).
    TextTooLarge {
        /// The limit, in bytes.
        max: u64,
    },
    /// CSV: a record with more fields (empty ones included) than a hundred times
    /// [`Limits::max_columns`].
    TooManyFields {
        /// The file line where the record starts.
        line: u32,
        /// The limit.
        max: u64,
    },
    /// CSV: a quote that opens a field and is never closed: the rest of the file would be read as
    /// that one cell, and the lines after it would be lost.
    UnclosedQuote {
        /// The file line of the opening quote.
        line: u32,
    },
    /// A cell on a row past the last one a sheet can have (1 048 576): a damaged or forged file,
    /// whose rows cannot all be numbered right.
    RowBeyondSheet {
        /// The spreadsheet line the file gives (from 1).
        line: u64,
    },
}

/// How many rows, from the first one holding anything, are searched for the header.
pub const HEADER_SEARCH_ROWS: u32 = 20;

impl fmt::Display for ReadError {
    #[allow(clippy::too_many_lines, reason = "one French sentence per error, side by side")]
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Empty => formatter.write_str("Le fichier est vide."),
            ReadError::NotASpreadsheet => formatter.write_str(
                "Ce fichier n'est pas un tableur reconnu : formats acceptés .xlsx, .xlsm, .xlsb, .xls, .ods, .csv.",
            ),
            ReadError::WebPageOrXml => formatter.write_str(
                "Ce fichier n'est pas un vrai classeur : c'est une page web (HTML) ou un fichier XML enregistré \
                 avec une extension de tableur. Ouvrez-le dans Excel puis enregistrez-le au format « Classeur \
                 Excel (.xlsx) » avant de le déposer à nouveau.",
            ),
            ReadError::Corrupted { format, detail } => write!(
                formatter,
                "Le fichier .{format} est endommagé ou incomplet et ne peut pas être lu. Ouvrez-le dans votre \
                 tableur, enregistrez-le à nouveau puis réessayez. (Détail technique : {detail})"
            ),
            ReadError::DamagedPart { format, part } => write!(
                formatter,
                "Le fichier .{format} est endommagé : sa partie « {part} » ne correspond pas à sa somme de contrôle \
                 (CRC), son contenu a été altéré (copie interrompue, support défectueux…). Ouvrez-le dans votre \
                 tableur, enregistrez-le à nouveau puis réessayez."
            ),
            ReadError::TextRunTooLong { part } => write!(
                formatter,
                "Le classeur contient, dans sa partie « {part} », un texte de plus de 16 Mo d'un seul tenant, alors \
                 qu'une cellule contient au plus 32 767 caractères : ce fichier n'a pas été produit par un tableur \
                 et n'a pas été lu. Enregistrez vos données dans un nouveau classeur ou au format .csv."
            ),
            ReadError::XmlItemTooLong { part } => write!(
                formatter,
                "Le classeur contient, dans sa partie « {part} », un texte de cellule écrit sur plus de 16 Mo, alors \
                 qu'une cellule contient au plus 32 767 caractères : ce fichier n'a pas été produit par un \
                 tableur et n'a pas été lu. Enregistrez vos données dans un nouveau classeur ou au format .csv."
            ),
            ReadError::PasswordProtected => formatter.write_str(
                "Le fichier est protégé par un mot de passe : enregistrez-le sans mot de passe puis réessayez.",
            ),
            ReadError::NoSheet => formatter.write_str("Le classeur ne contient aucune feuille de calcul."),
            ReadError::UnknownSheet { requested, available } => {
                write!(formatter, "La feuille « {requested} » n'existe pas dans ce classeur.")?;
                if available.is_empty() {
                    Ok(())
                } else {
                    write!(formatter, " Feuilles disponibles : {}.", quoted_list(available))
                }
            }
            ReadError::NoHeader { sheets } => {
                let place = match sheets.as_slice() {
                    [] => "du fichier".to_owned(),
                    [sheet] => format!("de la feuille « {sheet} »"),
                    sheets => format!("d'aucune feuille du classeur ({})", quoted_list(sheets)),
                };
                write!(
                    formatter,
                    "Aucune colonne reconnue dans les {HEADER_SEARCH_ROWS} premières lignes {place} : la ligne \
                     d'en-tête doit contenir les noms de colonnes du modèle (nom_apprenant, prenom_apprenant, \
                     date_de_naissance_apprenant…). Pour partir d'un fichier conforme, utilisez le modèle : \
                     `effectifs template`."
                )
            }
            ReadError::FileTooLarge { bytes, max } => write!(
                formatter,
                "Le fichier est trop volumineux ({}) : la limite est de {}. Un fichier d'effectifs, même de \
                 plusieurs milliers d'apprentis, pèse quelques mégaoctets : enregistrez-le au format .xlsx ou \
                 .csv, sans images ni autres feuilles, ou découpez-le.",
                size(*bytes),
                size(*max)
            ),
            ReadError::UncompressedTooLarge { bytes, max } => write!(
                formatter,
                "Le classeur occuperait {} une fois décompressé (limite : {}) : il est anormalement volumineux, \
                 voire malveillant (« bombe zip »), et n'a pas été ouvert. Enregistrez vos données dans un \
                 nouveau classeur ou au format .csv.",
                size(*bytes),
                size(*max)
            ),
            ReadError::CompressionRatio { entry, ratio, max } => write!(
                formatter,
                "Le classeur est anormalement compressé (la partie « {entry} » se décompresse {} fois, limite : \
                 {} fois) : c'est le signe d'un fichier malveillant (« bombe zip »), il n'a pas été ouvert. \
                 Enregistrez vos données dans un nouveau classeur ou au format .csv.",
                count(*ratio),
                count(*max)
            ),
            ReadError::TooManyLines { max } => write!(
                formatter,
                "Le fichier contient plus de {} lignes, la limite : découpez-le en plusieurs fichiers (par \
                 exemple un par établissement ou par année scolaire).",
                count(*max)
            ),
            ReadError::TooManyColumns { line, column, max } => write!(
                formatter,
                "La cellule {column}{line} est au-delà de la {}e colonne, la limite : un fichier d'effectifs \
                 en a une soixantaine. Supprimez les colonnes inutiles à droite du tableau.",
                count(*max)
            ),
            ReadError::OdsTooLargeInMemory { bytes, max } => write!(
                formatter,
                "Le fichier .ods occuperait environ {} en mémoire une fois ses lignes et colonnes répétées \
                 développées (limite : {}) : il est anormalement volumineux, voire malveillant, et n'a pas été \
                 ouvert. Supprimez les lignes, colonnes et feuilles inutiles, ou enregistrez vos données au \
                 format .xlsx ou .csv.",
                size(*bytes),
                size(*max)
            ),
            ReadError::CellTooLong { line, column, max } => write!(
                formatter,
                "La cellule {column}{line} contient plus de {} caractères, le maximum d'une cellule Excel : \
                 raccourcissez son contenu.",
                count(u64::try_from(*max).unwrap_or(u64::MAX))
            ),
            ReadError::TooManyCells { max } => write!(
                formatter,
                "Le classeur contient plus de {} cellules (lignes × colonnes de la zone remplie, toutes feuilles \
                 comprises), la limite : supprimez les feuilles, lignes et colonnes inutiles ou découpez le \
                 fichier.",
                count(*max)
            ),
            ReadError::TextTooLarge { max } => write!(
                formatter,
                "Les cellules du classeur contiennent ensemble plus de {} de texte, la limite : un même long \
                 texte est sans doute répété dans un très grand nombre de cellules. Supprimez ces répétitions \
                 ou enregistrez vos données au format .csv.",
                size(*max)
            ),
            ReadError::TooManyFields { line, max } => write!(
                formatter,
                "La ligne {line} contient plus de {} champs (séparateurs compris), la limite : un fichier \
                 d'effectifs en a une soixantaine. Supprimez les séparateurs en trop au bout des lignes.",
                count(*max)
            ),
            ReadError::UnclosedQuote { line } => write!(
                formatter,
                "Ligne {line} : un guillemet (\") ouvre une cellule et n'est jamais refermé. Toute la suite du \
                 fichier serait lue comme le contenu de cette seule cellule et les lignes suivantes seraient \
                 perdues : refermez ce guillemet (ou supprimez-le) puis réessayez."
            ),
            ReadError::RowBeyondSheet { line } => write!(
                formatter,
                "Le fichier place une cellule à la ligne {}, au-delà de la dernière ligne d'une feuille \
                 (1 048 576) : il est endommagé et ses lignes ne peuvent pas être numérotées sûrement. Ouvrez-le \
                 dans votre tableur, enregistrez-le à nouveau puis réessayez.",
                count(*line)
            ),
        }
    }
}

impl std::error::Error for ReadError {}

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|name| format!("« {name} »"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a learner file from its bytes. `file_name` is only a hint (its extension helps where the
/// content leaves a choice) and is copied into [`FileInfo::name`].
pub fn read(bytes: &[u8], file_name: &str, options: &ReadOptions) -> Result<Sheet, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    check_size(u64::try_from(bytes.len()).unwrap_or(u64::MAX), &options.limits)?;
    let extension = extension(file_name);
    match detect::detect(bytes, extension.as_deref())? {
        detect::Kind::Workbook(format) => read_workbook(bytes, format, file_name, options),
        detect::Kind::Text => delimited::read(bytes, file_name, &options.limits),
    }
}

/// Refuses a file of `bytes` bytes bigger than [`Limits::max_file_bytes`]. [`read`] checks it too;
/// an edge calls it with the size the file system or the browser gives, before reading the file
/// into memory (a 1.5 Go file must be refused, not loaded and then refused).
pub fn check_size(bytes: u64, limits: &Limits) -> Result<(), ReadError> {
    if bytes > limits.max_file_bytes {
        return Err(ReadError::FileTooLarge {
            bytes,
            max: limits.max_file_bytes,
        });
    }
    Ok(())
}

/// Reads a workbook, a panic of its reader turned into a "damaged file" error: the last-resort net
/// under the checks made before calamine reads a file (see `docs/reading.md#hostile-files`). Native builds
/// only: WebAssembly has no unwinding, so there the checks are the only guard.
fn read_workbook(bytes: &[u8], format: FileFormat, file_name: &str, options: &ReadOptions) -> Result<Sheet, ReadError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        workbook::read(bytes, format, file_name, options)
    }))
    .unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|text| (*text).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(ReadError::Corrupted {
            format,
            detail: format!("the reader stopped on an unexpected structure ({detail})"),
        })
    })
}

/// The lower-case extension of a file name (`Export.XLSX` → `xlsx`), if any.
fn extension(file_name: &str) -> Option<String> {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let (stem, extension) = base.rsplit_once('.')?;
    (!stem.is_empty() && !extension.is_empty()).then(|| extension.to_ascii_lowercase())
}

/// Splits the rows (in line order) at the header row: the header's line number, the table of the
/// rows below it, and a warning for each data row that repeats the header (left out of the table).
fn table_below_header(mut rows: Vec<Row>, header_index: usize) -> (u32, Table, Vec<ReadWarning>) {
    let mut data = if header_index < rows.len() {
        rows.split_off(header_index + 1)
    } else {
        Vec::new()
    };
    let header = rows.pop();
    let header_line = header.as_ref().map_or(1, |row| row.line);
    let headers: Vec<String> = header
        .map(|row| row.cells.iter().map(Cell::display).collect())
        .unwrap_or_default();
    let mut warnings = Vec::new();
    data.retain(|row| {
        let repeated = repeats_header(row, &headers);
        if repeated {
            warnings.push(ReadWarning::HeaderRepeated {
                line: row.line,
                header_line,
            });
        }
        !repeated
    });
    (header_line, build_table(headers, data), warnings)
}

/// Whether a row holds exactly the header's texts (ignoring case, surrounding blanks and trailing
/// empty cells), with at least one of them non-empty.
fn repeats_header(row: &Row, headers: &[String]) -> bool {
    let same = |cell: Option<&Cell>, header: Option<&String>| {
        let header = header.map_or("", |header| header.trim());
        // Every data row is compared with the header (its first cell, at least): ASCII texts, the
        // usual case, without the copies the general comparison makes.
        if let Some(Cell::Text(text)) = cell
            && text.is_ascii()
            && header.is_ascii()
        {
            return text.trim().eq_ignore_ascii_case(header);
        }
        let cell = cell.map(Cell::display).unwrap_or_default();
        cell.trim().to_lowercase() == header.to_lowercase()
    };
    let width = row.cells.len().max(headers.len());
    headers.iter().any(|header| !header.trim().is_empty())
        && matches!(row.cells.first(), Some(Cell::Text(_) | Cell::Empty))
        && (0..width).all(|index| same(row.cells.get(index), headers.get(index)))
}

/// Builds the table from the header row's texts and the data rows: trailing empty header cells are
/// dropped, trailing empty cells past the header are dropped, and the header is padded (with empty
/// names) so that no row is longer than it.
fn build_table(mut headers: Vec<String>, mut rows: Vec<Row>) -> Table {
    while headers.last().is_some_and(String::is_empty) {
        headers.pop();
    }
    let mut width = headers.len();
    for row in &mut rows {
        while row.cells.len() > headers.len() && matches!(row.cells.last(), Some(Cell::Empty)) {
            row.cells.pop();
        }
        width = width.max(row.cells.len());
    }
    headers.resize(width, String::new());
    Table::new(&headers, rows)
}
