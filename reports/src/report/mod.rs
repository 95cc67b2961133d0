//! `refine report`'s outputs, rendered from every analysis at once: `index.html` (one
//! self-contained page), `report.md` (the same content for a wiki), a CSV and a JSON file per
//! table under `tables/`, an SVG (and PNG on request) per chart under `charts/`, and
//! `refine-report.json`, the manifest listing every file. Each file is written into a
//! [`ReportFolder`] as it is rendered: the CSV and JSON tables row by row, never whole.
//!
//! The same analyses give byte-identical files: nothing here depends on the clock, the thread
//! count or hash order.

pub mod anchors;
pub mod attention;
pub mod backlog_lines;
mod files;
mod html;
pub mod links;
mod markdown;
mod page;
pub(crate) mod reading;
pub mod readings;
pub mod sections;

use std::io::{self, Write};

use rayon::prelude::*;
use refine_engine::run::Analyses;
use serde::Serialize;

pub use self::files::{FilesInMemory, OutputFile, ReportFolder};
pub use self::html::escape_html;
use self::sections::Section;
use crate::charts::ImageFormat;
use crate::envelope::Envelope;
use crate::format::{RenderError, write_csv};
use crate::records::Records;
use crate::records::TableJson;

/// The file that lists every output; its presence marks a folder as a refine report (which
/// `refine report` may replace).
pub const MANIFEST: &str = "refine-report.json";

/// Which files to write. Charts are written when the sections have them (see
/// [`sections::add_charts`]); rows per table shown come from [`ReportContext::max_rows`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    /// `index.html`.
    pub html: bool,
    /// `report.md`.
    pub markdown: bool,
    /// `tables/*.csv`.
    pub csv: bool,
    /// `tables/*.json`.
    pub json: bool,
}

/// Rows of each table the HTML and Markdown show unless told otherwise: enough for a realistic
/// backlog to be whole (the demo ranks 239 items), so the page's sortable, filterable tables
/// hold every item. A longer table shows its first rows with a note naming its CSV, which has
/// every row.
pub const DEFAULT_MAX_ROWS: usize = 1000;

/// What the report is about.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportContext {
    /// The as-of date (ISO 8601).
    pub as_of: Option<String>,
    /// The inputs as the user named them.
    pub inputs: Vec<String>,
    /// Rows shown per table in the HTML and Markdown ([`DEFAULT_MAX_ROWS`] by default).
    pub max_rows: usize,
}

/// A table as the HTML and Markdown show it.
pub(crate) struct TableView<'a> {
    /// HTML id.
    pub id: String,
    /// Heading: the table's name in words.
    pub heading: String,
    /// All rows.
    pub records: &'a Records,
    /// Rows shown.
    pub shown: usize,
    /// Where the rest is, when rows are left out.
    pub note: Option<String>,
}

/// The section's tables as shown, each cut at `max_rows`.
pub(crate) fn table_views(section: &Section, max_rows: usize) -> Vec<TableView<'_>> {
    section
        .tables
        .iter()
        .map(|(name, records)| {
            let shown = records.rows.len().min(max_rows);
            let note = (shown < records.rows.len()).then(|| {
                format!(
                    "The first {shown} of {} rows; every row is in {}.csv.",
                    records.rows.len(),
                    table_file_stem(section, name)
                )
            });
            TableView {
                id: format!("table-{}-{name}", section.id),
                heading: heading(name),
                records,
                shown,
                note,
            }
        })
        .collect()
}

/// A table's heading in words: `re_estimated` → `Re-estimated items`; a table not listed
/// gets its name with spaces (`cycle_and_lead_time` → `Cycle and lead time`).
fn heading(name: &str) -> String {
    let curated = match name {
        "agenda" => "The session's plan",
        "next_time" => "Left for next time",
        "ranking" => "Ranked backlog",
        "cycles" => "Blocker cycles",
        "gone" => "Gone since the previous ranking",
        "opportunities" => "Survey outcomes (ODI)",
        "demand" => "Demand per item",
        "feedback_matches" => "Feedback matched by text",
        "forecast" => "When the ranked backlog is done",
        "items" => "When each item is done",
        "sprints" => "Sprints",
        "teams" => "Teams",
        "carried_over" => "Carried over",
        "throughput" => "Throughput per week",
        "cycle_and_lead_time" => "Cycle and lead time",
        "aging_work_in_progress" => "Aging work in progress",
        "scorecard" => "DEEP scorecard",
        "findings" => "Findings",
        "ready_rules" => "Definition of Ready rules",
        "ready" => "Readiness of each item",
        "oversized" => "Oversized items",
        "stale" => "Stale items",
        "inflow_outflow" => "Inflow and outflow per week",
        "age" => "Backlog age",
        "type_mix" => "Type mix",
        "dependencies" => "Dependencies",
        "duplicates" => "Duplicate candidates",
        "poker" => "Planning-poker rounds",
        "estimators" => "Estimators",
        "buckets" => "Actuals per estimate",
        "correlations" => "Estimate–actual correlation",
        "outliers" => "Outliers",
        "re_estimated" => "Re-estimated items",
        _ => "",
    };
    if !curated.is_empty() {
        return curated.to_owned();
    }
    let words = name.replace('_', " ");
    let mut characters = words.chars();
    characters.next().map(|first| first.to_uppercase().chain(characters).collect()).unwrap_or_default()
}

