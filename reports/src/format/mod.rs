//! The output formats every analysis command shares (`--format`): one writer per format, each
//! writing a [`Document`] into any `std::io::Write`. CSV, JSON, JSON Lines and Parquet read the
//! tables row by row ([`TableRows`]) and write as they read, so a table is never held whole.
//!
//! Flat formats (CSV, JSON Lines, Parquet) carry the document's main table only; the terminal
//! table and Markdown show every table and the warnings; JSON is the whole document in the
//! `refine.<command>/1` envelope.

mod csv;
mod jsonl;
mod markdown;
mod parquet;
pub(crate) mod table;

use std::io::Write;

use crate::envelope::Envelope;
pub use crate::records::Records;
use crate::records::{TableJson, TableRows};

pub use self::csv::{neutralise_formula, render_csv, write_csv};
pub use self::jsonl::write_jsonl;
pub use self::markdown::escape_markdown;
pub(crate) use self::markdown::pipe_table;
pub use self::parquet::{PARQUET_ROW_GROUP_ROWS, write_parquet};

/// The formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Aligned columns for a terminal.
    Table,
    /// RFC 4180 CSV with a header row; text that a spreadsheet would run as a formula is
    /// neutralised.
    Csv,
    /// One JSON document: `{"schema": "refine.<command>/1", ...}`.
    Json,
    /// One JSON object per line, the main table's records.
    Jsonl,
    /// Markdown tables, to paste into a wiki.
    Markdown,
    /// Apache Parquet, the main table with typed columns.
    Parquet,
}

/// A command's result, ready to render: its tables held whole ([`Records`], the default) or
/// read row by row (any [`TableRows`]).
#[derive(Debug, Clone)]
pub struct Document<'a, T = Records> {
    /// The command (`rank`, `velocity`, ...), for the JSON schema name.
    pub command: &'a str,
    /// The as-of date the figures are relative to (ISO 8601).
    pub as_of: Option<&'a str>,
    /// The inputs as given.
    pub inputs: &'a [String],
    /// Tables by name; the first is the main one. Borrowed: a document only renders them.
    pub tables: &'a [(&'a str, T)],
    /// What the reader should know.
    pub warnings: &'a [String],
}

/// A document that cannot be rendered in the asked format.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The Parquet writer failed.
    #[error("cannot write Parquet: {0}")]
    Parquet(String),
    /// The document has no table.
    #[error("there is no table to write")]
    Empty,
    /// Writing the output failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file (or output) being written.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
}

/// Renders `document` in `format`.
pub fn render<T: TableRows>(format: OutputFormat, document: &Document<T>) -> Result<Vec<u8>, RenderError> {
    let mut bytes = Vec::new();
    write(format, document, &mut bytes)?;
    Ok(bytes)
}

/// Writes `document` in `format` into `out`. CSV, JSON, JSON Lines and Parquet are written
/// row by row as the tables are read (Parquet a row group at a time); the terminal table and
/// Markdown, which align or show every row at once, read the tables whole first.
pub fn write<T: TableRows>(
    format: OutputFormat,
    document: &Document<T>,
    out: &mut dyn Write,
) -> Result<(), RenderError> {
    let (_, main) = document.tables.first().ok_or(RenderError::Empty)?;
    let written = |result: std::io::Result<usize>| {
        result.map(drop).map_err(|source| RenderError::Write { path: format_name(format).to_owned(), source })
    };
    match format {
        OutputFormat::Table | OutputFormat::Markdown => {
            let whole: Vec<(&str, Records)> =
                document.tables.iter().map(|(name, table)| (*name, table.to_records())).collect();
            let document = Document {
                command: document.command,
                as_of: document.as_of,
                inputs: document.inputs,
                tables: &whole,
                warnings: document.warnings,
            };
            let text = match format {
                OutputFormat::Table => table::render_tables(&document),
                _ => markdown::render_tables(&document),
            };
            written(out.write_all(text.as_bytes()).map(|()| 0))
        }
        OutputFormat::Csv => written(write_csv(main, out)),
        OutputFormat::Jsonl => written(write_jsonl(main, out)),
        OutputFormat::Parquet => write_parquet(main, out, PARQUET_ROW_GROUP_ROWS).map(drop),
        OutputFormat::Json => {
            let tables = document.tables.iter().map(|(name, table)| (*name, TableJson(table)));
            let envelope = Envelope {
                command: document.command,
                as_of: document.as_of,
                inputs: document.inputs,
                warnings: document.warnings,
            };
            written(envelope.write(tables, out).map(|()| 0))
        }
    }
}

/// The format's name in an error.
fn format_name(format: OutputFormat) -> &'static str {
    match format {
        OutputFormat::Table => "the table",
        OutputFormat::Csv => "the CSV",
        OutputFormat::Json => "the JSON",
        OutputFormat::Jsonl => "the JSON Lines",
        OutputFormat::Markdown => "the Markdown",
        OutputFormat::Parquet => "the Parquet",
    }
}

#[cfg(test)]
mod streaming_tests;
#[cfg(test)]
mod tests;
