//! refine's canonical tables as CSV, JSON (or JSON Lines) and Parquet: what `refine` itself
//! writes, and the simplest way to feed it data from anywhere.
//!
//! CSV and JSON files are recognised by their column names (every required column of a table
//! and mostly that table's columns); list columns are `;`-separated in CSV and arrays in JSON.
//! Parquet files are recognised the same way and cast to the canonical types.

use std::path::Path;

use polars::prelude::*;

use super::error::LoadError;
use super::json::{self, JsonDocument};
use super::mapped::load_columns;
use super::text_table::{TextTable, header_position};
use super::{LoadOptions, Loaded, SourceColumn};
use crate::model::{self, ColumnType, Table};

/// Tables in the order detection tries them: those with the most required columns first, so a
/// votes file (key, estimator, value) is not taken for items (key).
const DETECTION_ORDER: [Table; 7] = [
    Table::Votes,
    Table::History,
    Table::Links,
    Table::Survey,
    Table::Sprints,
    Table::Feedback,
    Table::Items,
];

/// The separator of list cells in canonical CSV.
pub const LIST_SEPARATOR: char = ';';

/// The canonical table whose columns these are: all its required ones, and at least half of
/// the names are its columns.
pub fn table_of_columns<'a>(names: impl Iterator<Item = &'a str> + Clone) -> Option<Table> {
    DETECTION_ORDER.into_iter().find(|table| {
        let known = |name: &str| table.column(&name.to_ascii_lowercase()).is_some();
        let total = names.clone().count();
        let matching = names.clone().filter(|name| known(name)).count();
        let has_required = table
            .columns()
            .iter()
            .filter(|spec| spec.required)
            .all(|spec| names.clone().any(|name| name.eq_ignore_ascii_case(spec.name)));
        has_required && matching * 2 >= total
    })
}

/// The canonical table a CSV header describes.
pub fn table_of_headers(headers: &[String]) -> Option<Table> {
    table_of_columns(headers.iter().map(String::as_str))
}

/// The canonical table a JSON document holds: named by its envelope key, or by its fields.
pub fn table_of_json(document: &JsonDocument) -> Option<Table> {
    let named = document.records_key.as_deref().and_then(Table::from_name);
    named.or_else(|| {
        document.first_object().and_then(|object| table_of_columns(object.keys().map(String::as_str)))
    })
}

/// Loads a canonical CSV of `table`.
pub fn load_csv(text: &TextTable, table: Table, options: &LoadOptions) -> Result<Loaded, LoadError> {
    load_columns(text, table, csv_columns(table, &text.headers), Some(LIST_SEPARATOR), options)
}

/// The canonical columns of a CSV of `table` with `headers`, each with its header's position.
pub fn csv_columns(table: Table, headers: &[String]) -> Vec<(&'static str, usize)> {
    table
        .columns()
        .iter()
        .filter_map(|spec| Some((spec.name, header_position(headers, spec.name)?)))
        .collect()
}

