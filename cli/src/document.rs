//! Writing a command's result document in the format the user asked for, to stdout or a file.

use std::path::Path;

use anyhow::{Context, bail};
use refine_reports::format::{Document, OutputFormat, render};

use crate::args::{FormatArg, OutputArgs};
use crate::output::write_output;

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

/// Renders and writes `document`.
pub fn write_document(args: &OutputArgs, document: &Document) -> anyhow::Result<()> {
    let format = chosen_format(args)?;
    let to_stdout = args.output.as_deref().is_none_or(|path| path == Path::new("-"));
    if format == OutputFormat::Parquet && to_stdout {
        bail!("Parquet is binary; write it to a file with -o FILE.parquet");
    }
    let bytes =
        render(format, document).with_context(|| format!("rendering the {} result", document.command))?;
    write_output(args.output.as_deref(), &bytes)
}
