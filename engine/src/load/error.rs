//! What can go wrong when reading an input, said so that a user can fix it.
//!
//! A [`LoadError`] stops the file; a [`Problem`] is one bad row or value that was skipped and
//! counted (or, with `--strict`, becomes a [`LoadError::BadValue`]).

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use crate::model::wording::shorten;

/// Where in a file a problem is. Rows count as a spreadsheet shows them: the header is row 1,
/// the first record row 2 (a record with line breaks inside quotes is still one row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "unit", content = "number", rename_all = "snake_case")]
pub enum Location {
    /// A CSV row (header = 1).
    Row(u64),
    /// An element of a JSON array (first = 1).
    Record(u64),
    /// A line of a JSON Lines file (first = 1).
    Line(u64),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Row(row) => write!(f, "row {row}"),
            Location::Record(record) => write!(f, "record {record}"),
            Location::Line(line) => write!(f, "line {line}"),
        }
    }
}

/// How many problems a file keeps in detail; the rest are only counted.
pub const PROBLEM_DETAIL_LIMIT: usize = 200;

/// One bad value or row: where, which column, what was expected and what was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// Where it is.
    pub location: Location,
    /// The source column (or JSON field) it is in, when it is in one.
    pub column: Option<String>,
    /// What the column should hold.
    pub expected: String,
    /// What it held, shortened to [`Problem::FOUND_LIMIT`] characters.
    pub found: String,
}

impl Problem {
    /// The longest `found` text kept; a 1 MB title does not belong in an error message.
    pub const FOUND_LIMIT: usize = 60;

    /// A problem with `found` shortened for display.
    pub fn new(location: Location, column: Option<&str>, expected: impl Into<String>, found: &str) -> Self {
        Problem {
            location,
            column: column.map(str::to_owned),
            expected: expected.into(),
            found: shorten(found, Self::FOUND_LIMIT),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.location)?;
        if let Some(column) = &self.column {
            write!(f, ", column `{column}`")?;
        }
        write!(f, ": expected {}, found {:?}", self.expected, self.found)
    }
}

/// A file that cannot be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file or folder cannot be read.
    #[error("{path}: cannot read it: {cause}")]
    Io {
        /// The input.
        path: PathBuf,
        /// Why (shown in the message, so not a `source` the chain would print again).
        cause: std::io::Error,
    },
    /// A folder given as input holds no file refine reads.
    #[error(
        "{path}: there is nothing to read in this folder{}; refine reads the files in it but \
         hidden ones, *.md, *.txt and *.toml. Put the exports in it, or give the files",
        left_out_for_message(.left_out)
    )]
    NothingToRead {
        /// The folder.
        path: PathBuf,
        /// The files it holds that were left out (hidden, documentation, settings).
        left_out: Vec<String>,
    },
    /// The file has no content.
    #[error("{path}: the file is empty; export it again or leave it out")]
    Empty {
        /// The input.
        path: PathBuf,
    },
    /// The file is not text: too many NUL or other control bytes for text.
    #[error(
        "{path}: this is a binary file, not CSV, JSON or Parquet (too many bytes text never holds; \
         byte {offset} is {byte:#04x}); export the data as CSV or JSON"
    )]
    Binary {
        /// The input.
        path: PathBuf,
        /// Where the first non-text byte is.
        offset: usize,
        /// That byte.
        byte: u8,
    },
    /// The file is a binary format refine recognises (an image, an archive, a workbook).
    #[error("{path}: this is {what}, not CSV, JSON or Parquet; {advice}")]
    KnownBinary {
        /// The input.
        path: PathBuf,
        /// What the file is.
        what: &'static str,
        /// What to give refine instead.
        advice: &'static str,
    },
    /// The file is text in an encoding other than UTF-8.
    #[error(
        "{path}: this is {encoding} text; refine reads UTF-8: save it as UTF-8 (in Excel: \
         \"CSV UTF-8\"), or convert it with `iconv -f {iconv} -t UTF-8`"
    )]
    OtherEncoding {
        /// The input.
        path: PathBuf,
        /// The encoding the file is in.
        encoding: &'static str,
        /// Its name for `iconv`.
        iconv: &'static str,
    },
    /// No known format matches the content.
    #[error(
        "{path}: unknown format: {found}.\nrefine reads: {known} (see the README's Input formats).\n\
         For another CSV, add a [mappings.<name>] section to refine.toml (see `refine config init`)"
    )]
    UnknownFormat {
        /// The input.
        path: PathBuf,
        /// What the file looks like (its header or JSON shape).
        found: String,
        /// The names of the formats refine knows, comma-separated.
        known: String,
    },
    /// The CSV cannot be split into rows and columns.
    #[error("{path}: {location}: malformed CSV: {message}")]
    MalformedCsv {
        /// The input.
        path: PathBuf,
        /// Where parsing stopped.
        location: Location,
        /// The parser's words.
        message: String,
    },
    /// The JSON cannot be parsed.
    #[error("{path}: line {line}, column {column}: malformed JSON: {message}")]
    MalformedJson {
        /// The input.
        path: PathBuf,
        /// Line of the error (1-based).
        line: usize,
        /// Column of the error (1-based).
        column: usize,
        /// The parser's words.
        message: String,
    },
    /// A column the detected format needs is not there.
    #[error("{path}: column `{column}` is missing; a {format} needs it. The file has: {found}")]
    MissingColumn {
        /// The input.
        path: PathBuf,
        /// The detected format.
        format: String,
        /// The missing column.
        column: String,
        /// The columns the file has, comma-separated and shortened.
        found: String,
    },
    /// A bad value, with `--strict`.
    #[error(
        "{path}: {problem} (run without --strict to go on without it: the row, or the value, is left out \
         and counted)"
    )]
    BadValue {
        /// The input.
        path: PathBuf,
        /// The first problem.
        problem: Problem,
    },
    /// The file has no rows at all after the header.
    #[error("{path}: no rows after the header; export it again with data or leave it out")]
    NoRows {
        /// The input.
        path: PathBuf,
    },
    /// Every row of the file was bad.
    #[error("{path}: all {rows} rows were rejected; the first: {first}")]
    AllRowsRejected {
        /// The input.
        path: PathBuf,
        /// How many rows.
        rows: usize,
        /// The first problem.
        first: Problem,
    },
    /// A polars operation failed inside a loader.
    #[error("{path}: {cause}")]
    Frame {
        /// The input.
        path: PathBuf,
        /// polars' error.
        cause: polars::error::PolarsError,
    },
}

/// The files of a folder left out, for [`LoadError::NothingToRead`].
fn left_out_for_message(left_out: &[String]) -> String {
    if left_out.is_empty() {
        " (it is empty)".to_owned()
    } else {
        format!(" (it holds only {})", crate::model::wording::list_for_message(left_out))
    }
}

impl LoadError {
    /// A [`LoadError::Frame`] for `path`, for use with `map_err`.
    pub fn frame(path: &std::path::Path) -> impl FnOnce(polars::error::PolarsError) -> LoadError + '_ {
        move |cause| LoadError::Frame { path: path.to_owned(), cause }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_reads_as_a_sentence() {
        let problem = Problem::new(Location::Row(7), Some("Created"), "a date", "yesterday");
        assert_eq!(problem.to_string(), "row 7, column `Created`: expected a date, found \"yesterday\"");
    }
}