/// Loads canonical JSON records of `table`.
pub fn load_json(
    path: &Path,
    document: &JsonDocument,
    table: Table,
    options: &LoadOptions,
) -> Result<Loaded, LoadError> {
    let headers: Vec<String> = table.columns().iter().map(|spec| spec.name.to_owned()).collect();
    let rows: Vec<Vec<Option<String>>> = document
        .records
        .iter()
        .map(|record| {
            table
                .columns()
                .iter()
                .map(|spec| {
                    let value = record.get(spec.name);
                    match (spec.column_type, value) {
                        (ColumnType::TextList, Some(serde_json::Value::Array(values))) => {
                            json::list_cell(values.iter().filter_map(serde_json::Value::as_str))
                        }
                        _ => json::cell(value),
                    }
                })
                .collect()
        })
        .collect();
    let text = TextTable::from_located_rows(path, headers, &rows, document.locations.clone());
    let present: Vec<(&'static str, usize)> = table
        .columns()
        .iter()
        .enumerate()
        .filter(|(_, spec)| document.records.iter().any(|record| record.get(spec.name).is_some()))
        .map(|(position, spec)| (spec.name, position))
        .collect();
    let mut loaded = load_columns(&text, table, present, Some(json::LIST_SEPARATOR), options)?;
    loaded
        .columns
        .retain(|column| document.records.iter().any(|record| record.get(&column.source).is_some()));
    Ok(loaded)
}

/// Loads a canonical Parquet file.
pub fn load_parquet(path: &Path) -> Result<Loaded, LoadError> {
    let file = std::fs::File::open(path).map_err(|cause| LoadError::Io { path: path.to_owned(), cause })?;
    let frame = ParquetReader::new(file).finish().map_err(LoadError::frame(path))?;
    let names: Vec<String> = frame.get_column_names().iter().map(|name| name.to_string()).collect();
    let table = table_of_headers(&names).ok_or_else(|| LoadError::UnknownFormat {
        path: path.to_owned(),
        found: format!("Parquet with columns {}", super::list_for_message(&names)),
        known: "Parquet files of refine's canonical tables".to_owned(),
    })?;
    let conformed = model::conform(table, frame).map_err(LoadError::frame(path))?;
    let mut loaded = Loaded { records: conformed.height(), ..Loaded::default() };
    for name in &names {
        loaded.columns.push(match table.column(name) {
            Some(spec) => SourceColumn::new(name, table, spec.name),
            None => SourceColumn::unmapped(name),
        });
    }
    loaded.insert(table, conformed);
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::test_support::try_load_content;
    use crate::load::{Format, load_file};
    use crate::model::{items, votes};

    fn load(name: &str, content: &[u8]) -> Result<crate::load::LoadedFile, LoadError> {
        try_load_content(name, content, &LoadOptions::default())
    }

    #[test]
    fn detection_prefers_the_table_with_more_required_columns() {
        let headers = |names: &[&str]| names.iter().map(|name| (*name).to_owned()).collect::<Vec<_>>();
        assert_eq!(table_of_headers(&headers(&["key", "estimator", "value", "round"])), Some(Table::Votes));
        assert_eq!(table_of_headers(&headers(&["key", "title", "estimate"])), Some(Table::Items));
        assert_eq!(table_of_headers(&headers(&["key", "a", "b", "c"])), None);
    }

    #[test]
    fn canonical_items_csv_with_lists_and_derived_columns() {
        let file = load(
            "anything.txt",
            b"key,title,status,labels,description\nA-1,Login,Done,ui;auth,\"Given x\nWhen y\nThen z\"\nA-2,Logout,To Do,,\n",
        )
        .unwrap();
        assert_eq!(file.format, Format::CanonicalCsv);
        let frame = &file.loaded.tables[&Table::Items];
        assert_eq!(frame.column(items::STATUS_CATEGORY).unwrap().str().unwrap().get(0), Some("done"));
        assert_eq!(frame.column(items::HAS_ACCEPTANCE_CRITERIA).unwrap().bool().unwrap().get(0), Some(true));
        assert_eq!(frame.column(items::HAS_ACCEPTANCE_CRITERIA).unwrap().bool().unwrap().get(1), Some(false));
        assert_eq!(frame.column(items::LABELS).unwrap().list().unwrap().get_as_series(0).unwrap().len(), 2);
    }

    #[test]
    fn canonical_votes_json_lines() {
        let file = load(
            "votes.jsonl",
            b"{\"key\":\"A-1\",\"estimator\":\"ann\",\"value\":\"5\",\"round\":1}\n{\"key\":\"A-1\",\"estimator\":\"bob\",\"value\":\"?\"}\n",
        )
        .unwrap();
        assert_eq!(file.format, Format::CanonicalJson);
        let frame = &file.loaded.tables[&Table::Votes];
        assert_eq!(frame.height(), 2);
        assert_eq!(frame.column(votes::VALUE).unwrap().str().unwrap().get(1), Some("?"));
        assert_eq!(frame.column(votes::ROUND).unwrap().i64().unwrap().get(1), None);
    }

    #[test]
    fn canonical_json_problem_names_the_record() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("items.json");
        std::fs::write(&path, br#"{"items":[{"key":"A-1","estimate":3},{"key":"A-2","estimate":"big"}]}"#)
            .unwrap();
        let file = load_file(&path, &LoadOptions::default()).unwrap();
        assert_eq!(file.loaded.skipped_records, 1);
        assert_eq!(file.loaded.problems[0].location, crate::load::Location::Record(2));
        assert_eq!(file.loaded.problems[0].column.as_deref(), Some("estimate"));
    }

    #[test]
    fn canonical_parquet_round_trip() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("items.parquet");
        let mut frame = df!("key" => ["A-1", "A-2"], "estimate" => [Some(3.0), None]).unwrap();
        ParquetWriter::new(std::fs::File::create(&path).unwrap()).finish(&mut frame).unwrap();
        let file = load_file(&path, &LoadOptions::default()).unwrap();
        assert_eq!(file.format, Format::CanonicalParquet);
        assert_eq!(file.loaded.tables[&Table::Items].height(), 2);
    }
}
