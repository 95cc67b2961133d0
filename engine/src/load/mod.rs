//! Reading inputs: each file's format is detected from its content (CSV header, JSON shape,
//! Parquet magic), never from its name, and one module per format turns it into canonical
//! frames.
//!
//! CSV formats read the file into a [`TextTable`] and map its columns with a
//! [`FrameBuilder`](frame_builder::FrameBuilder); JSON formats flatten their records into a
//! [`TextTable`] too, so every value of every format is parsed and checked by the same code and
//! every problem names file, row (or record) and column.

mod azure_devops;
mod canonical;
mod cell_checks;
mod csv_chunks;
mod derived;
pub mod description;
mod detect;
mod effort_estimates;
pub mod error;
mod feedback;
pub mod feedback_stream;
pub mod frame_builder;
mod github;
mod jira_common;
mod jira_csv;
mod jira_json;
pub mod json;
mod linear;
mod mapped;
mod poker_votes;
pub mod settings;
mod sniff;
mod sprint_report;
mod survey;
#[cfg(test)]
mod test_support;
pub mod text_table;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use polars::prelude::*;
use rayon::prelude::*;
use serde::Serialize;

pub use self::detect::{FORMATS, Format};
pub use self::error::{LoadError, Location, Problem};
pub use self::feedback_stream::{FeedbackBatch, FeedbackStream};
use self::frame_builder::BuiltFrame;
pub use self::json::JsonDocument;
use self::settings::SourceSettings;
pub use self::text_table::TextTable;
use crate::model::{self, Table};

/// What loading needs besides the file.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// What the loaders read of `refine.toml`.
    pub source: SourceSettings,
    /// Fail on the first bad row instead of skipping it.
    pub strict: bool,
    /// The canonical columns the run's analyses read, by table (the analyses read seven of
    /// the feedback's ten; the caller says which); tables not named are read whole. A
    /// loader that knows before the read which source column fills which canonical column (the
    /// feedback CSV, canonical CSVs) leaves out the source columns of the other optional text
    /// columns, which stay empty. Only text columns are left out because a text cell cannot be
    /// a bad value, so the same rows load either way (a cell that is not read is not checked
    /// for UTF-8 either).
    pub columns_read: BTreeMap<Table, &'static [&'static str]>,
    /// Leave feedback files (feedback CSVs, app-store reviews, canonical feedback CSV and
    /// Parquet) unread at load, each kept as a [`FeedbackStream`] to read in batches later
    /// ([`Loaded::stream`]), so that the feedback is never whole in memory. Only a run that
    /// reads the feedback through [`Workspace::feedback_streams`] sets it.
    pub feedback_in_batches: bool,
}

impl LoadOptions {
    /// Whether the source column of `table.column` may be left unread: an optional text column
    /// that [`LoadOptions::columns_read`] does not name for a table it names.
    pub fn leaves_unread(&self, table: Table, column: &str) -> bool {
        let is_optional_text = (table.column(column))
            .is_some_and(|spec| !spec.required && spec.column_type == model::ColumnType::Text);
        let is_read = self.columns_read.get(&table).is_none_or(|read| read.contains(&column));
        is_optional_text && !is_read
    }
}

/// One source column (or JSON field) and the canonical column it fills, if any.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct SourceColumn {
    /// The header or JSON field as the file names it.
    pub source: String,
    /// `table.column`, or `None` when refine does not use it.
    pub target: Option<String>,
}

impl SourceColumn {
    /// `source` fills `table.column`.
    pub fn new(source: &str, table: Table, column: &str) -> Self {
        SourceColumn { source: source.to_owned(), target: Some(format!("{table}.{column}")) }
    }

    /// `source` is not used.
    pub fn unmapped(source: &str) -> Self {
        SourceColumn { source: source.to_owned(), target: None }
    }
}

/// What a format loader made of one file.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// Canonical frames, by table.
    pub tables: BTreeMap<Table, DataFrame>,
    /// Records read from the file (before any was skipped).
    pub records: usize,
    /// How source columns map to canonical ones, in source order.
    pub columns: Vec<SourceColumn>,
    /// Problems in detail.
    pub problems: Vec<Problem>,
    /// Every problem, including those not kept in detail.
    pub problem_count: usize,
    /// Records skipped: because of a problem, or left out on purpose by the format (pull requests
    /// in a GitHub issue list).
    pub skipped_records: usize,
    /// Of the skipped records, those left out on purpose (no problem of the data).
    pub left_out_records: usize,
    /// The file's feedback, left to be read in batches
    /// ([`LoadOptions::feedback_in_batches`]); until it is, the counts above are zero.
    pub stream: Option<FeedbackStream>,
    /// The earliest and latest timestamp of the rows read in batches, which are in no table.
    pub batch_dates: Option<(i64, i64)>,
}

