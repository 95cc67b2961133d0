//! The output formats every analysis command shares (`--format`): one renderer per format, each
//! a pure function from a [`Document`] to bytes.
//!
//! Flat formats (CSV, JSON Lines, Parquet) carry the document's main table only; the terminal
//! table and Markdown show every table and the warnings; JSON is the whole document in the
//! `refine.<command>/1` envelope.

mod csv;
mod jsonl;
mod markdown;
mod parquet;
pub(crate) mod table;

use crate::envelope::Envelope;
pub use crate::records::Records;

pub use self::csv::{neutralise_formula, render_csv};
pub use self::markdown::escape_markdown;
pub(crate) use self::markdown::pipe_table;

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

/// A command's result, ready to render.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    /// The command (`rank`, `velocity`, ...), for the JSON schema name.
    pub command: &'a str,
    /// The as-of date the figures are relative to (ISO 8601).
    pub as_of: Option<&'a str>,
    /// The inputs as given.
    pub inputs: &'a [String],
    /// Tables by name; the first is the main one. Borrowed: a document only renders them.
    pub tables: &'a [(&'a str, Records)],
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
}

/// Renders `document` in `format`.
pub fn render(format: OutputFormat, document: &Document) -> Result<Vec<u8>, RenderError> {
    let main = document.tables.first().map(|(_, records)| records).ok_or(RenderError::Empty)?;
    Ok(match format {
        OutputFormat::Table => table::render_tables(document).into_bytes(),
        OutputFormat::Markdown => markdown::render_tables(document).into_bytes(),
        OutputFormat::Csv => render_csv(main),
        OutputFormat::Jsonl => jsonl::render_jsonl(main),
        OutputFormat::Parquet => parquet::render_parquet(main)?,
        OutputFormat::Json => {
            let tables = document.tables.iter().map(|(name, records)| (*name, records));
            let envelope = Envelope {
                command: document.command,
                as_of: document.as_of,
                inputs: document.inputs,
                warnings: document.warnings,
            };
            envelope.render(tables)
        }
    })
}

#[cfg(test)]
mod tests;
