//! Helpers for the loaders' unit tests: building text tables, loading content through the
//! whole detection path, and reading single values out of canonical frames.

#![allow(clippy::unwrap_used, missing_docs)]

use std::path::Path;

use polars::prelude::*;

use crate::load::{LoadError, LoadOptions, LoadedFile, TextTable, load_file};

/// Header names as a loader gets them.
pub fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

/// A text table from string cells at spreadsheet rows 2, 3, ...; empty cells are null.
pub fn text_table(headers: &[&str], rows: &[&[&str]]) -> TextTable {
    let rows: Vec<Vec<Option<String>>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| (!cell.is_empty()).then(|| (*cell).to_owned())).collect())
        .collect();
    TextTable::from_rows(
        Path::new("t.csv"),
        headers.iter().map(|header| (*header).to_owned()).collect(),
        &rows,
    )
}

/// Loads `content` written to a file named `name` in a fresh folder, through detection.
pub fn try_load_content(
    name: &str,
    content: impl AsRef<[u8]>,
    options: &LoadOptions,
) -> Result<LoadedFile, LoadError> {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join(name);
    std::fs::write(&path, content).unwrap();
    load_file(&path, options)
}

/// [`try_load_content`] for content that must load.
pub fn load_content(name: &str, content: impl AsRef<[u8]>, options: &LoadOptions) -> LoadedFile {
    try_load_content(name, content, options).unwrap()
}

/// The row of `frame` whose `key` is `key`.
pub fn row_of(frame: &DataFrame, key: &str) -> usize {
    let keys = frame.column("key").unwrap().str().unwrap();
    keys.iter().position(|value| value == Some(key)).unwrap_or_else(|| panic!("no item {key}"))
}

pub fn text(frame: &DataFrame, column: &str, row: usize) -> Option<String> {
    frame.column(column).unwrap().str().unwrap().get(row).map(str::to_owned)
}

pub fn texts(frame: &DataFrame, column: &str) -> Vec<Option<String>> {
    frame.column(column).unwrap().str().unwrap().iter().map(|value| value.map(str::to_owned)).collect()
}

pub fn list(frame: &DataFrame, column: &str, row: usize) -> Vec<String> {
    let values = frame.column(column).unwrap().list().unwrap().get_as_series(row).unwrap();
    values.str().unwrap().iter().flatten().map(str::to_owned).collect()
}

pub fn integer(frame: &DataFrame, column: &str, row: usize) -> Option<i64> {
    frame.column(column).unwrap().i64().unwrap().get(row)
}

pub fn number(frame: &DataFrame, column: &str, row: usize) -> Option<f64> {
    frame.column(column).unwrap().f64().unwrap().get(row)
}

pub fn boolean(frame: &DataFrame, column: &str, row: usize) -> Option<bool> {
    frame.column(column).unwrap().bool().unwrap().get(row)
}

/// A timestamp column's value as RFC 3339 text, to compare with what the file says.
pub fn instant(frame: &DataFrame, column: &str, row: usize) -> Option<String> {
    let millis = frame.column(column).unwrap().cast(&DataType::Int64).unwrap().i64().unwrap().get(row)?;
    let moment = chrono::DateTime::from_timestamp_millis(millis).unwrap();
    Some(moment.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}