impl Loaded {
    /// Records skipped because of a problem: [`Loaded::skipped_records`] but those left out on
    /// purpose.
    pub fn rejected_records(&self) -> usize {
        self.skipped_records - self.left_out_records
    }

    /// Adds what reading one batch of this file's `table` found (records, problems, skipped
    /// rows, the column mapping when there is none yet) and the dates of its `rows`.
    pub fn absorb(&mut self, batch: Loaded, table: Table, rows: &DataFrame) {
        self.records += batch.records;
        self.skipped_records += batch.skipped_records;
        self.left_out_records += batch.left_out_records;
        self.problem_count += batch.problem_count;
        let room = frame_builder::PROBLEM_DETAIL_LIMIT.saturating_sub(self.problems.len());
        self.problems.extend(batch.problems.into_iter().take(room));
        if self.columns.is_empty() {
            self.columns = batch.columns;
        }
        self.batch_dates = widen(self.batch_dates, timestamp_range(table, rows));
    }

    /// Adds a frame built for `table`, with its problems and column mapping.
    pub fn add(&mut self, table: Table, built: BuiltFrame) {
        self.problems.extend(built.problems);
        self.problems.truncate(frame_builder::PROBLEM_DETAIL_LIMIT);
        self.problem_count += built.problem_count;
        self.skipped_records += built.skipped_rows;
        // A set of what is listed already: a Jira export can have tens of thousands of columns.
        let mut listed: HashSet<SourceColumn> = self.columns.iter().cloned().collect();
        for column in built.columns {
            if listed.insert(column.clone()) {
                self.columns.push(column);
            }
        }
        self.insert(table, built.frame);
    }

    /// Adds a canonical frame (appended to any frame of the same table already there).
    pub fn insert(&mut self, table: Table, frame: DataFrame) {
        match self.tables.remove(&table) {
            Some(mut existing) => {
                // Both frames are conformed to the same schema, so stacking cannot fail.
                existing.vstack_mut(&frame).expect("conformed frames stack");
                self.tables.insert(table, existing);
            }
            None => {
                self.tables.insert(table, frame);
            }
        }
    }

    /// Puts the column mapping in the file's header order and adds the headers no canonical
    /// column uses.
    /// Linear in the headers (a Jira export can have tens of thousands of columns).
    pub fn note_unmapped(&mut self, headers: &[String]) {
        let mut first_position: HashMap<&str, usize> = HashMap::with_capacity(headers.len());
        for (position, header) in headers.iter().enumerate() {
            first_position.entry(header.as_str()).or_insert(position);
        }
        let mapped: HashSet<&str> = self.columns.iter().map(|column| column.source.as_str()).collect();
        let unmapped: Vec<SourceColumn> = (headers.iter().enumerate())
            .filter(|&(position, header)| {
                first_position[header.as_str()] == position && !mapped.contains(header.as_str())
            })
            .map(|(_, header)| SourceColumn::unmapped(header))
            .collect();
        self.columns.extend(unmapped);
        let position = |source: &str| first_position.get(source).copied().unwrap_or(usize::MAX);
        self.columns.sort_by_cached_key(|column| position(&column.source));
    }
}

/// One input file, loaded.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    /// The file.
    pub path: PathBuf,
    /// Its detected format.
    pub format: Format,
    /// What was read.
    pub loaded: Loaded,
}

impl LoadedFile {
    /// Earliest and latest timestamp in any table of the file, or of its rows read in batches
    /// (UTC milliseconds).
    pub fn date_range(&self) -> Option<(i64, i64)> {
        (self.loaded.tables.iter())
            .map(|(&table, frame)| timestamp_range(table, frame))
            .fold(self.loaded.batch_dates, widen)
    }
}

/// Earliest and latest timestamp in any timestamp column of `frame`, a frame of `table`.
fn timestamp_range(table: Table, frame: &DataFrame) -> Option<(i64, i64)> {
    let mut range = None;
    for spec in table.columns().iter().filter(|spec| spec.column_type == model::ColumnType::Timestamp) {
        let Ok(column) = frame.column(spec.name) else { continue };
        let Ok(millis) = column.cast(&DataType::Int64) else { continue };
        let Ok(millis) = millis.i64() else { continue };
        if let (Some(low), Some(high)) = (millis.min(), millis.max()) {
            range = widen(range, Some((low, high)));
        }
    }
    range
}

/// The range that holds both.
fn widen(range: Option<(i64, i64)>, other: Option<(i64, i64)>) -> Option<(i64, i64)> {
    match (range, other) {
        (Some((a, b)), Some((low, high))) => Some((a.min(low), b.max(high))),
        (range, other) => range.or(other),
    }
}

/// Every input, loaded and merged into one set of canonical tables.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// Each file with what it gave, in input order.
    pub files: Vec<LoadedFile>,
    /// The canonical tables, every file's rows together (input order kept).
    pub tables: BTreeMap<Table, DataFrame>,
}

