//! What `refine inspect` reports about each input: the detected format, the tables and rows it
//! gave, how each source column maps to a canonical column, the date range and the problems.
//!
//! A file that cannot be loaded is reported with its error beside the others, so one bad export
//! in a folder does not hide what the rest hold.

use std::path::PathBuf;

use serde::Serialize;

use crate::load::settings::ColumnMapping;
use crate::load::{LoadError, LoadedFile, Problem, SourceColumn};
use crate::model::dates;
use crate::model::{Table, items};

/// The report over every input.
#[derive(Debug, Clone, Serialize)]
pub struct InspectReport {
    /// The latest timestamp in the inputs: the default `--as-of` of every other command.
    pub as_of: Option<String>,
    /// One entry per file, in input order.
    pub files: Vec<FileReport>,
}

impl InspectReport {
    /// Whether any file could not be loaded.
    pub fn has_errors(&self) -> bool {
        self.files.iter().any(|file| file.error.is_some())
    }
}

/// What one file holds, or why it could not be read.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// The file as given or found in a folder.
    pub path: PathBuf,
    /// The detected format's name (`jira-csv`, ...), when detected.
    pub format: Option<&'static str>,
    /// The detected format, for people.
    pub format_description: Option<&'static str>,
    /// Rows per canonical table.
    pub tables: Vec<TableRows>,
    /// Records read from the file.
    pub records: usize,
    /// Records skipped because of a problem.
    pub skipped_records: usize,
    /// Source columns that fill canonical columns, in file order.
    pub mapped_columns: Vec<ColumnUse>,
    /// Source columns refine does not use.
    pub unmapped_columns: Vec<String>,
    /// Earliest timestamp in the file (ISO 8601, UTC).
    pub first_date: Option<String>,
    /// Latest timestamp in the file (ISO 8601, UTC).
    pub last_date: Option<String>,
    /// Problems in detail (the first ones).
    pub problems: Vec<Problem>,
    /// Every problem, including those not listed.
    pub problem_count: usize,
    /// What a reader should know about how the file was read (items keyed by their rows).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Why the file could not be loaded.
    pub error: Option<String>,
}

/// One source column and every canonical column it fills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnUse {
    /// The header or JSON field as the file names it.
    pub source: String,
    /// `table.column` names, in the order the loader filled them.
    pub targets: Vec<String>,
}

/// Groups a loader's column mapping by source column, keeping the first appearance's order.
fn group_by_source(columns: Vec<SourceColumn>) -> Vec<ColumnUse> {
    let mut uses: Vec<ColumnUse> = Vec::new();
    for column in columns {
        let Some(target) = column.target else { continue };
        match uses.iter_mut().find(|known| known.source == column.source) {
            Some(known) if known.targets.contains(&target) => {}
            Some(known) => known.targets.push(target),
            None => uses.push(ColumnUse { source: column.source, targets: vec![target] }),
        }
    }
    uses
}

/// Rows of one canonical table.
#[derive(Debug, Clone, Serialize)]
pub struct TableRows {
    /// The table's name.
    pub table: &'static str,
    /// Its rows from this file.
    pub rows: usize,
}

/// Builds the report from each file's load result.
pub fn inspect(results: Vec<(PathBuf, Result<LoadedFile, LoadError>)>) -> InspectReport {
    let files: Vec<FileReport> =
        results.into_iter().map(|(path, result)| file_report(path, result)).collect();
    let as_of = files.iter().filter_map(|file| file.last_date.clone()).max();
    InspectReport { as_of, files }
}

fn file_report(path: PathBuf, result: Result<LoadedFile, LoadError>) -> FileReport {
    match result {
        Ok(file) => {
            let (first, last) = file.date_range().map_or((None, None), |(low, high)| (Some(low), Some(high)));
            let notes = notes(&file);
            let loaded = file.loaded;
            let (mapped, unmapped): (Vec<_>, Vec<_>) =
                loaded.columns.into_iter().partition(|column| column.target.is_some());
            FileReport {
                path,
                format: Some(file.format.name()),
                format_description: Some(file.format.info().description),
                tables: loaded
                    .tables
                    .iter()
                    .map(|(table, frame)| TableRows { table: table.name(), rows: frame.height() })
                    .collect(),
                records: loaded.records,
                skipped_records: loaded.skipped_records,
                mapped_columns: group_by_source(mapped),
                unmapped_columns: unmapped.into_iter().map(|column| column.source).collect(),
                first_date: first.and_then(dates::iso),
                last_date: last.and_then(dates::iso),
                problems: loaded.problems,
                problem_count: loaded.problem_count,
                notes,
                error: None,
            }
        }
        Err(error) => FileReport {
            path,
            format: None,
            format_description: None,
            tables: Vec::new(),
            records: 0,
            skipped_records: 0,
            mapped_columns: Vec::new(),
            unmapped_columns: Vec::new(),
            first_date: None,
            last_date: None,
            problems: Vec::new(),
            problem_count: 0,
            notes: Vec::new(),
            error: Some(error.to_string()),
        },
    }
}

/// Notes on how the file was read: items keyed by their rows, with the first key as an example.
fn notes(file: &LoadedFile) -> Vec<String> {
    let keys_rows = file.loaded.columns.iter().any(|column| {
        column.source == ColumnMapping::ROW_KEY_SOURCE && column.target.as_deref() == Some("items.key")
    });
    if !keys_rows {
        return Vec::new();
    }
    let first_key = (file.loaded.tables.get(&Table::Items))
        .and_then(|frame| frame.column(items::KEY).ok()?.str().ok()?.get(0).map(str::to_owned));
    let example = first_key.map(|key| format!("; the first is {key}")).unwrap_or_default();
    vec![format!(
        "no key column (the mapping names no `key`): each item's key is the file's name and its row{example}"
    )]
}