/// `tables/<command>-<table>`: the command that writes the same table, so the file reads like
/// that command's output.
fn table_file_stem(section: &Section, name: &str) -> String {
    format!("tables/{}-{name}", section.command)
}

/// The manifest: what each file is.
#[derive(Serialize)]
struct Manifest<'a> {
    schema: &'static str,
    as_of: Option<&'a str>,
    inputs: &'a [String],
    files: Vec<ManifestEntry>,
    left_out: Vec<String>,
}

#[derive(Serialize)]
struct ManifestEntry {
    path: String,
    kind: &'static str,
    section: &'static str,
    rows: Option<usize>,
}

/// Writes every output file of the report into `folder`, the manifest last (listing the files
/// in a fixed order).
pub fn render_report(
    analyses: &Analyses,
    sections: &[Section],
    context: &ReportContext,
    options: &ReportOptions,
    folder: &dyn ReportFolder,
) -> Result<(), RenderError> {
    let mut entries = Vec::new();
    let findings = attention::attention(analyses, context.max_rows);
    let lines = backlog_lines::backlog_lines(analyses, context.max_rows);
    let page = page::Page {
        sections,
        attention: &findings,
        lines: &lines,
        ranked: analyses.prioritization.ranking.items.len(),
        links: links::ItemLinks::new(&analyses.item_urls),
        quality: &analyses.data_quality,
    };
    if options.html {
        write_bytes(folder, "index.html", html::render_html(context, &page).as_bytes())?;
        entries.push(ManifestEntry { path: "index.html".into(), kind: "html", section: "all", rows: None });
    }
    if options.markdown {
        write_bytes(folder, "report.md", markdown::render_markdown(context, &page).as_bytes())?;
        entries.push(ManifestEntry {
            path: "report.md".into(),
            kind: "markdown",
            section: "all",
            rows: None,
        });
    }
    let tables: Vec<(&Section, &(&'static str, Records))> = sections
        .iter()
        .flat_map(|section| section.tables.iter().map(move |table| (section, table)))
        .collect();
    let written: Vec<Vec<ManifestEntry>> = tables
        .par_iter()
        .map(|(section, table)| table_files(section, table, context, options, folder))
        .collect::<Result<_, _>>()?;
    entries.extend(written.into_iter().flatten());
    for section in sections {
        for chart in &section.charts {
            let images =
                [(ImageFormat::Svg, Some(chart.svg.as_bytes())), (ImageFormat::Png, chart.png.as_deref())];
            for (format, bytes) in images.into_iter().filter_map(|(format, bytes)| Some((format, bytes?))) {
                let path = format!("charts/{}.{}", chart.name, format.extension());
                write_bytes(folder, &path, bytes)?;
                entries.push(ManifestEntry {
                    path,
                    kind: format.extension(),
                    section: section.id,
                    rows: None,
                });
            }
        }
    }
    let manifest = Manifest {
        schema: "refine.report/1",
        as_of: context.as_of.as_deref(),
        inputs: &context.inputs,
        files: entries,
        left_out: analyses.skipped.iter().map(ToString::to_string).collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    bytes.push(b'\n');
    let bytes = crate::control_characters::escape_json_control_characters(bytes);
    write_bytes(folder, MANIFEST, &bytes)
}

/// Writes the file `path` holding `bytes`.
fn write_bytes(folder: &dyn ReportFolder, path: &str, bytes: &[u8]) -> Result<(), RenderError> {
    write_file(folder, path, &mut |out| out.write_all(bytes))
}

/// Writes the file `path` through `write`, naming the file in an error.
fn write_file(
    folder: &dyn ReportFolder,
    path: &str,
    write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> Result<(), RenderError> {
    folder.write_file(path, write).map_err(|source| RenderError::Write { path: path.to_owned(), source })
}

/// Writes a table's CSV (formula-neutralised, for spreadsheets) and JSON (the command's
/// envelope with this one table), each row by row; returns their manifest entries.
fn table_files(
    section: &Section,
    table: &(&'static str, Records),
    context: &ReportContext,
    options: &ReportOptions,
    folder: &dyn ReportFolder,
) -> Result<Vec<ManifestEntry>, RenderError> {
    let (name, records) = table;
    let stem = table_file_stem(section, name);
    let mut entries = Vec::new();
    let entry =
        |path: String, kind, rows| ManifestEntry { path, kind, section: section.id, rows: Some(rows) };
    if options.csv {
        let path = format!("{stem}.csv");
        let mut rows = 0;
        write_file(folder, &path, &mut |out| {
            rows = write_csv(records, out)?;
            Ok(())
        })?;
        entries.push(entry(path, "csv", rows));
    }
    if options.json {
        let envelope = Envelope {
            command: section.command,
            as_of: context.as_of.as_deref(),
            inputs: &context.inputs,
            warnings: &section.warnings,
        };
        let path = format!("{stem}.json");
        write_file(folder, &path, &mut |out| envelope.write([(*name, TableJson(records))], out))?;
        entries.push(entry(path, "json", records.rows.len()));
    }
    Ok(entries)
}

#[cfg(test)]
mod render_tests;