impl Workspace {
    /// The latest timestamp in any input: the default as-of date, so that the same inputs
    /// always give the same figures.
    pub fn latest_timestamp(&self) -> Option<i64> {
        latest_timestamp(&self.files)
    }

    /// The feedback files left to be read in batches, in input order
    /// ([`LoadOptions::feedback_in_batches`]).
    pub fn feedback_streams(&self) -> impl Iterator<Item = &FeedbackStream> {
        self.files.iter().filter_map(|file| file.loaded.stream.as_ref())
    }

    /// The frame of `table`: every loaded row, or an empty canonical frame.
    pub fn table(&self, table: Table) -> DataFrame {
        self.tables.get(&table).cloned().unwrap_or_else(|| table.empty_frame())
    }
}

/// The latest timestamp in any of `files`.
pub fn latest_timestamp(files: &[LoadedFile]) -> Option<i64> {
    files.iter().filter_map(LoadedFile::date_range).map(|(_, latest)| latest).max()
}

/// Loads every input (a folder means every file in it, in name order, hidden files left out),
/// files in parallel, and merges what they hold. A folder with nothing to read is an error
/// ([`LoadError::NothingToRead`]): an empty result would look like an empty backlog.
pub fn load_inputs(inputs: &[PathBuf], options: &LoadOptions) -> Result<Workspace, LoadError> {
    let paths = expand_inputs(inputs)?;
    let files = paths.par_iter().map(|path| load_file(path, options)).collect::<Result<Vec<_>, _>>()?;
    let mut merged = Loaded::default();
    for file in &files {
        for (&table, frame) in &file.loaded.tables {
            merged.insert(table, frame.clone());
        }
    }
    Ok(Workspace { files, tables: merged.tables })
}

/// The files an input list names: files as given, folders expanded (not recursively; only
/// regular files, hidden files and documentation left out). A folder that gives no file is
/// [`LoadError::NothingToRead`], naming what it holds.
pub fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    let mut paths = Vec::new();
    for input in inputs {
        let io_error = |cause| LoadError::Io { path: input.clone(), cause };
        if input.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(input)
                .map_err(io_error)?
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.is_file())
                .collect();
            entries.sort();
            let (left_out, read): (Vec<PathBuf>, Vec<PathBuf>) =
                entries.into_iter().partition(|path| is_hidden_or_doc(path));
            if read.is_empty() {
                let left_out = left_out
                    .iter()
                    .filter_map(|path| path.file_name())
                    .map(|name| name.to_string_lossy().into_owned())
                    .collect();
                return Err(LoadError::NothingToRead { path: input.clone(), left_out });
            }
            paths.extend(read);
        } else {
            std::fs::metadata(input).map_err(io_error)?;
            paths.push(input.clone());
        }
    }
    Ok(paths)
}

/// Files a folder of exports holds beside the data: hidden files, READMEs, `refine.toml`.
fn is_hidden_or_doc(path: &Path) -> bool {
    let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
    let extension = path.extension().and_then(|extension| extension.to_str()).unwrap_or_default();
    name.starts_with('.') || matches!(extension.to_ascii_lowercase().as_str(), "md" | "txt" | "toml")
}

/// Loads one file: detects its format from its content and runs that format's loader.
pub fn load_file(path: &Path, options: &LoadOptions) -> Result<LoadedFile, LoadError> {
    let (format, loaded) = detect::detect_and_load(path, options)?;
    Ok(LoadedFile { path: path.to_owned(), format, loaded })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::test_support::headers;

    #[test]
    fn unmapped_headers_are_listed_once_in_header_order() {
        let mut loaded =
            Loaded { columns: vec![SourceColumn::new("Key", Table::Items, "key")], ..Loaded::default() };
        loaded.note_unmapped(&headers(&["Owner", "Key", "Sprint", "Owner", "Sprint"]));
        let listed: Vec<_> =
            loaded.columns.iter().map(|column| (column.source.as_str(), column.target.is_some())).collect();
        assert_eq!(listed, [("Owner", false), ("Key", true), ("Sprint", false)]);
    }

    #[test]
    fn an_input_folder_with_nothing_to_read_is_an_error_naming_what_it_holds() {
        let folder = tempfile::tempdir().unwrap();
        std::fs::write(folder.path().join("README.md"), "# notes").unwrap();
        std::fs::write(folder.path().join(".hidden.csv"), "key\nA-1\n").unwrap();
        let error = expand_inputs(&[folder.path().to_owned()]).unwrap_err();
        let LoadError::NothingToRead { path, left_out } = error else { panic!("{error}") };
        assert_eq!(path, folder.path());
        assert_eq!(left_out, [".hidden.csv", "README.md"]);
        let empty = tempfile::tempdir().unwrap();
        let error = load_inputs(&[empty.path().to_owned()], &LoadOptions::default()).unwrap_err();
        assert!(
            matches!(error, LoadError::NothingToRead { ref left_out, .. } if left_out.is_empty()),
            "{error}"
        );
    }
}
