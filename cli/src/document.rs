//! Writing a command's result document in the format the user asked for, to stdout or a file.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use refine_engine::model::dates::iso;
use refine_reports::format::{Document, OutputFormat, write};
use refine_reports::records::TableRows;
use refine_reports::tables::TableSource;

use crate::args::{FormatArg, OutputArgs};
use crate::output::{refuse_overwriting_inputs, write_output_with};
use crate::settings::input_names;

/// The format: `--format`, else the `-o` file's extension, else the terminal table.
pub fn chosen_format(args: &OutputArgs) -> anyhow::Result<OutputFormat> {
    if let Some(format) = args.format {
        return Ok(match format {
            FormatArg::Table => OutputFormat::Table,
            FormatArg::Csv => OutputFormat::Csv,
            FormatArg::Json => OutputFormat::Json,
            FormatArg::Jsonl => OutputFormat::Jsonl,
            FormatArg::Md => OutputFormat::Markdown,
            FormatArg::Parquet => OutputFormat::Parquet,
            FormatArg::JiraCsv => bail!("--format jira-csv is for refine rank only"),
        });
    }
    let extension = args.output.as_deref().and_then(Path::extension).and_then(|extension| extension.to_str());
    Ok(match extension.map(str::to_ascii_lowercase).as_deref() {
        Some("csv") => OutputFormat::Csv,
        Some("json") => OutputFormat::Json,
        Some("jsonl" | "ndjson") => OutputFormat::Jsonl,
        Some("md" | "markdown") => OutputFormat::Markdown,
        Some("parquet") => OutputFormat::Parquet,
        _ => OutputFormat::Table,
    })
}

/// A command's result: its tables and warnings, as of `as_of` (UTC ms), from `inputs`.
pub struct CommandResult<'a> {
    /// The command (`rank`, ...): the JSON schema is `refine.<command>/1`.
    pub command: &'a str,
    /// The as-of instant the figures are relative to.
    pub as_of: Option<i64>,
    /// The inputs as the user gave them.
    pub inputs: &'a [PathBuf],
    /// Tables by name, the main one first, read row by row.
    pub tables: &'a [TableSource<'a>],
    /// What the reader should know.
    pub warnings: &'a [String],
}

/// Renders `result` in the format the user asked for and writes it.
pub fn write_result(args: &OutputArgs, result: &CommandResult) -> anyhow::Result<()> {
    refuse_overwriting_inputs(args.output.as_deref(), result.inputs)?;
    let inputs = input_names(result.inputs);
    let as_of = result.as_of.and_then(iso);
    let document = Document {
        command: result.command,
        as_of: as_of.as_deref(),
        inputs: &inputs,
        tables: result.tables,
        warnings: result.warnings,
    };
    write_document(args, &document)
}

/// Renders `document` straight into its output.
fn write_document<T: TableRows>(args: &OutputArgs, document: &Document<T>) -> anyhow::Result<()> {
    let format = chosen_format(args)?;
    let to_stdout = args.output.as_deref().is_none_or(|path| path == Path::new("-"));
    if format == OutputFormat::Parquet && to_stdout {
        bail!("Parquet is binary; write it to a file with -o FILE.parquet");
    }
    write_output_with(args.output.as_deref(), &mut |out| {
        write(format, document, out).with_context(|| format!("rendering the {} result", document.command))
    })
}
